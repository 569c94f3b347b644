"""Find the clock time in a phrase such as "Sat Dec 12 at 7pm".

Shared by the meetup-time and recurrence parsers so "7pm", "19:30" and "noon" mean the same
everywhere. Conventions (documented in docs/dates.md): ``hh:mm`` without am/pm is a 24-hour
clock; a bare hour ("at 7") is ambiguous unless the words around it say morning or evening.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.dates.errors import ImpossibleTime, TimeParseError
from bot.domain.dates.lexer import Kind, Token

_EVENING_WORDS = frozenset({"tonight", "evening", "night", "afternoon", "pm", "dinner"})
_MORNING_WORDS = frozenset({"morning", "am", "breakfast"})
_AT_WORDS = frozenset({"at", "@", "around", "from", "by"})


@dataclass(frozen=True, slots=True)
class ClockTime:
    hour: int
    minute: int

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True, slots=True)
class TimeFound:
    options: tuple[ClockTime, ...]
    """One time, or two when a bare hour could be morning or evening."""
    used: frozenset[int]
    """Token indices that belong to the time, so the date parser can ignore them."""
    text: str
    midnight: bool = False


def find_time_of_day(tokens: list[Token]) -> TimeFound | None:
    words = {t.text for t in tokens if t.kind is Kind.WORD}
    found: list[TimeFound] = []
    for i, token in enumerate(tokens):
        used = {i}
        if i > 0 and tokens[i - 1].text in _AT_WORDS:
            used.add(i - 1)
        if token.kind is Kind.TIME:
            found.append(_clock(token, words, frozenset(used)))
        elif token.kind is Kind.WORD and token.text in ("noon", "midday"):
            found.append(TimeFound((ClockTime(12, 0),), frozenset(used), token.text))
        elif token.kind is Kind.WORD and token.text == "midnight":
            found.append(TimeFound((ClockTime(0, 0),), frozenset(used), token.text, True))
        elif token.kind is Kind.NUM and i > 0 and tokens[i - 1].text in ("at", "@"):
            found.append(_bare_hour(token, words, frozenset(used)))
    if len(found) > 1:
        shown = " and ".join(f"“{f.text}”" for f in found[:2])
        raise TimeParseError(f"I found more than one time ({shown}) — which one do you mean?")
    return found[0] if found else None


def _clock(token: Token, words: set[str], used: frozenset[int]) -> TimeFound:
    hour, minute = token.numbers[0], token.minutes or 0
    if minute > 59:
        raise ImpossibleTime(f"“{token.text}” isn't a time — minutes go from 00 to 59.")
    if token.meridiem is not None:
        if not 1 <= hour <= 12:
            raise ImpossibleTime(
                f"“{token.text}” isn't a time — with am/pm the hour goes from 1 to 12."
            )
        hour = hour % 12 + (12 if token.meridiem == "pm" else 0)
    elif hour > 23:
        raise ImpossibleTime(f"“{token.text}” isn't a time — hours go from 0 to 23.")
    elif 1 <= hour < 12 and words & _EVENING_WORDS and not words & _MORNING_WORDS:
        hour += 12  # "tonight at 7:30"
    return TimeFound((ClockTime(hour, minute),), used, token.text)


def _bare_hour(token: Token, words: set[str], used: frozenset[int]) -> TimeFound:
    hour = token.numbers[0]
    if len(token.text) > 2 or hour > 23:
        raise ImpossibleTime(f"“{token.text}” isn't a time — hours go from 0 to 23.")
    text = f"at {token.text}"
    if hour == 0 or hour > 12:
        return TimeFound((ClockTime(hour, 0),), used, text)
    evening = bool(words & _EVENING_WORDS)
    morning = bool(words & _MORNING_WORDS)
    if evening != morning:
        return TimeFound((ClockTime(hour % 12 + (12 if evening else 0), 0),), used, text)
    options = (ClockTime(hour % 12 + 12, 0), ClockTime(hour % 12, 0))
    return TimeFound(options, used, text)
