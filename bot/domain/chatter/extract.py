"""``extract_trip``: is this chat message the author announcing their own trip, where and when?

Pipeline, cheapest first:

1. markup (:mod:`.markup`): quotes, code, strikethrough, mentions, links set aside;
2. gate: no city-like run of words → not a trip, no further work;
3. places (:mod:`.places`): every city mention, with fame and word frequency;
4. the mention scorer picks the trip's city among them ("Prague is off, Vienna instead");
5. dates (:mod:`.dates`): only the clauses that belong to that city are read;
6. the message scorer reads words, cues and the date status and gives the confidence.

Pure: no clock (``today`` is passed in), no network, no Discord.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.chatter.cues import cues
from bot.domain.chatter.dates import NO_DATES, DateFinding, near, read_dates
from bot.domain.chatter.features import (
    Analysis,
    clauses_of,
    mention_features,
    message_features,
)
from bot.domain.chatter.markup import clean
from bot.domain.chatter.model import Model, load_model
from bot.domain.chatter.places import Mention, find_mentions, words_of
from bot.domain.chatter.words import guess_language
from bot.domain.dates import DateOrder, DateRange
from bot.domain.places import Gazetteer, Place, get_gazetteer

__all__ = [
    "CityCandidate",
    "TripReading",
    "analyse",
    "extract_trip",
    "score_mentions",
    "trip_dates",
    "veto",
]

# Words more frequent than this above what the city's fame explains are never read as the
# city unless capitalised mid-sentence: "to" (Tô), "week" (Wick), "real", "hope", "deal".
WORD_NOT_PLACE = 4.8
MAX_CANDIDATES = 5
# A rule that vetoes the model caps the confidence here: low enough never to act on, not
# zero, so a caller ranking messages still sees "city and dates were fine".
VETOED = 0.2
# Another mention this likely to be a place owns its clause's dates ("was in porto last week").
RIVAL = 0.3
# Candidates below this are not shown (the best one always is).
SHOWN = 0.1

_REASONS = (
    ("cancel", "the trip is called off"),
    ("past", "the trip is over"),
    ("other", "someone else's trip"),
    ("home", "the author lives there"),
    ("hypo", "a wish or an idea, not a plan"),
    ("ask", "a question about the city"),
)


@dataclass(frozen=True, slots=True)
class CityCandidate:
    place: Place
    score: float
    text: str
    """The words of the message that named it."""


@dataclass(frozen=True, slots=True)
class TripReading:
    """What :func:`extract_trip` found; ``trip`` is the decision at the default threshold."""

    trip: bool
    confidence: float
    candidates: tuple[CityCandidate, ...]
    dates: DateFinding
    reason: str
    language: str
    quiet: bool = False
    """Sure enough for an unprompted nudge (the high-precision threshold)."""

    @property
    def city(self) -> Place | None:
        return self.candidates[0].place if self.candidates else None

    @property
    def readings(self) -> tuple[DateRange, ...]:
        return self.dates.readings

    @property
    def dates_exact(self) -> DateRange | None:
        return self.dates.exact

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of ``tweetup chatter scan --json``."""
        city = self.city
        exact = self.dates_exact
        return {
            "trip": self.trip,
            "confidence": round(self.confidence, 3),
            "city": None
            if city is None
            else {
                "id": city.id,
                "name": city.name,
                "country": city.country,
                "lat": city.lat,
                "lon": city.lon,
                "label": city.label,
            },
            "start": exact.start.isoformat() if exact else None,
            "end": exact.end.isoformat() if exact else None,
            "readings": [
                {"start": r.start.isoformat(), "end": r.end.isoformat(), "label": r.label}
                for r in self.readings
            ],
            "reason": self.reason,
        }


def extract_trip(
    message: str,
    today: date,
    zone: str | None = None,
    date_order: DateOrder | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    model: Model | None = None,
) -> TripReading:
    """Read ``message`` as written on ``today`` by a member living in time zone ``zone``.

    ``zone`` (IANA) only breaks ties between same-named cities in favour of the member's
    country ("Cambridge" from Europe/London); ``date_order`` reads "4/5" (None: ask).
    """
    gazetteer = gazetteer or get_gazetteer()
    model = model or load_model()
    analysis = analyse(message, gazetteer, zone)
    if not analysis.mentions:
        reason = "only quoted text names a city" if analysis.quoted_mentions else "no city named"
        return TripReading(False, 0.0, (), NO_DATES, reason, analysis.language)
    scored = score_mentions(analysis, model)
    best, best_score = scored[0]
    rivals = [m for m, score in scored[1:] if score >= RIVAL]
    dates = trip_dates(analysis, best, today, date_order, rivals)
    confidence = model.message(message_features(analysis, best, best_score, dates))
    vetoed = veto(analysis, best, dates)
    if vetoed is not None:
        confidence = min(confidence, VETOED)
    trip = confidence >= model.threshold
    candidates = _candidates(scored)
    return TripReading(
        trip=trip,
        confidence=confidence,
        candidates=candidates,
        dates=dates,
        reason=vetoed or _reason(analysis, best, dates, trip),
        language=analysis.language,
        quiet=confidence >= model.quiet_threshold,
    )


