"""The poll carries its heat map, and the picture follows the votes (redrawn coalesced)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from emulator.harness import DiscordHarness
from tests.cogs.helpers import BERLIN, run

pytestmark = pytest.mark.e2e


async def test_the_poll_picture_changes_after_votes(discord: DiscordHarness) -> None:
    alice, bob = discord.add_member("alice"), discord.add_member("bob")
    for member in (alice, bob):
        await run(discord, member, "home set", city=BERLIN)
    await run(discord, alice, "tweetup propose", city=BERLIN, members=f"<@{bob.user.id}>")
    poll = await discord.wait_for_message(matching=lambda m: bool(m.embeds))
    [picture] = poll.attachments
    assert picture.filename == "poll.png"
    before = Image.open(io.BytesIO(picture.data))
    assert before.format == "PNG"
    assert before.width > 300
    for label in ("1: Yes", "2: No", "3: If need be"):
        await discord.click(discord.state.messages[poll.id], label=label, user=bob)
    after = await discord.wait_until(
        lambda: (
            discord.state.messages[poll.id].attachments[0].data != picture.data
            and discord.state.messages[poll.id].attachments[0]
        ),
        "the redrawn picture",
        within=15,
    )
    assert Image.open(io.BytesIO(after.data)).size == before.size
    redraws = [r for r in discord.requests() if r.method == "PATCH" and str(poll.id) in r.path]
    assert 1 <= len(redraws) <= 2  # three votes, at most one redraw per interval plus a last
