"""Reading short durations people type for reminder lead times: "24h, 2h", "1d 30m", "off"."""

from __future__ import annotations

import re

from bot.domain.errors import InvalidInput

_PART = re.compile(r"(\d{1,4})\s*(d|days?|h|hours?|hrs?|m|mins?|minutes?)\b")
_UNIT_MINUTES = {"d": 1440, "h": 60, "m": 1}
MAX_LEAD_MINUTES = 14 * 1440
MAX_LEADS = 5


def parse_lead_times(text: str) -> tuple[int, ...]:
    """Minutes before the start, largest first; an empty tuple turns reminders off."""
    raw = text.strip().lower()
    if raw in ("off", "none", "no", "0", "-"):
        return ()
    leads: set[int] = set()
    for chunk in re.split(r"[,;]|\band\b", raw):
        chunk = chunk.strip()
        if not chunk:
            continue
        parts = _PART.findall(chunk)
        if not parts or _PART.sub("", chunk).strip():
            raise InvalidInput(
                f"I couldn't read “{chunk[:40]}”. Write reminder times like “24h, 2h” or “off”."
            )
        minutes = sum(int(n) * _UNIT_MINUTES[unit[0]] for n, unit in parts)
        if not 1 <= minutes <= MAX_LEAD_MINUTES:
            raise InvalidInput("Reminders can be between 1 minute and 14 days before.")
        leads.add(minutes)
    if not leads:
        raise InvalidInput("Write reminder times like “24h, 2h”, or “off”.")
    if len(leads) > MAX_LEADS:
        raise InvalidInput(f"At most {MAX_LEADS} reminders per tweetup.")
    return tuple(sorted(leads, reverse=True))


def describe_lead_times(minutes: tuple[int, ...]) -> str:
    if not minutes:
        return "off"
    return ", ".join(_one(m) for m in minutes) + " before"


def _one(minutes: int) -> str:
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{mins}m" if mins else ""]
    return " ".join(p for p in parts if p)
