"""Discord's rate limits: a global limit per second and per-route buckets, with real headers.

Buckets are fixed windows keyed by route and major parameter (channel, guild, webhook and
its token, interaction), as Discord documents them. Every answer carries
``X-RateLimit-Limit``, ``-Remaining``, ``-Reset``, ``-Reset-After`` and ``-Bucket`` (a route
without a bucket of its own gets a generous default one, as every Discord route has one); a
refused request gets a 429 whose body and headers (``X-RateLimit-Global``,
``X-RateLimit-Scope``: ``user``, ``global`` or ``shared``, ``Retry-After``) say how long to
wait, so discord.py's own rate limiter is what gets exercised.

Discord also counts invalid requests (401, 403 and 429 answers, except 429s of a ``shared``
resource): 10,000 in 10 minutes and the IP is banned by Cloudflare for a while. The limiter
counts them the same way; at the limit every request is refused with Cloudflare's 429
(no ``Via`` header, an HTML body) and the ban is recorded so the test fails.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import deque
from dataclasses import dataclass, field

from emulator.models import JSON

#: Routes Discord does not count against the global limit (interaction responses).
GLOBAL_EXEMPT_PREFIXES = ("POST /interactions/", "GET /webhooks/", "POST /webhooks/")
MAJOR_PARAMETERS = (
    "channel_id",
    "guild_id",
    "webhook_id",
    "webhook_token",
    "interaction_id",
    "interaction_token",
)
#: Discord's invalid-request limit: this many 401/403/429 answers in the window → a ban.
INVALID_REQUEST_LIMIT = 10_000
INVALID_REQUEST_WINDOW = 600.0
CLOUDFLARE_BAN_SECONDS = 3600.0


@dataclass(frozen=True)
class Bucket:
    limit: int
    per: float
    #: "shared": the limit is the resource's (e.g. one channel for every bot), and its
    #: 429s do not count as invalid requests.
    scope: str = "user"


#: The bucket of a route that has none of its own: above the global 50/s (so it never
#: refuses first), but every answer carries bucket headers.
DEFAULT_BUCKET = Bucket(100, 1.0)


#: Buckets close to Discord's observed ones; tests and benchmarks may change them.
DEFAULT_BUCKETS: dict[str, Bucket] = {
    "POST /channels/{channel_id}/messages": Bucket(5, 5.0),
    "PATCH /channels/{channel_id}/messages/{message_id}": Bucket(5, 5.0),
    "DELETE /channels/{channel_id}/messages/{message_id}": Bucket(5, 1.0),
    # Reactions: one every quarter second per channel (the bucket discord.py meets).
    "PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me": Bucket(1, 0.25),
    "DELETE /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me": Bucket(
        1, 0.25
    ),
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
    def __init__(
        self,
        *,
        global_per_second: int | None = 50,
        invalid_request_limit: int = INVALID_REQUEST_LIMIT,
    ) -> None:
        self.global_per_second = global_per_second
        self.invalid_request_limit = invalid_request_limit
        self._invalid: deque[float] = deque()
        #: Every invalid request (401, 403, non-shared 429) answered: (route, status).
        self.invalid: list[tuple[str, int]] = []
        self.banned_until = 0.0
        self.bans = 0
        self.buckets: dict[str, Bucket] = dict(DEFAULT_BUCKETS)
        self._windows: dict[tuple[str, str], _Window] = {}
        self._global = _Window(0.0)
        #: Every 429 this limiter answered: (route, scope).
        self.refused: list[tuple[str, str]] = []

    def limit_route(self, route: str, limit: int, per: float, *, shared: bool = False) -> None:
        """Give a route (``"POST /users/@me/channels"``) a bucket of ``limit`` per ``per`` s;
        ``shared=True`` makes it a shared resource's limit (``X-RateLimit-Scope: shared``)."""
        self.buckets[route] = Bucket(limit, per, "shared" if shared else "user")

    def unlimit_route(self, route: str) -> None:
        self.buckets.pop(route, None)

    def reset(self) -> None:
        self._windows.clear()
        self._global = _Window(0.0)

    @property
    def invalid_requests(self) -> int:
        """Invalid requests in the last 10 minutes (what Discord's ban counts)."""
        self._expire(time.monotonic())
        return len(self._invalid)

    def _expire(self, now: float) -> None:
        while self._invalid and now - self._invalid[0] > INVALID_REQUEST_WINDOW:
            self._invalid.popleft()

    def count_answer(self, route: str, status: int, scope: str | None) -> bool:
        """Count an invalid answer; True when it reached the limit and started a ban."""
        if status not in (401, 403, 429) or (status == 429 and scope == "shared"):
            return False
        now = time.monotonic()
        self.invalid.append((route, status))
        self._invalid.append(now)
        self._expire(now)
        if len(self._invalid) >= self.invalid_request_limit and now >= self.banned_until:
            self.banned_until = now + CLOUDFLARE_BAN_SECONDS
            self.bans += 1
            return True
        return False

    @property
    def banned(self) -> bool:
        return time.monotonic() < self.banned_until

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

        bucket = self.buckets.get(route, DEFAULT_BUCKET)
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
            self.refused.append((route, bucket.scope))
            return self._refuse(reset_after, scope=bucket.scope, is_global=False, headers=headers)
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
