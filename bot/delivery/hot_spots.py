"""The hot-spot DM: "3 of you will be in Austin Mar 8-12: propose a meetup?" with a button.

Composed at send time: a hot spot whose days are over, or whose poll someone already
opened, sends nothing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.compose import Composed, GuildNames, Outgoing
from bot.domain.dates.model import DateRange
from bot.services.hotspots import HOT_SPOT
from bot.services.outbox import nonce_for
from bot.ui.hot_spots import hot_spot_view
from models import HotSpot, OutboxMessage


class HotSpotComposer:
    kinds = frozenset({HOT_SPOT})

    async def compose(
        self,
        session: AsyncSession,
        messages: list[OutboxMessage],
        guild_name: GuildNames,
        today: date,
    ) -> Composed:
        result = Composed()
        for message in messages:
            row = await session.get(HotSpot, int(message.detail.get("hot_spot_id", 0)))
            if row is None or row.end_date < today or row.poll_id is not None:
                result.skipped.append(message.id)
                continue
            others = [m for m in row.member_ids if m != message.recipient_id]
            people = ", ".join(f"<@{m}>" for m in others[:10])
            if len(others) > 10:
                people += f" and {len(others) - 10} more"
            when = DateRange(row.start_date, row.end_date).label
            text = (
                f"📍 **{len(row.member_ids)} of you** will be in **{row.place_label}** "
                f"{when} ({guild_name(row.guild_id)}): you, {people}.\n"
                "Propose a meetup? The button opens a time poll for all of you in the server."
            )
            result.outgoing.append(
                Outgoing(
                    (message.id,),
                    message.recipient_id,
                    text[:2000],
                    nonce_for(message.id),
                    view=hot_spot_view(row.id),
                )
            )
        return result
