"""Finding locals and co-travelers near a city, at a cost that does not grow with the guild.

Members are stored at their city's centre, so around a big city thousands of them share one
point. Ranking members would rank all of them; instead the guild's cities in the circle
(``guild_places``: a few hundred at most, however many members) are ranked by distance, and
the nearest ``limit`` are read from the nearest cities through ``(guild_id, place_id)``
indexes. Locals are counted without reading a home: each guild city keeps its number of
visible homes (``visible_homes``, kept exact by database triggers), summed in the statement
that ranks the cities; that sum also says which cities hold the nearest ``limit``, so their
rows are one more statement (on PostgreSQL all of it is one statement). Counts stop at a
cap ("1,000+"). A city's trips overlapping a window are read through two ranges bounded on
both sides (trips starting in the window's weeks, and ``trip_weeks``: trips going on into its
first week), so their cost does not grow with the guild's history either. On PostgreSQL
travelers are one statement too, over the towns someone travels to in the window's weeks
(``town_weeks``, kept by triggers, with how many trips each holds): a wide circle probes
those few hundred towns, busiest first, not its thousands, and never a bounding box over
every trip it ever held. On SQLite travelers are read ring by ring: a
busy town's ranges answer alone, else the ring's trips come from ``trip_boxes``, SQLite's
R*Tree of trips by guild, place and days (kept by triggers), which costs a ring's trips
rather than its towns (thousands in a wide circle). Notification recipients, each within
their own radius, are ``bot.services.recipients``. ``benchmarks/matching.py`` and
``benchmarks/hot_paths.py`` measure these paths against fair baselines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from geopy.distance import EARTH_RADIUS
from sqlalchemy import (
    ARRAY,
    Boolean,
    ColumnElement,
    Float,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased
from sqlalchemy.sql.base import ReadOnlyColumnCollection

from bot.config import DefaultsSection
from bot.db.compiled import fetch_all
from bot.domain.dates.model import DateRange
from bot.domain.matching import Match, MatchKind
from bot.domain.places import bounding_box
from bot.services.busy_weeks import few_towns_in_week, town_weeks, trip_boxes
from bot.services.guilds import guild_config
from bot.services.hidden_members import hidden_member
from models import GuildPlace, Home, MemberSettings, NotifySpot, Trip, TripWeek

EARTH_RADIUS_KM = float(EARTH_RADIUS)  # the sphere bounding_box uses too


@dataclass(frozen=True, slots=True)
class Around:
    """Where and when to look: a city's coordinates, a radius and a window of local dates."""

    guild_id: int
    lat: float
    lon: float
    radius_km: float
    window: DateRange
    exclude_user_id: int | None = None

    @classmethod
    def trip(cls, trip: Trip, radius_km: float) -> Around:
        return cls(
            guild_id=trip.guild_id,
            lat=trip.lat,
            lon=trip.lon,
            radius_km=radius_km,
            window=DateRange(trip.start_date, trip.end_date),
            exclude_user_id=trip.user_id,
        )


@dataclass(frozen=True, slots=True)
class Nearby:
    """Matches (nearest first, at most the limit asked for) and how many there are in all;
    ``capped`` when there are more than the count's cap ("1,000+")."""

    matches: list[Match]
    total: int
    capped: bool = False

    @property
    def total_text(self) -> str:
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"


# Counting stops here: a person reads "1,000+" locals or "100+" visitors just as well, and
# an exact count would have to visit every match (tens of thousands around a big city).
COUNT_CAP = 1000
TRAVELER_COUNT_CAP = 100


def distance_km(
    lat_column: InstrumentedAttribute[float],
    lon_column: InstrumentedAttribute[float],
    lat: float,
    lon: float,
) -> ColumnElement[float]:
    """Haversine distance between a row's city and (lat, lon), evaluated in SQL."""
    dlat = func.radians(lat_column - lat) / 2
    dlon = func.radians(lon_column - lon) / 2
    a = func.sin(dlat) * func.sin(dlat) + func.cos(func.radians(lat)) * func.cos(
        func.radians(lat_column)
    ) * func.sin(dlon) * func.sin(dlon)
    return 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(a))


def in_box(
    lat_column: InstrumentedAttribute[float],
    lon_column: InstrumentedAttribute[float],
    lat: float,
    lon: float,
    radius_km: float,
) -> ColumnElement[bool]:
    box = bounding_box(lat, lon, radius_km)
    return and_(
        lat_column.between(box.min_lat, box.max_lat),
        or_(*(lon_column.between(low, high) for low, high in box.lon_ranges)),
    )


# The statements are built once per shape, with bound parameters, and then only executed:
# building and hashing the big distance expression anew would cost more than running the
# query on a small guild (~0.8 ms a query; /travel add runs four).

Shape = tuple[int, bool]


def _param(name: str) -> ColumnElement[float]:
    return bindparam(name, type_=Float)


Located = (
    type[Home]
    | type[Trip]
    | type[GuildPlace]
    | type[NotifySpot]
    | ReadOnlyColumnCollection[str, Any]
)


def _distance_from_point(model: Located) -> ColumnElement[float]:
    """:func:`distance_km` to the bound point, with the point's trigonometry done once in
    Python and the constants inline: neither database folds bound parameters into
    constants (PostgreSQL's generic plan for a prepared statement, which it switches to
    after five runs, does not), so they would otherwise be recomputed for every row."""
    half = literal_column("0.5", Float)
    dlat = (func.radians(model.lat) - _param("lat_radians")) * half
    dlon = (func.radians(model.lon) - _param("lon_radians")) * half
    a = func.sin(dlat) * func.sin(dlat) + _param("cos_lat") * func.cos(
        func.radians(model.lat)
    ) * func.sin(dlon) * func.sin(dlon)
    return literal_column(repr(2 * EARTH_RADIUS_KM), Float) * func.asin(func.sqrt(a))


def _bind(around: Around, limit: int) -> tuple[Shape, dict[str, Any]]:
    """The shape of the statement (what changes its SQL: 1 or 2 longitude ranges, across
    ±180°; whether someone is excluded) and the values of its parameters."""
    box = bounding_box(around.lat, around.lon, around.radius_km)
    values: dict[str, Any] = {
        "guild_id": around.guild_id,
        "lat_radians": math.radians(around.lat),
        "lon_radians": math.radians(around.lon),
        "cos_lat": math.cos(math.radians(around.lat)),
        "radius_km": around.radius_km,
        "min_lat": box.min_lat,
        "max_lat": box.max_lat,
        "window_start": around.window.start,
        "window_end": around.window.end,
        "exclude_user_id": around.exclude_user_id,
        "limit": limit,
    }
    for index, (west, east) in enumerate(box.lon_ranges):
        values[f"west_{index}"], values[f"east_{index}"] = west, east
    shape = (len(box.lon_ranges), around.exclude_user_id is not None)
    return shape, values


def _in_circle(model: Located, shape: Shape, prefix: str = "") -> list[ColumnElement[bool]]:
    """The row's city lies within the bound radius (box first: cheap, no trigonometry);
    ``prefix`` names the box's parameters when a statement has several circles."""
    return [
        *_in_box(model, shape, prefix),
        _distance_from_point(model) <= _param(f"{prefix}radius_km"),
    ]


def _in_box(model: Located, shape: Shape, prefix: str = "") -> list[ColumnElement[bool]]:
    """The row's city lies in the bound box (what ``_in_circle`` checks first)."""
    west, east = f"{prefix}west", f"{prefix}east"
    return [
        model.lat.between(_param(f"{prefix}min_lat"), _param(f"{prefix}max_lat")),
        or_(
            *(
                model.lon.between(_param(f"{west}_{i}"), _param(f"{east}_{i}"))
                for i in range(shape[0])
            )
        ),
    ]


