"""The check-in's content as shipped: every entry there, in order, and worded the way
safe-messaging guidance asks (no method talk, no diagnosis, hope and help-seeking)."""

from __future__ import annotations

import re

import pytest

from bot.app.content import check_all, content_root
from cogs.checkins.content import CheckinContent
from cogs.checkins.moods import MOODS, WISHES, Mood, Wish

# Words that safe-messaging guidance keeps out of a wellbeing message, or that would promise
# what Kindred cannot give ("fine" for someone who never answered, a diagnosis, an instruction).
UNSAFE = re.compile(
    r"\b(fine|commit\w*|suicid\w*|kill\w*|method\w*|overdose\w*|self-harm\w*|die|dying|"
    r"diagnos\w*|disorder\w*|depressed|depression|should|must|have to|need to|cure\w*)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def content() -> CheckinContent:
    return CheckinContent.from_data_dir(content_root())


def every_text(content: CheckinContent) -> list[str]:
    labels = [*content.moods.values(), content.pass_label, *content.wishes.values()]
    texts = [label.word for label in labels]
    texts += [*content.replies.values(), content.pass_reply]
    texts += [*content.mood_tips.values(), *content.wish_tips.values()]
    for resources in content.resources_by_locale.values():
        texts += [resources.suggestion, resources.not_emergency]
        texts += [link.label for link in resources.links]
    return texts


def test_the_checkin_files_match_their_schemas() -> None:
    assert [str(p) for p in check_all(content_root()) if "checkins" in str(p)] == []


def test_five_moods_from_very_low_to_very_good_each_a_word_and_an_emoji(
    content: CheckinContent,
) -> None:
    assert list(content.moods) == [
        Mood.VERY_LOW,
        Mood.LOW,
        Mood.OKAY,
        Mood.GOOD,
        Mood.VERY_GOOD,
    ]
    assert [content.moods[m].word for m in MOODS] == [
        "Very low",
        "Low",
        "Okay",
        "Good",
        "Very good",
    ]
    labels = [*content.moods.values(), content.pass_label, *content.wishes.values()]
    assert all(label.word.strip() and label.emoji.strip() for label in labels)
    assert len({label.emoji for label in labels}) == len(labels), "each answer its own emoji"
    assert content.pass_label.word == "Pass"


def test_the_wishes_are_listen_encouragement_space_company_nothing(
    content: CheckinContent,
) -> None:
    assert [w.value for w in content.wishes] == [
        "listen",
        "encouragement",
        "space",
        "company",
        "nothing",
    ]


@pytest.mark.parametrize("mood", MOODS)
@pytest.mark.parametrize("wish", WISHES)
def test_each_reply_echoes_the_members_mood_in_their_words(
    content: CheckinContent, mood: Mood, wish: Wish
) -> None:
    reply = content.reply(mood, wish)
    assert content.moods[mood].word.lower() in reply.lower()


def test_no_two_replies_are_the_same(content: CheckinContent) -> None:
    replies = list(content.replies.values())
    assert len(set(replies)) == len(replies) == len(MOODS) * len(WISHES)


def test_nothing_shipped_uses_unsafe_or_prescriptive_words(content: CheckinContent) -> None:
    texts = every_text(content)
    assert len(texts) > 50, "the check must see every text"
    assert [t for t in texts if UNSAFE.search(t)] == []


def test_the_unsafe_word_check_catches_what_it_is_for() -> None:
    caught = ["You seem fine.", "Don't commit to it", "You should rest.", "a diagnosis"]
    assert all(UNSAFE.search(text) for text in caught)
    assert not UNSAFE.search("Defined, refined, the finest kindness, diet tips.")


@pytest.mark.parametrize("mood", [Mood.VERY_LOW, Mood.LOW])
def test_a_low_mood_tip_says_ask_listen_one_small_step_and_check_in_again(
    content: CheckinContent, mood: Mood
) -> None:
    tip = content.mood_tips[mood].lower()
    for words in ("ask", "listen without fixing", "one small step", "check in again later"):
        assert words in tip, (mood, words)


@pytest.mark.parametrize("mood", [Mood.GOOD, Mood.VERY_GOOD])
def test_a_good_news_tip_asks_for_warmth_and_curiosity(content: CheckinContent, mood: Mood) -> None:
    tip = content.mood_tips[mood].lower()
    assert "warmth" in tip
    assert "curiosity" in tip


def test_a_buddy_tip_covers_the_mood_then_the_wish(content: CheckinContent) -> None:
    tip = content.buddy_tip(Mood.LOW, Wish.SPACE)
    assert tip == f"{content.mood_tips[Mood.LOW]} {content.wish_tips[Wish.SPACE]}"


@pytest.mark.parametrize("locale", ["default", "en-GB", "en-US"])
def test_each_locale_links_a_helpline_directory_and_says_kindred_is_no_emergency_service(
    content: CheckinContent, locale: str
) -> None:
    resources = content.resources_by_locale[locale]
    assert any(link.url.startswith("https://findahelpline.com") for link in resources.links)
    assert resources.not_emergency.startswith("Kindred is not an emergency service.")
    assert "someone you trust" in resources.suggestion
    assert any(who in resources.suggestion for who in ("professional", "doctor", "GP"))


def test_an_unknown_locale_falls_back_to_its_language_then_the_default(
    content: CheckinContent,
) -> None:
    by_locale = content.resources_by_locale
    assert content.resources("en-GB") is by_locale["en-GB"]
    assert content.resources("fr") is by_locale["default"]
    assert content.resources("pt-BR") is by_locale["default"]
