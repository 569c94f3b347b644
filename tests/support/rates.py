"""Request rates as Discord counts them: over sliding one-second windows, against the
global limit (interaction responses are not counted there, as Discord documents)."""

from __future__ import annotations

from collections.abc import Sequence

from emulator.ratelimits import GLOBAL_EXEMPT_PREFIXES
from emulator.state import RecordedRequest


def busiest_second(requests: Sequence[RecordedRequest]) -> int:
    """The most requests counted by the global limit that arrived within any one second
    (a sliding window, stricter than Discord's own windows)."""
    times = sorted(r.at for r in requests if not r.route.startswith(GLOBAL_EXEMPT_PREFIXES))
    most, first = 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most