@cache
def _homes_in_circle_statement(shape: Shape) -> Any:
    """Visible homes over the whole circle, by distance: for circles with more cities than
    ``MAX_CITIES`` and few locals in the nearest of them."""
    _, exclude = shape
    distance = _distance_from_point(Home).label("distance")
    where = [
        Home.guild_id == bindparam("guild_id"),
        *_in_circle(Home, shape),
        Home.user_id.not_in(_hidden()),
    ]
    if exclude:
        where.append(Home.user_id != bindparam("exclude_user_id"))
    query = select(Home.user_id, Home.place_label, distance).where(*where)
    return query.order_by(distance, Home.user_id).limit(bindparam("limit"))


@cache
def _trips_in_circle_statement(shape: Shape) -> Any:
    """Overlapping trips over a circle, by distance (SQLite, see ``_travelers_in_rings``).
    The circle's towns (``guild_places``, by box) each probe their two date-bounded ranges,
    so a wide circle reads only the trips overlapping the window, not every trip the
    guild's history left in its bounding box."""
    _, exclude = shape
    circle = select(GuildPlace.place_id).where(
        GuildPlace.guild_id == bindparam("guild_id"), *_in_circle(GuildPlace, shape)
    )
    found = _overlapping_in_cities(exclude, False, circle).subquery("found")
    return select(found).order_by(*_nearest_first(found, False)).limit(bindparam("limit"))


# The nearest cities a ring ranks to find its nearest homes in; past this many, the homes
# come from the distance query over the circle (few members per city there, or the limit
# would be met).
MAX_CITIES = 256


@dataclass(frozen=True, slots=True)
class Cities:
    """What one ring (on SQLite) says of the guild's cities in it: how many (``towns``),
    their visible homes (the asking member's own left out) within the ring
    (``locals_within``) and within half its radius (``locals_inner``), and the nearest
    homes (user id, label, km; nearest first, by user id at one distance) of its nearest
    ``MAX_CITIES`` cities (``answered`` unless those hold fewer than the limit and more
    cities lie beyond them)."""

    towns: int
    locals_within: int
    locals_inner: int
    answered: bool
    homes: list[tuple[int, str, float]]


def _viewer_place() -> Any:
    """The asking member's home city, if they are visible (their home is then in its city's
    ``visible_homes``, and must not count)."""
    return (
        select(Home.place_id)
        .where(
            Home.guild_id == bindparam("guild_id"),
            Home.user_id == bindparam("exclude_user_id"),
            _shown(),
        )
        .scalar_subquery()
    )


def _shown() -> ColumnElement[bool]:
    """The home's member is not hidden, by key: for the few homes these statements read,
    cheaper than building the guild's list of hidden members (10,000 at 1M) each time."""
    return ~hidden_member(Home)


def _visible_here(exclude: bool) -> Any:
    if not exclude:
        return GuildPlace.visible_homes
    mine = case((GuildPlace.place_id == _viewer_place(), 1), else_=0)
    return GuildPlace.visible_homes - mine


# The ring's summary and its homes share the statement's columns; ``part`` says which.
SUMMARY, HOME = 0, 1

# No user id is larger (SQLite's integers are 64-bit).
LAST_USER_ID = 2**63 - 1


def _in_strips(
    south: Any, north: Any, west: Any, east: Any, name: str = "degrees"
) -> list[ColumnElement[bool]]:
    """A guild city lies in the box, asked a degree of latitude at a time (SQLite): each
    degree is one range of longitudes in ``ix_guild_places_guild_cell_lon``, where one range
    of latitudes in ``(guild_id, lat, lon)`` walked the band's towns at every longitude
    (10,000 members, 500 km around Bozeman: 2,243 index entries for 31 towns)."""
    degrees = select(func.floor(south).label("cell")).cte(name, recursive=True)
    degrees = degrees.union_all(
        select(degrees.c.cell + 1).where(degrees.c.cell < func.floor(north))
    )
    return [
        # As the index names it: floor(lat).
        func.floor(GuildPlace.lat).in_(select(degrees.c.cell)),
        GuildPlace.lon.between(west, east),
        # ``+ 0``: a test of each town, not a range SQLite could pick the band's index for.
        (GuildPlace.lat + 0).between(south, north),
    ]


def _towns_in_box(prefix: str, limit: str) -> Any:
    """The towns in a bound box (one longitude range), counted in the index only up to the
    bound ``limit``."""
    south, north = _param(f"{prefix}min_lat"), _param(f"{prefix}max_lat")
    west, east = _param(f"{prefix}west_0"), _param(f"{prefix}east_0")
    towns = (
        select(literal_column("1"))
        .where(
            GuildPlace.guild_id == bindparam("guild_id"),
            *_in_strips(south, north, west, east, f"{prefix}degrees_counted"),
        )
        .limit(bindparam(limit))
        .subquery(f"{prefix}towns")
    )
    return select(func.count()).select_from(towns).scalar_subquery()


def _circle_at_once() -> Any:
    """Whether to read the circle instead of the first ring: where ``_cities_near`` would
    read it next anyway (the first ring's box holds at most ``jump_towns`` towns), or where
    the circle's box holds at most ``CIRCLE_TOWNS`` (a small guild: reading it costs less
    than a second statement). The circle is counted only after a first ring of at most
    ``MAX_CITIES`` towns: around a busy one it holds far more (1M members, 500 km around
    London: 0.7 ms to find that out)."""
    first = _towns_in_box("", "first_limit")
    small = and_(
        first <= bindparam("max_cities"),
        _towns_in_box("c_", "circle_limit") <= bindparam("circle_towns"),
    )
    return case((first <= bindparam("jump_towns"), 1), (small, 1), else_=0)


# A circle whose box holds this many towns or fewer is read at once (``_circle_at_once``).
CIRCLE_TOWNS = 2048


