"""Meetup times: local wall clock in, UTC instant out, DST gaps and folds explained."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.dates.errors import (
    ImpossibleTime,
    InvalidMeetupDate,
    NoTimeGiven,
    PastTime,
    TimeParseError,
    UnknownTimeZone,
)
from bot.domain.dates.times import AmbiguousDateTime, LocalDateTime, parse_local_datetime

BERLIN = "Europe/Berlin"
# Thursday 10 Dec 2026, 16:00 in Berlin (UTC+1).
NOW = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)


def local(text: str, *, tz: str = BERLIN, now: datetime = NOW, **kw: object) -> LocalDateTime:
    result = parse_local_datetime(text, tz=tz, now=now, **kw)  # type: ignore[arg-type]
    assert isinstance(result, LocalDateTime), result
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7pm", "2026-12-10 19:00"),
        ("19:30", "2026-12-10 19:30"),
        ("3pm", "2026-12-11 15:00"),  # already past today: tomorrow
        ("16:00", "2026-12-11 16:00"),  # exactly now is not ahead
        ("Friday 19:30", "2026-12-11 19:30"),
        ("Thursday 17:00", "2026-12-10 17:00"),  # today, still ahead
        ("Thursday 15:00", "2026-12-17 15:00"),  # today's has passed: next week
        ("Sat Dec 12 at 7pm", "2026-12-12 19:00"),
        ("tomorrow at noon", "2026-12-11 12:00"),
        ("Dec 12 7:30pm", "2026-12-12 19:30"),
        ("2026-12-12 19:00", "2026-12-12 19:00"),
        ("2026-12-12T19:00", "2026-12-12 19:00"),
        ("12/12 at 19:00", "2026-12-12 19:00"),
        ("tonight at 7:30", "2026-12-10 19:30"),
        ("at 9 in the morning", "2026-12-11 09:00"),
        ("12am", "2026-12-11 00:00"),
        ("12pm tomorrow", "2026-12-11 12:00"),
        ("7.30pm", "2026-12-10 19:30"),
        ("19h30", "2026-12-10 19:30"),
        ("midnight", "2026-12-11 00:00"),
        ("Heading out Friday around 8pm, join?", "2026-12-11 20:00"),
    ],
)
def test_local_times(text: str, expected: str) -> None:
    result = local(text)
    assert result.local.strftime("%Y-%m-%d %H:%M") == expected
    assert result.local.tzinfo is not None
    assert result.utc == result.local
    assert result.utc.utcoffset() == timedelta(0)
    assert result.note is None


def test_utc_instant_uses_the_offset_in_force_that_day() -> None:
    winter = local("2026-12-12 19:00")
    summer = local("2027-06-12 19:00")
    assert winter.utc.hour == 18
    assert summer.utc.hour == 17
    assert summer.label == "Sat 12 Jun 2027 at 19:00 (Europe/Berlin)"


def test_new_york_is_read_in_its_own_zone() -> None:
    now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # 08:00 in New York (EDT)
    result = local("7pm", tz="America/New_York", now=now)
    assert result.utc == datetime(2026, 7, 1, 23, 0, tzinfo=UTC)


def test_spring_forward_gap_moves_the_time_forward_and_says_so() -> None:
    # Europe/Berlin jumps 02:00 -> 03:00 on 28 Mar 2027: 02:30 does not exist.
    result = local("2027-03-28 02:30", now=datetime(2027, 3, 1, tzinfo=UTC))
    assert result.local.strftime("%H:%M") == "03:30"
    assert result.utc == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert result.note is not None
    assert "doesn't exist" in result.note
    assert "03:30" in result.note


def test_fall_back_fold_takes_the_first_occurrence_and_says_so() -> None:
    # Europe/Berlin goes 03:00 -> 02:00 on 25 Oct 2026: 02:30 happens twice.
    result = local("2026-10-25 02:30", now=datetime(2026, 10, 1, tzinfo=UTC))
    assert result.local.fold == 0
    assert result.utc == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # still CEST, UTC+2
    assert result.note is not None
    assert "twice" in result.note
    assert "UTC+02:00" in result.note


def test_new_york_gap_and_fold() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    gap = local("2026-03-08 02:15", tz="America/New_York", now=now)
    assert gap.local.strftime("%H:%M") == "03:15"
    fold = local("2026-11-01 01:30", tz="America/New_York", now=now)
    assert fold.utc == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # EDT, the first 01:30


def test_lord_howe_half_hour_gap() -> None:
    # Australia/Lord_Howe moves 02:00 -> 02:30 on the first Sunday of October.
    result = local(
        "2026-10-04 02:15", tz="Australia/Lord_Howe", now=datetime(2026, 9, 1, tzinfo=UTC)
    )
    assert result.local.strftime("%H:%M") == "02:45"
    assert result.note is not None


def test_a_bare_hour_asks_morning_or_evening() -> None:
    result = parse_local_datetime("at 7", tz=BERLIN, now=NOW)
    assert isinstance(result, AmbiguousDateTime)
    assert "morning or the evening" in result.question
    assert [r.local.strftime("%d %H:%M") for r in result.readings] == ["10 19:00", "11 07:00"]


def test_ambiguous_numeric_date_asks() -> None:
    result = parse_local_datetime("4/5 7pm", tz=BERLIN, now=NOW)
    assert isinstance(result, AmbiguousDateTime)
    assert len(result.readings) == 2
    assert local("4/5 7pm", date_order="dmy").local.month == 5


def test_next_weekday_asks_when_it_could_mean_two_days() -> None:
    result = parse_local_datetime("next Friday 8pm", tz=BERLIN, now=NOW)
    assert isinstance(result, AmbiguousDateTime)
    assert [r.local.day for r in result.readings] == [11, 18]


def test_midnight_on_a_day_asks_which_end() -> None:
    result = parse_local_datetime("Friday midnight", tz=BERLIN, now=NOW)
    assert isinstance(result, AmbiguousDateTime)
    assert [r.local.day for r in result.readings] == [12, 11]


@pytest.mark.parametrize(
    ("text", "error", "says"),
    [
        ("Friday", NoTimeGiven, "What time?"),
        ("25:00", ImpossibleTime, "hours go from 0 to 23"),
        ("13pm", ImpossibleTime, "1 to 12"),
        ("10:75", ImpossibleTime, "minutes"),
        ("yesterday 7pm", PastTime, "already passed"),
        ("Dec 10 9am", PastTime, "already passed"),
        ("Feb 30 7pm", InvalidMeetupDate, "February has only 28 days"),
        ("Dec 5-9 at 7pm", InvalidMeetupDate, "one day"),
        ("7pm or 9pm", TimeParseError, "more than one time"),
    ],
)
def test_errors(text: str, error: type[TimeParseError], says: str) -> None:
    with pytest.raises(error) as caught:
        parse_local_datetime(text, tz=BERLIN, now=NOW)
    assert says in caught.value.user_message


@pytest.mark.parametrize("tz", ["Mars/Olympus", "", "../../etc/passwd", "Europe", "x" * 200])
def test_unknown_zones_are_typed_errors(tz: str) -> None:
    with pytest.raises(UnknownTimeZone):
        parse_local_datetime("7pm", tz=tz, now=NOW)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_local_datetime("7pm", tz=BERLIN, now=datetime(2026, 12, 10, 15))


def test_now_in_any_zone_is_the_same_instant() -> None:
    from zoneinfo import ZoneInfo

    tokyo_now = NOW.astimezone(ZoneInfo("Asia/Tokyo"))
    assert local("7pm", now=tokyo_now) == local("7pm")
