"""Where every interaction enters the bot: named for the logs, measured, and turned away
politely while the process stops.

discord.py hands an INTERACTION_CREATE to the command tree (slash commands, menus) or to the
view store (buttons, selects, modals), each starting tasks of its own. Wrapping the gateway
parser is the one place that sees all of them: the ids set here ride along into every task
started for the interaction (asyncio copies the context), and the tasks it started tell when
the handling ended. While stopping, a new interaction gets a short private "restarting"
answer instead of a half-done action or Discord's bare "interaction failed"; and one that
nothing claims (a button whose view died with a restart, a form opened before one) is told
plainly that it expired.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import discord

from bot.ops import context

if TYPE_CHECKING:
    from bot.app import TweetupBot

log = logging.getLogger(__name__)

RESTARTING = "Tweetup is restarting. Please try again in a few seconds."
EXPIRED = (
    "⌛ This is no longer active (I restarted since, or it waited too long), so nothing was "
    "changed. Please start again from the command or the message menu."
)
APPLICATION_COMMAND = 2
COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

#: The outcome of the interaction being handled, set by the central error handler.
_outcome: ContextVar[list[str] | None] = ContextVar("tweetup_outcome", default=None)


def note_outcome(outcome: str) -> None:
    """Record how the current interaction ended (``rejected`` or ``error``)."""
    box = _outcome.get()
    if box is not None:
        box[0] = outcome


def command_label(data: Mapping[str, Any]) -> str:
    """A low-cardinality name: the command path, or a component's custom id up to its
    first variable part (ids are ``name:argument…``)."""
    inner: Mapping[str, Any] = data.get("data") or {}
    if data.get("type") in (APPLICATION_COMMAND, AUTOCOMPLETE):
        parts = [str(inner.get("name", "?"))]
        options = inner.get("options") or []
        while options and options[0].get("type") in (1, 2):  # subcommand (group)
            parts.append(str(options[0].get("name")))
            options = options[0].get("options") or []
        return " ".join(parts)
    custom_id = str(inner.get("custom_id", "?"))
    return custom_id.split(":", 1)[0] or "?"


class Intake:
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot
        self.accepting = True
        self._handling: set[asyncio.Task[None]] = set()
        parsers: dict[str, Callable[[Any], None]] = bot._connection.parsers
        self._parse = parsers["INTERACTION_CREATE"]
        parsers["INTERACTION_CREATE"] = self.receive

    @property
    def handling(self) -> int:
        return len(self._handling)

    def receive(self, data: dict[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        started_at = loop.time()
        name = command_label(data)
        if data.get("type") == AUTOCOMPLETE:
            name = f"{name} (autocomplete)"
        if not self.accepting:
            self._track(self._answer(data, RESTARTING), name, started_at, ["declined"])
            return
        box = ["ok"]
        guild = data.get("guild_id")
        with context.about(
            guild=int(guild) if guild else None, interaction=int(data["id"]), name=name
        ):
            token = _outcome.set(box)
            log.debug("Received %s", name)
            try:
                before = asyncio.all_tasks(loop)
                self._parse(data)
                started = asyncio.all_tasks(loop) - before
            finally:
                _outcome.reset(token)
        if not started:
            box[0] = "unhandled"
            if data.get("type") in (COMPONENT, MODAL_SUBMIT):
                # No live view, modal or persistent item claimed it: a button on a card whose
                # view timed out or died with a restart, or a form opened before one. Discord
                # would show a bare "This interaction failed"; say what happened instead.
                started = {asyncio.create_task(self._answer(data, EXPIRED))}
        self._track(self._wait(started), name, started_at, box)

    def _track(self, work: Any, name: str, started_at: float, outcome: list[str]) -> None:
        task: asyncio.Task[None] = asyncio.create_task(
            self._measure(work, name, started_at, outcome)
        )
        self._handling.add(task)
        task.add_done_callback(self._handling.discard)

    async def _measure(self, work: Any, name: str, started_at: float, outcome: list[str]) -> None:
        try:
            await work
        finally:
            metrics = self.bot.metrics
            elapsed = asyncio.get_running_loop().time() - started_at
            metrics.interactions.labels(name, outcome[0]).inc()
            metrics.interaction_seconds.labels(name).observe(elapsed)

    @staticmethod
    async def _wait(tasks: set[asyncio.Task[Any]]) -> None:
        if tasks:
            await asyncio.wait(tasks)

    async def _answer(self, data: dict[str, Any], text: str) -> None:
        interaction: discord.Interaction[Any] = discord.Interaction(
            data=data,  # type: ignore[arg-type]
            state=self.bot._connection,
        )
        try:
            if data.get("type") == AUTOCOMPLETE:
                await interaction.response.autocomplete([])
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException as error:
            log.info("Could not answer an interaction the bot does not handle: %s", error)

    def stop_accepting(self) -> None:
        self.accepting = False

    async def drain(self, grace: float) -> bool:
        """Wait for the interactions being handled (True), or ``grace`` seconds (False)."""
        pending = set(self._handling)
        if not pending:
            return True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.wait(pending), grace)
        return all(task.done() for task in pending)
