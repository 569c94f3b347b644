"""Discord autocomplete: up to 25 cities for what has been typed so far, in a few ms.

Ranking: exact spellings, then prefixes, then typo matches. Within each class the cities the
guild already uses (``boost_ids``) come first, then the bigger city first, where a match on an
alternate name counts as a city 50x smaller (see :data:`~bot.domain.places.index.ALT_DISCOUNT`;
otherwise "ma" would offer Moscow, alternate name "Maskva", above Madrid).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from typing import TYPE_CHECKING, Final

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


def truncate(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """Cut to ``limit`` characters with an ellipsis, never leaving a dangling accent or an
    empty string (Discord rejects both empty and over-long names)."""
    text = unicodedata.normalize("NFC", text).strip() or "?"
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    while cut and unicodedata.combining(cut[-1]):
        cut = cut[:-1]
    return (cut or text[0]) + "…"


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

    key = fold(str(prefix)[:MAX_PREFIX_CHARS], partial=True)
    if not key.strip():
        order = sorted(boosted) + [p for p in range(limit) if p not in boosted]
        return _choices(gazetteer, order[:limit])

    complete = key.rstrip()
    # position -> (class, kind): the strongest match seen for that city
    found: dict[int, tuple[int, int]] = {}
    fuzzy_scores: dict[int, float] = {}

    def offer(position: int, klass: int, kind: int) -> None:
        kind = MAIN if kind == ALIAS else kind
        if (
            klass == _EXACT
            and kind == ALT
            and gazetteer.places[position].population < EXACT_ALTERNATE_MIN_POPULATION
        ):
            klass = _PREFIX
        if (klass, kind) < found.get(position, (_FUZZY + 1, ALT + 1)):
            found[position] = (klass, kind)

    for kind, position in gazetteer.index.exact(complete):
        offer(position, _EXACT, kind)
    for kind, position in gazetteer.index.best_with_prefix(key):
        offer(position, _PREFIX, kind)
    for position in boosted:
        for spelling in gazetteer.index.city_keys(position):
            if spelling.startswith(key):
                klass = _EXACT if spelling == complete else _PREFIX
                for kind, city in gazetteer.index.exact(spelling):
                    if city == position:
                        offer(position, klass, kind)
    if len(found) < limit and len(complete) >= MIN_FUZZY_CHARS:
        for hit in gazetteer.fuzzy.search_prefix(complete, limit=limit, cutoff=FUZZY_CUTOFF):
            for kind, position in hit.hits:
                if position not in found:
                    found[position] = (_FUZZY, kind)
                    fuzzy_scores[position] = hit.score

    def rank(position: int) -> tuple[int, bool, float, int]:
        klass, kind = found[position]
        if klass == _FUZZY:
            strength = fuzzy_scores[position]
        else:
            strength = weight(gazetteer.places[position].population, kind)
        return klass, position not in boosted, -strength, position

    return _choices(gazetteer, sorted(found, key=rank)[:limit])


def _choices(gazetteer: Gazetteer, positions: list[int]) -> list[AutocompleteChoice]:
    choices = []
    for position in positions:
        place = gazetteer.places[position]
        choices.append(AutocompleteChoice(truncate(place.label), str(place.id), place))
    return choices
