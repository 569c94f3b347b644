"""Request rates as Discord counts them: over sliding one-second windows."""

from __future__ import annotations

from collections.abc import Sequence

from emulator.state import RecordedRequest


def busiest_second(requests: Sequence[RecordedRequest]) -> int:
    """The most requests that arrived within any one second (a sliding window)."""
    times = sorted(r.at for r in requests)
    most, first = 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most
