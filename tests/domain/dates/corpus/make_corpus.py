# ruff: noqa: B007 - loop counters kept so the seeded sequence (and so the split) never changes
"""Write the labelled chat-date corpus (``train.tsv`` and ``heldback.tsv``) once.

Run by hand (``python tests/domain/dates/corpus/make_corpus.py``), never by the tests: the
TSV files are the labelled set. Labels come from plain calendar construction written here
(the next occurrence of a day, the coming weekday, Easter from ``dateutil.easter``), never
from the parser's output. Each line: kind, today, date order, country, text, expected —
``YYYY-MM-DD..YYYY-MM-DD`` for a clear phrase, or ``flag:ambiguous|past|impossible|vague``.

The split is random (seeded) and made before any tuning: ``heldback.tsv`` is scored only at
the end, by ``benchmarks/dates_accuracy.py``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from dateutil.easter import easter

HERE = Path(__file__).resolve().parent
rng = random.Random(20261201)
D = date
W = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
EN_ABBR = [m[:3] for m in EN_MONTHS]
DE_MONTHS = [
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
]
FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
ES_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
PT_MONTHS = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
]
DE_WD = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
FR_WD = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
ES_WD = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
PT_WD = ["segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo"]
EN_WD = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
EN_WD_SHORT = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

TODAYS = [
    D(2026, 3, 6),  # Fri
    D(2026, 3, 2),  # Mon
    D(2026, 6, 17),  # Wed
    D(2026, 8, 22),  # Sat
    D(2026, 11, 12),  # Thu
    D(2027, 1, 15),  # Fri
    D(2026, 9, 27),  # Sun
    D(2027, 4, 29),  # Thu
]

rows: list[tuple[str, date, str, str, str, str]] = []


def add(
    kind: str, today: date, text: str, expected: str, order: str = "", country: str = ""
) -> None:
    rows.append((kind, today, order, country, text, expected))


def rng_range(a: date, b: date) -> str:
    return f"{a.isoformat()}..{b.isoformat()}"


def one(a: date) -> str:
    return rng_range(a, a)


def next_range(today: date, m1: int, d1: int, m2: int, d2: int) -> tuple[date, date] | str:
    """This year's dates unless over; just over (≤ 31 days) is a past trip, not next year's."""
    y = today.year
    start, end = D(y, m1, d1), D(y if (m2, d2) >= (m1, d1) else y + 1, m2, d2)
    if end >= today:
        return start, end
    if (today - end).days <= 31:
        return "flag:past"
    if (today - end).days <= 75:
        return "skip"
    return D(y + 1, m1, d1), D(y + 1 if (m2, d2) >= (m1, d1) else y + 2, m2, d2)


def label(value: tuple[date, date] | str) -> str:
    return value if isinstance(value, str) else rng_range(*value)


def coming(today: date, wd: int) -> date:
    """The next ``wd`` strictly after today."""
    return today + timedelta(days=(wd - today.weekday()) % 7 or 7)


def weekday_span(today: date, first: int, last: int, this: bool = False) -> str:
    length = (last - first) % 7 or 7
    latest = today - timedelta(days=(today.weekday() - first) % 7)
    if latest == today:
        # Starts today: "this" settles it; bare, it may be today's or next week's.
        return rng_range(today, today + timedelta(length)) if this else "flag:ambiguous"
    if latest + timedelta(days=length) >= today:
        return (
            "flag:ambiguous"
            if this
            else rng_range(latest + timedelta(7), latest + timedelta(7 + length))
        )
    return rng_range(latest + timedelta(7), latest + timedelta(7 + length))


def pick_days(month: int) -> tuple[int, int]:
    d1 = rng.randint(1, 24)
    return d1, min(d1 + rng.randint(1, 6), 28)


EN_CARRIERS = [
    "{}",
    "{}",
    "in town {} 🍻",
    "heading to lisbon {}, anyone around?",
    "berlin trip {} — who's in",
    "{} in nyc!! drinks?",
    "we're in barcelona {} lol",
    "fyi i'll be in tokyo {}",
    "landing {} ✈️",
    "{}?",
    "staying {} at a friend's",
    "conference in austin {}, ping me",
    "Back home {}",
    "MADRID {} 🇪🇸",
]


def en(fmt: str) -> str:
    return rng.choice(EN_CARRIERS).format(fmt)


# ---------------------------------------------------------------- month names, separators
SEPS = [
    "-",
    "–",
    "—",
    " - ",
    " to ",
    " thru ",
    " through ",
    " till ",
    " until ",
    " → ",
    " -> ",
    "~",
    " til ",
]
for n in range(60):
    today = rng.choice(TODAYS)
    m = rng.randint(1, 12)
    d1, d2 = pick_days(m)
    value = next_range(today, m, d1, m, d2)
    if value == "skip":
        continue
    sep = rng.choice(SEPS)
    name = rng.choice(
        [EN_MONTHS[m - 1], EN_ABBR[m - 1], EN_MONTHS[m - 1].title(), EN_ABBR[m - 1].title()]
    )
    style = n % 6
    if style == 0:
        text = f"{name} {d1}{sep}{d2}"
    elif style == 1:
        text = f"{d1}{sep}{d2} {name}"
    elif style == 2:
        text = f"{name} {d1}{sep}{name} {d2}"
    elif style == 3:
        text = f"{name} {d1}th{sep}{d2}th"  # "1th", "2th": chat ordinals as typed
    elif style == 4:
        word = sep if sep.strip() in ("to", "till", "until", "thru", "til") else " to "
        text = f"from {name} {d1}{word}{d2}"
    else:
        text = f"{d1} {name}{sep}{d2} {name}"
    kind = (
        "separators"
        if sep.strip() in ("→", "->", "—", "–", "~", "thru", "till", "til", "until")
        else "month_name"
    )
    add(kind, today, en(text), label(value))

# cross-month and cross-year with names
for today, text, exp in [
    (D(2026, 3, 6), "mar 28 - apr 3", rng_range(D(2026, 3, 28), D(2026, 4, 3))),
    (D(2026, 3, 6), "dec 28 → jan 2", rng_range(D(2026, 12, 28), D(2027, 1, 2))),
    (D(2026, 11, 12), "dec 30th till jan 4th", rng_range(D(2026, 12, 30), D(2027, 1, 4))),
    (D(2026, 11, 12), "nye thru jan 3", rng_range(D(2026, 12, 31), D(2027, 1, 3))),
    (D(2027, 1, 15), "dec 20 - jan 3", "flag:past"),
    (D(2026, 6, 17), "june 30 → july 4", rng_range(D(2026, 6, 30), D(2026, 7, 4))),
    (D(2026, 8, 22), "aug 29 until sep 2", rng_range(D(2026, 8, 29), D(2026, 9, 2))),
    (D(2026, 8, 22), "august 31st – september 3rd", rng_range(D(2026, 8, 31), D(2026, 9, 3))),
    (D(2026, 9, 27), "oct 30–nov 2 for a wedding", rng_range(D(2026, 10, 30), D(2026, 11, 2))),
    (D(2026, 9, 27), "from 29 sept till 2 oct", rng_range(D(2026, 9, 29), D(2026, 10, 2))),
    (D(2027, 4, 29), "april 30 to may 3", rng_range(D(2027, 4, 30), D(2027, 5, 3))),
    (D(2027, 4, 29), "may 1st—may 4th", rng_range(D(2027, 5, 1), D(2027, 5, 4))),
]:
    add("month_name", today, en(text), exp)

# ---------------------------------------------------------------- typos in month/weekday names
TYPOS = {
    1: ["janaury", "janury", "januray", "jaunary"],
    2: ["feburary", "febuary", "februray", "febraury"],
    3: ["marhc", "mrach"],
    4: ["apirl", "aprill", "apil"],
    6: ["juen"],
    7: ["jully"],
    8: ["agust", "augst", "auguts"],
    9: ["sepember", "septmber", "setpember", "septembre"],
    10: ["ocotber", "octobr", "octber", "oktober"],
    11: ["novmber", "novemeber", "noveber"],
    12: ["decmber", "decemeber", "dicember", "decembr"],
}
for n in range(45):
    today = rng.choice(TODAYS)
    m = rng.choice(list(TYPOS))
    d1, d2 = pick_days(m)
    value = next_range(today, m, d1, m, d2)
    if value == "skip":
        continue
    name = rng.choice(TYPOS[m])
    text = [
        f"{name} {d1}-{d2}",
        f"{d1}-{d2} {name}",
        f"{d1}th to {d2}th of {name}",
        f"{name} {d1} thru {d2}",
    ][n % 4]
    add("typo", today, en(text), label(value))
WD_TYPOS = {
    2: ["wendesday", "wensday", "wednsday"],
    3: ["thrusday", "thursdy"],
    4: ["firday", "fridy"],
    5: ["saterday", "satuday", "saturdy"],
    1: ["tuseday", "teusday"],
    6: ["sundy"],
}
for n in range(14):
    today = rng.choice([D(2026, 3, 2), D(2026, 11, 12), D(2026, 6, 17)])
    wd = rng.choice(list(WD_TYPOS))
    if wd == today.weekday():
        continue
    add("typo", today, en(f"this {rng.choice(WD_TYPOS[wd])}"), one(coming(today, wd)))

# ---------------------------------------------------------------- numeric dates and date order
for n in range(50):
    today = rng.choice(TODAYS)
    m = rng.randint(1, 12)
    d1, d2 = pick_days(m)
    value = next_range(today, m, d1, m, d2)
    if value == "skip":
        continue
    order = rng.choice(["mdy", "dmy", ""])
    mdy_text = f"{m}/{d1}-{m}/{d2}"
    dmy_text = f"{d1}/{m}-{d2}/{m}"
    if order == "":
        # Without a hint, only unambiguous ones are clear; the rest must be asked.
        text = rng.choice([mdy_text, dmy_text])
        ambiguous = d1 <= 12 and d2 <= 12
        if ambiguous:
            add("date_order", today, en(text), "flag:ambiguous")
            continue
        if d2 > 12 or d1 > 12:
            # read the way that works
            add("date_order", today, en(text), label(value))
            continue
        add("date_order", today, en(text), label(value))
        continue
    text = mdy_text if order == "mdy" else dmy_text
    sep = rng.choice(["-", "–", " to ", " - ", " → "])
    text = text.replace("-", sep, 1)
    add("numeric", today, en(text), label(value), order)
for today, order, text, exp in [
    (D(2026, 3, 2), "mdy", "4/6-4/9", rng_range(D(2026, 4, 6), D(2026, 4, 9))),
    (D(2026, 3, 2), "dmy", "4/6-4/9", rng_range(D(2026, 6, 4), D(2026, 9, 4))),
    (D(2026, 3, 2), "", "4/6-4/9", "flag:ambiguous"),
    (D(2026, 3, 2), "dmy", "5/11–9/11", rng_range(D(2026, 11, 5), D(2026, 11, 9))),
    (D(2026, 3, 2), "mdy", "5/11–9/11", rng_range(D(2026, 5, 11), D(2026, 9, 11))),
    (D(2026, 3, 2), "", "5/11–9/11", "flag:ambiguous"),
    (D(2026, 3, 2), "", "3/4", "flag:ambiguous"),
    (D(2026, 3, 2), "", "in paris 6/7 to 9/7", "flag:ambiguous"),
    (D(2026, 3, 2), "dmy", "in paris 6/7 to 9/7", rng_range(D(2026, 7, 6), D(2026, 7, 9))),
    (D(2026, 3, 2), "mdy", "in paris 6/7 to 6/9", rng_range(D(2026, 6, 7), D(2026, 6, 9))),
    (D(2026, 8, 22), "", "10/3 - 10/6", "flag:ambiguous"),
    (D(2026, 8, 22), "", "10/13 - 10/16", rng_range(D(2026, 10, 13), D(2026, 10, 16))),
    (D(2026, 8, 22), "", "13/10 - 16/10", rng_range(D(2026, 10, 13), D(2026, 10, 16))),
    (D(2026, 8, 22), "", "12.9.–15.9.", rng_range(D(2026, 9, 12), D(2026, 9, 15))),
    (D(2026, 8, 22), "mdy", "12.9.–15.9.", rng_range(D(2026, 9, 12), D(2026, 9, 15))),
    (D(2026, 8, 22), "", "3/2/27 - 3/5/27", "flag:ambiguous"),
    (D(2026, 8, 22), "mdy", "3/2/27 - 3/5/27", rng_range(D(2027, 3, 2), D(2027, 3, 5))),
    (D(2026, 11, 12), "dmy", "28/12 → 2/1", rng_range(D(2026, 12, 28), D(2027, 1, 2))),
    (D(2026, 11, 12), "mdy", "12/28 → 1/2", rng_range(D(2026, 12, 28), D(2027, 1, 2))),
    (D(2026, 11, 12), "", "12/28 → 1/2", rng_range(D(2026, 12, 28), D(2027, 1, 2))),
]:
    add("date_order", today, text, exp, order)

# ---------------------------------------------------------------- weekdays said late in the week
WEEK_LATE = [
    D(2026, 3, 6),
    D(2026, 3, 7),
    D(2026, 3, 5),
    D(2026, 11, 13),
    D(2026, 11, 14),
    D(2027, 1, 15),
    D(2026, 9, 27),
]
SPAN_STYLES = [
    "{a}-{b}",
    "{a} to {b}",
    "{A} to {B}",
    "{A} through {B}",
    "{a}–{b}",
    "{A} till {B}",
    "from {A} until {B}",
    "{a} → {b}",
]
for n in range(55):
    today = rng.choice(WEEK_LATE)
    first = rng.randint(0, 6)
    last = (first + rng.randint(1, 4)) % 7
    style = rng.choice(SPAN_STYLES)
    text = style.format(a=EN_WD_SHORT[first], b=EN_WD_SHORT[last], A=EN_WD[first], B=EN_WD[last])
    this = n % 5 == 0
    if this:
        text = "this " + text
    add("weekday_late", today, en(text), weekday_span(today, first, last, this))
for n in range(25):
    today = rng.choice(WEEK_LATE)
    wd = rng.randint(0, 6)
    name = rng.choice([EN_WD[wd], EN_WD_SHORT[wd], EN_WD[wd].title()])
    if wd == today.weekday():
        add("weekday_late", today, en(name), "flag:ambiguous")
    else:
        add("weekday_late", today, en(name), one(coming(today, wd)))
for n in range(20):
    today = rng.choice([*WEEK_LATE, D(2026, 3, 2), D(2026, 6, 17)])
    wd = rng.randint(0, 6)
    name = rng.choice([EN_WD[wd], EN_WD_SHORT[wd]])
    c = coming(today, wd)
    if wd == today.weekday():
        exp = one(today + timedelta(7))
    elif wd > today.weekday():
        exp = "flag:ambiguous"
    else:
        exp = one(c)
    add("weekday_late", today, en(f"next {name}"), exp)

# ------------------------------------------------ "the Friday after next", "a week from Wednesday"
for n in range(40):
    today = rng.choice(TODAYS)
    wd = rng.randint(0, 6)
    name = rng.choice([EN_WD[wd], EN_WD[wd].title(), EN_WD_SHORT[wd]])
    c = coming(today, wd)
    style = n % 5
    if style == 0:
        add("weekday_relative", today, en(f"the {name} after next"), one(c + timedelta(7)))
    elif style == 1:
        add("weekday_relative", today, en(f"a week from {name}"), one(c + timedelta(7)))
    elif style == 2:
        add("weekday_relative", today, en(f"{name} after next"), one(c + timedelta(7)))
    elif style == 3:
        monday = today - timedelta(days=today.weekday()) + timedelta(7)
        add("weekday_relative", today, en(f"{name} next week"), one(monday + timedelta(wd)))
    else:
        add("weekday_relative", today, en(f"one week from {name}"), one(c + timedelta(7)))
for today, text, exp in [
    (D(2026, 3, 2), "the weekend after next", rng_range(D(2026, 3, 14), D(2026, 3, 15))),
    (D(2026, 3, 6), "the weekend after next", rng_range(D(2026, 3, 14), D(2026, 3, 15))),
    (D(2026, 3, 2), "a week from today", one(D(2026, 3, 9))),
    (D(2026, 3, 2), "a week from tomorrow", one(D(2026, 3, 10))),
    (D(2026, 3, 6), "the friday after next", one(D(2026, 3, 20))),
    (D(2026, 3, 6), "wed to fri the week after next", rng_range(D(2026, 3, 18), D(2026, 3, 20))),
]:
    add("weekday_relative", today, en(text), exp)

# ---------------------------------------------------------------- durations
for n in range(45):
    today = rng.choice(TODAYS)
    m = rng.randint(1, 12)
    d = rng.randint(1, 26)
    count = rng.randint(2, 12)
    value = next_range(today, m, d, m, d)
    if value in ("skip", "flag:past"):
        continue
    start = value[0] if isinstance(value, tuple) else None
    assert start is not None
    unit = rng.choice(["days", "nights"])
    end = start + timedelta(days=count - 1 if unit == "days" else count)
    mon = rng.choice([EN_MONTHS[m - 1], EN_ABBR[m - 1].title()])
    style = n % 5
    text = [
        f"for {count} {unit} starting {mon} {d}",
        f"{count} {unit} from {mon} {d}",
        f"{mon} {d} for {count} {unit}",
        f"starting {mon} {d} for {count} {unit}",
        f"for {count} {unit} from {d} {mon}",
    ][style]
    add("duration", today, en(text), rng_range(start, end))
for n in range(16):
    today = rng.choice([D(2026, 3, 2), D(2026, 6, 17), D(2026, 8, 22)])
    d = rng.randint(today.day + 2, 28)
    count = rng.randint(2, 6)
    start = D(today.year, today.month, d)
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
    text = [f"{count} nights from the {d}{suffix}", f"from the {d}{suffix} for {count} nights"][
        n % 2
    ]
    add("duration", today, en(text), rng_range(start, start + timedelta(count)))
for today, text, exp in [
    (D(2026, 11, 12), "for 10 days starting Jan 4", rng_range(D(2027, 1, 4), D(2027, 1, 13))),
    (D(2026, 3, 2), "a week starting friday", rng_range(D(2026, 3, 6), D(2026, 3, 13))),
    (D(2026, 3, 2), "2 nights starting saturday", rng_range(D(2026, 3, 7), D(2026, 3, 9))),
    (D(2026, 3, 2), "a long weekend", "flag:vague"),
    (D(2026, 3, 2), "long weekend in april", "flag:vague"),
    (D(2026, 6, 17), "sometime for a long weekend 🤷", "flag:vague"),
    (D(2026, 3, 2), "a fortnight from the 10th", rng_range(D(2026, 3, 10), D(2026, 3, 24))),
    (D(2026, 3, 2), "tomorrow for a week", rng_range(D(2026, 3, 3), D(2026, 3, 10))),
    (D(2026, 8, 22), "3 weeks in japan from oct 1", rng_range(D(2026, 10, 1), D(2026, 10, 22))),
    (D(2026, 8, 22), "for two weeks from sept 5", rng_range(D(2026, 9, 5), D(2026, 9, 19))),
    (D(2026, 8, 22), "one night only, sept 12", one(D(2026, 9, 12))),
]:
    add("duration", today, text, exp)


# ---------------------------------------------------------------- holidays (country-aware)
def long_weekend(sunday_or_day: date, before: int, after: int) -> str:
    return rng_range(sunday_or_day - timedelta(before), sunday_or_day + timedelta(after))


E26, E27 = easter(2026), easter(2027)  # 2026-04-05, 2027-03-28
for today, country, text, exp in [
    (D(2026, 3, 2), "US", "labor day weekend", rng_range(D(2026, 9, 5), D(2026, 9, 7))),
    (D(2026, 3, 2), "", "Labor Day weekend in chicago", rng_range(D(2026, 9, 5), D(2026, 9, 7))),
    (D(2026, 6, 17), "US", "labor day", one(D(2026, 9, 7))),
    (D(2026, 3, 2), "DE", "labor day", one(D(2026, 5, 1))),
    (D(2026, 3, 2), "FR", "labour day", one(D(2026, 5, 1))),
    (D(2026, 3, 2), "US", "memorial day weekend", rng_range(D(2026, 5, 23), D(2026, 5, 25))),
    (D(2026, 6, 17), "US", "memorial day weekend", "flag:past"),
    (D(2026, 8, 22), "US", "memorial day weekend", rng_range(D(2027, 5, 29), D(2027, 5, 31))),
    (D(2026, 3, 2), "US", "thanksgiving", one(D(2026, 11, 26))),
    (D(2026, 8, 22), "US", "thanksgiving weekend", rng_range(D(2026, 11, 26), D(2026, 11, 29))),
    (D(2026, 8, 22), "", "over thanksgiving 🦃", rng_range(D(2026, 11, 26), D(2026, 11, 29))),
    (D(2026, 8, 22), "CA", "thanksgiving weekend", rng_range(D(2026, 10, 10), D(2026, 10, 12))),
    (D(2026, 8, 22), "CA", "thanksgiving", one(D(2026, 10, 12))),
    (D(2026, 3, 2), "GB", "over easter", rng_range(D(2026, 4, 3), D(2026, 4, 6))),
    (D(2026, 3, 2), "DE", "easter weekend", rng_range(D(2026, 4, 3), D(2026, 4, 6))),
    (D(2026, 3, 2), "US", "easter weekend", rng_range(D(2026, 4, 4), D(2026, 4, 5))),
    (D(2026, 3, 2), "FR", "easter weekend", rng_range(D(2026, 4, 4), D(2026, 4, 6))),
    (D(2026, 3, 2), "ES", "easter weekend", rng_range(D(2026, 4, 3), D(2026, 4, 5))),
    (D(2026, 3, 2), "", "easter", one(E26)),
    (D(2026, 3, 2), "", "easter sunday", one(E26)),
    (D(2026, 3, 2), "", "easter monday", one(E26 + timedelta(1))),
    (D(2026, 3, 2), "", "good friday", one(E26 - timedelta(2))),
    (D(2026, 6, 17), "", "easter", one(E27)),
    (D(2026, 6, 17), "GB", "over easter", rng_range(E27 - timedelta(2), E27 + timedelta(1))),
    (D(2026, 3, 2), "DE", "Pfingsten", one(D(2026, 5, 24))),
    (D(2026, 3, 2), "DE", "über pfingsten", rng_range(D(2026, 5, 23), D(2026, 5, 25))),
    (D(2026, 3, 2), "DE", "pfingstwochenende", rng_range(D(2026, 5, 23), D(2026, 5, 25))),
    (D(2026, 3, 2), "", "whitsun weekend", rng_range(D(2026, 5, 23), D(2026, 5, 25))),
    (D(2026, 3, 2), "DE", "himmelfahrt", one(D(2026, 5, 14))),
    (D(2026, 8, 22), "", "boxing day", one(D(2026, 12, 26))),
    (D(2026, 8, 22), "GB", "boxing day to new year", rng_range(D(2026, 12, 26), D(2027, 1, 1))),
    (
        D(2026, 11, 12),
        "",
        "boxing day till new year's day",
        rng_range(D(2026, 12, 26), D(2027, 1, 1)),
    ),
    (D(2026, 11, 12), "", "christmas to new year", rng_range(D(2026, 12, 25), D(2027, 1, 1))),
    (D(2026, 11, 12), "", "xmas eve", one(D(2026, 12, 24))),
    (
        D(2026, 11, 12),
        "",
        "christmas eve to boxing day",
        rng_range(D(2026, 12, 24), D(2026, 12, 26)),
    ),
    (D(2026, 11, 12), "", "new year's eve", one(D(2026, 12, 31))),
    (D(2026, 11, 12), "", "nye 🎆", one(D(2026, 12, 31))),
    (D(2026, 8, 22), "", "halloween", one(D(2026, 10, 31))),
    (D(2026, 8, 22), "", "halloween weekend", rng_range(D(2026, 10, 31), D(2026, 11, 1))),
    (D(2026, 11, 12), "", "valentine's day", one(D(2027, 2, 14))),
    (D(2026, 3, 2), "IE", "paddy's day", one(D(2026, 3, 17))),
    (D(2026, 3, 2), "", "st patrick's day", one(D(2026, 3, 17))),
    (D(2026, 6, 17), "US", "4th of july weekend", rng_range(D(2026, 7, 3), D(2026, 7, 5))),
    (D(2026, 6, 17), "US", "july 4th", one(D(2026, 7, 4))),
    (D(2026, 5, 10), "GB", "the bank holiday weekend", rng_range(D(2026, 5, 23), D(2026, 5, 25))),
    (
        D(2026, 6, 17),
        "GB",
        "august bank holiday weekend",
        rng_range(D(2026, 8, 29), D(2026, 8, 31)),
    ),
    (D(2026, 3, 2), "GB", "may bank holiday", one(D(2026, 5, 4))),
    (D(2026, 8, 22), "DE", "tag der deutschen einheit", one(D(2026, 10, 3))),
    (D(2026, 8, 22), "DE", "silvester", one(D(2026, 12, 31))),
    (D(2026, 8, 22), "DE", "heiligabend", one(D(2026, 12, 24))),
    (
        D(2026, 8, 22),
        "DE",
        "weihnachten bis silvester",
        rng_range(D(2026, 12, 25), D(2026, 12, 31)),
    ),
    (D(2026, 8, 22), "DE", "über ostern", rng_range(D(2027, 3, 26), D(2027, 3, 29))),
    (D(2026, 3, 2), "DE", "ostern", one(E26)),
    (D(2026, 3, 2), "FR", "pâques", one(E26)),
    (D(2026, 3, 2), "FR", "le week-end de pâques", rng_range(D(2026, 4, 4), D(2026, 4, 6))),
    (D(2026, 3, 2), "FR", "la pentecôte", one(D(2026, 5, 24))),
    (D(2026, 3, 2), "FR", "le 14 juillet", one(D(2026, 7, 14))),
    (D(2026, 8, 22), "FR", "la toussaint", one(D(2026, 11, 1))),
    (D(2026, 8, 22), "FR", "noël", one(D(2026, 12, 25))),
    (D(2026, 8, 22), "FR", "le nouvel an", one(D(2027, 1, 1))),
    (D(2026, 8, 22), "FR", "la saint-sylvestre", one(D(2026, 12, 31))),
    (D(2026, 8, 22), "ES", "navidad", one(D(2026, 12, 25))),
    (D(2026, 8, 22), "ES", "nochevieja", one(D(2026, 12, 31))),
    (D(2026, 8, 22), "ES", "nochebuena", one(D(2026, 12, 24))),
    (D(2026, 8, 22), "ES", "año nuevo", one(D(2027, 1, 1))),
    (D(2026, 3, 2), "ES", "semana santa", "flag:vague"),
    (D(2026, 8, 22), "PT", "natal", one(D(2026, 12, 25))),
    (D(2026, 8, 22), "BR", "réveillon", one(D(2026, 12, 31))),
    (D(2026, 3, 2), "PT", "páscoa", one(E26)),
    (D(2026, 8, 22), "BR", "carnaval", rng_range(D(2027, 2, 6), D(2027, 2, 9))),
    (D(2026, 3, 2), "BR", "carnaval", "flag:past"),
    (D(2026, 11, 12), "", "over christmas", "flag:vague"),
    (D(2026, 11, 12), "", "christmas", one(D(2026, 12, 25))),
    (D(2026, 11, 12), "", "xmas day", one(D(2026, 12, 25))),
    (D(2026, 3, 2), "", "christmas", one(D(2026, 12, 25))),
]:
    add("holiday", today, text if rng.random() < 0.5 else en(text), exp, "", country)

# ---------------------------------------------------------------- seasons and vague windows
for today, country, text in [
    (D(2026, 3, 2), "US", "spring break"),
    (D(2026, 3, 2), "", "over spring break!!"),
    (D(2026, 3, 2), "", "next summer"),
    (D(2026, 3, 2), "", "this summer"),
    (D(2026, 11, 12), "", "sometime in the spring"),
    (D(2026, 3, 2), "", "in the fall"),
    (D(2026, 3, 2), "GB", "in the autumn"),
    (D(2026, 3, 2), "", "over the summer"),
    (D(2026, 6, 17), "", "this winter"),
    (D(2026, 6, 17), "", "next winter"),
    (D(2026, 3, 2), "", "summer 2026"),
    (D(2026, 8, 22), "", "over winter break"),
    (D(2026, 3, 2), "", "during the summer holidays"),
    (D(2026, 3, 2), "DE", "im sommer"),
    (D(2026, 3, 2), "DE", "nächsten sommer"),
    (D(2026, 3, 2), "FR", "cet été"),
    (D(2026, 3, 2), "FR", "l'été prochain"),
    (D(2026, 3, 2), "ES", "este verano"),
    (D(2026, 3, 2), "ES", "el verano que viene"),
    (D(2026, 3, 2), "PT", "no verão"),
    (D(2026, 3, 2), "BR", "nas férias de julho"),
    (D(2026, 3, 2), "", "sometime soon"),
    (D(2026, 3, 2), "", "later this year"),
    (D(2026, 6, 17), "AU", "this summer"),
    (D(2026, 3, 2), "", "mid-april"),
    (D(2026, 3, 2), "", "early may"),
    (D(2026, 3, 2), "", "end of june"),
    (D(2026, 3, 2), "DE", "mitte juni"),
    (D(2026, 3, 2), "DE", "anfang juli"),
    (D(2026, 3, 2), "DE", "ende august"),
    (D(2026, 3, 2), "FR", "mi-juin"),
    (D(2026, 3, 2), "FR", "début juillet"),
    (D(2026, 3, 2), "FR", "fin août"),
    (D(2026, 3, 2), "ES", "a mediados de junio"),
    (D(2026, 3, 2), "ES", "principios de julio"),
    (D(2026, 3, 2), "ES", "a finales de agosto"),
    (D(2026, 3, 2), "PT", "meados de junho"),
    (D(2026, 3, 2), "PT", "início de julho"),
    (D(2026, 3, 2), "PT", "final de agosto"),
    (D(2026, 3, 2), "", "first week of may"),
    (D(2026, 3, 2), "", "sometime in july"),
]:
    add("season", today, text if rng.random() < 0.5 else en(text), "flag:vague", "", country)

# ------------------------------------------------ the past, and suspiciously far ahead
for n in range(40):
    today = rng.choice(TODAYS)
    back = rng.randint(1, 28)
    end = today - timedelta(days=back)
    length = rng.randint(0, 5)
    start = end - timedelta(days=length)
    if start.year != end.year or start.year != today.year:
        continue
    m1, m2 = EN_ABBR[start.month - 1], EN_ABBR[end.month - 1]
    if length == 0:
        text = f"{m1} {start.day}"
    elif start.month == end.month:
        text = [
            f"{m1} {start.day}-{end.day}",
            f"{start.day}-{end.day} {m1}",
            f"{m1} {start.day} to {end.day}",
        ][n % 3]
    else:
        text = f"{m1} {start.day} - {m2} {end.day}"
    add("past", today, en(text), "flag:past")
for today, text in [
    (D(2026, 3, 2), "yesterday"),
    (D(2026, 3, 2), "last weekend"),
    (D(2026, 3, 6), "last week"),
    (D(2026, 3, 6), "last thursday"),
    (D(2026, 3, 6), "3 days ago"),
    (D(2026, 3, 2), "feb 1-5 2026"),
    (D(2026, 3, 2), "2026-02-10..2026-02-14"),
    (D(2026, 3, 2), "jan 3, 2026"),
    (D(2026, 8, 22), "we were in rome aug 1-5"),
    (D(2026, 3, 2), "the weekend before last"),
    (D(2026, 3, 6), "mon to wed last week"),
    (D(2026, 3, 2), "DE:gestern"),
    (D(2026, 3, 2), "DE:letztes wochenende"),
    (D(2026, 3, 2), "DE:letzte woche"),
    (D(2026, 3, 2), "FR:hier"),
    (D(2026, 3, 2), "FR:le week-end dernier"),
    (D(2026, 3, 2), "FR:la semaine dernière"),
    (D(2026, 3, 2), "ES:ayer"),
    (D(2026, 3, 2), "ES:el fin de semana pasado"),
    (D(2026, 3, 2), "ES:la semana pasada"),
    (D(2026, 3, 2), "PT:ontem"),
    (D(2026, 3, 2), "PT:semana passada"),
    (D(2026, 3, 2), "PT:fim de semana passado"),
    (D(2026, 3, 10), "DE:vom 1. bis 4. märz"),
    (D(2026, 3, 10), "FR:du 2 au 5 mars"),
    (D(2026, 3, 10), "ES:del 1 al 3 de marzo"),
    (D(2026, 3, 10), "PT:de 2 a 6 de março"),
    (D(2026, 3, 10), "2/28-3/2"),
]:
    country = ""
    if text[:3] in ("DE:", "FR:", "ES:", "PT:"):
        country, text = text[:2], text[3:]
    add("past", today, text, "flag:past", "", country)

# ---------------------------------------------------------------- leap days and explicit years
for today, text, exp in [
    (D(2027, 6, 10), "feb 29", one(D(2028, 2, 29))),
    (D(2027, 6, 10), "the 29th of february", one(D(2028, 2, 29))),
    (D(2027, 3, 10), "29 feb", one(D(2028, 2, 29))),
    (D(2026, 3, 2), "feb 29", "flag:impossible"),
    (D(2026, 3, 2), "feb 29 2027", "flag:impossible"),
    (D(2026, 3, 2), "29.02.2027", "flag:impossible"),
    (D(2027, 6, 10), "feb 27-mar 2, 2028", rng_range(D(2028, 2, 27), D(2028, 3, 2))),
    (D(2031, 9, 1), "Feb 27-Mar 2, 2032", rng_range(D(2032, 2, 27), D(2032, 3, 2))),
    (D(2031, 9, 1), "feb 28 - mar 1 2032", rng_range(D(2032, 2, 28), D(2032, 3, 1))),
    (D(2026, 6, 17), "feb 28 - mar 1 2027", rng_range(D(2027, 2, 28), D(2027, 3, 1))),
    (D(2027, 6, 10), "feb 28th to march 1st 2028", rng_range(D(2028, 2, 28), D(2028, 3, 1))),
    (D(2027, 11, 3), "2028-02-27 → 2028-03-01", rng_range(D(2028, 2, 27), D(2028, 3, 1))),
    (D(2026, 3, 2), "dec 28 2026 - jan 3 2027", rng_range(D(2026, 12, 28), D(2027, 1, 3))),
    (D(2026, 3, 2), "dec 28 - jan 3 2027", rng_range(D(2026, 12, 28), D(2027, 1, 3))),
    (D(2026, 3, 2), "march 3rd 2027", "flag:past"),
    (D(2026, 3, 2), "june 5-9, 2026", rng_range(D(2026, 6, 5), D(2026, 6, 9))),
    (D(2026, 3, 2), "5-9 june 2026", rng_range(D(2026, 6, 5), D(2026, 6, 9))),
    (D(2026, 3, 2), "june 5 - 9 '26", rng_range(D(2026, 6, 5), D(2026, 6, 9))),
    (D(2026, 11, 12), "jan 5-9 2027", rng_range(D(2027, 1, 5), D(2027, 1, 9))),
    (D(2026, 11, 12), "jan 5-9 2026", "flag:past"),
    (D(2028, 1, 20), "feb 29", one(D(2028, 2, 29))),
    (D(2028, 1, 20), "feb 28 - mar 1", rng_range(D(2028, 2, 28), D(2028, 3, 1))),
    (D(2027, 1, 20), "feb 28 - mar 1", rng_range(D(2027, 2, 28), D(2027, 3, 1))),
    (D(2028, 1, 20), "DE:vom 28. februar bis 1. märz", rng_range(D(2028, 2, 28), D(2028, 3, 1))),
    (D(2028, 1, 20), "ES:el 29 de febrero", one(D(2028, 2, 29))),
    (D(2028, 1, 20), "FR:le 29 février", one(D(2028, 2, 29))),
]:
    country = ""
    if text[:3] in ("DE:", "FR:", "ES:", "PT:"):
        country, text = text[:2], text[3:]
    add("leap_year", today, text if rng.random() < 0.6 else en(text), exp, "", country)
# "march 3rd 2027" from 2026-03-02 is more than a year ahead: flagged (labelled past/too far).

# ---------------------------------------------------------------- impossible
for today, text in [
    (D(2026, 3, 2), "feb 30"),
    (D(2026, 3, 2), "april 31st"),
    (D(2026, 3, 2), "june 31 - july 3"),
    (D(2026, 3, 2), "sept 31"),
    (D(2026, 3, 2), "mar 32"),
    (D(2026, 3, 2), "dec 9-5"),
    (D(2026, 3, 2), "fri dec 12"),
    (D(2026, 3, 2), "13/45"),
    (D(2026, 3, 2), "0/5"),
    (D(2026, 3, 2), "2026-13-01"),
    (D(2026, 3, 2), "nov 31 to dec 2"),
    (D(2026, 3, 2), "jan 1 2027 - jan 5 2028"),
    (D(2026, 3, 2), "DE:30. februar"),
    (D(2026, 3, 2), "DE:vom 31. april bis 2. mai"),
    (D(2026, 3, 2), "FR:le 31 juin"),
    (D(2026, 3, 2), "FR:du 30 février au 2 mars"),
    (D(2026, 3, 2), "ES:el 31 de junio"),
    (D(2026, 3, 2), "ES:del 31 de septiembre al 2 de octubre"),
    (D(2026, 3, 2), "PT:31 de abril"),
    (D(2026, 3, 2), "PT:de 30 de fevereiro a 2 de março"),
    (D(2026, 3, 2), "may 10 → may 4"),
    (D(2026, 3, 2), "wed 14th june"),
    (D(2026, 3, 2), "feb 31st–mar 2nd"),
]:
    country = ""
    if text[:3] in ("DE:", "FR:", "ES:", "PT:"):
        country, text = text[:2], text[3:]
    add(
        "impossible",
        today,
        text if rng.random() < 0.6 else en(text),
        "flag:impossible",
        "",
        country,
    )

# ---------------------------------------------------------------- other languages
DE_CARRIERS = [
    "{}",
    "bin {} in köln… wer ist da?",
    "{} in berlin 🍻",
    "sind {} in hamburg, jemand da?",
    "{} in münchen!",
]
FR_CARRIERS = [
    "{}",
    "je suis à paris {}, qui est dispo ?",
    "{} à lyon 🥐",
    "on passe à marseille {}",
    "dispo {} ?",
]
ES_CARRIERS = [
    "{}",
    "estoy en madrid {}, ¿alguien?",
    "{} en barcelona 🍻",
    "vamos a sevilla {}",
    "¿quedamos {}?",
]
PT_CARRIERS = [
    "{}",
    "vou estar em lisboa {}, alguém?",
    "{} no porto 🍷",
    "estamos em são paulo {}",
    "bora {}?",
]
LANGS = {
    "german": (DE_MONTHS, DE_WD, DE_CARRIERS, "DE"),
    "french": (FR_MONTHS, FR_WD, FR_CARRIERS, "FR"),
    "spanish": (ES_MONTHS, ES_WD, ES_CARRIERS, "ES"),
    "portuguese": (PT_MONTHS, PT_WD, PT_CARRIERS, "PT"),
}


def fmt_range(lang: str, d1: int, m1: int, d2: int, m2: int, style: int) -> str:
    mo = LANGS[lang][0]
    a, b = mo[m1 - 1], mo[m2 - 1]
    if lang == "german":
        if m1 == m2:
            return [
                f"vom {d1}. bis {d2}. {b}",
                f"{d1}.-{d2}. {b}",
                f"vom {d1}. bis zum {d2}. {b}",
                f"{d1}. bis {d2}. {b}",
            ][style % 4]
        return [f"vom {d1}. {a} bis {d2}. {b}", f"{d1}.{m1}. - {d2}.{m2}."][style % 2]
    if lang == "french":
        first = "1er" if d1 == 1 else str(d1)
        if m1 == m2:
            return [
                f"du {first} au {d2} {b}",
                f"du {d1} {a} au {d2} {b}",
                f"entre le {d1} et le {d2} {b}",
                f"{d1}-{d2} {b}",
            ][style % 4]
        return f"du {first} {a} au {d2} {b}"
    if lang == "spanish":
        if m1 == m2:
            return [
                f"del {d1} al {d2} de {b}",
                f"del {d1} de {a} al {d2} de {b}",
                f"entre el {d1} y el {d2} de {b}",
                f"{d1}-{d2} de {b}",
            ][style % 4]
        return f"del {d1} de {a} al {d2} de {b}"
    if m1 == m2:
        return [
            f"de {d1} a {d2} de {b}",
            f"do dia {d1} ao dia {d2} de {b}",
            f"de {d1} até {d2} de {b}",
            f"entre {d1} e {d2} de {b}",
        ][style % 4]
    return f"de {d1} de {a} a {d2} de {b}"


for lang, (months, wds, carriers, country) in LANGS.items():
    for n in range(16):
        today = rng.choice(TODAYS)
        m = rng.randint(1, 12)
        d1, d2 = pick_days(m)
        m2 = m
        if n % 7 == 6:
            m2 = m % 12 + 1
            d2 = rng.randint(1, 5)
        value = next_range(today, m, d1, m2, d2)
        if value == "skip":
            continue
        text = rng.choice(carriers).format(fmt_range(lang, d1, m, d2, m2, n))
        add(lang, today, text, label(value), "", country if n % 2 else "")
    for n in range(6):
        today = rng.choice(TODAYS)
        m = rng.randint(1, 12)
        d = rng.randint(1, 28)
        value = next_range(today, m, d, m, d)
        if value == "skip":
            continue
        text = {
            "german": f"am {d}. {months[m - 1]}",
            "french": f"le {'1er' if d == 1 else d} {months[m - 1]}",
            "spanish": f"el {d} de {months[m - 1]}",
            "portuguese": f"dia {d} de {months[m - 1]}",
        }[lang]
        add(lang, today, rng.choice(carriers).format(text), label(value), "", country)
    # weekdays
    for n in range(8):
        today = rng.choice([*WEEK_LATE, D(2026, 3, 2)])
        first = rng.randint(0, 4)
        last = first + rng.randint(1, 2)
        text = {
            "german": f"von {wds[first]} bis {wds[last]}",
            "french": f"du {wds[first]} au {wds[last]}",
            "spanish": f"de {wds[first]} a {wds[last]}",
            "portuguese": f"de {wds[first]} a {wds[last]}",
        }[lang]
        add(
            lang,
            today,
            rng.choice(carriers).format(text),
            weekday_span(today, first, last),
            "",
            country,
        )

RELATIVE = {
    "german": [("morgen", 1), ("übermorgen", 2), ("heute", 0)],
    "french": [("demain", 1), ("après-demain", 2), ("aujourd'hui", 0)],
    "spanish": [("mañana", 1), ("pasado mañana", 2), ("hoy", 0)],
    "portuguese": [("amanhã", 1), ("depois de amanhã", 2), ("hoje", 0)],
}
for lang, words in RELATIVE.items():
    carriers, country = LANGS[lang][2], LANGS[lang][3]
    for word, offset in words:
        for today in rng.sample(TODAYS, 2):
            add(
                lang,
                today,
                rng.choice(carriers).format(word),
                one(today + timedelta(offset)),
                "",
                country,
            )

WEEKENDS = {
    "german": ["dieses wochenende", "am wochenende"],
    "french": ["ce week-end", "ce weekend"],
    "spanish": ["este fin de semana", "este finde"],
    "portuguese": ["este fim de semana", "neste fim de semana"],
}
NEXT_WEEKENDS = {
    "german": "nächstes wochenende",
    "french": "le week-end prochain",
    "spanish": "el próximo fin de semana",
    "portuguese": "no próximo fim de semana",
}
for lang, phrases in WEEKENDS.items():
    carriers, country = LANGS[lang][2], LANGS[lang][3]
    for phrase in phrases:
        today = rng.choice([D(2026, 3, 2), D(2026, 6, 17), D(2026, 11, 12), D(2026, 3, 6)])
        sat = coming(today, 5)
        add(
            lang,
            today,
            rng.choice(carriers).format(phrase),
            rng_range(sat, sat + timedelta(1)),
            "",
            country,
        )
    today = D(2026, 3, 7)  # a Saturday: "next weekend" is the following one
    add(
        lang,
        today,
        rng.choice(carriers).format(NEXT_WEEKENDS[lang]),
        rng_range(D(2026, 3, 14), D(2026, 3, 15)),
        "",
        country,
    )

NEXT_WEEKDAY = {
    "german": "nächsten {}",
    "french": "{} prochain",
    "spanish": "el próximo {}",
    "portuguese": "{} que vem",
}
for lang, fmt in NEXT_WEEKDAY.items():
    wds, carriers, country = LANGS[lang][1], LANGS[lang][2], LANGS[lang][3]
    for n in range(4):
        today = rng.choice([D(2026, 3, 6), D(2026, 3, 7), D(2026, 11, 13)])
        wd = rng.randint(0, today.weekday())  # not still ahead this week: no question
        exp = one(today + timedelta(7)) if wd == today.weekday() else one(coming(today, wd))
        add(lang, today, rng.choice(carriers).format(fmt.format(wds[wd])), exp, "", country)
    for n in range(2):
        today = D(2026, 3, 2)
        wd = rng.randint(2, 5)
        add(lang, today, fmt.format(wds[wd]), "flag:ambiguous", "", country)

WEEK_WORDS = {
    "german": [("nächste woche", 1), ("diese woche", 0), ("übernächste woche", 2)],
    "french": [("la semaine prochaine", 1), ("cette semaine", 0)],
    "spanish": [("la semana que viene", 1), ("la próxima semana", 1), ("esta semana", 0)],
    "portuguese": [("semana que vem", 1), ("na próxima semana", 1), ("esta semana", 0)],
}
for lang, words in WEEK_WORDS.items():
    carriers, country = LANGS[lang][2], LANGS[lang][3]
    for word, ahead in words:
        today = rng.choice(TODAYS)
        monday = today - timedelta(today.weekday()) + timedelta(7 * ahead)
        add(
            lang,
            today,
            rng.choice(carriers).format(word),
            rng_range(monday, monday + timedelta(6)),
            "",
            country,
        )

for today, lang, text, exp in [
    (D(2026, 3, 2), "german", "in 3 tagen", one(D(2026, 3, 5))),
    (D(2026, 3, 2), "french", "dans 3 jours", one(D(2026, 3, 5))),
    (D(2026, 3, 2), "spanish", "en 3 días", one(D(2026, 3, 5))),
    (D(2026, 3, 2), "portuguese", "daqui a 3 dias", one(D(2026, 3, 5))),
    (D(2026, 3, 2), "german", "bis freitag", rng_range(D(2026, 3, 2), D(2026, 3, 6))),
    (D(2026, 3, 2), "french", "jusqu'à vendredi", rng_range(D(2026, 3, 2), D(2026, 3, 6))),
    (D(2026, 3, 2), "spanish", "hasta el viernes", rng_range(D(2026, 3, 2), D(2026, 3, 6))),
    (D(2026, 3, 2), "portuguese", "até sexta", rng_range(D(2026, 3, 2), D(2026, 3, 6))),
    (D(2026, 3, 2), "german", "ab dem 12. für 3 nächte", rng_range(D(2026, 3, 12), D(2026, 3, 15))),
    (
        D(2026, 3, 2),
        "german",
        "3 nächte ab dem 12. märz",
        rng_range(D(2026, 3, 12), D(2026, 3, 15)),
    ),
    (
        D(2026, 3, 2),
        "french",
        "3 nuits à partir du 12 mars",
        rng_range(D(2026, 3, 12), D(2026, 3, 15)),
    ),
    (
        D(2026, 3, 2),
        "french",
        "pour une semaine à partir du 10 avril",
        rng_range(D(2026, 4, 10), D(2026, 4, 17)),
    ),
    (
        D(2026, 3, 2),
        "spanish",
        "3 noches desde el 12 de marzo",
        rng_range(D(2026, 3, 12), D(2026, 3, 15)),
    ),
    (
        D(2026, 3, 2),
        "spanish",
        "una semana a partir del 10 de abril",
        rng_range(D(2026, 4, 10), D(2026, 4, 17)),
    ),
    (
        D(2026, 3, 2),
        "portuguese",
        "3 noites a partir do dia 12 de março",
        rng_range(D(2026, 3, 12), D(2026, 3, 15)),
    ),
    (
        D(2026, 3, 2),
        "portuguese",
        "uma semana a partir de 10 de abril",
        rng_range(D(2026, 4, 10), D(2026, 4, 17)),
    ),
    (D(2026, 11, 12), "german", "vom 28.12. bis 2.1.", rng_range(D(2026, 12, 28), D(2027, 1, 2))),
    (
        D(2026, 11, 12),
        "french",
        "du 28 décembre au 2 janvier",
        rng_range(D(2026, 12, 28), D(2027, 1, 2)),
    ),
    (
        D(2026, 11, 12),
        "spanish",
        "del 28 de diciembre al 2 de enero",
        rng_range(D(2026, 12, 28), D(2027, 1, 2)),
    ),
    (
        D(2026, 11, 12),
        "portuguese",
        "de 28 de dezembro a 2 de janeiro",
        rng_range(D(2026, 12, 28), D(2027, 1, 2)),
    ),
    (
        D(2026, 3, 2),
        "german",
        "zwischen dem 3. und 7. mai",
        rng_range(D(2026, 5, 3), D(2026, 5, 7)),
    ),
    (D(2026, 3, 2), "german", "am 3. oktober", one(D(2026, 10, 3))),
    (D(2026, 3, 2), "spanish", "del 2 al 6 de mayo", rng_range(D(2026, 5, 2), D(2026, 5, 6))),
    (D(2026, 3, 2), "portuguese", "de 10 a 14 de julho", rng_range(D(2026, 7, 10), D(2026, 7, 14))),
    (D(2026, 3, 2), "french", "du 12 au 15 juin", rng_range(D(2026, 6, 12), D(2026, 6, 15))),
    (D(2026, 3, 2), "german", "vom 12. bis 15. juni", rng_range(D(2026, 6, 12), D(2026, 6, 15))),
    (D(2026, 3, 2), "portuguese", "sexta-feira", one(D(2026, 3, 6))),
    (
        D(2026, 3, 2),
        "portuguese",
        "de segunda-feira a quarta-feira que vem",
        rng_range(D(2026, 3, 9), D(2026, 3, 11)),
    ),
    (D(2026, 3, 2), "german", "freitag bis sonntag", rng_range(D(2026, 3, 6), D(2026, 3, 8))),
    (D(2026, 3, 2), "french", "vendredi au dimanche", rng_range(D(2026, 3, 6), D(2026, 3, 8))),
    (D(2026, 3, 2), "spanish", "viernes a domingo", rng_range(D(2026, 3, 6), D(2026, 3, 8))),
    (D(2026, 3, 2), "german", "12.–15. Juni", rng_range(D(2026, 6, 12), D(2026, 6, 15))),
    (D(2026, 3, 2), "spanish", "12/6 al 15/6", rng_range(D(2026, 6, 12), D(2026, 6, 15))),
    (D(2026, 3, 2), "portuguese", "12/06 a 15/06", rng_range(D(2026, 6, 12), D(2026, 6, 15))),
    (D(2026, 3, 2), "french", "12/06 au 15/06", rng_range(D(2026, 6, 12), D(2026, 6, 15))),
    (D(2026, 3, 2), "german", "übernächsten freitag", one(D(2026, 3, 13))),
    (D(2026, 3, 2), "french", "ven. 6 mars", one(D(2026, 3, 6))),
    (D(2026, 3, 2), "german", "fr, 6. märz", one(D(2026, 3, 6))),
]:
    order = "dmy" if "/" in text else ""
    add(lang, today, text, exp, order, LANGS[lang][3] if rng.random() < 0.5 else "")

# ---------------------------------------------------------------- ambiguous phrasings
for today, text in [
    (D(2026, 3, 6), "this thursday to saturday"),
    (D(2026, 3, 6), "this thu-sat"),
    (D(2026, 3, 7), "this fri-sun"),
    (D(2026, 3, 6), "fri-sun"),
    (D(2026, 3, 6), "friday"),
    (D(2026, 3, 2), "next friday"),
    (D(2026, 3, 2), "arriving jan 10, leaving jan 20"),
    (D(2026, 3, 2), "mar 10 or mar 12"),
    (D(2026, 3, 2), "2 weeks from friday"),
    (D(2026, 3, 2), "until monday"),
    (D(2026, 3, 2), "next weekend"),
    (D(2026, 3, 2), "4/5"),
    (D(2026, 3, 2), "6/7-6/9"),
    (D(2026, 3, 2), "landing 3/4, out 3/8"),
    (D(2026, 3, 8), "this weekend"),
    (D(2026, 3, 7), "sat-sun"),
    (D(2026, 3, 2), "flying in 5/6 🛫"),
]:
    add("ambiguous", today, text if rng.random() < 0.5 else en(text), "flag:ambiguous")

rng.shuffle(rows)
seen: set[tuple[str, str, str, str]] = set()
unique = []
for row in rows:
    key = (row[1].isoformat(), row[2], row[3], row[4])
    if key not in seen and row[5] != "skip":
        seen.add(key)
        unique.append(row)
cut = round(len(unique) * 0.3)
heldback, train = unique[:cut], unique[cut:]

# The hand-written batch (labelled from a printed calendar) is split the same way.
written = []
for line in (HERE / "handwritten.tsv").read_text(encoding="utf-8").splitlines():
    if line and not line.startswith("#"):
        k, t, o, c, text, e = line.split("\t")
        written.append(
            (k, date.fromisoformat(t), "" if o == "-" else o, "" if c == "-" else c, text, e)
        )
random.Random(7).shuffle(written)
cut_written = round(len(written) * 0.3)
heldback += written[:cut_written]
train += written[cut_written:]

header = "# kind\ttoday\tdate_order\tcountry\ttext\texpected\n"
for name, part in (("heldback.tsv", heldback), ("train.tsv", train)):
    lines = [
        "\t".join((k, t.isoformat(), o or "-", c or "-", text, e)) + "\n"
        for k, t, o, c, text, e in sorted(part, key=lambda r: (r[0], r[1], r[4]))
    ]
    (HERE / name).write_text(header + "".join(lines), encoding="utf-8")
print(len(unique) + len(written), "phrases,", len(heldback), "held back")
