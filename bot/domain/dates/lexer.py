"""Turn casual text into tokens the date grammar can match.

Normalising first (NFKC, case folding, every dash to ``-``) means the grammar never has to
care whether someone typed "3–7" on a phone or "3-7" on a keyboard.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

MAX_INPUT_CHARS = 300
"""Anything longer is not a date; refusing it up front bounds the work per input."""

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d~〜]")
_TOKEN = re.compile(
    r"""
      (?P<iso>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?![0-9])(?:t(?=[0-9]))?
    | (?P<ymd>[0-9]{4}[/.][0-9]{1,2}[/.][0-9]{1,2})(?![0-9])
    | (?P<dashdate>[0-9]{1,2}-[0-9]{1,2}-[0-9]{4})(?![0-9])
    | (?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*[ap]\.?m\b\.?)?
             | [0-9]{1,2}h[0-9]{2}
             | [0-9]{1,2}\.[0-9]{2}\s*[ap]\.?m\b\.?
             | [0-9]{1,2}\s*[ap]\.?m\b\.?
      )(?![0-9])
    | (?P<numdate>[0-9]{1,2}[/.][0-9]{1,2}(?:[/.](?:[0-9]{4}|[0-9]{2}))?)(?![0-9])\.?
    | (?P<ord>[0-9]{1,2}(?:st|nd|rd|th|er))(?![^\W_])
    | (?P<num>[0-9]+)(?:\.(?![0-9]))?
    | (?P<word>[^\W\d_]+)
    | (?P<dots>\.\.+|…)
    | (?P<dash>-)
    | (?P<comma>,)
    | (?P<slash>/)
    | (?P<plus>\+)
    | (?P<other>\S)
    """,
    re.VERBOSE,
)


class Kind(Enum):
    ISO = "iso"  # y-m-d with a four-digit year first: never ambiguous
    NUMDATE = "numdate"  # 3/12, 03.01.2027, 12-20-2026: order depends on locale
    TIME = "time"
    ORD = "ord"  # 5th
    NUM = "num"
    WORD = "word"
    DOTS = "dots"
    DASH = "dash"
    COMMA = "comma"
    SLASH = "slash"
    PLUS = "plus"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    numbers: tuple[int, ...] = ()
    """The integers inside the token: (y, m, d) for ISO, the parts of a numeric date, etc."""
    separator: str = ""
    """For numeric dates: which separator was used, because dots mean day-first."""
    minutes: int | None = None
    meridiem: str | None = None
    """For times: "am"/"pm" when given, else None (a 24-hour clock)."""


_ARROWS = re.compile(r"-+>|=+>|[→⟶⇒➡➔⇨⟹➜➞]\ufe0f?")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _ARROWS.sub(" - ", text)
    text = _DASHES.sub("-", text)
    return " ".join(text.casefold().split())


def tokenize(text: str) -> list[Token]:
    return [
        _make_token(m.lastgroup or "other", m.group(0)) for m in _TOKEN.finditer(normalise(text))
    ]


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"[0-9]+", text))


def _make_token(group: str, value: str) -> Token:
    value = value.strip()
    if group in ("iso", "ymd"):
        return Token(Kind.ISO, value.rstrip("t"), _ints(value))
    if group in ("numdate", "dashdate"):
        separator = "." if "." in value else "/"
        return Token(Kind.NUMDATE, value, _ints(value), separator=separator)
    if group == "time":
        numbers = _ints(value)
        meridiem = "pm" if "p" in value else "am" if "a" in value else None
        minutes = numbers[1] if len(numbers) > 1 else 0
        return Token(Kind.TIME, value, numbers[:1], minutes=minutes, meridiem=meridiem)
    kind = Kind(group)
    if kind in (Kind.ORD, Kind.NUM):
        # "12." is how German writes the 12th: the translator decides from context.
        dotted = kind is Kind.NUM and value.endswith(".")
        return Token(kind, value.rstrip("."), _ints(value), separator="." if dotted else "")
    return Token(kind, value)
