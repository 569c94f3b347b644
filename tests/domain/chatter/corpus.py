"""The labelled chat corpus: loading, gold cities, and the scoring shared by tests,
``benchmarks/chatter_accuracy.py`` and ``scripts/train_chatter_model.py``.

Files in ``corpus/`` hold one message per line: ``kind | lang | city | dates | text``.

* kind: ``trip`` (the author's own upcoming or current trip), ``trip-swap`` (a real trip next
  to a cancelled or past one), or a negative: ``other`` (someone else's trip), ``quote``,
  ``past``, ``hypo`` (wish, proposal, maybe), ``question`` (about a city), ``home``,
  ``cancel``, ``word`` (a common word that is also a town: nice, split, deal),
  ``sense`` (a team, person, band, game or food named after a city), ``chat`` (everyday);
* lang: en, en-us (numeric dates month-first), de, fr, es, pt;
* city: ``Name CC`` (as the gazetteer spells it) or ``-``;
* dates: ``YYYY-MM-DD..YYYY-MM-DD`` when the message gives exact dates, else ``-``;
* text: ``\\n`` stands for a line break.

``everyday_*.txt`` hold one everyday (non-trip) chat message per line, no labels: the
``everyday_train`` part may be trained on, ``everyday_heldout`` only measures false nudges.

Every message is read on :data:`TODAY`, a Tuesday. ``heldout.txt`` was written before any
rule or model existed and is never used for training or tuning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from bot.domain.places import Gazetteer

CORPUS = Path(__file__).parent / "corpus"
TODAY = date(2026, 3, 10)
ZONE = "Europe/Berlin"
POSITIVE_KINDS = frozenset({"trip", "trip-swap"})
Split = Literal["train", "heldout", "everyday", "everyday-train"]


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    kind: str
    lang: str
    city: str | None
    start: date | None
    end: date | None
    text: str

    @property
    def trip(self) -> bool:
        return self.kind in POSITIVE_KINDS

    @property
    def date_order(self) -> Literal["mdy", "dmy"]:
        return "mdy" if self.lang == "en-us" else "dmy"


def _files(split: Split) -> list[Path]:
    if split == "heldout":
        return [CORPUS / "heldout.txt"]
    if split == "everyday":
        return [CORPUS / "everyday_heldout.txt"]
    if split == "everyday-train":
        return [CORPUS / "everyday_train.txt"]
    return sorted(CORPUS.glob("train_*.txt"))


@lru_cache(maxsize=4)
def load(split: Split) -> tuple[Example, ...]:
    examples: list[Example] = []
    for path in _files(split):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            examples.append(parse_line(line, f"{path.stem}:{number}", split))
    return tuple(examples)


def parse_line(line: str, where: str, split: Split = "train") -> Example:
    if split in ("everyday", "everyday-train"):
        return Example(where, "chat", "en", None, None, None, line.replace("\\n", "\n"))
    kind, lang, city, dates, text = (part.strip() for part in line.split(" | ", 4))
    start = end = None
    if dates != "-":
        first, last = dates.split("..")
        start, end = date.fromisoformat(first), date.fromisoformat(last)
    return Example(
        where, kind, lang, None if city == "-" else city, start, end, text.replace("\\n", "\n")
    )


def gold_place_id(gazetteer: Gazetteer, city: str) -> int | None:
    """``"Barcelona ES"`` → its GeoNames id (the biggest city of that name in that country)."""
    name, country = city.rsplit(" ", 1)
    resolution = gazetteer.resolve(f"{name}, {country}")
    for place in resolution.candidates:
        if place.country == country:
            return place.id
    return None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the reader said about one example, in the terms the scores need."""

    trip: bool
    confidence: float
    city_id: int | None
    start: date | None
    end: date | None


def score(
    examples: Iterable[Example],
    outcomes: Iterable[Outcome],
    gazetteer: Gazetteer,
    threshold: float | None = None,
) -> dict[str, Any]:
    """Precision/recall of "own trip", city and date accuracy, and per-kind figures.

    With ``threshold``, trips are re-decided as ``confidence >= threshold``.
    """
    decide: Callable[[Outcome], bool] = (
        (lambda o: o.trip) if threshold is None else (lambda o: o.confidence >= threshold)
    )
    tp = fp = fn = tn = 0
    city_right = city_total = dates_right = dates_total = 0
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures: list[tuple[str, str]] = []
    for example, outcome in zip(examples, outcomes, strict=True):
        said = decide(outcome)
        right = said == example.trip
        kinds[example.kind][0] += right
        kinds[example.kind][1] += 1
        if example.trip and said:
            tp += 1
        elif said:
            fp += 1
        elif example.trip:
            fn += 1
        else:
            tn += 1
        if not right:
            failures.append((example.id, example.text))
        if example.trip and said and example.city:
            city_total += 1
            city_right += outcome.city_id == gold_place_id(gazetteer, example.city)
        if example.trip and said and example.start:
            dates_total += 1
            dates_right += (outcome.start, outcome.end) == (example.start, example.end)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "messages": tp + fp + fn + tn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4)
        if precision + recall
        else 0.0,
        "false_positives": fp,
        "city_accuracy": round(city_right / city_total, 4) if city_total else 1.0,
        "city_total": city_total,
        "dates_exact": round(dates_right / dates_total, 4) if dates_total else 1.0,
        "dates_total": dates_total,
        "per_kind": {
            kind: {"correct": c, "total": t, "accuracy": round(c / t, 4)}
            for kind, (c, t) in sorted(kinds.items())
        },
        "failures": failures,
    }
