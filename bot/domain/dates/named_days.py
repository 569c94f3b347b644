"""Holidays and seasons by name: "Boxing Day", "over Easter", "Labor Day weekend", "next summer".

Fixed days (Christmas, Halloween) and Easter-based days (``dateutil.easter``, Western) are the
same everywhere. What depends on the country comes from the ``holidays`` package (kept up to
date by its maintainers, 500+ countries): which days around a feast are public holidays —
"Easter weekend" is Friday to Monday in Germany or Britain, Saturday to Monday in France, just
Saturday and Sunday in the US — and the movable national days (US Labor Day, Thanksgiving,
British bank holidays). Without a country, English names take their US or British meaning
and Good Friday, Easter Monday and Whit Monday count as days off.

Seasons are meteorological (spring is March to May) and flip south of the equator; they are
always offered for confirmation, never stored as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

from dateutil.easter import easter

_FIXED: Final[dict[str, tuple[int, int]]] = {
    "christmas_eve": (12, 24),
    "christmas": (12, 25),
    "boxing_day": (12, 26),
    "nye": (12, 31),
    "new_year": (1, 1),
    "epiphany": (1, 6),
    "valentines": (2, 14),
    "st_patricks": (3, 17),
    "may_day": (5, 1),
    "juneteenth": (6, 19),
    "canada_day": (7, 1),
    "us_independence": (7, 4),
    "german_unity": (10, 3),
    "halloween": (10, 31),
    "all_saints": (11, 1),
    "all_souls": (11, 2),
    "veterans_day": (11, 11),
    "australia_day": (1, 26),
    "anzac_day": (4, 25),
}
_FROM_EASTER: Final[dict[str, int]] = {
    "carnival": -47,
    "rosenmontag": -48,
    "palm_sunday": -7,
    "maundy_thursday": -3,
    "good_friday": -2,
    "easter": 0,
    "easter_monday": 1,
    "ascension": 39,
    "pentecost": 49,
    "whit_monday": 50,
    "corpus_christi": 60,
}
LABELS: Final[dict[str, str]] = {
    "christmas_eve": "Christmas Eve",
    "nye": "New Year's Eve",
    "new_year": "New Year's Day",
    "st_patricks": "St Patrick's Day",
    "us_independence": "the Fourth of July",
    "german_unity": "German Unity Day",
    "whit_monday": "Whit Monday",
    "pentecost": "Pentecost",
}

SOUTHERN: Final = frozenset(
    {
        "AR",
        "AU",
        "BO",
        "BR",
        "BW",
        "CL",
        "FJ",
        "LS",
        "MG",
        "MU",
        "MZ",
        "NA",
        "NZ",
        "PE",
        "PY",
        "SZ",
        "UY",
        "ZA",
        "ZM",
        "ZW",
    }
)
_SEASON_MONTHS: Final = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_FLIP: Final = {"spring": "autumn", "summer": "winter", "autumn": "spring", "winter": "summer"}


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").title())


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` of a month; n = -1 is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _labor_day(year: int, country: str | None) -> date:
    if country in (None, "US", "CA"):
        return _nth_weekday(year, 9, 0, 1)
    return date(year, 5, 1)


def _thanksgiving(year: int, country: str | None) -> date:
    if country == "CA":
        return _nth_weekday(year, 10, 0, 2)
    return _nth_weekday(year, 11, 3, 4)


def _august_bank_holiday(year: int, country: str | None) -> date:
    return _nth_weekday(year, 8, 0, 1 if country == "IE" else -1)


def _national_day(year: int, country: str | None) -> date:
    for day, name in _public_holidays(country or "FR", year).items():
        if "National Day" in name or name == "Independence Day":
            return day
    return date(year, 7, 14)


_MOVABLE: Final[dict[str, Callable[[int, str | None], date]]] = {
    "labor_day": _labor_day,
    "thanksgiving": _thanksgiving,
    "memorial_day": lambda y, c: _nth_weekday(y, 5, 0, -1),
    "mlk_day": lambda y, c: _nth_weekday(y, 1, 0, 3),
    "presidents_day": lambda y, c: _nth_weekday(y, 2, 0, 3),
    "columbus_day": lambda y, c: _nth_weekday(y, 10, 0, 2),
    "may_bank_holiday": lambda y, c: _nth_weekday(y, 5, 0, 1),
    "spring_bank_holiday": lambda y, c: _nth_weekday(y, 5, 0, -1),
    "august_bank_holiday": _august_bank_holiday,
    "national_day": _national_day,
}

KNOWN: Final = frozenset({*_FIXED, *_FROM_EASTER, *_MOVABLE, "bank_holiday"})


def day_in_year(name: str, year: int, country: str | None) -> date:
    """The named day in ``year`` (for "bank holiday": the first Monday one that year)."""
    if name in _FIXED:
        month, day = _FIXED[name]
        return date(year, month, day)
    if name in _FROM_EASTER:
        return easter(year) + timedelta(days=_FROM_EASTER[name])
    if name in _MOVABLE:
        return _MOVABLE[name](year, country)
    if name.startswith("md:"):  # a plain date's own long weekend ("July 4th weekend")
        month, day = (int(x) for x in name[3:].split("-"))
        return date(year, month, min(day, 28 if month == 2 else day))
    raise KeyError(name)


def bank_holiday_on_or_after(day: date, country: str | None) -> date:
    """The next Monday that is a public holiday (a British or Irish "bank holiday")."""
    for year in (day.year, day.year + 1):
        mondays = sorted(
            d for d in _public_holidays(country or "GB", year) if d.weekday() == 0 and d >= day
        )
        if mondays:
            return mondays[0]
    return _nth_weekday(day.year + 1, 5, 0, 1)  # pragma: no cover - every year has one


def public_holidays_from(start: date, country: str | None, *, days: int) -> list[date]:
    """The country's public holidays in the ``days`` from ``start``, in order."""
    end = start + timedelta(days=days)
    found: set[date] = set()
    for year in range(start.year, end.year + 1):
        found |= _days_off(country, year)
    return sorted(d for d in found if start <= d <= end)


