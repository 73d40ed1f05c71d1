"""The ``notes`` option of ``/boundaries set``: one choice that stands for two kinds of DM.

The core stores consent as plain kind strings and knows none of them; this option grants or
withdraws the two kinds appreciation notes are sent as. Features never import each other, so
the feature that sends the notes spells the same strings, and a test holds the two together.

Pure: no discord import.
"""

from __future__ import annotations

import enum

NOTE_KIND = "note"
ANONYMOUS_NOTE_KIND = "anonymous_note"
#: The option's name in ``/mydata export``, beside the member's other boundaries.
EXPORT_NAME = "appreciation_notes"


class NotesSetting(enum.StrEnum):
    """Which appreciation notes a member accepts by DM."""

    OFF = "off"
    NAMED = "named"
    ANYONE = "anyone"  # named and anonymous

    @property
    def kinds(self) -> frozenset[str]:
        return {
            NotesSetting.OFF: frozenset(),
            NotesSetting.NAMED: frozenset({NOTE_KIND}),
            NotesSetting.ANYONE: frozenset({NOTE_KIND, ANONYMOUS_NOTE_KIND}),
        }[self]

    @classmethod
    def from_consents(cls, consents: frozenset[str]) -> NotesSetting:
        if ANONYMOUS_NOTE_KIND in consents:
            return cls.ANYONE
        return cls.NAMED if NOTE_KIND in consents else cls.OFF

    def consent_changes(self) -> dict[str, bool]:
        """Each note kind, granted or withdrawn; consent to any other kind is not touched."""
        return {kind: kind in self.kinds for kind in sorted(NotesSetting.ANYONE.kinds)}


def exported(consents: frozenset[str]) -> str:
    """The option as ``/mydata export`` shows it (``off``, ``named`` or ``anyone``)."""
    return NotesSetting.from_consents(consents).value
