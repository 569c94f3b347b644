"""Proposing meetup times: ranking, reasons, spreading, DST, near misses, and properties."""

from __future__ import annotations

import itertools
import time as wall
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.domain.dates.model import DateRange
from bot.domain.tweetups.availability import Availability, Participant, SociableHours
from bot.domain.tweetups.errors import (
    InvalidSearchWindow,
    InvalidSlotSettings,
    NotEnoughParticipants,
)
from bot.domain.tweetups.slots import (
    MAX_PER_DAY,
    NoCommonTime,
    ProposalResult,
    SlotProposals,
    propose_slots,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Mon 2 Mar 2026, 09:00 in Berlin


def trip(first: int, last: int, month: int = 3) -> DateRange:
    return DateRange(date(2026, month, first), date(2026, month, last))


def proposals(result: ProposalResult) -> SlotProposals:
    assert isinstance(result, SlotProposals), result
    return result


def no_common_time(result: ProposalResult) -> NoCommonTime:
    assert isinstance(result, NoCommonTime), result
    return result


ANA = Participant(1, "Ana", (trip(3, 7),))
BO = Participant(2, "Bo", (trip(5, 12),))
CY = Participant(3, "Cy")
DI = Participant(4, "Di")


def test_best_slots_come_first_and_everyone_who_can_come_is_counted() -> None:
    result = proposals(propose_slots([ANA, BO, CY, DI], zone=BERLIN, now=MONDAY_MORNING))
    first = result.slots[0]
    assert {p.name for p in first.attendees} == {"Ana", "Bo", "Cy", "Di"}
    assert first.start.date() == date(2026, 3, 5)  # the first day Ana and Bo overlap
    assert first.start.time() == time(19)  # a weekday: the customary evening
    assert first.reason == "all 4 can make it"
    assert first.score == 4004
    assert first.start_utc == datetime(2026, 3, 5, 18, 0, tzinfo=UTC)
    assert first.end - first.start == timedelta(hours=2)
    assert [s.score for s in result.slots] == sorted((s.score for s in result.slots), reverse=True)
    assert len({s.day for s in result.slots}) == len(result.slots) == 5
    assert result.searched == DateRange(date(2026, 3, 3), date(2026, 3, 12))


def test_reasons_name_the_last_evening_and_who_is_away() -> None:
    result = proposals(propose_slots([ANA, BO, CY, DI], zone=BERLIN, now=MONDAY_MORNING))
    reasons = {s.day: s.reason for s in result.slots}
    assert reasons[date(2026, 3, 7)] == "all 4 can make it — Ana's last day"
    later = proposals(
        propose_slots(
            [ANA, BO, CY, DI],
            zone=BERLIN,
            now=MONDAY_MORNING,
            between=DateRange(date(2026, 3, 8), date(2026, 3, 9)),
        )
    )
    assert later.slots[0].reason == "3 of 4 can make it — Ana leaves Sat 7 Mar"
    early = proposals(
        propose_slots(
            [ANA, BO, CY],
            zone=BERLIN,
            now=MONDAY_MORNING,
            between=DateRange(date(2026, 3, 3), date(2026, 3, 4)),
        )
    )
    assert early.slots[0].reason == "2 of 3 can make it — Bo arrives Thu 5 Mar"


def test_last_evening_when_the_slot_is_an_evening() -> None:
    evenings = Availability.WEEKDAY_EVENINGS
    ana = Participant(1, "Ana", (trip(3, 5),), evenings)
    bo = Participant(2, "Bo", availability=evenings)
    result = proposals(propose_slots([ana, bo], zone=BERLIN, now=MONDAY_MORNING))
    reasons = {s.day: s.reason for s in result.slots}
    assert reasons[date(2026, 3, 5)] == "both can make it — Ana's last evening"


def test_preferences_rank_after_headcount() -> None:
    weekend = Availability.WEEKEND_DAYTIME
    ana = Participant(1, "Ana", availability=weekend)
    bo = Participant(2, "Bo", availability=weekend)
    cy = Participant(3, "Cy", availability=Availability.WEEKDAY_EVENINGS)
    result = proposals(propose_slots([ana, bo, cy], zone=BERLIN, now=MONDAY_MORNING))
    first = result.slots[0]
    assert first.start.weekday() >= 5
    assert first.start.hour < 17
    assert first.outside_preference == (cy,)
    assert first.reason == "all 3 can make it — outside Cy's usual times"
    assert first.score == 3002


@pytest.mark.parametrize(
    ("now", "day", "expected"),
    [
        (MONDAY_MORNING, date(2026, 3, 2), time(19)),  # weekday: evening
        (MONDAY_MORNING, date(2026, 3, 7), time(14)),  # Saturday: afternoon
    ],
)
def test_with_no_preferences_the_customary_time_wins(
    now: datetime, day: date, expected: time
) -> None:
    result = proposals(
        propose_slots([CY, DI], zone=BERLIN, now=now, between=DateRange(day, day), max_slots=1)
    )
    assert result.slots[0].start.time() == expected


def test_never_in_the_past_nor_within_the_minimum_notice() -> None:
    now = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)  # 18:30 in Berlin
    result = proposals(
        propose_slots(
            [CY, DI], zone=BERLIN, now=now, between=DateRange(date(2026, 3, 2), date(2026, 3, 3))
        )
    )
    assert all(s.start_utc >= now + timedelta(hours=2) for s in result.slots)
    assert all(s.day == date(2026, 3, 3) for s in result.slots)  # 20:30 + 2 h > 22:00


