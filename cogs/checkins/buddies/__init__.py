"""Check-in buddies: the invitation's buttons, sharing a check-in with a buddy, and the
buddy's answer. The commands and presses live in ``cogs.checkins.cog`` (``buddies``,
``sharing``); here are what their buttons say (``actions``), how they are drawn (``views``)
and the words of the letters (``letters``)."""
