"""Acting as users on the fake Discord: messages, slash commands, presses, selects and forms,
each sent as Discord's client would (and refused where the client would not offer it)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from .installs import Authorization, Installs
from .interactions import (
    APPLICATION_COMMAND,
    APPLICATION_COMMAND_AUTOCOMPLETE,
    BUTTON,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    InteractionHandle,
    InteractionRecord,
    ModalInfo,
    PayloadBuilder,
)
from .members import MemberActions
from .state import Channel, Guild, Message, User, World
from .uploads import Upload

if TYPE_CHECKING:
    from .fake import FakeDiscord
    from .rest import RestApi

JSON = dict[str, Any]
_SELECT_TYPES = frozenset({3, 5, 6, 7, 8})


class UserActions:
    """The user side of :class:`~.fake.FakeDiscord` (a mixin)."""

    world: World
    rest: RestApi
    members: MemberActions
    builder: PayloadBuilder
    installs: Installs
    commands: dict[int | None, list[JSON]]
    interactions: dict[int, InteractionRecord]
    interactions_by_token: dict[str, InteractionRecord]
    modals: list[tuple[InteractionRecord, ModalInfo]]
    _pending: set[asyncio.Task[None]]
    dispatch: Callable[[str, JSON], Awaitable[None]]

    async def send_message(
        self,
        user: User,
        channel: Channel,
        content: str = "",
        *,
        reply_to: Message | None = None,
        files: Sequence[Upload] = (),
    ) -> Message:
        """Post a message as ``user``, with ``files`` (see :func:`image`) attached; dispatches
        MESSAGE_CREATE, which a bot without the Message Content intent gets emptied unless the
        message mentions it. In a private thread ``user`` is not in: 403 code 50001."""
        return await self.members.send(user, channel, content, reply_to=reply_to, files=files)

    def add_thread_member(self, thread: Channel, user: User) -> None:
        """Add ``user`` to ``thread`` as another member would (THREAD_MEMBERS_UPDATE)."""
        if self.rest.threads.membership.add(thread, user.id):
            task = asyncio.get_running_loop().create_task(
                self.rest.threads.announce(thread, added=(user.id,))
            )
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    def thread_members(self, thread: Channel) -> list[int]:
        """The ids of ``thread``'s members, as Discord keeps them."""
        return list(self.rest.threads.membership.members(thread))

    def _find_command(self, guild: Guild | None, name: str) -> JSON | None:
        scopes: list[int | None] = [guild.id, None] if guild else [None]
        for scope in scopes:
            for command in self.commands.get(scope, []):
                if command.get("name") == name and int(command.get("type") or 1) == 1:
                    return command
        return None

    async def _send_interaction(
        self, record: InteractionRecord, auth: Authorization | None = None
    ) -> InteractionHandle:
        self.installs.shape(record, auth)
        self.interactions[record.id] = record
        self.interactions_by_token[record.token] = record
        record.created = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", record.payload)
        return InteractionHandle(cast("FakeDiscord", self), record)

    async def slash(
        self, user: User, channel: Channel, command: str, options: Mapping[str, Any] | None = None
    ) -> InteractionHandle:
        """Invoke a slash command as ``user`` in ``channel``. ``command`` may name a subcommand
        path ("group sub"). Option types come from the registered command (or are inferred from
        the Python values); users, members, channels and roles get ``resolved`` data. It
        carries ``context`` and ``authorizing_integration_owners``; where Discord's client would
        not offer the command (a context it does not allow, no install authorizing it) it
        raises :class:`~.installs.CommandUnavailable` and sends nothing."""
        self.members.require_view(user, channel)
        path = command.split()
        guild = self.world.guild_of(channel)
        registered = self._find_command(guild, path[0])
        auth = self.installs.authorize(user, channel, path[0], registered)
        data = self.builder.command_data(registered, path, options or {}, guild, user=user)
        record = self.builder.new_record(APPLICATION_COMMAND, user, channel, data)
        return await self._send_interaction(record, auth)

    async def autocomplete(
        self,
        user: User,
        channel: Channel,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        focused: str,
    ) -> InteractionHandle:
        """Ask for autocomplete choices for option ``focused`` (await ``handle.choices()``)."""
        path = command.split()
        guild = self.world.guild_of(channel)
        registered = self._find_command(guild, path[0])
        values = dict(options or {})
        values.setdefault(focused, "")
        data = self.builder.command_data(
            registered, path, values, guild, user=user, focused=focused
        )
        record = self.builder.new_record(APPLICATION_COMMAND_AUTOCOMPLETE, user, channel, data)
        auth = self.installs.authorize(user, channel, path[0], registered)
        return await self._send_interaction(record, auth)

    def _component_message(self, message: Message | int) -> Message:
        found = self.world.find_message(message) if isinstance(message, int) else message
        if found is None or found.deleted:
            raise LookupError(f"message {message!r} does not exist")
        return found

    async def click(self, user: User, message: Message | int, custom_id: str) -> InteractionHandle:
        """Click the button ``custom_id`` on ``message`` as ``user``."""
        msg = self._component_message(message)
        self.members.require_view(user, self.world.channels[msg.channel_id])
        component = msg.find_component(custom_id)
        if component is None:
            raise LookupError(
                f"no component {custom_id!r} on message {msg.id}; it has {msg.custom_ids()}"
            )
        if component.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled")
        data = self.builder.component_data(
            custom_id,
            BUTTON,
            None,
            self.world.guild_of(self.world.channels[msg.channel_id]),
            user=user,
        )
        record = self.builder.new_record(
            MESSAGE_COMPONENT, user, self.world.channels[msg.channel_id], data, message=msg
        )
        return await self._send_interaction(record)

    async def select(
        self,
        user: User,
        message: Message | int,
        custom_id: str,
        values: Sequence[Any],
        *,
        component_type: int | None = None,
    ) -> InteractionHandle:
        """Choose ``values`` in the select menu ``custom_id`` (string values, or users, roles,
        channels for the entity selects, types 5–8)."""
        msg = self._component_message(message)
        self.members.require_view(user, self.world.channels[msg.channel_id])
        component = msg.find_component(custom_id)
        if component is None:
            raise LookupError(
                f"no component {custom_id!r} on message {msg.id}; it has {msg.custom_ids()}"
            )
        kind = component_type or int(component.get("type", 3))
        if kind not in _SELECT_TYPES:
            raise ValueError(f"component {custom_id!r} is not a select (type {kind})")
        channel = self.world.channels[msg.channel_id]
        data = self.builder.component_data(
            custom_id, kind, values, self.world.guild_of(channel), user=user
        )
        record = self.builder.new_record(MESSAGE_COMPONENT, user, channel, data, message=msg)
        return await self._send_interaction(record)

    async def submit_modal(
        self,
        user: User,
        channel: Channel,
        custom_id: str,
        values: Mapping[str, Any],
        message: Message | None = None,
    ) -> InteractionHandle:
        """Submit the modal ``custom_id`` with ``{field_custom_id: value}`` (the layout of the
        last modal with that id the bot opened is mirrored); a File Upload field takes a list
        of :class:`Upload` (see :func:`image`)."""
        self.members.require_view(user, channel)
        modal = next((m for _, m in reversed(self.modals) if m.custom_id == custom_id), None)
        data = self.builder.modal_data(custom_id, values, modal, channel=channel)
        record = self.builder.new_record(MODAL_SUBMIT, user, channel, data, message=message)
        return await self._send_interaction(record)
