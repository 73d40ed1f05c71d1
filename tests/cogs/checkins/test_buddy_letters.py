"""The buddies' words and buttons as plain values: what a shared check-in's letter holds (the
mood word, the wish, a tip, never anything else), how an offer to share is laid out, and
what each button's ``custom_id`` carries (row ids only)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app.content import content_root
from cogs.checkins.buddies.actions import (
    INVITE_TEMPLATE,
    PICK_TEMPLATE,
    REPLY_TEMPLATE,
    SHARE_TEMPLATE,
    SUPPORT_TEMPLATE,
    InviteAction,
    ReplyAction,
    SharePress,
    invite_id,
    parse_buddyship,
    pick_id,
    reply_id,
)
from cogs.checkins.buddies.letters import (
    MAX_SHARE_BUTTONS,
    MAX_SHARE_OPTIONS,
    BuddyChoice,
    OfferLayout,
    buddy_list,
    cant_letter,
    offer_layout,
    offered,
    share_letter,
)
from cogs.checkins.content import CheckinContent, Label
from cogs.checkins.moods import Mood, Wish
from tests.cogs.checkins.test_content import UNSAFE

row_ids = st.integers(min_value=1, max_value=2**63 - 1)


def text(key: str, /, **values: object) -> str:
    """Stands for the feature's messages: the key and the values it was given, readable."""
    return f"[{key}]" + "".join(f" {name}={value}" for name, value in sorted(values.items()))


@pytest.fixture(scope="module")
def content() -> CheckinContent:
    return CheckinContent.from_data_dir(content_root())


def test_the_letter_holds_who_the_mood_word_the_wish_and_the_tip(content: CheckinContent) -> None:
    tip = content.buddy_tip(Mood.LOW, Wish.LISTEN)
    letter = share_letter(
        text, member="Ana", mention="<@1>", mood=content.moods[Mood.LOW],
        wish=content.wishes[Wish.LISTEN], tip=tip,
    )  # fmt: skip
    assert letter.splitlines() == [
        "[buddy.letter_head] mention=<@1> name=Ana",
        "[buddy.letter_mood] mood=🌥️ Low",
        "[buddy.letter_wish] wish=👂 Someone to listen",
        "",
        f"[buddy.letter_tip] tip={tip}",
        "",
        "[buddy.letter_ask]",
    ]


def test_a_letter_without_a_wish_says_nothing_about_one(content: CheckinContent) -> None:
    letter = share_letter(
        text, member="Ana", mention="<@1>", mood=Label("Good", "🌤️"), wish=None,
        tip=content.buddy_tip(Mood.GOOD, None),
    )  # fmt: skip
    assert "letter_wish" not in letter
    assert content.mood_tips[Mood.GOOD] in letter


def test_a_low_mood_tip_asks_listens_and_a_good_one_is_warm_and_curious(
    content: CheckinContent,
) -> None:
    low = content.buddy_tip(Mood.VERY_LOW, Wish.COMPANY).lower()
    assert all(w in low for w in ("ask", "listen without fixing", "one small step", "again later"))
    assert content.wish_tips[Wish.COMPANY].lower() in low
    good = content.buddy_tip(Mood.VERY_GOOD, Wish.NOTHING).lower()
    assert "warmth" in good
    assert "curiosity" in good
    assert content.buddy_tip(Mood.OKAY, None) == content.mood_tips[Mood.OKAY]


@pytest.mark.parametrize(
    ("buddies", "layout"),
    [(0, OfferLayout.NONE), (1, OfferLayout.BUTTONS), (4, OfferLayout.BUTTONS),
     (5, OfferLayout.SELECT), (30, OfferLayout.SELECT)],
)  # fmt: skip
def test_a_few_buddies_get_a_button_each_and_more_get_one_select(
    buddies: int, layout: OfferLayout
) -> None:
    assert offer_layout(buddies) is layout
    assert MAX_SHARE_BUTTONS == 4


def test_an_offer_never_holds_more_than_a_select_can() -> None:
    choices = [BuddyChoice(i, f"buddy {i}") for i in range(1, 31)]
    assert offered(choices) == choices[:MAX_SHARE_OPTIONS]
    assert len(offered(choices)) == 25


