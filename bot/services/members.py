"""A member's own settings in a guild: notifications, radius, quiet hours, visibility."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DefaultsSection
from bot.domain.errors import InvalidInput
from bot.domain.quiet_hours import QuietHours
from bot.domain.tweetups.availability import Availability
from bot.services.guilds import guild_config
from models import DmChannel, MemberSettings


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
    radar: bool = True

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
    defaults: DefaultsSection,
) -> MemberPrefs:
    """Change settings; turning DMs on also forgets that the member's DMs were closed."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ValueError(f"not member settings: {sorted(unknown)}")
    radius = changes.get("radius_km")
    if radius is not None:
        config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
        if not 1 <= radius <= config.radius_km:
            raise InvalidInput(
                f"Your radius can be 1 to {config.radius_km} km (this server's radius)."
            )
    if changes.get("notify_dm"):
        await session.execute(
            update(DmChannel).where(DmChannel.user_id == user_id).values(unreachable_since=None)
        )
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


def parse_availability(stored: str | None) -> Availability:
    """The stored form is a comma-separated list of part names; empty means any time."""
    if not stored:
        return Availability.ANY
    flag = Availability(0)
    for name in stored.split(","):
        member = Availability.__members__.get(name.strip().upper())
        if member is not None:
            flag |= member
    return flag or Availability.ANY


def store_availability(flag: Availability) -> str | None:
    if flag == Availability.ANY:
        return None
    return ",".join(
        name.lower()
        for name, member in Availability.__members__.items()
        if member != Availability.ANY and member in flag
    )


async def set_availability(
    *,
    session: AsyncSession,
    guild_id: int,
    user_id: int,
    changes: dict[Availability, bool],
    now: datetime,
    defaults: DefaultsSection,
) -> Availability:
    """Set the parts of the week the member chose, exactly.

    Parts said True are the answer; when none is True, the parts said False are taken away
    from any time. (Adding to the current setting would make "weekday evenings: True"
    answer "any time", since any time is where everyone starts.)
    """
    chosen = [part for part, wanted in changes.items() if wanted]
    flag = Availability(0)
    for part in chosen:
        flag |= part
    if not chosen:
        flag = Availability.ANY
        for part in changes:
            flag &= ~part
    if not flag:
        raise InvalidInput("Keep at least one part of the week, or no time can ever suit you.")
    await update_member_prefs(
        session=session,
        guild_id=guild_id,
        user_id=user_id,
        now=now,
        changes={"availability": store_availability(flag)},
        defaults=defaults,
    )
    return flag
