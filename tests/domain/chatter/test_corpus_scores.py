"""The reader against the labelled corpus: the targets on the training split, sanity bars on
the held-back split (its real figures come from benchmarks/chatter_accuracy.py and are never
used to tune), and the corpus's own consistency."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bot.domain.chatter import extract_trip
from bot.domain.chatter.model import load_model
from bot.domain.places import Gazetteer
from tests.domain.chatter.corpus import (
    POSITIVE_KINDS,
    TODAY,
    ZONE,
    Example,
    Outcome,
    gold_place_id,
    load,
    score,
)


def outcomes(examples: tuple[Example, ...]) -> list[Outcome]:
    found = []
    for example in examples:
        reading = extract_trip(example.text, TODAY, ZONE, example.date_order)
        exact = reading.dates_exact
        found.append(
            Outcome(
                reading.trip,
                reading.confidence,
                reading.city.id if reading.city else None,
                exact.start if exact else None,
                exact.end if exact else None,
            )
        )
    return found


@pytest.fixture(scope="module")
def train(gazetteer: Gazetteer) -> dict[str, Any]:
    examples = load("train")
    return score(examples, outcomes(examples), gazetteer)


@pytest.fixture(scope="module")
def heldout(gazetteer: Gazetteer) -> dict[str, Any]:
    examples = load("heldout")
    return score(examples, outcomes(examples), gazetteer)


def test_corpus_is_large_varied_and_hard() -> None:
    examples = load("train") + load("heldout")
    assert len(examples) >= 1200
    kinds = Counter(e.kind for e in examples)
    hard = sum(n for kind, n in kinds.items() if kind not in POSITIVE_KINDS)
    assert hard >= len(examples) / 3
    languages = Counter(e.lang.split("-")[0] for e in examples)
    for language in ("en", "de", "fr", "es", "pt"):
        assert languages[language] >= 50, language
    assert len(load("everyday")) >= 1000
    assert len(load("heldout")) >= 300


def test_every_gold_city_is_in_the_gazetteer(gazetteer: Gazetteer) -> None:
    for example in load("train") + load("heldout"):
        assert example.trip == (example.city is not None), example.id
        if example.city:
            assert gold_place_id(gazetteer, example.city) is not None, example.city


def test_splits_do_not_share_messages() -> None:
    train = {e.text.casefold() for e in load("train")}
    assert not train & {e.text.casefold() for e in load("heldout")}


def test_training_split_meets_the_targets(train: dict[str, Any]) -> None:
    assert train["precision"] >= 0.95
    assert train["recall"] >= 0.85
    assert train["city_accuracy"] >= 0.95


def test_every_negative_kind_is_mostly_rejected(train: dict[str, Any]) -> None:
    for kind, row in train["per_kind"].items():
        if kind not in POSITIVE_KINDS:
            assert row["accuracy"] >= 0.95, kind


def test_held_back_split_sanity(heldout: dict[str, Any]) -> None:
    assert heldout["precision"] >= 0.9
    assert heldout["recall"] >= 0.8
    assert heldout["city_accuracy"] >= 0.9


def test_dates_are_read_on_accepted_trips(train: dict[str, Any]) -> None:
    # English dates are the date reader's strong suit; the other languages arrive with it.
    assert train["dates_exact"] >= 0.5


def test_quiet_threshold_is_stricter() -> None:
    model = load_model()
    assert 0.5 <= model.threshold <= model.quiet_threshold < 1.0


def test_everyday_chat_rarely_nudges(gazetteer: Gazetteer) -> None:
    everyday = load("everyday")
    model = load_model()
    nudges = [o for o in outcomes(everyday) if o.confidence >= model.quiet_threshold]
    assert len(nudges) * 1000 / len(everyday) <= 5
