"""Reading numbers people (and autocomplete) send us, strictly.

``str.isdigit()`` accepts characters such as "²" and "①" that ``int()`` rejects, and a
20-digit number overflows a 64-bit database column. Every id or count read from an option
goes through here, so bad input becomes a friendly answer rather than a crash.
"""

from __future__ import annotations

import re

_ASCII_INTEGER = re.compile(r"-?[0-9]{1,19}")

# Discord ids are 64-bit "snowflakes"; the database columns are signed 64-bit too.
SNOWFLAKE_MAX = 2**63 - 1


def parse_integer(text: str, *, lowest: int, highest: int) -> int | None:
    """The integer ``text`` spells in ASCII digits within [lowest, highest], else None."""
    candidate = text.strip()
    if not _ASCII_INTEGER.fullmatch(candidate):
        return None
    value = int(candidate)
    return value if lowest <= value <= highest else None


def parse_snowflake(text: str) -> int | None:
    """A Discord-style id (a positive 64-bit integer written in ASCII digits), else None."""
    return parse_integer(text, lowest=1, highest=SNOWFLAKE_MAX)


__all__ = ["SNOWFLAKE_MAX", "parse_integer", "parse_snowflake"]
