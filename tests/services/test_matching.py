"""Matching through the real database: radius, dates, visibility, guild scoping."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.domain.matching import MatchKind
from bot.domain.places.model import Place
from bot.services import homes, members, trips
from bot.services.matching import Around, locals_near, travelers_near
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
