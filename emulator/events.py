"""Guild scheduled events as Discord runs them: field rules, permissions, and the lifecycle.

Documented in Discord's "Guild Scheduled Event" resource:

* an EXTERNAL event has no ``channel_id``, an ``entity_metadata.location`` and a
  ``scheduled_end_time`` after its start; an event cannot be scheduled in the past;
* statuses move SCHEDULED → ACTIVE → COMPLETED, or SCHEDULED → CANCELED, and nothing else;
  an EXTERNAL event becomes ACTIVE at its start and COMPLETED at its end by itself (here:
  when the emulator's clock, the test clock, passes them);
* a COMPLETED or CANCELED event cannot be changed any more (400, code 180000 "Cannot
  update a finished event"); an ACTIVE event cannot be cancelled or moved (50035);
* creating needs CREATE_EVENTS; editing or deleting needs MANAGE_EVENTS, or CREATE_EVENTS
  when the bot created the event itself.

The 50035 field error codes for these rules are not documented; the shape (HTTP 400, code
50035, an error tree naming the field) is Discord's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulator.models import JSON, Guild, Permission, ScheduledEvent
from emulator.permissions import base_permissions
from emulator.rules import FieldError
from emulator.state import State

SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4
EXTERNAL = 3
FINISHED = (COMPLETED, CANCELED)
TRANSITIONS = {(SCHEDULED, ACTIVE), (ACTIVE, COMPLETED), (SCHEDULED, CANCELED)}


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _error(field: str, code: str, message: str) -> FieldError:
    return FieldError((field,), code, message)


def check_fields(fields: JSON, now: datetime, *, creating: bool) -> list[FieldError]:
    """What Discord refuses about the (merged) fields of an event."""
    problems: list[FieldError] = []
    start = parse_time(fields.get("scheduled_start_time"))
    end = parse_time(fields.get("scheduled_end_time"))
    if creating and start is not None and start <= now:
        problems.append(
            _error(
                "scheduled_start_time",
                "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
                "Cannot schedule event in the past.",
            )
        )
    if fields.get("entity_type") == EXTERNAL:
        metadata = fields.get("entity_metadata")
        location = metadata.get("location") if isinstance(metadata, dict) else None
        if not location:
            problems.append(
                _error("entity_metadata", "BASE_TYPE_REQUIRED", "This field is required")
            )
        if fields.get("channel_id") is not None:
            problems.append(
                _error("channel_id", "BASE_TYPE_NULL", "An external event has no channel")
            )
        if end is None:
            problems.append(
                _error("scheduled_end_time", "BASE_TYPE_REQUIRED", "This field is required")
            )
    if start is not None and end is not None and end <= start:
        problems.append(
            _error(
                "scheduled_end_time",
                "GUILD_SCHEDULED_EVENT_END_BEFORE_START",
                "The end time must be after the start time.",
            )
        )
    return problems


def check_update(event: ScheduledEvent, data: JSON) -> list[FieldError]:
    """Status transitions and what an ACTIVE event may no longer change."""
    problems: list[FieldError] = []
    wanted = data.get("status")
    if (
        isinstance(wanted, int)
        and wanted != event.status
        and (event.status, wanted) not in (TRANSITIONS)
    ):
        problems.append(
            _error(
                "status",
                "GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION",
                f"Cannot change the status of an event from {event.status} to {wanted}.",
            )
        )
    new_start = data.get("scheduled_start_time")
    if (
        event.status == ACTIVE
        and new_start is not None
        and parse_time(new_start) != parse_time(event.fields.get("scheduled_start_time"))
    ):
        problems.append(
            _error(
                "scheduled_start_time",
                "GUILD_SCHEDULED_EVENT_ACTIVE_START_IMMUTABLE",
                "Cannot change the start time of an event that has started.",
            )
        )
    return problems


def may_edit(guild: Guild, state: State, event: ScheduledEvent | None) -> bool:
    """CREATE_EVENTS to create (and to edit one's own events), else MANAGE_EVENTS."""
    have = base_permissions(guild, guild.members[state.bot.id])
    if have & Permission.MANAGE_EVENTS:
        return True
    own = event is None or event.creator_id == state.bot.id
    return own and bool(have & Permission.CREATE_EVENTS)


def advance(state: State, now: datetime) -> list[ScheduledEvent]:
    """Start and end EXTERNAL events whose times passed; the events that changed."""
    changed: list[ScheduledEvent] = []
    for event in state.scheduled_events.values():
        if event.fields.get("entity_type") != EXTERNAL or event.status in FINISHED:
            continue
        start = parse_time(event.fields.get("scheduled_start_time"))
        end = parse_time(event.fields.get("scheduled_end_time"))
        before = event.status
        if event.status == SCHEDULED and start is not None and start <= now:
            event.status = ACTIVE
        if event.status == ACTIVE and end is not None and end <= now:
            event.status = COMPLETED
        if event.status != before:
            changed.append(event)
    return changed
