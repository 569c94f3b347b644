"""Discord autocomplete: up to 25 cities for what has been typed so far, in a few ms.

Ranking: exact spellings, then prefixes, then typo matches. Within each class the cities the
guild already uses (``boost_ids``) come first, then the bigger city first, where a match on an
alternate name counts as a city 50x smaller (see :data:`~bot.domain.places.index.ALT_DISCOUNT`;
otherwise "ma" would offer Moscow, alternate name "Maskva", above Madrid).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Collection
from typing import TYPE_CHECKING, Final

from bot.domain.places import resolver
from bot.domain.places.areas import Constraint, within
from bot.domain.places.index import ALIAS, ALT, MAIN, weight
from bot.domain.places.model import AutocompleteChoice
from bot.domain.places.normalize import fold

if TYPE_CHECKING:
    from bot.domain.places.gazetteer import Gazetteer

__all__ = ["MAX_CHOICES", "MAX_NAME_CHARS", "autocomplete", "truncate"]

MAX_CHOICES: Final = 25  # Discord's limit per autocomplete response
MAX_NAME_CHARS: Final = 100  # Discord's limit on a choice name (and on a string value)
MAX_PREFIX_CHARS: Final = 100  # Discord caps option input at 100 characters anyway
MAX_BOOSTED: Final = 200  # bounds the per-keystroke cost of a guild with many places
# An exact alternate-name match of a smaller city ranks with the prefix matches: "Port" is an
# alternate name of Le Port (Réunion), which should not top the list for everyone typing "Port".
EXACT_ALTERNATE_MIN_POPULATION: Final = 100_000
MIN_FUZZY_CHARS: Final = 3
FUZZY_CUTOFF: Final = 88.0

_EXACT, _PREFIX, _FUZZY = 0, 1, 2


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def truncate(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """Cut to ``limit`` characters with an ellipsis, never leaving a dangling accent or an
    empty string (Discord rejects both empty and over-long names, and counts in UTF-16 code
    units, so a character outside the Basic Multilingual Plane counts twice)."""
    text = unicodedata.normalize("NFC", text).strip() or "?"
    if _utf16_length(text) <= limit:
        return text
    kept: list[str] = []
    used = 1  # the ellipsis
    for char in text:
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            break
        kept.append(char)
    cut = "".join(kept).rstrip()
    while cut and unicodedata.combining(cut[-1]):
        cut = cut[:-1]
    return (cut or "?") + "…"


def autocomplete(
    gazetteer: Gazetteer,
    prefix: str,
    *,
    boost_ids: Collection[int] = (),
    limit: int = MAX_CHOICES,
) -> list[AutocompleteChoice]:
    limit = max(0, min(int(limit), MAX_CHOICES))
    if limit == 0:
        return []
    boosted: set[int] = set()
    for place_id in list(boost_ids)[:MAX_BOOSTED]:
        position = gazetteer.position(place_id)
        if position is not None:
            boosted.add(position)

    text = str(prefix)[:MAX_PREFIX_CHARS]
    key = fold(text, partial=True)
    if not key.strip():
        order = sorted(boosted) + [p for p in range(limit) if p not in boosted]
        return _choices(gazetteer, order[:limit])
    if "," in text:
        head, _, tail = text.partition(",")
        found = _Matches(gazetteer, boosted)
        found.qualified(fold(head), fold(tail, partial=True))
        if found.ranked:
            return _choices(gazetteer, found.ranked_positions(limit))

    found = _Matches(gazetteer, boosted)
    complete = key.rstrip()
    found.exact(complete)
    found.prefix(key)
    if not found.ranked:  # "paris tx", "springfield il": a whole qualifier after the name
        for name, constraint in resolver.splits(gazetteer, text, complete):
            found.exact(name, constraint)
    if len(found.ranked) < limit and len(complete) >= MIN_FUZZY_CHARS:
        found.fuzzy(complete, limit)
    return _choices(gazetteer, found.ranked_positions(limit))


class _Matches:
    """The cities matched so far, each with its strongest (class, kind)."""

    def __init__(self, gazetteer: Gazetteer, boosted: set[int]) -> None:
        self.gazetteer = gazetteer
        self.boosted = boosted
        self.ranked: dict[int, tuple[int, int]] = {}
        self.fuzzy_scores: dict[int, float] = {}

    def offer(self, position: int, klass: int, kind: int) -> None:
        kind = MAIN if kind == ALIAS else kind
        population = self.gazetteer.places.populations[position]
        if klass == _EXACT and kind == ALT and population < EXACT_ALTERNATE_MIN_POPULATION:
            klass = _PREFIX
        if (klass, kind) < self.ranked.get(position, (_FUZZY + 1, ALT + 1)):
            self.ranked[position] = (klass, kind)

    def exact(self, key: str, constraint: Constraint = ()) -> None:
        for kind, position in self.gazetteer.index.exact(key):
            if not constraint or self._inside(position, constraint):
                self.offer(position, _EXACT, kind)

    def prefix(self, key: str) -> None:
        index = self.gazetteer.index
        for kind, position in index.best_with_prefix(key):
            self.offer(position, _PREFIX, kind)
        if self.boosted:
            # the guild's cities may rank below the precomputed best: check each of them
            for kind, position in index.cities_matching(
                self.boosted, *index.exact_range(key.rstrip())
            ):
                self.offer(position, _EXACT, kind)
            for kind, position in index.cities_matching(self.boosted, *index.prefix_range(key)):
                self.offer(position, _PREFIX, kind)

    def fuzzy(self, key: str, limit: int) -> None:
        for hit in self.gazetteer.fuzzy.search_prefix(key, limit=limit, cutoff=FUZZY_CUTOFF):
            for kind, position in hit.hits:
                if position not in self.ranked:
                    self.ranked[position] = (_FUZZY, kind)
                    self.fuzzy_scores[position] = hit.score

    def qualified(self, name: str, qualifier: str) -> None:
        """ "Portland, Or": cities named (or starting with) ``name`` whose region or country
        is, or starts with, the qualifier typed so far."""
        if not name:
            return
        self.exact(name)
        self.prefix(name)
        scopes = self.gazetteer.areas.qualifier(qualifier.strip()) or frozenset()
        for position in list(self.ranked):
            place = self.gazetteer.places[position]
            admin1 = self.gazetteer.admin1_of(position)
            if qualifier.strip() and not (
                (place.country, None) in scopes
                or (place.country, admin1) in scopes
                or any(
                    fold(text).startswith(qualifier)
                    for text in (place.region, place.country_name, place.country, admin1)
                    if text
                )
            ):
                del self.ranked[position]

    def _inside(self, position: int, constraint: Constraint) -> bool:
        place = self.gazetteer.places[position]
        return within(place.country, self.gazetteer.admin1_of(position), constraint)

    def ranked_positions(self, limit: int) -> list[int]:
        places = self.gazetteer.places

        def rank(position: int) -> tuple[int, bool, float, int]:
            klass, kind = self.ranked[position]
            if klass == _FUZZY:
                strength = self.fuzzy_scores[position]
            else:
                strength = weight(places.populations[position], kind)
            return klass, position not in self.boosted, -strength, position

        return sorted(self.ranked, key=rank)[:limit]


def _choices(gazetteer: Gazetteer, positions: list[int]) -> list[AutocompleteChoice]:
    places = [gazetteer.places[position] for position in positions]
    repeated = {label for label, n in Counter(p.label for p in places).items() if n > 1}
    choices = []
    for place in places:
        # two towns of the same name in the same region: tell them apart by size
        name = (
            f"{place.label} (pop. {place.population:,})" if place.label in repeated else place.label
        )
        choices.append(AutocompleteChoice(truncate(name), str(place.id), place))
    return choices
