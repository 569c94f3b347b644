"""What the bot stores about a member: show it, export it, erase it.

``PERSONAL_DATA`` lists every table that holds rows about a person and the column naming
them; a test checks that after erasure no table anywhere still mentions the member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from models import (
    Attendance,
    DmChannel,
    Home,
    MemberSettings,
    OutboxMessage,
    Poll,
    PollVote,
    Profile,
    Rsvp,
    Trip,
    Tweetup,
    TweetupSeries,
)

# (model, column naming the person, whether rows are per guild): deleted on erasure.
PERSONAL_DATA: list[tuple[type[DeclarativeBase], str, bool]] = [
    (Home, "user_id", True),
    (Trip, "user_id", True),
    (MemberSettings, "user_id", True),
    (OutboxMessage, "recipient_id", True),
    (Rsvp, "user_id", True),
    (PollVote, "user_id", True),
    (Poll, "proposer_id", True),
    (Profile, "user_id", True),
    (Attendance, "user_id", True),
    (DmChannel, "user_id", False),
]
# Shared records the member created for others: kept, with the member's id removed.
ANONYMIZED: list[tuple[type[DeclarativeBase], str]] = [
    (Tweetup, "organizer_id"),
    (TweetupSeries, "organizer_id"),
]
FORMER_MEMBER = 0


@dataclass(frozen=True, slots=True)
class Summary:
    homes: int
    trips: int
    settings: int
    pending_messages: int
    profile: bool = False
    checkins: int = 0


def _row_dict(row: Any) -> dict[str, Any]:
    table = row.__table__
    return {column.name: _plain(getattr(row, column.key)) for column in table.columns}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _scoped(
    model: type[DeclarativeBase], column: str, per_guild: bool, user_id: int, guild_id: int | None
) -> Any:
    where = [getattr(model, column) == user_id]
    if per_guild and guild_id is not None:
        where.append(model.guild_id == guild_id)  # type: ignore[attr-defined]
    return where


async def export(*, session: AsyncSession, user_id: int, guild_id: int | None) -> dict[str, Any]:
    """Everything stored about the member (in one guild, or everywhere), as JSON-ready data."""
    data: dict[str, Any] = {
        "user_id": user_id,
        "scope": "everywhere" if guild_id is None else {"guild_id": guild_id},
    }
    for model, column, per_guild in PERSONAL_DATA:
        if not per_guild and guild_id is not None:
            continue
        rows = await session.scalars(
            select(model).where(*_scoped(model, column, per_guild, user_id, guild_id))
        )
        data[model.__tablename__] = [_row_dict(row) for row in rows]
    return data


async def summary(*, session: AsyncSession, user_id: int, guild_id: int) -> Summary:
    exported = await export(session=session, user_id=user_id, guild_id=guild_id)
    return Summary(
        homes=len(exported["homes"]),
        trips=len(exported["trips"]),
        settings=len(exported["member_settings"]),
        pending_messages=sum(
            1 for row in exported["outbox"] if row["status"] in ("pending", "claimed")
        ),
        profile=bool(exported["profiles"]),
        checkins=len(exported["attendance"]),
    )


async def erase(*, session: AsyncSession, user_id: int, guild_id: int | None) -> int:
    """Delete the member's data in one guild or everywhere; returns the number of rows."""
    deleted = 0
    for model, column, per_guild in PERSONAL_DATA:
        if not per_guild and guild_id is not None:
            continue
        result = await session.execute(
            delete(model).where(*_scoped(model, column, per_guild, user_id, guild_id))
        )
        deleted += int(result.rowcount)  # type: ignore[attr-defined]
    return deleted


__all__ = ["PERSONAL_DATA", "Summary", "erase", "export", "summary"]
