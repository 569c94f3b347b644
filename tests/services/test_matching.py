"""Matching through the real database: radius, dates, visibility, guild scoping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.domain.matching import MatchKind
from bot.domain.places.model import Place
from bot.services import busy_weeks, homes, matching, members, privacy, trips
from bot.services.matching import Around, locals_near, travelers_near, week
from models import GuildPlace, Trip, TripWeek
from tests.support.places import BERLIN, MUNICH, PARIS, POTSDAM, SUVA, TAVEUNI
from tests.support.statements import sqlite_plan, statements_run, statements_sent

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


async def trip_weeks(db: Database) -> set[tuple[object, ...]]:
    async with db.read_session() as session:
        rows = await session.execute(
            select(
                TripWeek.guild_id, TripWeek.place_id, TripWeek.week, TripWeek.start_date,
                TripWeek.end_date, TripWeek.trip_id, TripWeek.user_id, TripWeek.hidden,
                TripWeek.place_label,
            )
        )  # fmt: skip
        return {tuple(row) for row in rows}


def carried(t: Trip) -> tuple[object, ...]:
    return t.user_id, t.hidden, t.place_label


async def expected_weeks(db: Database) -> set[tuple[object, ...]]:
    """What trip_weeks must hold: each trip's weeks after the one it starts in, with the
    trip's member, flag and label."""
    async with db.read_session() as session:
        found = (await session.scalars(select(Trip))).all()
        return {
            (t.guild_id, t.place_id, n, t.start_date, t.end_date, t.id, *carried(t))
            for t in found
            for n in range(week(t.start_date) + 1, week(t.end_date) + 1)
        }


async def town_weeks(db: Database) -> dict[tuple[object, ...], int] | None:
    """town_weeks as (guild, week, place) -> trips; None where the backend has none."""
    if db.dialect != "postgresql":
        return None
    async with db.read_session() as session:
        rows = await session.execute(text("SELECT guild_id, week, place_id, trips FROM town_weeks"))
        return {(g, w, p): n for g, w, p, n in rows}


async def expected_town_weeks(db: Database) -> dict[tuple[object, ...], int] | None:
    """What town_weeks must hold: each trip counted in every week it overlaps."""
    if db.dialect != "postgresql":
        return None
    counted: dict[tuple[object, ...], int] = {}
    async with db.read_session() as session:
        for t in (await session.scalars(select(Trip))).all():
            for n in range(week(t.start_date), week(t.end_date) + 1):
                key = (t.guild_id, n, t.place_id)
                counted[key] = counted.get(key, 0) + 1
    return counted


