"""The English calendar vocabulary, kept in one place so parsing and labels agree.

Names are our own tables rather than ``strftime`` so labels never change with the host's
C locale.
"""

from __future__ import annotations

import calendar
from typing import Final

MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES: Final = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

MONTHS: Final[dict[str, int]] = {
    **{name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
    "febr": 2,
}

WEEKDAYS: Final[dict[str, int]] = {
    **{name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)},
    **{name[:3].lower(): i for i, name in enumerate(WEEKDAY_NAMES)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}

# Plural weekdays ("Fridays") only make sense in recurrences.
WEEKDAY_PLURALS: Final[dict[str, int]] = {
    name.lower() + "s": i for i, name in enumerate(WEEKDAY_NAMES)
}

NUMBER_WORDS: Final[dict[str, int]] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "couple": 2,
}

ORDINAL_WORDS: Final[dict[str, int]] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "last": -1,
}


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def ordinal(n: int) -> str:
    """English ordinal suffix, for messages that quote a day back to the user."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
