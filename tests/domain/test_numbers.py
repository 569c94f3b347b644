"""Strict number reading: what str.isdigit() lets through must not reach int() or the database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.numbers import SNOWFLAKE_MAX, parse_integer, parse_snowflake


@pytest.mark.parametrize(
    "text",
    ["²", "①", "٣", "１２", "12²", "", " ", "-", "1e5", "0x10", "1_000", "12 34", "+5"],
)
def test_digit_like_characters_are_not_numbers(text: str) -> None:
    assert parse_snowflake(text) is None
    assert parse_integer(text, lowest=-100, highest=100) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        ("1151233848239280228", 1151233848239280228),
        (str(SNOWFLAKE_MAX), SNOWFLAKE_MAX),
    ],
)
def test_ascii_ids_in_range_are_read(text: str, expected: int) -> None:
    assert parse_snowflake(text) == expected


@pytest.mark.parametrize("text", ["0", "-5", str(SNOWFLAKE_MAX + 1), "99999999999999999999"])
def test_ids_outside_the_snowflake_range_are_refused(text: str) -> None:
    assert parse_snowflake(text) is None


def test_bounds_are_inclusive() -> None:
    assert parse_integer("10000", lowest=1, highest=10_000) == 10_000
    assert parse_integer("10001", lowest=1, highest=10_000) is None
    assert parse_integer("-3", lowest=-5, highest=0) == -3


@given(st.text(max_size=30))
def test_never_raises_and_agrees_with_int_when_it_accepts(text: str) -> None:
    value = parse_snowflake(text)
    if value is not None:
        assert value == int(text.strip())
        assert 1 <= value <= SNOWFLAKE_MAX