@cache
def _cities_statement(ranges: int, exclude: bool, choose: bool = False) -> Any:
    """One ring on SQLite, in one statement: a summary row (its towns, and their visible
    homes within the ring and within half of it: the capped count of locals without
    counting a single home, and how they grow with distance) and, when the ring is the
    last one read (past the count's cap, or the circle: ``cap``, ``last_ring``), the homes
    of its nearest cities until their sum reaches ``limit``, each city read through the
    ``(guild_id, place_id, user_id)`` index only as far as its ``limit``-th shown home
    (10,000 Londoners: 25 read). The box's cities are read once into a materialized CTE
    with their distance, then summed and ranked (a top-N sort) from it: a window sum over
    the circle made SQLite keep and sort every city of it (10k members, 500 km around
    London: 3.3 -> 1.3 ms; 1M, 500 km: 9.0 -> 6.0), and a distance written in both the
    WHERE and the SELECT was computed twice. One summary row, not the ranked cities: a few
    hundred rows cost a millisecond of Python. With ``choose``, the statement reads either
    the first ring (bound as usual) or the circle (bound as ``c_…``), as
    ``_circle_at_once`` says: a sparse first ring, or one in a small guild, was a statement
    of its own before the circle; the summary's ``ring`` says which was read (1: the
    circle)."""
    guild: Any = bindparam("guild_id")
    ring: Any = literal_column("0")
    box_where = (
        _in_box(GuildPlace, (ranges, exclude))
        if ranges > 1  # across ±180°: two ranges of longitudes, rare enough to walk the band
        else _in_strips(_param("min_lat"), _param("max_lat"), _param("west_0"), _param("east_0"))
    )
    radius: Any = _param("radius_km")
    inner_km: Any = _param("inner_km")
    if choose:
        chosen = select(_circle_at_once().label("ring"))
        ring = select(chosen.cte("chosen").prefix_with("MATERIALIZED").c.ring).scalar_subquery()

        def pick(key: str) -> Any:
            return case((ring == 1, _param(f"c_{key}")), else_=_param(key))

        south, north, west, east = (pick(key) for key in ("min_lat", "max_lat", "west_0", "east_0"))
        box_where = _in_strips(south, north, west, east)
        radius, inner_km = pick("radius_km"), pick("inner_km")
    box = (
        select(
            _distance_from_point(GuildPlace).label("km"),
            GuildPlace.place_id,
            _visible_here(exclude).label("here"),
        )
        .where(GuildPlace.guild_id == guild, *box_where)
        .cte("box")
        .prefix_with("MATERIALIZED")
    )
    in_ring = box.c.km <= radius
    inner = box.c.km <= inner_km
    zero: Any = literal_column("0")
    totals = (
        select(
            func.count().label("towns"),
            func.coalesce(func.sum(box.c.here), zero).label("within"),
            func.coalesce(func.sum(case((inner, box.c.here), else_=zero)), zero).label("inner"),
        )
        .where(in_ring)
        .cte("totals")
        .prefix_with("MATERIALIZED")
    )
    nearest = (
        select(box.c.km, box.c.place_id, box.c.here)
        .where(in_ring)
        .order_by(box.c.km, box.c.place_id)
        .limit(bindparam("max_cities"))
        .cte("nearest")
        .prefix_with("MATERIALIZED")
    )
    ranked_sum = select(func.coalesce(func.sum(nearest.c.here), zero)).scalar_subquery()
    order = (nearest.c.km, nearest.c.place_id)
    ranked = (
        select(
            nearest.c.km,
            nearest.c.place_id,
            (func.sum(nearest.c.here).over(order_by=order) - nearest.c.here).label("before"),
        )
        .where(nearest.c.here > 0)
        .subquery("ranked")
    )

    def shown_here(home: Any) -> list[ColumnElement[bool]]:
        found = [home.guild_id == guild, home.place_id == ranked.c.place_id, ~hidden_member(home)]
        return [*found, home.user_id != bindparam("exclude_user_id")] if exclude else found

    first = aliased(Home, name="first")
    boundary = (
        select(first.user_id)
        .where(*shown_here(first))
        .order_by(first.user_id)
        .offset(bindparam("last_offset"))
        .limit(1)
        .scalar_subquery()
    )
    within = select(totals.c.within).scalar_subquery()
    final = or_(within > bindparam("cap"), bindparam("last_ring", type_=Boolean), ring == 1)
    nothing: Any = literal_column("NULL")
    summary = select(
        literal_column(str(SUMMARY)).label("part"),
        nothing.label("km"),
        totals.c.towns.label("id"),
        nothing.label("label"),
        totals.c.within,
        totals.c.inner,
        ranked_sum.label("ranked"),
        ring.label("ring"),
    )
    homes = (
        select(
            literal_column(str(HOME)),
            ranked.c.km,
            Home.user_id,
            Home.place_label,
            nothing,
            nothing,
            nothing,
            nothing,
        )
        # LEFT JOIN, every test of the home in its ON: SQLite keeps the cities as the
        # outer loop (an inner join let it scan the guild's homes, probing the cities).
        .select_from(
            ranked.outerjoin(
                Home,
                and_(
                    *shown_here(Home),
                    # A bound of the index's range, not a test of each home.
                    Home.user_id <= func.coalesce(boundary, LAST_USER_ID),
                ),
            )
        )
        .where(final, ranked.c.before < bindparam("limit"))
    )
    # The summary first; then the homes, nearest first (by user id at one distance).
    return union_all(summary, homes).order_by(
        literal_column("part"), literal_column("km"), literal_column("id")
    )


FIRST_RING_KM = 60.0


# Towns a ring may hold and still be cheap to rank in one statement, as far as the towns of
# the ring before it let one guess: a region of few towns jumps to the radius instead of
# ring after ring, however few homes the last ring held.
RING_TOWNS = 1024

# A next ring this share of the radius or wider is the circle itself: a small guild's wide
# circle holds fewer than the cap, and the ring just short of it was a third statement.
NEAR_RADIUS = 0.6


def _enough_locals(limit: int) -> int:
    """A ring holding more visible homes than this answers alone: past the count's cap
    (its count is the circle's "1,000+") and holding the limit's nearest homes."""
    return max(COUNT_CAP, limit - 1)


def _radius_for_cap(radius: float, cities: Cities) -> float:
    """How wide a ring should hold more than ``COUNT_CAP`` visible homes, extrapolated from
    how the ring's homes grow with distance: homes within r grow as r^g, g measured between
    half the ring and the ring, at most 2 (spread evenly). Around a city the homes thin out
    past its suburbs (at 10k members London's 60 km hold 218 homes, its 500 km 1,003:
    g ~ 0.4), so a ring sized as if they were spread evenly fell short and the circle was
    read after it."""
    inner, within = cities.locals_inner, cities.locals_within
    growth = 2.0
    if 0 < inner < within:
        growth = min(growth, math.log(within / inner) / math.log(2))
    elif inner > 0:  # the outer half added no one: the homes end inside the ring
        return math.inf
    widen = math.log(COUNT_CAP / max(within, 1)) / growth
    return radius * math.exp(widen) if widen < 20 else math.inf


async def _cities_near(session: AsyncSession, around: Around, limit: int) -> Cities:
    """The ring that answers, read in rings (60 km, then at least four times wider, wider
    still where the last ring held few towns or its homes grow slowly with distance, up to
    the radius; a radius of up to twice the first ring at once), so a wide circle around a
    busy region reads only the towns of the first ring whose visible homes pass the count's
    cap: "1,000+" is then the circle's count too, and the nearest homes are in it (any
    beyond it are farther). The first ring's statement reads the circle instead where that
    ring is sparse or the guild small (``_circle_at_once``)."""
    radius = around.radius_km if around.radius_km <= 2 * FIRST_RING_KM else FIRST_RING_KM
    # The first ring's towns below which the next ring read would be the circle (the
    # rule below: radius * sqrt(RING_TOWNS / towns) >= NEAR_RADIUS * the circle's).
    jump_towns = math.floor(RING_TOWNS * (radius / (NEAR_RADIUS * around.radius_km)) ** 2)
    first = True
    while True:
        shape, values = _bind(replace(around, radius_km=radius), limit)
        values.update(
            inner_km=radius / 2,
            max_cities=MAX_CITIES,
            last_offset=limit - 1,
            cap=_enough_locals(limit),
            last_ring=radius >= around.radius_km,
        )
        choose = radius < around.radius_km and first and shape[0] == 1
        if choose:
            circle, bound = _bind(around, limit)
            choose = circle[0] == 1
            values.update({f"c_{key}": bound[key] for key in _CIRCLE})
            values.update(
                c_inner_km=around.radius_km / 2,
                jump_towns=jump_towns,
                first_limit=max(jump_towns, MAX_CITIES) + 1,
                circle_towns=CIRCLE_TOWNS,
                circle_limit=CIRCLE_TOWNS + 1,
            )
        statement = _cities_statement(shape[0], shape[1], choose)
        rows = await fetch_all(session, statement, values)
        _, _, towns, _, within, inner, ranked, ring = rows[0]
        cities = Cities(
            towns=int(towns),
            locals_within=int(within),
            locals_inner=int(inner),
            answered=towns <= MAX_CITIES or ranked >= limit,
            # A city whose homes are all hidden gives one row of NULLs (LEFT JOIN).
            homes=[(row[2], row[3], float(row[1])) for row in rows[1:] if row[2] is not None],
        )
        if ring == 1:  # the statement read the circle
            radius = around.radius_km
        if cities.locals_within > values["cap"] or radius >= around.radius_km:
            return cities
        first = False  # chosen in the first ring's statement only
        towns_wide = radius * math.sqrt(RING_TOWNS / max(cities.towns, 1))
        radius = max(radius * 4, towns_wide, _radius_for_cap(radius, cities))
        if radius >= NEAR_RADIUS * around.radius_km:
            radius = around.radius_km  # a ring this close to the circle would be read twice
        radius = min(around.radius_km, radius)


def _hidden() -> Any:
    return select(MemberSettings.user_id).where(
        MemberSettings.guild_id == bindparam("guild_id"), ~MemberSettings.discoverable
    )


