"""The kind of DM check-ins send, as members consent to it.

``/checkin start`` grants it (the member asked for their own check-ins) and ``/checkin stop``
withdraws it. Consents are stored under this value, so a released value never changes.
"""

CHECKIN_KIND = "checkin"

#: Every kind this feature sends, each named for people in ``messages.json`` (``kinds.*``).
KINDS = (CHECKIN_KIND,)
