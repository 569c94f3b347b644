"""Gateway sharding as Discord enforces it: the shard count it recommends, the daily session
start limit, ``max_concurrency`` on IDENTIFY, and which shards an IDENTIFY may ask for.

Documented in Discord's "Gateway" topic (Sharding, Session Start Limit, Identify):

* ``GET /gateway/bot`` answers the recommended ``shards`` and the ``session_start_limit``
  (``total``, ``remaining``, ``reset_after`` in ms, ``max_concurrency``); every IDENTIFY
  (not a RESUME) uses one session start;
* IDENTIFYs are rate limited per bucket ``shard_id % max_concurrency``: one per bucket every
  5 seconds; an IDENTIFY over the limit is answered with op 9 INVALID_SESSION;
* ``shard: [shard_id, shard_count]`` with ``shard_id >= shard_count`` (or a count below 1)
  closes the connection with 4010 "Invalid shard"; a bot in more guilds than its shards may
  hold (2,500 each) is closed with 4011 "Sharding required".
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from emulator.models import JSON

#: Discord's window for ``max_concurrency`` IDENTIFYs per bucket.
IDENTIFY_WINDOW = 5.0
#: The most guilds one shard may hold before Discord requires more shards.
GUILDS_PER_SHARD = 2500
DAY_MS = 86_400_000

INVALID_SHARD = 4010
SHARDING_REQUIRED = 4011


@dataclass
class Sharding:
    """The emulated application's sharding limits (one bot token)."""

    #: What ``GET /gateway/bot`` recommends (and what ``shard_count = "auto"`` gets).
    recommended_shards: int = 1
    max_concurrency: int = 1
    session_start_total: int = 1000
    #: Refuse IDENTIFYs over ``max_concurrency`` (op 9). Off by default: tests restart a bot
    #: within seconds, which real Discord would slow down by 5 s each time.
    enforce_concurrency: bool = False
    guilds_per_shard: int = GUILDS_PER_SHARD
    session_starts: int = 0
    #: IDENTIFYs answered with INVALID_SESSION for exceeding ``max_concurrency``.
    refused_identifies: list[tuple[int, int]] = field(default_factory=list)
    _last_identify: dict[int, float] = field(default_factory=dict)
    _window_start: float = field(default_factory=time.monotonic)

    def gateway_bot(self, url: str) -> JSON:
        """The body of ``GET /gateway/bot``."""
        self._maybe_reset()
        reset_after = max(0, int(DAY_MS - (time.monotonic() - self._window_start) * 1000))
        return {
            "url": url,
            "shards": self.recommended_shards,
            "session_start_limit": {
                "total": self.session_start_total,
                "remaining": self.remaining,
                "reset_after": reset_after,
                "max_concurrency": self.max_concurrency,
            },
        }

    @property
    def remaining(self) -> int:
        return max(0, self.session_start_total - self.session_starts)

    def _maybe_reset(self) -> None:
        if (time.monotonic() - self._window_start) * 1000 >= DAY_MS:
            self._window_start = time.monotonic()
            self.session_starts = 0

    def close_code(self, shard: tuple[int, int], guilds: int) -> int | None:
        """4010 for a shard that cannot exist, 4011 when the bot has too many guilds for
        its shards, else None."""
        shard_id, count = shard
        if count < 1 or not 0 <= shard_id < count:
            return INVALID_SHARD
        if count < math.ceil(guilds / self.guilds_per_shard):
            return SHARDING_REQUIRED
        return None

    def admit(self, shard: tuple[int, int]) -> bool:
        """Count one session start; False when the shard's bucket identified less than
        5 s ago (enforced only with ``enforce_concurrency``)."""
        self._maybe_reset()
        now = time.monotonic()
        bucket = shard[0] % max(1, self.max_concurrency)
        last = self._last_identify.get(bucket)
        if self.enforce_concurrency and last is not None and now - last < IDENTIFY_WINDOW:
            self.refused_identifies.append(shard)
            return False
        self._last_identify[bucket] = now
        self.session_starts += 1
        return True
