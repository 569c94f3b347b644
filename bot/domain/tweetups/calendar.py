"""A tweetup as a calendar entry: an ``.ics`` file and a Google Calendar link.

Times are written with the city's TZID plus a generated VTIMEZONE, so a calendar shows
"19:00 Berlin time" even on a phone set to another zone, and a later edit (same UID, higher
SEQUENCE) updates the entry instead of duplicating it. Nothing personal goes in: no
organiser, no attendees — the file is shared in a channel and lives on in people's
calendars long after someone leaves the server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from bot.domain.text import plain_text, truncate
from bot.domain.tweetups._localtime import require_aware

PRODID: Final = "-//Tweetup//Tweetup bot//EN"
UID_DOMAIN: Final = "tweetup.bot"
TITLE_LIMIT: Final = 200
LOCATION_LIMIT: Final = 300
DESCRIPTION_LIMIT: Final = 2000
URL_LIMIT: Final = 500
GOOGLE_LINK_LIMIT: Final = 512
"""Discord rejects link buttons whose URL is longer than this."""
_GOOGLE_BASE: Final = "https://calendar.google.com/calendar/render"
_TZ_MARGIN: Final = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """What a calendar needs to know about a tweetup, and nothing about its people.

    ``start``/``end`` are instants (any zone); ``zone`` is the city's, used for TZID.
    ``sequence`` must grow with every edit people should see (time, place, cancellation).
    """

    tweetup_id: int
    title: str
    start: datetime
    end: datetime
    zone: ZoneInfo
    city: str
    venue: str | None = None
    description: str | None = None
    url: str | None = None
    sequence: int = 0
    cancelled: bool = False

    def __post_init__(self) -> None:
        require_aware(self.start, "start")
        require_aware(self.end, "end")
        if self.end <= self.start:
            raise ValueError("a calendar event must end after it starts")
        if self.sequence < 0:
            raise ValueError("sequence must not be negative")
        if self.url is not None:
            _check_url(self.url)

    @property
    def uid(self) -> str:
        return event_uid(self.tweetup_id)

    @property
    def location(self) -> str:
        """Venue and city, because a venue name alone is ambiguous on a map."""
        city = plain_text(self.city, limit=LOCATION_LIMIT)
        venue = plain_text(self.venue or "", limit=LOCATION_LIMIT)
        return truncate(f"{venue}, {city}" if venue and city else venue or city, LOCATION_LIMIT)


def event_uid(tweetup_id: int) -> str:
    """Stable per tweetup, so every re-download updates the same calendar entry."""
    return f"tweetup-{tweetup_id}@{UID_DOMAIN}"


def build_ics(event: CalendarEvent, *, stamp: datetime) -> bytes:
    """The ``.ics`` bytes; ``stamp`` (DTSTAMP) is when this version was generated."""
    # icalendar is imported when a file is asked for, not with the domain: it costs every
    # start ~25 ms of CPU, and most tweetups' calendar files are never downloaded.
    from icalendar import STATUS, Calendar, Event

    require_aware(stamp, "stamp")
    start = _wall_time(event.start, event.zone)
    end = _wall_time(event.end, event.zone)
    vevent = Event.new(
        uid=event.uid,
        stamp=stamp.astimezone(UTC),
        start=start,
        end=end,
        summary=plain_text(event.title, limit=TITLE_LIMIT) or "Tweetup",
        location=event.location or None,
        description=_description(event, DESCRIPTION_LIMIT) or None,
        url=event.url,
        sequence=event.sequence,
        status=STATUS.CANCELLED if event.cancelled else STATUS.CONFIRMED,
    )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(vevent)
    calendar.add_missing_timezones(
        first_date=(start - _TZ_MARGIN).date(), last_date=(end + _TZ_MARGIN).date()
    )
    ics: bytes = calendar.to_ical()
    return ics


def google_calendar_link(event: CalendarEvent, *, limit: int = GOOGLE_LINK_LIMIT) -> str:
    """A "add to Google Calendar" template link of at most ``limit`` characters.

    Details are shortened first (they are the least useful part in a calendar), then the
    location, then the title; the dates and zone are never cut.
    """
    title = plain_text(event.title, limit=TITLE_LIMIT) or "Tweetup"
    location = event.location
    details = _description(event, DESCRIPTION_LIMIT)
    if len(_google(event, title, location, details)) > limit:
        details = _fit(lambda d: _google(event, title, location, d), details, limit)
    if len(_google(event, title, location, details)) > limit:
        location = _fit(lambda loc: _google(event, title, loc, details), location, limit)
    if len(_google(event, title, location, details)) > limit:
        title = _fit(lambda t: _google(event, t, location, details), title, limit) or "Tweetup"
    link = _google(event, title, location, details)
    if len(link) > limit:
        raise ValueError(f"no Google Calendar link fits in {limit} characters")
    return link


def _google(event: CalendarEvent, title: str, location: str, details: str) -> str:
    dates = f"{_utc_stamp(event.start)}/{_utc_stamp(event.end)}"
    params = [("action", "TEMPLATE"), ("text", title), ("dates", dates)]
    if details:
        params.append(("details", details))
    if location:
        params.append(("location", location))
    params.append(("ctz", event.zone.key))
    return f"{_GOOGLE_BASE}?{urlencode(params, quote_via=quote, safe='/')}"


def _fit(build: Callable[[str], str], text: str, limit: int) -> str:
    """The longest truncation of ``text`` whose link fits (binary search: encoding varies)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if len(build(truncate(text, middle))) <= limit:
            low = middle
        else:
            high = middle - 1
    return truncate(text, low) if low > 1 else ""  # a lone "…" says nothing


def _description(event: CalendarEvent, limit: int) -> str:
    """The Discord link first: it survives truncation and is where the details live."""
    parts = []
    if event.url:
        parts.append(f"Discord: {event.url}")
    if event.cancelled:
        parts.append("This tweetup was cancelled.")
    if event.description:
        parts.append(plain_text(event.description, limit=limit, multiline=True))
    return truncate("\n\n".join(parts), limit)


def _wall_time(instant: datetime, zone: ZoneInfo) -> datetime:
    """The instant in the city's zone, or in UTC when TZID cannot express it.

    RFC 5545 reads an ambiguous local time as its *first* occurrence, so the second
    01:30 of a fall-back night can only be written as UTC; everything else keeps its TZID.
    """
    local = instant.astimezone(zone)
    if local.replace(fold=0).astimezone(UTC) != instant.astimezone(UTC):
        return instant.astimezone(UTC)
    return local


def _utc_stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or len(url) > URL_LIMIT:
        raise ValueError("the tweetup URL must be an https link of reasonable length")
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise ValueError("the tweetup URL must not contain whitespace or control characters")
