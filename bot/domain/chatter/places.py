"""Find the cities a chat message names: every run of up to four words the gazetteer knows.

Matching is exact on the gazetteer's folded spellings (main names, alternate and native
names, curated nicknames such as "bcn" or "chi-town"), longest run first, so "new york"
wins over "york" and "rio de janeiro" over "rio". A qualifier after a comma or in brackets
("Athens, GA", "springfield (the one in illinois)") is handed to the resolver with the name.
Whether a run really is a place ("nice", "split", "Real Madrid", "Paris Hilton") is not
decided here: each mention carries what the decision needs (fame, word frequency, case,
neighbours) and :mod:`bot.domain.chatter.model` weighs it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.chatter.words import Language, expected_zipf, zipf
from bot.domain.places import AreaKind, Gazetteer, Place
from bot.domain.places.areas import Scope, within
from bot.domain.places.model import MatchKind
from bot.domain.places.normalize import fold

__all__ = ["Mention", "Word", "find_mentions", "words_of"]

MAX_RUN = 4
MAX_WORDS = 120  # a chat message; more words only cost time
_WORD = re.compile(r"[^\W\d_][^\W\d_'’]*(?:[-.][^\W\d_]+)*")
_BRACKET_QUALIFIER = re.compile(r"\s*\((?:the one )?(?:in |im |en |em |à )?([^()]{2,40})\)")
_STRETCH = re.compile(r"([^\W\d_])\1{2,}")
_COMMA_QUALIFIER = re.compile(r"\s*,\s*([^\W\d_][^,;.!?()\n]{1,30})")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A run of words that names a city (or a well-known region, read as its main city)."""

    start: int
    end: int
    text: str
    place: Place
    candidates: tuple[Place, ...]
    ambiguous: bool
    match: MatchKind
    region: bool
    first_word: int
    last_word: int
    fame: float
    commonness: float
    """How much more frequent the words are than the city's fame explains (see words.py)."""
    capitalised: bool
    qualified: bool


def words_of(text: str) -> list[Word]:
    return [Word(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)][:MAX_WORDS]


def find_mentions(
    gazetteer: Gazetteer,
    text: str,
    words: list[Word],
    language: Language,
    zone: str | None = None,
) -> list[Mention]:
    """Mentions left to right; ``zone`` (the author's IANA zone) breaks ties between
    namesakes: the author's country first, then their continent ("Valencia" from Europe is
    the Spanish one)."""
    mentions: list[Mention] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_RUN, len(words) - i), 0, -1):
            j = i + size - 1
            phrase = text[words[i].start : words[j].end]
            mention = _mention(gazetteer, text, phrase, words, i, j, language, zone)
            if mention is not None:
                mentions.append(mention)
                i = j + 1
                break
        else:
            i += 1
    return mentions


@lru_cache(maxsize=8192)
def _known(gazetteer: Gazetteer, key: str) -> bool:
    if not key or len(key) < 2:
        return False
    if gazetteer.index.exact(key):
        return True
    area = gazetteer.areas.area(key)
    return area is not None and area.curated and bool(area.suggestions)


