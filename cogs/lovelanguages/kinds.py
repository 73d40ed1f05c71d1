"""The kinds of DM this feature sends, as members consent to them.

``/boundaries set notes:`` grants and withdraws the two note kinds; features never import
each other, so the same strings are spelled there too, and a test holds the two together.
"""

NOTE_KIND = "note"
ANONYMOUS_NOTE_KIND = "anonymous_note"
