"""Whatever is typed, resolve and autocomplete answer within Discord's limits and never crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.places import Gazetteer, get_gazetteer
from bot.domain.places.resolver import MAX_CANDIDATES

# Real fragments recombine into the awkward inputs random text almost never reaches.
FRAGMENTS = [
    "Portland", "San", "St.", "st ", "New", "York", ",", ", ", "OR", "UK", "Texas", "Москва",
    "東京", "München", "Ø", "ß", "İ", "ł", "'", "-", ".", "  ", "Washington, D.C.", "NYC",
    "\u0301", "\u200b", "\x00", "🙂", "Springfield", "IL", "Bay Area", "Georgia", "Ｔｏｋｙｏ",
]  # fmt: skip
typed = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=4).map(" ".join),
)
common = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def shared() -> Gazetteer:
    return get_gazetteer()


@common
@given(text=typed)
def test_resolve_never_raises(shared: Gazetteer, text: str) -> None:
    result = shared.resolve(text)
    assert len(result.candidates) <= MAX_CANDIDATES
    assert not (result.ambiguous and not result.candidates)
    if result.not_a_city:
        assert result.area_kind is not None
        assert result.best is None
    if result.best is not None:
        assert result.best == result.candidates[0]
    assert len({p.id for p in result.candidates}) == len(result.candidates)


@common
@given(
    text=typed,
    boost=st.lists(st.integers(min_value=-1, max_value=13_000_000), max_size=30),
    limit=st.integers(min_value=-5, max_value=60),
)
def test_autocomplete_stays_within_discords_limits(
    shared: Gazetteer, text: str, boost: list[int], limit: int
) -> None:
    choices = shared.autocomplete(text, boost_ids=boost, limit=limit)
    assert len(choices) <= min(25, max(limit, 0))
    assert len({c.value for c in choices}) == len(choices)
    for choice in choices:
        assert 1 <= len(choice.name) <= 100
        assert 1 <= len(choice.name.encode("utf-16-le")) // 2 <= 100  # Discord counts UTF-16
        assert 1 <= len(choice.value) <= 100
        assert choice.value.isdigit()
        assert shared.get(int(choice.value)) == choice.place
