"""The invisible mark that lets the dispatcher find a DM it sent before a crash."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.delivery.marker import mark, marked_rows, with_mark
from bot.domain.text import clean_text


@given(st.integers(min_value=0, max_value=2**63 - 1), st.text(max_size=2100))
def test_a_marked_message_names_its_row_and_fits_discord(row_id: int, content: str) -> None:
    marked = with_mark(content, row_id)
    assert len(marked) <= 2000
    assert marked_rows([marked]) == {row_id} | marked_rows([content[: 2000 - len(mark(row_id))]])


def test_the_mark_is_invisible() -> None:
    # Format characters (Cf) only: Discord shows nothing, and nothing is whitespace it trims.
    assert {unicodedata.category(char) for char in mark(123456)} == {"Cf"}
    assert not any(char.isspace() for char in mark(123456))


def test_defused_mentions_and_plain_text_are_not_marks() -> None:
    texts = [clean_text("@everyone <@123> hi", limit=100), "tw42", "\u2060\u2060"]
    assert marked_rows(texts) == set()
    assert marked_rows(["one" + mark(7), "two" + mark(9) + " and " + mark(7)]) == {7, 9}
