"""Which reading of an ambiguous time a meetup's title suggests.

"Sunday brunch, Dec 13 at 11" means 11:00, not 23:00; "drinks at 7" means 19:00. When a
time could be morning or evening, the readings are ordered by what the title says (brunch,
lunch, breakfast, coffee → morning or midday; dinner, drinks, pub → evening), then by
whether they fall in the server's sociable hours. The first reading is offered as the
suggested one only when it is sociable: an unsociable time is never pre-selected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

# Words (several languages, since titles are typed by people) → the local hours they mean.
_DAYTIME = (
    "breakfast brunch lunch coffee café cafe tea picnic hike walk run museum market "
    "frühstück mittag mittagessen kaffee déjeuner petit-déjeuner desayuno almuerzo "
    "café-da-manhã almoço"
)
_EVENING = (
    "dinner drinks drink beer beers pub bar cocktails wine karaoke party supper gig "
    "concert abendessen bier kneipe dîner apéro apero cena cerveza cervejas jantar"
)
_WORDS = {
    **{word: (time(7), time(16)) for word in _DAYTIME.split()},
    **{word: (time(17), time(23, 59)) for word in _EVENING.split()},
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    order: tuple[int, ...]  # indexes of the readings, best first
    highlight_first: bool  # whether the first may be shown as the suggested one


def hinted_hours(title: str) -> tuple[time, time] | None:
    """The local hours the title's words point to, if any does."""
    for word in re.findall(r"[\w'-]+", title.casefold()):
        if word in _WORDS:
            return _WORDS[word]
    return None


def order_readings(times: Sequence[time], title: str, sociable: tuple[time, time]) -> Suggestion:
    """Order candidate local times by the title's hint, then sociability, then as given."""
    hint = hinted_hours(title)

    def inside(moment: time, span: tuple[time, time] | None) -> bool:
        return span is not None and span[0] <= moment <= span[1]

    ranked = sorted(
        range(len(times)),
        key=lambda i: (not inside(times[i], hint), not inside(times[i], sociable), i),
    )
    first = times[ranked[0]] if ranked else None
    return Suggestion(tuple(ranked), first is not None and inside(first, sociable))
