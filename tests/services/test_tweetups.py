"""Tweetups through the real database: who may announce, RSVPs with a waitlist, the DM
outbox rows that changes queue (reminders, promotions, updates, cancellations)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.config import DefaultsSection
from bot.db.database import Database
from bot.domain.errors import InvalidInput, PermissionDenied
from bot.domain.tweetups import Answer, Status
from bot.domain.tweetups.permissions import Actor
from bot.services import guilds, tweetups
from models import OutboxMessage
from tests.support.places import BERLIN

GUILD = 42
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
STARTS = datetime(2026, 11, 28, 18, tzinfo=UTC)
DEFAULTS = DefaultsSection()
ADMIN = Actor(user_id=1, role_ids=(), is_admin=True)
ALICE, BOB, CAROL = 101, 102, 103


def draft(**overrides: object) -> tweetups.Draft:
    values: dict[str, object] = {
        "title": "Coffee",
        "place": BERLIN,
        "starts_at": STARTS,
        "ends_at": STARTS + timedelta(hours=2),
        "venue": "Café Einstein",
        "capacity": None,
    }
    values.update(overrides)
    return tweetups.Draft(**values)  # type: ignore[arg-type]


async def announced(db: Database, **overrides: object) -> int:
    async with db.session() as session:
        card = await tweetups.announce(
            session=session,
            guild_id=GUILD,
            actor=ADMIN,
            draft=draft(**overrides),
            defaults=DEFAULTS,
            now=NOW,
        )
        return card.tweetup.id


async def answer(
    db: Database, tweetup_id: int, user: int, reply: Answer, at: datetime = NOW
) -> tweetups.RsvpResult:
    async with db.session() as session:
        return await tweetups.respond(
            session=session,
            tweetup_id=tweetup_id,
            guild_id=GUILD,
            user_id=user,
            answer=reply,
            defaults=DEFAULTS,
            now=at,
        )


async def outbox(db: Database, kind: str | None = None) -> list[OutboxMessage]:
    async with db.read_session() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.recipient_id, OutboxMessage.due_at)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return list(await session.scalars(query))


async def test_only_organizers_and_admins_announce(database: Database) -> None:
    member = Actor(user_id=ALICE, role_ids=(7,), is_admin=False)
    async with database.session() as session:
        with pytest.raises(PermissionDenied):
            await tweetups.announce(
                session=session,
                guild_id=GUILD,
                actor=member,
                draft=draft(),
                defaults=DEFAULTS,
                now=NOW,
            )
    async with database.session() as session:
        await guilds.update_guild_config(
            session=session,
            guild_id=GUILD,
            defaults=DEFAULTS,
            now=NOW,
            changes={"organizer_role_id": 7},
        )
        card = await tweetups.announce(
            session=session, guild_id=GUILD, actor=member, draft=draft(), defaults=DEFAULTS, now=NOW
        )
    assert card.tweetup.organizer_id == ALICE


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts_at": NOW - timedelta(hours=1), "ends_at": NOW}, "in the past"),
        ({"title": "   "}, "title"),
        ({"ends_at": STARTS - timedelta(minutes=5)}, "end after it starts"),
        ({"venue": "x" * 500}, "venue"),
    ],
)
async def test_bad_drafts_are_refused(
    database: Database, overrides: dict[str, object], message: str
) -> None:
    async with database.session() as session:
        with pytest.raises(InvalidInput, match=message):
            await tweetups.announce(
                session=session,
                guild_id=GUILD,
                actor=ADMIN,
                draft=draft(**overrides),
                defaults=DEFAULTS,
                now=NOW,
            )


async def test_going_members_get_two_reminders_and_others_none(database: Database) -> None:
    tweetup_id = await announced(database)
    await answer(database, tweetup_id, ALICE, Answer.GOING)
    await answer(database, tweetup_id, BOB, Answer.MAYBE)
    reminders = await outbox(database, tweetups.REMINDER)
    assert [(r.recipient_id, r.due_at) for r in reminders] == [
        (ALICE, STARTS - timedelta(hours=24)),
        (ALICE, STARTS - timedelta(hours=2)),
    ]
    await answer(database, tweetup_id, ALICE, Answer.CANT_GO)
    assert await outbox(database, tweetups.REMINDER) == []


async def test_a_full_tweetup_waitlists_and_promotes_first_come(database: Database) -> None:
    tweetup_id = await announced(database, capacity=2)
    await answer(database, tweetup_id, ALICE, Answer.GOING)
    await answer(database, tweetup_id, BOB, Answer.GOING, NOW + timedelta(minutes=1))
    waiting = await answer(database, tweetup_id, CAROL, Answer.GOING, NOW + timedelta(minutes=2))
    assert waiting.status is Status.WAITLISTED
    assert waiting.waitlist_position == 1
    dropped = await answer(database, tweetup_id, ALICE, Answer.CANT_GO, NOW + timedelta(minutes=3))
    assert dropped.promoted == (CAROL,)
    assert dropped.card.going == (BOB, CAROL)
    [promotion] = await outbox(database, tweetups.PROMOTED)
    assert promotion.recipient_id == CAROL
    assert {r.recipient_id for r in await outbox(database, tweetups.REMINDER)} == {BOB, CAROL}


async def test_editing_the_time_tells_attendees_and_moves_reminders(database: Database) -> None:
    tweetup_id = await announced(database)
    await answer(database, tweetup_id, ALICE, Answer.GOING)
    await answer(database, tweetup_id, BOB, Answer.MAYBE)
    later = STARTS + timedelta(days=1)
    async with database.session() as session:
        await tweetups.edit(
            session=session,
            tweetup_id=tweetup_id,
            guild_id=GUILD,
            actor=ADMIN,
            changes={"starts_at": later, "ends_at": later + timedelta(hours=2)},
            defaults=DEFAULTS,
            now=NOW,
        )
    assert {r.recipient_id for r in await outbox(database, tweetups.CHANGED)} == {ALICE, BOB}
    assert [r.due_at for r in await outbox(database, tweetups.REMINDER)] == [
        later - timedelta(hours=24),
        later - timedelta(hours=2),
    ]


async def test_cancelling_tells_everyone_and_drops_reminders(database: Database) -> None:
    tweetup_id = await announced(database)
    await answer(database, tweetup_id, ALICE, Answer.GOING)
    await answer(database, tweetup_id, BOB, Answer.MAYBE)
    async with database.session() as session:
        await tweetups.cancel(
            session=session,
            tweetup_id=tweetup_id,
            guild_id=GUILD,
            actor=ADMIN,
            defaults=DEFAULTS,
            now=NOW,
        )
    assert await outbox(database, tweetups.REMINDER) == []
    assert {r.recipient_id for r in await outbox(database, tweetups.CANCELLED)} == {ALICE, BOB}
    with pytest.raises(InvalidInput, match="cancelled"):
        await answer(database, tweetup_id, CAROL, Answer.GOING)


async def test_members_cannot_edit_someone_elses_tweetup(database: Database) -> None:
    tweetup_id = await announced(database)
    stranger = Actor(user_id=BOB, role_ids=(), is_admin=False)
    async with database.session() as session:
        with pytest.raises(PermissionDenied):
            await tweetups.edit(
                session=session,
                tweetup_id=tweetup_id,
                guild_id=GUILD,
                actor=stranger,
                changes={"title": "Mine now"},
                defaults=DEFAULTS,
                now=NOW,
            )


async def test_changing_my_reminder_times_replans_my_upcoming_reminders(database: Database) -> None:
    from bot.services import members

    tweetup_id = await announced(database)
    await answer(database, tweetup_id, ALICE, Answer.GOING)
    await answer(database, tweetup_id, BOB, Answer.GOING)
    async with database.session() as session:
        await members.update_member_prefs(
            session=session,
            guild_id=GUILD,
            user_id=ALICE,
            now=NOW,
            changes={"reminder_lead_minutes": [30]},
            defaults=DEFAULTS,
        )
        touched = await tweetups.replan_member_reminders(
            session=session, guild_id=GUILD, user_id=ALICE, defaults=DEFAULTS, now=NOW
        )
    assert touched == 1
    reminders = await outbox(database, tweetups.REMINDER)
    assert [(r.recipient_id, r.due_at) for r in reminders if r.recipient_id == ALICE] == [
        (ALICE, STARTS - timedelta(minutes=30))
    ]
    assert len([r for r in reminders if r.recipient_id == BOB]) == 2


async def test_organizers_may_manage_every_tweetup_members_only_their_own(
    database: Database,
) -> None:
    mine = await announced(database, title="Mine")
    async with database.session() as session:
        await guilds.update_guild_config(
            session=session,
            guild_id=GUILD,
            defaults=DEFAULTS,
            now=NOW,
            changes={"organizer_role_id": 7},
        )
    organizer = Actor(user_id=ALICE, role_ids=(7,), is_admin=False)
    member = Actor(user_id=BOB, role_ids=(), is_admin=False)
    async with database.read_session() as session:
        for_organizer = await tweetups.manageable(
            session=session, guild_id=GUILD, actor=organizer, defaults=DEFAULTS, now=NOW
        )
        for_member = await tweetups.manageable(
            session=session, guild_id=GUILD, actor=member, defaults=DEFAULTS, now=NOW
        )
    assert [t.id for t in for_organizer] == [mine]
    assert for_member == []
