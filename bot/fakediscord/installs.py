"""Where an app may be used: install types, interaction contexts and private channels.

Discord's rules, as its documentation gives them ("Application commands: contexts",
"Installing apps to users", the interaction object's ``context`` and
``authorizing_integration_owners``):

* An app is installed to a server (integration type 0, GUILD_INSTALL: the bot joins) or to a
  user's account (1, USER_INSTALL: no bot anywhere, only the user's commands). A global
  command's ``integration_types`` says which installs offer it (absent: the app's configured
  install types) and ``contexts`` where it may run: 0 GUILD, 1 BOT_DM, 2 PRIVATE_CHANNEL
  (absent: all three for a new command; the legacy ``dm_permission: false`` leaves out the
  bot DM). A guild command exists only in its server (the fake also lets one be used in
  the other servers the bot is in, as Kindred's tests sync to one dev server; never outside
  servers).
* The client shows a command only where its contexts allow it and some install authorizes it,
  so the fake refuses the rest (:class:`CommandUnavailable`) instead of sending them.
* ``authorizing_integration_owners`` names the installs that authorized the interaction:
  ``"0"`` -> the server's id (``"0"`` in the bot DM) when the command is guild-installable and
  the bot is there; ``"1"`` -> the user's id when they installed the app and the command is
  user-installable. A press on a message answers for the installs of the interaction that made
  the message.
* A private channel (a DM between users, a group DM) has no bot in it: the bot cannot read or
  post there, gets no events from it, and reaches it only by answering an interaction.
* In a server without the bot, an interaction still carries ``guild_id`` and the member, but
  the app's permissions are @everyone's plus EMBED_LINKS and ATTACH_FILES, and the bot has no
  access to the server's channels.
* A bot may DM only a user who shares a server with it or installed the app (else 403 50007).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .faults import DiscordError
from .interactions import APPLICATION_COMMAND, APPLICATION_COMMAND_AUTOCOMPLETE
from .permissions import (
    ADD_REACTIONS,
    ATTACH_FILES,
    EMBED_LINKS,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    USE_EXTERNAL_EMOJIS,
    VIEW_CHANNEL,
)
from .state import DEFAULT_BOT_PERMISSIONS, Channel, ChannelType, Guild, Message, User

if TYPE_CHECKING:
    from .fake import FakeDiscord
    from .interactions import InteractionRecord

JSON = dict[str, Any]

GUILD_INSTALL = 0
USER_INSTALL = 1
GUILD = 0
BOT_DM = 1
PRIVATE_CHANNEL = 2
GROUP_DM = 3
ALL_CONTEXTS = (GUILD, BOT_DM, PRIVATE_CHANNEL)
_CONTEXT_NAMES = {GUILD: "a server", BOT_DM: "the bot's DM", PRIVATE_CHANNEL: "a private channel"}

#: Always granted to an app answering where it has no bot (Discord's changelog, 2022-08).
APP_ANSWER_PERMISSIONS = EMBED_LINKS | ATTACH_FILES
#: What an app may do in a private channel, where only its answers can appear.
PRIVATE_CHANNEL_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | ADD_REACTIONS
    | USE_EXTERNAL_EMOJIS
)
_MESSAGE_EVENTS = frozenset(
    {"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "TYPING_START", "CHANNEL_PINS_UPDATE"}
)


class CommandUnavailable(LookupError):
    """The command would not even be shown here: a context it does not allow, or no install
    that authorizes it (the fake refuses to send what Discord's client cannot)."""


@dataclass(frozen=True)
class Authorization:
    """Where an interaction happened and which installs authorized it."""

    context: int
    owners: dict[str, str]


class Installs:
    """The app's installs and the places without its bot, and the rules they imply."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world
        #: the install types enabled for the app in the developer portal
        self.install_types: tuple[int, ...] = (GUILD_INSTALL, USER_INSTALL)
        self.users: set[int] = set()
        self.private_channels: set[int] = set()
        self.botless_guilds: dict[int, Guild] = {}

    # ----- registration ---------------------------------------------------------------------

    def integration_types_config(self) -> JSON:
        """The application's ``integration_types_config``: one entry per enabled install."""
        params = {
            GUILD_INSTALL: {
                "scopes": ["applications.commands", "bot"],
                "permissions": str(DEFAULT_BOT_PERMISSIONS),
            },
            USER_INSTALL: {"scopes": ["applications.commands"], "permissions": "0"},
        }
        return {str(t): {"oauth2_install_params": params[t]} for t in self.install_types}

    def command_scopes(self, body: JSON) -> JSON:
        """``contexts`` and ``integration_types`` as Discord stores a new command: as sent, or
        its documented defaults when absent."""
        contexts = body.get("contexts")
        if contexts is None:
            no_dm = body.get("dm_permission") is False
            contexts = [c for c in ALL_CONTEXTS if not (no_dm and c == BOT_DM)]
        types = body.get("integration_types")
        if types is None:
            types = list(self.install_types)
        return {"contexts": list(contexts), "integration_types": list(types)}

    # ----- places ---------------------------------------------------------------------------

    def context_of(self, channel: Channel) -> int:
        """The interaction context of ``channel``."""
        if channel.id in self.private_channels:
            return PRIVATE_CHANNEL
        return BOT_DM if channel.is_dm else GUILD

    def guild_of(self, channel: Channel) -> tuple[Guild | None, bool]:
        """``channel``'s server and whether the bot is in it."""
        if channel.guild_id is None:
            return None, False
        if channel.guild_id in self.world.guilds:
            return self.world.guilds[channel.guild_id], True
        removed = self.fake._removed_guilds.get(channel.guild_id)
        return self.botless_guilds.get(channel.guild_id, removed), False

    def bot_can_access(self, channel: Channel) -> bool:
        """Whether the bot itself can see ``channel`` (not a private channel, not a server it
        is not in)."""
        if channel.id in self.private_channels:
            return False
        return channel.guild_id is None or channel.guild_id not in self.botless_guilds

    def require_bot_access(self, channel: Channel) -> None:
        """Refuse (403 50001) a REST call on a channel the bot is not part of."""
        if not self.bot_can_access(channel):
            raise DiscordError(403, 50001)

    def hidden_from_bot(self, event: str, data: JSON) -> bool:
        """Whether a gateway event happens somewhere the bot cannot see."""
        if event not in _MESSAGE_EVENTS or not isinstance(data, dict):
            return False
        channel = self.world.channels.get(int(data.get("channel_id") or 0))
        return channel is not None and not self.bot_can_access(channel)

    def shares_guild(self, user: User) -> bool:
        """Whether ``user`` is in a server the bot is in."""
        return any(user.id in g.members for g in self.world.guilds.values())

    def require_reachable(self, user: User) -> None:
        """Refuse (403 50007) a DM to a user who shares no server with the bot and has not
        installed the app."""
        if user.id not in self.users and not self.shares_guild(user):
            raise DiscordError(403, 50007)

    # ----- interactions ---------------------------------------------------------------------

    def authorize(
        self, user: User, channel: Channel, name: str, command: JSON | None
    ) -> Authorization:
        """The context and owners of ``/name`` used by ``user`` in ``channel``; raises
        :class:`CommandUnavailable` where Discord's client would not offer it."""
        self.require_recipient(user, channel)
        context = self.context_of(channel)
        guild, bot_here = self.guild_of(channel)
        elsewhere = self._registered_in_guilds(name) if command is None else []
        if elsewhere and context == GUILD and bot_here:
            # Leniency for tests that sync to one dev server and act in another server the
            # bot is in: used there as if it were synced there too (never outside servers).
            types, contexts = {GUILD_INSTALL}, {GUILD}
        elif command is None:
            if elsewhere:
                raise CommandUnavailable(
                    f"/{name} is registered only in server(s) {elsewhere}, so Discord shows it "
                    f"in no other place (sync the commands globally to use it in "
                    f"{_CONTEXT_NAMES[context]})"
                )
            types, contexts = set(self.install_types), set(ALL_CONTEXTS)
        elif command.get("guild_id") is not None:
            types, contexts = {GUILD_INSTALL}, {GUILD}
        else:
            allowed = command.get("integration_types") or self.install_types
            types = set(allowed) & set(self.install_types)
            contexts = set(command.get("contexts") or ALL_CONTEXTS)
        if context not in contexts:
            raise CommandUnavailable(
                f"/{name} allows contexts {sorted(contexts)}; Discord does not show it in "
                f"{_CONTEXT_NAMES[context]} (context {context})"
            )
        owners: dict[str, str] = {}
        if GUILD_INSTALL in types:
            if context == GUILD and bot_here and guild is not None:
                owners[str(GUILD_INSTALL)] = str(guild.id)
            elif context == BOT_DM and self.shares_guild(user):
                owners[str(GUILD_INSTALL)] = "0"
        if USER_INSTALL in types and user.id in self.users:
            owners[str(USER_INSTALL)] = str(user.id)
        if not owners:
            raise CommandUnavailable(
                f"/{name} (integration types {sorted(types)}) is authorized by no install of "
                f"{user.username!r} in {_CONTEXT_NAMES[context]}: the bot is not there and "
                f"the user has {'' if user.id in self.users else 'not '}installed the app"
            )
        return Authorization(context, owners)

    def _registered_in_guilds(self, name: str) -> list[int]:
        return sorted(
            scope
            for scope, commands in self.fake.commands.items()
            if scope is not None and any(c.get("name") == name for c in commands)
        )

    def require_recipient(self, user: User, channel: Channel) -> None:
        """Refuse (403 50001) an action in a private channel ``user`` is not in."""
        if channel.id in self.private_channels and user.id not in channel.recipients:
            raise DiscordError(403, 50001)

    def _inherited(self, record: InteractionRecord) -> Authorization | None:
        """The authorization of the interaction a press or a form belongs to."""
        origin: InteractionRecord | None = None
        message = record.message
        if message is not None and message.interaction_id is not None:
            origin = self.fake.interactions.get(message.interaction_id)
        elif message is None:
            opener = record.data.get("custom_id")
            origin = next((r for r, m in reversed(self.fake.modals) if m.custom_id == opener), None)
        if origin is None or "authorizing_integration_owners" not in origin.payload:
            return None
        return Authorization(
            int(origin.payload["context"]), dict(origin.payload["authorizing_integration_owners"])
        )

    def _by_place(self, user: User, channel: Channel) -> Authorization:
        context = self.context_of(channel)
        guild, bot_here = self.guild_of(channel)
        owners: dict[str, str] = {}
        if context == GUILD and bot_here and guild is not None:
            owners[str(GUILD_INSTALL)] = str(guild.id)
        elif context == BOT_DM:
            owners[str(GUILD_INSTALL)] = "0"
        elif user.id in self.users:
            owners[str(USER_INSTALL)] = str(user.id)
        return Authorization(context, owners)

    def shape(self, record: InteractionRecord, auth: Authorization | None) -> None:
        """Rewrite ``record.payload`` for where it happened and who authorized it."""
        self.require_recipient(record.user, record.channel)
        if auth is None:
            if record.type in (APPLICATION_COMMAND, APPLICATION_COMMAND_AUTOCOMPLETE):
                auth = self.authorize(
                    record.user, record.channel, str(record.data.get("name")), None
                )
            else:
                auth = self._inherited(record) or self._by_place(record.user, record.channel)
        payload = record.payload
        payload["context"] = auth.context
        payload["authorizing_integration_owners"] = dict(auth.owners)
        channel = record.channel
        if auth.context == PRIVATE_CHANNEL:
            payload["channel"] = self.private_channel_payload(channel)
            payload["app_permissions"] = str(PRIVATE_CHANNEL_PERMISSIONS)
            return
        guild, bot_here = self.guild_of(channel)
        if guild is None or bot_here:
            return
        member = guild.members.get(record.user.id)
        if member is None:
            member = self.world.add_member(guild, record.user)
        perms = self.world.member_permissions(guild, record.user)
        payload.pop("user", None)
        payload["guild_id"] = str(guild.id)
        payload["guild"] = {"id": str(guild.id), "locale": guild.locale, "features": []}
        payload["guild_locale"] = guild.locale
        payload["member"] = {**member.to_payload(), "permissions": str(perms)}
        payload["channel"] = {**self.world.channel_payload(channel), "permissions": str(perms)}
        payload["app_permissions"] = str(guild.everyone.permissions | APP_ANSWER_PERMISSIONS)

    def private_channel_payload(self, channel: Channel) -> JSON:
        """A private channel as an interaction shows it to the app."""
        data: JSON = {
            "id": str(channel.id),
            "type": channel.type,
            "flags": 0,
            "last_message_id": str(channel.last_message_id) if channel.last_message_id else None,
            "recipients": [self.world.users[u].to_payload() for u in channel.recipients],
        }
        if channel.type == GROUP_DM:
            data.update({"name": channel.name, "icon": None, "owner_id": str(channel.owner_id)})
        return data

    # ----- what a user sees -----------------------------------------------------------------

    def seen_by(self, user: User, channel: Channel) -> list[Message]:
        """``channel``'s live messages as ``user`` sees them: everyone's, plus the ephemeral
        answers to ``user``'s own interactions."""
        out: list[Message] = []
        for message in self.world.channel_messages(channel, ephemeral=True):
            if message.ephemeral:
                origin = self.fake.interactions.get(message.interaction_id or 0)
                if origin is None or origin.user.id != user.id:
                    continue
            out.append(message)
        return out


class InstallActions:
    """The install and private-channel side of :class:`~.fake.FakeDiscord` (a mixin)."""

    installs: Installs

    def install_for_user(self, user: User) -> None:
        """``user`` adds the app to their account (USER_INSTALL): its user-installable
        commands work for them everywhere the commands' contexts allow, and the bot may DM
        them even with no shared server."""
        self.installs.users.add(user.id)

    def uninstall_for_user(self, user: User) -> None:
        """``user`` removes the app from their account."""
        self.installs.users.discard(user.id)

    def add_private_channel(self, *users: User, name: str | None = None) -> Channel:
        """A DM between two users (two users) or a group DM (three or more), without the bot:
        it cannot read or post there (403 50001), gets no events from it, and appears there
        only through interaction responses and follow-ups."""
        if len(users) < 2:
            raise ValueError("a private channel needs at least two users")
        world = self.installs.world
        kind = ChannelType.DM if len(users) == 2 else GROUP_DM
        channel = Channel(
            id=world.snowflakes.next(),
            type=int(kind),
            name=name if kind == GROUP_DM else None,
            recipients=[u.id for u in users],
            owner_id=users[0].id,
        )
        world.channels[channel.id] = channel
        world.messages[channel.id] = {}
        self.installs.private_channels.add(channel.id)
        return channel

    def add_guild_without_bot(
        self, name: str, *, members: Sequence[User] = (), channels: Sequence[str] = ("general",)
    ) -> Guild:
        """A server the bot is not in (a member can still use the app there through a user
        install; the bot has no access to its channels and gets none of its events)."""
        installs = self.installs
        world = installs.world
        guild = world.add_guild(name)
        del world.guilds[guild.id]
        guild.members.pop(world.bot.id, None)
        guild.roles = {k: r for k, r in guild.roles.items() if r.bot_id is None}
        for user in members:
            world.add_member(guild, user)
        for channel_name in channels:
            world.add_channel(guild, channel_name)
        installs.botless_guilds[guild.id] = guild
        return guild

    def seen_by(self, user: User, channel: Channel) -> list[Message]:
        """``channel``'s live messages as ``user`` sees them (others' ephemeral answers left
        out)."""
        return self.installs.seen_by(user, channel)
