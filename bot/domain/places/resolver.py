"""Turn what a person typed into a city, or into an honest "which one?" / "that's not a city".

Order of attempts, each one only if the previous found nothing:

1. the whole text as an exact curated alias or main name ("NYC", "Washington, D.C.");
2. the text split into a name and trailing qualifiers ("Portland, OR", "Cambridge UK",
   "Springfield IL", "London, Ontario, Canada"), exact match inside the qualified area;
3. the whole text as an exact alternate name ("Wien", "Москва", "Ciudad de México");
4. the name without a filler "City" ("Taipei City", "City of London");
5. the qualified name ignoring a qualifier that excluded every match ("Portland, WA"):
   returned, but flagged ambiguous so the user confirms;
6. prefix, then typo matching of the name inside the qualified area ("Sprinfield, IL");
7. prefix, then typo matching of the whole text.

Prefix matches ("Minneap") and weak typo matches are always flagged ambiguous, so the bot
confirms them instead of silently filing someone under a city they never named.

A country or region typed alone ("Texas", "Germany", "Bay Area") is reported as not a city,
unless a city should win (see :meth:`_Resolver.city_beats_area`).

Ambiguity rule: among the cities matching the name exactly, the strongest wins outright
only if it is at least :data:`SAME_COUNTRY_DOMINANCE` (15) times as strong as every other
one in its own country and :data:`ABROAD_DOMINANCE` (6) times every one abroad. Strength is
population × renown, renown being how many spellings (languages) GeoNames has for the city
plus one; it is doubled for a national capital, and divided by 50 for a match on an
alternate rather than the main name. A namesake in the same country is the likelier mix-up
(two Portlands in the US), a foreign one the likelier obscure; renown is what makes
Barcelona the Spanish one (1.7 M people, 67 spellings) rather than a toss-up with
Venezuela's (0.8 M, 19). So "Paris", "London", "Berlin", "Boston", "San Francisco" and
"Barcelona" resolve, while "Portland" (Oregon 653 k × 35 vs Maine 67 k × 31: 11x, same
country), "Springfield", "Cambridge", "Valencia", "Manchester" and "San Jose" (California
vs the Costa Rican capital) ask. Curated aliases never ask.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

from bot.domain.places.areas import Area, Constraint, within
from bot.domain.places.index import ALIAS, ALT, MAIN, weight
from bot.domain.places.model import AreaKind, MatchKind, Resolution
from bot.domain.places.normalize import fold

if TYPE_CHECKING:
    from bot.domain.places.gazetteer import Gazetteer

__all__ = ["ABROAD_DOMINANCE", "MAX_CANDIDATES", "SAME_COUNTRY_DOMINANCE", "resolve", "splits"]

SAME_COUNTRY_DOMINANCE: Final = 15
ABROAD_DOMINANCE: Final = 6
CAPITAL_WEIGHT: Final = 2
# A US state / Canadian province / Australian state / UK nation typed alone is a region unless
# a same-country city of that name has this many people ("Quebec", "New York" vs "Delaware").
STRICT_REGION_CITY_MIN: Final = 100_000
MAX_CANDIDATES: Final = 10
# A city named like the region typed alone is suggested first from this size on.
NOTABLE_NAMESAKE: Final = 50_000
MAX_QUERY_CHARS: Final = 200
MIN_PREFIX_CHARS: Final = 3
MIN_FUZZY_CHARS: Final = 4
FUZZY_CUTOFF: Final = 80.0
# Typo matches at least this similar (one slip in a name of eight letters or more) are taken
# without asking; weaker ones are offered as "did you mean ...?".
FUZZY_SURE: Final = 88.0
# How much a tenfold bigger city may lose in edit similarity (0..100) and still rank first.
FUZZY_POPULATION_WEIGHT: Final = 2.0
_QUALIFIER_MAX_WORDS: Final = 3

Hits = dict[int, int]  # position -> strongest kind


def resolve(gazetteer: Gazetteer, text: str) -> Resolution:
    query = " ".join(str(text).split())[:MAX_QUERY_CHARS]
    key = fold(query)
    if not key:
        return Resolution(query)
    resolver = _Resolver(gazetteer, query)

    whole = resolver.exact(key)
    area = gazetteer.areas.area(key)
    if area is not None and not resolver.city_beats_area(area, whole):
        return resolver.not_a_city(area, whole)
    if any(kind != ALT for kind in whole.values()):
        return resolver.ranked(whole)

    readings = splits(gazetteer, query, key)
    for name, constraint in readings:
        hits = resolver.exact(name, constraint)
        if hits:
            return resolver.ranked(hits)
        area = gazetteer.areas.area(name)
        if area is not None and not resolver.city_beats_area(area, resolver.exact(name)):
            return resolver.not_a_city(area, {})
    if whole:
        return resolver.ranked(whole)
    for name in _without_city_word(key):  # "Taipei City", "City of London"
        hits = resolver.exact(name)
        if any(kind != ALT for kind in hits.values()):
            return resolver.ranked(hits)
    for name, _ in readings:
        hits = resolver.exact(name)
        if hits:
            return resolver.ranked(hits, force_ambiguous=True)
    for name, constraint in readings:
        found = resolver.approximate(name, constraint)
        if found is not None:
            return found
    return resolver.approximate(key, ()) or Resolution(query)


def _without_city_word(key: str) -> list[str]:
    names = []
    if key.endswith(" city"):
        names.append(key.removesuffix(" city"))
    if key.startswith("city of "):
        names.append(key.removeprefix("city of "))
    return [name for name in names if name]


def splits(gazetteer: Gazetteer, query: str, key: str) -> list[tuple[str, Constraint]]:
    """Every (name, qualifiers) reading of the text, most natural first: the part before
    the first comma with each later part as a qualifier, then trailing words peeled off one
    qualifier at a time ("Portland Oregon USA" -> "Portland Oregon" in the US, then
    "Portland" in Oregon and the US)."""
    readings: list[tuple[str, Constraint]] = []
    if "," in query:
        head, *tail = query.split(",")
        groups = [gazetteer.areas.qualifier(part) for part in map(fold, tail) if part]
        name = fold(head)
        if name and groups and all(g is not None for g in groups):
            readings.append((name, tuple(g for g in groups if g is not None)))
    words = key.split(" ")
    end = len(words)
    peeled: list[frozenset[tuple[str, str | None]]] = []
    while end > 1:
        for size in range(min(_QUALIFIER_MAX_WORDS, end - 1), 0, -1):
            scopes = gazetteer.areas.qualifier(" ".join(words[end - size : end]))
            if scopes is not None:
                break
        else:
            break
        peeled.append(scopes)
        end -= size
        reading = (" ".join(words[:end]), tuple(peeled))
        if reading not in readings:
            readings.append(reading)
    return readings


class _Resolver:
    def __init__(self, gazetteer: Gazetteer, query: str) -> None:
        self.gazetteer = gazetteer
        self.query = query

    def population(self, position: int) -> int:
        return self.gazetteer.places.populations[position]

    def inside(self, position: int, constraint: Constraint) -> bool:
        place = self.gazetteer.places[position]
        return within(place.country, self.gazetteer.admin1_of(position), constraint)

    def exact(self, key: str, constraint: Constraint = ()) -> Hits:
        hits: Hits = {}
        for kind, position in self.gazetteer.index.exact(key):
            if kind < hits.get(position, 3) and self.inside(position, constraint):
                hits[position] = kind
        return hits

    def ranked(self, hits: Hits, *, force_ambiguous: bool = False) -> Resolution:
        """Rank exact hits: a curated alias first, then by :meth:`strength`, in which an
        alternate-name match counts 50x less. So "Cologne" is Köln (an alternate name of a
        city of 1 M) rather than the Lombard village of that main name, "Brooklyn" is not
        Oshkosh, and "Odessa" asks: Texas' main name against Ukraine's former spelling."""
        strength = {p: self.strength(p, kind) for p, kind in hits.items()}
        order = sorted(hits, key=lambda p: (hits[p] != ALIAS, -strength[p], p))
        top = order[0]
        ambiguous = force_ambiguous
        if hits[top] != ALIAS and len(order) > 1:
            ambiguous = ambiguous or not self.clear_winner([(hits[p], p) for p in order])
        if ambiguous and len(order) > 1:
            # offer the readings worth asking about: every main-name namesake, but not
            # towns that merely have the name among their alternate names
            order = [
                p
                for p in order
                if p == top
                or hits[p] != ALT
                or strength[p] * SAME_COUNTRY_DOMINANCE >= strength[top]
            ]
        match = {ALIAS: MatchKind.ALIAS, MAIN: MatchKind.NAME}.get(hits[top], MatchKind.ALTERNATE)
        return self._result(order, match=match, ambiguous=ambiguous)

    def approximate(self, key: str, constraint: Constraint) -> Resolution | None:
        """Prefix, then typo matches; ``None`` when neither finds anything."""
        if len(key) >= MIN_PREFIX_CHARS:
            hits = [
                (kind, p)
                for kind, p in self.gazetteer.index.best_with_prefix(key)
                if self.inside(p, constraint)
            ]
            if hits:
                # a name cut short is a guess ("Test" is not Testour): always confirm it
                order = [p for _, p in hits]
                return self._result(order, match=MatchKind.PREFIX, ambiguous=True)
        if len(key) < MIN_FUZZY_CHARS:
            return None
        scored: dict[int, tuple[float, str, int]] = {}  # position -> (score, key, kind)
        similarity: dict[int, float] = {}
        for hit in self.gazetteer.fuzzy.search(key, limit=20, cutoff=FUZZY_CUTOFF):
            for kind, p in hit.hits:
                if not self.inside(p, constraint):
                    continue
                size = weight(self.population(p), kind)
                score = hit.score + FUZZY_POPULATION_WEIGHT * math.log10(size + 1)
                if score > scored.get(p, (-1.0, "", 0))[0]:
                    scored[p] = (score, hit.key, kind)
                    similarity[p] = hit.score
        if not scored:
            return None
        order = sorted(scored, key=lambda p: (-scored[p][0], p))
        top_key = scored[order[0]][1]
        peers = [(scored[p][2], p) for p in order if scored[p][1] == top_key]
        ambiguous = not self.clear_winner(peers)
        if ambiguous:  # offer the equally good spellings only
            order = [p for _, p in peers]
        # a near miss ("Earth" ~ Erith, "online" ~ Olaine) must be confirmed, not assumed
        ambiguous = ambiguous or similarity[order[0]] < FUZZY_SURE
        return self._result(order, match=MatchKind.FUZZY, ambiguous=ambiguous)

    def strength(self, position: int, kind: int) -> float:
        """Population × renown (number of spellings + 1), doubled for a national capital."""
        capital = CAPITAL_WEIGHT if position in self.gazetteer.capitals else 1
        renown = self.gazetteer.renown[position] + 1
        return weight(self.population(position), kind) * renown * capital

    def clear_winner(self, hits: list[tuple[int, int]]) -> bool:
        """Whether the first (kind, position) dominates all the others (module docstring)."""
        top_kind, top = hits[0]
        top_strength = self.strength(top, top_kind)
        top_country = self.gazetteer.places[top].country
        for kind, other in hits[1:]:
            same = self.gazetteer.places[other].country == top_country
            ratio = SAME_COUNTRY_DOMINANCE if same else ABROAD_DOMINANCE
            if top_strength < ratio * self.strength(other, kind):
                return False
        return True

    def city_beats_area(self, area: Area, hits: Hits) -> bool:
        """Whether a city of the same name should win over the country or region.

        City-states win over their country ("Singapore", "Monaco"), but "Mexico" is the
        country. A household-name region loses only to a big city of its own country
        ("New York", "Quebec"; "Delaware", Ohio does not beat the state); any other region
        loses to a city of that name in its own country ("Salzburg", "Zurich", "Madrid" are
        cities first) or to a big one abroad, but not to a small foreign town ("Goa").
        """
        if area.curated:
            return False
        if any(kind == ALIAS for kind in hits.values()):
            return True
        countries = {country for country, _ in area.scopes}
        whole_countries = {country for country, admin1 in area.scopes if admin1 is None}
        for position, kind in hits.items():
            place = self.gazetteer.places[position]
            same_country = place.country in countries
            if area.kind is AreaKind.COUNTRY:
                if kind == MAIN and place.country in whole_countries:
                    return True
            elif area.strict:
                if kind == MAIN and same_country and place.population >= STRICT_REGION_CITY_MIN:
                    return True
            elif same_country or place.population >= STRICT_REGION_CITY_MIN:
                return True
        return False

    def not_a_city(self, area: Area, hits: Hits) -> Resolution:
        """Suggest cities instead: big same-named ones first ("Ontario" → Ontario, California;
        not for curated areas such as "Bali"), then the area's own suggestions or biggest
        cities, then small same-named towns."""
        namesakes = sorted(p for p, kind in hits.items() if kind != ALT)
        if area.kind is AreaKind.COUNTRY:
            namesakes = []
        big = [p for p in namesakes if self.population(p) >= NOTABLE_NAMESAKE]
        suggestions = [] if area.curated else big
        for place_id in area.suggestions:
            position = self.gazetteer.position(place_id)
            if position is not None:
                suggestions.append(position)
        biggest: set[int] = set()
        for scope in area.scopes:
            biggest.update(self.gazetteer.biggest_in.get(scope, ()))
        suggestions += sorted(biggest)
        suggestions += namesakes
        order = list(dict.fromkeys(suggestions))
        return self._result(order, match=MatchKind.AREA, area_kind=area.kind)

    def _result(
        self,
        order: list[int],
        *,
        match: MatchKind,
        ambiguous: bool = False,
        area_kind: AreaKind | None = None,
    ) -> Resolution:
        places = tuple(self.gazetteer.places[p] for p in order[:MAX_CANDIDATES])
        return Resolution(
            query=self.query,
            candidates=places,
            ambiguous=ambiguous and len(places) > 0,
            not_a_city=area_kind is not None,
            area_kind=area_kind,
            match=match,
        )
