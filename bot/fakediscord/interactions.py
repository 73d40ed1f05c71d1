"""Interactions: building the payloads a user's action produces, and handles to observe answers."""

# ruff: noqa: ASYNC109 - awaiting with a timeout is the API tests want

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .state import Channel, Guild, Member, Message, Role, User, World
from .uploads import FILE_UPLOAD, Uploads

if TYPE_CHECKING:
    from .fake import FakeDiscord

JSON = dict[str, Any]

# interaction types
PING = 1
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
APPLICATION_COMMAND_AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

# callback types
PONG = 1
CHANNEL_MESSAGE_WITH_SOURCE = 4
DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
APPLICATION_COMMAND_AUTOCOMPLETE_RESULT = 8
MODAL = 9
LAUNCH_ACTIVITY = 12

# option types
SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6
CHANNEL = 7
ROLE = 8
MENTIONABLE = 9
NUMBER = 10
ATTACHMENT = 11

# component types
BUTTON = 2
STRING_SELECT = 3
TEXT_INPUT = 4
USER_SELECT = 5
ROLE_SELECT = 6
MENTIONABLE_SELECT = 7
CHANNEL_SELECT = 8
LABEL = 18

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


@dataclass
class CallbackRecord:
    """One answer the bot gave (or tried to give) to an interaction.

    ``elapsed`` is the number of seconds between the interaction's creation and the callback.
    ``status``/``code`` tell whether the fake accepted it (200) or refused it (e.g. 404 10062).
    """

    type: int
    data: JSON | None
    status: int
    code: int | None
    elapsed: float
    message: Message | None = None

    @property
    def ok(self) -> bool:
        """Whether the callback was accepted."""
        return self.status == 200

    @property
    def ephemeral(self) -> bool:
        """Whether the answer was ephemeral (flags 64)."""
        if self.message is not None:
            return self.message.ephemeral
        flags = (self.data or {}).get("flags") or 0
        return bool(int(flags) & 64)

    @property
    def content(self) -> str | None:
        """The message content of the callback, if any."""
        return (self.data or {}).get("content")


@dataclass
class ModalInfo:
    """A modal the bot opened."""

    custom_id: str
    title: str
    components: list[JSON]

    def field_ids(self) -> list[str]:
        """The ``custom_id`` of every input in the modal."""
        out: list[str] = []

        def walk(items: Sequence[Any]) -> None:
            for item in items:
                if not isinstance(item, dict):
                    continue
                if "custom_id" in item:
                    out.append(str(item["custom_id"]))
                if isinstance(item.get("components"), list):
                    walk(item["components"])
                if isinstance(item.get("component"), dict):
                    walk([item["component"]])

        walk(self.components)
        return out


@dataclass
class InteractionRecord:
    """Everything the fake knows about one interaction it sent."""

    id: int
    token: str
    type: int
    user: User
    channel: Channel
    guild: Guild | None
    data: JSON
    message: Message | None = None
    payload: JSON = field(default_factory=dict)
    created: float = field(default_factory=time.monotonic)
    attempts: list[CallbackRecord] = field(default_factory=list)
    response: CallbackRecord | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    modal: ModalInfo | None = None
    choices: list[JSON] | None = None

    def age(self) -> float:
        """Seconds since the interaction was created."""
        return time.monotonic() - self.created


