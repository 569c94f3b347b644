"""What the current piece of work is about, for the logs: set once where an interaction
arrives, read by the JSON formatter.

Context variables follow the work into every task started while handling the interaction
(asyncio copies the context into a new task), so a log line written deep inside a service
still names its guild and interaction without every call passing them along.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

guild_id: ContextVar[int | None] = ContextVar("tweetup_guild_id", default=None)
interaction_id: ContextVar[int | None] = ContextVar("tweetup_interaction_id", default=None)
command: ContextVar[str | None] = ContextVar("tweetup_command", default=None)


@contextlib.contextmanager
def about(*, guild: int | None, interaction: int | None, name: str | None) -> Iterator[None]:
    """Mark the work started inside this block (and the tasks it creates)."""
    tokens = (guild_id.set(guild), interaction_id.set(interaction), command.set(name))
    try:
        yield
    finally:
        command.reset(tokens[2])
        interaction_id.reset(tokens[1])
        guild_id.reset(tokens[0])


def current() -> dict[str, int | str]:
    """The known ids, without the unknown ones."""
    known: dict[str, int | str | None] = {
        "guild_id": guild_id.get(),
        "interaction_id": interaction_id.get(),
        "command": command.get(),
    }
    return {key: value for key, value in known.items() if value is not None}
