"""What the memory jar shows, without Discord: the author's words within Discord's embed
limits, named by a mention (which every send disables), dated for each reader's locale."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.interactions.embed_limits import EMBED_TOTAL_LIMIT, embed_size
from cogs.challenges.memory_jar import anniversary_embed, memory_embed

DONE_AT = datetime(2026, 6, 2, 8, tzinfo=UTC)


def text(key: str, /, **values: object) -> str:
    return f"{key}:" + ",".join(f"{k}={v}" for k, v in sorted(values.items()))


def test_a_memory_names_its_author_and_date_and_keeps_their_words() -> None:
    embed = memory_embed(text, words="We danced", challenge="Dance", user_id=42, done_at=DONE_AT)
    assert embed["description"] == "We danced"
    who, challenge = embed["fields"]
    assert who["value"] == f"memory_who:date=<t:{int(DONE_AT.timestamp())}:D>,member=<@42>"
    assert challenge["value"] == "Dance"


def test_long_words_fit_discords_limits() -> None:
    for build in (memory_embed, anniversary_embed):
        embed = build(text, words="x" * 9000, challenge="y" * 3000, user_id=1, done_at=DONE_AT)
        assert len(embed["description"]) <= 4096
        assert all(len(field["value"]) <= 1024 for field in embed["fields"])
        assert embed_size(embed) <= EMBED_TOTAL_LIMIT


def test_an_anniversary_has_its_own_title_and_footer() -> None:
    embed = anniversary_embed(text, words="w", challenge="c", user_id=1, done_at=DONE_AT)
    assert embed["title"] == "memory_anniversary_title:"
    assert embed["footer"] == {"text": "memory_anniversary_footer:"}
