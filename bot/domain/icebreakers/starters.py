"""Conversation starters for a meetup, drawn from the topics its people share.

"Ana and Bo both like climbing" beats "so... what do you do?": shared topics come first,
the ones more people share before rarer ones, and each starter names different people where
possible so nobody is the subject of all three.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.domain.icebreakers.topics import topic_key


@dataclass(frozen=True, slots=True)
class Attendee:
    """A Going member as the card shows them; ``topics`` empty unless they share them."""

    user_id: int
    name: str
    topics: tuple[str, ...] = field(default_factory=tuple)
    first_timer: bool = False


def _names(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def conversation_starters(attendees: Sequence[Attendee], limit: int = 3) -> list[str]:
    """Up to ``limit`` starters: shared topics first, then "ask X about Y" for the rest."""
    by_topic: dict[str, list[Attendee]] = defaultdict(list)
    label: dict[str, str] = {}
    for person in attendees:
        for topic in person.topics:
            key = topic_key(topic)
            if person not in by_topic[key]:
                by_topic[key].append(person)
            label.setdefault(key, topic)
    shared = sorted(
        (key for key, people in by_topic.items() if len(people) >= 2),
        key=lambda key: (-len(by_topic[key]), key),
    )
    starters: list[str] = []
    named: set[int] = set()
    # Greedy: the next topic is the first one whose people were not named yet, if any.
    while shared and len(starters) < limit:
        fresh = [k for k in shared if not any(p.user_id in named for p in by_topic[k])]
        key = (fresh or shared)[0]
        shared.remove(key)
        people = by_topic[key]
        word = "both" if len(people) == 2 else "all"
        starters.append(f"{_names([p.name for p in people])} {word} like {label[key]}")
        named.update(p.user_id for p in people)
    for person in attendees:
        if len(starters) >= limit:
            break
        own = [t for t in person.topics if len(by_topic[topic_key(t)]) == 1]
        if own and person.user_id not in named:
            starters.append(f"Ask {person.name} about {own[0]}")
            named.add(person.user_id)
    return starters