def long_weekend(day: date, country: str | None) -> list[tuple[date, date]]:
    """The days off around a holiday: its weekend, stretched over adjacent public holidays.

    A holiday in mid-week (Tuesday to Thursday) has no weekend of its own, so both
    neighbouring weekends are returned and the caller asks.
    """
    weekday = day.weekday()
    if weekday >= 5:
        blocks = [(day - timedelta(days=weekday - 5), day + timedelta(days=6 - weekday))]
    elif weekday == 0:
        blocks = [(day - timedelta(days=2), day)]
    elif weekday == 4:
        blocks = [(day, day + timedelta(days=2))]
    else:
        saturday_before = day - timedelta(days=weekday + 2)
        blocks = [
            (saturday_before, day),
            (day, day + timedelta(days=6 - weekday)),
        ]
    return [_stretch(start, end, country) for start, end in blocks]


def _stretch(start: date, end: date, country: str | None) -> tuple[date, date]:
    off = _days_off(country, start.year) | _days_off(country, end.year)
    while start - timedelta(days=1) in off:
        start -= timedelta(days=1)
    while end + timedelta(days=1) in off:
        end += timedelta(days=1)
    return start, end


def _days_off(country: str | None, year: int) -> frozenset[date]:
    if country is None:
        e = easter(year)
        return frozenset({e - timedelta(days=2), e + timedelta(days=1), e + timedelta(days=50)})
    return frozenset(_public_holidays(country, year))


@lru_cache(maxsize=256)
def _public_holidays(country: str, year: int) -> dict[date, str]:
    """``holidays``' national public holidays, English names; unknown countries have none.

    Imported here: the package is large and most messages never name a holiday.
    """
    import holidays

    code = country.upper()
    subdiv = "ENG" if code in ("GB", "UK") else None
    try:
        found = holidays.country_holidays(
            "GB" if code == "UK" else code, subdiv=subdiv, years=year, language="en_US"
        )
    except (NotImplementedError, KeyError, ValueError):
        try:
            found = holidays.country_holidays(code, years=year)
        except (NotImplementedError, KeyError, ValueError):
            return {}
    return dict(found.items())


def season_range(season: str, year: int, country: str | None) -> tuple[date, date]:
    """A meteorological season that starts in ``year`` (winter runs into the next year)."""
    if country is not None and country.upper() in SOUTHERN:
        season = _FLIP[season]
    month = _SEASON_MONTHS[season]
    start = date(year, month, 1)
    end_year, end_month = (year + 1, 3) if month == 12 else (year, month + 3)
    return start, date(end_year, end_month, 1) - timedelta(days=1)


