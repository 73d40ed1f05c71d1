"""The shipped challenges and pair activities: valid, large and balanced enough, safe to post
as they are, and no two of them the same thing in other words."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from bot.app.content import ContentError, check_file, content_root
from bot.interactions.embed_limits import DESCRIPTION_LIMIT
from cogs.challenges.bank import (
    DEPTHS,
    GROUP_SIZES,
    KINDS,
    SIZES,
    Challenge,
    PairActivity,
    load_challenges,
    load_pair_activities,
)

MIN_CHALLENGES = 180
MIN_PER_KIND = 25
MIN_ACTIVITIES = 30
MAX_TEXT = 300  # short enough to read at a glance, far inside an embed description

# What a post must never carry: a mention or channel link, markdown that changes how the
# text looks, a link, or a second line.
UNSAFE = re.compile(r"[@<>*_~`|#\\\[\]\n]|https?:|www\.|://|discord\.gg|\.(com|org|net)\b", re.I)
# Words that assume something about a member's life (who they live with, love or pray to,
# what they can spend or do with their body, what they own or do for a living); a challenge
# is for everyone.
ASSUMING = re.compile(
    r"\b(boyfriend|girlfriend|husband|wife|spouse|partner|mum|mom|dad|mother|father|parents?|"
    r"siblings?|brother|sister|kids|children|grandparents?|church|pray|prayer|christmas|easter|"
    r"buy|spend|money|shop|shopping|order in|alcohol|wine|beer|walk|jog|run|dance|stand up|"
    r"selfie|your face|gym|diet|weight|your job|your boss|commute|your car|your pet|your cat|"
    r"your dog|drunk|hangover|arm's|your legs|sitting|your desk)\b",
    re.I,
)
PHOTO_WORDS = re.compile(r"\bphoto(graph)?\b", re.I)
PEOPLE = re.compile(r"\b(faces?|selfies?|portraits?|people|person|of yourself|of you)\b", re.I)


# --- "the same thing in other words": a normalised-word-overlap check of our own -----------
# (a feature never imports another feature, so the questions' similarity module is not used)

STOPWORDS = frozenset(
    str.split(
        """
    a an the and or but if of to in on at for with about from by as into than then so
    is are was were be been am do does did have has had will would can could may might
    what which who when where why how that this these those there it its i me my you
    your yours yourself we us our they them their one some any just very more much
    each other else own every all both something someone anything anyone like
    """
    )
)
OVERLAP_LIMIT = 0.5  # share of meaningful words two texts may have in common
MIN_WORDS = 3


def meaningful_words(text: str) -> frozenset[str]:
    """The words that carry the meaning, case, accents, plurals and endings folded away."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", folded)
    return frozenset(_stem(w) for w in words if w not in STOPWORDS)


