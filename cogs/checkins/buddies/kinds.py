"""The kind of DM check-in buddies get, as members consent to it.

A buddy grants it by accepting an invitation (the letters a shared check-in brings); a member
grants it by asking someone to be their buddy (their buddies' answers). It is withdrawn when
a member has no buddy left, either side. Consents are stored under this value, so a released
value never changes.
"""

BUDDY_KIND = "checkin_buddy"