async def test_trip_weeks_follow_every_write_and_long_trips_are_found(database: Database) -> None:
    """trip_weeks and town_weeks (kept by triggers) stay exact through adding, editing and
    cancelling trips; a trip that began weeks before the window is found through them, and
    hidden members' trips are not found whatever they hold."""
    year = DateRange(date(2026, 12, 1), date(2026, 12, 1) + timedelta(days=365))
    await trip(database, 2, POTSDAM, year)  # goes on into 52 later weeks
    await trip(database, 3, BERLIN, DateRange(date(2027, 3, 1), date(2027, 3, 7)))  # Mon-Sun
    await trip(database, 4, BERLIN, DateRange(date(2027, 2, 20), date(2027, 3, 4)))
    await trip(database, 5, MUNICH, DateRange(date(2027, 3, 5), date(2027, 3, 5)))
    assert await trip_weeks(database) == await expected_weeks(database)
    assert len(await trip_weeks(database)) == 52 + 0 + 2 + 0
    assert await town_weeks(database) == await expected_town_weeks(database)
    async with database.read_session() as session:
        found = await travelers_near(session=session, around=around(BERLIN, exclude=1))
    assert [m.user_id for m in found.matches] == [4, 3, 2]  # Berlin soonest first, Potsdam
    assert found.matches[2].window == MARCH
    async with database.session() as session:
        ids = {t.user_id: t.id for t in (await session.scalars(select(Trip))).all()}
        await trips.edit_trip(
            session=session, guild_id=GUILD, user_id=4, trip_id=ids[4], place=MUNICH,
            window=DateRange(date(2027, 1, 30), date(2027, 3, 20)), note=None,
            defaults=DEFAULTS, now=NOW,
        )  # fmt: skip
        await trips.edit_trip(
            session=session, guild_id=GUILD, user_id=3, trip_id=ids[3], place=None,
            window=DateRange(date(2027, 3, 6), date(2027, 3, 16)), note=None,
            defaults=DEFAULTS, now=NOW,
        )  # fmt: skip
        await trips.cancel_trip(session=session, guild_id=GUILD, user_id=2, trip_id=ids[2])
    assert await trip_weeks(database) == await expected_weeks(database)
    assert await town_weeks(database) == await expected_town_weeks(database)
    async with database.session() as session:
        await members.update_member_prefs(
            session=session, guild_id=GUILD, user_id=4, now=NOW,
            changes={"discoverable": False}, defaults=DEFAULTS,
        )  # fmt: skip
    assert await trip_weeks(database) == await expected_weeks(database)
    # A hidden member's new trip: on SQLite its flag is set by another trigger's UPDATE.
    await trip(database, 4, BERLIN, DateRange(date(2027, 4, 1), date(2027, 4, 20)))
    assert await trip_weeks(database) == await expected_weeks(database)
    assert {row[7] for row in await trip_weeks(database) if row[6] == 4} == {True}
    async with database.session() as session:  # a write no service makes: triggers only
        await session.execute(text("UPDATE trips SET place_label = 'Munich, Bavaria, DE'"))
    assert await trip_weeks(database) == await expected_weeks(database)
    assert {row[8] for row in await trip_weeks(database)} == {"Munich, Bavaria, DE"}
    async with database.read_session() as session:
        near_munich = await travelers_near(session=session, around=around(MUNICH, exclude=1))
        near_berlin = await travelers_near(session=session, around=around(BERLIN, exclude=1))
    assert [m.user_id for m in near_munich.matches] == [5]  # 4 is hidden
    assert [(m.user_id, m.window) for m in near_berlin.matches] == [
        (3, DateRange(date(2027, 3, 6), date(2027, 3, 7)))
    ]


TWIN = Place(
    id=BERLIN.id + 1, name="Berlin twin", region="", country="DE", country_name="Germany",
    lat=BERLIN.lat, lon=BERLIN.lon, timezone="Europe/Berlin", population=1000,
    label="Berlin twin, DE",
)  # fmt: skip


def days(first: int, length: int) -> DateRange:
    start = MARCH.start + timedelta(days=first)
    return DateRange(start, start + timedelta(days=length))


