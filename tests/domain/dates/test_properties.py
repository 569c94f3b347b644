"""Whatever people type, the parsers answer with a result or a typed error — never a crash."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.dates import Ambiguous, DateParseError, parse_date_range
from bot.domain.dates.errors import TimeParseError
from bot.domain.dates.times import AmbiguousDateTime, parse_local_datetime

# Real fragments recombine into the awkward inputs random text almost never reaches.
FRAGMENTS = [
    "Mar",
    "3",
    "-",
    "7",
    "to",
    "next",
    "this",
    "last",
    "weekend",
    "week",
    "Dec",
    "28",
    "Jan",
    "/",
    "4/5",
    "31/12",
    "13/45",
    "for",
    "5",
    "nights",
    "days",
    "starting",
    "from",
    "the",
    "5th",
    "31st",
    "tomorrow",
    "yesterday",
    "2026-12-05",
    "9999-12-31",
    "0001-01-01",
    "..",
    "Thu",
    "Sun",
    "Sat",
    "in",
    "mid",
    "early",
    "April",
    "until",
    "Friday",
    "of",
    "and",
    "or",
    "between",
    "at",
    "7pm",
    "19:30",
    "noon",
    "midnight",
    "25:00",
    "2027",
    "9999",
    ",",
    "03.01.2027",
    "Feb",
    "29",
    "30",
    "ago",
    "a",
    "fortnight",
    "+",
    "99999",
    "0",
    "week of",
    "weekend of",
    "–",
    "—",
    "months",
    "1000",
    "999999",
]
texts = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(FRAGMENTS), max_size=9).map(" ".join),
)
todays = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
orders = st.sampled_from([None, "mdy", "dmy"])
zones = st.sampled_from(
    ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
)
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texts, todays, orders)
def test_parse_date_range_only_raises_typed_errors(text: str, today: date, order: str) -> None:
    try:
        result = parse_date_range(text, today=today, date_order=order)  # type: ignore[arg-type]
    except DateParseError as exc:
        failure: DateParseError | None = exc
    else:
        failure = None
    if failure is not None:
        assert failure.user_message
        return
    readings = result.readings if isinstance(result, Ambiguous) else (result,)
    assert readings
    for reading in readings:
        assert reading.start <= reading.end
        assert reading.end >= today
        assert reading.nights <= 365
        assert reading.label


@FAST
@given(texts, todays, st.integers(0, 86_399), zones, orders)
def test_parse_local_datetime_only_raises_typed_errors(
    text: str, today: date, second: int, tz: str, order: str
) -> None:
    now = datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(seconds=second)
    try:
        result = parse_local_datetime(text, tz=tz, now=now, date_order=order)  # type: ignore[arg-type]
    except TimeParseError as exc:
        failure: TimeParseError | None = exc
    else:
        failure = None
    if failure is not None:
        assert failure.user_message
        return
    readings = result.readings if isinstance(result, AmbiguousDateTime) else (result,)
    for reading in readings:
        assert reading.utc > now
        assert reading.utc == reading.local
