"""Discord's REST rate limits, as its "Rate Limits" page describes them.

A fake that never says no cannot show whether Kindred's pacer keeps a fan-out under the
global limit, or how discord.py behaves when it does not. Two rules are enforced:

- the global limit: at most ``global_limit`` requests of the bot in any ``window`` seconds.
  Interaction endpoints (the callback, and follow-ups through the application's webhook
  token) are not bound to it, as the docs say, and neither are webhook-token requests, which
  carry no bot token. The fake counts a sliding window, stricter than Discord's, so a pacer
  that passes here passes there.
- per-route buckets: a route template (``POST /channels/{channel_id}/messages``) allows
  ``limit`` requests per ``per`` seconds for each value of its major parameter (channel,
  guild or webhook), with the ``X-RateLimit-*`` headers discord.py reads to wait on its own.

Over either, the answer is a 429 with ``retry_after`` and a ``Via`` header: discord.py
retries a 429 only when ``Via`` is present, and otherwise takes it for a Cloudflare ban.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

DISCORD_GLOBAL_LIMIT = 50
#: Discord publishes no per-route numbers (its headers say them); posting in a channel has
#: long answered 5 per 5 seconds per channel, which bots that fan out run into first
DEFAULT_ROUTE_LIMITS: Mapping[str, tuple[int, float]] = {
    "POST /channels/{channel_id}/messages": (5, 5.0),
}
_MAJOR_PARAMS = ("channel_id", "guild_id", "webhook_id")
_UNBOUND_PREFIXES = ("/interactions/", "/webhooks/{webhook_id}/{webhook_token}")


@dataclass(frozen=True, slots=True)
class Limited:
    """A request refused with 429: its JSON body and headers."""

    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class _Bucket:
    limit: int
    per: float
    key: str
    reset_at: float = 0.0
    used: int = 0


@dataclass
class RateLimits:
    """The limits one fake Discord enforces, and what they saw."""

    global_limit: int = DISCORD_GLOBAL_LIMIT
    window: float = 1.0
    route_limits: Mapping[str, tuple[int, float]] = field(
        default_factory=lambda: dict(DEFAULT_ROUTE_LIMITS)
    )
    monotonic: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time
    #: 429s of each kind, and the most requests the global limit saw in one window
    global_429s: int = 0
    route_429s: int = 0
    max_in_window: int = 0
    _admitted: deque[float] = field(default_factory=deque, repr=False)
    _seen: deque[float] = field(default_factory=deque, repr=False)
    _buckets: dict[tuple[str, str], _Bucket] = field(default_factory=dict, repr=False)

    def admit(
        self, method: str, template: str, params: Mapping[str, str], headers: dict[str, str]
    ) -> Limited | None:
        """Count one request; return the 429 to send, or None and fill in ``headers``
        with the route's bucket state."""
        now = self.monotonic()
        bound = not template.startswith(_UNBOUND_PREFIXES)
        if bound:
            self._see(now)
            limited = self._global(now)
            if limited is not None:
                return limited
        bucket = self._bucket(method, template, params, now)
        if bucket is not None and bucket.used >= bucket.limit:
            self.route_429s += 1
            return self._limited(bucket.reset_at - now, scope="user", bucket=bucket, now=now)
        if bound:
            self._admitted.append(now)
        if bucket is not None:
            bucket.used += 1
            headers.update(self._bucket_headers(bucket, now))
        return None

    def _see(self, now: float) -> None:
        # every request that reaches Discord counts toward the window, refused or not
        self._seen.append(now)
        while self._seen and self._seen[0] <= now - self.window:
            self._seen.popleft()
        self.max_in_window = max(self.max_in_window, len(self._seen))

    def _global(self, now: float) -> Limited | None:
        while self._admitted and self._admitted[0] <= now - self.window:
            self._admitted.popleft()
        if len(self._admitted) < self.global_limit:
            return None
        self.global_429s += 1
        retry_after = self._admitted[0] + self.window - now
        return self._limited(retry_after, scope="global", bucket=None, now=now)

    def _bucket(
        self, method: str, template: str, params: Mapping[str, str], now: float
    ) -> _Bucket | None:
        route = f"{method} {template}"
        limits = self.route_limits.get(route)
        if limits is None:
            return None
        major = next((params[name] for name in _MAJOR_PARAMS if name in params), "")
        bucket = self._buckets.get((route, major))
        if bucket is None:
            key = hashlib.sha1(route.encode(), usedforsecurity=False).hexdigest()[:16]
            bucket = self._buckets[(route, major)] = _Bucket(limits[0], limits[1], key)
        if now >= bucket.reset_at:
            bucket.reset_at = now + bucket.per
            bucket.used = 0
        return bucket

    def _bucket_headers(self, bucket: _Bucket, now: float) -> dict[str, str]:
        reset_after = max(0.0, bucket.reset_at - now)
        return {
            "X-RateLimit-Limit": str(bucket.limit),
            "X-RateLimit-Remaining": str(bucket.limit - bucket.used),
            "X-RateLimit-Reset": f"{self.wall() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket.key,
        }

    def _limited(
        self, retry_after: float, *, scope: str, bucket: _Bucket | None, now: float
    ) -> Limited:
        retry_after = max(retry_after, 0.001)
        is_global = scope == "global"
        message = "You are being rate limited."
        body: dict[str, Any] = {"message": message, "retry_after": round(retry_after, 3)}
        body["global"] = is_global
        headers = {
            "Via": "1.1 google",
            "Retry-After": str(math.ceil(retry_after)),
            "X-RateLimit-Scope": scope,
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        if bucket is not None:
            headers.update(self._bucket_headers(bucket, now))
        return Limited(body, headers)
