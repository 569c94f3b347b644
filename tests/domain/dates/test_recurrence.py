"""Recurring meetups keep their local wall time across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.dates.errors import RecurrenceParseError
from bot.domain.dates.recurrence import Recurrence, parse_recurrence

BERLIN = "Europe/Berlin"
START = datetime(2026, 10, 1, tzinfo=UTC)  # a Thursday, 02:00 in Berlin
UNTIL = datetime(2026, 11, 30, tzinfo=UTC)


def rule(text: str, *, tz: str = BERLIN, start: datetime = START) -> Recurrence:
    return parse_recurrence(text, tz=tz, start=start)


def days(r: Recurrence, after: datetime = START, until: datetime = UNTIL) -> list[str]:
    return [d.strftime("%a %m-%d %H:%M") for d in r.occurrences(after, until)]


@pytest.mark.parametrize(
    ("text", "description", "first_three"),
    [
        (
            "every Thursday at 12:30",
            "Every Thursday at 12:30 (Europe/Berlin)",
            ["Thu 10-01 12:30", "Thu 10-08 12:30", "Thu 10-15 12:30"],
        ),
        (
            "every week on Thursday at 12:30",
            "Every Thursday at 12:30 (Europe/Berlin)",
            ["Thu 10-01 12:30", "Thu 10-08 12:30", "Thu 10-15 12:30"],
        ),
        (
            "first Thursday of the month at 7pm",
            "The first Thursday of every month at 19:00 (Europe/Berlin)",
            ["Thu 10-01 19:00", "Thu 11-05 19:00"],
        ),
        (
            "last Friday of every month at 18:00",
            "The last Friday of every month at 18:00 (Europe/Berlin)",
            ["Fri 10-30 18:00", "Fri 11-27 18:00"],
        ),
        (
            "every other Tuesday at 7pm",
            "Every other Tuesday at 19:00 (Europe/Berlin), starting Tue 6 Oct 2026",
            ["Tue 10-06 19:00", "Tue 10-20 19:00", "Tue 11-03 19:00"],
        ),
        (
            "Thursdays at 7pm",
            "Every Thursday at 19:00 (Europe/Berlin)",
            ["Thu 10-01 19:00", "Thu 10-08 19:00", "Thu 10-15 19:00"],
        ),
        (
            "every Tuesday and Thursday at 18:30",
            "Every Tuesday and Thursday at 18:30 (Europe/Berlin)",
            ["Thu 10-01 18:30", "Tue 10-06 18:30", "Thu 10-08 18:30"],
        ),
        (
            "the 15th of every month at 19:00",
            "The 15th of every month at 19:00 (Europe/Berlin)",
            ["Thu 10-15 19:00", "Sun 11-15 19:00"],
        ),
        (
            "every day at 9am",
            "Every day at 09:00 (Europe/Berlin)",
            ["Thu 10-01 09:00", "Fri 10-02 09:00", "Sat 10-03 09:00"],
        ),
        (
            "every weekday at 8:30",
            "Every weekday at 08:30 (Europe/Berlin)",
            ["Thu 10-01 08:30", "Fri 10-02 08:30", "Mon 10-05 08:30"],
        ),
        (
            "every 3 weeks on Monday at 18:00",
            "Every 3 weeks on Monday at 18:00 (Europe/Berlin), starting Mon 5 Oct 2026",
            ["Mon 10-05 18:00", "Mon 10-26 18:00", "Mon 11-16 18:00"],
        ),
        (
            "fortnightly on Wednesday at 19:00",
            "Every other Wednesday at 19:00 (Europe/Berlin), starting Wed 7 Oct 2026",
            ["Wed 10-07 19:00", "Wed 10-21 19:00", "Wed 11-04 19:00"],
        ),
        (
            "second Tuesday of the month at 19:00",
            "The second Tuesday of every month at 19:00 (Europe/Berlin)",
            ["Tue 10-13 19:00", "Tue 11-10 19:00"],
        ),
    ],
)
def test_rules(text: str, description: str, first_three: list[str]) -> None:
    parsed = rule(text)
    assert parsed.describe() == description
    assert days(parsed)[: len(first_three)] == first_three


def test_wall_time_stays_put_across_fall_back_while_the_instant_moves() -> None:
    parsed = rule("every Thursday at 19:00")
    found = parsed.occurrences(
        datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 11, 6, tzinfo=UTC)
    )
    assert [d.hour for d in found] == [19, 19, 19]
    assert [d.astimezone(UTC).hour for d in found] == [17, 18, 18]  # CEST, then CET


def test_wall_time_stays_put_across_spring_forward_in_new_york() -> None:
    parsed = rule(
        "every Thursday at 19:00", tz="America/New_York", start=datetime(2026, 3, 1, tzinfo=UTC)
    )
    found = parsed.occurrences(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 20, tzinfo=UTC))
    assert [d.strftime("%d %H:%M") for d in found] == ["05 19:00", "12 19:00", "19 19:00"]
    assert [d.astimezone(UTC).hour for d in found] == [0, 23, 23]


def test_occurrences_in_a_gap_follow_the_gap_rule() -> None:
    parsed = rule("every Sunday at 02:30", start=datetime(2027, 3, 1, tzinfo=UTC))
    found = parsed.occurrences(datetime(2027, 3, 20, tzinfo=UTC), datetime(2027, 4, 5, tzinfo=UTC))
    assert [d.strftime("%m-%d %H:%M %z") for d in found] == [
        "03-21 02:30 +0100",
        "03-28 03:30 +0200",  # 02:30 does not exist that day
        "04-04 02:30 +0200",
    ]
    note = parsed.note_for(found[1])
    assert note is not None
    assert "doesn't exist" in note
    assert parsed.note_for(found[0]) is None


def test_occurrences_in_a_fold_take_the_first() -> None:
    parsed = rule("every Sunday at 02:30")
    found = parsed.occurrences(
        datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 10, 26, tzinfo=UTC)
    )
    assert len(found) == 1
    assert found[0].utcoffset() == timedelta(hours=2)


def test_window_is_after_exclusive_until_inclusive() -> None:
    parsed = rule("every Thursday at 12:30")
    first = datetime(2026, 10, 8, 10, 30, tzinfo=UTC)  # 12:30 CEST
    assert parsed.occurrences(first, first) == []
    assert parsed.occurrences(first - timedelta(seconds=1), first) == [first]
    assert all(d.tzinfo is ZoneInfo(BERLIN) for d in parsed.occurrences(START, UNTIL))


def test_nothing_before_start() -> None:
    parsed = rule("every Thursday at 12:30", start=datetime(2026, 10, 8, 11, 0, tzinfo=UTC))
    found = parsed.occurrences(datetime(2026, 9, 1, tzinfo=UTC), UNTIL)
    assert found[0].day == 15


def test_next_after_and_rrule_text() -> None:
    parsed = rule("every other Tuesday at 7pm")
    assert parsed.next_after(datetime(2026, 10, 7, tzinfo=UTC)) == datetime(
        2026, 10, 20, 19, 0, tzinfo=ZoneInfo(BERLIN)
    )
    assert "FREQ=WEEKLY" in parsed.rrule_text
    assert "INTERVAL=2" in parsed.rrule_text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("every Thursday", "At what time?"),
        ("Thursday at 7pm", "Is that every Thursday?"),
        ("every Thursday at 7", "morning or the evening"),
        ("sometimes at 7pm", "how often"),
        ("every month at 7pm", "Which day of the month?"),
        ("every 0 weeks on Monday at 7pm", "doesn't repeat"),
        ("every Thursday at 25:00", "hours go from 0 to 23"),
    ],
)
def test_errors(text: str, says: str) -> None:
    with pytest.raises(RecurrenceParseError) as caught:
        rule(text)
    assert says in caught.value.user_message


def test_unknown_zone() -> None:
    with pytest.raises(RecurrenceParseError, match="time zone"):
        rule("every Thursday at 7pm", tz="Nowhere/Special")
