"""Property: whatever the memberships, a guild's matches only ever come from that guild."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import DefaultsSection
from bot.db import migrate
from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.services import homes, matching, trips
from tests.support.places import BERLIN, POTSDAM

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
WINDOW = DateRange(date(2027, 3, 3), date(2027, 3, 7))
GUILDS = (1001, 1002, 1003)

# (user, guild, has a home there, has a trip there, near or in Berlin)
memberships = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=8),
        st.sampled_from(GUILDS),
        st.booleans(),
        st.booleans(),
        st.booleans(),
    ),
    max_size=20,
    unique_by=lambda m: (m[0], m[1]),
)


async def check(url: str, rows: list[tuple[int, int, bool, bool, bool]]) -> None:
    db = Database.from_url(url)
    try:
        async with db.session() as session:
            for user, guild, has_home, has_trip, central in rows:
                place = BERLIN if central else POTSDAM
                if has_home:
                    await homes.set_home(
                        session=session, guild_id=guild, user_id=user, place=place, now=NOW
                    )
                if has_trip:
                    await trips.add_trip(
                        session=session,
                        guild_id=guild,
                        user_id=user,
                        place=place,
                        window=WINDOW,
                        note="",
                        announce=None,
                        defaults=DefaultsSection(),
                        now=NOW,
                    )
        for guild in GUILDS:
            async with db.read_session() as session:
                found = await matching.who_is_around(
                    session=session,
                    guild_id=guild,
                    lat=BERLIN.lat,
                    lon=BERLIN.lon,
                    window=WINDOW,
                    viewer_id=0,
                    defaults=DefaultsSection(),
                )
            homes_here = {u for u, g, h, _, _ in rows if g == guild and h}
            trips_here = {u for u, g, _, t, _ in rows if g == guild and t}
            assert {m.user_id for m in found.locals.matches} == homes_here
            assert {m.user_id for m in found.travelers.matches} == trips_here
    finally:
        await db.dispose()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(memberships)
def test_no_location_leaks_across_guilds(rows: list[tuple[int, int, bool, bool, bool]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'db.sqlite3'}"
        asyncio.run(migrate.upgrade(url))
        asyncio.run(check(url, rows))