# Weeks are numbered from this Monday, as the triggers that keep ``trip_weeks`` number them.
WEEK_ZERO = date(1970, 1, 5)


def week(day: date) -> int:
    """The number of the week holding ``day``."""
    return (day - WEEK_ZERO).days // 7


def _overlapping_in_cities(
    exclude: bool,
    count: bool,
    cities: Any,
    lateral: bool = False,
    first: bool = False,
    km: Any = None,
) -> Any:
    """Every visible trip in a set of cities overlapping the window, each read once, and
    only those: trips starting from the Monday of the window's first week to its end (a range
    of ``ix_trips_guild_place_dates`` bounded on both sides) and trips going on into that week
    from an earlier one (``trip_weeks``). A city's trips that ended before the window or start
    after it are never read, however long the guild's history. Both give a city's trips in
    (start, end, id) order from their index. Hidden members' trips are told by their own
    ``hidden`` flag (kept by triggers; PostgreSQL's index includes it), not by a probe of
    the settings per trip nor a list of a big guild's thousands of hidden members.
    ``cities`` is a SELECT of place ids (each probed in turn: the ranges are read town by
    town, never a table by guild), one city's id (``first``: its first ``limit`` then, in
    the order shown), or the column of one city per row of a LATERAL read (``lateral``,
    PostgreSQL; the rows are then each range's first ``limit``: a big city's hundreds are
    not all read). ``km``, the city's distance when each row is one city's (its trips are
    at its centre), spares each trip its trigonometry, and the trips going on into the week
    their lookup in ``trips``: ``trip_weeks`` carries the member, the flag and the label
    (migration e7b3d9f1a5c4), and on PostgreSQL the starting range's index carries them
    too, so a city's trips are read from the indexes alone."""
    distance = (_distance_from_point(Trip) if km is None else km).label("distance")
    if count:
        starting_columns: tuple[Any, ...] = (literal_column("1").label("one"),)
        going_on_columns = starting_columns
    else:
        starting_columns = (Trip.id, Trip.user_id, Trip.place_label, Trip.start_date)
        starting_columns += (Trip.end_date, distance)
        going_on_columns = (TripWeek.trip_id, TripWeek.user_id, TripWeek.place_label)
        going_on_columns += (TripWeek.start_date, TripWeek.end_date, distance)

    def shown(trip: type[Trip] | type[TripWeek]) -> list[ColumnElement[bool]]:
        checks: list[ColumnElement[bool]] = [~trip.hidden]
        if exclude:
            checks.append(trip.user_id != bindparam("exclude_user_id"))
        return checks

    def place(column: InstrumentedAttribute[int]) -> ColumnElement[bool]:
        if isinstance(cities, Select):
            return column.in_(cities)
        joined: ColumnElement[bool] = column == cities
        return joined

    starting = select(*starting_columns).where(
        Trip.guild_id == bindparam("guild_id"),
        place(Trip.place_id),
        Trip.start_date.between(bindparam("week_start"), bindparam("window_end")),
        Trip.end_date >= bindparam("window_start"),
        *shown(Trip),
    )
    going_on = select(*going_on_columns)
    if km is None and not count:  # each trip's own point: its row is read for it
        going_on = going_on.join_from(TripWeek, Trip, Trip.id == TripWeek.trip_id)
    going_on = going_on.where(
        TripWeek.guild_id == bindparam("guild_id"),
        place(TripWeek.place_id),
        TripWeek.week == bindparam("week"),
        TripWeek.end_date >= bindparam("window_start"),
        *shown(TripWeek),
    )
    if lateral:
        starting, going_on = starting.correlate(cities.table), going_on.correlate(cities.table)
    if lateral and not count:  # a city's first ``limit`` of each range, in the order shown
        starting = starting.order_by(Trip.start_date, Trip.end_date, Trip.id)
        going_on = going_on.order_by(TripWeek.start_date, TripWeek.end_date, TripWeek.trip_id)
        starting = starting.limit(bindparam("limit"))
        going_on = going_on.limit(bindparam("limit"))
    both = union_all(starting, going_on)
    if first:  # both ranges come in this order: SQLite merges them and stops at the limit
        return both.order_by("start_date", "end_date", "id").limit(bindparam("limit"))
    return both


def _nearest_first(trips: Any, one_city: bool) -> tuple[Any, ...]:
    """The order shown: distance, then the soonest, then the shortest."""
    order = (trips.c.start_date, trips.c.end_date, trips.c.id)
    return order if one_city else (trips.c.distance, *order)


def _trip_values(around: Around) -> dict[str, Any]:
    """The point's parameters and the window's first week (see ``_overlapping_in_cities``)."""
    _, values = _bind(around, 0)
    first_week = week(around.window.start)
    values.update(week=first_week, week_start=WEEK_ZERO + timedelta(weeks=first_week))
    return values


def _active_towns(level: int, shape: Shape) -> Any:
    """A ring's towns where some trip is in the window's weeks (a trip overlapping the
    window overlaps one of them), each with its distance and its trips in those weeks:
    the towns nobody travels to then are never read, ``town_weeks``' own index answers
    (index only), and the busiest can be probed first. Each of the window's weeks and the
    box's degrees of latitude is one range of longitudes in that index (migration
    b5e1f9c3a7d2): only the towns of the box's strips are read, not its band of the globe."""
    towns = town_weeks.c
    km = func.min(_distance_from_point(towns)).label("km")
    south, north, _, _ = _edges(f"r{level}_")
    return (
        select(km, towns.place_id, func.sum(towns.trips).label("trips"))
        .where(
            towns.guild_id == bindparam("guild_id"),
            towns.week == any_(_series(bindparam("week"), bindparam("last_week"))),
            towns.lat_cell == any_(_series(func.floor(south), func.floor(north))),
            *_in_circle(towns, shape, f"r{level}_"),
        )
        .group_by(towns.place_id)
        .cte(f"ring{level}")
    )


def _series(first: Any, last: Any) -> Any:
    """The integers from ``first`` to ``last`` as an array built when the statement runs
    (``ARRAY(SELECT generate_series(…))``): ``column = ANY`` of it is one index range per
    element, and the planner sizes it the same for every run, so PostgreSQL keeps the
    prepared statement's generic plan (an array parameter, sized anew for each run's custom
    plan, looks cheaper there, and the statement would be planned again on every run)."""
    numbers = select(func.generate_series(cast(first, Integer), cast(last, Integer)))
    return func.array(numbers.scalar_subquery(), type_=ARRAY(Integer))


def _ring_chosen(passed: list[Any]) -> Any:
    """The number of the first ring whose gate in ``passed`` is true (else the last ring's,
    the circle's), worked out once in a CTE of its own that each ring's branch and the
    total compare with. Written into each branch's filter instead, every gate was a plan of
    its own, started and run for each branch (a three-ring statement had ring 0's gate four
    times): measured query by query, 500 km, 10k to 1M members, travelers -5 to -13 %,
    locals -2 to -10 %."""
    level = case(*((gate, level) for level, gate in enumerate(passed)), else_=len(passed))
    return select(select(level.label("level")).cte("choice").c.level).scalar_subquery()