ENGLISH_PHRASES: Final[dict[str, tuple[str, ...]]] = {
    **dict.fromkeys(("christmas eve", "xmas eve", "x mas eve"), ("holiday:christmas_eve",)),
    **dict.fromkeys(
        ("christmas day", "xmas day", "christmas", "xmas", "x mas", "chrimbo"),
        ("holiday:christmas",),
    ),
    "boxing day": ("holiday:boxing_day",),
    **dict.fromkeys(
        ("new year s eve", "new years eve", "nye", "new year eve", "hogmanay"), ("holiday:nye",)
    ),
    **dict.fromkeys(
        ("new year s day", "new years day", "new year s", "new years", "new year", "new year day"),
        ("holiday:new_year",),
    ),
    **dict.fromkeys(("easter", "easter sunday"), ("holiday:easter",)),
    "easter monday": ("holiday:easter_monday",),
    "good friday": ("holiday:good_friday",),
    "maundy thursday": ("holiday:maundy_thursday",),
    "palm sunday": ("holiday:palm_sunday",),
    **dict.fromkeys(("whitsun", "whit sunday", "pentecost", "whitsunday"), ("holiday:pentecost",)),
    "whit monday": ("holiday:whit_monday",),
    "ascension day": ("holiday:ascension",),
    "corpus christi": ("holiday:corpus_christi",),
    **dict.fromkeys(("labor day", "labour day"), ("holiday:labor_day",)),
    "memorial day": ("holiday:memorial_day",),
    **dict.fromkeys(("thanksgiving", "thanksgiving day", "turkey day"), ("holiday:thanksgiving",)),
    "halloween": ("holiday:halloween",),
    **dict.fromkeys(
        ("valentine s day", "valentines day", "valentine s", "valentines", "valentine day"),
        ("holiday:valentines",),
    ),
    **dict.fromkeys(
        (
            "st patrick s day",
            "st patricks day",
            "saint patrick s day",
            "st paddy s day",
            "paddy s day",
            "patrick s day",
            "paddys day",
            "st patty s day",
            "patty s day",
        ),
        ("holiday:st_patricks",),
    ),
    **dict.fromkeys(
        ("4th of july", "fourth of july", "independence day", "july 4th weekend"),
        ("holiday:us_independence",),
    ),
    "juneteenth": ("holiday:juneteenth",),
    "canada day": ("holiday:canada_day",),
    "australia day": ("holiday:australia_day",),
    "anzac day": ("holiday:anzac_day",),
    **dict.fromkeys(("mlk day", "martin luther king day"), ("holiday:mlk_day",)),
    **dict.fromkeys(("presidents day", "president s day"), ("holiday:presidents_day",)),
    "columbus day": ("holiday:columbus_day",),
    "veterans day": ("holiday:veterans_day",),
    "all saints day": ("holiday:all_saints",),
    **dict.fromkeys(("epiphany", "three kings day", "twelfth night"), ("holiday:epiphany",)),
    "mlk": ("holiday:mlk_day",),
    "may day": ("holiday:may_day",),
    **dict.fromkeys(
        ("may bank holiday", "early may bank holiday", "may day bank holiday"),
        ("holiday:may_bank_holiday",),
    ),
    **dict.fromkeys(
        ("spring bank holiday", "whitsun bank holiday"), ("holiday:spring_bank_holiday",)
    ),
    **dict.fromkeys(
        ("august bank holiday", "summer bank holiday", "late summer bank holiday"),
        ("holiday:august_bank_holiday",),
    ),
    **dict.fromkeys(("bank holiday", "bank hol", "bank holiday monday"), ("holiday:bank_holiday",)),
    **dict.fromkeys(("long weekend", "long wkend", "long week end"), ("weekend:long",)),
    **dict.fromkeys(("spring break", "springbreak"), ("vague:spring_break",)),
    **dict.fromkeys(
        (
            "winter break",
            "fall break",
            "half term",
            "halfterm",
            "reading week",
            "school holidays",
            "the holidays",
            "holiday season",
            "march break",
            "easter holidays",
            "easter break",
            "mid term",
            "midterm break",
            "thanksgiving break",
        ),
        ("vague:school_break",),
    ),
    **dict.fromkeys(
        (
            "over christmas",
            "over xmas",
            "christmas week",
            "christmas break",
            "christmas holidays",
            "over the holidays",
            "xmas break",
        ),
        ("vague:christmas",),
    ),
    "holy week": ("vague:holy_week",),
    **dict.fromkeys(
        (
            "sometime soon",
            "soon",
            "some time soon",
            "soonish",
            "later this year",
            "at some point",
            "someday",
            "some day",
            "later in the year",
        ),
        ("vague:soon",),
    ),
    **dict.fromkeys(
        (
            "summer",
            "summertime",
            "summer holidays",
            "summer vacation",
            "summer break",
            "summer hols",
        ),
        ("season:summer",),
    ),
    **dict.fromkeys(("winter",), ("season:winter",)),
    **dict.fromkeys(("spring", "springtime"), ("season:spring",)),
    **dict.fromkeys(("autumn",), ("season:autumn",)),
    **{
        k: (k.split()[0], "season:autumn")
        for k in ("this fall", "next fall", "last fall", "the fall", "in fall")
    },
}
"""English names, matched like the foreign phrases (apostrophes split words: "new year s")."""
