"""A burst of RSVP clicks on one tweetup: every click answered in time, the announcement
edited a few times only, and its final embed shows the final counts."""

from __future__ import annotations

import asyncio

import pytest

from emulator.harness import DiscordHarness
from emulator.models import CallbackType
from tests.cogs.helpers import BERLIN, run, text_of

pytestmark = pytest.mark.e2e

CLICKS = 60
EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"


async def test_a_burst_of_clicks_is_acknowledged_first_and_shown_with_coalesced_edits(
    discord: DiscordHarness,
) -> None:
    organizer = discord.add_member("org", admin=True)
    members = [discord.add_member(f"m{n}") for n in range(CLICKS)]
    reply = await run(
        discord,
        organizer,
        "tweetup announce",
        title="Picnic",
        city=BERLIN,
        when="Dec 3 at 1pm",
        capacity=40,
    )
    assert "Announced" in reply.content
    posted = await discord.wait_until(
        lambda: next((m for m in discord.channel_messages() if m.embeds), None), "the announcement"
    )
    edits_before = len(discord.requests(EDIT))

    clicks = await asyncio.gather(
        *(discord.click(posted, label="Going", user=member, wait=False) for member in members)
    )
    answers = await asyncio.gather(
        *(click.followup() for click in clicks),
    )
    # Acknowledged before the database work (a deferred update), not after it.
    assert {click.response_type for click in clicks} == {CallbackType.DEFERRED_UPDATE_MESSAGE}
    # The emulator refuses an answer after 3 s (a violation fails the test); all were early.
    assert max(c.record.responded - c.record.created for c in clicks) < 3.0  # type: ignore[operator]
    assert sum("You're going" in a.content for a in answers) == 40
    assert sum("waitlist" in a.content for a in answers) == CLICKS - 40

    final = ("Going: 40/40", f"Waitlist: {CLICKS - 40}")
    await discord.wait_until(
        lambda: all(part in text_of(discord.state.messages[posted.id]) for part in final) or None,
        "the final counts",
    )
    # A few coalesced edits (one at once, then at most one per 3 s), not one per click.
    assert len(discord.requests(EDIT)) - edits_before <= 5
    assert discord.rate_limits.refused == []
