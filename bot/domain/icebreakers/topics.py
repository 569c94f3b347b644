"""The "ask me about" topics of a profile: typed as one line, stored as a short clean list."""

from __future__ import annotations

import re

from bot.domain.errors import InvalidInput
from bot.domain.text import clean_text

MAX_TOPICS = 5
TOPIC_LENGTH = 40
_SEPARATORS = re.compile(r"[,;\n·•|]+")


def topic_key(topic: str) -> str:
    """What makes two people's topics "the same": case, spaces and a leading # do not."""
    return " ".join(topic.casefold().lstrip("#").split())


def parse_topics(text: str) -> tuple[str, ...]:
    """ "climbing, jazz; #Rust" -> ("climbing", "jazz", "Rust"): cleaned like notes, each at
    most ``TOPIC_LENGTH`` characters, duplicates (by :func:`topic_key`) dropped."""
    topics: list[str] = []
    seen: set[str] = set()
    for raw in _SEPARATORS.split(text):
        topic = clean_text(raw, limit=TOPIC_LENGTH).lstrip("#").strip()
        key = topic_key(topic)
        if not key or key in seen:
            continue
        seen.add(key)
        topics.append(topic)
    if len(topics) > MAX_TOPICS:
        raise InvalidInput(
            f"Pick at most {MAX_TOPICS} topics (you gave {len(topics)}), separated by commas."
        )
    return tuple(topics)