def _stem(word: str) -> str:
    for suffix in ("'s", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def near_duplicates(a: str, b: str) -> bool:
    wa, wb = meaningful_words(a), meaningful_words(b)
    if wa == wb:
        return True
    if min(len(wa), len(wb)) < MIN_WORDS:
        return False
    return len(wa & wb) / len(wa | wb) >= OVERLAP_LIMIT


def test_the_overlap_check_catches_a_rewording_and_passes_different_ideas() -> None:
    assert near_duplicates(
        "Take a photo of something yellow in your home.",
        "Take a quick photo of something yellow at home!",
    )
    assert near_duplicates("Share a song you love.", "share a SONG you LOVE")
    assert not near_duplicates(
        "Take a photo of something yellow in your home.",
        "Write a haiku about whatever you last drank.",
    )


# --- loading ----------------------------------------------------------------------------------


def raw(name: str, key: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(
        (content_root() / "challenges" / name).read_text(encoding="utf-8")
    )[key]
    return entries


@pytest.fixture(scope="module")
def challenges() -> list[Challenge]:
    return load_challenges(content_root())


@pytest.fixture(scope="module")
def activities() -> list[PairActivity]:
    return load_pair_activities(content_root())


@pytest.mark.parametrize("name", ["challenges.json", "pair_activities.json"])
def test_the_shipped_files_match_their_schemas(name: str) -> None:
    assert check_file(content_root() / "challenges", name) == []


def test_the_loaders_return_every_entry_of_the_files_as_written(
    challenges: list[Challenge], activities: list[PairActivity]
) -> None:
    assert [asdict(c) for c in challenges] == raw("challenges.json", "challenges")
    assert all(isinstance(c.depth, int) and isinstance(c.id, str) for c in challenges)
    loaded = [asdict(a) | {"sizes": list(a.sizes)} for a in activities]
    assert loaded == raw("pair_activities.json", "activities")
    assert all(isinstance(a.sizes, tuple) for a in activities)


def broken_copy(tmp_path: Path, name: str, key: str, entry: dict[str, Any]) -> Path:
    """The feature's folder with ``name`` holding its shipped entries plus ``entry``."""
    folder = tmp_path / "challenges"
    folder.mkdir()
    schema = name.removesuffix(".json") + ".schema.json"
    shutil.copyfile(Path(str(content_root() / "challenges" / schema)), folder / schema)
    document = {key: [*raw(name, key), entry]}
    (folder / name).write_text(json.dumps(document), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("field", "value", "complaint"),
    [
        ("kind", "chores", "is not one of"),
        ("depth", 4, "is not one of"),
        ("size", "crowd", "is not one of"),
        ("id", "laugh-1", "does not match"),
        ("text", "Say hi to @everyone today.", "does not match"),
        ("text", "Post your **boldest** idea.", "does not match"),
        ("text", "Read https://example.org and share it.", "should not be valid"),
        ("text", "Share a thought without an ending", "does not match"),
        ("text", "Write a long story. " * 16, "is too long"),
    ],
)
def test_a_bad_challenge_is_refused_with_where_and_why(
    tmp_path: Path, field: str, value: object, complaint: str
) -> None:
    entry = {"id": "laugh-999", "kind": "laugh", "depth": 1, "size": "solo"}
    entry |= {"text": "Tell us something silly."} | {field: value}
    root = broken_copy(tmp_path, "challenges.json", "challenges", entry)
    index = len(raw("challenges.json", "challenges"))
    with pytest.raises(ContentError) as refused:
        load_challenges(root)
    message = str(refused.value)
    assert f"$.challenges[{index}].{field}" in message
    assert complaint in message


@pytest.mark.parametrize(
    ("field", "value", "complaint"),
    [
        ("sizes", ["crowd"], "is not one of"),
        ("sizes", [], "should be non-empty"),
        ("depth", 0, "is not one of"),
        ("text", "Tell each other a <secret> thing.", "does not match"),
    ],
)
def test_a_bad_activity_is_refused_with_where_and_why(
    tmp_path: Path, field: str, value: object, complaint: str
) -> None:
    entry = {"id": "pair-999", "depth": 1, "sizes": ["pair"], "text": "Share a song you love."}
    entry |= {field: value}
    root = broken_copy(tmp_path, "pair_activities.json", "activities", entry)
    index = len(raw("pair_activities.json", "activities"))
    with pytest.raises(ContentError) as refused:
        load_pair_activities(root)
    message = str(refused.value)
    assert f"$.activities[{index}].{field}" in message
    assert complaint in message


# --- the challenges ---------------------------------------------------------------------------


def test_there_are_enough_challenges_of_every_kind(challenges: list[Challenge]) -> None:
    assert len(challenges) >= MIN_CHALLENGES
    per_kind = Counter(c.kind for c in challenges)
    assert set(per_kind) == set(KINDS)
    short = {kind: n for kind, n in per_kind.items() if n < MIN_PER_KIND}
    assert short == {}


def test_ids_are_unique_and_name_their_kind(challenges: list[Challenge]) -> None:
    ids = Counter(c.id for c in challenges)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [c.id for c in challenges if not c.id.startswith(f"{c.kind}-")] == []


def test_every_kind_has_every_depth_and_most_are_light(challenges: list[Challenge]) -> None:
    for kind in KINDS:
        depths = Counter(c.depth for c in challenges if c.kind == kind)
        assert set(depths) == set(DEPTHS), f"{kind} needs every depth: {depths}"
        assert depths[1] > sum(depths.values()) / 2, f"{kind} should be mostly light: {depths}"
        assert depths[1] > depths[2] > depths[3], f"{kind}: {depths}"


def test_sizes_are_known_and_a_together_challenge_needs_someone(
    challenges: list[Challenge],
) -> None:
    assert {c.size for c in challenges} <= set(SIZES)
    assert [c.id for c in challenges if c.kind == "together" and c.size == "solo"] == []
    assert {c.size for c in challenges} == set(SIZES)


# How a text shows who does it: a pair challenge names the one other person, a group
# challenge has the thread do it together (a chain, a vote, a game, one reply each).
PAIR_CUES = re.compile(r"\b(someone|another member|each other'?s?|both)\b", re.I)
GROUP_CUES = re.compile(
    r"\b(everyone|each person|together|the thread|next person|each reply|in reply|one per reply|"
    r"one line each|shared|others)\b",
    re.I,
)
# Wording that only works for exactly two people.
ONLY_TWO = re.compile(r"\b(both|the two of you|the other(?! ?s\b)|your partner)\b", re.I)


def test_a_challenge_for_two_or_more_says_so_in_its_text(challenges: list[Challenge]) -> None:
    pairs = [c for c in challenges if c.size == "pair"]
    groups = [c for c in challenges if c.size == "group"]
    assert [f"{c.id}: {c.text}" for c in pairs if not PAIR_CUES.search(c.text)] == []
    assert [f"{c.id}: {c.text}" for c in groups if not GROUP_CUES.search(c.text)] == []


def test_a_photo_challenge_says_what_to_photograph_and_asks_for_nothing_private(
    challenges: list[Challenge],
) -> None:
    photos = [c for c in challenges if c.kind == "photo"]
    assert [c.id for c in photos if not PHOTO_WORDS.search(c.text)] == []
    said_not_needed = re.compile(r"\bno (faces|people)\b", re.I)
    asks_for_people = [c.id for c in photos if PEOPLE.search(said_not_needed.sub("", c.text))]
    assert asks_for_people == []


def test_a_deep_challenge_is_offered_never_demanded(challenges: list[Challenge]) -> None:
    deep = [c for c in challenges if c.depth == 3]
    assert [c.id for c in deep if not c.text.startswith("If ")] == []


# --- both files -------------------------------------------------------------------------------


def texts(challenges: list[Challenge], activities: list[PairActivity]) -> list[tuple[str, str]]:
    return [(c.id, c.text) for c in challenges] + [(a.id, a.text) for a in activities]


def test_every_text_is_safe_to_post_as_it_is(
    challenges: list[Challenge], activities: list[PairActivity]
) -> None:
    all_texts = texts(challenges, activities)
    assert [i for i, t in all_texts if UNSAFE.search(t)] == []
    assert [i for i, t in all_texts if len(t) >= MAX_TEXT or len(t) > DESCRIPTION_LIMIT] == []
    assert [i for i, t in all_texts if t != t.strip() or "  " in t] == []
    assert [i for i, t in all_texts if not t[0].isupper() or t[-1] not in ".!?"] == []


def test_no_text_assumes_anything_about_a_members_life(
    challenges: list[Challenge], activities: list[PairActivity]
) -> None:
    found = [(i, ASSUMING.findall(t)) for i, t in texts(challenges, activities)]
    assert [f"{i}: {', '.join(words)}" for i, words in found if words] == []


def test_no_two_texts_are_the_same_idea_in_other_words(
    challenges: list[Challenge], activities: list[PairActivity]
) -> None:
    all_texts = texts(challenges, activities)
    assert len({t.casefold() for _, t in all_texts}) == len(all_texts)
    twins = [
        f"{a}: {ta}\n{b}: {tb}"
        for n, (a, ta) in enumerate(all_texts)
        for b, tb in all_texts[n + 1 :]
        if near_duplicates(ta, tb)
    ]
    assert twins == [], "\n".join(twins)


# --- the pair activities ----------------------------------------------------------------------


def test_there_are_enough_activities_for_every_group_at_every_depth(
    activities: list[PairActivity],
) -> None:
    assert len(activities) >= MIN_ACTIVITIES
    ids = Counter(a.id for a in activities)
    assert [i for i, n in ids.items() if n > 1] == []
    for members in GROUP_SIZES.values():
        for depth in DEPTHS:
            fitting = [a for a in activities if a.depth == depth and a.suits(members)]
            assert len(fitting) >= 5, f"{members} members at depth {depth}: {len(fitting)}"
    deep = [a.id for a in activities if a.depth == 3 and not a.text.startswith("If ")]
    assert deep == []


def test_an_activity_for_a_trio_never_speaks_as_if_there_were_two(
    activities: list[PairActivity],
) -> None:
    for_trios = [a for a in activities if a.suits(3)]
    assert [f"{a.id}: {a.text}" for a in for_trios if ONLY_TWO.search(a.text)] == []
    assert ONLY_TWO.search("Tell the other what you admire.")
    assert not ONLY_TWO.search("Tell the others and each other what you admire.")


def test_an_activity_suits_only_the_group_sizes_it_names() -> None:
    pair_only = PairActivity(id="pair-999", depth=1, sizes=("pair",), text="Share a song.")
    both = PairActivity(id="pair-998", depth=1, sizes=("pair", "trio"), text="Share a song.")
    assert pair_only.suits(2)
    assert not pair_only.suits(3)
    assert both.suits(2)
    assert both.suits(3)
    assert not both.suits(4)
