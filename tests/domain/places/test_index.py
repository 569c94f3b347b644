"""The name index: precomputed prefix answers must equal a brute-force scan."""

from __future__ import annotations

import random

from bot.domain.places import Gazetteer
from bot.domain.places.index import ALIAS, MAIN, SCAN_LIMIT, TOP_N, NameIndex, weight


def brute_force(index: NameIndex, populations: list[int], prefix: str) -> list[tuple[int, int]]:
    best: dict[int, int] = {}
    for position, key in enumerate(index.keys):
        if key.startswith(prefix):
            for kind, city in index.postings(position):
                kind = MAIN if kind == ALIAS else kind
                best[city] = min(kind, best.get(city, kind))
    ranked = sorted(
        best.items(), key=lambda item: (-weight(populations[item[0]], item[1]), item[0])
    )
    return [(kind, city) for city, kind in ranked[:TOP_N]]


def test_precomputed_prefixes_match_a_full_scan(gazetteer: Gazetteer) -> None:
    index = gazetteer.index
    populations = [place.population for place in gazetteer.places]
    rng = random.Random(7)
    keys = rng.sample(index.keys, 40)
    prefixes = {"", "s", "sa", "san", "m", "б", "東"} | {k[: rng.randint(1, 4)] for k in keys}
    prefixes.discard("")
    checked_big = 0
    for prefix in sorted(prefixes):
        lo, hi = index.prefix_range(prefix)
        checked_big += hi - lo > SCAN_LIMIT
        assert index.best_with_prefix(prefix) == brute_force(index, populations, prefix), prefix
    assert checked_big >= 3  # the precomputed path was exercised, not only the scan
