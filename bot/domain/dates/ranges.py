"""``parse_date_range``: plain words in, a trip (or a question) out.

The pipeline is tokenize → find the best expression → resolve it under each plausible day
order → validate each reading. Ambiguity is returned, not raised, because the bot answers
it with buttons; only input that cannot become a trip raises.
"""

from __future__ import annotations

import re
from datetime import date

from bot.domain.dates.calendar_words import MONTH_NAMES, MONTHS
from bot.domain.dates.day_grammar import Match
from bot.domain.dates.errors import (
    DateParseError,
    InputTooLong,
    PastDates,
    TooFarAhead,
    UnrecognisedDate,
)
from bot.domain.dates.expressions import Expression, Single, Span
from bot.domain.dates.grammar import find_expressions
from bot.domain.dates.lexer import MAX_INPUT_CHARS, Kind, Token, tokenize
from bot.domain.dates.model import Ambiguous, DateOrder, DateRange
from bot.domain.dates.order import apply_order, day_orders, numeric_pieces
from bot.domain.dates.outcome import Outcome
from bot.domain.dates.resolve import resolve
from bot.domain.dates.translate import translate
from bot.domain.dates.validate import checked_range

_NOT_DATES = re.compile(r"~~.*?~~|<?https?://\S+")
"""Struck-through text ("~~May 3~~ May 10") was taken back; links hold numbers, not dates."""
_EXAMPLES = "“Mar 3-7”, “12/20-12/27”, “next weekend” or “Dec 7 for 5 nights”"
_PAST_WORDS = frozenset({"yesterday", "ago", "last"})


def parse_date_range(
    text: str,
    *,
    today: date,
    date_order: DateOrder | None = None,
    country: str | None = None,
) -> DateRange | Ambiguous:
    """Read a trip's dates from casual text, in English, German, French, Spanish or Portuguese.

    ``today`` is the user's local date; ``date_order`` is a hint for numeric dates such as
    ``4/5`` (None: no hint, so such input is asked about). ``country`` (ISO 3166 code, e.g. of
    the trip's city) decides holidays such as "Easter weekend" or "Thanksgiving". Raises only
    :class:`~bot.domain.dates.errors.DateParseError` subclasses.
    """
    if len(text) > MAX_INPUT_CHARS:
        raise InputTooLong(f"That's a lot of text — just the dates please, like {_EXAMPLES}.")
    code = country.strip().upper() or None if country else None
    try:
        return _parse(text, today, date_order, code)
    except OverflowError as exc:
        # Only reachable with dates near year 9999; the user cannot mean them.
        raise TooFarAhead("Those dates are too far in the future.") from exc


def _parse(
    text: str, today: date, date_order: DateOrder | None, country: str | None
) -> DateRange | Ambiguous:
    tokens = translate(tokenize(_NOT_DATES.sub(" ", text)))
    matches = find_expressions(tokens, country)
    if not matches:
        raise _nothing_found(tokens)
    if len(matches) == 2:
        combined = _combine(tokens, matches, today, date_order)
        if combined is not None:
            return combined
    return _interpret(matches[0].value, today, date_order)


_LEAVING = frozenset(
    {
        "leaving",
        "leave",
        "leaves",
        "out",
        "home",
        "back",
        "departing",
        "depart",
        "flying",
        "staying",
        "until",
        "till",
        "through",
    }
)
"""Words between two days that make them the two ends of one stay ("in the 9th, out the 12th")."""


