"""The durable outbox of direct messages: every DM the bot sends goes through here.

A row per message, unique per ``dedupe_key`` (e.g. one per trip and recipient, or per
tweetup, member and lead time), so a message can be queued any number of times and still be
sent once. A dispatcher claims due rows and commits the claim before calling Discord, then
marks them sent; each DM carries a nonce derived from the row so a resend after a crash is
deduplicated by Discord.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import AutoId, Base, Snowflake

PENDING = "pending"
CLAIMED = "claimed"
SENT = "sent"
SKIPPED = "skipped"
UNREACHABLE = "unreachable"
FAILED = "failed"


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_due", "status", "due_at"),
        Index("ix_outbox_recipient", "recipient_id"),
    )

    id: Mapped[int] = mapped_column(AutoId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    recipient_id: Mapped[int] = mapped_column(Snowflake)
    trip_id: Mapped[int | None] = mapped_column(
        AutoId, ForeignKey("trips.id", ondelete="CASCADE"), index=True
    )
    tweetup_id: Mapped[int | None] = mapped_column(
        AutoId, ForeignKey("tweetups.id", ondelete="CASCADE"), index=True
    )
    due_at: Mapped[datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    claim_token: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None] = mapped_column()
    #: When a dispatcher first claimed the row to send it: from then on the DM may exist on
    #: Discord even if the row says otherwise (a crash between sending and marking it sent).
    first_claimed_at: Mapped[datetime | None] = mapped_column()
    #: Real send failures (an error from Discord or the network), not claims or restarts.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column()
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column()


class RateSlot(Base):
    """The next free moment of one rate budget shared by every process on the database (a
    PostgreSQL deployment): ``global`` for Discord's requests per second, ``dm_open`` for
    opening new DM channels. Taking a slot moves ``next_at`` on by one interval, in a short
    transaction that locks this row, so N processes together keep one pace."""

    __tablename__ = "rate_slots"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_at: Mapped[datetime]