async def test_a_busy_town_answers_alone_by_date(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big city holds the nearest trips on its own (the first ones by date), and says
    "more than the cap" without any farther town being read."""
    monkeypatch.setattr(matching, "TRAVELER_COUNT_CAP", 4)
    for user, first in enumerate((3, 0, 2, 1, 4, 0), start=1):
        await trip(database, user, BERLIN, days(first, 1 + user % 2))
    await trip(database, 9, POTSDAM, days(0, 0))  # farther, however early
    async with database.read_session() as session:
        found = await travelers_near(session=session, around=around(BERLIN, radius=200), limit=3)
    assert [m.user_id for m in found.matches] == [2, 6, 4]  # same dates: by trip id
    assert (found.total, found.capped) == (4, True)


async def test_two_towns_at_one_point_are_read_together(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two towns at the same distance tie: neither answers alone, their trips interleave by
    date (a town read alone would show only its own)."""
    monkeypatch.setattr(matching, "TRAVELER_COUNT_CAP", 2)
    for user in range(1, 9):  # four each: enough for either to answer alone
        await trip(database, user, BERLIN if user % 2 else TWIN, days((user - 1) // 2, 0))
    async with database.read_session() as session:
        found = await travelers_near(session=session, around=around(BERLIN, radius=200), limit=4)
    assert [m.user_id for m in found.matches] == [1, 2, 3, 4]
    assert (found.total, found.capped) == (2, True)


async def test_postgresql_reads_travelers_again_only_where_towns_tie(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's travelers statement leaves out the merge of two towns at one point and
    says when its read stopped between two; only then is it run again with the merge."""
    if database.dialect != "postgresql":
        pytest.skip("one statement per list on PostgreSQL")
    monkeypatch.setattr(matching, "TRAVELER_COUNT_CAP", 2)
    for user in range(1, 9):
        await trip(database, user, BERLIN if user % 2 else TWIN, days((user - 1) // 2, 0))
    await trip(database, 9, MUNICH, days(0, 0))

    async def travelers(centre: Place, limit: int) -> tuple[list[int], int]:
        with statements_run(database, "stream") as ran:
            async with database.read_session() as session:
                found = await travelers_near(session=session, around=around(centre), limit=limit)
        return [m.user_id for m in found.matches], len(ran)

    assert await travelers(BERLIN, 4) == ([1, 2, 3, 4], 2)  # stopped inside the tie
    assert await travelers(BERLIN, 9) == ([1, 2, 3, 4, 5, 6, 7, 8], 1)  # read past it
    assert await travelers(MUNICH, 1) == ([9], 1)  # a town alone at the cutoff


async def test_a_wide_circle_finds_sparse_trips_nearest_first(database: Database) -> None:
    """A 600 km circle is read in rings chosen by counting the R*Tree's boxes (SQLite) or
    by the one statement's rings (PostgreSQL): the far trips come after the near ones."""
    await trip(database, 1, MUNICH, days(0, 2))  # ~500 km from Berlin
    await trip(database, 2, POTSDAM, days(1, 2))
    await trip(database, 3, PARIS, days(0, 2))  # ~880 km: outside
    await trip(database, 4, BERLIN, days(9, 2))  # after the window
    async with database.read_session() as session:
        found = await travelers_near(session=session, around=around(BERLIN, radius=600))
    assert [m.user_id for m in found.matches] == [2, 1]
    assert found.total == 2


@pytest.mark.parametrize("worth_counting", [1.0, 100.0])
async def test_a_ring_passed_over_for_its_count_gives_the_same_answer(
    database: Database, monkeypatch: pytest.MonkeyPatch, worth_counting: float
) -> None:
    """PostgreSQL reads a ring's exact count only when its towns' trips of the window's
    weeks reach ``WORTH_COUNTING`` times what it needs; a ring passed over although it would
    pass leaves the answer to the next one, which must give the same nearest trips and the
    same capped count (100: every ring but the circle passed over)."""
    monkeypatch.setattr(matching, "TRAVELER_COUNT_CAP", 2)
    monkeypatch.setattr(matching, "WORTH_COUNTING", worth_counting)
    monkeypatch.setattr(busy_weeks, "FEW_TOWNS", -1)  # ring by ring, as a big guild
    monkeypatch.setattr(busy_weeks, "_remembered", {})
    await trip(database, 1, BERLIN, days(2, 2))
    await trip(database, 2, BERLIN, days(0, 2))
    await trip(database, 3, BERLIN, days(1, 2))
    await trip(database, 4, POTSDAM, days(0, 2))
    await trip(database, 5, MUNICH, days(0, 2))
    async with database.read_session() as session:
        found = await travelers_near(session=session, around=around(BERLIN, radius=600), limit=2)
    assert [m.user_id for m in found.matches] == [2, 3]
    assert (found.total, found.capped) == (2, True)


@pytest.mark.parametrize("radius", [50, 600])
async def test_hiding_takes_a_members_trips_out_until_they_show_again(
    database: Database, radius: float
) -> None:
    """Hidden members' trips are never found, in a narrow circle or a wide one (on SQLite
    their trips leave the R*Tree while they hide, and come back)."""
    await trip(database, 1, POTSDAM, days(0, 2))
    await trip(database, 2, BERLIN, days(1, 2))
    await trip(database, 3, MUNICH, days(0, 2))

    async def found() -> list[int]:
        async with database.read_session() as session:
            near = await travelers_near(session=session, around=around(BERLIN, radius=radius))
        return [m.user_id for m in near.matches]

    everyone = [2, 1, 3] if radius > 500 else [2, 1]
    assert await found() == everyone
    await hide(database, 2)
    await trip(database, 2, POTSDAM, days(0, 3))  # added while hidden
    assert await found() == [u for u in everyone if u != 2]
    await hide(database, 2, hidden=False)
    # Berlin first, then Potsdam's two trips by length, then Munich.
    assert await found() == ([2, 1, 2, 3] if radius > 500 else [2, 1, 2])


@pytest.mark.parametrize(("limit", "statements"), [(2, 1), (6, 2)])
async def test_a_wide_circle_stops_at_the_first_ring_past_the_count_cap(
    database: Database, monkeypatch: pytest.MonkeyPatch, limit: int, statements: int
) -> None:
    """Locals in a wide circle: the first ring whose visible homes pass the count's cap
    answers alone (one statement on either backend) with the nearest homes and "3+", unless
    the limit asks for more homes than it holds; Munich's homes are then read too."""
    monkeypatch.setattr(matching, "COUNT_CAP", 3)
    monkeypatch.setattr(matching, "CIRCLE_TOWNS", 0)  # read ring by ring, as a big guild
    monkeypatch.setattr(matching, "RING_TOWNS", 1)
    for user in range(1, 5):
        await home(database, user, BERLIN if user % 2 else POTSDAM)
    for user in range(5, 8):
        await home(database, user, MUNICH)  # ~500 km
    with statements_run(database, "homes") as ran:
        async with database.read_session() as session:
            found = await locals_near(
                session=session, around=around(BERLIN, radius=600), limit=limit
            )
    assert [m.user_id for m in found.matches] == [1, 3, 2, 4, 5, 6][:limit]
    assert (found.total, found.capped) == (3, True)
    assert len(ran) == (1 if database.dialect == "postgresql" else statements)


async def test_sqlite_probes_hidden_members_in_their_partial_index(
    sqlite_database_url: str,
) -> None:
    """Every statement locals run checks hidden members in the small partial index, not
    through the primary key plus a settings row each (SQLite's own choice). Travelers read
    no settings at all: each trip carries its member's flag (``trips.hidden``)."""
    database = Database.from_url(sqlite_database_url)
    try:
        await home(database, 1, BERLIN)
        await trip(database, 2, POTSDAM, days(0, 2))
        with statements_sent(database, "member_settings") as ran:
            async with database.read_session() as session:
                for query in (locals_near, travelers_near):
                    for radius in (50, 600):
                        await query(session=session, around=around(BERLIN, radius=radius))
        assert ran
        assert not [statement for statement, _ in ran if "trips" in statement]
        for statement, values in ran:
            plan = await sqlite_plan(database, statement, values)
            probes = [step for step in plan if " member_settings " in f"{step} "]
            assert probes
            assert all("ix_member_settings_hidden" in probe for probe in probes), statement
    finally:
        await database.dispose()


async def test_sqlite_reads_the_guilds_cities_a_degree_of_latitude_at_a_time(
    sqlite_database_url: str,
) -> None:
    """Locals rank a box's cities through ``(guild_id, floor(lat), lon, …)``, index only:
    one range of longitudes per degree, not the guild's whole band of latitudes."""
    database = Database.from_url(sqlite_database_url)
    try:
        await home(database, 1, BERLIN)
        await home(database, 2, MUNICH)
        with statements_sent(database, "guild_places") as ran:
            async with database.read_session() as session:
                for radius in (50, 600):
                    found = await locals_near(session=session, around=around(BERLIN, radius=radius))
                    assert {m.user_id for m in found.matches} == ({1} if radius == 50 else {1, 2})
        assert len(ran) >= 2
        for statement, values in ran:
            plan = await sqlite_plan(database, statement, values)
            reads = [step for step in plan if " guild_places " in f"{step} "]
            assert reads
            cell = "COVERING INDEX ix_guild_places_guild_cell_lon"
            assert all(cell in read for read in reads), reads
    finally:
        await database.dispose()
