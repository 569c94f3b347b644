"""Reading chat as people write it: whose trip, to which city, on which dates.

Pure domain code (no Discord, no database, no clock, no network). The entry point is
:func:`extract_trip`; see docs/chatter-language.md for what it understands.
"""

from bot.domain.chatter.extract import CityCandidate, TripReading, extract_trip
from bot.domain.chatter.plan import PlanReading, read_plan
from bot.domain.chatter.words import warm_up

__all__ = [
    "CityCandidate",
    "PlanReading",
    "TripReading",
    "extract_trip",
    "read_plan",
    "warm_up",
]
