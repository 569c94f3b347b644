"""Rules for the reminder DMs: when each is due, what happens after downtime, what it says.

The services keep an outbox row per planned reminder and mark it sent in the same
transaction that records the Discord message; these rules decide the rows and what to do
with each one when the dispatcher looks at it. The policy, in one place:

* **Planning** (at RSVP, or again after the tweetup moves): one reminder per lead time,
  due ``lead`` before the start. A lead time whose due instant has already passed is not
  planned — if you RSVP one hour before, you are looking at the tweetup right now and a
  "starts in 2 hours" DM would be both late and wrong. Empty lead times turn reminders off.
* **Dispatch**: up to ``ON_TIME_TOLERANCE`` after its due instant a reminder is simply sent;
  later than that (the bot was down) it is still sent while the tweetup has not started,
  with an apology line.
* **Once the tweetup has started, pending reminders are skipped**: "starts in 2 hours" is
  wrong by then, and the people who are there do not need a DM.
* **Superseded**: when several reminders for the same member and tweetup are overdue at
  once, only the one with the shortest lead time goes; the longer ones say less, later.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Final

from bot.domain.text import plain_text, truncate
from bot.domain.tweetups._localtime import require_aware
from bot.domain.tweetups.errors import InvalidLeadTimes

DEFAULT_LEAD_TIMES: Final = (timedelta(hours=24), timedelta(hours=2))
MAX_LEAD_TIME: Final = timedelta(days=14)
MAX_LEAD_TIMES: Final = 5
ON_TIME_TOLERANCE: Final = timedelta(minutes=10)
"""A dispatcher tick or a quick restart is not "late": no apology within this."""
NONCE_LENGTH: Final = 25
"""Discord accepts string nonces of at most 25 characters."""
MESSAGE_LIMIT: Final = 2000
LATE_NOTE: Final = "Sorry this is late: I was offline for a while."
_TITLE_LIMIT: Final = 200
_VENUE_LIMIT: Final = 300
_LINK_LIMIT: Final = 500


class Delivery(Enum):
    NOT_DUE = "not_due"
    SEND = "send"
    SEND_LATE = "send_late"
    SKIP_STARTED = "skip_started"
    SKIP_SUPERSEDED = "skip_superseded"

    @property
    def sends(self) -> bool:
        return self in (Delivery.SEND, Delivery.SEND_LATE)

    @property
    def is_final(self) -> bool:
        """Whether the outbox row is done with (sent or skipped for good)."""
        return self is not Delivery.NOT_DUE


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    """One outbox row: who, which tweetup, how long before, and when it falls due."""

    tweetup_id: int
    member_id: int
    lead: timedelta
    starts_at: datetime
    due_at: datetime

    @property
    def lead_minutes(self) -> int:
        return int(self.lead.total_seconds()) // 60

    @property
    def nonce(self) -> str:
        return reminder_nonce(self.tweetup_id, self.member_id, self.lead_minutes)


@dataclass(frozen=True, slots=True)
class Decision:
    reminder: PlannedReminder
    delivery: Delivery


def check_lead_times(lead_times: Iterable[timedelta]) -> tuple[timedelta, ...]:
    """Validated, whole minutes, without duplicates, longest first (the order they fire)."""
    leads = tuple(lead_times)
    for lead in leads:
        if lead <= timedelta(0):
            raise InvalidLeadTimes("Reminders have to come before the tweetup, not after.")
        if lead > MAX_LEAD_TIME:
            raise InvalidLeadTimes("Reminders can be at most 14 days before the tweetup.")
        if lead.total_seconds() % 60:
            raise InvalidLeadTimes("Reminder times are in whole minutes.")
    unique = sorted(set(leads), reverse=True)
    if len(unique) > MAX_LEAD_TIMES:
        raise InvalidLeadTimes(f"At most {MAX_LEAD_TIMES} reminders per tweetup.")
    return tuple(unique)


def plan_reminders(
    tweetup_id: int,
    member_id: int,
    *,
    starts_at: datetime,
    now: datetime,
    lead_times: Iterable[timedelta] = DEFAULT_LEAD_TIMES,
) -> tuple[PlannedReminder, ...]:
    """The reminders to store when a member RSVPs (or the tweetup moves), earliest first."""
    require_aware(starts_at, "starts_at")
    require_aware(now, "now")
    return tuple(
        PlannedReminder(tweetup_id, member_id, lead, starts_at, starts_at - lead)
        for lead in check_lead_times(lead_times)
        if starts_at - lead > now
    )


def decide(reminder: PlannedReminder, *, now: datetime) -> Delivery:
    """What to do with one outbox row at ``now``, ignoring its siblings."""
    require_aware(now, "now")
    if now < reminder.due_at:
        return Delivery.NOT_DUE
    if now >= reminder.starts_at:
        return Delivery.SKIP_STARTED
    if now - reminder.due_at <= ON_TIME_TOLERANCE:
        return Delivery.SEND
    return Delivery.SEND_LATE


def catch_up(pending: Iterable[PlannedReminder], *, now: datetime) -> list[Decision]:
    """Decide a batch of unsent rows (after downtime, or each dispatcher tick).

    Sending is per (tweetup, member): if two of their reminders are due now, the one with
    the shortest lead time goes and the others are skipped as superseded.
    """
    decisions = [Decision(r, decide(r, now=now)) for r in pending]
    newest: dict[tuple[int, int], PlannedReminder] = {}
    for d in decisions:
        if d.delivery.sends:
            key = _owner(d.reminder)
            best = newest.get(key)
            if best is None or (d.reminder.due_at, -d.reminder.lead) > (best.due_at, -best.lead):
                newest[key] = d.reminder
    return [
        Decision(d.reminder, Delivery.SKIP_SUPERSEDED)
        if d.delivery.sends and newest[_owner(d.reminder)] is not d.reminder
        else d
        for d in decisions
    ]


def _owner(reminder: PlannedReminder) -> tuple[int, int]:
    return reminder.tweetup_id, reminder.member_id


def reminder_nonce(tweetup_id: int, member_id: int, lead_minutes: int) -> str:
    """25 characters, the same in every process and on every machine.

    Discord drops a second message with the same nonce (``enforce_nonce``) for a few
    minutes, which covers the crash-after-send-before-commit window of the outbox.
    ``hash()`` is salted per process, so the nonce is a truncated BLAKE2b instead.
    """
    key = f"tweetup-reminder:{tweetup_id}:{member_id}:{lead_minutes}".encode()
    digest = hashlib.blake2b(key, digest_size=12).hexdigest()
    return f"r{digest}"


def reminder_text(
    *,
    title: str,
    starts_at: datetime,
    venue: str | None = None,
    link: str | None = None,
    late: bool = False,
    guild: str | None = None,
) -> str:
    """The DM: Discord timestamps render in each reader's own zone, so no zone is named.

    User-typed parts are escaped so they can neither format the message nor mention
    anyone (the sender also disables mentions; this is the second lock).
    """
    require_aware(starts_at, "starts_at")
    unix = int(starts_at.timestamp())
    lines = []
    if late:
        lines.append(LATE_NOTE)
    name = _escape(plain_text(title, limit=_TITLE_LIMIT)) or "Your tweetup"
    server = _escape(plain_text(guild, limit=_VENUE_LIMIT)) if guild else ""
    lines.append(f"⏰ **{name}** starts <t:{unix}:R>" + (f" · {server}" if server else ""))
    lines.append(f"🗓️ <t:{unix}:F>")
    if venue and (place := _escape(plain_text(venue, limit=_VENUE_LIMIT))):
        lines.append(f"📍 {place}")
    if link:
        if not link.startswith("https://") or len(link) > _LINK_LIMIT:
            raise ValueError("the tweetup link must be an https URL of reasonable length")
        if any(ch.isspace() or ch in "<>" for ch in link):
            raise ValueError("the tweetup link must not contain spaces or angle brackets")
        lines.append(f"🔗 {link}")
    return truncate("\n".join(lines), MESSAGE_LIMIT)


_MARKDOWN: Final = re.compile(r"([\\*_~`|\[\]])")
"""Only what formats mid-line: the fields never start a line, so ``#``, ``>``, ``-`` are
safe, and every extra backslash would show in push notifications."""
_ZWSP: Final = "\u200b"


def _escape(text: str) -> str:
    """Backslash Discord's markdown characters and break every ``@`` and ``<`` mention."""
    text = _MARKDOWN.sub(r"\\\1", text)
    return text.replace("@", f"@{_ZWSP}").replace("<", f"<{_ZWSP}")