def test_cant_right_now_tells_only_that_and_offers_the_others_only_if_there_are_any() -> None:
    with_others = cant_letter(text, buddy="Ben", others=True).split("\n\n")
    assert with_others == [
        "[buddy.cant_letter] name=Ben",
        "[buddy.cant_others]",
        "[buddy.cant_support]",
    ]
    alone = cant_letter(text, buddy="Ben", others=False).split("\n\n")
    assert alone == ["[buddy.cant_letter] name=Ben", "[buddy.cant_support]"]


def test_the_list_shows_each_part_only_when_someone_is_in_it() -> None:
    assert buddy_list(text, mine=[], waiting=[], theirs=[]) == "[buddy.list_empty]"
    assert buddy_list(text, mine=["Ben", "Cal"], waiting=[], theirs=["Dee"]).splitlines() == [
        "[buddy.list_mine] names=Ben, Cal",
        "[buddy.list_theirs] names=Dee",
    ]


@given(row_ids, st.sampled_from(InviteAction), st.sampled_from(ReplyAction))
def test_each_custom_id_reads_back_as_what_it_was_built_from(
    row_id: int, invite: InviteAction, reply: ReplyAction
) -> None:
    for custom_id, template, action in (
        (invite_id(invite, row_id), INVITE_TEMPLATE, invite),
        (reply_id(reply, row_id), REPLY_TEMPLATE, reply),
    ):
        match = re.fullmatch(template, custom_id)
        assert match is not None
        assert (match["action"], int(match["id"])) == (action.value, row_id)
        assert len(custom_id) <= 100


@given(row_ids, row_ids)
def test_a_share_button_names_a_checkin_and_a_buddyship_and_nothing_else(
    checkin_id: int, buddyship_id: int
) -> None:
    press = SharePress(checkin_id, buddyship_id)
    assert SharePress.parse(press.custom_id()) == press
    assert re.fullmatch(PICK_TEMPLATE, pick_id(checkin_id))


def test_no_template_matches_another_buttons_id() -> None:
    ids = [invite_id(InviteAction.ACCEPT, 5), reply_id(ReplyAction.HERE, 5),
           SharePress(5, 6).custom_id(), pick_id(5), "kbh"]  # fmt: skip
    templates = [INVITE_TEMPLATE, REPLY_TEMPLATE, SHARE_TEMPLATE, PICK_TEMPLATE, SUPPORT_TEMPLATE]
    for i, custom_id in enumerate(ids):
        assert [bool(re.fullmatch(t, custom_id)) for t in templates] == [
            j == i for j in range(len(templates))
        ]
    assert SharePress.parse("kbs:5") is None
    assert SharePress.parse("kc:d:5") is None


@pytest.mark.parametrize(("value", "expected"), [("12", 12), ("", None), ("-1", None),
                                                 ("1e3", None), ("9" * 21, None)])  # fmt: skip
def test_a_select_value_is_a_buddyship_id_or_nothing(value: str, expected: int | None) -> None:
    assert parse_buddyship(value) == expected


def test_released_custom_ids_never_change() -> None:
    """Discord keeps these in messages already sent: an old button must still mean the same."""
    assert invite_id(InviteAction.ACCEPT, 7) == "kbi:a:7"
    assert invite_id(InviteAction.DECLINE, 7) == "kbi:d:7"
    assert reply_id(ReplyAction.HERE, 8) == "kbr:h:8"
    assert reply_id(ReplyAction.CANT, 8) == "kbr:c:8"
    assert SharePress(9, 10).custom_id() == "kbs:9:10"
    assert pick_id(9) == "kbp:9"
    assert re.fullmatch(SUPPORT_TEMPLATE, "kbh")


def test_the_buddy_and_care_messages_use_no_unsafe_or_prescriptive_words() -> None:
    messages = json.loads((content_root() / "checkins" / "messages.json").read_text("utf-8"))
    texts = [*messages["buddy"].values(), *messages["care"].values()]
    assert len(texts) > 40, "the check must see every message"
    assert [t for t in texts if UNSAFE.search(t)] == []
    blame = re.compile(r"\b(fault|blame[ds]?|let (?:you|them) down|busy|ignor\w*)\b", re.I)
    assert blame.search("it's their fault"), "the blame check catches what it is for"
    cant = [messages["buddy"][k] for k in ("cant_letter", "cant_others", "cant_support")]
    assert [t for t in cant if blame.search(t)] == [], "a can't-right-now blames nobody"
