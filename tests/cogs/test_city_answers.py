"""City questions as a member would want them: their own city needs no question, every
namesake can be picked, and a typo is met with "did you mean"."""

from __future__ import annotations

import pytest

from emulator.harness import DiscordHarness
from tests.cogs.helpers import final_reply, run

pytestmark = pytest.mark.e2e

PORTLAND_OREGON = "5746545"


async def test_the_members_own_portland_needs_no_question(discord: DiscordHarness) -> None:
    ana = discord.add_member("ana")
    await run(discord, ana, "home set", city=PORTLAND_OREGON)
    reply = await run(discord, ana, "tweetup list", city="Portland")
    assert reply.iter_components() == []
    assert "Portland, Oregon" in reply.content


async def test_every_portland_can_be_picked_from_a_menu(discord: DiscordHarness) -> None:
    bo = discord.add_member("bo")
    handle = await discord.slash(bo, "home set", city="Portland")
    question = await final_reply(handle)
    assert "several places called “Portland”" in question.content
    [menu] = [c for c in question.iter_components() if c.get("type") == 3]
    labels = [option["label"] for option in menu["options"]]
    assert len(labels) > 5
    assert "Portland, England, GB" in labels
    assert labels[0] == "Portland, Oregon, US"
    england = next(o for o in menu["options"] if o["label"] == "Portland, England, GB")
    await discord.select(question, menu["custom_id"], [england["value"]], user=bo)
    await discord.wait_until(
        lambda: "Portland, England" in handle.messages[-1].content or None, "the saved home"
    )
    shown = await run(discord, bo, "home show")
    assert "Portland, England" in shown.content


async def test_a_typo_is_answered_with_did_you_mean(discord: DiscordHarness) -> None:
    cy = discord.add_member("cy")
    question = await run(discord, cy, "home set", city="Lodnon")
    assert "Did you mean London, England, GB?" in question.content
