"""Time polls: slots fit the travelers' dates, votes toggle, only the proposer confirms."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.domain.errors import PermissionDenied
from bot.domain.tweetups import NoCommonTime, Vote
from bot.domain.tweetups.permissions import Actor
from bot.services import homes, poll_votes, polls, trips
from bot.services.poll_votes import PollCard
from bot.services.polls import Proposal
from tests.support.places import BERLIN, MUNICH

GUILD = 42
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
DEFAULTS = DefaultsSection()
LOCAL, TRAVELER = 201, 202
BERLIN_ZONE = ZoneInfo("Europe/Berlin")


async def setup_people(db: Database) -> None:
    async with db.session() as session:
        await homes.set_home(session=session, guild_id=GUILD, user_id=LOCAL, place=BERLIN, now=NOW)
        await trips.add_trip(
            session=session,
            guild_id=GUILD,
            user_id=TRAVELER,
            place=BERLIN,
            window=DateRange(date(2026, 12, 3), date(2026, 12, 5)),
            note="",
            announce=None,
            defaults=DEFAULTS,
            now=NOW,
        )


async def propose(db: Database) -> PollCard:
    async with db.session() as session:
        result = await polls.propose(
            session=session,
            guild_id=GUILD,
            proposer_id=LOCAL,
            place=BERLIN,
            member_ids=[TRAVELER],
            between=None,
            defaults=DEFAULTS,
            now=NOW,
        )
    assert isinstance(result, Proposal)
    return result.card


async def test_slots_fall_inside_the_travelers_stay(database: Database) -> None:
    await setup_people(database)
    card = await propose(database)
    assert 3 <= len(card.slots) <= 5
    for slot in card.slots:
        local = slot.starts_at.astimezone(BERLIN_ZONE)
        assert date(2026, 12, 3) <= local.date() <= date(2026, 12, 5)
        assert local.hour >= 11
        assert slot.ends_at.astimezone(BERLIN_ZONE).hour <= 22


async def test_nobody_overlapping_is_said_plainly(database: Database) -> None:
    async with database.session() as session:
        await trips.add_trip(
            session=session,
            guild_id=GUILD,
            user_id=TRAVELER,
            place=MUNICH,
            window=DateRange(date(2026, 12, 3), date(2026, 12, 5)),
            note="",
            announce=None,
            defaults=DEFAULTS,
            now=NOW,
        )
        await trips.add_trip(
            session=session,
            guild_id=GUILD,
            user_id=LOCAL,
            place=MUNICH,
            window=DateRange(date(2026, 12, 8), date(2026, 12, 9)),
            note="",
            announce=None,
            defaults=DEFAULTS,
            now=NOW,
        )
        result = await polls.propose(
            session=session,
            guild_id=GUILD,
            proposer_id=LOCAL,
            place=MUNICH,
            member_ids=[TRAVELER],
            between=None,
            defaults=DEFAULTS,
            now=NOW,
        )
    assert isinstance(result, NoCommonTime)


async def test_votes_toggle_and_lead(database: Database) -> None:
    await setup_people(database)
    card = await propose(database)
    second = card.slots[1].id

    async def vote(user: int, choice: Vote) -> PollCard:
        async with database.session() as session:
            return await poll_votes.vote(
                session=session,
                poll_id=card.poll.id,
                guild_id=GUILD,
                slot_id=second,
                user_id=user,
                choice=choice,
                now=NOW,
            )

    await vote(LOCAL, Vote.YES)
    after = await vote(TRAVELER, Vote.IF_NEED_BE)
    assert after.tallies[second].score == 2 * 1000 + 1
    assert after.leading == second
    undone = await vote(LOCAL, Vote.YES)
    assert undone.tallies[second].yes == 0


async def test_only_the_proposer_or_an_organizer_confirms(database: Database) -> None:
    await setup_people(database)
    card = await propose(database)
    async with database.session() as session:
        await poll_votes.vote(
            session=session,
            poll_id=card.poll.id,
            guild_id=GUILD,
            slot_id=card.slots[0].id,
            user_id=TRAVELER,
            choice=Vote.YES,
            now=NOW,
        )
    async with database.read_session() as session:
        with pytest.raises(PermissionDenied):
            await poll_votes.slot_to_confirm(
                session=session,
                poll_id=card.poll.id,
                guild_id=GUILD,
                slot_id=None,
                actor=Actor(TRAVELER, (), False),
                defaults=DEFAULTS,
            )
        _, slot = await poll_votes.slot_to_confirm(
            session=session,
            poll_id=card.poll.id,
            guild_id=GUILD,
            slot_id=None,
            actor=Actor(LOCAL, (), False),
            defaults=DEFAULTS,
        )
    assert slot.id == card.slots[0].id
