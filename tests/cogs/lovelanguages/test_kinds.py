"""The consent kinds this feature sends under."""

from __future__ import annotations

from bot.app.content import Messages, content_root
from cogs.lovelanguages.kinds import ANONYMOUS_NOTE_KIND, KINDS, NOTE_KIND, NUDGE_KIND


def test_the_kinds_keep_the_values_members_consents_are_stored_under() -> None:
    # Members gave these consents before this module existed; a new spelling would
    # silently turn their notes and nudges off.
    assert (NOTE_KIND, ANONYMOUS_NOTE_KIND, NUDGE_KIND) == ("note", "anonymous_note", "nudge")


def test_every_kind_has_words_for_boundaries_show() -> None:
    messages = Messages.from_data_dir(content_root())
    labels = [messages.get(f"lovelanguages.kinds.{kind}") for kind in KINDS]
    assert set(KINDS) == {NOTE_KIND, ANONYMOUS_NOTE_KIND, NUDGE_KIND}
    assert len(set(labels)) == len(KINDS), "each kind reads differently"