def analyse(message: str, gazetteer: Gazetteer, zone: str | None = None) -> Analysis:
    cleaned = clean(message)
    words = words_of(cleaned.text)
    language = guess_language([w.text.casefold() for w in words])

    def mentions_in(text: str) -> list[Mention]:
        found = find_mentions(gazetteer, text, words_of(text), language, zone)
        return [m for m in found if m.commonness < WORD_NOT_PLACE or m.capitalised]

    mentions = find_mentions(gazetteer, cleaned.text, words, language, zone)
    mentions = [m for m in mentions if m.commonness < WORD_NOT_PLACE or m.capitalised]
    return Analysis(
        cleaned=cleaned,
        words=words,
        language=language,
        clauses=clauses_of(cleaned.text),
        mentions=mentions,
        struck_mentions=sum(len(mentions_in(t)) for t in cleaned.struck),
        quoted_mentions=sum(len(mentions_in(t)) for t in cleaned.quoted),
    )


def score_mentions(analysis: Analysis, model: Model) -> list[tuple[Mention, float]]:
    scored = [
        (m, model.mention(mention_features(analysis, m, rank)))
        for rank, m in enumerate(analysis.mentions)
    ]
    return sorted(scored, key=lambda pair: -pair[1])


def trip_dates(
    analysis: Analysis,
    best: Mention | None,
    today: date,
    date_order: DateOrder | None,
    rivals: list[Mention] | None = None,
) -> DateFinding:
    """Dates from the city's clause and the clauses that belong to no other city, read in
    the city's country.

    ``rivals`` are the other mentions that really are places (default: all of them). A
    clause longer than the date reader takes keeps the words nearest the city: around it in
    its own clause, the tail of a clause before it, the head of one after it.
    """
    if rivals is None:
        rivals = [m for m in analysis.mentions if m is not best]
    text = analysis.cleaned.text
    home = analysis.clause_of(best) if best is not None else None
    chosen: list[str] = []
    home_index = 0
    for clause in analysis.clauses:
        others = [m for m in rivals if clause.start <= m.start < clause.end]
        if clause is home or not (others or {"past", "cancel", "other"} & clause.cues):
            words = text[clause.start : clause.end]
            if best is not None and clause is home:
                home_index = len(chosen)
                at = (best.start + best.end) // 2 - clause.start
            else:
                at = len(words) if home is not None and clause.start < home.start else 0
            chosen.append(near(words, at))
    country = best.place.country if best is not None else None
    return read_dates(chosen, today, date_order, country, home=home_index)


def veto(analysis: Analysis, best: Mention, dates: DateFinding) -> str | None:
    """The cue rules: cases the grammar settles better than word statistics."""
    place = best.place.label
    cues = analysis.clause_of(best).cues
    message_cues = {cue for clause in analysis.clauses for cue in clause.cues}
    if dates.status == "past":
        return f"the dates are over ({place})"
    if analysis.cleaned.only_quoted and "self" not in message_cues:
        return "a reply to a quoted message"
    if "other" in cues and "self" not in message_cues and _subject_is_other(analysis, best):
        return f"someone else's trip ({place})"
    if "called_off" in cues and "swap" not in cues:
        return f"the trip is called off ({place})"
    if "home" in cues and dates.status != "ok":
        return f"the author lives there ({place})"
    return None


def _subject_is_other(analysis: Analysis, best: Mention) -> bool:
    """Someone else comes before the city in its clause ("my cousin flies to Valletta"),
    not after it ("florence apr 18-21 with my mum")."""
    clause = analysis.clause_of(best)
    before = analysis.cleaned.text[clause.start : best.start]
    return cues()["other"].search(before) is not None


def _candidates(scored: list[tuple[Mention, float]]) -> tuple[CityCandidate, ...]:
    seen: set[int] = set()
    found: list[CityCandidate] = []
    for mention, score in scored:
        if mention.place.id in seen or (found and score < SHOWN):
            continue
        seen.add(mention.place.id)
        found.append(CityCandidate(mention.place, round(score, 3), mention.text))
    return tuple(found[:MAX_CANDIDATES])


def _reason(analysis: Analysis, best: Mention, dates: DateFinding, trip: bool) -> str:
    place = best.place.label
    if trip:
        when = f" ({dates.exact.label})" if dates.exact else ""
        return f"own trip to {place}{when}"
    if dates.status == "past":
        return f"the dates are over ({place})"
    cues = analysis.clause_of(best).cues
    for cue, text in _REASONS:
        if cue in cues:
            return f"{text} ({place})"
    if analysis.cleaned.only_quoted:
        return "a reply to a quoted message"
    return f"mentions {place} but announces no trip"