@cache
def _travelers_statement(ranges: tuple[int, ...], exclude: bool, ties: bool) -> Any:
    """Travelers on PostgreSQL in one statement (one round trip instead of two to five), the
    way ``_locals_statement`` reads locals: the first ring whose overlapping trips pass the
    count's cap and the limit (``enough``; or the whole circle), chosen in the statement
    itself (each ring's capped count is read only when the rings before it fall short), and
    its count is the total; then its towns nearest first, each town's overlapping trips
    read through the two date-bounded ranges in the order shown (LATERAL … LIMIT), stopping
    as soon as ``limit`` rows are read. A trip outside a ring lies farther than every trip
    inside it, so that ring holds the nearest ``limit``. Rings list only the towns someone
    travels to in the window's weeks (``_active_towns``), and a ring's count probes its
    busiest first, so around a big city it stops after the city itself and a wide sparse
    circle probes a few hundred towns, not its thousands. Without ``ties`` the statement
    does not merge two towns at one point when the read stops between them, it says so
    (``tied``) and is run again with ``ties``: 26 of the gazetteer's 69,472 towns share a
    point, and that merge, never run otherwise, was a tenth of the plan to start (1M
    members: -4 to -20 % a query, median -7 %)."""
    levels, counts = [], []
    for level, count in enumerate(ranges):
        ring = _active_towns(level, (count, exclude))
        busiest = select(ring.c.place_id).order_by(ring.c.trips.desc())
        towns = busiest.subquery(f"towns{level}")
        trips = _overlapping_in_cities(exclude, True, towns.c.place_id, lateral=True)
        trips = trips.limit(bindparam("enough")).lateral(f"trips{level}")
        one: Any = literal_column("1").label("one")
        capped: Select[Any] = select(one).select_from(towns.join(trips, true()))
        capped_sub = capped.limit(bindparam("enough")).subquery(f"capped{level}")
        counted = select(func.count().label("n")).select_from(capped_sub).cte(f"count{level}")
        levels.append(ring)
        counts.append(counted)
    # A ring whose towns' trips of those weeks (an upper bound: a trip counts once a week,
    # and some miss the window's days) fall short of ``worth_counting`` is passed over
    # without reading its exact count (CASE evaluates it only when needed): below ``enough``
    # it cannot pass, and a little above it, it seldom does (see ``WORTH_COUNTING``).
    passed = [
        case(
            (
                select(func.sum(ring.c.trips)).scalar_subquery() >= bindparam("worth_counting"),
                select(c.c.n >= bindparam("enough")).scalar_subquery(),
            ),
            else_=false(),
        )
        for ring, c in zip(levels, counts[:-1], strict=False)
    ]
    circle: Any = levels[0]
    whens: list[tuple[Any, Any]] = []
    if passed:
        chosen = _ring_chosen(passed)
        branches = [
            select(ring.c.km, ring.c.place_id).where(chosen == level)
            for level, ring in enumerate(levels)
        ]
        circle = union_all(*branches).subquery("circle")
        whens = [
            (chosen == level, select(c.c.n).scalar_subquery())
            for level, c in enumerate(counts[:-1])
        ]
    last = select(counts[-1].c.n).scalar_subquery()
    total = case(*whens, else_=last) if whens else last
    counted_total = select(total.label("total")).subquery("counted")
    cities = (
        select(circle.c.km, circle.c.place_id)
        .order_by(circle.c.km, circle.c.place_id)
        .subquery("cities")
    )

    def by_town(name: str) -> Any:
        overlapping = _overlapping_in_cities(
            exclude, False, cities.c.place_id, lateral=True, km=cities.c.km
        )
        by_date = overlapping.subquery(f"{name}_by_date")
        return (
            select(by_date)
            .order_by(*_nearest_first(by_date, True))
            .limit(bindparam("limit"))
            .lateral(name)
        )

    # Towns nearest first, each town's first ``limit`` trips by date, stopping at the
    # ``limit``-th row (read once: a materialized CTE; ordered by town only, so the plan
    # needs no sort and stops there, generic plans included). That row's town distance is
    # the cutoff: nearer towns gave all their rows, and the towns at the cutoff itself are
    # read again, merged by date, when there are two (with ``ties``; place ids at one point
    # interleave their trips; one town alone there is cut short by date, its own order).
    # Fewer rows than ``limit``: the whole circle was read, every row is final.
    one_city = by_town("one_city")
    stream = (
        select(cities.c.km.label("km"), one_city)
        .select_from(cities.join(one_city, true()))
        .order_by(cities.c.km, cities.c.place_id)
        .limit(bindparam("limit"))
        .cte("stream")
        .prefix_with("MATERIALIZED")
    )
    cutoff = select(stream.c.km).offset(bindparam("limit") - 1).limit(1).scalar_subquery()
    # Only two towns at the cutoff's distance interleave; one town alone there gave the
    # stream its first trips by date already (a big city: its 25 trips not read twice).
    tied = select(func.count()).where(cities.c.km == cutoff).scalar_subquery() > 1
    columns = [c for c in stream.c if c.key != "km"]
    if ties:
        before = select(stream.c.km, *columns).where(
            or_(cutoff.is_(None), stream.c.km < cutoff, ~tied)
        )
        at_cutoff_city = by_town("at_cutoff")
        at_cutoff = (
            select(cities.c.km, at_cutoff_city)
            .select_from(cities.join(at_cutoff_city, true()))
            .where(tied, cities.c.km == cutoff)
        )
        both = union_all(before, at_cutoff).subquery("both_parts")
        nearest = (
            select(*[c for c in both.c if c.key != "km"])
            .order_by(both.c.km, *_nearest_first(both, True))
            .limit(bindparam("limit"))
            .subquery("nearest")
        )
        read_again: Any = false()
    else:
        nearest = select(*columns).subquery("nearest")
        read_again = tied
    return (
        select(counted_total.c.total, read_again.label("tied"), nearest)
        .select_from(counted_total.outerjoin(nearest, true()))
        .order_by(*_nearest_first(nearest, False))
    )


# A ring's exact count is read only when its towns' trips of the window's weeks reach this
# many times ``enough``. Passing over a ring that would have passed changes no answer: the
# next ring holds its trips, so it passes too, with the same nearest rows and capped count.
# Between 1 and 1.5 times, the weeks' trips mostly miss the window's few days, and the count
# probed every town of the ring to fall short (100k members, New York 500 km: 29 towns,
# 0.5 ms, for 74 of 101): 1.5 against 1, 100k and 1M members, the 500 km cells -6 to -10 %;
# at 2 the 90 km ring around Frankfurt is passed over too often (1M: +60 %).
WORTH_COUNTING = 1.5


async def _travelers_postgres(
    session: AsyncSession, around: Around, limit: int
) -> tuple[list[tuple[Any, ...]], int, bool]:
    """``_travelers_statement`` with each ring's box bound under its own prefix (run again
    merging the towns at one point where it stopped between two); the circle at once where
    the guild's trips are in few towns that week (``busy_weeks``)."""
    values = _trip_values(around)
    values["enough"] = max(TRAVELER_COUNT_CAP + 1, limit)
    values["worth_counting"] = math.ceil(WORTH_COUNTING * values["enough"])
    values["last_week"] = week(around.window.end)
    rings = _travel_rings(around.radius_km)
    if len(rings) > 1 and await few_towns_in_week(
        session=session, guild_id=around.guild_id, week=values["week"]
    ):
        rings = [around.radius_km]
    ranges = _bind_rings(around, limit, values, rings)
    exclude = around.exclude_user_id is not None
    rows = await fetch_all(session, _travelers_statement(ranges, exclude, False), values)
    if rows[0].tied:  # the read stopped between two towns at one point: merge them
        rows = await fetch_all(session, _travelers_statement(ranges, exclude, True), values)
    total = int(rows[0].total)
    found = [tuple(row[2:]) for row in rows if row.id is not None]
    return found, min(total, TRAVELER_COUNT_CAP), total > TRAVELER_COUNT_CAP


async def locals_near(
    *,
    session: AsyncSession,
    around: Around,
    limit: int = 25,
) -> Nearby:
    """Members whose home is within ``radius_km`` (only those who let themselves be found).
    Who gets a DM about visitors is ``bot.services.recipients``."""
    if session.get_bind().dialect.name == "postgresql":
        return await _locals_postgres(session, around, limit)
    cities = await _cities_near(session, around, limit)
    return await _locals_in(session, around, limit, cities)


def _rings(radius_km: float) -> list[float]:
    """The rings PostgreSQL's one locals statement may read, the radius last (see
    ``_cities_near``: a radius of up to twice the first ring at once, then four times wider
    each)."""
    if radius_km <= 2 * FIRST_RING_KM:
        return [radius_km]
    rings = [FIRST_RING_KM]
    while rings[-1] * 4 < radius_km:
        rings.append(rings[-1] * 4)
    return [*rings, radius_km]


