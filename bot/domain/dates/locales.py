"""Guess how a user writes numeric dates from their Discord locale.

The answer is only a *hint* for ties such as "4/5"; it never overrides a reading that only
works one way ("3/15"). Month-first locales are listed explicitly; everything else is
day-first. A locale that is genuinely split (``en`` with no region, ``en-CA``) gives no
hint, so the parser asks.
"""

from __future__ import annotations

from typing import Final

from bot.domain.dates.model import DateOrder

MONTH_FIRST: Final = frozenset(
    {
        # The United States and places that follow its conventions.
        "en-us",
        "en-as",
        "en-gu",
        "en-mp",
        "en-pr",
        "en-um",
        "en-vi",
        "en-fm",
        "en-mh",
        "en-pw",
        "es-us",
        # The Philippines writes month-first in English and Filipino.
        "en-ph",
        "fil",
        "fil-ph",
        "tl",
        # Year-month-day languages: without the year, "4/5" is still month then day.
        "ja",
        "ko",
        "zh",
        "zh-cn",
        "zh-tw",
        "zh-sg",
        "hu",
        "lt",
        "mn",
    }
)
"""Locales (lower-case, hyphenated) whose short numeric dates put the month first."""

NO_HINT: Final = frozenset({"en", "en-ca"})
"""Locales where both orders are common enough that guessing would be wrong too often."""


def date_order_for_locale(locale: str | None) -> DateOrder | None:
    """``"mdy"``/``"dmy"`` for a locale tag such as Discord's ``en-US``; None means "ask"."""
    if locale is None:
        return None
    tag = locale.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    if not tag:
        return None
    if tag in NO_HINT:
        return None
    if tag in MONTH_FIRST:
        return "mdy"
    language = tag.split("-")[0]
    if language in MONTH_FIRST and not _regional_exception(tag):
        return "mdy"
    return "dmy"


def _regional_exception(tag: str) -> bool:
    """Chinese in Hong Kong and Macau writes day-first, unlike the mainland and Taiwan."""
    return tag in ("zh-hk", "zh-mo")
