"""The .ics file and the Google Calendar link: parsed back, DST-exact, safe and bounded."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from bot.domain.tweetups.calendar import (
    DESCRIPTION_LIMIT,
    GOOGLE_LINK_LIMIT,
    TITLE_LIMIT,
    CalendarEvent,
    build_ics,
    event_uid,
    google_calendar_link,
)

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LINK = "https://discord.com/channels/111/222/333"


def make_event(**changes: object) -> CalendarEvent:
    event = CalendarEvent(
        tweetup_id=42,
        title="Coffee & code",
        start=datetime(2026, 6, 12, 17, 0, tzinfo=UTC),
        end=datetime(2026, 6, 12, 19, 0, tzinfo=UTC),
        zone=BERLIN,
        city="Berlin, Germany",
        venue="Café Einstein",
        description="Bring your laptop.",
        url=LINK,
    )
    return replace(event, **changes)  # type: ignore[arg-type]


def parse(ics: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.events
    return calendar, event


def start_of(event: Event) -> datetime:
    start = event.start
    assert isinstance(start, datetime)
    return start


def end_of(event: Event) -> datetime:
    end = event.end
    assert isinstance(end, datetime)
    return end


def test_the_file_parses_back_with_everything_a_calendar_needs() -> None:
    calendar, event = parse(build_ics(make_event(), stamp=STAMP))
    assert str(event["UID"]) == "tweetup-42@tweetup.bot" == event_uid(42)
    assert start_of(event).replace(tzinfo=None) == datetime(2026, 6, 12, 19, 0)  # Berlin wall
    assert str(start_of(event).tzinfo) == "Europe/Berlin"
    assert start_of(event).astimezone(UTC) == datetime(2026, 6, 12, 17, 0, tzinfo=UTC)
    assert end_of(event).astimezone(UTC) == datetime(2026, 6, 12, 19, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.DTSTAMP == STAMP
    assert str(event["SUMMARY"]) == "Coffee & code"
    assert str(event["LOCATION"]) == "Café Einstein, Berlin, Germany"
    assert str(event["DESCRIPTION"]) == f"Discord: {LINK}\n\nBring your laptop."
    assert str(event["URL"]) == LINK
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert str(calendar["PRODID"]).startswith("-//Tweetup")


def test_no_personal_data_and_byte_for_byte_deterministic() -> None:
    ics = build_ics(make_event(), stamp=STAMP)
    assert ics == build_ics(make_event(), stamp=STAMP)
    for field in (b"ATTENDEE", b"ORGANIZER", b"CONTACT"):
        assert field not in ics


def test_edits_bump_the_sequence_and_cancellation_keeps_the_uid() -> None:
    _, event = parse(build_ics(make_event(sequence=3, cancelled=True), stamp=STAMP))
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 3
    assert str(event["UID"]) == "tweetup-42@tweetup.bot"
    assert "cancelled" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    ("start_utc", "wall", "utc_offset_hours"),
    [
        # spring forward in Berlin (02:00 → 03:00): 03:30 CEST is 01:30 UTC
        (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "20260329T033000", 2),
        # the hour before the jump, still CET
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "20260329T013000", 1),
        # fall back: the first 02:30 (CEST) is expressible with TZID
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "20261025T023000", 2),
    ],
)
def test_dst_days_keep_the_exact_instant(
    start_utc: datetime, wall: str, utc_offset_hours: int
) -> None:
    event = make_event(start=start_utc, end=start_utc + timedelta(hours=2))
    ics = build_ics(event, stamp=STAMP)
    assert f"DTSTART;TZID=Europe/Berlin:{wall}".encode() in ics
    _, parsed = parse(ics)
    assert start_of(parsed).astimezone(UTC) == start_utc
    assert start_of(parsed).utcoffset() == timedelta(hours=utc_offset_hours)
    # the embedded VTIMEZONE alone (as a client without the tz database reads it) agrees
    _, private = parse(ics.replace(b"Europe/Berlin", b"Tweetup-Test/Zone"))
    assert start_of(private).astimezone(UTC) == start_utc


def test_the_second_occurrence_of_an_ambiguous_time_is_written_in_utc() -> None:
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, after the clocks go back
    ics = build_ics(make_event(start=second, end=second + timedelta(hours=1)), stamp=STAMP)
    assert b"DTSTART:20261025T013000Z" in ics
    _, parsed = parse(ics)
    assert parsed.start == second


def test_user_text_is_cleaned_escaped_and_capped() -> None:
    event = make_event(
        title='Drinks;\nat "Ana\'s", 8pm\x00\x07' + "!" * 500,
        venue="Bar; Ecke\r\nStraße",
        description="line one\r\nline two; with, commas\x1b[31m" + "x" * 5000,
    )
    ics = build_ics(event, stamp=STAMP)
    _, parsed = parse(ics)
    summary = str(parsed["SUMMARY"])
    assert summary.startswith('Drinks; at "Ana\'s", 8pm!!')
    assert len(summary) == TITLE_LIMIT
    assert summary.endswith("…")
    assert str(parsed["LOCATION"]) == "Bar; Ecke Straße, Berlin, Germany"
    description = str(parsed["DESCRIPTION"])
    assert "line one\nline two; with, commas[31m" in description
    assert len(description) <= DESCRIPTION_LIMIT
    assert b"\x00" not in ics
    assert b"\x1b" not in ics
    assert b"\x07" not in ics


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"url": "javascript:alert(1)"}, "https"),
        ({"url": "https://example.com/a b"}, "whitespace"),
        ({"end": datetime(2026, 6, 12, 16, 0, tzinfo=UTC)}, "end after"),
        ({"start": datetime(2026, 6, 12, 17, 0)}, "timezone-aware"),
        ({"sequence": -1}, "negative"),
    ],
)
def test_invalid_events_are_bugs(changes: dict[str, object], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        make_event(**changes)


def test_google_link_carries_the_event() -> None:
    link = google_calendar_link(make_event())
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://calendar.google.com/calendar/render"
    )
    query = parse_qs(parts.query)
    assert query == {
        "action": ["TEMPLATE"],
        "text": ["Coffee & code"],
        "dates": ["20260612T170000Z/20260612T190000Z"],
        "details": [f"Discord: {LINK}\n\nBring your laptop."],
        "location": ["Café Einstein, Berlin, Germany"],
        "ctz": ["Europe/Berlin"],
    }
    assert " " not in link
    assert "&code" not in link


def test_google_link_shortens_details_first() -> None:
    event = make_event(description="Plenty of detail. " * 100)
    link = google_calendar_link(event)
    assert len(link) <= GOOGLE_LINK_LIMIT
    query = parse_qs(urlsplit(link).query)
    assert query["text"] == ["Coffee & code"]
    assert query["location"] == ["Café Einstein, Berlin, Germany"]
    assert query["details"][0].startswith(f"Discord: {LINK}\n\nPlenty of detail.")
    assert query["details"][0].endswith("…")


printable = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=600)


@settings(max_examples=120, deadline=None)
@given(title=printable, venue=printable, description=printable, city=printable)
def test_any_text_gives_a_bounded_link_and_a_parseable_file(
    title: str, venue: str, description: str, city: str
) -> None:
    event = make_event(title=title, venue=venue, description=description, city=city)
    link = google_calendar_link(event)
    assert len(link) <= GOOGLE_LINK_LIMIT
    query = parse_qs(urlsplit(link).query)
    assert query["dates"] == ["20260612T170000Z/20260612T190000Z"]
    assert query["ctz"] == ["Europe/Berlin"]
    assert query["text"][0]
    _, parsed = parse(build_ics(event, stamp=STAMP))
    assert start_of(parsed).astimezone(UTC) == event.start
    assert len(str(parsed["SUMMARY"])) <= TITLE_LIMIT
    assert str(parsed["UID"]) == "tweetup-42@tweetup.bot"