# PostgreSQL's travelers statement: a wide circle's first ring and how much wider each next.
FIRST_TRAVEL_RING_KM = 15.0
TRAVEL_RING_GROWTH = 6.0


def _travel_rings(radius_km: float) -> list[float]:
    """The rings PostgreSQL's one travelers statement may read, the radius last. Up to twice
    the locals' first ring the circle at once (a ring inside it saved less than its share of
    the plan cost: Frankfurt and Bozeman at 100 km, 1M members, +16-20 % with a 25 km ring).
    Wider, 15 km first, then six times wider while under ``NEAR_RADIUS`` of the radius
    (500 km: 15, 90, 500): trips overlapping a few days are sparser than homes, but a big
    city's own pass the count's cap, and every town of the first ring has its distance
    computed and its trips counted before the ring is chosen. Against 60, 240, 500 at 1M
    members: London, New York, Frankfurt 500 km -12 to -20 %; at 100k London 500 km +16 %
    (the 15 km ring falls short there, the 60 km one passed), every cell still faster than
    the best baseline."""
    if radius_km <= 2 * FIRST_RING_KM:
        return [radius_km]
    rings = [FIRST_TRAVEL_RING_KM]
    while rings[-1] * TRAVEL_RING_GROWTH < NEAR_RADIUS * radius_km:
        rings.append(rings[-1] * TRAVEL_RING_GROWTH)
    return [*rings, radius_km]


@cache
def _locals_statement(ranges: tuple[int, ...], exclude: bool) -> Any:
    """Locals on PostgreSQL in one statement (one round trip instead of two to four): the
    first ring whose visible homes pass the count's cap (or the whole circle), chosen in
    the statement itself (each wider ring is read only when the gates before it fail),
    its cities ranked with a running sum of their counts, then the nearest homes of the
    cities that sum reaches the limit in, through the ``(guild_id, place_id, user_id)``
    index, each city read only as far as needed (LATERAL … LIMIT)."""
    here = _visible_here(exclude).label("here")
    levels = []
    for level, count in enumerate(ranges):
        box = _in_circle(GuildPlace, (count, exclude), f"r{level}_")
        levels.append(
            select(_distance_from_point(GuildPlace).label("km"), GuildPlace.place_id, here)
            .where(GuildPlace.guild_id == bindparam("guild_id"), *box)
            .cte(f"ring{level}")
        )
    capped = [
        select(func.coalesce(func.sum(ring.c.here), 0) > bindparam("cap")).scalar_subquery()
        for ring in levels[:-1]
    ]
    circle: Any = levels[0]
    if capped:
        chosen = _ring_chosen(capped)
        branches = [
            select(ring.c.km, ring.c.place_id, ring.c.here).where(chosen == level)
            for level, ring in enumerate(levels)
        ]
        circle = union_all(*branches).subquery("circle")
    # Every city the rows can come from is among the nearest ``limit`` with a local: a
    # top-N sort, then the running sum over those few. The total is summed over all.
    nearest_cities = (
        select(
            circle.c.km,
            circle.c.place_id,
            circle.c.here,
            func.sum(circle.c.here).over().label("within"),
        )
        .where(circle.c.here > 0)
        .order_by(circle.c.km, circle.c.place_id)
        .limit(bindparam("limit"))
        .subquery("nearest_cities")
    )
    order = (nearest_cities.c.km, nearest_cities.c.place_id)
    running = func.sum(nearest_cities.c.here).over(order_by=order)
    ranked = select(
        nearest_cities.c.km,
        nearest_cities.c.place_id,
        nearest_cities.c.within,
        (running - nearest_cities.c.here).label("before"),
    ).subquery("ranked")
    homes = select(Home.user_id, Home.place_label).where(
        Home.guild_id == bindparam("guild_id"), Home.place_id == ranked.c.place_id, _shown()
    )
    if exclude:
        homes = homes.where(Home.user_id != bindparam("exclude_user_id"))
    nearest = homes.order_by(Home.user_id).limit(bindparam("limit")).lateral("nearest")
    return (
        select(nearest.c.user_id, nearest.c.place_label, ranked.c.km, ranked.c.within)
        .select_from(ranked.join(nearest, literal_column("true")))
        .where(ranked.c.before < bindparam("limit"))
        .order_by(ranked.c.km, nearest.c.user_id)
        .limit(bindparam("limit"))
    )


def _bind_rings(
    around: Around, limit: int, values: dict[str, Any], rings: list[float]
) -> tuple[int, ...]:
    """Adds each ring's box to ``values`` under its own prefix (``r0_``, ``r1_``, …) and
    the point's parameters; returns each ring's number of longitude ranges."""
    ranges = []
    for level, radius in enumerate(rings):
        shape, bound = _bind(replace(around, radius_km=radius), limit)
        ranges.append(shape[0])
        values.update(bound)
        box = (
            "radius_km",
            "min_lat",
            "max_lat",
            *(f"{e}_{i}" for i in range(shape[0]) for e in ("west", "east")),
        )
        values.update({f"r{level}_{key}": bound[key] for key in box})
    return tuple(ranges)


async def _locals_postgres(session: AsyncSession, around: Around, limit: int) -> Nearby:
    """``_locals_statement`` with each ring's box bound under its own prefix."""
    values: dict[str, Any] = {"cap": _enough_locals(limit), "limit": limit}
    ranges = _bind_rings(around, limit, values, _rings(around.radius_km))
    statement = _locals_statement(ranges, around.exclude_user_id is not None)
    rows = await fetch_all(session, statement, values)
    total = int(rows[0][3]) if rows else 0
    return _locals_found(
        around, [row[:3] for row in rows], min(total, COUNT_CAP), total > COUNT_CAP
    )


async def _locals_in(session: AsyncSession, around: Around, limit: int, cities: Cities) -> Nearby:
    """The count is the cities' kept counts summed; the rows the ring's own, unless its
    nearest cities held too few (then the distance query over the circle)."""
    total = cities.locals_within
    rows: list[Any] = cities.homes[:limit]
    if not cities.answered:
        shape, values = _bind(around, limit)
        rows = list(await fetch_all(session, _homes_in_circle_statement(shape), values))
    return _locals_found(around, rows, min(total, COUNT_CAP), total > COUNT_CAP)


def _locals_found(around: Around, rows: list[Any], total: int, capped: bool) -> Nearby:
    matches = [
        Match(
            user_id=row[0],
            kind=MatchKind.LOCAL,
            place_label=row[1],
            distance_km=row[2],
            window=around.window,
        )
        for row in rows
    ]
    return Nearby(matches=matches, total=total, capped=capped)


# A circle's parameters in ``values`` (one longitude range: see ``_travelers_in_rings``).
_CIRCLE = ("radius_km", "min_lat", "max_lat", "west_0", "east_0")

# Degrees around a town's point that hold its trips in ``trip_boxes`` (32-bit floats).
TOWN_POINT = 1e-4

# Days are numbered from 1 January 1970 in ``trip_boxes``.
DAY_ZERO = date(1970, 1, 1)


def _edges(prefix: str = "") -> tuple[Any, Any, Any, Any]:
    """A bound circle's box (one longitude range): south, north, west, east."""
    south, north = _param(f"{prefix}min_lat"), _param(f"{prefix}max_lat")
    return south, north, _param(f"{prefix}west_0"), _param(f"{prefix}east_0")


def _in_trip_boxes(edges: tuple[Any, Any, Any, Any]) -> list[ColumnElement[bool]]:
    """The trips in a box (south, north, west, east) and the window, on ``trip_boxes``: the
    guild is a pre-filter there (32-bit floats), the statements check ``trips.guild_id``.
    Only shown members' trips have a box (migration e3c7a1d5b9f2)."""
    box = trip_boxes.c
    guild: ColumnElement[Any] = bindparam("guild_id")
    south, north, west, east = edges
    return [
        box.guild_min <= guild,
        box.guild_max >= guild,
        box.lat_max >= south,
        box.lat_min <= north,
        box.lon_max >= west,
        box.lon_min <= east,
        box.day_max >= bindparam("start_day"),
        box.day_min <= bindparam("end_day"),
    ]


