"""What resolving an expression yields: candidate readings, not yet validated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Outcome:
    """Candidate ``(start, end)`` pairs, not yet checked against today."""

    readings: tuple[tuple[date, date], ...]
    question: str | None = None
    """Set when there is more than one reading, or the single reading needs confirming."""
    confirm: bool = False
    """Ask even if only one reading survives validation (vague input like "mid-April")."""


def definite(start: date, end: date) -> Outcome:
    return Outcome(((start, end),))
