"""Every modal the features open, submitted with hostile text: a daily question's Answer,
Answer anonymously and Edit, and an admin's Edit of a suggestion under review. The text is
anything a raw client could send (the form's own length limits are only the client's)."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.fakediscord import Channel, Message, User
from bot.fakediscord.interactions import MODAL
from tests.hostile.known_defects import MODAL_DEFECTS
from tests.hostile.profile import hostile_settings, planned
from tests.hostile.session import HostileSession
from tests.hostile.values import blank_looking, hostile_text

pytestmark = pytest.mark.e2e

ANSWER_EXAMPLES = 30
BLANK_EXAMPLES = 4
REVIEW_EXAMPLES = 20
TEXT_INPUT_MAX = 4000

# Questions different enough from each other and from the bank to be queued for review.
SUGGESTIONS = (
    "Which cloud shape do you look for on a lazy afternoon?",
    "What recipe would you teach a stranger on a rainy afternoon?",
    "Which city street do you remember best from a trip?",
    "What hobby did you drop that you would pick up again tomorrow?",
    "Which song reminds you of a summer job?",
    "What is the strangest gift you have kept for years?",
    "Which animal would you trust to water your plants?",
    "What weather makes you want to go for a long walk?",
    "Which fictional kitchen would you cook in for a week?",
    "What small repair are you secretly proud of doing yourself?",
    "Which museum exhibit stuck with you long after the visit?",
    "What sandwich would you put on a national flag?",
    "Which bus or train ride felt like an adventure?",
    "What skill would you swap with a neighbour for a month?",
    "Which forgotten toy would you rescue from an attic?",
    "What sport would you invent for a lazy Sunday?",
    "Which plant have you kept alive the longest?",
    "What sound instantly makes your shoulders relax?",
    "Which holiday tradition would you bring to another country?",
    "What piece of furniture tells the story of your home?",
    "Which street food stall would you queue an hour for?",
    "What library book did you return late and why?",
    "Which constellation could you point out without an app?",
    "What chore turns into a game when you do it with music?",
)


async def _post(session: HostileSession, place: str = "daily") -> tuple[Message, Channel]:
    fake, cast = session.fake, session.cast
    where = cast.places[place]
    post = await (await fake.slash(cast.newcomer(admin=True), where, "question now")).message()
    await fake.wait_until(lambda: post.id in fake.world.channels, 5, "the post's thread")
    await session.settle()
    return post, fake.world.channels[post.id]


def _answers_by(session: HostileSession, thread: Channel, after: int) -> list[Message]:
    return [
        m
        for m in session.fake.messages(thread)
        if m.id > after and any(c.startswith("kq:e:") for c in m.custom_ids())
    ]


def test_answer_answer_anonymously_and_edit_take_hostile_text(
    session: HostileSession, tally: dict[str, int]
) -> None:
    fake, cast = session.fake, session.cast
    post, thread = session.run(_post(session))

    async def submit(user: User, message: Message, button: str, text: str) -> None:
        opened = await session.case(lambda: fake.click(user, message, button))
        assert opened.record.response is not None
        assert opened.record.response.type == MODAL, "the button must open its form"
        [field] = (await opened.modal()).field_ids()
        await session.case(lambda: opened.submit_modal({field: text}), private=True)
        tally["cases"] += 1

    @hostile_settings(ANSWER_EXAMPLES)
    @given(
        as_admin=st.booleans(),
        anonymous=st.booleans(),
        text=hostile_text(cast, TEXT_INPUT_MAX),
        edit=hostile_text(cast, TEXT_INPUT_MAX),
    )
    def attack(as_admin: bool, anonymous: bool, text: str, edit: str) -> None:
        writer = cast.newcomer(admin=as_admin)
        before = max((m.id for m in fake.messages(thread)), default=0)
        prefix = "kq:n:" if anonymous else "kq:a:"
        button = next(c for c in post.custom_ids() if c.startswith(prefix))
        session.run(submit(writer, post, button, text))
        for answer in _answers_by(session, thread, before):
            edit_button = next(c for c in answer.custom_ids() if c.startswith("kq:e:"))
            session.run(submit(writer, answer, edit_button, edit))

    attack()
    assert tally["cases"] >= planned(ANSWER_EXAMPLES)


@pytest.fixture(scope="module")
def general_post(session: HostileSession) -> tuple[Message, Channel]:
    """One question post in #general for the blank-answer tests (a channel's cooldown
    allows one post on demand at a time)."""
    return session.run(_post(session, "general"))


@pytest.mark.parametrize(
    "form",
    [
        pytest.param(
            form,
            marks=[pytest.mark.xfail(strict=True, reason=MODAL_DEFECTS[form])]
            if form in MODAL_DEFECTS
            else [],
        )
        for form in ("answer", "answer anonymously", "edit")
    ],
)
def test_an_answer_that_only_looks_blank_is_refused(
    session: HostileSession,
    general_post: tuple[Message, Channel],
    tally: dict[str, int],
    form: str,
) -> None:
    """Issue 10: an answer that only looks blank is refused like an empty one, and saves
    nothing (neither a new answer nor a change to the one being edited)."""
    fake, cast = session.fake, session.cast
    post, thread = general_post

    async def refused(user: User, message: Message, button: str, text: str) -> None:
        opened = await session.case(lambda: fake.click(user, message, button))
        [field] = (await opened.modal()).field_ids()
        await session.case(lambda: opened.submit_modal({field: text}), refusal=True)
        tally["cases"] += 1

    @hostile_settings(BLANK_EXAMPLES)
    @given(blank=blank_looking())
    def attack(blank: str) -> None:
        writer = cast.newcomer()
        prefix = "kq:n:" if form == "answer anonymously" else "kq:a:"
        button = next(c for c in post.custom_ids() if c.startswith(prefix))
        if form != "edit":
            session.run(refused(writer, post, button, blank))
            return
        before = max((m.id for m in fake.messages(thread)), default=0)
        session.run(submit_plain(writer, post, button))
        [answer] = _answers_by(session, thread, before)
        edit = next(c for c in answer.custom_ids() if c.startswith("kq:e:"))
        posted = copy.deepcopy(answer.embeds)  # the fake edits its messages in place
        session.run(refused(writer, answer, edit, blank))
        shown = fake.get_message(answer.id)
        assert shown is not None
        assert shown.embeds == posted, "the blank edit replaced the answer"

    async def submit_plain(user: User, message: Message, button: str) -> None:
        opened = await fake.click(user, message, button)
        [field] = (await opened.modal()).field_ids()
        await session.case(lambda: opened.submit_modal({field: "A plain, honest answer."}))

    attack()
    assert tally["cases"] == planned(BLANK_EXAMPLES)


@pytest.fixture(scope="module")
def suggestions() -> Iterator[str]:
    """The questions left to suggest, one per review example, shared by the module."""
    return iter(SUGGESTIONS)


async def _review(
    session: HostileSession, suggestions: Iterator[str], text: str, *, refusal: bool = False
) -> None:
    """A newcomer suggests a question; the admin opens its review, presses Edit and
    submits ``text``. A refused edit leaves the suggestion on screen: it is then rejected,
    so the next example reviews its own."""
    fake, cast = session.fake, session.cast
    general = cast.world.general
    question = next(suggestions)
    writer = cast.newcomer()
    asked = await session.case(
        lambda: fake.slash(writer, general, "question suggest", {"text": question}),
        private=True,
    )
    waiting = await session.kindred.db.fetch_value("SELECT COUNT(*) FROM question_suggestions")
    assert waiting, f"{question!r} was not queued: {(await asked.response()).content!r}"
    shown = await session.case(lambda: fake.slash(cast.admin, general, "question review"))
    screen = await shown.message()
    assert screen.embeds, f"nothing to review: {screen.content!r}"
    opened = await session.case(lambda: fake.click(cast.admin, screen, screen.custom_ids()[1]))
    [field] = (await opened.modal()).field_ids()
    await session.case(lambda: opened.submit_modal({field: text}), refusal=refusal)
    current = fake.get_message(screen.id) or screen
    if current.embeds and current.custom_ids():
        reject = current.custom_ids()[2]
        await session.case(lambda: fake.click(cast.admin, current, reject))


def test_an_admin_editing_a_suggestion_under_review_takes_hostile_text(
    session: HostileSession, suggestions: Iterator[str], tally: dict[str, int]
) -> None:
    assert len(SUGGESTIONS) >= REVIEW_EXAMPLES + BLANK_EXAMPLES, "too few suggestions"

    @hostile_settings(REVIEW_EXAMPLES, scaled=False)  # each example uses up a suggestion
    @given(text=hostile_text(session.cast, TEXT_INPUT_MAX))
    def attack(text: str) -> None:
        session.run(_review(session, suggestions, text))
        tally["cases"] += 1

    attack()
    assert tally["cases"] == REVIEW_EXAMPLES


def test_a_suggestion_edited_to_look_blank_is_refused(
    session: HostileSession, suggestions: Iterator[str], tally: dict[str, int]
) -> None:
    """Issue 10: a question that only looks blank is refused, and nothing is approved."""

    @hostile_settings(BLANK_EXAMPLES, scaled=False)  # each example uses up a suggestion
    @given(blank=blank_looking())
    def attack(blank: str) -> None:
        session.run(_review(session, suggestions, blank, refusal=True))
        tally["cases"] += 1

    attack()
    assert tally["cases"] == BLANK_EXAMPLES