# A box holding this many times the trips a ring needs likely holds them in its circle
# (the circle is π/4 of its box; some trips are hidden or the asking member's).
BOX_MARGIN = 1.5


@cache
def _first_ring_statement(rings: int) -> Any:
    """The index of the first of ``rings`` candidate rings whose box holds ``box_enough``
    trips in the window (``rings`` when none does), each counted in the R*Tree alone (no
    trip read) and only up to ``box_enough``; a CASE counts a ring only when the rings
    before it fell short, so around a busy city one box is counted, not five."""
    whens: list[tuple[ColumnElement[bool], Any]] = []
    for level in range(rings):
        boxed = select(trip_boxes.c.id).where(*_in_trip_boxes(_edges(f"r{level}_")))
        some = boxed.limit(bindparam("box_enough")).subquery(f"box{level}")
        count = select(func.count()).select_from(some).scalar_subquery()
        whens.append((count >= bindparam("box_enough"), literal_column(str(level))))
    return select(case(*whens, else_=literal_column(str(rings))).label("ring"))


def _candidate_rings(radius_km: float) -> list[float]:
    """60 km, then twice as wide each, up to the radius; a ring of ``NEAR_RADIUS`` of it or
    wider is left out (as good as the circle, one more box to count and bind)."""
    rings = [FIRST_RING_KM]
    while rings[-1] * 2 < NEAR_RADIUS * radius_km:
        rings.append(rings[-1] * 2)
    return [*rings, radius_km]


def _bind_candidates(around: Around, rings: list[float], values: dict[str, Any]) -> int:
    """Binds each candidate ring's box as ``r{level}_…`` up to the first that crosses ±180°
    (two longitude ranges: no one box to count or read); returns how many were bound."""
    for level, radius in enumerate(rings):
        box = bounding_box(around.lat, around.lon, radius)
        if len(box.lon_ranges) != 1:
            return level
        [(west, east)] = box.lon_ranges
        values.update(
            {
                f"r{level}_radius_km": radius,
                f"r{level}_min_lat": box.min_lat,
                f"r{level}_max_lat": box.max_lat,
                f"r{level}_west_0": west,
                f"r{level}_east_0": east,
            }
        )
    return len(rings)


async def _first_ring(session: AsyncSession, rings: list[float], values: dict[str, Any]) -> float:
    """The narrowest candidate ring (bound by ``_bind_candidates``) whose box likely holds
    enough overlapping trips, chosen by counting the boxes in one statement (cheap: no trip
    is read); the last ring, the circle itself, is never counted."""
    [(first,)] = await fetch_all(session, _first_ring_statement(len(rings) - 1), values)
    return rings[int(first)]


# The nearest town is looked for this close to the point (``_nearest_town``).
NEAREST_TOWN_KM = 5.0


def _nearest_town(shape: Shape) -> tuple[Any, Any]:
    """The nearest town's first ``limit`` overlapping trips, merged from its two date ranges
    (a CTE: read once), and the next town's distance; the towns are ranked within
    ``NEAREST_TOWN_KM`` only. Searches start at a town (places are city-level), so that is
    where a big city is; ranking every town of the first ring cost more than reading the
    ring's trips (1.6 ms around London at 100k members). A town found there with no other
    within those kilometres is alone at its distance: the next town is farther. The town's trips
    are read only when the R*Tree holds at least ``limit`` of them in the window at its
    point (counted there, no trip read): a small town cannot answer alone."""
    town_distance = _distance_from_point(GuildPlace).label("km")
    towns = (
        select(GuildPlace.place_id, GuildPlace.lat, GuildPlace.lon, town_distance)
        .where(
            GuildPlace.guild_id == bindparam("guild_id"),
            *_in_circle(GuildPlace, shape, "near_"),
        )
        .order_by(town_distance, GuildPlace.place_id)
        .limit(2)
        .cte("towns")
    )
    lat = select(towns.c.lat).limit(1).scalar_subquery()
    lon = select(towns.c.lon).limit(1).scalar_subquery()
    point = (lat - TOWN_POINT, lat + TOWN_POINT, lon - TOWN_POINT, lon + TOWN_POINT)
    at_town = select(trip_boxes.c.id).where(*_in_trip_boxes(point))
    some = at_town.limit(bindparam("limit")).subquery("at_town")
    busy = select(func.count()).select_from(some).scalar_subquery() >= bindparam("limit")
    busy_town = case((busy, select(towns.c.place_id).limit(1).scalar_subquery()))
    # Counted once: the town's two date ranges both ask for it.
    counted = select(busy_town.label("place_id")).cte("busy_town").prefix_with("MATERIALIZED")
    nearest = select(counted.c.place_id).scalar_subquery()
    next_km = select(towns.c.km).limit(1).offset(1).scalar_subquery()
    here = select(towns.c.km).limit(1).scalar_subquery()
    town = _overlapping_in_cities(shape[1], False, nearest, first=True, km=here)
    return town.cte("town"), next_km


@cache
def _ring_statement(shape: Shape, rings: int = 0) -> Any:
    """One ring on SQLite, in one statement: the nearest town's first ``limit`` overlapping
    trips with the next town's distance (``_nearest_town``) and, unless that town holds the
    nearest ``limit`` alone (a big city: hundreds of trips at one point, the first ones by
    date), the ring's nearest ``limit`` through the R*Tree, which visits only the trips in
    the ring's box and window, however many towns the ring holds. With ``rings``, the ring
    is chosen in the statement itself among ``rings`` candidates and the circle
    (``_first_ring_statement``, bound as ``r0_`` … ``r{rings}_``; one statement instead of
    two), and each row says which (``ring``)."""
    _, exclude = shape
    edges: tuple[Any, ...] = _edges()
    radius: Any = _param("radius_km")
    ring: Any = literal_column("NULL")
    if rings:
        chosen = _first_ring_statement(rings).cte("chosen").prefix_with("MATERIALIZED")
        ring = select(chosen.c.ring).scalar_subquery()

        def pick(key: str) -> Any:
            return case(
                {level: _param(f"r{level}_{key}") for level in range(rings + 1)}, value=ring
            )

        edges = tuple(pick(key) for key in ("min_lat", "max_lat", "west_0", "east_0"))
        radius = pick("radius_km")
    town, next_km = _nearest_town(shape)
    in_town = select(func.count()).select_from(town).scalar_subquery()
    here = select(town.c.distance).limit(1).scalar_subquery()
    alone = and_(in_town >= bindparam("limit"), or_(next_km.is_(None), next_km > here))
    distance = _distance_from_point(Trip).label("distance")
    in_box = (
        select(Trip.id, Trip.user_id, Trip.place_label, Trip.start_date, Trip.end_date, distance)
        .select_from(trip_boxes.join(Trip, Trip.id == trip_boxes.c.id))
        .where(
            ~alone,
            *_in_trip_boxes(edges),
            # Only the exact checks the R*Tree cannot make (its days are exact), none of
            # them through an index of trips (``+ 0``): the R*Tree leads, each trip read by id.
            # Hidden members' trips have no box (migration e3c7a1d5b9f2): nothing to probe.
            Trip.guild_id + 0 == bindparam("guild_id"),
        )
    )
    if exclude:
        in_box = in_box.where(Trip.user_id != bindparam("exclude_user_id"))
    # The radius is checked on the selected distance: written in the WHERE too, SQLite
    # computed each trip's distance twice (0.3-0.6 ms a ring of a few hundred trips).
    boxed = in_box.subquery("in_box")
    by_distance = (boxed.c.distance, boxed.c.start_date, boxed.c.end_date, boxed.c.id)
    in_circle = (
        select(boxed)
        .where(boxed.c.distance <= radius)
        .order_by(*by_distance)
        .limit(bindparam("limit"))
        .cte("in_circle")
        .prefix_with("MATERIALIZED")
    )
    in_ring = select(func.count()).select_from(in_circle).scalar_subquery()
    # Of each part's ``limit`` (the count's cap and one) only the ``shown`` first leave the
    # statement, with the part's count beside them: the others were read only to be
    # counted (76 rows of 101 carried to Python, each with its dates parsed, cost more than
    # the ring's SQL around Frankfurt at 100k members).
    town_shown = _first(town, (town.c.start_date, town.c.end_date, town.c.id), "town_shown")
    circle_shown = _first(in_circle, [in_circle.c[c.key] for c in by_distance], "circle_shown")
    nothing = literal_column("NULL", Float)
    marks = (ring.label("ring"),)
    from_town = select(
        *marks,
        literal_column("1").label("in_town"),
        next_km.label("next_km"),
        in_town.label("found"),
        town_shown,
    )
    from_box = select(*marks, literal_column("0"), nothing, in_ring, circle_shown)
    if not rings:
        return union_all(from_town, from_box)
    # One row more, which says the ring read even when it held no trip.
    chosen_ring = select(*marks, literal_column("2"), *[nothing] * 8)
    return union_all(from_town, from_box, chosen_ring)