def test_spreads_over_days_and_only_then_adds_times_on_the_same_day() -> None:
    one_day = Participant(1, "Ana", (trip(5, 5),))
    result = proposals(propose_slots([one_day, CY], zone=BERLIN, now=MONDAY_MORNING))
    days = {s.day for s in result.slots}
    assert days == {date(2026, 3, 5)}
    assert len(result.slots) == MAX_PER_DAY
    ordered = sorted(result.slots, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ordered))


def test_spring_forward_gap_is_never_proposed() -> None:
    night = SociableHours(time(1, 0), time(5, 0))
    result = proposals(
        propose_slots(
            [CY, DI],
            zone=BERLIN,
            now=datetime(2026, 3, 20, tzinfo=UTC),
            between=DateRange(date(2026, 3, 29), date(2026, 3, 29)),
            sociable_hours=night,
            duration=timedelta(minutes=30),
            step=timedelta(minutes=30),
        )
    )
    assert result.slots
    for slot in result.slots:
        assert slot.start.hour != 2
        assert slot.start.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) == (
            slot.start.replace(tzinfo=None)
        )


def test_fall_back_takes_the_first_occurrence() -> None:
    night = SociableHours(time(2, 0), time(3, 0))
    result = proposals(
        propose_slots(
            [CY, DI],
            zone=BERLIN,
            now=datetime(2026, 10, 20, tzinfo=UTC),
            between=DateRange(date(2026, 10, 25), date(2026, 10, 25)),
            sociable_hours=night,
            duration=timedelta(minutes=30),
            step=timedelta(minutes=30),
        )
    )
    starts = [s.start_utc for s in result.slots]
    assert datetime(2026, 10, 25, 0, 0, tzinfo=UTC) in starts  # 02:00 CEST, not CET
    assert all(s.start.utcoffset() == timedelta(hours=2) for s in result.slots)


def test_no_overlap_names_the_nearest_miss() -> None:
    ana = Participant(1, "Ana", (trip(3, 7),))
    bo = Participant(2, "Bo", (trip(9, 12),))
    cy = Participant(3, "Cy", (trip(20, 22),))
    result = no_common_time(propose_slots([ana, bo, cy], zone=BERLIN, now=MONDAY_MORNING))
    assert result.near_miss is not None
    assert result.near_miss.gap_days == 2
    assert result.near_miss.text == "Ana leaves Sat 7 Mar, Bo arrives Mon 9 Mar — 2 days apart"
    assert result.message.endswith(
        "Closest: Ana leaves Sat 7 Mar, Bo arrives Mon 9 Mar — 2 days apart."
    )


def test_next_day_miss_reads_one_day() -> None:
    ana = Participant(1, "Ana", (trip(10, 12),))
    bo = Participant(2, "Bo", (trip(3, 9),))
    result = no_common_time(propose_slots([ana, bo], zone=BERLIN, now=MONDAY_MORNING))
    assert result.near_miss is not None
    assert result.near_miss.text == "Bo leaves Mon 9 Mar, Ana arrives Tue 10 Mar — 1 day apart"


def test_overlap_outside_the_search_is_reported_as_such() -> None:
    result = no_common_time(
        propose_slots(
            [ANA, BO],
            zone=BERLIN,
            now=MONDAY_MORNING,
            between=DateRange(date(2026, 3, 9), date(2026, 3, 12)),
        )
    )
    assert result.near_miss is not None
    assert result.near_miss.text == (
        "Ana and Bo are both in town Thu 5 Mar – Sat 7 Mar 2026, outside the dates searched"
    )


