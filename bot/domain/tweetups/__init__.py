"""Tweetups: proposing times, the time poll, RSVPs, calendar entries, reminders, recurrence.

Pure rules only — the services persist the results and the cogs talk to Discord. Every
function takes ``now`` (or a start instant) instead of reading the clock.
"""

from __future__ import annotations

from bot.domain.tweetups.availability import (
    DEFAULT_SOCIABLE_HOURS,
    Availability,
    Participant,
    SociableHours,
)
from bot.domain.tweetups.calendar import (
    CalendarEvent,
    build_ics,
    event_uid,
    google_calendar_link,
)
from bot.domain.tweetups.errors import (
    InvalidCapacity,
    InvalidLeadTimes,
    InvalidSearchWindow,
    InvalidSlotSettings,
    NotEnoughParticipants,
    TooManyParticipants,
    TweetupsInputError,
    UnknownSlot,
)
from bot.domain.tweetups.recurrence import RecurrenceRule, occurrences_to_create
from bot.domain.tweetups.reminders import (
    DEFAULT_LEAD_TIMES,
    Decision,
    Delivery,
    PlannedReminder,
    catch_up,
    check_lead_times,
    decide,
    plan_reminders,
    reminder_nonce,
    reminder_text,
)
from bot.domain.tweetups.rsvp import Answer, Cause, Change, Entry, Outcome, RsvpBoard, Status
from bot.domain.tweetups.slots import (
    NearMiss,
    NoCommonTime,
    ProposalResult,
    Slot,
    SlotProposals,
    near_miss,
    propose_slots,
)
from bot.domain.tweetups.votes import Poll, Tally, Vote

__all__ = [
    "DEFAULT_LEAD_TIMES",
    "DEFAULT_SOCIABLE_HOURS",
    "Answer",
    "Availability",
    "CalendarEvent",
    "Cause",
    "Change",
    "Decision",
    "Delivery",
    "Entry",
    "InvalidCapacity",
    "InvalidLeadTimes",
    "InvalidSearchWindow",
    "InvalidSlotSettings",
    "NearMiss",
    "NoCommonTime",
    "NotEnoughParticipants",
    "Outcome",
    "Participant",
    "PlannedReminder",
    "Poll",
    "ProposalResult",
    "RecurrenceRule",
    "RsvpBoard",
    "Slot",
    "SlotProposals",
    "SociableHours",
    "Status",
    "Tally",
    "TooManyParticipants",
    "TweetupsInputError",
    "UnknownSlot",
    "Vote",
    "build_ics",
    "catch_up",
    "check_lead_times",
    "decide",
    "event_uid",
    "google_calendar_link",
    "near_miss",
    "occurrences_to_create",
    "plan_reminders",
    "propose_slots",
    "reminder_nonce",
    "reminder_text",
]