def _mention(
    gazetteer: Gazetteer,
    text: str,
    phrase: str,
    words: list[Word],
    i: int,
    j: int,
    language: Language,
    zone: str | None,
) -> Mention | None:
    key = fold(phrase)
    if not _known(gazetteer, key):
        key = next((k for k in _unstretched(key) if _known(gazetteer, k)), "")
        if not key:
            return None
        phrase = key
    end = words[j].end
    qualified = False
    query = phrase
    qualifier = _qualifier(gazetteer, text, end, key)
    if qualifier is not None:
        query, end = f"{phrase}, {qualifier[0]}", qualifier[1]
        qualified = True
    resolution = gazetteer.resolve(query)
    if not resolution.candidates:
        return None
    region = resolution.not_a_city
    if region and resolution.area_kind is AreaKind.COUNTRY:
        return None
    if region:
        area = gazetteer.areas.area(key)
        if area is None or not area.curated:
            return None
    candidates = resolution.candidates
    ambiguous = resolution.ambiguous
    if ambiguous and zone:
        candidates, ambiguous = _near_home(gazetteer, candidates, zone)
    place = candidates[0]
    fame = _fame(gazetteer, place)
    single = " ".join(key.split())
    commonness = max(zipf(single, "en"), zipf(single, language)) - expected_zipf(fame)
    first_char = text[words[i].start]
    sentence_start = words[i].start == 0 or text[: words[i].start].rstrip()[-1:] in ".!?\n"
    return Mention(
        start=words[i].start,
        end=end,
        text=text[words[i].start : end],
        place=place,
        candidates=candidates,
        ambiguous=ambiguous,
        match=resolution.match,
        region=region,
        first_word=i,
        last_word=j,
        fame=fame,
        commonness=commonness,
        capitalised=first_char.isupper() and not sentence_start,
        qualified=qualified,
    )


def _unstretched(key: str) -> list[str]:
    """ "paaaris" → "paris", "berliiin" → "berlin": chat stretches words for joy."""
    if _STRETCH.search(key) is None:
        return []
    return [_STRETCH.sub(r"\1", key), _STRETCH.sub(r"\1\1", key)]


def _qualifier(gazetteer: Gazetteer, text: str, end: int, key: str) -> tuple[str, int] | None:
    """ "(the one in illinois)" or ", GA" right after a name, if it names a country or
    region that has a city of that name (else ", del 2 al 5" would send the resolver on a
    slow and pointless typo search)."""
    for pattern in (_BRACKET_QUALIFIER, _COMMA_QUALIFIER):
        match = pattern.match(text, end)
        if match is None:
            continue
        words = match.group(1).split()
        for size in range(min(3, len(words)), 0, -1):
            candidate = " ".join(words[:size])
            scopes = gazetteer.areas.qualifier(fold(candidate))
            if scopes is not None and _has_city_in(gazetteer, key, scopes):
                if pattern is _BRACKET_QUALIFIER:
                    return candidate, match.end()
                return candidate, match.start(1) + len(candidate)
    return None


def _near_home(
    gazetteer: Gazetteer, candidates: tuple[Place, ...], zone: str
) -> tuple[tuple[Place, ...], bool]:
    """Reorder namesakes (already ranked by size and renown) to put the author's first."""
    country = _zone_countries(gazetteer).get(zone)
    continent = zone.split("/", 1)[0] + "/"
    for near in (
        [p for p in candidates if p.country == country],
        [p for p in candidates if p.timezone.startswith(continent)],
    ):
        if near:
            return (near[0], *(p for p in candidates if p is not near[0])), len(near) > 1
    return candidates, True


@lru_cache(maxsize=4)
def _zone_countries(gazetteer: Gazetteer) -> dict[str, str]:
    """Zone → the country most of its cities are in ("Europe/London" → GB)."""
    counts: dict[str, Counter[str]] = {}
    for place in gazetteer.places:
        counts.setdefault(place.timezone, Counter())[place.country] += 1
    return {zone: c.most_common(1)[0][0] for zone, c in counts.items()}


def _has_city_in(gazetteer: Gazetteer, key: str, scopes: frozenset[Scope]) -> bool:
    for _, position in gazetteer.index.exact(key):
        place = gazetteer.places[position]
        if within(place.country, gazetteer.admin1_of(position), (scopes,)):
            return True
    return False


def _fame(gazetteer: Gazetteer, place: Place) -> float:
    position = gazetteer.position(place.id)
    if position is None:  # pragma: no cover - candidates come from this gazetteer
        return float(place.population)
    capital = 2 if position in gazetteer.capitals else 1
    return float(place.population) * (gazetteer.renown[position] + 1) * capital


def log_fame(mention: Mention) -> float:
    return math.log10(max(mention.fame, 1.0))
