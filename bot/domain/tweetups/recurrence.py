"""Materialise a recurring tweetup's next occurrences, a few weeks at a time.

Occurrences are created ahead rather than computed on the fly so each one can have its own
RSVPs, reminders and edits. Only a rolling horizon is created, because people do not RSVP
three months ahead and a rule changed later would leave a trail of stale tweetups.

The rule is anything with ``occurrences(after, until)`` (the dates package's
``parse_recurrence`` result, or a test double), so this module does not depend on how
rules are parsed — and it re-checks what the rule returns instead of trusting it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Final, Protocol

from bot.domain.tweetups._localtime import require_aware

DEFAULT_HORIZON: Final = timedelta(weeks=4)
DEFAULT_MIN_NOTICE: Final = timedelta(hours=2)
MAX_NEW_OCCURRENCES: Final = 12
"""A daily rule with a long horizon must not flood a channel with tweetups at once."""
_MAX_SCANNED: Final = 1000


class RecurrenceRule(Protocol):
    def occurrences(self, after: datetime, until: datetime) -> Iterable[datetime]:
        """Aware starts of the occurrences in ``(after, until]``, in order."""
        ...


def occurrences_to_create(
    rule: RecurrenceRule,
    existing_starts: Iterable[datetime],
    now: datetime,
    horizon: timedelta = DEFAULT_HORIZON,
    *,
    min_notice: timedelta = DEFAULT_MIN_NOTICE,
    limit: int = MAX_NEW_OCCURRENCES,
) -> list[datetime]:
    """The rule's starts within ``horizon`` of ``now`` that do not exist yet, earliest first.

    ``existing_starts`` must be the *rule* instants already materialised — including
    occurrences later moved or cancelled (their original start, like iCalendar's
    RECURRENCE-ID) — otherwise a moved occurrence would be created a second time.
    Occurrences starting within ``min_notice`` are left out: nobody could RSVP in time.
    Idempotent: calling it again with the result added to ``existing_starts`` returns [].
    """
    require_aware(now, "now")
    if horizon <= timedelta(0):
        raise ValueError("horizon must be positive")
    earliest = now.astimezone(UTC) + min_notice
    until = now.astimezone(UTC) + horizon
    existing = {require_aware(s, "existing start").astimezone(UTC) for s in existing_starts}
    found: dict[datetime, datetime] = {}
    for seen, start in enumerate(rule.occurrences(now, until)):
        instant = require_aware(start, "occurrence").astimezone(UTC)
        if instant > until or seen >= _MAX_SCANNED:
            break  # rules yield in order; this also stops a rule that ignores ``until``
        if instant >= earliest and instant not in existing:
            found.setdefault(instant, start)
    return [found[instant] for instant in sorted(found)][:limit]