def _combine(
    tokens: list[Token], matches: list[Match[Expression]], today: date, date_order: DateOrder | None
) -> DateRange | Ambiguous | None:
    """Two expressions in one message: alternatives, or the two ends of one trip.

    "Jun 8-12 or Jun 15-19" offers both; "sat, staying till wed" is Saturday to Wednesday;
    "arriving Jan 10, leaving Jan 20" and "today and tomorrow" are one stay; two loose days
    with nothing saying how they relate are offered as a range to confirm.
    """
    first, second = sorted(matches, key=lambda m: m.start)
    between = {t.text for t in tokens[first.end : second.start] if t.kind is Kind.WORD}
    try:
        if "or" in between:
            return _either(first.value, second.value, today, date_order)
        if not isinstance(first.value, Single):
            return None
        if isinstance(second.value, Span) and second.value.start is None:
            return _interpret(Span(first.value.piece, second.value.end), today, date_order)
        if not isinstance(second.value, Single):
            return None
        combined = _interpret(Span(first.value.piece, second.value.piece), today, date_order)
    except DateParseError:
        return None
    if not isinstance(combined, DateRange):
        return combined
    if between & _LEAVING or ("and" in between and combined.nights == 1):
        return combined
    return Ambiguous(f"Did you mean {combined.label}?", (combined,))


def _either(
    first: Expression, second: Expression, today: date, date_order: DateOrder | None
) -> DateRange | Ambiguous:
    """Offer both readings of "Mar 3 or Mar 5" (each may itself need asking about)."""
    readings: list[DateRange] = []
    for expression in (first, second):
        result = _interpret(expression, today, date_order)
        found = result.readings if isinstance(result, Ambiguous) else (result,)
        readings.extend(r for r in found if r not in readings)
    return Ambiguous("Which of these do you mean?", tuple(readings))


def _interpret(
    expression: Expression, today: date, date_order: DateOrder | None
) -> DateRange | Ambiguous:
    numerics = numeric_pieces(expression)
    orders = day_orders(numerics, date_order)
    readings: list[DateRange] = []
    questions: list[str] = []
    confirm = False
    errors: list[DateParseError] = []
    for day_first in orders:
        try:
            outcome = resolve(apply_order(expression, day_first), today)
            valid = _valid_readings(outcome, today)
        except DateParseError as exc:
            errors.append(exc)
            continue
        readings.extend(r for r in valid if r not in readings)
        confirm = confirm or outcome.confirm
        if outcome.question and (len(valid) > 1 or outcome.confirm):
            questions.append(outcome.question)
    if not readings:
        raise errors[0]
    dropped_as_past = any(isinstance(e, PastDates | TooFarAhead) for e in errors)
    if len(orders) > 1 and len(readings) == 1 and dropped_as_past:
        # Only one way round still works, but the member did not say which they use: ask.
        texts = " and ".join(f"“{n.text}”" for n in numerics)
        return Ambiguous(
            f"{texts} could be month-first or day-first — did you mean {readings[0].label}?",
            tuple(readings),
        )
    if len(readings) == 1 and not confirm:
        return readings[0]
    if len(orders) > 1 and len(readings) > 1:
        texts = " and ".join(f"“{n.text}”" for n in numerics)
        question = f"{texts} can be read month-first or day-first — which did you mean?"
    else:
        question = questions[0] if questions else "Which dates did you mean?"
    return Ambiguous(question, tuple(readings))


def _valid_readings(outcome: Outcome, today: date) -> list[DateRange]:
    """Drop readings that fail validation; if all fail, raise the first reading's error."""
    valid: list[DateRange] = []
    first_error: DateParseError | None = None
    for start, end in outcome.readings:
        try:
            valid.append(checked_range(start, end, today))
        except DateParseError as exc:
            first_error = first_error or exc
    if not valid:
        assert first_error is not None
        raise first_error
    return valid


def _nothing_found(tokens: list[Token]) -> DateParseError:
    words = [t.text for t in tokens if t.kind is Kind.WORD]
    if any(w in _PAST_WORDS for w in words):
        return PastDates("Those dates are in the past.")
    months = [MONTHS[w] for w in words if w in MONTHS and w != "may"]
    if months:
        name = MONTH_NAMES[months[0] - 1]
        return UnrecognisedDate(
            f"Which days in {name}? Try something like “{name[:3]} 3-7” or “mid-{name}”."
        )
    if any(t.kind is Kind.TIME for t in tokens):
        return UnrecognisedDate("That looks like a time — which day or days do you mean?")
    return UnrecognisedDate(f"I couldn't find any dates in that. Try {_EXAMPLES}.")
