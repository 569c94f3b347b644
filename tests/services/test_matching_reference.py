"""Every matching query against a naive reference on random data, on each backend.

Members live in random towns (several members per town, as in real guilds, so distances
tie), around a centre and across the 180th meridian; some are hidden, some opted in to DMs
with their own radius; trips have random dates. The reference measures every row in Python.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.domain.matching import MatchKind
from bot.domain.places.model import Place
from bot.services import busy_weeks, homes, matching, members, privacy, trips
from bot.services import places as places_service
from bot.services.matching import (
    EARTH_RADIUS_KM,
    Around,
    around_near,
    locals_near,
    travelers_near,
)
from bot.services.places import known_place_ids, note_place_in_use
from bot.services.recipients import notice_recipients
from models import Trip

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
GUILD = 10
DEFAULTS = DefaultsSection(radius_km=500)
START = date(2027, 3, 1)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat, dlon = math.radians(lat2 - lat1) / 2, math.radians(lon2 - lon1) / 2
    a = (
        math.sin(dlat) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def towns(rng: random.Random, centre: tuple[float, float], count: int) -> list[Place]:
    lat0, lon0 = centre
    found = []
    for index in range(count):
        lat = lat0 + rng.uniform(-2.5, 2.5)
        lon = (lon0 + rng.uniform(-3.5, 3.5) + 540) % 360 - 180
        found.append(
            Place(
                id=1000 + index,
                name=f"Town {index}",
                region="",
                country="XX",
                country_name="XX",
                lat=round(lat, 5),
                lon=round(lon, 5),
                timezone="UTC",
                population=1000,
                label=f"Town {index}, XX",
            )
        )
    return found


async def populate(db: Database, seed: int, centre: tuple[float, float]) -> dict[str, object]:
    rng = random.Random(seed)
    places = towns(rng, centre, 12)
    people: dict[int, dict[str, object]] = {}
    trip_rows = []
    async with db.session() as session:
        for user in range(1, 61):
            place = rng.choice(places)
            prefs = {
                "discoverable": rng.random() > 0.15,
                "notify_dm": rng.random() < 0.5,
                "radius_km": rng.choice([None, 20, 80, 150]),
            }
            await homes.set_home(
                session=session, guild_id=GUILD, user_id=user, place=place, now=NOW
            )
            await members.update_member_prefs(
                session=session, guild_id=GUILD, user_id=user, now=NOW, changes=prefs,
                defaults=DEFAULTS,
            )  # fmt: skip
            people[user] = {"place": place, **prefs}
        for trip_id in range(1, 81):
            place = rng.choice(places)
            user = rng.randint(1, 60)
            start = START + timedelta(days=rng.randint(0, 20))
            end = start + timedelta(days=rng.randint(0, 6))
            session.add(
                Trip(
                    id=trip_id, guild_id=GUILD, user_id=user, place_id=place.id,
                    place_label=place.label, lat=place.lat, lon=place.lon, timezone="UTC",
                    start_date=start, end_date=end, note="", announce=False,
                    created_at=NOW, updated_at=NOW,
                )
            )  # fmt: skip
            await note_place_in_use(
                session=session, guild_id=GUILD, place_id=place.id, lat=place.lat, lon=place.lon
            )
            trip_rows.append((trip_id, user, place, start, end))
    return {"people": people, "trips": trip_rows, "places": places}


def reference_locals(data: dict, around: Around, opted_in: bool) -> list[tuple[float, int]]:  # type: ignore[type-arg]
    found = []
    for user, person in data["people"].items():
        place = person["place"]
        if place is None:  # home cleared
            continue
        d = km(around.lat, around.lon, place.lat, place.lon)
        if user == around.exclude_user_id or not person["discoverable"] or d > around.radius_km:
            continue
        if opted_in and (not person["notify_dm"] or d > (person["radius_km"] or 1e9)):
            continue
        found.append((d, user))
    return sorted(found)


def reference_travelers(data: dict, around: Around, opted_in: bool) -> list[tuple]:  # type: ignore[type-arg]
    found = []
    for trip_id, user, place, start, end in data["trips"]:
        person = data["people"][user]
        d = km(around.lat, around.lon, place.lat, place.lon)
        if user == around.exclude_user_id or not person["discoverable"] or d > around.radius_km:
            continue
        if start > around.window.end or end < around.window.start:
            continue
        if opted_in and (not person["notify_dm"] or d > (person["radius_km"] or 1e9)):
            continue
        found.append((d, start, end, trip_id))
    return sorted(found)


def reference_recipients(data: dict, around: Around, limit: int) -> list[tuple]:  # type: ignore[type-arg]
    """Who is told about a trip: the nearest ``limit`` opted-in trips (each member by their
    first), then the nearest ``limit`` opted-in homes of members not told yet."""
    owners = {trip_id: user for trip_id, user, *_ in data["trips"]}
    found: dict[int, tuple[int, MatchKind, float]] = {}
    for d, *_, trip_id in reference_travelers(data, around, True)[:limit]:
        found.setdefault(owners[trip_id], (owners[trip_id], MatchKind.CO_TRAVELER, d))
    for d, user in reference_locals(data, around, True)[:limit]:
        found.setdefault(user, (user, MatchKind.LOCAL, d))
    return list(found.values())


async def check_against_reference(
    database: Database, data: dict[str, object], centre: tuple[float, float]
) -> int:
    """Every query, at random points, radii, windows, exclusions and limits, against the
    reference; returns how many rows were expected in all."""
    caps = (matching.COUNT_CAP, matching.TRAVELER_COUNT_CAP)
    rng = random.Random(11)
    checked = 0
    for _ in range(12):
        lat = centre[0] + rng.uniform(-1, 1)
        lon = (centre[1] + rng.uniform(-1, 1) + 540) % 360 - 180
        start = START + timedelta(days=rng.randint(0, 20))
        window = DateRange(start, start + timedelta(days=rng.randint(0, 5)))
        base = Around(GUILD, lat, lon, rng.choice([30.0, 120.0, 400.0]), window, None)
        for exclude in (None, rng.randint(1, 60)):
            around = replace(base, exclude_user_id=exclude)
            for limit in (3, 25):
                async with database.read_session() as session:
                    found = await locals_near(session=session, around=around, limit=limit)
                    going = await travelers_near(session=session, around=around, limit=limit)
                    # both lists at once rank the cities once
                    both = await around_near(session=session, around=around, limit=limit)
                    assert both == (found, going)
                    told = await notice_recipients(session=session, around=around, limit=limit)
                expected = reference_locals(data, around, False)
                assert found.total == min(len(expected), caps[0])
                assert found.capped == (len(expected) > caps[0])
                assert [m.user_id for m in found.matches] == [u for _, u in expected[:limit]]
                for match, (d, _) in zip(found.matches, expected, strict=False):
                    assert match.distance_km == pytest.approx(d, abs=1e-6)
                trips_expected = reference_travelers(data, around, False)
                assert going.total == min(len(trips_expected), caps[1])
                assert going.capped == (len(trips_expected) > caps[1])
                assert [m.trip_id for m in going.matches] == [t for *_, t in trips_expected[:limit]]
                to_tell = reference_recipients(data, around, limit)
                assert [(r.user_id, r.kind) for r in told] == [(u, k) for u, k, _ in to_tell]
                for recipient, (*_, d) in zip(told, to_tell, strict=True):
                    assert recipient.distance_km == pytest.approx(d, abs=1e-6)
                checked += len(expected) + len(trips_expected) + len(to_tell)
    return checked


@pytest.mark.parametrize(
    ("centre", "max_cities", "circle_towns"),
    [
        ((50.1, 8.7), None, None),
        ((-17.0, 179.5), None, None),
        ((50.1, 8.7), 3, None),
        ((50.1, 8.7), 3, 0),
        ((50.1, 8.7), 40, 0),
    ],
    ids=["frankfurt", "meridian", "few-cities-read", "rings", "rings-many-cities"],
)
async def test_matching_agrees_with_a_naive_reference(
    database: Database,
    centre: tuple[float, float],
    max_cities: int | None,
    circle_towns: int | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if max_cities is not None:  # the paths for wide circles and dense ones, with small caps
        monkeypatch.setattr(matching, "MAX_CITIES", max_cities)
        monkeypatch.setattr(matching, "COUNT_CAP", 10)
        monkeypatch.setattr(matching, "TRAVELER_COUNT_CAP", 4)
    if circle_towns is not None:  # a small guild's circle read ring by ring, as a big one's
        monkeypatch.setattr(matching, "CIRCLE_TOWNS", circle_towns)
        monkeypatch.setattr(matching, "RING_TOWNS", 1)
        monkeypatch.setattr(busy_weeks, "FEW_TOWNS", -1)
        monkeypatch.setattr(busy_weeks, "_remembered", {})
    data = await populate(database, seed=7, centre=centre)
    assert await check_against_reference(database, data, centre) > 100


async def test_notice_recipients_follow_every_later_write(database: Database) -> None:
    """The opted-in members' table (notify_spots, kept by triggers) after members move, clear
    their home, change or cancel trips, change their settings or erase themselves."""
    centre = (50.1, 8.7)
    data = await populate(database, seed=5, centre=centre)
    people: dict[int, dict[str, object]] = data["people"]  # type: ignore[assignment]
    trip_rows: list[tuple[int, int, Place, date, date]] = data["trips"]  # type: ignore[assignment]
    places: list[Place] = data["places"]  # type: ignore[assignment]
    rng = random.Random(13)
    async with database.session() as session:
        for user in rng.sample(sorted(people), 20):  # settings change: on, off, radius, hidden
            prefs = {
                "discoverable": rng.random() > 0.3,
                "notify_dm": rng.random() < 0.5,
                "radius_km": rng.choice([None, 20, 80, 150]),
            }
            await members.update_member_prefs(
                session=session, guild_id=GUILD, user_id=user, now=NOW, changes=prefs,
                defaults=DEFAULTS,
            )  # fmt: skip
            people[user].update(prefs)
        for user in rng.sample(sorted(people), 10):  # moves
            place = rng.choice(places)
            await homes.set_home(
                session=session, guild_id=GUILD, user_id=user, place=place, now=NOW
            )
            people[user]["place"] = place
        for user in rng.sample(sorted(people), 5):
            await homes.clear_home(session=session, guild_id=GUILD, user_id=user)
            people[user]["place"] = None
        for index in rng.sample(range(len(trip_rows)), 15):  # trips moved or re-dated
            trip_id, user, place, start, end = trip_rows[index]
            trip = await session.get(Trip, trip_id)
            assert trip is not None
            place = rng.choice(places)
            start += timedelta(days=rng.randint(-5, 5))
            trip.place_id, trip.place_label, trip.lat, trip.lon = (
                place.id, place.label, place.lat, place.lon,
            )  # fmt: skip
            trip.start_date, trip.end_date = start, max(start, end)
            trip_rows[index] = (trip_id, user, place, start, max(start, end))
        await session.flush()
        for index in sorted(rng.sample(range(len(trip_rows)), 10), reverse=True):
            trip_id, user, *_ = trip_rows.pop(index)
            await trips.cancel_trip(session=session, guild_id=GUILD, user_id=user, trip_id=trip_id)
    erased = next(u for u, p in people.items() if p["notify_dm"] and p["place"] is not None)
    async with database.session() as session:
        await privacy.erase(
            session=session, user_id=erased, guild_id=GUILD, defaults=DEFAULTS, now=NOW
        )
    people[erased].update(place=None, notify_dm=False, discoverable=True, radius_km=None)
    data["trips"] = [row for row in trip_rows if row[1] != erased]
    assert await check_against_reference(database, data, centre) > 100


async def test_autocomplete_ranks_the_guilds_most_used_cities(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = await populate(database, seed=3, centre=(50.1, 8.7))
    uses: dict[int, int] = {}
    for person in data["people"].values():  # type: ignore[attr-defined]
        uses[person["place"].id] = uses.get(person["place"].id, 0) + 1
    for _, _, place, _, _ in data["trips"]:  # type: ignore[attr-defined]
        uses[place.id] = uses.get(place.id, 0) + 1
    ranked = sorted(uses, key=lambda place_id: -uses[place_id])
    monkeypatch.setattr(places_service, "MAX_BOOSTED", 5)
    async with database.read_session() as session:
        top = await known_place_ids(session=session, guild_id=GUILD)
    fifth = uses[ranked[4]]
    assert {p for p in ranked if uses[p] > fifth} <= top
    assert all(uses[p] >= fifth for p in top)
    assert len(top) == 5