def test_overlap_too_soon_is_reported_as_such() -> None:
    ana = Participant(1, "Ana", (trip(2, 2),))
    late = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
    result = no_common_time(propose_slots([ana, CY], zone=BERLIN, now=late))
    assert result.near_miss is not None
    assert result.near_miss.text == (
        "Ana and Cy are both in town only on Mon 2 Mar 2026, "
        "but no sociable time is far enough ahead"
    )


def test_travelers_whose_trips_are_over() -> None:
    gone = Participant(1, "Ana", (DateRange(date(2026, 2, 1), date(2026, 2, 3)),))
    result = no_common_time(propose_slots([gone, CY], zone=BERLIN, now=MONDAY_MORNING))
    assert result.searched is None
    assert "None of the travelers" in result.message


def test_only_one_person_left_in_town() -> None:
    ana = Participant(1, "Ana", (trip(3, 4),))
    gone = Participant(2, "Bo", (DateRange(date(2026, 2, 1), date(2026, 2, 3)),))
    result = no_common_time(propose_slots([ana, gone], zone=BERLIN, now=MONDAY_MORNING))
    assert result.near_miss is None
    assert result.message.endswith("Only Ana is in town from today on.")


def test_default_window_for_locals_is_two_weeks() -> None:
    result = proposals(propose_slots([CY, DI], zone=BERLIN, now=MONDAY_MORNING))
    assert result.searched == DateRange(date(2026, 3, 2), date(2026, 3, 15))


def test_default_window_only_uses_days_a_traveler_is_in_town() -> None:
    ana = Participant(1, "Ana", (trip(3, 4), trip(20, 21)))
    result = proposals(propose_slots([ana, CY, DI], zone=BERLIN, now=MONDAY_MORNING))
    assert {s.day.day for s in result.slots} <= {3, 4, 20, 21}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"participants": [CY]}, NotEnoughParticipants),
        ({"between": DateRange(date(2026, 2, 1), date(2026, 2, 5))}, InvalidSearchWindow),
        ({"between": DateRange(date(2026, 3, 2), date(2026, 6, 1))}, InvalidSearchWindow),
        ({"duration": timedelta(hours=12)}, InvalidSlotSettings),
        ({"duration": timedelta(0)}, InvalidSlotSettings),
        ({"now": datetime(2026, 3, 2, 8, 0)}, ValueError),
        ({"participants": [CY, CY]}, ValueError),
    ],
)
def test_bad_requests_raise_typed_errors(kwargs: dict[str, object], error: type[Exception]) -> None:
    arguments: dict[str, object] = {
        "participants": [CY, DI],
        "zone": BERLIN,
        "now": MONDAY_MORNING,
        **kwargs,
    }
    with pytest.raises(error):
        propose_slots(**arguments)  # type: ignore[arg-type]


def test_fifty_people_over_thirty_days_is_fast() -> None:
    people = []
    for i in range(50):
        if i % 4 == 0:
            people.append(Participant(i, f"P{i}", availability=Availability(i % 15 + 1)))
        else:
            start = 1 + i * 7 % 25
            people.append(Participant(i, f"P{i}", (trip(start, start + i % 6),)))
    began = wall.perf_counter()
    result = propose_slots(
        people,
        zone=BERLIN,
        now=MONDAY_MORNING,
        between=DateRange(date(2026, 3, 2), date(2026, 3, 31)),
        step=timedelta(minutes=30),
    )
    assert wall.perf_counter() - began < 1.0
    assert len(proposals(result).slots) == 5


# --- properties -------------------------------------------------------------------------

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "UTC",
]
BASE = date(2026, 1, 1)


@st.composite
def windows(draw: st.DrawFn) -> tuple[DateRange, ...] | None:
    if draw(st.booleans()):
        return None
    count = draw(st.integers(0, 2))
    found = []
    for _ in range(count):
        start = BASE + timedelta(days=draw(st.integers(0, 370)))
        found.append(DateRange(start, start + timedelta(days=draw(st.integers(0, 9)))))
    return tuple(found)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(2, 7))
    people = [
        Participant(i, f"P{i}", draw(windows()), Availability(draw(st.integers(0, 15))))
        for i in range(n)
    ]
    start_hour = draw(st.integers(0, 14))
    end_hour = draw(st.integers(start_hour + 3, 23))
    now = datetime.combine(BASE, time(0), tzinfo=UTC) + timedelta(
        minutes=draw(st.integers(0, 365 * 24 * 60))
    )
    return {
        "participants": people,
        "zone": ZoneInfo(draw(st.sampled_from(ZONES))),
        "now": now,
        "sociable_hours": SociableHours(time(start_hour), time(end_hour)),
        "duration": timedelta(minutes=draw(st.sampled_from([30, 60, 90, 120, 180]))),
        "step": timedelta(minutes=draw(st.sampled_from([30, 60]))),
        "max_slots": draw(st.integers(1, 6)),
    }


