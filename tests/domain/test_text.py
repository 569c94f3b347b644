"""User text is stored clean: no pings, no control or bidi tricks, bounded length."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.text import clean_text, truncate

PING = re.compile(r"@(everyone|here)|<@[!&]?\d+>|<#\d+>", re.IGNORECASE)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  hello\n\tworld  ", "hello world"),
        ("@everyone party!", "@\u200beveryone party!"),
        ("ping <@123> and <@&456>", "ping <@\u200b123> and <@&\u200b456>"),
        ("evil \u202egnp.exe", "evil gnp.exe"),
        ("bell\x07", "bell"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw, limit=200) == expected


def test_truncate_cuts_at_a_word_with_an_ellipsis() -> None:
    assert truncate("one two three four", 12) == "one two…"
    assert truncate("short", 12) == "short"


@given(st.text(max_size=6000), st.integers(min_value=1, max_value=300))
def test_cleaned_text_never_pings_and_respects_the_limit(raw: str, limit: int) -> None:
    cleaned = clean_text(raw, limit=limit)
    assert len(cleaned) <= limit
    assert PING.search(cleaned) is None
    assert "\n" not in cleaned
    assert not any(ch in cleaned for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
