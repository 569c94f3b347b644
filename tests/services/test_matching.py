"""Matching through the real database: radius, dates, visibility, guild scoping."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.domain.matching import MatchKind
from bot.domain.places.model import Place
from bot.services import homes, members, privacy, trips
from bot.services.matching import Around, locals_near, travelers_near
from models import GuildPlace
from tests.support.places import BERLIN, MUNICH, PARIS, POTSDAM, SUVA, TAVEUNI

DEFAULTS = DefaultsSection()
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
GUILD, OTHER_GUILD = 10, 20
MARCH = DateRange(date(2027, 3, 3), date(2027, 3, 7))


def around(
    place: Place, window: DateRange = MARCH, radius: float = 50, exclude: int | None = None
) -> Around:
    return Around(GUILD, place.lat, place.lon, radius, window, exclude)


async def home(db: Database, user: int, place: Place, guild: int = GUILD) -> None:
    async with db.session() as session:
        await homes.set_home(session=session, guild_id=guild, user_id=user, place=place, now=NOW)


async def trip(
    db: Database, user: int, place: Place, window: DateRange, guild: int = GUILD
) -> None:
    async with db.session() as session:
        await trips.add_trip(
            session=session,
            guild_id=guild,
            user_id=user,
            place=place,
            window=window,
            note="",
            announce=None,
            defaults=DEFAULTS,
            now=NOW,
        )


async def test_locals_within_the_radius_nearest_first(database: Database) -> None:
    await home(database, 1, POTSDAM)  # ~27 km from Berlin
    await home(database, 2, BERLIN)
    await home(database, 3, MUNICH)  # ~500 km
    await home(database, 4, BERLIN, guild=OTHER_GUILD)
    async with database.read_session() as session:
        found = await locals_near(session=session, around=around(BERLIN))
    assert [m.user_id for m in found.matches] == [2, 1]
    assert found.total == 2
    assert found.matches[1].distance_km == pytest.approx(27, abs=3)
    assert all(m.kind is MatchKind.LOCAL for m in found.matches)


async def test_limit_keeps_the_nearest_and_counts_all(database: Database) -> None:
    for user in range(1, 8):
        await home(database, user, BERLIN if user % 2 else POTSDAM)
    async with database.read_session() as session:
        found = await locals_near(session=session, around=around(BERLIN), limit=3)
    assert found.total == 7
    assert len(found.matches) == 3
    assert {m.user_id for m in found.matches} <= {1, 3, 5, 7}


async def test_hidden_members_are_not_found(database: Database) -> None:
    await home(database, 1, BERLIN)
    await home(database, 2, BERLIN)
    async with database.session() as session:
        await members.update_member_prefs(
            session=session,
            guild_id=GUILD,
            user_id=2,
            now=NOW,
            changes={"discoverable": False},
            defaults=DEFAULTS,
        )
    async with database.read_session() as session:
        found = await locals_near(session=session, around=around(BERLIN))
    assert [m.user_id for m in found.matches] == [1]


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (
            DateRange(date(2027, 3, 6), date(2027, 3, 10)),
            DateRange(date(2027, 3, 6), date(2027, 3, 7)),
        ),
        (
            DateRange(date(2027, 3, 7), date(2027, 3, 7)),
            DateRange(date(2027, 3, 7), date(2027, 3, 7)),
        ),
        (DateRange(date(2027, 3, 1), date(2027, 3, 31)), MARCH),
        (DateRange(date(2027, 3, 8), date(2027, 3, 9)), None),
    ],
)
async def test_co_travelers_with_the_overlap_window(
    database: Database, other: DateRange, expected: DateRange | None
) -> None:
    await trip(database, 2, POTSDAM, other)
    async with database.read_session() as session:
        found = await travelers_near(session=session, around=around(BERLIN, exclude=1))
    if expected is None:
        assert found.matches == []
    else:
        [match] = found.matches
        assert match.user_id == 2
        assert match.kind is MatchKind.CO_TRAVELER
        assert match.window == expected


async def test_the_180th_meridian_does_not_hide_neighbours(database: Database) -> None:
    await home(database, 1, TAVEUNI)  # just east of the antimeridian
    async with database.read_session() as session:
        near = await locals_near(session=session, around=around(SUVA, radius=300))
        far = await locals_near(session=session, around=around(PARIS, radius=300))
    assert [m.user_id for m in near.matches] == [1]
    assert far.matches == []


async def hide(db: Database, user: int, hidden: bool = True) -> None:
    async with db.session() as session:
        await members.update_member_prefs(
            session=session,
            guild_id=GUILD,
            user_id=user,
            now=NOW,
            changes={"discoverable": not hidden},
            defaults=DEFAULTS,
        )


async def visible_homes(db: Database) -> dict[int, int]:
    """The trigger-kept counts, cities with none left out."""
    async with db.read_session() as session:
        rows = await session.execute(
            select(GuildPlace.place_id, GuildPlace.visible_homes).where(
                GuildPlace.guild_id == GUILD, GuildPlace.visible_homes != 0
            )
        )
        return {int(place_id): int(count) for place_id, count in rows}


async def sql(db: Database, statement: str) -> None:
    async with db.session() as session:
        await session.execute(text(statement))


async def test_visible_homes_stay_exact_across_every_write(database: Database) -> None:
    """guild_places.visible_homes (kept by triggers) through the services and raw bulk
    statements alike: homes added, moved, cleared; members hidden, shown, their settings
    rows deleted; a member erased."""
    berlin, potsdam, munich = BERLIN.id, POTSDAM.id, MUNICH.id
    for user in range(1, 7):
        await home(database, user, BERLIN if user <= 4 else POTSDAM)
    await home(database, 9, BERLIN, guild=OTHER_GUILD)
    assert await visible_homes(database) == {berlin: 4, potsdam: 2}
    await hide(database, 1)
    await hide(database, 5)
    await hide(database, 7)  # no home: nothing to take out
    assert await visible_homes(database) == {berlin: 3, potsdam: 1}
    await home(database, 2, MUNICH)  # moves
    await home(database, 1, MUNICH)  # a hidden member moves: still not counted
    assert await visible_homes(database) == {berlin: 2, potsdam: 1, munich: 1}
    await hide(database, 1, hidden=False)
    assert await visible_homes(database) == {berlin: 2, potsdam: 1, munich: 2}
    async with database.session() as session:
        await homes.clear_home(session=session, guild_id=GUILD, user_id=3)
    assert await visible_homes(database) == {berlin: 1, potsdam: 1, munich: 2}
    # Raw statements, several rows at once, as a bulk tool or a purge would write.
    await sql(database, f"UPDATE homes SET place_id = {berlin} WHERE place_id = {munich}")
    assert await visible_homes(database) == {berlin: 3, potsdam: 1}
    await sql(database, "DELETE FROM member_settings WHERE NOT discoverable")  # 5 shown again
    assert await visible_homes(database) == {berlin: 3, potsdam: 2}
    await sql(database, "UPDATE member_settings SET discoverable = false")  # only 1 has a row
    assert await visible_homes(database) == {berlin: 2, potsdam: 2}
    async with database.session() as session:
        await privacy.erase(session=session, user_id=4, guild_id=GUILD, defaults=DEFAULTS, now=NOW)
    assert await visible_homes(database) == {berlin: 1, potsdam: 2}
    async with database.read_session() as session:
        everyone = await locals_near(session=session, around=around(BERLIN))
        mine = await locals_near(session=session, around=around(BERLIN, exclude=6))
        hidden = await locals_near(session=session, around=around(BERLIN, exclude=1))
    assert (everyone.total, [m.user_id for m in everyone.matches]) == (3, [2, 5, 6])
    # The asking member's own home is not counted; a hidden one was never in the counts.
    assert (mine.total, [m.user_id for m in mine.matches]) == (2, [2, 5])
    assert (hidden.total, [m.user_id for m in hidden.matches]) == (3, [2, 5, 6])
