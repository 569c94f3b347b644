"""Discord's rate limits: a global limit per second and per-route buckets, with real headers.

Buckets are fixed windows keyed by route and major parameter (channel, guild or webhook),
as Discord documents them. Every answer of a bucketed route carries ``X-RateLimit-Limit``,
``-Remaining``, ``-Reset``, ``-Reset-After`` and ``-Bucket``; a refused request gets a 429
whose body and headers (``X-RateLimit-Global``, ``X-RateLimit-Scope``, ``Retry-After``) say
how long to wait, so discord.py's own rate limiter is what gets exercised.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass, field

from emulator.models import JSON

#: Routes Discord does not count against the global limit (interaction responses).
GLOBAL_EXEMPT_PREFIXES = ("POST /interactions/", "GET /webhooks/", "POST /webhooks/")
MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id", "interaction_id")


@dataclass(frozen=True)
class Bucket:
    limit: int
    per: float


#: Buckets close to Discord's observed ones; tests and benchmarks may change them.
DEFAULT_BUCKETS: dict[str, Bucket] = {
    "POST /channels/{channel_id}/messages": Bucket(5, 5.0),
    "PATCH /channels/{channel_id}/messages/{message_id}": Bucket(5, 5.0),
    "DELETE /channels/{channel_id}/messages/{message_id}": Bucket(5, 1.0),
}


@dataclass
class _Window:
    start: float
    count: int = 0


@dataclass
class Decision:
    allowed: bool
    headers: dict[str, str] = field(default_factory=dict)
    body: JSON | None = None


class RateLimits:
    def __init__(self, *, global_per_second: int | None = 50) -> None:
        self.global_per_second = global_per_second
        self.buckets: dict[str, Bucket] = dict(DEFAULT_BUCKETS)
        self._windows: dict[tuple[str, str], _Window] = {}
        self._global = _Window(0.0)
        #: Every 429 this limiter answered: (route, scope).
        self.refused: list[tuple[str, str]] = []

    def limit_route(self, route: str, limit: int, per: float) -> None:
        """Give a route (``"POST /users/@me/channels"``) a bucket of ``limit`` per ``per`` s."""
        self.buckets[route] = Bucket(limit, per)

    def unlimit_route(self, route: str) -> None:
        self.buckets.pop(route, None)

    def reset(self) -> None:
        self._windows.clear()
        self._global = _Window(0.0)

    def check(self, route: str, params: dict[str, str]) -> Decision:
        now = time.monotonic()
        if self.global_per_second and not route.startswith(GLOBAL_EXEMPT_PREFIXES):
            if now - self._global.start >= 1.0:
                self._global = _Window(now)
            if self._global.count >= self.global_per_second:
                retry = max(0.001, self._global.start + 1.0 - now)
                self.refused.append((route, "global"))
                return self._refuse(retry, scope="global", is_global=True, headers={})
            self._global.count += 1

        bucket = self.buckets.get(route)
        if bucket is None:
            return Decision(True)
        major = ":".join(params.get(name, "") for name in MAJOR_PARAMETERS)
        window = self._windows.get((route, major))
        if window is None or now - window.start >= bucket.per:
            window = self._windows[(route, major)] = _Window(now)
        reset_after = max(0.0, window.start + bucket.per - now)
        headers = {
            "X-RateLimit-Limit": str(bucket.limit),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": hashlib.sha1(route.encode()).hexdigest()[:16],
        }
        if window.count >= bucket.limit:
            headers["X-RateLimit-Remaining"] = "0"
            self.refused.append((route, "user"))
            return self._refuse(reset_after, scope="user", is_global=False, headers=headers)
        window.count += 1
        headers["X-RateLimit-Remaining"] = str(bucket.limit - window.count)
        return Decision(True, headers)

    @staticmethod
    def _refuse(
        retry_after: float, *, scope: str, is_global: bool, headers: dict[str, str]
    ) -> Decision:
        return Decision(
            False,
            {**headers, **limited_headers(retry_after, scope, is_global)},
            limited_body(retry_after, is_global),
        )


def limited_headers(retry_after: float, scope: str, is_global: bool) -> dict[str, str]:
    headers = {"Retry-After": str(math.ceil(retry_after)), "X-RateLimit-Scope": scope}
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    return headers


def limited_body(retry_after: float, is_global: bool) -> JSON:
    return {
        "message": "You are being rate limited.",
        "retry_after": round(retry_after, 3),
        "global": is_global,
        "code": 0,
    }
