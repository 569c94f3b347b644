"""Reminder planning, catch-up after downtime, nonces and the DM text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.tweetups.errors import InvalidLeadTimes
from bot.domain.tweetups.reminders import (
    LATE_NOTE,
    MESSAGE_LIMIT,
    NONCE_LENGTH,
    Delivery,
    PlannedReminder,
    catch_up,
    check_lead_times,
    decide,
    plan_reminders,
    reminder_nonce,
    reminder_text,
)

START = datetime(2026, 6, 12, 17, 0, tzinfo=UTC)
H = timedelta(hours=1)
M = timedelta(minutes=1)


def test_default_plan_is_a_day_and_two_hours_before() -> None:
    plan = plan_reminders(7, 99, starts_at=START, now=START - 72 * H)
    assert [(r.lead, r.due_at) for r in plan] == [
        (24 * H, START - 24 * H),
        (2 * H, START - 2 * H),
    ]
    assert all(r.tweetup_id == 7 and r.member_id == 99 and r.starts_at == START for r in plan)


@pytest.mark.parametrize(
    ("rsvp_before_start", "leads_planned"),
    [
        (72 * H, [24 * H, 2 * H]),
        (24 * H + M, [24 * H, 2 * H]),
        (24 * H, [2 * H]),  # due exactly now: you are looking at it
        (3 * H, [2 * H]),
        (1 * H, []),  # RSVP an hour before: the 2 h reminder is not sent
        (timedelta(0), []),
        (-H, []),  # already started
    ],
)
def test_lead_times_already_past_at_rsvp_are_not_planned(
    rsvp_before_start: timedelta, leads_planned: list[timedelta]
) -> None:
    plan = plan_reminders(1, 2, starts_at=START, now=START - rsvp_before_start)
    assert [r.lead for r in plan] == leads_planned


def test_custom_and_empty_lead_times() -> None:
    assert plan_reminders(1, 2, starts_at=START, now=START - 72 * H, lead_times=()) == ()
    leads = [30 * M, 48 * H, 30 * M]
    plan = plan_reminders(1, 2, starts_at=START, now=START - 72 * H, lead_times=leads)
    assert [r.lead for r in plan] == [48 * H, 30 * M]
    assert [r.lead_minutes for r in plan] == [2880, 30]


@pytest.mark.parametrize(
    "leads",
    [
        [timedelta(0)],
        [-H],
        [timedelta(days=15)],
        [timedelta(seconds=90)],
        [H * i for i in range(1, 7)],
    ],
)
def test_bad_lead_times_are_refused(leads: list[timedelta]) -> None:
    with pytest.raises(InvalidLeadTimes):
        check_lead_times(leads)


def reminder(lead: timedelta, member: int = 2, tweetup: int = 1) -> PlannedReminder:
    return PlannedReminder(tweetup, member, lead, START, START - lead)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (START - 2 * H - M, Delivery.NOT_DUE),
        (START - 2 * H, Delivery.SEND),
        (START - 2 * H + 10 * M, Delivery.SEND),
        (START - 2 * H + 11 * M, Delivery.SEND_LATE),
        (START - M, Delivery.SEND_LATE),
        (START, Delivery.SKIP_STARTED),
        (START + 3 * H, Delivery.SKIP_STARTED),
    ],
)
def test_dispatch_on_time_late_or_skipped(now: datetime, expected: Delivery) -> None:
    assert decide(reminder(2 * H), now=now) is expected


def test_after_downtime_only_the_shortest_overdue_reminder_goes() -> None:
    pending = [
        reminder(24 * H),
        reminder(2 * H),
        reminder(24 * H, member=3),
        reminder(2 * H, tweetup=5),
    ]
    back_online = START - 90 * M
    decisions = {
        (d.reminder.tweetup_id, d.reminder.member_id, d.reminder.lead): d.delivery
        for d in catch_up(pending, now=back_online)
    }
    assert decisions == {
        (1, 2, 24 * H): Delivery.SKIP_SUPERSEDED,
        (1, 2, 2 * H): Delivery.SEND_LATE,
        (1, 3, 24 * H): Delivery.SEND_LATE,
        (5, 2, 2 * H): Delivery.SEND_LATE,
    }
    assert all(d.delivery.is_final for d in catch_up(pending, now=back_online))
    assert [d.delivery for d in catch_up(pending, now=START - 30 * H)] == [Delivery.NOT_DUE] * 4
    assert {d.delivery for d in catch_up(pending, now=START + M)} == {Delivery.SKIP_STARTED}


def test_nonce_is_short_stable_and_distinct() -> None:
    nonce = reminder_nonce(12345, 987654321098765432, 120)
    assert len(nonce) <= NONCE_LENGTH
    assert nonce == "r070e024e8bbd83c0cfcc5951"  # pinned: must never change between releases
    assert reminder(2 * H).nonce == reminder_nonce(1, 2, 120)
    others = {
        reminder_nonce(t, m, lead) for t in range(20) for m in range(20) for lead in (120, 1440)
    }
    assert len(others) == 800


def test_nonce_is_the_same_in_another_process() -> None:
    code = (
        "from bot.domain.tweetups.reminders import reminder_nonce;"
        "print(reminder_nonce(12345, 987654321098765432, 120))"
    )
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root, env=env
    )
    assert out.stdout.strip() == reminder_nonce(12345, 987654321098765432, 120)


def test_reminder_text() -> None:
    text = reminder_text(
        title="Coffee & code",
        starts_at=START,
        venue="Café Einstein",
        link="https://discord.com/channels/1/2/3",
    )
    unix = int(START.timestamp())
    assert text == (
        f"⏰ **Coffee & code** starts <t:{unix}:R>\n"
        f"🗓️ <t:{unix}:F>\n"
        "📍 Café Einstein\n"
        "🔗 https://discord.com/channels/1/2/3"
    )
    late = reminder_text(title="Coffee", starts_at=START, late=True)
    assert late.startswith(f"{LATE_NOTE}\n⏰ **Coffee** starts <t:{unix}:R>")
    assert "📍" not in late
    assert "🔗" not in late


def test_reminder_text_cannot_mention_or_format() -> None:
    text = reminder_text(
        title="@everyone party <@123> <@&456> **bold** _x_ `code` ||spoiler|| [a](b)",
        starts_at=START,
        venue="@here",
    )
    assert "@everyone" not in text
    assert "@here" not in text
    assert not re.search(r"<[@#]", text)
    assert r"\*\*bold\*\*" in text
    assert r"\_x\_" in text
    assert r"\|\|spoiler\|\|" in text
    with pytest.raises(ValueError, match="https"):
        reminder_text(title="x", starts_at=START, link="http://example.com")


@given(title=st.text(max_size=3000), venue=st.one_of(st.none(), st.text(max_size=3000)))
def test_any_text_fits_one_message_and_pings_nobody(title: str, venue: str | None) -> None:
    text = reminder_text(title=title, starts_at=START, venue=venue, late=True)
    assert len(text) <= MESSAGE_LIMIT
    assert "@everyone" not in text
    assert "@here" not in text
    assert not re.search(r"<@[!&]?\d|<#\d", text)
    assert f"<t:{int(START.timestamp())}:F>" in text
