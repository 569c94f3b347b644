"""Erasure leaves nothing behind, in any table; guilds never see each other's data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Integer, or_, select

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.services import guilds, homes, members, outbox, privacy, profiles, trips
from models import Base
from tests.support.places import BERLIN

DEFAULTS = DefaultsSection()
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
ALICE, BOB = 111111111, 222222222
GUILD_A, GUILD_B = 900000001, 900000002


async def populate(db: Database, guild: int) -> None:
    async with db.session() as session:
        for user in (ALICE, BOB):
            await homes.set_home(
                session=session, guild_id=guild, user_id=user, place=BERLIN, now=NOW
            )
            await members.update_member_prefs(
                session=session,
                guild_id=guild,
                user_id=user,
                now=NOW,
                changes={"notify_dm": True},
                defaults=DEFAULTS,
            )
        for user in (ALICE, BOB):
            await trips.add_trip(
                session=session,
                guild_id=guild,
                user_id=user,
                place=BERLIN,
                window=DateRange(date(2027, 1, 2), date(2027, 1, 5)),
                note="hi",
                announce=None,
                defaults=DEFAULTS,
                now=NOW,
            )
        for user in (ALICE, BOB):
            await profiles.set_profile(
                session=session, guild_id=guild, user_id=user, now=NOW, intro="hi", topics="tea"
            )
        await outbox.remember_dm_channel(session=session, user_id=ALICE, channel_id=5)


async def rows_mentioning(db: Database, value: int) -> dict[str, int]:
    """Every row of every table with any integer column equal to ``value``."""
    found: dict[str, int] = {}
    async with db.read_session() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, BigInteger | Integer)]
            if not columns:
                continue
            count = len(
                (
                    await session.execute(select(table).where(or_(*(c == value for c in columns))))
                ).all()
            )
            if count:
                found[table.name] = count
    return found


async def test_erase_everywhere_leaves_zero_rows(database: Database) -> None:
    await populate(database, GUILD_A)
    await populate(database, GUILD_B)
    assert await rows_mentioning(database, ALICE)
    async with database.session() as session:
        await privacy.erase(session=session, user_id=ALICE, guild_id=None)
    assert await rows_mentioning(database, ALICE) == {}
    assert await rows_mentioning(database, BOB)


async def test_erase_in_one_guild_keeps_the_other(database: Database) -> None:
    await populate(database, GUILD_A)
    await populate(database, GUILD_B)
    async with database.session() as session:
        await privacy.erase(session=session, user_id=ALICE, guild_id=GUILD_A)
        exported = await privacy.export(session=session, user_id=ALICE, guild_id=None)
    assert {row["guild_id"] for row in exported["homes"]} == {GUILD_B}
    assert {row["guild_id"] for row in exported["trips"]} == {GUILD_B}


async def test_export_contains_what_is_stored(database: Database) -> None:
    await populate(database, GUILD_A)
    async with database.read_session() as session:
        exported = await privacy.export(session=session, user_id=ALICE, guild_id=GUILD_A)
        summary = await privacy.summary(session=session, user_id=ALICE, guild_id=GUILD_A)
    assert exported["homes"][0]["place_label"] == BERLIN.label
    assert exported["trips"][0]["note"] == "hi"
    assert summary.homes == 1
    assert summary.trips == 1


async def test_forgetting_a_guild_deletes_its_data_only(database: Database) -> None:
    await populate(database, GUILD_A)
    await populate(database, GUILD_B)
    async with database.session() as session:
        await guilds.forget_guild(session=session, guild_id=GUILD_A)
    assert await rows_mentioning(database, GUILD_A) == {}
    async with database.read_session() as session:
        exported = await privacy.export(session=session, user_id=BOB, guild_id=None)
    assert {row["guild_id"] for row in exported["trips"]} == {GUILD_B}
