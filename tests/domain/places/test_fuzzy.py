"""The typo pass skips spellings by length: it must find exactly what a full scan finds."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from bot.domain.places import Gazetteer

QUERIES = [
    "saig", "marse", "sacre", "shenz", "sna francisco", "pittsburh", "munchn", "lodnon",
    "minneap", "minnaepolis", "bostn", "st lo", "x", "ab", "zzzzzzzzzzzzzzzzzzzzzzzz", "東京",
]  # fmt: skip


def full_scan(gazetteer: Gazetteer, query: str, scorer: object, cutoff: float) -> list[str]:
    """process.extract over the whole bucket, in the order it was built in."""
    bucket = gazetteer.fuzzy._bucket(query[0])
    if bucket is None:
        return []
    built = [""] * len(bucket.keys)
    for key, original in zip(bucket.keys, bucket.order, strict=True):
        built[original] = key
    found = process.extract(query, built, scorer=scorer, limit=25, score_cutoff=cutoff)
    return [key for key, _, _ in found]


@pytest.mark.parametrize("query", QUERIES)
def test_the_length_filter_loses_nothing(gazetteer: Gazetteer, query: str) -> None:
    fuzzy = gazetteer.fuzzy
    prefix = [hit.key for hit in fuzzy.search_prefix(query, limit=25, cutoff=88.0)]
    assert prefix == full_scan(gazetteer, query, JaroWinkler.normalized_similarity, 0.88)
    whole = [hit.key for hit in fuzzy.search(query, limit=20, cutoff=80.0)]
    assert whole == full_scan(gazetteer, query, fuzz.ratio, 80.0)[:20]
