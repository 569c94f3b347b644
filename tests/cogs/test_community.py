"""The community's picture: /tweetup stats (with the monthly card), the /whoshere chart and
the weekly digest, with the privacy rules each must keep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.ui.digest import post_due_digests
from emulator.harness import DiscordHarness
from emulator.models import Permission
from tests.cogs.helpers import BERLIN, final_reply, run
from tests.cogs.test_icebreakers import ENDS, going
from tests.cogs.test_tweetup import announce

pytestmark = pytest.mark.e2e

PNG = b"\x89PNG\r\n\x1a\n"


async def erase(discord: DiscordHarness, who) -> None:  # type: ignore[no-untyped-def]
    handle = await discord.slash(who, "privacy delete")
    await discord.click(await final_reply(handle), label="Yes, erase it", user=who)
    await discord.wait_until(lambda: "erased" in handle.messages[-1].content, "the erasure")


async def test_stats_count_who_met_privately_and_forget_erased_members(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    ana, bo, cy = (discord.add_member(name) for name in ("ana", "bo", "cy"))
    posted = await announce(discord, organizer)
    await going(discord, posted, ana, bo, cy)
    before = await run(discord, ana, "tweetup stats")
    assert "No meetups held yet" in before.content

    clock.set(ENDS + timedelta(hours=1))
    mine = await run(discord, ana, "tweetup stats")
    assert mine.ephemeral
    assert "Meetups held: **1**" in mine.content
    assert "People who met in person: **3**" in mine.content
    assert "Cities: Berlin (1)" in mine.content
    assert "Busiest months: December 2026 (1)" in mine.content
    assert "You've met 2 members in person across 1 city" in mine.content

    await erase(discord, cy)
    after = await run(discord, ana, "tweetup stats")
    assert "People who met in person: **2**" in after.content
    assert "You've met 1 member in person across 1 city" in after.content


async def test_only_organizers_post_stats_and_the_card_has_alt_text(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    organizer = discord.add_member("org", admin=True)
    ana, bo = discord.add_member("ana"), discord.add_member("bo")
    posted = await announce(discord, organizer)
    await going(discord, posted, ana, bo)
    clock.set(ENDS + timedelta(hours=1))

    refused = await run(discord, ana, "tweetup stats", post=True)
    assert refused.ephemeral
    assert "Only organizers" in refused.content

    handle = await discord.slash(organizer, "tweetup stats", post=True, card=True)
    public = await final_reply(handle)
    assert not public.ephemeral
    assert "Meetups held: **1**" in public.content
    assert "You've met" not in public.content  # the personal line stays private
    assert "Image: Tweetup Test Server, December 2026: 1 meetups held" in public.content
    [picture] = public.attachments
    assert picture.filename.endswith(".png")
    assert picture.data.startswith(PNG)
    private = await handle.followup(0)
    assert private.ephemeral
    assert "You haven't been to a meetup" in private.content  # the organizer did not go


async def test_whoshere_chart_shows_visible_travelers_and_locals(discord: DiscordHarness) -> None:
    ana, bo, cy, dee = (discord.add_member(name) for name in ("ana", "bo", "cy", "dee"))
    await run(discord, ana, "home set", city=BERLIN)
    await run(discord, bo, "travel add", city=BERLIN, dates="Dec 3-5")
    await run(discord, cy, "travel add", city=BERLIN, dates="Dec 4-6")
    await run(discord, cy, "notify", visible=False)
    reply = await run(discord, dee, "whoshere", city=BERLIN, dates="Dec 1-10", chart=True)
    assert reply.ephemeral
    assert "Chart: who's in Berlin" in reply.content
    assert "1 visiting member and 1 local" in reply.content
    [picture] = reply.attachments
    assert picture.data.startswith(PNG)
    fetched = [r.path for r in discord.requests("GET /guilds/{guild_id}/members/{user_id}")]
    assert any(str(bo.user.id) in path for path in fetched)
    assert not any(str(cy.user.id) in path for path in fetched)  # hidden: never on the chart
    plain = await run(discord, dee, "whoshere", city=BERLIN, dates="Dec 1-10")
    assert plain.attachments == []


async def test_weekly_digest_once_a_week_visible_members_only_no_pings(
    discord: DiscordHarness, clock: ManualClock
) -> None:
    admin = discord.add_member("admin", permissions=Permission.MANAGE_GUILD)
    organizer = discord.add_member("org", admin=True)
    bo, cy, ana = (discord.add_member(name) for name in ("bo", "cy", "ana"))
    posted = await announce(discord, organizer)
    await going(discord, posted, ana, bo)
    channel = discord.add_channel("meetups")
    await run(discord, admin, "tweetup-admin settings", announce_channel=channel)
    enabled = await run(discord, admin, "tweetup-admin digest", enabled=True)
    assert "weekly digest is on" in enabled.content
    await run(discord, bo, "travel add", city=BERLIN, dates="Dec 3-5")
    await run(discord, cy, "travel add", city=BERLIN, dates="Dec 4-6")
    await run(discord, cy, "notify", visible=False)

    assert await post_due_digests(discord.bot) == 1
    assert await post_due_digests(discord.bot) == 0
    [digest] = [m for m in discord.channel_messages(channel) if "This week on Tweetup" in m.content]
    assert f"<@{bo.user.id}> → Berlin" in digest.content
    assert f"<@{cy.user.id}>" not in digest.content
    assert "Coffee" in digest.content
    sent = [
        r.json
        for r in discord.requests("POST /channels/{channel_id}/messages")
        if "This week on Tweetup" in str(r.json)
    ]
    assert sent[0]["allowed_mentions"] == {"parse": []}

    await discord.restart()
    assert await post_due_digests(discord.bot) == 0  # the same week, after a restart
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))  # the next Monday
    assert await post_due_digests(discord.bot) == 1
    latest = [m for m in discord.channel_messages(channel) if "This week on Tweetup" in m.content]
    assert "Last week's meetups" in latest[-1].content
    assert "2 met in person" in latest[-1].content
    # The first digest of December carries November's community card.
    assert "Image: Tweetup Test Server, November 2026: 0 meetups held" in latest[-1].content
    assert latest[-1].attachments[0].data.startswith(PNG)
    assert digest.attachments == []  # November 21st's digest: no card mid-month