def _first(rows: Any, order: Any, name: str) -> Any:
    """The first ``shown`` of ``rows`` in ``order``."""
    return select(rows).order_by(*order).limit(bindparam("shown")).subquery(name)


async def _ring(
    session: AsyncSession, shape: Shape, values: dict[str, Any], enough: int, rings: int = 0
) -> tuple[list[tuple[Any, ...]], int, int | None]:
    """A ring's nearest ``shown`` overlapping trips, nearest first, how many it holds up to
    ``enough``, and which ring was read when the statement chose it (``rings``; else
    None)."""
    rows = await fetch_all(session, _ring_statement(shape, rings), values)
    ring = next((int(row.ring) for row in rows if row.in_town == 2), None)
    # A UNION promises no order: each part is sorted again (a few dozen rows at most).
    town = sorted((tuple(row[4:]) for row in rows if row.in_town == 1), key=_by_date)
    if town:
        [(next_km, in_town)] = {(row.next_km, row.found) for row in rows if row.in_town == 1}
        if in_town >= enough and (next_km is None or next_km > town[0][5]):
            return town, in_town, ring
    found = [tuple(row[4:]) for row in rows if row.in_town == 0]
    in_ring = next((row.found for row in rows if row.in_town == 0), 0)
    return sorted(found, key=lambda row: (row[5], *_by_date(row))), in_ring, ring


def _by_date(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A trip row's order among trips at one distance: the soonest, the shortest, by id."""
    return row[3], row[4], row[0]


async def _travelers_in_rings(
    session: AsyncSession, around: Around, limit: int
) -> tuple[list[tuple[Any, ...]], int, bool]:
    """Travelers on SQLite, in rings (a radius of up to twice the first ring at once, as
    is the circle of a guild with few trips that week, ``busy_weeks``; a wider one from the
    ring ``_first_ring`` picks, then wider, sized by the trips the ring before held): each
    ring gives its nearest ``cap + 1`` overlapping trips (``_ring_statement``), and the
    first ring that holds that many holds the nearest ``limit`` and says "100+" (every trip
    beyond it is farther); else the circle's own read is the answer. A circle crossing
    ±180° (two longitude ranges) reads its towns' ranges instead
    (``_trips_in_circle_statement``)."""
    cap = TRAVELER_COUNT_CAP
    enough = max(limit, cap + 1)
    values = _trip_values(around)
    values.update(
        start_day=(around.window.start - DAY_ZERO).days,
        end_day=(around.window.end - DAY_ZERO).days,
        shown=limit,
    )
    radius = around.radius_km
    rings = _candidate_rings(radius) if radius > 2 * FIRST_RING_KM else []
    if rings and await few_towns_in_week(
        session=session, guild_id=around.guild_id, week=values["week"]
    ):
        rings = []  # a quiet guild: no ring would hold enough, the circle at once
    choose = 0  # candidate rings chosen among in the first ring statement
    if rings:
        values["box_enough"] = math.ceil(enough * BOX_MARGIN)
        boxes = _bind_candidates(around, rings, values)
        if boxes == len(rings):  # chosen and read in one statement
            choose = len(rings) - 1
        elif boxes == len(rings) - 1:  # only the circle crosses ±180°: count, then read
            radius = await _first_ring(session, rings, values)
        else:
            radius = rings[boxes]  # read from the first ring that crosses ±180°
    while True:
        shape, bound = _bind(replace(around, radius_km=radius), enough)
        values.update(bound)
        if shape[0] == 1:
            _, near = _bind(replace(around, radius_km=min(radius, NEAREST_TOWN_KM)), 0)
            values.update({f"near_{key}": near[key] for key in _CIRCLE})
            nearest, found, chosen = await _ring(session, shape, values, enough, choose)
            if chosen is not None:  # the ring the statement chose and read
                radius, choose = rings[chosen], 0
        else:
            circle = await fetch_all(session, _trips_in_circle_statement(shape), values)
            nearest = [tuple(row) for row in circle]
            found = len(nearest)
        if found >= enough or radius >= around.radius_km:
            break
        wider = radius * math.sqrt(enough / max(found, 1)) * 1.5
        radius = min(around.radius_km, max(radius * 2, wider))
    return nearest[:limit], min(found, cap), found > cap


async def travelers_near(
    *,
    session: AsyncSession,
    around: Around,
    limit: int = 25,
) -> Nearby:
    """Trips of other members to places within the radius whose dates overlap ``window``."""
    if session.get_bind().dialect.name == "postgresql":
        rows, total, capped = await _travelers_postgres(session, around, limit)
    else:
        rows, total, capped = await _travelers_in_rings(session, around, limit)
    return _travelers_found(around, rows, total, capped)


def _travelers_found(around: Around, rows: list[Any], total: int, capped: bool) -> Nearby:
    """Each trip's days in common with the window (the statements read only overlapping
    trips), worked out inline: a few dozen rows a query, on every ``/travel add``."""
    window = around.window
    matches = [
        Match(
            user_id=user_id,
            kind=MatchKind.CO_TRAVELER,
            place_label=label,
            distance_km=km,
            window=DateRange(max(window.start, start), min(window.end, end)),
            trip_id=trip_id,
        )
        for trip_id, user_id, label, start, end, km in rows
    ]
    return Nearby(matches=matches, total=total, capped=capped)


async def around_near(
    *, session: AsyncSession, around: Around, limit: int = 25
) -> tuple[Nearby, Nearby]:
    """Locals and travelers together (``locals_near`` and ``travelers_near``): what /whoshere
    and /travel add show. Each list is its own statements (one each on PostgreSQL): the
    locals' rings are gated by visible homes, the travelers' by overlapping trips, so a
    shared ranking of towns would have to read the wider of the two."""
    found = await locals_near(session=session, around=around, limit=limit)
    going = await travelers_near(session=session, around=around, limit=limit)
    return found, going


@dataclass(frozen=True, slots=True)
class WhoIsAround:
    """Who is around a city: the answer to /whoshere."""

    locals: Nearby
    travelers: Nearby
    radius_km: int


async def who_is_around(
    *,
    session: AsyncSession,
    guild_id: int,
    lat: float,
    lon: float,
    window: DateRange,
    viewer_id: int,
    defaults: DefaultsSection,
) -> WhoIsAround:
    config = await guild_config(session=session, guild_id=guild_id, defaults=defaults)
    around = Around(guild_id, lat, lon, config.radius_km, window, exclude_user_id=viewer_id)
    found, going = await around_near(session=session, around=around)
    return WhoIsAround(locals=found, travelers=going, radius_km=config.radius_km)
