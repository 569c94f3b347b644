"""Trip radar's decision: is this chat message, unprompted, worth one quiet ✈️?

Precision over recall: a wrong nudge on someone's everyday chat is creepy, a missed trip
costs nothing (the member can still use "Add as my trip"). So radar nudges only a reading
that is, at the guild's sensitivity, the author's own trip, still ahead, with exact dates
and one clear city. That last rule is what lets the author's ✈️ save the trip in one tap:
there is nothing left to ask (a reaction cannot open a private question).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.domain import places
from bot.domain.chatter import TripReading, extract_trip, warm_up
from bot.domain.dates import DateRange
from bot.domain.places import Place

Sensitivity = Literal["quiet", "normal"]
SENSITIVITIES: tuple[Sensitivity, ...] = ("quiet", "normal")
DEFAULT_SENSITIVITY: Sensitivity = "quiet"
#: A namesake at least this share of the city's population makes "which one?" a real question
#: (Halifax, Nova Scotia vs Halifax, England); Lisbon, Maine does not rival Lisbon.
RIVAL_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class Sighting:
    """A trip radar may nudge about, and can save as it is."""

    place: Place
    window: DateRange


def worth_a_look(text: str, *, sensitivity: str, today: date) -> bool:
    """A first glance, without the author's time zone or date order: most chat is not about
    a trip, and is dropped here without touching the database."""
    reading = extract_trip(text, today)
    sure = reading.quiet if sensitivity == "quiet" else reading.trip
    return sure and reading.city is not None


def load_reader() -> None:
    """Load the chat reader's tables and model (seconds, once): off the event loop at start,
    not on the first message."""
    warm_up()
    extract_trip("Lisbon Mar 3-7", date(2026, 1, 1))


def sighting(reading: TripReading, *, sensitivity: str, today: date) -> Sighting | None:
    """The trip in ``reading`` when radar should nudge, else None."""
    sure = reading.quiet if sensitivity == "quiet" else reading.trip
    window = reading.dates_exact
    if not sure or window is None or window.end < today or len(reading.candidates) != 1:
        return None
    place = reading.candidates[0].place
    if _has_rival_namesake(reading.candidates[0].text, place):
        return None
    return Sighting(place, window)


def _has_rival_namesake(text: str, place: Place) -> bool:
    name = place.name.casefold()
    return any(
        other.id != place.id
        and other.name.casefold() == name
        and other.population >= place.population * RIVAL_SHARE
        for other in places.resolve(text).candidates
    )


def trip_key(guild_id: int, author_id: int, found: Sighting) -> str:
    """Names "the same trip" for the once-per-trip limit without storing the trip."""
    window = found.window
    raw = f"{guild_id}:{author_id}:{found.place.id}:{window.start}:{window.end}"
    return hashlib.sha256(raw.encode()).hexdigest()
