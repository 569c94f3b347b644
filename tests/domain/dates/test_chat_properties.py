"""Chat in five languages, with holidays and typos, still only ever yields a result or a typed
error — and every reading starts on or before its end."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.dates import Ambiguous, DateParseError, parse_date_range

FRAGMENTS = [
    "vom",
    "12.",
    "bis",
    "15.",
    "Juni",
    "am",
    "3.",
    "Oktober",
    "du",
    "au",
    "juin",
    "1er",
    "del",
    "al",
    "de",
    "mayo",
    "a",
    "julho",
    "até",
    "morgen",
    "übermorgen",
    "demain",
    "après-demain",
    "mañana",
    "amanhã",
    "nächsten",
    "Freitag",
    "prochain",
    "que",
    "viene",
    "vem",
    "ce",
    "week-end",
    "este",
    "fin",
    "semana",
    "fim",
    "Pfingsten",
    "over",
    "Easter",
    "Labor",
    "Day",
    "weekend",
    "long",
    "Boxing",
    "to",
    "New",
    "Year's",
    "Halloween",
    "Thanksgiving",
    "spring",
    "break",
    "next",
    "summer",
    "Janaury",
    "Sepember",
    "→",
    "->",
    "–",
    "thru",
    "till",
    "until",
    "the",
    "Friday",
    "after",
    "a",
    "week",
    "from",
    "Wednesday",
    "wed-fri",
    "saturday",
    "tuesday",
    "for",
    "10",
    "days",
    "starting",
    "Jan",
    "4",
    "3",
    "nights",
    "12th",
    "Feb",
    "27-Mar",
    "2,",
    "2032",
    "29th",
    "of",
    "February",
    "4/6-4/9",
    "5/11–9/11",
    "'26",
    "or",
    "and",
    "y",
    "und",
    "carnaval",
    "bank",
    "holiday",
    "first",
    "last",
    "2moro",
    "nxt",
    "wknd",
    "🍻",
    "feb 13/14",
    "dia",
    "el",
    "le",
    "this",
    "sat",
    "staying",
    "leaving",
    "14-16th",
]
texts = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(FRAGMENTS), max_size=10).map(" ".join),
)
todays = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
orders = st.sampled_from([None, "mdy", "dmy"])
countries = st.sampled_from([None, "US", "GB", "DE", "FR", "ES", "PT", "BR", "CA", "AU", "XX", ""])
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texts, todays, orders, countries)
def test_any_chat_gives_a_result_or_a_typed_error(
    text: str, today: date, order: str | None, country: str | None
) -> None:
    try:
        result = parse_date_range(
            text,
            today=today,
            date_order=order,  # type: ignore[arg-type]
            country=country,
        )
    except DateParseError as exc:
        failure: DateParseError | None = exc
    else:
        failure = None
    if failure is not None:
        assert failure.user_message
        return
    readings = result.readings if isinstance(result, Ambiguous) else (result,)
    assert readings
    for reading in readings:
        assert reading.start <= reading.end
        assert reading.end >= today
        assert reading.nights <= 365
