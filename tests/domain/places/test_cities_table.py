"""Every row of the labelled table resolves to what a person would expect."""

from __future__ import annotations

import pytest

from bot.domain.places import Gazetteer
from tests.domain.places.cities_table import CATEGORIES, ROWS, Row


def test_the_table_is_big_and_covers_every_category() -> None:
    assert len(ROWS) >= 80
    assert {row.category for row in ROWS} == set(CATEGORIES)
    assert len({row.text for row in ROWS}) == len(ROWS)
    for category in CATEGORIES:
        assert sum(row.category == category for row in ROWS) >= 5, category


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.category}:{row.text.strip()}")
def test_row(gazetteer: Gazetteer, row: Row) -> None:
    problem = row.check(gazetteer.resolve(row.text))
    assert problem is None, problem
