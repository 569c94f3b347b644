"""A member's own settings in a guild: notifications, radius, quiet hours, visibility."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import InvalidInput
from bot.domain.quiet_hours import QuietHours
from models import MemberSettings


@dataclass(frozen=True, slots=True)
class MemberPrefs:
    guild_id: int
    user_id: int
    notify_dm: bool = False
    digest: bool = False
    radius_km: int | None = None
    quiet_start_minute: int | None = None
    quiet_end_minute: int | None = None
    timezone: str | None = None
    discoverable: bool = True
    date_order: str | None = None
    availability: str | None = None
    reminder_lead_minutes: tuple[int, ...] | None = None

    def quiet_hours(self, fallback_timezone: str | None) -> QuietHours | None:
        zone = self.timezone or fallback_timezone
        if self.quiet_start_minute is None or self.quiet_end_minute is None or zone is None:
            return None
        return QuietHours(self.quiet_start_minute, self.quiet_end_minute, zone)


_EDITABLE = {f.name for f in fields(MemberPrefs)} - {"guild_id", "user_id"}


def _view(row: MemberSettings) -> MemberPrefs:
    values: dict[str, Any] = {f.name: getattr(row, f.name) for f in fields(MemberPrefs)}
    if values["reminder_lead_minutes"] is not None:
        values["reminder_lead_minutes"] = tuple(values["reminder_lead_minutes"])
    return MemberPrefs(**values)


async def member_prefs(*, session: AsyncSession, guild_id: int, user_id: int) -> MemberPrefs:
    row = await session.get(MemberSettings, (guild_id, user_id))
    return _view(row) if row is not None else MemberPrefs(guild_id=guild_id, user_id=user_id)


async def update_member_prefs(
    *,
    session: AsyncSession,
    guild_id: int,
    user_id: int,
    now: datetime,
    changes: dict[str, Any],
    max_radius_km: int,
) -> MemberPrefs:
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ValueError(f"not member settings: {sorted(unknown)}")
    radius = changes.get("radius_km")
    if radius is not None and not 1 <= radius <= max_radius_km:
        raise InvalidInput(f"Your radius must be between 1 and {max_radius_km} km.")
    if "reminder_lead_minutes" in changes and changes["reminder_lead_minutes"] is not None:
        changes["reminder_lead_minutes"] = sorted(
            set(changes["reminder_lead_minutes"]), reverse=True
        )
    row = await session.get(MemberSettings, (guild_id, user_id))
    if row is None:
        row = MemberSettings(
            guild_id=guild_id,
            user_id=user_id,
            notify_dm=False,
            digest=False,
            discoverable=True,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
    for key, value in changes.items():
        setattr(row, key, value)
    row.updated_at = now
    await session.flush()
    return _view(row)


async def prefs_for(
    *, session: AsyncSession, guild_id: int, user_ids: Collection[int]
) -> dict[int, MemberPrefs]:
    """Settings of many members in one query (defaults for those who never changed any)."""
    rows = await session.scalars(
        select(MemberSettings).where(
            MemberSettings.guild_id == guild_id, MemberSettings.user_id.in_(list(user_ids))
        )
    )
    found = {row.user_id: _view(row) for row in rows}
    return {uid: found.get(uid, MemberPrefs(guild_id=guild_id, user_id=uid)) for uid in user_ids}
