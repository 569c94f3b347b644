"""Breaking the ice: profile topics, conversation starters, the community's numbers and the
data behind its charts. Pure logic: no Discord, no database."""

from bot.domain.icebreakers.starters import Attendee, conversation_starters
from bot.domain.icebreakers.stats import (
    CommunityStats,
    MemberStats,
    PastMeetup,
    community_stats,
    first_timers,
    member_stats,
)
from bot.domain.icebreakers.timeline import TownChart, TownRow, town_chart
from bot.domain.icebreakers.topics import parse_topics, topic_key

__all__ = [
    "Attendee",
    "CommunityStats",
    "MemberStats",
    "PastMeetup",
    "TownChart",
    "TownRow",
    "community_stats",
    "conversation_starters",
    "first_timers",
    "member_stats",
    "parse_topics",
    "topic_key",
    "town_chart",
]
