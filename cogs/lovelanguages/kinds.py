"""The kinds of DM this feature sends, as members consent to them.

``/boundaries set notes:`` grants and withdraws the two note kinds; features never import
each other, so the same strings are spelled there too, and a test holds the two together.
``/lovelanguage nudges on`` grants the nudge kind. Consents are stored under these values,
so a released value never changes.
"""

NOTE_KIND = "note"
ANONYMOUS_NOTE_KIND = "anonymous_note"
NUDGE_KIND = "nudge"

#: Every kind this feature sends, each named for people in ``messages.json`` (``kinds.*``).
KINDS = (NUDGE_KIND, NOTE_KIND, ANONYMOUS_NOTE_KIND)
