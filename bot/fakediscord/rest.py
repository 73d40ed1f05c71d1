"""REST API v10 route handlers of the fake Discord."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .commands import CommandRoutes
from .faults import DiscordError
from .history import MessageHistory
from .intents import MESSAGE_CONTENT, readable
from .interactions import (
    APPLICATION_COMMAND,
    InteractionRecord,
)
from .limits import check_message
from .permissions import (
    CREATE_PUBLIC_THREADS,
    MANAGE_MESSAGES,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
)
from .records import UploadedFile
from .rest_interactions import InteractionRoutes
from .routing import RequestContext, Router
from .shards import recommended_shards
from .snowflake import iso_timestamp
from .state import (
    MESSAGE_FLAG_EPHEMERAL,
    MESSAGE_FLAG_LOADING,
    Attachment,
    Channel,
    Guild,
    Message,
    User,
)
from .threads import ThreadRoutes

if TYPE_CHECKING:
    from .fake import FakeDiscord

JSON = dict[str, Any]

#: message flags a bot may set on create / edit
_SETTABLE_FLAGS = (1 << 2) | (1 << 12) | (1 << 15) | MESSAGE_FLAG_EPHEMERAL


def _snowflake(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DiscordError(400, 50035, f"Value {value!r} is not snowflake.") from None


class RestApi:
    """Registers and implements every REST route the fake knows."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world
        self.router = Router()
        self._nonces: dict[tuple[int, str], tuple[int, float]] = {}
        self.interactions = InteractionRoutes(self)
        self.threads = ThreadRoutes(self)
        self.history = MessageHistory(self)
        self.commands = CommandRoutes(self)
        self._register()

    # ----- table --------------------------------------------------------------------------------

    def _register(self) -> None:
        add = self.router.add
        add("GET", "/gateway", self.get_gateway)
        add("GET", "/gateway/bot", self.get_gateway_bot)
        add("GET", "/users/@me", self.get_me)
        add("POST", "/users/@me/channels", self.create_dm)
        add("GET", "/users/{user_id}", self.get_user)
        add("GET", "/oauth2/applications/@me", self.get_application)
        add("GET", "/applications/@me", self.get_application)
        # application commands
        self.commands.register(self.router)
        # guilds
        add("GET", "/guilds/{guild_id}", self.get_guild)
        add("GET", "/guilds/{guild_id}/channels", self.get_guild_channels)
        add("GET", "/guilds/{guild_id}/roles", self.get_guild_roles)
        add("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member)
        # channels and messages
        add("GET", "/channels/{channel_id}", self.get_channel)
        add("PATCH", "/channels/{channel_id}", self.edit_channel)
        add("DELETE", "/channels/{channel_id}", self.delete_channel)
        add("POST", "/channels/{channel_id}/typing", self.typing)
        add("GET", "/channels/{channel_id}/messages", self.history.list_messages)
        add("POST", "/channels/{channel_id}/messages", self.create_message)
        add("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message)
        add("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message)
        add("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        add(
            "POST", "/channels/{channel_id}/messages/{message_id}/threads", self.thread_from_message
        )
        add(
            "PUT",
            "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
            self.no_content,
        )
        add(
            "DELETE",
            "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me",
            self.no_content,
        )
        self.threads.register(self.router)
        # interactions
        answers = self.interactions
        add("POST", "/interactions/{interaction_id}/{interaction_token}/callback", answers.callback)
        hook = "/webhooks/{webhook_id}/{webhook_token}"
        add("POST", hook, answers.followup)
        add("GET", hook + "/messages/@original", answers.get_original)
        add("PATCH", hook + "/messages/@original", answers.edit_original)
        add("DELETE", hook + "/messages/@original", answers.delete_original)
        add("GET", hook + "/messages/{message_id}", answers.get_webhook_message)
        add("PATCH", hook + "/messages/{message_id}", answers.edit_webhook_message)
        add("DELETE", hook + "/messages/{message_id}", answers.delete_webhook_message)

    # ----- helpers ------------------------------------------------------------------------------

    def channel(self, ctx: RequestContext, name: str = "channel_id") -> Channel:
        channel = self.world.channels.get(ctx.param_id(name))
        if channel is None or channel.deleted:
            raise DiscordError(404, 10003)
        self.fake.installs.require_bot_access(channel)
        return channel

    def message(self, channel: Channel, message_id: int) -> Message:
        message = self.world.messages.get(channel.id, {}).get(message_id)
        if message is None or message.deleted or message.ephemeral:
            raise DiscordError(404, 10008)
        return message

    def require(self, channel: Channel, *bits: int) -> None:
        if channel.is_dm:
            return
        have = self.world.bot_permissions_in(channel)
        if not have & VIEW_CHANNEL or not self.threads.membership.can_view(channel, self.world.bot):
            raise DiscordError(403, 50001)
        for bit in bits:
            if not have & bit:
                raise DiscordError(403, 50013)

    def _attachments(
        self,
        channel_id: int,
        body: JSON,
        files: list[UploadedFile],
        existing: list[Attachment] | None = None,
    ) -> list[Attachment] | None:
        """Attachments after applying ``body['attachments']`` and uploaded files; None if the
        request does not touch attachments."""
        meta = body.get("attachments")
        if meta is None and not files:
            return None
        by_index: dict[str, JSON] = {}
        keep_ids: set[int] = set()
        for item in meta or []:
            if not isinstance(item, dict):
                continue
            by_index[str(item.get("id"))] = item
            ident = str(item.get("id"))
            if ident.isdigit():
                keep_ids.add(int(ident))
        result = [a for a in (existing or []) if meta is not None and a.id in keep_ids]
        if meta is None and existing:
            result = list(existing)
        for upload in files:
            index = upload.field_name.removeprefix("files[").removesuffix("]")
            item = by_index.get(index, {})
            attachment_id = self.world.snowflakes.next()
            filename = str(item.get("filename") or upload.filename)
            result.append(
                Attachment(
                    id=attachment_id,
                    filename=filename,
                    data=upload.data,
                    content_type=upload.content_type,
                    description=item.get("description"),
                    url=f"{self.fake.base_url}/attachments/{channel_id}/{attachment_id}/{filename}",
                )
            )
        return result

    def _check_not_empty(self, message: Message) -> None:
        if not (
            message.content
            or message.embeds
            or message.attachments
            or message.components
            or message.poll
            or message.loading
        ):
            raise DiscordError(400, 50006, "Cannot send an empty message")

    def new_message(
        self,
        channel: Channel,
        body: JSON,
        files: list[UploadedFile],
        *,
        author: User,
        interaction: InteractionRecord | None = None,
        flags: int | None = None,
    ) -> Message:
        """Build (not store) a message from a create body."""
        embeds = list(body.get("embeds") or [])
        if body.get("embed"):
            embeds.append(body["embed"])
        message = Message(
            id=self.world.snowflakes.next(),
            channel_id=channel.id,
            author_id=author.id,
            guild_id=channel.guild_id,
            content=str(body.get("content") or ""),
            embeds=embeds,
            components=list(body.get("components") or []),
            flags=(int(body.get("flags") or 0) & _SETTABLE_FLAGS) if flags is None else flags,
            nonce=body.get("nonce"),
            tts=bool(body.get("tts")),
            message_reference=body.get("message_reference"),
            poll=body.get("poll"),
        )
        if interaction is not None:
            message.webhook_id = self.world.application_id
            message.application_id = self.world.application_id
            message.interaction_id = interaction.id
            message.type = 20 if interaction.type == APPLICATION_COMMAND else 0
        elif message.message_reference:
            message.type = 19
        message.attachments = self._attachments(channel.id, body, files) or []
        for attachment in message.attachments:
            attachment.ephemeral = message.ephemeral
        check_message(body)
        self._check_not_empty(message)
        if author.id == self.world.bot.id:
            kind = "interaction response" if interaction is not None else "message"
            self.fake.audit.inspect(
                f"{kind} in {self.place(channel)}", body, replied_author=self._replied(body)
            )
        return message

    def readable(self, message: Message) -> JSON:
        """A message as the bot may read it (others' words only with the Message Content
        intent enabled for the application, unless they mention it)."""
        content_intent = bool(self.fake.privileged_intents & MESSAGE_CONTENT)
        return readable(
            self.world, self.world.message_payload(message), message_content=content_intent
        )

    def place(self, channel: Channel) -> str:
        """A channel as a person would name it, for the audit's report."""
        return f"#{channel.name}" if channel.name else f"DM channel {channel.id}"

    def _replied(self, body: JSON) -> int | None:
        reference = body.get("message_reference")
        if not isinstance(reference, dict) or reference.get("message_id") is None:
            return None
        replied = self.world.find_message(_snowflake(reference["message_id"]))
        return replied.author_id if replied is not None else None

    async def publish(self, message: Message) -> Message:
        """Store a message and dispatch MESSAGE_CREATE (unless it is ephemeral)."""
        self.world.store_message(message)
        if not message.ephemeral:
            await self.fake.dispatch("MESSAGE_CREATE", self.world.message_payload(message))
        self.fake.notifier.notify()
        return message

    async def apply_edit(self, message: Message, body: JSON, files: list[UploadedFile]) -> Message:
        """Apply an edit body to a message and dispatch MESSAGE_UPDATE."""
        was_loading = message.loading
        check_message(body)
        if message.author_id == self.world.bot.id:
            channel = self.world.channels.get(message.channel_id)
            place = self.place(channel) if channel is not None else f"channel {message.channel_id}"
            self.fake.audit.inspect(f"edit of message {message.id} in {place}", body)
        if "content" in body:
            message.content = str(body.get("content") or "")
        if "embeds" in body or "embed" in body:
            embeds = list(body.get("embeds") or [])
            if body.get("embed"):
                embeds.append(body["embed"])
            message.embeds = embeds
        if "components" in body:
            message.components = list(body.get("components") or [])
        if body.get("flags") is not None:
            keep = message.flags & MESSAGE_FLAG_EPHEMERAL
            message.flags = keep | (int(body["flags"]) & _SETTABLE_FLAGS & ~MESSAGE_FLAG_EPHEMERAL)
        if "poll" in body and body["poll"] is not None:
            message.poll = body["poll"]
        attachments = self._attachments(message.channel_id, body, files, message.attachments)
        if attachments is not None:
            message.attachments = attachments
        message.flags &= ~MESSAGE_FLAG_LOADING
        if not was_loading:
            message.edited_timestamp = iso_timestamp()
        self._check_not_empty(message)
        if not message.ephemeral:
            await self.fake.dispatch("MESSAGE_UPDATE", self.world.message_payload(message))
        self.fake.notifier.notify()
        return message

    async def remove_message(self, message: Message) -> None:
        """Mark a message deleted and dispatch MESSAGE_DELETE (a thread's ``message_count``
        goes down, its ``total_message_sent`` does not)."""
        message.deleted = True
        channel = self.world.channels.get(message.channel_id)
        if channel is not None and channel.is_thread and not message.ephemeral:
            channel.message_count = max(0, channel.message_count - 1)
        if not message.ephemeral:
            data: JSON = {"id": str(message.id), "channel_id": str(message.channel_id)}
            if message.guild_id is not None:
                data["guild_id"] = str(message.guild_id)
            await self.fake.dispatch("MESSAGE_DELETE", data)
        self.fake.notifier.notify()

    # ----- misc ---------------------------------------------------------------------------------

    async def no_content(self, ctx: RequestContext) -> None:
        """Accept and do nothing (204)."""
        if "channel_id" in ctx.params:
            self.channel(ctx)

    async def typing(self, ctx: RequestContext) -> None:
        self.channel(ctx)

    async def get_gateway(self, ctx: RequestContext) -> JSON:
        return {"url": self.fake.gateway_url}

    async def get_gateway_bot(self, ctx: RequestContext) -> JSON:
        return {
            "url": self.fake.gateway_url,
            "shards": recommended_shards(len(self.world.guilds)),
            "session_start_limit": self.fake.gateway.start_limit.to_payload(),
        }

    async def get_me(self, ctx: RequestContext) -> JSON:
        data = self.world.bot.to_payload()
        data.update(
            {"bot": True, "verified": True, "mfa_enabled": False, "email": None, "locale": "en-US"}
        )
        return data

    async def get_user(self, ctx: RequestContext) -> JSON:
        user = self.world.users.get(ctx.param_id("user_id"))
        if user is None:
            raise DiscordError(404, 10013)
        return user.to_payload()

    async def get_application(self, ctx: RequestContext) -> JSON:
        world = self.world
        owner = self.fake.application_owner
        return {
            "id": str(world.application_id),
            "name": world.bot.username,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot": world.bot.to_payload(),
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": 0,
            "owner": owner.to_payload(),
            "team": None,
            "rpc_origins": [],
            "tags": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "approximate_guild_count": len(world.guilds),
            "approximate_user_install_count": len(self.fake.installs.users),
            "integration_types_config": self.fake.installs.integration_types_config(),
            "event_webhooks_status": 1,
            "event_webhooks_types": [],
            "event_webhooks_url": None,
        }

    async def create_dm(self, ctx: RequestContext) -> JSON:
        body = ctx.body if isinstance(ctx.body, dict) else {}
        user = self.world.users.get(_snowflake(body.get("recipient_id")))
        if user is None:
            raise DiscordError(400, 50035, "Invalid recipient")
        # Discord no longer sends CHANNEL_CREATE for DMs to bots (discord.py would drop it).
        return self.world.channel_payload(self.world.dm_channel(user))

    # ----- guilds -------------------------------------------------------------------------------

    def _guild(self, ctx: RequestContext) -> Guild:
        guild = self.world.guilds.get(ctx.param_id("guild_id"))
        if guild is None:
            raise DiscordError(404, 10004)
        return guild

    async def get_guild(self, ctx: RequestContext) -> JSON:
        data = self.world.guild_create_payload(self._guild(ctx))
        for key in (
            "members",
            "channels",
            "threads",
            "presences",
            "voice_states",
            "joined_at",
            "large",
            "member_count",
        ):
            data.pop(key, None)
        return data

    async def get_guild_channels(self, ctx: RequestContext) -> list[JSON]:
        guild = self._guild(ctx)
        return [
            self.world.channel_payload(self.world.channels[c])
            for c in guild.channel_ids
            if not self.world.channels[c].deleted and not self.world.channels[c].is_thread
        ]

    async def get_guild_roles(self, ctx: RequestContext) -> list[JSON]:
        return [r.to_payload() for r in self._guild(ctx).roles.values()]

    async def get_member(self, ctx: RequestContext) -> JSON:
        guild = self._guild(ctx)
        member = guild.members.get(ctx.param_id("user_id"))
        if member is None:
            raise DiscordError(404, 10007, "Unknown Member")
        return member.to_payload()

    # ----- channels -----------------------------------------------------------------------------

    async def get_channel(self, ctx: RequestContext) -> JSON:
        return self.world.channel_payload(self.channel(ctx))

    async def edit_channel(self, ctx: RequestContext) -> JSON:
        channel = self.channel(ctx)
        body = ctx.body or {}
        for key in (
            "name",
            "topic",
            "archived",
            "locked",
            "auto_archive_duration",
            "rate_limit_per_user",
            "nsfw",
        ):
            if key in body and body[key] is not None:
                setattr(channel, key, body[key])
        payload = self.world.channel_payload(channel)
        await self.fake.dispatch(
            "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE", payload
        )
        return payload

    async def delete_channel(self, ctx: RequestContext) -> JSON:
        channel = self.channel(ctx)
        payload = self.world.channel_payload(channel)
        channel.deleted = True
        await self.fake.dispatch(
            "THREAD_DELETE" if channel.is_thread else "CHANNEL_DELETE", payload
        )
        return payload

    async def get_message(self, ctx: RequestContext) -> JSON:
        channel = self.channel(ctx)
        return self.readable(self.message(channel, ctx.param_id("message_id")))

    async def create_message(self, ctx: RequestContext) -> JSON:
        channel = self.channel(ctx)
        body: JSON = ctx.body if isinstance(ctx.body, dict) else {}
        bot = self.world.bot
        if channel.is_dm:
            recipient = self.world.users.get(channel.recipients[0]) if channel.recipients else None
            if recipient is not None:
                self.fake.installs.require_reachable(recipient)
            if recipient is not None and recipient.dms_closed:
                raise DiscordError(403, 50007)
        else:
            self.require(channel, SEND_MESSAGES_IN_THREADS if channel.is_thread else SEND_MESSAGES)
            await self.threads.wake(channel, bot)
        nonce = body.get("nonce")
        key = (bot.id, str(nonce))
        now = time.monotonic()
        self._nonces = {
            k: v for k, v in self._nonces.items() if now - v[1] < self.fake.nonce_window
        }
        if nonce is not None and body.get("enforce_nonce") and key in self._nonces:
            original = self.world.find_message(self._nonces[key][0])
            if original is not None:
                return self.world.message_payload(original)
        message = self.new_message(channel, body, ctx.files, author=bot)
        if nonce is not None and body.get("enforce_nonce"):
            self._nonces[key] = (message.id, now)
        await self.publish(message)
        return self.world.message_payload(message)

    async def edit_message(self, ctx: RequestContext) -> JSON:
        channel = self.channel(ctx)
        message = self.message(channel, ctx.param_id("message_id"))
        body = ctx.body if isinstance(ctx.body, dict) else {}
        if message.author_id != self.world.bot.id:
            only_flags = set(body) <= {"flags"}
            if not only_flags:
                raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
        await self.apply_edit(message, body, ctx.files)
        return self.world.message_payload(message)

    async def delete_message(self, ctx: RequestContext) -> None:
        channel = self.channel(ctx)
        message = self.message(channel, ctx.param_id("message_id"))
        if message.author_id != self.world.bot.id:
            self.require(channel, MANAGE_MESSAGES)
        await self.remove_message(message)

    async def thread_from_message(self, ctx: RequestContext) -> JSON:
        channel = self.channel(ctx)
        message = self.message(channel, ctx.param_id("message_id"))
        if channel.is_dm or channel.is_thread:
            raise DiscordError(400, 50024, "Cannot execute action on this channel type")
        if message.thread_id is not None:
            raise DiscordError(400, 160004, "A thread has already been created for this message")
        self.require(channel, CREATE_PUBLIC_THREADS)
        body = ctx.body or {}
        thread = self.world.add_thread(
            channel,
            str(body.get("name") or "thread"),
            owner=self.world.bot,
            thread_id=message.id,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        message.thread_id = thread.id
        payload = self.world.channel_payload(thread)
        await self.fake.dispatch("THREAD_CREATE", {**payload, "newly_created": True})
        joined = self.threads.membership.update_event(thread, added=(self.world.bot.id,))
        await self.fake.dispatch("THREAD_MEMBERS_UPDATE", joined)
        self.fake.notifier.notify()
        return payload

    # ----- static files -------------------------------------------------------------------------

    async def attachment(self, request: web.Request) -> web.StreamResponse:
        """Serve an attachment's bytes (the fake's CDN)."""
        channel_id = int(request.match_info["channel_id"])
        attachment_id = int(request.match_info["attachment_id"])
        for message in self.world.messages.get(channel_id, {}).values():
            for attachment in message.attachments:
                if attachment.id == attachment_id:
                    return web.Response(
                        body=attachment.data,
                        headers={
                            "Content-Type": attachment.content_type or "application/octet-stream"
                        },
                    )
        raise web.HTTPNotFound()