class InteractionHandle:
    """What a test holds after acting as a user: await the bot's answers through it."""

    def __init__(self, fake: FakeDiscord, record: InteractionRecord) -> None:
        self._fake = fake
        self.record = record

    def __repr__(self) -> str:
        return f"<InteractionHandle id={self.record.id} type={self.record.type}>"

    @property
    def id(self) -> int:
        """The interaction id."""
        return self.record.id

    @property
    def token(self) -> str:
        """The interaction token."""
        return self.record.token

    @property
    def responded(self) -> bool:
        """Whether a callback was accepted."""
        return self.record.response is not None

    @property
    def ephemeral(self) -> bool | None:
        """Whether the first answer was ephemeral (None before any answer)."""
        response = self.record.response
        return None if response is None else response.ephemeral

    @property
    def attempts(self) -> list[CallbackRecord]:
        """Every callback attempt, accepted or refused."""
        return list(self.record.attempts)

    async def response(self, timeout: float = 5.0) -> CallbackRecord:
        """Wait for the first accepted callback (type, data, elapsed time, message)."""
        return await self._fake.wait_until(
            lambda: self.record.response, timeout, f"a response to interaction {self.id}"
        )

    async def attempt(self, timeout: float = 5.0) -> CallbackRecord:
        """Wait for the first callback attempt, even one the fake refused (e.g. too late)."""
        return await self._fake.wait_until(
            lambda: self.record.attempts[0] if self.record.attempts else None,
            timeout,
            f"a callback attempt for interaction {self.id}",
        )

    def original(self) -> Message | None:
        """The original response message, if there is one now."""
        mid = self.record.original_message_id
        return self._fake.world.find_message(mid) if mid is not None else None

    async def message(self, timeout: float = 5.0, *, loaded: bool = True) -> Message:
        """Wait for the original response message; with ``loaded`` wait until it is not a
        "thinking…" placeholder any more."""

        def probe() -> Message | None:
            msg = self.original()
            if msg is None or (loaded and msg.loading):
                return None
            return msg

        return await self._fake.wait_until(probe, timeout, f"the message of interaction {self.id}")

    @property
    def followups(self) -> list[Message]:
        """The follow-up messages so far (a follow-up that replaced a "thinking" message is the
        original message and is listed here as well)."""
        world = self._fake.world
        return [m for m in (world.find_message(i) for i in self.record.followup_ids) if m]

    async def followup(self, index: int = 0, timeout: float = 5.0) -> Message:
        """Wait for follow-up number ``index`` (0 = the first)."""
        return await self._fake.wait_until(
            lambda: self.followups[index] if len(self.followups) > index else None,
            timeout,
            f"follow-up #{index} of interaction {self.id}",
        )

    @property
    def messages(self) -> list[Message]:
        """The original response message (if any) and the follow-ups, without duplicates."""
        out: list[Message] = []
        original = self.original()
        if original is not None:
            out.append(original)
        out.extend(m for m in self.followups if m not in out)
        return out

    async def modal(self, timeout: float = 5.0) -> ModalInfo:
        """Wait for the modal the bot opened (callback type 9)."""
        return await self._fake.wait_until(
            lambda: self.record.modal, timeout, f"a modal from interaction {self.id}"
        )

    async def choices(self, timeout: float = 5.0) -> list[JSON]:
        """Wait for the autocomplete choices (callback type 8)."""
        return await self._fake.wait_until(
            lambda: self.record.choices, timeout, f"autocomplete choices for interaction {self.id}"
        )

    async def submit_modal(
        self, values: Mapping[str, Any], *, timeout: float = 5.0, user: User | None = None
    ) -> InteractionHandle:
        """Wait for the modal this interaction opened and submit it with ``values``."""
        modal = await self.modal(timeout)
        return await self._fake.submit_modal(
            user or self.record.user,
            self.record.channel,
            modal.custom_id,
            values,
            message=self.record.message,
        )


# ----- payload building ------------------------------------------------------------------------


class _Resolved:
    """The ``resolved`` data of an interaction by ``user`` (the member who acted)."""

    def __init__(self, world: World, guild: Guild | None, user: User) -> None:
        self.world = world
        self.guild = guild
        self.user = user
        self.data: dict[str, dict[str, JSON]] = {}

    def add_user(self, user: User) -> str:
        self.data.setdefault("users", {})[str(user.id)] = user.to_payload()
        if self.guild is not None and user.id in self.guild.members:
            member = self.world.member_payload(
                self.guild, self.guild.members[user.id], with_permissions=True
            )
            member.pop("user", None)
            self.data.setdefault("members", {})[str(user.id)] = member
        return str(user.id)

    def add_role(self, role: Role) -> str:
        self.data.setdefault("roles", {})[str(role.id)] = role.to_payload()
        return str(role.id)

    def add_channel(self, channel: Channel) -> str:
        self.data.setdefault("channels", {})[str(channel.id)] = (
            self.world.interaction_channel_payload(channel, self.user)
        )
        return str(channel.id)


def _entity_id(value: Any) -> int:
    if isinstance(value, Member):
        return value.user.id
    if hasattr(value, "id"):
        return int(value.id)
    return int(value)


