"""The SQL of love languages, one module per job; each hands out dataclasses.

``profiles`` (quiz progress and results, sharing, nudges, and the feature's data owner) and
``notes`` (appreciation notes, the daily anonymous limit and blocks). Nothing here touches
discord.
"""

from cogs.lovelanguages.repository.notes import Note, NoteStore, NoteVerdict
from cogs.lovelanguages.repository.profiles import Answered, LoveLanguageStore, Progress, Result

__all__ = [
    "Answered",
    "LoveLanguageStore",
    "Note",
    "NoteStore",
    "NoteVerdict",
    "Progress",
    "Result",
]
