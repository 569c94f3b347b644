"""Reading a message as a meetup plan: who is mentioned, which city, which days."""

from __future__ import annotations

from datetime import date

from bot.domain.chatter import read_plan
from bot.domain.dates import DateRange

TODAY = date(2026, 12, 2)  # a Wednesday
SAM, ANA, ROLE = 123456789012345678, 223456789012345678, 323456789012345678


def test_dates_without_a_city_are_a_window() -> None:
    plan = read_plan(f"we should grab dinner next week while <@{SAM}> is in town", TODAY)
    assert plan.places == ()
    assert plan.exact == DateRange(date(2026, 12, 7), date(2026, 12, 13))
    assert plan.mentioned == (SAM,)


def test_city_dates_and_members_but_not_roles_or_repeats() -> None:
    plan = read_plan(
        f"dinner in Lisbon Mar 3-7 with <@{SAM}>, <@!{ANA}> and <@{SAM}>? <@&{ROLE}> @everyone",
        TODAY,
    )
    assert plan.places[0].label == "Lisbon, PT"
    assert plan.exact == DateRange(date(2027, 3, 3), date(2027, 3, 7))
    assert plan.mentioned == (SAM, ANA)


def test_ambiguous_dates_keep_their_readings() -> None:
    plan = read_plan("drinks when we're all in berlin next weekend", TODAY)
    assert plan.exact is None
    assert len(plan.readings) == 2


def test_nothing_to_read_and_long_messages() -> None:
    assert read_plan("let's meet up sometime", TODAY).readings == ()
    long = "blah " * 500 + ". drinks on dec 12"
    assert read_plan(long, TODAY).readings == ()  # past the 2,000 characters Discord allows
    assert read_plan("blah " * 100 + ". drinks on dec 12", TODAY).exact == DateRange(
        date(2026, 12, 12), date(2026, 12, 12)
    )
