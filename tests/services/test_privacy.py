"""Erasure leaves nothing behind, in any table; guilds never see each other's data; the
export is a document a person can read and a program can parse."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.dates.model import DateRange
from bot.domain.tweetups import Answer, Vote
from bot.domain.tweetups.permissions import Actor
from bot.services import (
    guilds,
    homes,
    members,
    outbox,
    poll_votes,
    polls,
    privacy,
    profiles,
    series,
    trips,
    tweetups,
    watches,
)
from bot.services.poll_votes import PollCard
from bot.services.polls import Proposal
from models import OutboxMessage, Tweetup, TweetupSeries
from tests.support.places import BERLIN
from tests.support.rows import rows_mentioning

DEFAULTS = DefaultsSection()
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
STARTS = datetime(2026, 11, 28, 18, tzinfo=UTC)
ALICE, BOB, CAROL = 111111111, 222222222, 333333333
GUILD_A, GUILD_B = 900000001, 900000002
BIG_ID = 1151233848239280228  # above 2**53: JavaScript would round it


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
        await watches.toggle(
            session=session, guild_id=guild, watcher_id=ALICE, watched_id=BOB, now=NOW
        )
        await watches.toggle(
            session=session, guild_id=guild, watcher_id=BOB, watched_id=ALICE, now=NOW
        )


def draft(**overrides: object) -> tweetups.Draft:
    values: dict[str, object] = {
        "title": "Coffee",
        "place": BERLIN,
        "starts_at": STARTS,
        "ends_at": STARTS + timedelta(hours=2),
    }
    values.update(overrides)
    return tweetups.Draft(**values)  # type: ignore[arg-type]


async def announce(db: Database, organizer: int, guild: int = GUILD_A, **overrides: object) -> int:
    async with db.session() as session:
        card = await tweetups.announce(
            session=session,
            guild_id=guild,
            actor=Actor(user_id=organizer, role_ids=(), is_admin=True),
            draft=draft(**overrides),
            defaults=DEFAULTS,
            now=NOW,
        )
        return card.tweetup.id


async def answer(db: Database, tweetup_id: int, user: int, reply: Answer) -> None:
    async with db.session() as session:
        await tweetups.respond(
            session=session,
            tweetup_id=tweetup_id,
            guild_id=GUILD_A,
            user_id=user,
            answer=reply,
            defaults=DEFAULTS,
            now=NOW,
        )


async def erase(db: Database, user: int, guild: int | None) -> privacy.Erasure:
    async with db.session() as session:
        return await privacy.erase(
            session=session, user_id=user, guild_id=guild, defaults=DEFAULTS, now=NOW
        )


async def mentions(db: Database, value: int) -> dict[str, int]:
    async with db.read_session() as session:
        return await rows_mentioning(session, value)


async def test_erase_everywhere_leaves_zero_rows(database: Database) -> None:
    await populate(database, GUILD_A)
    await populate(database, GUILD_B)
    assert await mentions(database, ALICE)
    erasure = await erase(database, ALICE, None)
    assert await mentions(database, ALICE) == {}
    assert await mentions(database, BOB)
    # The reply counts what was erased, truthfully.
    assert erasure.counts["homes"] == 2
    assert erasure.counts["trips"] == 2
    assert erasure.counts["dm_channels"] == 1
    assert erasure.counts["trip_watches"] == 4  # both ways, in both guilds
    assert erasure.total >= 6
    assert "2 home cities" in erasure.describe()


async def test_erasing_nothing_says_so(database: Database) -> None:
    erasure = await erase(database, CAROL, GUILD_A)
    assert erasure.total == 0
    assert "nothing" in erasure.describe()


async def test_erase_in_one_guild_keeps_the_other(database: Database) -> None:
    await populate(database, GUILD_A)
    await populate(database, GUILD_B)
    await erase(database, ALICE, GUILD_A)
    async with database.read_session() as session:
        exported = await privacy.export(session=session, user_id=ALICE, guild_id=None)
    assert {row["server_id"] for row in exported["home_cities"]} == {str(GUILD_B)}
    assert {row["server_id"] for row in exported["trips"]} == {str(GUILD_B)}


async def test_erasure_removes_the_organizer_from_tweetups_and_series(database: Database) -> None:
    tweetup_id = await announce(database, ALICE)
    async with database.session() as session:
        await series.create_series(
            session=session,
            guild_id=GUILD_A,
            actor=Actor(user_id=ALICE, role_ids=(), is_admin=True),
            rule="every Thursday at 12:30",
            draft=draft(),
            defaults=DEFAULTS,
            now=NOW,
        )
    await answer(database, tweetup_id, BOB, Answer.GOING)
    erasure = await erase(database, ALICE, GUILD_A)
    assert await mentions(database, ALICE) == {}
    async with database.read_session() as session:
        kept = await session.get(Tweetup, tweetup_id)
        stopped = list(await session.scalars(select(TweetupSeries)))
    assert kept is not None
    assert kept.organizer_id == privacy.FORMER_MEMBER
    assert [s.active for s in stopped] == [False]
    assert erasure.counts["tweetups"] >= 1
    assert erasure.counts["tweetup_series"] == 1
    assert tweetup_id in erasure.tweetups_to_refresh
    card = await tweetups_card(database, tweetup_id)
    assert card.going == (BOB,)


async def tweetups_card(db: Database, tweetup_id: int) -> tweetups.Card:
    async with db.read_session() as session:
        return await tweetups.card(session=session, tweetup_id=tweetup_id)


async def test_erasing_a_going_member_promotes_the_waitlist(database: Database) -> None:
    tweetup_id = await announce(database, CAROL, capacity=1)
    await answer(database, tweetup_id, ALICE, Answer.GOING)
    await answer(database, tweetup_id, BOB, Answer.GOING)
    assert (await tweetups_card(database, tweetup_id)).waitlist == (BOB,)
    erasure = await erase(database, ALICE, GUILD_A)
    card = await tweetups_card(database, tweetup_id)
    assert card.going == (BOB,)
    assert card.waitlist == ()
    assert tweetup_id in erasure.tweetups_to_refresh
    async with database.read_session() as session:
        queued = list(await session.scalars(select(OutboxMessage)))
    assert [(m.kind, m.recipient_id) for m in queued if m.kind == tweetups.PROMOTED] == [
        (tweetups.PROMOTED, BOB)
    ]
    assert any(m.kind == tweetups.REMINDER and m.recipient_id == BOB for m in queued)


async def open_poll(db: Database, proposer: int, invited: list[int]) -> PollCard:
    async with db.session() as session:
        for user in (proposer, *invited):
            await homes.set_home(
                session=session, guild_id=GUILD_A, user_id=user, place=BERLIN, now=NOW
            )
        result = await polls.propose(
            session=session,
            guild_id=GUILD_A,
            proposer_id=proposer,
            place=BERLIN,
            member_ids=invited,
            between=None,
            defaults=DEFAULTS,
            now=NOW,
        )
    assert isinstance(result, Proposal)
    return result.card


async def test_erasure_takes_the_member_off_other_polls(database: Database) -> None:
    card = await open_poll(database, BOB, [ALICE, CAROL])
    async with database.session() as session:
        await poll_votes.vote(
            session=session,
            poll_id=card.poll.id,
            guild_id=GUILD_A,
            slot_id=card.slots[0].id,
            user_id=ALICE,
            choice=Vote.YES,
            now=NOW,
        )
    erasure = await erase(database, ALICE, GUILD_A)
    assert erasure.polls_to_refresh == (card.poll.id,)
    assert erasure.counts["poll_votes"] == 1
    assert await mentions(database, ALICE) == {}
    async with database.read_session() as session:
        after = await poll_votes.poll_card(session=session, poll_id=card.poll.id, guild_id=GUILD_A)
    assert after.poll.participant_ids == [BOB, CAROL]


async def test_export_is_readable_parseable_and_complete(database: Database) -> None:
    await populate(database, GUILD_A)
    tweetup_id = await announce(database, ALICE, title="Brunch")
    await answer(database, tweetup_id, ALICE, Answer.GOING)
    proposed = await open_poll(database, ALICE, [BOB])
    voted = await open_poll(database, BOB, [ALICE])
    async with database.session() as session:
        await poll_votes.vote(
            session=session,
            poll_id=voted.poll.id,
            guild_id=GUILD_A,
            slot_id=voted.slots[0].id,
            user_id=ALICE,
            choice=Vote.IF_NEED_BE,
            now=NOW,
        )
    async with database.read_session() as session:
        exported = await privacy.export(session=session, user_id=ALICE, guild_id=GUILD_A)
        summary = await privacy.summary(session=session, user_id=ALICE, guild_id=GUILD_A)
    text = json.dumps(exported)
    assert json.loads(text) == exported
    assert exported["user_id"] == str(ALICE)
    assert exported["home_cities"][0]["city"] == BERLIN.label
    assert exported["trips"][0]["note"] == "hi"
    assert [t["title"] for t in exported["tweetups_organized"]] == ["Brunch"]
    assert [r["answer"] for r in exported["rsvps"]] == ["going"]
    assert len(exported["polls_proposed"]) == 1
    assert exported["polls_proposed"][0]["invited"] == len(proposed.poll.participant_ids)
    assert [v["vote"] for v in exported["poll_votes"]] == ["if_need_be"]
    assert [w["member_id"] for w in exported["trip_watches"]["you_follow"]] == [str(BOB)]
    assert exported["trip_watches"]["members_following_your_trips"] == 1
    for internal in ("claim_token", "dedupe_key", "attempts", "detail"):
        assert internal not in text
    assert summary.homes == 1
    assert summary.trips == 1
    assert summary.rsvps == 1
    assert summary.polls == 1
    assert summary.tweetups_organized == 1


def _ids_are_strings(value: object) -> bool:
    if isinstance(value, dict):
        return all(
            (not key.endswith("_id") or item is None or isinstance(item, str))
            and _ids_are_strings(item)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return all(_ids_are_strings(item) for item in value)
    return True


async def test_export_writes_big_discord_ids_as_strings(database: Database) -> None:
    async with database.session() as session:
        await homes.set_home(
            session=session, guild_id=GUILD_A, user_id=BIG_ID, place=BERLIN, now=NOW
        )
    async with database.read_session() as session:
        exported = await privacy.export(session=session, user_id=BIG_ID, guild_id=None)
    assert exported["user_id"] == "1151233848239280228"
    assert _ids_are_strings(exported)
    assert str(BIG_ID) in json.dumps(exported)


async def test_forgetting_a_guild_deletes_its_data_only(database: Database) -> None:
    await populate(database, GUILD_A)
    await populate(database, GUILD_B)
    async with database.session() as session:
        await guilds.forget_guild(session=session, guild_id=GUILD_A)
    assert await mentions(database, GUILD_A) == {}
    async with database.read_session() as session:
        exported = await privacy.export(session=session, user_id=BOB, guild_id=None)
    assert {row["server_id"] for row in exported["trips"]} == {str(GUILD_B)}
