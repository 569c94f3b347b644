"""The demo in-process: the scripted tour's story, and what the page's API shows to whom."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from emulator.demo.sandbox import Sandbox
from emulator.demo.tour import STEPS, play

pytestmark = pytest.mark.e2e


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    demo = Sandbox(tmp_path / "data")
    await demo.start(port=0, seed=None)
    try:
        yield demo
        broken = [str(violation) for violation in demo.emulator.violations]
    finally:
        await demo.close()
    assert broken == [], "the bot broke Discord's rules during the demo"


async def test_the_tour_plays_the_whole_story(sandbox: Sandbox) -> None:
    await play(sandbox, pause=0)

    assert sandbox.caption.step == sandbox.caption.total == len(STEPS)
    bo, mika, ana = sandbox.member("Bo"), sandbox.member("Mika"), sandbox.member("Ana")
    inbox = [m.content for m in sandbox.discord.dm_inbox(bo)]
    assert any("Mika" in text or str(mika.id) in text for text in inbox)  # the visitor notice
    reminders = [text for text in inbox if "⏰" in text]
    assert len(reminders) == 1, inbox
    assert "Coffee with Mika" in reminders[0]
    assert sandbox.clock.offset.total_seconds() > 0

    async with aiohttp.ClientSession(sandbox.url) as http:

        async def shown(viewer: int, channel: int) -> list[str]:
            query = {"viewer": str(viewer), "channel": str(channel)}
            async with http.get("/api/messages", params=query) as response:
                assert response.status == 200
                data = await response.json()
            return [m["content"] + str(m["embeds"]) for m in data["messages"]]

        general = sandbox.general.id
        assert any("Trip saved" in text for text in await shown(mika.id, general))
        assert not any("Trip saved" in text for text in await shown(bo.id, general))
        assert any("Coffee with Mika" in text for text in await shown(ana.id, sandbox.meetups.id))

        bo_dm = sandbox.emulator.state.dm_channels[bo.id]
        async with http.get(
            "/api/messages", params={"viewer": str(mika.id), "channel": str(bo_dm)}
        ) as r:
            assert r.status == 400  # nobody reads someone else's DMs

        async def commands(viewer: int) -> list[str]:
            async with http.get("/api/world", params={"viewer": str(viewer)}) as response:
                return [c["path"] for c in (await response.json())["commands"]]

        assert "tweetup-admin settings" in await commands(ana.id)
        assert "tweetup-admin settings" not in await commands(bo.id)
        assert "travel add" in await commands(bo.id)


async def test_the_page_acts_through_the_bot(sandbox: Sandbox) -> None:
    bo = sandbox.member("Bo")
    async with aiohttp.ClientSession(sandbox.url) as http:
        body = {
            "viewer": str(bo.id),
            "channel": str(sandbox.general.id),
            "command": "home set",
            "focused": "city",
            "options": {"city": "Berl"},
        }
        async with http.post("/api/autocomplete", json=body) as response:
            choices = (await response.json())["choices"]
        berlin = next(c for c in choices if c["name"].startswith("Berlin"))

        body = {**body, "options": {"city": berlin["value"]}}
        async with http.post("/api/slash", json=body) as response:
            assert response.status == 200, await response.text()
        answer = await sandbox.discord.wait_until(
            lambda: next(
                (m for m in sandbox.discord.state.messages.values() if "Berlin" in m.content), None
            ),
            "the answer to /home set",
        )
        assert answer.ephemeral

        unknown = {**body, "options": {"town": "Berlin"}}
        async with http.post("/api/slash", json=unknown) as response:
            assert response.status == 400
            assert "town" in (await response.json())["error"]

        async with http.post("/api/fast-forward", json={"hours": 25}) as response:
            assert response.status == 200
        assert round(sandbox.clock.offset.total_seconds()) == 25 * 3600
