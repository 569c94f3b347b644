"""Every phrase of the labelled table parses to exactly what a person would expect."""

from __future__ import annotations

import pytest

from bot.domain.dates import DateParseError, parse_date_range
from tests.domain.dates.phrases import CATEGORIES, PHRASES, Phrase, check


def test_the_table_is_big_and_covers_every_category() -> None:
    assert len(PHRASES) >= 80
    assert set(CATEGORIES) >= {
        "month_name",
        "numeric_mdy",
        "numeric_dmy",
        "cross_year",
        "relative",
        "weekday",
        "duration",
        "iso",
        "embedded",
        "ambiguous",
        "impossible",
        "past",
    }
    assert len({p.id for p in PHRASES}) == len(PHRASES)


@pytest.mark.parametrize("phrase", PHRASES, ids=lambda p: p.id)
def test_phrase(phrase: Phrase) -> None:
    try:
        result: object = parse_date_range(
            phrase.text, today=phrase.today, date_order=phrase.date_order
        )
    except DateParseError as exc:
        result = exc
    problem = check(phrase, result)
    assert problem is None, problem
