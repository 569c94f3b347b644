"""The watch DM: "👀 @sam will be in Berlin Mar 3-7, about 12 km from your home".

Composed at send time: a trip cancelled or over, a watch withdrawn, or a traveler who hid
from the guild meanwhile sends nothing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.compose import Composed, GuildNames, Outgoing
from bot.domain.dates.model import DateRange
from bot.services.members import prefs_for
from bot.services.outbox import nonce_for
from bot.services.watches import TRIP_WATCH
from bot.ui.watches import STOP_LABEL, watch_view
from models import OutboxMessage, Trip, TripWatch


class WatchComposer:
    kinds = frozenset({TRIP_WATCH})

    async def compose(
        self,
        session: AsyncSession,
        messages: list[OutboxMessage],
        guild_name: GuildNames,
        today: date,
    ) -> Composed:
        result = Composed()
        for message in messages:
            trip = await session.get(Trip, message.trip_id) if message.trip_id else None
            if (
                trip is None
                or trip.end_date < today
                or not await _still_wanted(session, trip, message.recipient_id)
            ):
                result.skipped.append(message.id)
                continue
            when = DateRange(trip.start_date, trip.end_date).label
            distance = int(message.detail.get("distance_km", 0))
            text = (
                f"👀 <@{trip.user_id}> will be in **{trip.place_label}** {when}, about "
                f"{distance} km from your home ({guild_name(trip.guild_id)}). You asked me to "
                "tell you when they're in town: say hi!"
            )
            result.outgoing.append(
                Outgoing(
                    (message.id,),
                    message.recipient_id,
                    text[:2000],
                    nonce_for(message.id),
                    view=watch_view(trip.guild_id, trip.user_id, STOP_LABEL),
                )
            )
        return result


async def _still_wanted(session: AsyncSession, trip: Trip, watcher_id: int) -> bool:
    watch = await session.get(TripWatch, (trip.guild_id, watcher_id, trip.user_id))
    if watch is None:
        return False
    prefs = await prefs_for(session=session, guild_id=trip.guild_id, user_ids=[trip.user_id])
    return prefs[trip.user_id].discoverable
