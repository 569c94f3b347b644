"""``--tour``: a short story played step by step, with a caption above the page.

Each step acts through the same harness calls as the page (slash commands, clicks, a
modal), then points the page at the member and channel worth watching. The story: Bo
lives in Berlin, Mika plans a trip there, Bo hears of it by DM, Ana proposes a meetup,
they vote, Ana confirms it, Bo RSVPs, and time jumps ahead until Bo's reminder arrives.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from emulator.demo.seed import CITIES, find_message, perform, span
from emulator.models import Channel, Member, Message

if TYPE_CHECKING:
    from emulator.demo.sandbox import Sandbox

log = logging.getLogger(__name__)

#: Seconds each caption stays before the next step runs.
PAUSE = 6.0


class Tour:
    def __init__(self, sandbox: Sandbox, pause: float) -> None:
        self.sandbox = sandbox
        self.pause = pause
        self.ana = sandbox.member("Ana")
        self.bo = sandbox.member("Bo")
        self.mika = sandbox.member("Mika")
        self.poll: Message | None = None
        self.tweetup: Message | None = None

    def dm(self, member: Member) -> Channel:
        return self.sandbox.emulator.state.dm_channel(member.user)

    def dms(self, member: Member) -> int:
        return len(self.sandbox.discord.dm_inbox(member))

    async def intro(self) -> None:
        """Nothing happens yet: the page is a Discord server on this machine."""

    async def home(self) -> None:
        await perform(self.sandbox, self.bo, "home set", city=CITIES["Berlin"])
        await perform(self.sandbox, self.bo, "notify", dms=True)

    async def trip(self) -> None:
        today = self.sandbox.now().date()
        dates = span(today + timedelta(days=3), today + timedelta(days=7))
        before = self.dms(self.bo)
        await perform(
            self.sandbox, self.mika, "travel add", city=CITIES["Berlin"], dates=dates,
            note="First time in Berlin, coffee anyone?",
        )  # fmt: skip
        await self.sandbox.discord.wait_until(
            lambda: self.dms(self.bo) > before, "Bo's DM about Mika's trip"
        )

    async def propose(self) -> None:
        invited = f"{self.bo.mention} {self.mika.mention}"
        await perform(
            self.sandbox, self.ana, "tweetup propose", at=self.sandbox.meetups,
            city=CITIES["Berlin"], members=invited,
        )  # fmt: skip
        self.poll = await find_message(self.sandbox, self.sandbox.meetups, "When shall we meet?")

    async def vote(self) -> None:
        assert self.poll is not None
        for voter in (self.bo, self.mika, self.ana):
            await self.sandbox.discord.click(self.poll, label="1: Yes", user=voter)

    async def confirm(self) -> None:
        assert self.poll is not None
        poll = self.sandbox.emulator.state.messages[self.poll.id]
        menu = next(c for c in poll.iter_components() if c.get("custom_id", "").endswith("confirm"))
        leading = next((o for o in menu["options"] if o.get("emoji")), menu["options"][0])
        shown = await self.sandbox.discord.select(
            poll, menu["custom_id"], [leading["value"]], user=self.ana
        )
        await self.sandbox.discord.submit_modal(
            shown, {"title": "Coffee with Mika", "venue": "Café am Kanal"}
        )
        self.tweetup = await find_message(self.sandbox, self.sandbox.meetups, "Coffee with Mika")

    async def rsvp(self) -> None:
        assert self.tweetup is not None
        for member in (self.bo, self.mika):
            await self.sandbox.discord.click(self.tweetup, label="Going", user=member)

    async def remind(self) -> None:
        """Jump from one queued DM to the next until Bo's reminder is in."""
        for _ in range(6):
            due = await self.sandbox.next_due()
            if due is not None:
                self.sandbox.fast_forward(due - self.sandbox.now() + timedelta(seconds=1))
            try:
                await self.sandbox.discord.wait_for_dm(self.bo, lambda m: "⏰" in m.content)
                return
            except AssertionError:
                continue

    async def outro(self) -> None:
        """The visitor takes over."""


Step = tuple[str, Callable[[Tour], Awaitable[None]], Callable[[Tour], tuple[Member, Channel]]]

STEPS: tuple[Step, ...] = (
    (
        "Welcome! This is a Discord server running on your computer, with the real Tweetup "
        "bot in it. Watch the story, or pick a member under **Act as** and try things.",
        Tour.intro, lambda t: (t.ana, t.sandbox.general),
    ),
    (
        "Bo lives in Berlin: **/home set** (city level only) and **/notify** to hear about "
        "visitors. Only Bo sees the bot's answers.",
        Tour.home, lambda t: (t.bo, t.sandbox.general),
    ),
    (
        "Mika plans a trip to Berlin with **/travel add**, in plain words. Tweetup finds "
        "who lives nearby.",
        Tour.trip, lambda t: (t.mika, t.sandbox.general),
    ),
    (
        "Bo asked to hear about visitors, so Tweetup sent Bo a direct message.",
        Tour.intro, lambda t: (t.bo, t.dm(t.bo)),
    ),
    (
        "Ana runs **/tweetup propose**: Tweetup suggests times that suit everyone's trips "
        "and habits, as a poll.",
        Tour.propose, lambda t: (t.ana, t.sandbox.meetups),
    ),
    (
        "Everyone votes with the buttons.",
        Tour.vote, lambda t: (t.mika, t.sandbox.meetups),
    ),
    (
        "Ana confirms the winner in a form: the tweetup is announced with RSVP buttons, a "
        "thread, a Discord event and a calendar file.",
        Tour.confirm, lambda t: (t.ana, t.sandbox.meetups),
    ),
    (
        "Bo and Mika are going.",
        Tour.rsvp, lambda t: (t.bo, t.sandbox.meetups),
    ),
    (
        "Fast-forward to the day before: Bo gets a reminder, sent exactly once.",
        Tour.remind, lambda t: (t.bo, t.dm(t.bo)),
    ),
    (
        "That's Tweetup. Your turn: pick anyone under **Act as**, type **/** for the "
        "commands, and use **⏭ Next reminder** to move time.",
        Tour.outro, lambda t: (t.ana, t.sandbox.general),
    ),
)  # fmt: skip


async def play(sandbox: Sandbox, *, pause: float = PAUSE) -> None:
    """Play every step: the caption says what happens and points the page at the member
    and channel to watch, then the step acts."""
    tour = Tour(sandbox, pause)
    caption = sandbox.caption
    caption.total = len(STEPS)
    for number, (text, action, focus) in enumerate(STEPS, start=1):
        who, where = focus(tour)
        caption.step, caption.text = number, text
        caption.viewer, caption.channel = str(who.id), str(where.id)
        sandbox.emulator.state.notify()
        log.info("Tour step %d/%d", number, len(STEPS))
        try:
            await action(tour)
        except Exception:  # the story goes on; the page stays usable either way
            log.exception("Tour step %d did not go as planned", number)
        if number < len(STEPS):
            await asyncio.sleep(pause)
