"""Whatever goes into an embed, what comes out of fit and pack is something Discord accepts."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.interactions.embed_limits import (
    ELLIPSIS,
    EMBED_TOTAL_LIMIT,
    EMBEDS_PER_MESSAGE,
    clip,
    embed_size,
    field_pages,
    fit,
    pack,
)

words = st.text(alphabet=st.sampled_from("ab <@>1 \n"), max_size=6000)
fields = st.lists(
    st.fixed_dictionaries({"name": st.text(max_size=400), "value": words, "inline": st.booleans()}),
    max_size=40,
)
embeds = st.fixed_dictionaries(
    {},
    optional={
        "title": st.text(max_size=400),
        "description": words,
        "fields": fields,
        "footer": st.fixed_dictionaries({"text": st.text(max_size=3000)}),
        "author": st.fixed_dictionaries({"name": st.text(max_size=400)}),
    },
)


def within_every_limit(embed: dict[str, Any]) -> bool:
    parts = [
        len(embed.get("title", "")) <= 256,
        len(embed.get("description", "")) <= 4096,
        len(embed.get("fields", [])) <= 25,
        all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in embed.get("fields", [])),
        len(embed.get("footer", {}).get("text", "")) <= 2048,
        len(embed.get("author", {}).get("name", "")) <= 256,
        embed_size(embed) <= EMBED_TOTAL_LIMIT,
    ]
    return all(parts)


@given(embeds)
@settings(max_examples=200, deadline=None)
def test_a_fitted_embed_is_within_every_limit(embed: dict[str, Any]) -> None:
    fitted = fit(embed)
    assert within_every_limit(fitted)
    if within_every_limit(embed):
        assert fitted == {**embed, **({"fields": embed["fields"]} if "fields" in embed else {})}


@given(st.lists(embeds, max_size=25))
@settings(max_examples=100, deadline=None)
def test_packed_messages_keep_every_embed_in_order_within_the_limits(
    many: list[dict[str, Any]],
) -> None:
    messages = pack(many)
    assert messages and len([e for m in messages for e in m]) == len(many)
    for message in messages:
        assert len(message) <= EMBEDS_PER_MESSAGE
        assert sum(embed_size(e) for e in message) <= EMBED_TOTAL_LIMIT
    titles = [e.get("title") for m in messages for e in m]
    assert titles == [fit(e).get("title") for e in many]


def test_clip_never_cuts_through_a_mention() -> None:
    mentions = " ".join(f"<@{n:018d}>" for n in range(60))
    clipped = clip(mentions, 1024)
    assert len(clipped) <= 1024 and clipped.endswith(ELLIPSIS)
    assert all(part.startswith("<@") and part.endswith(">") for part in clipped[:-1].split())
    assert clip("short", 10) == "short"
    assert clip("x" * 20, 10) == "x" * 9 + ELLIPSIS


def test_a_long_description_gives_way_before_the_fields() -> None:
    embed = {
        "description": "word " * 900,
        "fields": [{"name": f"n{i}", "value": "v" * 1000} for i in range(3)],
    }
    fitted = fit(embed)
    assert [f["value"] for f in fitted["fields"]] == ["v" * 1000] * 3
    assert embed_size(fitted) <= EMBED_TOTAL_LIMIT and fitted["description"].endswith(ELLIPSIS)


def test_a_long_list_is_split_into_embeds_within_discords_limits() -> None:
    fields = [(f"#channel-{n}-" + "n" * 300, "v" * 2000) for n in range(60)]
    pages = field_pages("Schedules", fields, colour=0x123456)
    assert len(pages) > 1 and pages[0]["title"] == "Schedules"
    assert all("title" not in page for page in pages[1:])
    assert all(embed_size(p) <= EMBED_TOTAL_LIMIT and len(p["fields"]) <= 25 for p in pages)
    shown = [f for p in pages for f in p["fields"]]
    assert len(shown) == 60
    assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in shown)
    assert shown[0]["value"].endswith("…")


def test_short_fields_fill_a_page_up_to_25() -> None:
    pages = field_pages("t", [(f"#{n}", "x") for n in range(26)], colour=0)
    assert [len(p["fields"]) for p in pages] == [25, 1]
