"""The Kindred bot: a ``commands.Bot`` that receives its services and finds its features.

Features live in ``cogs/<feature>/`` and are found by walking that package, so adding a
feature never means editing a list here. The core never imports a feature: it loads them
by name, and features reach the shared services (database, scheduler, pacer, notices,
messages, clock) through the bot they are given.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import pkgutil
from collections.abc import Coroutine, Sequence
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.app.content import Messages
from bot.app.settings import Settings
from bot.interactions.error_reporter import ErrorReporter, reply_privately
from bot.interactions.option_guard import OptionRefused, refused_option
from bot.outbound.background import BackgroundTasks
from bot.outbound.delivery import Delivery
from bot.outbound.engine import OutboundEngine
from bot.outbound.notices import Notices
from bot.outbound.pacer import Pacer, TargetUnavailable
from bot.outbound.scheduler import RecurringJob, Scheduler
from bot.privacy.data_rights import DataRights
from bot.privacy.member_store import MemberStore
from bot.privacy.retention import PostDeleter, Retention
from bot.privacy.topics import Topics
from bot.storage.database import Database
from bot.storage.vault import Vault
from bot.timing.clock import Clock

log = logging.getLogger(__name__)

DISCORD_API_BASE = discord.http.Route.BASE
COMMAND_DRAIN_SECONDS = 3.0  # an interaction's first answer is due within 3 s anyway
DISCORD_GATEWAY = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


class StartupError(Exception):
    """Start-up cannot go on; the message is one line fit to print."""


def discover_extensions(package: str = "cogs") -> list[str]:
    """Every feature package under ``cogs/`` (names starting with ``_`` are private)."""
    module = importlib.import_module(package)
    return sorted(
        f"{package}.{info.name}"
        for info in pkgutil.iter_modules(module.__path__)
        if info.ispkg and not info.name.startswith("_")
    )


def point_at_discord(settings: Settings) -> None:
    """Send REST (interaction callbacks and follow-ups included) where the settings say.

    discord.py keeps both URLs as class attributes, so this affects the whole process:
    exactly one bot runs per process.
    """
    discord.http.Route.BASE = settings.api_base or DISCORD_API_BASE
    gateway = settings.gateway_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = (
        yarl.URL(gateway) if gateway else DISCORD_GATEWAY
    )


class KindredTree(app_commands.CommandTree["Kindred"]):
    async def interaction_check(self, interaction: discord.Interaction[Kindred], /) -> bool:
        """Every command may run with the options it declared; shutdown lets one under way
        answer before disconnecting."""
        self.client.command_under_way()
        command = interaction.command
        if interaction.type is discord.InteractionType.application_command and isinstance(
            command, app_commands.Command
        ):
            bad = refused_option(command, interaction.data or {})
            if bad is not None:
                raise OptionRefused(
                    self.client.messages.get("errors.option_refused", option=bad[:32])
                )
        return True

    async def on_error(
        self, interaction: discord.Interaction[Kindred], error: app_commands.AppCommandError
    ) -> None:
        await self.client.error_reporter.report(interaction, error)


class Kindred(commands.AutoShardedBot):
    """The bot. It owns the services it is given and closes them in order.

    Services features use: ``db``, ``clock``, ``scheduler``, ``pacer``, ``messages``,
    ``notices``, ``topics``, ``vault`` (seal private text), ``members`` (boundaries and consent),
    ``delivery`` (every private message) and ``data_rights`` (export and delete).
    """

    def __init__(
        self,
        settings: Settings,
        db: Database,
        *,
        vault: Vault,
        clock: Clock | None = None,
        pacer: Pacer | None = None,
        messages: Messages | None = None,
        feature_packages: Sequence[str] = ("cogs",),
        **client_options: Any,
    ) -> None:
        if settings.shard_ids is not None:  # discord.py takes no None for "all of them"
            client_options["shard_ids"] = list(settings.shard_ids)
        intents = discord.Intents.none()
        intents.guilds = True  # channels, threads and permissions; nothing privileged
        pacer = pacer or Pacer()
        # the pacer learns of a global 429 from every response discord.py's client sees
        client_options.setdefault("http_trace", pacer.trace_config())
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=KindredTree,
            # Installed to servers only, so used in them and in the bot's DM (a private
            # channel needs a user install). A feature that works for a member wherever they
            # are (check-ins) opts into user installs itself; nothing else does by default.
            allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
            # Sharded always, so past 2,500 servers (Discord's limit per connection) nothing
            # changes but the count; no SHARD_COUNT asks Discord (GET /gateway/bot).
            shard_count=settings.shard_count,
            **client_options,
        )
        self.settings = settings
        self.db = db
        self.clock = clock or Clock()
        self.pacer = pacer
        self.messages = messages or Messages.from_data_dir(settings.data_dir)
        self.topics = Topics.from_data_dir(settings.data_dir)
        self.notices = Notices(db, self.clock)
        self.engine = OutboundEngine(self.clock)
        self.scheduler = Scheduler(
            db, self.clock, engine=self.engine, on_unavailable=self._tell_admins_unavailable
        )
        self.error_reporter = ErrorReporter(self.messages)
        self.vault = vault
        self.members = MemberStore(db, vault, self.clock)
        self.delivery = Delivery(
            self,
            db,
            engine=self.engine,
            vault=vault,
            clock=self.clock,
            pacer=self.pacer,
            members=self.members,
            notices=self.notices,
            messages=self.messages,
        )
        self.data_rights = DataRights(db)
        for owner in (self.members, self.delivery, self.notices):
            self.data_rights.register(owner)
        self.post_deleter = PostDeleter(self, self.data_rights, self.pacer)
        self.retention = Retention(
            clock=self.clock,
            data_rights=self.data_rights,
            delivery=self.delivery,
            notices=self.notices,
            post_deleter=self.post_deleter,
        )
        self.feature_packages = tuple(feature_packages)
        self._background = BackgroundTasks(log)
        self._closed = False

    # -- start-up -----------------------------------------------------------------------

    async def login(self, token: str) -> None:
        point_at_discord(self.settings)
        await super().login(token)
        if self.settings.api_base and not self.settings.gateway_url:
            # With a fixed SHARD_COUNT discord.py would use its hard-coded gateway; a
            # configured API (a proxy or a local Discord) says where its gateway is.
            _, url, _ = await self.http.get_bot_gateway()
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
            log.info("using the gateway the API announced: %s", url)
        elif self.settings.gateway_url and self.settings.shard_count is None:
            # discord.py would connect wherever GET /gateway/bot says; a gateway set on
            # purpose wins, and the API only says how many shards.
            self.shard_count, _, _ = await self.http.get_bot_gateway()

    async def setup_hook(self) -> None:
        self.engine.start()
        await self.scheduler.add(self.retention.job(self.clock.now()))
        self.spawn(self._activate_schedules(), name="activate-schedules")
        for extension in [e for p in self.feature_packages for e in discover_extensions(p)]:
            try:
                await self.load_extension(extension)
            except commands.ExtensionError as exc:
                cause = exc.__cause__ or exc
                raise StartupError(f"feature {extension} failed to load: {cause}") from exc
            log.info("loaded %s", extension)
        if self.settings.dev_guild_id:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to the dev guild %s", len(synced), guild.id)

    async def _activate_schedules(self) -> None:
        """Catch up and plan scheduled posts and private messages once connected (never
        before READY), and finish any tidying a restart interrupted."""
        await self.wait_until_ready()
        await self.data_rights.reconcile_guilds({g.id for g in self.guilds}, self.clock.now())
        await self.engine.activate()
        await self.retention.run()

    async def on_ready(self) -> None:
        user = self.user
        log.info("ready as %s (%s) in %d servers", user, user.id if user else "?", len(self.guilds))

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.data_rights.guild_joined(guild.id, self.clock.now())

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Kindred was removed: the server's data goes in 30 days unless it comes back."""
        await self.data_rights.guild_left(guild.id, self.clock.now())

    async def _tell_admins_unavailable(self, job: RecurringJob, exc: TargetUnavailable) -> None:
        """A schedule stopped because its channel refused: the server's admins hear of it
        the next time one of them uses a command (Kindred never DMs admins unasked)."""
        target = exc.target
        if target.kind != "channel" or target.guild_id is None:
            return
        reason = "notices.reason_gone" if exc.status == 404 else "notices.reason_forbidden"
        text = self.messages.get(
            "notices.channel_unavailable",
            channel=f"<#{target.id}>",
            what=job.what,
            reason=self.messages.get(reason),
        )
        await self.notices.tell_admins(target.guild_id, f"unavailable:{job.key}", text)

    # -- background work ----------------------------------------------------------------

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        """Run work in the background, kept and watched: its failure is always logged."""
        return self._background.spawn(coro, name=name)

    def command_under_way(self) -> None:
        """The current task answers a member: :meth:`close` lets it finish first."""
        self._background.let_finish()

    # -- after every command ------------------------------------------------------------

    async def on_app_command_completion(
        self,
        interaction: discord.Interaction,
        command: app_commands.Command[Any, ..., Any] | app_commands.ContextMenu,
    ) -> None:
        """Tell the user anything waiting for them (an unreachable channel, closed DMs)."""
        self.command_under_way()
        if interaction.response.type == discord.InteractionResponseType.modal:
            return  # a modal cannot carry a follow-up; the notices wait for the next command
        member = interaction.user
        is_admin = isinstance(member, discord.Member) and member.guild_permissions.manage_guild
        pending = await self.notices.collect(
            interaction.user.id, interaction.guild_id, is_admin=is_admin
        )
        if pending:
            heading = self.messages.get("notices.heading")
            await reply_privately(interaction, "\n".join([heading, *(f"• {t}" for t in pending)]))

    # -- shutdown -----------------------------------------------------------------------

    async def close(self) -> None:
        """Stop in order: the outbound engine first (scheduled posts and letters being sent
        finish while the connection is still up, then its timers stop and the rest of its
        work is cancelled), then commands under way answer, then features and the
        connection, background tasks, and last the database, so nothing writes to a closed
        database."""
        if self._closed:
            return
        self._closed = True
        await self.engine.shutdown()
        await self._background.drain(COMMAND_DRAIN_SECONDS)
        loop: object = self.loop  # a sentinel, typed as a loop, until start-up
        if not isinstance(loop, asyncio.AbstractEventLoop):
            # Never started: the sharded client's close needs the queue start-up makes.
            await self._async_setup_hook()
        await super().close()
        # discord.py waits two quiet seconds for a new session's servers before it announces
        # READY, and closing does not cancel that wait, which then fails against the closed
        # client ("'_MissingSentinel' object has no attribute 'create_task'"). Only now, with
        # the connection closed, can no new session start another.
        # Sharded, each shard has its own such wait besides the one for all of them.
        shard_waits: dict[int, asyncio.Task[None]] = getattr(self._connection, "_ready_tasks", {})
        for ready_wait in [self._connection._ready_task, *shard_waits.values()]:
            if ready_wait is not None:
                ready_wait.cancel()
        await self._background.cancel()
        await self.db.close()
        log.info("closed")
