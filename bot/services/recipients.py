"""Who is told about a new trip: the members who asked for a DM about visitors, each within
their own radius (never wider than the guild's), as co-travelers and as locals.

``/travel add`` waits for this, so it is one statement over ``notify_spots`` (the opted-in
members' homes and trips, a fraction of a percent of the guild's rows, kept by triggers):
- each kind is read from its own partial covering index (``ix_notify_spots_homes``,
  ``ix_notify_spots_trips``), so neither reads the other's entries nor the table;
- the distance is computed once a row, in a subquery that ``OFFSET 0`` keeps from being
  merged into the outer query (merged, each test of the distance would compute it again);
- rows come back as light tuples (kind, member, distance): what a notice needs, without a
  ``Match`` or a place label per recipient.
``benchmarks/hot_paths.py`` measures it against the bounding-box query it replaced.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    Select,
    bindparam,
    case,
    cast,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.compiled import fetch_all
from bot.domain.matching import MatchKind
from bot.services.matching import Around, Shape, _bind, _distance_from_point, _in_box, _param
from models import NotifySpot


class Recipient(NamedTuple):
    """Someone to tell about a trip: their nearest way of meeting it."""

    user_id: int
    kind: MatchKind
    distance_km: float


# The kinds as the statement returns them; co-travelers sort first.
KINDS = (MatchKind.CO_TRAVELER, MatchKind.LOCAL)


async def notice_recipients(
    *, session: AsyncSession, around: Around, limit: int
) -> list[Recipient]:
    """The nearest ``limit`` opted-in trips overlapping the window and the nearest ``limit``
    opted-in homes, each member once: co-travelers first (by their nearest trip: distance,
    then the soonest and shortest), then the locals who are not among them, nearest first."""
    shape, values = _bind(around, limit)
    rows = await fetch_all(session, _statement(shape), values)
    found: dict[int, Recipient] = {}
    for kind, user_id, distance in rows:
        if user_id not in found:
            found[user_id] = Recipient(user_id, KINDS[kind], distance)
    return list(found.values())


@cache
def _statement(shape: Shape) -> Select[Any]:
    """Both kinds, each its nearest ``limit``, co-travelers first. The outer order is
    explicit because a UNION ALL's parts need not come back in the order written; it is
    each part's own order (a home's dates are NULL and its trip id 0)."""
    parts = [select(_nearest(shape, home=home).subquery()) for home in (False, True)]
    found = union_all(*parts).subquery("found").c
    return select(found.kind, found.user_id, found.distance).order_by(
        found.kind, found.distance, found.start_date, found.end_date, found.trip_id, found.user_id
    )


def _nearest(shape: Shape, *, home: bool) -> Select[Any]:
    """One kind's nearest ``limit`` within their own radius (the guild's when narrower).
    ``trip_id`` is compared with a literal 0, as the partial indexes' conditions are written,
    or neither database would choose them. ``near`` computes the distance; its ``OFFSET 0``
    keeps both databases from merging it into the query that tests and sorts by it."""
    _, exclude = shape
    spot = NotifySpot
    zero = literal_column("0", BigInteger)
    where = [spot.guild_id == bindparam("guild_id"), *_in_box(spot, shape)]
    if home:
        where.append(spot.trip_id == zero)
        none = cast(null(), Date)
        dates: tuple[Any, ...] = (none.label("start_date"), none.label("end_date"))
    else:
        where += [
            spot.trip_id != zero,
            spot.start_date <= bindparam("window_end"),
            spot.end_date >= bindparam("window_start"),
        ]
        dates = (spot.start_date, spot.end_date)
    if exclude:
        where.append(spot.user_id != bindparam("exclude_user_id"))
    radius = _param("radius_km")
    reach = case((spot.radius_km < radius, spot.radius_km), else_=radius).label("reach")
    distance = _distance_from_point(spot).label("distance")
    near = select(spot.user_id, spot.trip_id, *dates, reach, distance).where(*where)
    found = near.offset(0).subquery("near").c
    order = (found.user_id,) if home else (found.start_date, found.end_date, found.trip_id)
    kind = KINDS.index(MatchKind.LOCAL if home else MatchKind.CO_TRAVELER)
    columns = (found.user_id, found.trip_id, found.start_date, found.end_date, found.distance)
    return (
        select(literal_column(str(kind), Integer).label("kind"), *columns)
        .where(found.distance <= found.reach)
        .order_by(found.distance, *order)
        .limit(bindparam("limit"))
    )
