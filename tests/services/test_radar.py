"""Radar's records on both databases: settings, the nudge limits, reactions due to come off,
forgetting, and erasure with the member's data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.errors import InvalidInput
from bot.services import guilds, members, privacy, radar
from models import RadarNudge

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
GUILD, CHANNEL, ALICE = 501, 601, 701
TRIP = "Flying to Berlin Dec 4-6, anyone want to meet?"
OTHER = "Heading to Tokyo Dec 10-15! Anyone there?"


async def consider(db: Database, message_id: int, text: str, now: datetime = NOW) -> bool:
    async with db.session() as session:
        found = await radar.consider(
            session=session, guild_id=GUILD, channel_id=CHANNEL, message_id=message_id,
            author_id=ALICE, text=text, sensitivity="quiet", now=now,
        )  # fmt: skip
    return found is not None


async def nudges(db: Database) -> int:
    async with db.read_session() as session:
        return int(await session.scalar(select(func.count()).select_from(RadarNudge)) or 0)


async def test_settings_per_channel_and_sensitivity(database: Database) -> None:
    async with database.session() as session:
        config = await radar.radar_config(session=session, guild_id=GUILD)
        assert (config.channel_ids, config.sensitivity) == (frozenset(), "quiet")
        await radar.configure(
            session=session, guild_id=GUILD, now=NOW, channel_id=CHANNEL, enabled=True
        )
        config = await radar.configure(
            session=session, guild_id=GUILD, now=NOW, channel_id=CHANNEL + 1, enabled=True,
            sensitivity="normal",
        )  # fmt: skip
        assert (config.channel_ids, config.sensitivity) == ({CHANNEL, CHANNEL + 1}, "normal")
        config = await radar.configure(
            session=session, guild_id=GUILD, now=NOW, channel_id=CHANNEL, enabled=False
        )
        assert config.channel_ids == {CHANNEL + 1}
        with pytest.raises(InvalidInput):
            await radar.configure(session=session, guild_id=GUILD, now=NOW, sensitivity="loud")


async def test_limits_per_trip_and_per_day(database: Database) -> None:
    assert await consider(database, 1, TRIP)
    assert not await consider(database, 2, TRIP)  # the same trip
    assert not await consider(database, 3, OTHER)  # the same day
    assert not await consider(database, 4, "lol the game last night")
    later = NOW + timedelta(hours=25)
    assert not await consider(database, 5, TRIP, later)
    assert await consider(database, 6, OTHER, later)
    assert await nudges(database) == 2


async def test_a_message_is_never_nudged_twice(database: Database) -> None:
    """Its second reading (an edit read while the first was still being saved) passes the
    author and trip checks here only a day later; the message's own record still wins."""
    assert await consider(database, 1, TRIP)
    assert not await consider(database, 1, OTHER, NOW + timedelta(hours=25))
    assert await nudges(database) == 1


async def test_opted_out_members_are_never_nudged(database: Database) -> None:
    async with database.session() as session:
        await members.update_member_prefs(
            session=session, guild_id=GUILD, user_id=ALICE, now=NOW,
            changes={"radar": False}, defaults=DefaultsSection(),
        )  # fmt: skip
    assert not await consider(database, 1, TRIP)
    assert await nudges(database) == 0


async def test_reactions_come_off_after_a_day_and_old_nudges_are_forgotten(
    database: Database,
) -> None:
    assert await consider(database, 1, TRIP)
    async with database.session() as session:
        assert await radar.expired_reactions(session=session, now=NOW + timedelta(hours=23)) == []
        due = await radar.expired_reactions(session=session, now=NOW + timedelta(hours=24))
        assert due == [(CHANNEL, 1)]
        assert await radar.pending_nudge(session=session, message_id=1, author_id=ALICE)
        assert not await radar.pending_nudge(session=session, message_id=1, author_id=ALICE + 1)
        await radar.settle(session=session, message_id=1)
        assert not await radar.pending_nudge(session=session, message_id=1, author_id=ALICE)
        assert await radar.forget_old(session=session, now=NOW + timedelta(days=10)) == 0
        assert await radar.forget_old(session=session, now=NOW + timedelta(days=20)) == 1


async def test_each_process_takes_off_only_its_own_shards_reactions(
    database: Database,
) -> None:
    """Guild k << 22 lies on shard k % count (Discord's formula), filtered in SQL."""
    guilds_by_shard = {k: (k << 22) | 5 for k in range(4)}
    async with database.session() as session:
        for k, guild_id in guilds_by_shard.items():
            await radar.consider(
                session=session, guild_id=guild_id, channel_id=CHANNEL + k, message_id=10 + k,
                author_id=ALICE, text=TRIP, sensitivity="quiet", now=NOW,
            )  # fmt: skip
    later = NOW + timedelta(days=1)
    async with database.read_session() as session:
        everyone = await radar.expired_reactions(session=session, now=later)
        odd = await radar.expired_reactions(
            session=session, now=later, shard_count=2, shard_ids=[1]
        )
        third = await radar.expired_reactions(
            session=session, now=later, shard_count=3, shard_ids=[0, 2]
        )
    assert sorted(everyone) == [(CHANNEL + k, 10 + k) for k in range(4)]
    assert sorted(odd) == [(CHANNEL + 1, 11), (CHANNEL + 3, 13)]
    assert sorted(third) == [(CHANNEL, 10), (CHANNEL + 2, 12), (CHANNEL + 3, 13)]


async def test_erasure_and_leaving_forget_nudges(database: Database) -> None:
    assert await consider(database, 1, TRIP)
    async with database.session() as session:
        erased = await privacy.erase(
            session=session, user_id=ALICE, guild_id=GUILD, defaults=DefaultsSection(), now=NOW
        )
    assert erased.counts["radar_nudges"] == 1
    assert await consider(database, 2, OTHER, NOW + timedelta(days=2))
    async with database.session() as session:
        await radar.configure(session=session, guild_id=GUILD, now=NOW, sensitivity="normal")
        await guilds.forget_guild(session=session, guild_id=GUILD)
        config = await radar.radar_config(session=session, guild_id=GUILD)
    assert config.sensitivity == "quiet"
    assert await nudges(database) == 0


async def test_the_export_lists_nudges_without_text(database: Database) -> None:
    assert await consider(database, 1, TRIP)
    async with database.read_session() as session:
        document = await privacy.export(session=session, user_id=ALICE, guild_id=GUILD)
    [nudge] = document["trip_radar_nudges"]
    assert nudge["message_id"] == "1"
    assert nudge["saved_as_trip"] is False
    assert "Berlin" not in str(document)
