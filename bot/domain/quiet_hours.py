"""When a notification may be delivered: members' quiet hours in their own time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.errors import InvalidInput

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Local wall-clock minutes [start, end); may wrap past midnight (22:00-07:00)."""

    start_minute: int
    end_minute: int
    timezone: str

    def __post_init__(self) -> None:
        for value in (self.start_minute, self.end_minute):
            if not 0 <= value < MINUTES_PER_DAY:
                raise ValueError(f"minute of day out of range: {value}")

    def contains(self, local: datetime) -> bool:
        minute = local.hour * 60 + local.minute
        if self.start_minute == self.end_minute:
            return False
        if self.start_minute < self.end_minute:
            return self.start_minute <= minute < self.end_minute
        return minute >= self.start_minute or minute < self.end_minute

    def describe(self) -> str:
        return f"{_hhmm(self.start_minute)}–{_hhmm(self.end_minute)} ({self.timezone})"


def next_delivery(now: datetime, quiet: QuietHours | None) -> datetime:
    """``now`` if outside quiet hours, else the instant quiet hours end (UTC).

    Computed on the local wall clock, so a quiet period across a DST change still ends at the
    member's chosen local time.
    """
    if quiet is None:
        return now
    zone = ZoneInfo(quiet.timezone)
    local = now.astimezone(zone)
    if not quiet.contains(local):
        return now
    end = time(quiet.end_minute // 60, quiet.end_minute % 60)
    day = local.date()
    candidate = datetime.combine(day, end, tzinfo=zone)
    if candidate.astimezone(UTC) <= now:
        candidate = datetime.combine(day + timedelta(days=1), end, tzinfo=zone)
    # A wall time inside a DST gap does not exist; normalising through UTC moves it forward.
    return candidate.astimezone(UTC)


def parse_clock(text: str) -> int:
    """'22:00', '7', '7am', '10pm', '07:30' → minute of day; ValueError when not a time."""
    raw = text.strip().lower().replace(".", ":")
    suffix = None
    for marker in ("am", "pm"):
        if raw.endswith(marker):
            suffix, raw = marker, raw[: -len(marker)].strip()
    hours_text, _, minutes_text = raw.partition(":")
    if not hours_text.isdigit() or (minutes_text and not minutes_text.isdigit()):
        raise ValueError(f"not a time of day: {text!r}")
    hours, minutes = int(hours_text), int(minutes_text or 0)
    if suffix is not None:
        if not 1 <= hours <= 12:
            raise ValueError(f"not a time of day: {text!r}")
        hours = hours % 12 + (12 if suffix == "pm" else 0)
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise ValueError(f"not a time of day: {text!r}")
    return hours * 60 + minutes


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


DIGEST_WEEKDAY = 0  # Monday
DIGEST_MINUTE = 9 * 60  # 09:00 local


def next_weekly_digest(now: datetime, timezone: str) -> datetime:
    """The next Monday 09:00 in the member's zone (UTC), strictly after ``now``."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    days_ahead = (DIGEST_WEEKDAY - local.weekday()) % 7
    at = time(DIGEST_MINUTE // 60, DIGEST_MINUTE % 60)
    candidate = datetime.combine(local.date() + timedelta(days=days_ahead), at, tzinfo=zone)
    if candidate.astimezone(UTC) <= now:
        candidate = datetime.combine(candidate.date() + timedelta(days=7), at, tzinfo=zone)
    return candidate.astimezone(UTC)


def parse_quiet_hours(text: str) -> tuple[int, int] | None:
    """'22:00-07:00', '10pm - 7am', 'off' → minutes of day, or None to turn them off."""
    raw = text.strip().lower()
    if raw in ("off", "none", "no", "-", ""):
        return None
    for separator in ("-", "–", "—", " to "):
        if separator in raw:
            start, _, end = raw.partition(separator)
            try:
                first, last = parse_clock(start), parse_clock(end)
            except ValueError:
                break
            if first == last:
                raise InvalidInput("Quiet hours need a start and an end that differ.")
            return first, last
    raise InvalidInput("Write quiet hours like “22:00-07:00” or “10pm-7am”, or “off”.")
