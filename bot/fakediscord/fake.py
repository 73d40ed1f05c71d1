"""FakeDiscord: a local Discord (REST v10 + gateway v10) for driving a real discord.py client."""

# ruff: noqa: ASYNC109 - awaiting with a timeout is the API tests want

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import discord.gateway
import discord.http
import yarl
from aiohttp import BodyPartReader, web

from .acting import UserActions
from .audit import Audit
from .faults import DiscordError, FaultRule
from .gateway import Gateway, GatewayStats
from .installs import InstallActions, Installs
from .intents import EventShaper
from .interactions import (
    InteractionRecord,
    ModalInfo,
    PayloadBuilder,
)
from .members import MemberActions
from .notify import Notifier
from .permissions import ADMINISTRATOR, DEFAULT_EVERYONE, MANAGE_GUILD
from .ratelimits import RateLimits
from .records import RecordedRequest, UploadedFile, ValidationFailure
from .rest import RestApi
from .routing import RequestContext
from .shards import GuildBatch
from .state import (
    DEFAULT_BOT_PERMISSIONS,
    Channel,
    ChannelType,
    Guild,
    Member,
    Message,
    Role,
    User,
    World,
)
from .uploads import Uploads

_log = logging.getLogger(__name__)

T = TypeVar("T")
JSON = dict[str, Any]
Validator = Callable[[str, str, Any], None]

API_PREFIX = "/api/v10"
_SELECT_TYPES = frozenset({3, 5, 6, 7, 8})


def _json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    # discord.py only parses JSON when Content-Type is exactly "application/json".
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(body=json.dumps(data).encode(), status=status, headers=all_headers)


