"""A member's own choices, per guild (privacy is per guild), and their DM reachability."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Snowflake, Timestamps


class MemberSettings(Timestamps, Base):
    __tablename__ = "member_settings"
    __table_args__ = (
        CheckConstraint("quiet_start_minute BETWEEN 0 AND 1439", name="quiet_start_range"),
        CheckConstraint("quiet_end_minute BETWEEN 0 AND 1439", name="quiet_end_range"),
    )

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    # Opt-in: nobody gets a DM about someone else's trip unless they asked for it.
    notify_dm: Mapped[bool] = mapped_column(Boolean, default=False)
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    radius_km: Mapped[int | None] = mapped_column(Integer)
    quiet_start_minute: Mapped[int | None] = mapped_column(Integer)
    quiet_end_minute: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str | None] = mapped_column(String(64))
    # Whether others in this guild can see this member in /whoshere and trip matches.
    discoverable: Mapped[bool] = mapped_column(Boolean, default=True)
    date_order: Mapped[str | None] = mapped_column(String(3))
    availability: Mapped[str | None] = mapped_column(String(32))
    reminder_lead_minutes: Mapped[list[int] | None] = mapped_column(JSON)
    # Trip radar may put its ✈️ on this member's messages (where admins turned radar on).
    radar: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class DmChannel(Base):
    """The DM channel Discord gave us for a user, and whether they can be reached at all.

    Global rather than per guild: DMs are between the bot and the user, whatever the guild.
    """

    __tablename__ = "dm_channels"

    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    channel_id: Mapped[int | None] = mapped_column(Snowflake)
    unreachable_since: Mapped[datetime | None] = mapped_column()
