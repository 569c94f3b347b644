"""Folding: what a person types and what GeoNames spells must meet on the same key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.places.normalize import fold, fold_variants


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("München", "munchen"),
        ("MUNCHEN", "munchen"),
        ("Kraków", "krakow"),
        ("Tromsø", "tromso"),
        ("Ærøskøbing", "aeroskobing"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("İstanbul", "istanbul"),
        ("Hà Nội", "ha noi"),
        ("Đà Nẵng", "da nang"),
        ("Αθήνα", "αθηνα"),
        ("Москва", "москва"),
        ("東京", "東京"),
        ("ブダペスト", "ブダペスト"),  # kana keep their voicing marks
        ("Ｔｏｋｙｏ", "tokyo"),  # full-width letters
        ("Winston-Salem", "winston salem"),
        ("Xi'an", "xian"),
        ("Xi’an", "xian"),
        ("Washington, D.C.", "washington dc"),
        ("L.A.", "la"),
        ("St. Louis", "saint louis"),
        ("St Petersburg", "saint petersburg"),
        ("Ft. Worth", "fort worth"),
        ("  new   york  ", "new york"),
        ("", ""),
        ("!!! ,,, ...", ""),
    ],
)
def test_fold(typed: str, key: str) -> None:
    assert fold(typed) == key


def test_partial_folding_leaves_the_word_being_typed_alone() -> None:
    assert fold("st", partial=True) == "st"  # could become "Stuttgart"
    assert fold("st ", partial=True) == "saint "  # a finished word
    assert fold("st.", partial=True) == "saint"
    assert fold("new ", partial=True) == "new "  # "New York", not "Newark"
    assert fold("new", partial=True) == "new"


def test_umlauts_are_also_indexed_spelled_out() -> None:
    assert fold_variants("München") == ("munchen", "muenchen")
    assert fold_variants("Tromsø") == ("tromso", "tromsoe")
    assert fold_variants("Ålesund") == ("alesund", "aalesund")
    assert fold_variants("Kraków") == ("krakow",)
    assert fold_variants("Paris") == ("paris",)
    assert fold_variants("...") == ()


@given(st.text(max_size=40))
def test_folding_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.strip()
    assert "  " not in once