class FakeDiscord(UserActions, InstallActions):
    """A local fake of Discord's REST API and gateway that a real discord.py bot can use.

    Build the world (guilds, channels, users), ``await start()``, point discord.py at
    :attr:`api_base` and :attr:`gateway_url` (see :meth:`patch_discord`), then act as users
    (:meth:`slash`, :meth:`click`, …) and inspect what the bot did.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_name: str = "Kindred",
        application_id: int | None = None,
        token: str | None = None,
        validator: Validator | None = None,
        interaction_timeout: float = 3.0,
        followup_window: float = 15 * 60.0,
        nonce_window: float = 10 * 60.0,
        heartbeat_interval_ms: int = 41_250,
        rate_limit_headers: bool = True,
        privileged_intents: int = 0,
        rate_limits: RateLimits | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.token = token
        self.validator = validator
        self.interaction_timeout = interaction_timeout
        self.followup_window = followup_window
        self.nonce_window = nonce_window
        self.rate_limit_headers = rate_limit_headers
        #: Discord's global and per-route limits, enforced only when given (opt-in: the
        #: suite's tests post faster than 5 messages per 5 s to one channel)
        self.rate_limits = rate_limits
        #: the privileged intents enabled for the application in the developer portal
        #: (GUILD_MEMBERS 1 << 1, MESSAGE_CONTENT 1 << 15); Kindred needs none
        self.privileged_intents = privileged_intents
        self.world = World(bot_name=bot_name, application_id=application_id)
        self.installs = Installs(self)
        self.notifier = Notifier()
        self.gateway = Gateway(
            self.world,
            self.notifier,
            resume_url=lambda: self.gateway_url,
            heartbeat_interval_ms=heartbeat_interval_ms,
        )
        self.application_owner: User = self.world.add_user(f"{bot_name.lower()}-owner")
        self.requests: list[RecordedRequest] = []
        self.validation_errors: list[ValidationFailure] = []
        self.internal_errors: list[str] = []
        self.faults: list[FaultRule] = []
        self.commands: dict[int | None, list[JSON]] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.interactions_by_token: dict[str, InteractionRecord] = {}
        self.modals: list[tuple[InteractionRecord, ModalInfo]] = []
        self.builder = PayloadBuilder(self.world)
        self.audit = Audit(self.world)
        self.rest = RestApi(self)
        self.members = MemberActions(self)
        self.uploads = Uploads(self.world)
        self.builder.uploads = self.uploads
        self.gateway.shape = EventShaper(self.world, self.rest.threads.membership)
        self._runner: web.AppRunner | None = None
        self._pending: set[asyncio.Task[None]] = set()
        self._removed_guilds: dict[int, Guild] = {}
        self._guild_batch = GuildBatch(self.world)

    # ----- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        """Start serving on ``host:port`` (port 0 picks a free one)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get(
            "/attachments/{channel_id}/{attachment_id}/{filename}", self.rest.attachment
        )
        app.router.add_get(
            "/ephemeral-attachments/{channel_id}/{attachment_id}/{filename}", self.uploads.serve
        )
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._handle_api)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        self.world.attachment_base = self.base_url
        return self

    async def stop(self) -> None:
        """Close every websocket and stop serving."""
        await self.settle()
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """``http://host:port``."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """The value for ``discord.http.Route.BASE``."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        """The websocket URL (for ``DiscordWebSocket.DEFAULT_GATEWAY``)."""
        return f"ws://{self.host}:{self.port}/gateway"

    @contextlib.contextmanager
    def patch_discord(self) -> Iterator[None]:
        """Point discord.py (``Route.BASE`` and the default gateway) at this fake, restoring
        the previous values on exit."""
        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    # ----- waiting --------------------------------------------------------------------------------

    async def wait_until(
        self, probe: Callable[[], T | None], timeout: float = 5.0, what: str = ""
    ) -> T:
        """Wait until ``probe()`` returns something other than None or False (re-checked
        whenever the fake's state changes) and return it; ``TimeoutError`` after ``timeout``
        seconds. An empty list counts as an answer: return ``len(x) >= 1`` to wait for items."""
        return await self.notifier.wait_for(probe, timeout, what)

    async def wait_for_request(
        self, predicate: Callable[[RecordedRequest], bool], timeout: float = 5.0
    ) -> RecordedRequest:
        """Wait for (or find) the first recorded request matching ``predicate``."""
        return await self.wait_until(
            lambda: next((r for r in self.requests if predicate(r)), None),
            timeout,
            "a matching request",
        )

    async def wait_for_connection(self, timeout: float = 5.0) -> None:
        """Wait until the bot has a live gateway connection."""
        await self.wait_until(lambda: self.gateway.connected, timeout, "a gateway connection")

    async def settle(self) -> None:
        """Wait for gateway events queued by the synchronous world-building methods."""
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    # ----- requests log ---------------------------------------------------------------------------

    def find_requests(
        self,
        method: str | None = None,
        route: str | re.Pattern[str] | None = None,
        predicate: Callable[[RecordedRequest], bool] | None = None,
    ) -> list[RecordedRequest]:
        """Recorded requests filtered by method, route template (or regex over the path) and
        predicate."""
        out = []
        for req in self.requests:
            if method is not None and req.method != method.upper():
                continue
            if isinstance(route, re.Pattern):
                if not route.search(req.path):
                    continue
            elif route is not None and req.route != route:
                continue
            if predicate is not None and not predicate(req):
                continue
            out.append(req)
        return out

    @property
    def unknown_requests(self) -> list[RecordedRequest]:
        """Requests no route matched (they were answered 404/405)."""
        return [r for r in self.requests if r.route is None]

    # ----- gateway --------------------------------------------------------------------------------

    @property
    def stats(self) -> GatewayStats:
        """Gateway counters (identifies, resumes, connections, heartbeats…)."""
        return self.gateway.stats

    @property
    def identify_count(self) -> int:
        """How many IDENTIFYs the gateway received."""
        return self.gateway.stats.identifies

    @property
    def resume_count(self) -> int:
        """How many successful RESUMEs the gateway served."""
        return self.gateway.stats.resumes

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a gateway DISPATCH event to the bot (none from where it is not)."""
        if not self.installs.hidden_from_bot(event, data):
            await self.gateway.dispatch(event, data)

    async def drop_gateway(self, resumable: bool = True, *, code: int = 4000) -> None:
        """Disconnect the bot: close code ``code`` (it RESUMEs), or with ``resumable=False`` an
        INVALID_SESSION (d=false) so it IDENTIFYs again."""
        await self.gateway.drop(resumable=resumable, code=code)

    def _schedule(self, event: str, data: JSON) -> None:
        if not self.gateway.live_sessions:
            return
        task = asyncio.get_running_loop().create_task(self.dispatch(event, data))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    # ----- faults ---------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        route: str | re.Pattern[str],
        status: int,
        *,
        code: int | None = None,
        retry_after: float | None = None,
        times: int = 1,
        global_: bool = False,
        message: str | None = None,
    ) -> FaultRule:
        """Answer the next ``times`` requests matching ``method`` ("*" for any) and ``route``
        (a template such as "/channels/{channel_id}/messages", or a compiled regex searched in
        the path) with ``status`` (429s carry retry_after, global and a Via header)."""
        if isinstance(route, str) and route not in {r.template for r in self.rest.router.routes}:
            raise ValueError(f"{route!r} is not a route template of the fake (or pass a regex)")
        rule = FaultRule(
            method=method.upper(),
            route=route,
            status=status,
            code=code,
            retry_after=retry_after,
            times=times,
            global_=global_,
            message=message,
        )
        self.faults.append(rule)
        return rule

    # ----- world ----------------------------------------------------------------------------------

    @property
    def bot_user(self) -> User:
        """The bot's own user."""
        return self.world.bot

    @property
    def application_id(self) -> int:
        """The application id (defaults to the bot user's id)."""
        return self.world.application_id

    def add_user(
        self,
        username: str,
        *,
        global_name: str | None = None,
        bot: bool = False,
        dms_closed: bool = False,
        locale: str = "en-US",
    ) -> User:
        """Create a user (``dms_closed`` makes DMs to them fail with 403 code 50007)."""
        return self.world.add_user(
            username, global_name=global_name, bot=bot, dms_closed=dms_closed, locale=locale
        )

    def add_guild(
        self,
        name: str,
        *,
        owner: User | None = None,
        everyone_permissions: int = DEFAULT_EVERYONE,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
        channels: Sequence[str] = ("general",),
    ) -> Guild:
        """Create a guild (with @everyone, its owner, the bot and its managed role, and text
        ``channels``). ``bot_permissions`` (every one but ADMINISTRATOR by default) is what the
        bot may do in its channels unless :meth:`set_bot_permissions` says otherwise."""
        guild = self.world.add_guild(
            name,
            owner=owner,
            everyone_permissions=everyone_permissions,
            bot_permissions=bot_permissions,
        )
        for channel_name in channels:
            self.world.add_channel(guild, channel_name)
        self._schedule("GUILD_CREATE", self._join_payload(guild))
        return guild

    def add_guilds(self, count: int, *, prefix: str = "server") -> list[Guild]:
        """Create ``count`` guilds at once (one owner, one ``general`` channel each), their ids
        spread over shards like real guilds'; sent to a connected bot only at its next IDENTIFY,
        so thousands cost no HTTP and no events."""
        return self._guild_batch.add(count, prefix=prefix)

    def _join_payload(self, guild: Guild) -> JSON:
        """GUILD_CREATE for a server the bot just joined: Discord leaves ``unavailable`` out
        (it is there only when an outage ends), and discord.py tells a join by that."""
        payload = self.world.guild_create_payload(guild)
        payload.pop("unavailable", None)
        return payload

    def remove_bot(self, guild: Guild) -> None:
        """The server removes the bot: GUILD_DELETE now, and absent from the next READY."""
        self._removed_guilds[guild.id] = self.world.guilds.pop(guild.id)
        self._schedule("GUILD_DELETE", {"id": str(guild.id)})

    def readd_bot(self, guild: Guild) -> None:
        """The server invites the bot back: GUILD_CREATE with everything it had."""
        self.world.guilds[guild.id] = self._removed_guilds.pop(guild.id)
        self._schedule("GUILD_CREATE", self._join_payload(guild))

    def add_role(self, guild: Guild, name: str, *, permissions: int = 0, color: int = 0) -> Role:
        """Create a role."""
        role = self.world.add_role(guild, name, permissions=permissions, color=color)
        self._schedule("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.to_payload()})
        return role

    def add_member(
        self,
        guild: Guild,
        user: User | str,
        *,
        roles: Sequence[Role] = (),
        nick: str | None = None,
        administrator: bool = False,
        manage_guild: bool = False,
    ) -> Member:
        """Add a user (or a new user with this name) to a guild. ``administrator`` /
        ``manage_guild`` give them a role with that permission."""
        if isinstance(user, str):
            user = self.add_user(user)
        all_roles = list(roles)
        if administrator:
            all_roles.append(self._perm_role(guild, "Admin", ADMINISTRATOR))
        if manage_guild:
            all_roles.append(self._perm_role(guild, "Manager", MANAGE_GUILD))
        member = self.world.add_member(guild, user, roles=all_roles, nick=nick)
        if self.gateway.intents & (1 << 1):
            self._schedule("GUILD_MEMBER_ADD", {**member.to_payload(), "guild_id": str(guild.id)})
        return member

    def _perm_role(self, guild: Guild, name: str, permissions: int) -> Role:
        for role in guild.roles.values():
            if role.name == name and role.permissions == permissions:
                return role
        return self.add_role(guild, name, permissions=permissions)

    def add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        channel_type: int = ChannelType.GUILD_TEXT,
        parent: Channel | None = None,
        topic: str | None = None,
        bot_permissions: int | None = None,
    ) -> Channel:
        """Create a guild channel (``bot_permissions`` None = the guild's default)."""
        channel = self.world.add_channel(
            guild,
            name,
            channel_type=channel_type,
            parent=parent,
            topic=topic,
            bot_permissions=bot_permissions,
        )
        self._schedule("CHANNEL_CREATE", self.world.channel_payload(channel))
        return channel

    def add_thread(
        self, parent: Channel, name: str, *, owner: User | None = None, private: bool = False
    ) -> Channel:
        """Create a thread (owned by ``owner``, or the guild owner)."""
        guild = self.world.guild_of(parent)
        if guild is None:
            raise ValueError("threads need a guild channel")
        owner = owner or self.world.users[guild.owner_id]
        thread = self.world.add_thread(parent, name, owner=owner, private=private)
        self._schedule(
            "THREAD_CREATE", {**self.world.channel_payload(thread), "newly_created": True}
        )
        return thread

    def dm_channel(self, user: User) -> Channel:
        """The DM channel between ``user`` and the bot (created on first use)."""
        return self.world.dm_channel(user)

    def channel(self, guild: Guild, name: str) -> Channel:
        """A guild channel by name."""
        for channel_id in guild.channel_ids:
            channel = self.world.channels[channel_id]
            if channel.name == name and not channel.deleted:
                return channel
        raise KeyError(f"no channel {name!r} in guild {guild.name!r}")

    def set_bot_permissions(self, channel: Channel | Guild, permissions: int) -> None:
        """Set what the bot may do in a channel (or a guild's default). Sent as
        ``app_permissions``; missing SEND_MESSAGES makes sends fail with 403 code 50013. The
        bot sees it as Discord shows it: a member permission overwrite on the channel, or its
        managed role's permissions for a guild (CHANNEL_UPDATE / GUILD_ROLE_UPDATE is sent),
        so ``channel.permissions_for(guild.me)`` agrees."""
        for event in self.world.set_bot_permissions(channel, permissions):
            self._schedule(event["t"], event["d"])

    def delete_channel(self, channel: Channel) -> None:
        """Delete a channel: REST calls on it answer 404 code 10003."""
        channel.deleted = True
        event = "THREAD_DELETE" if channel.is_thread else "CHANNEL_DELETE"
        self._schedule(event, self.world.channel_payload(channel))

    def messages(self, channel: Channel, *, ephemeral: bool = False) -> list[Message]:
        """The channel's live messages, oldest first (with ``ephemeral`` ones too if asked)."""
        return self.world.channel_messages(channel, ephemeral=ephemeral)

    def last_message(self, channel: Channel) -> Message | None:
        """The channel's newest message."""
        messages = self.messages(channel)
        return messages[-1] if messages else None

    def get_message(self, message_id: int) -> Message | None:
        """A message by id."""
        return self.world.find_message(message_id)

    def commands_for(self, guild: Guild | None = None) -> list[JSON]:
        """The application commands registered globally (or for ``guild``)."""
        return list(self.commands.get(guild.id if guild else None, []))

    async def wait_for_message(
        self,
        channel: Channel,
        predicate: Callable[[Message], bool] | None = None,
        timeout: float = 5.0,
        *,
        after: int = 0,
    ) -> Message:
        """Wait for a message in ``channel`` (newer than id ``after``) matching ``predicate``."""
        return await self.wait_until(
            lambda: next(
                (
                    m
                    for m in self.messages(channel, ephemeral=True)
                    if m.id > after and (predicate is None or predicate(m))
                ),
                None,
            ),
            timeout,
            f"a message in channel {channel.id}",
        )

    # ----- HTTP plumbing ------------------------------------------------------------------------

    def _ratelimit_headers(self, route: str | None, params: Mapping[str, str]) -> dict[str, str]:
        if not self.rate_limit_headers:
            return {}
        bucket = hashlib.sha1(f"{route}".encode(), usedforsecurity=False).hexdigest()[:16]
        return {
            "X-RateLimit-Limit": "1000",
            "X-RateLimit-Remaining": "999",
            "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
            "X-RateLimit-Reset-After": "1.000",
            "X-RateLimit-Bucket": bucket,
        }

    async def _parse_body(self, request: web.Request) -> tuple[Any, list[UploadedFile]]:
        files: list[UploadedFile] = []
        if request.content_type.startswith("multipart/"):
            body: Any = None
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                if not isinstance(part, BodyPartReader):
                    continue
                name = part.name or ""
                raw = await part.read()
                if name == "payload_json":
                    body = json.loads(bytes(raw).decode())
                else:
                    files.append(
                        UploadedFile(
                            field_name=name,
                            filename=part.filename or name,
                            content_type=part.headers.get("Content-Type"),
                            data=bytes(raw),
                        )
                    )
            return body, files
        raw_body = await request.read()
        if not raw_body:
            return None, files
        return json.loads(raw_body.decode()), files

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:  # noqa: PLR0911, PLR0912
        method = request.method.upper()
        path = "/" + request.match_info["tail"]
        route, params, path_known = self.rest.router.match(method, path)
        template = route.template if route else None
        query = dict(request.query.items())
        record = RecordedRequest(method=method, path=path, route=template, query=query, body=None)
        headers = self._ratelimit_headers(template, params)
        try:
            record.body, record.files = await self._parse_body(request)
        except (ValueError, UnicodeDecodeError):
            return self._finish(
                record, DiscordError(400, 50109, "The request body contains invalid JSON."), headers
            )
        if route is None:
            err = DiscordError(
                405 if path_known else 404,
                0,
                "405: Method Not Allowed" if path_known else "404: Not Found",
            )
            _log.warning("fake discord: unknown route %s %s", method, path)
            return self._finish(record, err, headers)
        template = route.template
        if self.token is not None and not template.startswith(("/interactions", "/webhooks")):
            auth = request.headers.get("Authorization", "")
            if auth != f"Bot {self.token}":
                return self._finish(record, DiscordError(401, 0, "401: Unauthorized"), headers)
        if (refused := self._rate_limited(record, template, params, headers)) is not None:
            return refused
        if record.body is not None and self.validator is not None:
            try:
                self.validator(method, template, record.body)
            except Exception as exc:  # noqa: BLE001 - any validator failure is a 400
                failure = ValidationFailure(method, template, record.body, str(exc))
                self.validation_errors.append(failure)
                _log.warning("fake discord: invalid body for %s %s: %s", method, template, exc)
                err = DiscordError(
                    400,
                    50035,
                    "Invalid Form Body",
                    errors={"_errors": [{"code": "SCHEMA_VALIDATION", "message": str(exc)}]},
                )
                return self._finish(record, err, headers)
        for rule in self.faults:
            if rule.matches(method, template, path):
                rule.times -= 1
                rule.hits += 1
                record.fault = True
                return self._fault_response(record, rule, headers)
        ctx = RequestContext(
            request=request,
            method=method,
            route=template,
            params=params,
            query=query,
            body=record.body,
            files=record.files,
            record=record,
        )
        try:
            result = await route.handler(ctx)
        except DiscordError as err:
            return self._finish(record, err, headers)
        except Exception as exc:  # noqa: BLE001 - a crash in the fake must not kill the test
            _log.exception("fake discord: handler for %s %s crashed", method, path)
            self.internal_errors.append(f"{method} {path}: {exc!r}")
            # not a 5xx: discord.py would retry those for ~25 s
            return self._finish(record, DiscordError(400, 0, f"fake discord bug: {exc!r}"), headers)
        if isinstance(result, web.StreamResponse):
            record.status = result.status
            return self._record(record, result)
        if result is None:
            record.status = 204
            return self._record(record, web.Response(status=204, headers=headers))
        record.status = 200
        record.response = result
        return self._record(record, _json_response(result, 200, headers))

    def _rate_limited(
        self,
        record: RecordedRequest,
        template: str,
        params: Mapping[str, str],
        headers: dict[str, str],
    ) -> web.StreamResponse | None:
        if self.rate_limits is None:
            return None
        limited = self.rate_limits.admit(record.method, template, params, headers)
        if limited is None:
            return None
        record.status, record.response = 429, limited.body
        return self._record(record, _json_response(limited.body, 429, limited.headers))

    def _record(self, record: RecordedRequest, response: web.StreamResponse) -> web.StreamResponse:
        self.requests.append(record)
        self.notifier.notify()
        return response

    def _finish(
        self, record: RecordedRequest, err: DiscordError, headers: Mapping[str, str]
    ) -> web.StreamResponse:
        record.status = err.status
        record.error_code = err.code
        record.response = err.body()
        return self._record(record, _json_response(err.body(), err.status, headers))

    def _fault_response(
        self, record: RecordedRequest, rule: FaultRule, headers: Mapping[str, str]
    ) -> web.StreamResponse:
        body = rule.body()
        out = dict(headers)
        if rule.status == 429:
            retry_after = float(body["retry_after"])
            out.update(
                {
                    "Via": "1.1 google",
                    "Retry-After": str(max(1, int(retry_after + 0.999))),
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                    "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                    "X-RateLimit-Scope": "global" if rule.global_ else "user",
                }
            )
            if rule.global_:
                out["X-RateLimit-Global"] = "true"
        record.status = rule.status
        record.error_code = body.get("code")
        record.response = body
        return self._record(record, _json_response(body, rule.status, out))
