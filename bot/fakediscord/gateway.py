"""The fake gateway (v10): HELLO, IDENTIFY/READY, RESUME, heartbeats and event dispatch."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .notify import Notifier
from .shards import MAX_GUILDS_PER_SHARD, SessionStartLimit, receives, refusal, shard_for
from .state import World

_log = logging.getLogger(__name__)

JSON = dict[str, Any]

# opcodes
DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
PRESENCE_UPDATE = 3
VOICE_STATE_UPDATE = 4
RESUME = 6
RECONNECT = 7
REQUEST_GUILD_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

ZLIB_SUFFIX = b"\x00\x00\xff\xff"


class _Connection:
    """One websocket connection, with optional zlib-stream transport compression."""

    def __init__(self, ws: web.WebSocketResponse, *, compress: bool) -> None:
        self.ws = ws
        self._zlib = zlib.compressobj() if compress else None

    @property
    def closed(self) -> bool:
        return self.ws.closed

    async def send(self, frame: JSON) -> None:
        text = json.dumps(frame, separators=(",", ":"))
        if self._zlib is not None:
            data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
            await self.ws.send_bytes(data)
        else:
            await self.ws.send_str(text)


@dataclass
class GatewaySession:
    """A gateway session: survives disconnects so the client can RESUME it."""

    id: str
    intents: int
    shard: list[int] | None
    sequence: int = 0
    buffer: list[tuple[int, JSON]] = field(default_factory=list)
    connection: _Connection | None = None
    valid: bool = True
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass
class GatewayStats:
    """Counters tests can assert on."""

    connections: int = 0
    compressed_connections: int = 0
    identifies: int = 0
    resumes: int = 0
    heartbeats: int = 0
    invalid_sessions: int = 0
    ops_received: list[int] = field(default_factory=list)


class Gateway:
    """Serves ``/gateway`` websockets and dispatches events to every live session."""

    def __init__(
        self,
        world: World,
        notifier: Notifier,
        *,
        resume_url: Callable[[], str],
        heartbeat_interval_ms: int = 41_250,
        replay_limit: int = 1000,
    ) -> None:
        self.world = world
        self.notifier = notifier
        self._resume_url = resume_url
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.replay_limit = replay_limit
        self.sessions: dict[str, GatewaySession] = {}
        self.stats = GatewayStats()
        self.dispatched: list[tuple[str, JSON]] = []
        #: ``shape(intents, event, data)``: what a session with those intents gets (None: the
        #: event is not sent to it); every event goes to every session unchanged without it.
        self.shape: Callable[[int, str, JSON], JSON | None] | None = None
        self._connections: set[web.WebSocketResponse] = set()
        #: More guilds than this on one session close it with 4011, as Discord does.
        self.max_guilds_per_shard = MAX_GUILDS_PER_SHARD
        self.start_limit = SessionStartLimit()

    # ----- public ---------------------------------------------------------------------------

    @property
    def live_sessions(self) -> list[GatewaySession]:
        """Sessions that are valid (connected or waiting to be resumed)."""
        return [s for s in self.sessions.values() if s.valid]

    @property
    def connected(self) -> bool:
        """Whether some session has an open websocket that completed READY/RESUMED."""
        return any(s.connection is not None and not s.connection.closed for s in self.live_sessions)

    @property
    def intents(self) -> int:
        """The intents of the newest live session (0 when none)."""
        live = self.live_sessions
        return live[-1].intents if live else 0

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a DISPATCH event to every live session (buffered for RESUME when disconnected)."""
        self.dispatched.append((event, data))
        for session in self.live_sessions:
            if not receives(session.shard, event, data):
                continue
            payload = self.shape(session.intents, event, data) if self.shape else data
            if payload is None:
                continue
            async with session.lock:
                session.sequence += 1
                frame = {"op": DISPATCH, "t": event, "s": session.sequence, "d": payload}
                session.buffer.append((session.sequence, frame))
                del session.buffer[: -self.replay_limit]
                if session.connection is not None and not session.connection.closed:
                    with contextlib.suppress(ConnectionError, RuntimeError):
                        await session.connection.send(frame)
        self.notifier.notify()

    async def drop(self, *, resumable: bool = True, code: int = 4000) -> None:
        """Disconnect the bot.

        ``resumable``: close the socket with ``code`` (4000 by default), keeping the session so
        the client RESUMEs through ``resume_gateway_url``. Otherwise send INVALID_SESSION
        (``d=false``) and forget the session, so the client IDENTIFYs again.
        """
        for session in self.live_sessions:
            conn = session.connection
            if not resumable:
                session.valid = False
                self.stats.invalid_sessions += 1
                if conn is not None and not conn.closed:
                    with contextlib.suppress(ConnectionError, RuntimeError):
                        await conn.send({"op": INVALID_SESSION, "d": False})
                continue
            session.connection = None
            if conn is not None and not conn.closed:
                await conn.ws.close(code=code, message=b"fake gateway drop")
        self.notifier.notify()

    async def reconnect_request(self) -> None:
        """Send op 7 RECONNECT, asking the client to reconnect and resume."""
        for session in self.live_sessions:
            conn = session.connection
            if conn is not None and not conn.closed:
                await conn.send({"op": RECONNECT, "d": None})

    async def close(self) -> None:
        """Close every websocket (used when the fake stops)."""
        for ws in list(self._connections):
            with contextlib.suppress(Exception):
                await ws.close(code=1001, message=b"fake discord stopping")

    # ----- websocket handler ------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """aiohttp handler for the gateway websocket."""
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        self._connections.add(ws)
        self.stats.connections += 1
        compress = request.query.get("compress") == "zlib-stream"
        self.stats.compressed_connections += compress
        conn = _Connection(ws, compress=compress)
        session: GatewaySession | None = None
        try:
            await conn.send(
                {
                    "op": HELLO,
                    "d": {
                        "heartbeat_interval": self.heartbeat_interval_ms,
                        "_trace": ["fake-discord"],
                    },
                }
            )
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    if msg.type is WSMsgType.BINARY:
                        await ws.close(code=4002, message=b"binary payloads unsupported")
                    break
                try:
                    frame = json.loads(msg.data)
                except ValueError:
                    await ws.close(code=4002, message=b"decode error")
                    break
                session = await self._on_frame(conn, session, frame)
        finally:
            self._connections.discard(ws)
            if session is not None and session.connection is conn:
                session.connection = None
            self.notifier.notify()
        return ws

    async def _on_frame(
        self, conn: _Connection, session: GatewaySession | None, frame: JSON
    ) -> GatewaySession | None:
        op = frame.get("op")
        data = frame.get("d")
        self.stats.ops_received.append(int(op) if isinstance(op, int) else -1)
        if op == HEARTBEAT:
            self.stats.heartbeats += 1
            await conn.send({"op": HEARTBEAT_ACK})
            return session
        if op == IDENTIFY:
            return await self._identify(conn, data or {})
        if op == RESUME:
            return await self._resume(conn, data or {})
        if op == REQUEST_GUILD_MEMBERS and session is not None:
            await self._members_chunk(session, data or {})
            return session
        if op in (PRESENCE_UPDATE, VOICE_STATE_UPDATE):
            return session
        _log.debug("fake gateway ignoring op %s", op)
        return session

    async def _identify(self, conn: _Connection, data: JSON) -> GatewaySession | None:
        self.stats.identifies += 1
        self.start_limit.used += 1
        world = self.world
        refused = refusal(
            data.get("shard"), list(world.guilds), max_guilds=self.max_guilds_per_shard
        )
        if refused is not None:
            await conn.ws.close(code=refused[0], message=refused[1].encode())
            return None
        session = GatewaySession(
            id=secrets.token_hex(16), intents=int(data.get("intents") or 0), shard=data.get("shard")
        )
        self.sessions[session.id] = session
        shard_id, num_shards = session.shard or (0, 1)
        guilds = [g for g in world.guilds.values() if shard_for(g.id, num_shards) == shard_id]
        bot = world.bot.to_payload()
        bot.update({"verified": True, "mfa_enabled": False, "email": None, "bot": True})
        ready: JSON = {
            "v": 10,
            "user": bot,
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self._resume_url(),
            "application": {"id": str(world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "_trace": ["fake-discord"],
        }
        if session.shard is not None:
            ready["shard"] = session.shard
        async with session.lock:
            session.connection = conn
            frames = [("READY", ready)] + [
                ("GUILD_CREATE", world.guild_create_payload(g)) for g in guilds
            ]
            for event, payload in frames:
                shaped = self.shape(session.intents, event, payload) if self.shape else payload
                session.sequence += 1
                frame = {"op": DISPATCH, "t": event, "s": session.sequence, "d": shaped}
                session.buffer.append((session.sequence, frame))
                await conn.send(frame)
        self.notifier.notify()
        return session

    async def _resume(self, conn: _Connection, data: JSON) -> GatewaySession | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or not session.valid:
            self.stats.invalid_sessions += 1
            await conn.send({"op": INVALID_SESSION, "d": False})
            return None
        self.stats.resumes += 1
        seq = int(data.get("seq") or 0)
        async with session.lock:
            old = session.connection
            session.connection = conn
            if old is not None and old is not conn and not old.closed:
                await old.ws.close(code=4000)
            for frame_seq, frame in session.buffer:
                if frame_seq > seq:
                    await conn.send(frame)
            session.sequence += 1
            frame = {"op": DISPATCH, "t": "RESUMED", "s": session.sequence, "d": {}}
            await conn.send(frame)
        self.notifier.notify()
        return session

    async def _members_chunk(self, session: GatewaySession, data: JSON) -> None:
        guild = self.world.guilds.get(int(data.get("guild_id") or 0))
        if guild is None:
            return
        members = list(guild.members.values())
        query = str(data.get("query") or "")
        user_ids = data.get("user_ids")
        if user_ids:
            wanted = {int(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])}
            members = [m for m in members if m.user.id in wanted]
        elif query:
            members = [m for m in members if m.user.username.lower().startswith(query.lower())]
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        payload: JSON = {
            "guild_id": str(guild.id),
            "members": [m.to_payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce"):
            payload["nonce"] = data["nonce"]
        async with session.lock:
            session.sequence += 1
            frame = {
                "op": DISPATCH,
                "t": "GUILD_MEMBERS_CHUNK",
                "s": session.sequence,
                "d": payload,
            }
            session.buffer.append((session.sequence, frame))
            if session.connection is not None:
                await session.connection.send(frame)