def _wall_time_exists(naive: datetime, zone: ZoneInfo) -> bool:
    """Independent of the code under test: in a gap, the later reading has the larger offset."""
    before = naive.replace(tzinfo=zone, fold=0).utcoffset()
    after = naive.replace(tzinfo=zone, fold=1).utcoffset()
    assert before is not None
    assert after is not None
    return not before < after


def _best_headcount(scenario: dict[str, object], searched: DateRange) -> int:
    """Brute force over every day and start: the most people any valid slot can gather."""
    people: list[Participant] = scenario["participants"]  # type: ignore[assignment]
    zone: ZoneInfo = scenario["zone"]  # type: ignore[assignment]
    hours: SociableHours = scenario["sociable_hours"]  # type: ignore[assignment]
    duration: timedelta = scenario["duration"]  # type: ignore[assignment]
    step: timedelta = scenario["step"]  # type: ignore[assignment]
    now: datetime = scenario["now"]  # type: ignore[assignment]
    travelers = [p for p in people if not p.is_local]
    best = 0
    day = searched.start
    while day <= searched.end:
        here = [p for p in people if p.present_on(day)]
        if travelers and not any(p.present_on(day) for p in travelers):
            here = []
        cursor = datetime.combine(day, hours.start)
        while cursor + duration <= datetime.combine(day, hours.end):
            start = cursor.replace(tzinfo=zone)
            end = (start.astimezone(UTC) + duration).astimezone(zone)
            if (
                _wall_time_exists(cursor, zone)
                and start >= now + timedelta(hours=2)
                and end.date() == day
                and end.time() <= hours.end
            ):
                best = max(best, len(here))
            cursor += step
        day += timedelta(days=1)
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_proposal_is_valid_and_the_best_is_truly_best(scenario: dict[str, object]) -> None:
    result = propose_slots(**scenario)  # type: ignore[arg-type]
    event("proposals" if isinstance(result, SlotProposals) else "no common time")
    people: list[Participant] = scenario["participants"]  # type: ignore[assignment]
    zone: ZoneInfo = scenario["zone"]  # type: ignore[assignment]
    hours: SociableHours = scenario["sociable_hours"]  # type: ignore[assignment]
    now: datetime = scenario["now"]  # type: ignore[assignment]
    if isinstance(result, NoCommonTime):
        if result.searched is not None:
            assert _best_headcount(scenario, result.searched) < 2
        return
    assert 1 <= len(result.slots) <= scenario["max_slots"]  # type: ignore[operator]
    assert _best_headcount(scenario, result.searched) == len(result.slots[0].attendees)
    for slot in result.slots:
        naive = slot.start.replace(tzinfo=None)
        assert _wall_time_exists(naive, zone)
        assert slot.start.tzinfo is zone
        assert slot.start.fold == 0
        assert slot.start_utc >= now + timedelta(hours=2)
        assert slot.end_utc - slot.start_utc == scenario["duration"]
        assert result.searched.start <= slot.day <= result.searched.end
        assert hours.start <= slot.start.time()
        assert slot.end.time() <= hours.end
        assert slot.end.date() == slot.day
        assert len(slot.attendees) >= 2
        assert set(slot.attendees) | set(slot.absentees) == set(people)
        assert not set(slot.attendees) & set(slot.absentees)
        assert all(p.present_on(slot.day) for p in slot.attendees)
        assert not any(p.present_on(slot.day) for p in slot.absentees)
        fit = len(slot.attendees) - len(slot.outside_preference)
        assert slot.score == len(slot.attendees) * 1000 + fit
    scores = [s.score for s in result.slots]
    assert scores == sorted(scores, reverse=True)
    ordered = sorted(result.slots, key=lambda s: s.start_utc)
    assert all(a.end_utc <= b.start_utc for a, b in itertools.pairwise(ordered))
    per_day = [sum(s.day == d for s in result.slots) for d in {s.day for s in result.slots}]
    assert max(per_day) <= MAX_PER_DAY