def _infer_type(value: Any) -> int:  # noqa: PLR0911
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, (User, Member)):
        return USER
    if isinstance(value, Channel):
        return CHANNEL
    if isinstance(value, Role):
        return ROLE
    return STRING


class PayloadBuilder:
    """Builds interaction payloads from the world model."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.uploads: Uploads | None = None

    def new_record(
        self, kind: int, user: User, channel: Channel, data: JSON, message: Message | None = None
    ) -> InteractionRecord:
        """Make an interaction record (with id, token and the full payload)."""
        world = self.world
        guild = world.guild_of(channel)
        record = InteractionRecord(
            id=world.snowflakes.next(),
            token=secrets.token_urlsafe(48),
            type=kind,
            user=user,
            channel=channel,
            guild=guild,
            data=data,
            message=message,
        )
        payload: JSON = {
            "id": str(record.id),
            "application_id": str(world.application_id),
            "type": kind,
            "data": data,
            "token": record.token,
            "version": 1,
            "channel_id": str(channel.id),
            "channel": world.interaction_channel_payload(channel, user),
            "app_permissions": str(world.bot_permissions_in(channel)),
            "locale": user.locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if guild is not None:
            member = guild.members.get(user.id)
            if member is None:
                member = world.add_member(guild, user)
            payload["guild_id"] = str(guild.id)
            payload["guild"] = {"id": str(guild.id), "locale": guild.locale, "features": []}
            payload["guild_locale"] = guild.locale
            payload["member"] = world.member_payload(guild, member, with_permissions=True)
            payload["authorizing_integration_owners"] = {"0": str(guild.id)}
            payload["context"] = 0
        else:
            payload["user"] = user.to_payload()
            payload["authorizing_integration_owners"] = {"0": "0"}
            payload["context"] = 1
        if message is not None:
            payload["message"] = world.message_payload(message)
        record.payload = payload
        return record

    def command_data(
        self,
        command: JSON | None,
        path: list[str],
        options: Mapping[str, Any],
        guild: Guild | None,
        *,
        user: User,
        focused: str | None = None,
    ) -> JSON:
        """The ``data`` of a slash-command (or autocomplete) interaction by ``user``."""
        resolved = _Resolved(self.world, guild, user)
        schema: list[JSON] = list((command or {}).get("options") or [])
        leaf = self._leaf_options(schema, path[1:], options, resolved, focused)
        data: JSON = {
            "id": str((command or {}).get("id") or self.world.snowflakes.next()),
            "name": path[0],
            "type": 1,
            "options": leaf,
        }
        if command is not None and command.get("guild_id"):
            data["guild_id"] = str(command["guild_id"])
        if resolved.data:
            data["resolved"] = resolved.data
        return data

    def _leaf_options(
        self,
        schema: list[JSON],
        path: list[str],
        values: Mapping[str, Any],
        resolved: _Resolved,
        focused: str | None,
    ) -> list[JSON]:
        if path:
            name = path[0]
            sub = next((o for o in schema if o.get("name") == name), None)
            sub_type = (
                int(sub.get("type", SUB_COMMAND))
                if sub
                else (SUB_COMMAND if len(path) == 1 else SUB_COMMAND_GROUP)
            )
            inner = self._leaf_options(
                list((sub or {}).get("options") or []), path[1:], values, resolved, focused
            )
            return [{"type": sub_type, "name": name, "options": inner}]
        out: list[JSON] = []
        for name, value in values.items():
            spec = next((o for o in schema if o.get("name") == name), None)
            if schema and spec is None:
                known = ", ".join(str(o.get("name")) for o in schema)
                raise KeyError(f"option {name!r} is not registered (known: {known})")
            opt_type = int(spec["type"]) if spec else _infer_type(value)
            option: JSON = {
                "type": opt_type,
                "name": name,
                "value": self._option_value(opt_type, value, resolved, name == focused),
            }
            if name == focused:
                option["focused"] = True
            out.append(option)
        return out

    def _option_value(  # noqa: PLR0911, PLR0912
        self, opt_type: int, value: Any, resolved: _Resolved, focused: bool
    ) -> Any:
        world = self.world
        if focused and isinstance(value, str):
            return value
        if opt_type == STRING:
            return str(value)
        if opt_type == INTEGER:
            return int(value)
        if opt_type == BOOLEAN:
            return bool(value)
        if opt_type == NUMBER:
            return float(value)
        if opt_type in (USER, MENTIONABLE, ROLE, CHANNEL):
            if isinstance(value, Member):
                return resolved.add_user(value.user)
            if isinstance(value, User):
                return resolved.add_user(value)
            if isinstance(value, Role):
                return resolved.add_role(value)
            if isinstance(value, Channel):
                return resolved.add_channel(value)
            ident = _entity_id(value)
            if ident in world.users and opt_type in (USER, MENTIONABLE):
                return resolved.add_user(world.users[ident])
            if ident in world.channels and opt_type == CHANNEL:
                return resolved.add_channel(world.channels[ident])
            guild = resolved.guild
            if guild is not None and ident in guild.roles:
                return resolved.add_role(guild.roles[ident])
            return str(ident)
        raise ValueError(f"option type {opt_type} is not supported by the fake")

    def component_data(
        self,
        custom_id: str,
        component_type: int,
        values: Sequence[Any] | None,
        guild: Guild | None,
        *,
        user: User,
    ) -> JSON:
        """The ``data`` of a button or select interaction by ``user`` (with ``resolved`` for
        entity selects)."""
        data: JSON = {"custom_id": custom_id, "component_type": component_type}
        if component_type == BUTTON:
            return data
        resolved = _Resolved(self.world, guild, user)
        out: list[str] = []
        for value in values or []:
            if component_type == STRING_SELECT:
                out.append(str(value))
            elif component_type == USER_SELECT:
                out.append(self._option_value(USER, value, resolved, False))
            elif component_type == ROLE_SELECT:
                out.append(self._option_value(ROLE, value, resolved, False))
            elif component_type == CHANNEL_SELECT:
                out.append(self._option_value(CHANNEL, value, resolved, False))
            else:
                out.append(self._option_value(MENTIONABLE, value, resolved, False))
        data["values"] = out
        if component_type != STRING_SELECT:
            data["resolved"] = resolved.data
        return data

    def modal_data(
        self,
        custom_id: str,
        values: Mapping[str, Any],
        modal: ModalInfo | None,
        *,
        channel: Channel | None = None,
    ) -> JSON:
        """The ``data`` of a modal submission, mirroring the opened modal's layout when known;
        files given for a File Upload become ``resolved.attachments``."""
        remaining = dict(values)
        attachments: dict[str, JSON] = {}

        def upload(component: JSON, files: Any) -> list[str]:
            if self.uploads is None or channel is None:
                raise ValueError("file uploads need the fake's uploads and the channel")
            return self.uploads.submit(component, files, channel.id, attachments)

        def answer(component: JSON) -> JSON:
            ctype = int(component.get("type", 0))
            cid = component.get("custom_id")
            out: JSON = {"type": ctype}
            if "id" in component:
                out["id"] = component["id"]
            if ctype == 1:
                out["components"] = [answer(c) for c in component.get("components") or []]
            elif ctype == LABEL and isinstance(component.get("component"), dict):
                out["component"] = answer(component["component"])
            elif ctype == FILE_UPLOAD and cid is not None:
                out["custom_id"] = cid
                out["values"] = upload(component, remaining.pop(str(cid), []))
            elif cid is not None:
                out["custom_id"] = cid
                value = remaining.pop(
                    str(cid), component.get("value", "") if ctype == TEXT_INPUT else []
                )
                if ctype == TEXT_INPUT:
                    out["value"] = str(value)
                else:
                    out["values"] = [
                        str(_entity_id(v)) if not isinstance(v, str) else v
                        for v in (value if isinstance(value, list) else [value])
                    ]
            return out

        if modal is not None:
            components = [answer(c) for c in modal.components]
            if remaining:
                raise KeyError(
                    f"fields {sorted(remaining)} are not in modal {custom_id!r} "
                    f"(fields: {modal.field_ids()})"
                )
        else:
            components = [
                {"type": 1, "components": [{"type": TEXT_INPUT, "custom_id": k, "value": str(v)}]}
                for k, v in values.items()
            ]
        data: JSON = {"custom_id": custom_id, "components": components}
        if attachments:
            data["resolved"] = {"attachments": attachments}
        return data
