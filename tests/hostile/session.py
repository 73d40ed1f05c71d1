"""One running Kindred per test module, driven from plain (synchronous) hypothesis tests.

Starting the bot takes seconds; a hostile case takes milliseconds. So a module starts the
real bot against the local fake Discord once, on an event loop of its own, and every
generated example runs its interactions on that loop with :meth:`HostileSession.run`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from bot.app.client import Kindred
from bot.fakediscord import Channel, ChannelType, FakeDiscord, Guild, Role, User
from bot.fakediscord.interactions import InteractionHandle
from bot.fakediscord.openapi import load_validator
from tests.e2e.harness import REAL_FEATURES, World, build_world, running_kindred
from tests.hostile.oracles import CaseMarks, Oracles

T = TypeVar("T")

# Tasks discord.py (and the bot) start for one interaction: while any runs, a case is busy.
_BUSY_TASKS = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch",
    "discord-ui-modal-dispatch",
    "discord-ui-dynamic-item",
    "discord.py: on_",
)
SETTLE_POLLS = 3
POLL_SECONDS = 0.005
SETTLE_TIMEOUT = 5.0


class ErrorRecords(logging.Handler):
    """Every ERROR record (or any record with a traceback), from any logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(record)


@dataclass
class Cast:
    """Who and what the hostile cases can name: members, strangers, channels, roles."""

    world: World
    admin: User
    member: User
    other: User
    stranger: User  # a user Kindred can see, in no server with it
    elsewhere: User  # a member of another server only
    robot: User
    other_guild: Guild
    foreign_channel: Channel
    category: Channel
    thread: Channel
    plain_role: Role
    foreign_role: Role
    places: dict[str, Channel] = field(default_factory=dict)
    joined: int = 0

    def newcomer(self, *, admin: bool = False) -> User:
        """A member who has never used Kindred: one case's limits and data are its own
        (a plain member, or one with the Administrator permission)."""
        fake = self.world.fake
        self.joined += 1
        user = fake.add_user(f"{'admin' if admin else 'member'}-{self.joined}")
        fake.add_member(self.world.guild, user, administrator=admin)
        return user

    def entity(self, label: str) -> User | Channel | Role:
        """A user, channel or role by its part in the cast."""
        guild = self.world.guild
        roles = {role.name: role for role in guild.roles.values()}
        extra: dict[str, User | Channel | Role] = {
            "kindred": self.world.fake.bot_user,
            "everyone_role": guild.roles[guild.id],
            "admin_role": roles["Admin"],
            "kindred_role": next(r for r in guild.roles.values() if r.managed),
            **self.places,
        }
        found = extra.get(label, getattr(self, label, None))
        assert isinstance(found, User | Channel | Role), label
        return found


def build_cast(fake: FakeDiscord) -> Cast:
    world = build_world(fake)
    guild = world.guild
    other_guild = fake.add_guild("Somewhere Else", channels=("lobby",))
    elsewhere = fake.add_user("elsewhere")
    fake.add_member(other_guild, elsewhere)
    fake.add_member(guild, fake.add_user("admin helper"), administrator=True)
    robot = fake.add_user("robot", bot=True)
    fake.add_member(guild, robot)
    thread = fake.add_thread(world.general, "a thread")
    return Cast(
        world=world,
        admin=world.admin,
        member=world.alice,
        other=world.bob,
        stranger=fake.add_user("stranger"),
        elsewhere=elsewhere,
        robot=robot,
        other_guild=other_guild,
        foreign_channel=fake.channel(other_guild, "lobby"),
        category=fake.add_channel(guild, "a category", channel_type=ChannelType.GUILD_CATEGORY),
        thread=thread,
        plain_role=fake.add_role(guild, "friends"),
        foreign_role=fake.add_role(other_guild, "elsewhere"),
        places={"general": world.general, "daily": fake.channel(guild, "daily"), "thread": thread},
    )


class HostileSession:
    """The fake Discord, its world and the running bot, with the oracles every case meets."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.loop = asyncio.new_event_loop()
        self.errors = ErrorRecords()
        self.fake = FakeDiscord(validator=load_validator())
        self.cast = build_cast(self.fake)
        self._stack = contextlib.AsyncExitStack()
        self.bot: Kindred | None = None
        self.cases: dict[str, int] = {}

    # -- life cycle ---------------------------------------------------------------------

    def start(self) -> HostileSession:
        logging.getLogger().addHandler(self.errors)
        self.run(self._start())
        return self

    async def _start(self) -> None:
        await self._stack.enter_async_context(self.fake)
        self.bot = await self._stack.enter_async_context(
            running_kindred(self.cast.world, self.db_path, features=REAL_FEATURES)
        )
        await self.settle()

    def close(self) -> None:
        try:
            self.run(self._stack.aclose())
        finally:
            logging.getLogger().removeHandler(self.errors)
            self.run(self._cancel_leftovers())
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()

    @staticmethod
    async def _cancel_leftovers() -> None:
        current = asyncio.current_task()
        leftovers = [t for t in asyncio.all_tasks() if t is not current]
        for task in leftovers:
            task.cancel()
        await asyncio.gather(*leftovers, return_exceptions=True)

    def run(self, work: Awaitable[T]) -> T:
        """Run ``work`` on the session's loop (the bot runs only while something does)."""
        return self.loop.run_until_complete(work)

    @property
    def kindred(self) -> Kindred:
        assert self.bot is not None, "the session is not started"
        return self.bot

    @property
    def oracles(self) -> Oracles:
        return Oracles(self.fake, self.kindred, self.errors.records, self.db_path)

    # -- one case -----------------------------------------------------------------------

    def count(self, kind: str) -> None:
        self.cases[kind] = self.cases.get(kind, 0) + 1

    async def settle(self) -> None:
        """Wait until nothing of this case is under way: no interaction task of discord.py,
        none of the bot's background tasks, and no new request to the fake for a moment."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_TIMEOUT
        quiet, seen = 0, len(self.fake.requests)
        while quiet < SETTLE_POLLS:
            assert loop.time() < deadline, f"still busy: {sorted(self._busy())}"
            await asyncio.sleep(POLL_SECONDS)
            now = len(self.fake.requests)
            quiet = quiet + 1 if now == seen and not self._busy() else 0
            seen = now

    def _busy(self) -> list[str]:
        current = asyncio.current_task()
        names = [t.get_name() for t in asyncio.all_tasks() if t is not current and not t.done()]
        return [n for n in names if n.startswith(_BUSY_TASKS)]

    async def case(
        self,
        act: Callable[[], Awaitable[InteractionHandle]],
        *,
        refusal: bool = False,
        private: bool = False,
    ) -> InteractionHandle:
        """One hostile interaction, held to every oracle. ``refusal``: the input breaks its
        declaration, so only an ephemeral answer is right; ``private``: whatever the outcome,
        the answer is for the member alone (an answer's form: the answer itself is posted
        separately)."""
        marks = CaseMarks.now(self.fake, self.errors.records, self.db_path)
        handle = await act()
        first = await handle.attempt(timeout=SETTLE_TIMEOUT)
        await self.settle()
        self.oracles.check(marks, handle, first, refusal=refusal, private=private)
        return handle


@contextlib.contextmanager
def hostile_session(db_path: Path) -> Iterator[HostileSession]:
    session = HostileSession(db_path)
    try:
        yield session.start()
    finally:
        session.close()
