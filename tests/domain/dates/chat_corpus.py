"""The labelled chat-date corpus (``corpus/train.tsv``, ``corpus/heldback.tsv``) and its scoring.

Shared by ``test_chat_corpus.py`` and ``benchmarks/dates_accuracy.py``. ``train`` is what the
reader was tuned on; ``heldback`` is only ever measured, never used to decide a change.

A clear phrase must parse to exactly its range. A flagged phrase (``flag:ambiguous``, ``past``,
``impossible``, ``vague``) must *not* come back as a silent :class:`DateRange`: "flagged" counts
any question or typed error, "right flag" also checks which one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.domain.dates import (
    Ambiguous,
    DateParseError,
    DateRange,
    EndBeforeStart,
    ImpossibleDate,
    PastDates,
    RangeTooLong,
    TooFarAhead,
    VagueDates,
    WeekdayMismatch,
    parse_date_range,
)
from bot.domain.dates.model import DateOrder

CORPUS = Path(__file__).resolve().parent / "corpus"
SPLITS = ("train", "heldback")

_RIGHT_FLAG: dict[str, tuple[type, ...]] = {
    "ambiguous": (Ambiguous,),
    "vague": (Ambiguous, VagueDates),
    "past": (PastDates, TooFarAhead),
    "impossible": (ImpossibleDate, EndBeforeStart, WeekdayMismatch, RangeTooLong),
}


@dataclass(frozen=True)
class ChatPhrase:
    kind: str
    today: date
    date_order: DateOrder | None
    country: str | None
    text: str
    expected: str
    """``start..end`` (ISO) or ``flag:<what>``."""

    @property
    def flag(self) -> str | None:
        return self.expected.removeprefix("flag:") if self.expected.startswith("flag:") else None

    @property
    def id(self) -> str:
        extra = "".join(f"[{x}]" for x in (self.date_order, self.country) if x)
        return f"{self.kind}:{self.text}{extra}@{self.today.isoformat()}"


def load(split: str) -> list[ChatPhrase]:
    phrases = []
    for line in (CORPUS / f"{split}.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, today, order, country, text, expected = line.split("\t")
        phrases.append(
            ChatPhrase(
                kind,
                date.fromisoformat(today),
                None if order == "-" else order,  # type: ignore[arg-type]
                None if country == "-" else country,
                text,
                expected,
            )
        )
    return phrases


def run(phrase: ChatPhrase) -> object:
    try:
        return parse_date_range(
            phrase.text, today=phrase.today, date_order=phrase.date_order, country=phrase.country
        )
    except DateParseError as exc:
        return exc


def judge(phrase: ChatPhrase, result: object) -> tuple[bool, bool]:
    """``(ok, right_flag)``: ok is exact for clear phrases, "not silently guessed" for flags."""
    flag = phrase.flag
    if flag is None:
        start, end = (date.fromisoformat(x) for x in phrase.expected.split(".."))
        ok = result == DateRange(start, end)
        return ok, ok
    flagged = not isinstance(result, DateRange)
    return flagged, isinstance(result, _RIGHT_FLAG[flag])


def show(result: object) -> str:
    if isinstance(result, DateRange):
        return f"{result.start}..{result.end}"
    if isinstance(result, Ambiguous):
        readings = ", ".join(f"{r.start}..{r.end}" for r in result.readings)
        return f"ask[{readings}] {result.question}"
    if isinstance(result, DateParseError):
        return f"{type(result).__name__}: {result.user_message}"
    return repr(result)


def score(phrases: list[ChatPhrase]) -> dict[str, Any]:
    """Per kind and overall: exact on clear phrases, flagged (and right flag) on the rest."""
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for phrase in phrases:
        ok, right = judge(phrase, run(phrase))
        group = "flag" if phrase.flag else "clear"
        for key in (phrase.kind, "all"):
            tally[key][f"{group}_total"] += 1
            tally[key][f"{group}_ok"] += ok
            tally[key][f"{group}_right"] += right
    report: dict[str, Any] = {}
    for key, row in tally.items():
        report[key] = {
            "clear": row["clear_total"],
            "exact": _ratio(row["clear_ok"], row["clear_total"]),
            "flags": row["flag_total"],
            "flagged": _ratio(row["flag_ok"], row["flag_total"]),
            "right_flag": _ratio(row["flag_right"], row["flag_total"]),
        }
    return report


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
