"""The words of the "someone is coming to your city" direct messages.

Mentions are written as <@id> so Discord shows the member's current name; messages are
always sent with mentions disabled, so nobody is pinged by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.dates.model import DateRange
from bot.domain.text import truncate

DM_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class TripNotice:
    traveler_id: int
    guild_name: str
    place_label: str
    dates: DateRange
    note: str
    match: str  # "local" or "co_traveler"
    distance_km: int
    overlap: DateRange | None


def notice_line(notice: TripNotice) -> str:
    line = f"✈️ <@{notice.traveler_id}> will be in **{notice.place_label}**, {notice.dates.label}"
    if notice.match == "co_traveler" and notice.overlap is not None:
        line += f". You'll both be there {notice.overlap.label}"
    elif notice.distance_km:
        line += f", about {notice.distance_km} km from your home"
    line += f" ({notice.guild_name})."
    if notice.note:
        line += f"\n> {notice.note}"
    return line


FOOTER = (
    "\n\nSay hi, or propose a meetup with `/tweetup propose` in the server. "
    "You get these because you turned them on with `/notify`; change that there any time."
)


def single_notice(notice: TripNotice) -> str:
    return truncate(notice_line(notice) + FOOTER, DM_LIMIT)


def digest(notices: list[TripNotice]) -> str:
    """One message for a week's notices; lists as many as fit and counts the rest."""
    header = "**Your weekly Tweetup digest**: people coming your way\n\n"
    lines: list[str] = []
    budget = DM_LIMIT - len(header) - len(FOOTER) - 40
    for index, notice in enumerate(notices):
        line = notice_line(notice)
        if sum(len(x) + 2 for x in lines) + len(line) > budget:
            lines.append(f"…and {len(notices) - index} more.")
            break
        lines.append(line)
    return header + "\n\n".join(lines) + FOOTER
