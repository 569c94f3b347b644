"""How matches, trips and homes look in Discord: embeds and short lines.

Members appear as <@id> mentions so each viewer sees current names; every message is sent
with mentions disabled, so showing someone never pings them.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain.dates.model import DateRange
from bot.domain.matching import Match, MatchKind
from bot.services.matching import Nearby
from bot.services.trips import TripMatches
from models import Trip

COLOR = discord.Color.from_rgb(88, 101, 242)
MAX_LISTED = 10


def trip_dates(trip: Trip) -> DateRange:
    return DateRange(trip.start_date, trip.end_date)


def trip_line(trip: Trip) -> str:
    line = f"**{discord.utils.escape_markdown(trip.place_label)}**, {trip_dates(trip).label}"
    if trip.note:
        line += f" — {discord.utils.escape_markdown(trip.note)}"
    return line


def match_line(match: Match) -> str:
    if match.kind is MatchKind.CO_TRAVELER:
        return f"<@{match.user_id}>: in {match.place_label}, {match.window.label}"
    return f"<@{match.user_id}>: lives in {match.place_label} (~{match.distance_km:.0f} km)"


def _listing(found: Nearby) -> str:
    lines = [match_line(match) for match in found.matches[:MAX_LISTED]]
    hidden = found.total - len(lines)
    if found.capped:
        lines.append("…and many more")
    elif hidden > 0:
        lines.append(f"…and {hidden} more")
    return "\n".join(lines) or "Nobody yet."


def trip_added(result: TripMatches) -> discord.Embed:
    trip, radius_km = result.trip, result.radius_km
    embed = discord.Embed(
        title=f"Trip to {trip.place_label}",
        description=(
            f"{trip_dates(trip).label} ({trip_dates(trip).days} days)"
            + (f"\n> {discord.utils.escape_markdown(trip.note)}" if trip.note else "")
        ),
        color=COLOR,
    )
    embed.add_field(
        name=f"Locals within {radius_km} km: {result.locals.total_text}",
        value=_listing(result.locals),
        inline=False,
    )
    embed.add_field(
        name=f"Also in town: {result.travelers.total_text}",
        value=_listing(result.travelers),
        inline=False,
    )
    told = result.notified
    embed.set_footer(
        text=(
            f"{told} member{'s' if told != 1 else ''} who asked about visitors will get a DM."
            if told
            else "Only people who allow it are listed; nobody is messaged without opting in."
        )
    )
    return embed


def whoshere(
    place_label: str, window: DateRange, locals_: Nearby, travelers: Nearby, radius_km: int
) -> discord.Embed:
    embed = discord.Embed(title=f"Who's around {place_label}", color=COLOR)
    embed.add_field(
        name=f"Locals within {radius_km} km: {locals_.total_text}",
        value=_listing(locals_),
        inline=False,
    )
    embed.add_field(
        name=f"Visiting {window.label}: {travelers.total_text}",
        value=_listing(travelers),
        inline=False,
    )
    embed.set_footer(text="Only members who allow it are shown. This list is visible only to you.")
    return embed


def trip_list(trips: Sequence[Trip]) -> str:
    if not trips:
        return "You have no upcoming trips in this server. Add one with `/travel add`."
    return "**Your upcoming trips here**\n" + "\n".join(f"• {trip_line(trip)}" for trip in trips)
