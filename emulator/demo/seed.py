"""``--seed community``: a lived-in server, built by driving the bot's own commands.

Thirty members in twelve cities have homes and DM settings (written through the bot's
services), then share trips, and Ana proposes a meetup (a running poll with votes) and
announces an upcoming tweetup with RSVPs, through slash commands and button clicks: the
bot posts, matches and sends the DMs it would send in real use.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from emulator.models import Channel, Member, Message

if TYPE_CHECKING:
    from emulator.demo.sandbox import Sandbox

log = logging.getLogger(__name__)

#: GeoNames ids of the cities (what the city autocomplete answers with).
CITIES = {
    "Berlin": "2950159",
    "Lisbon": "2267057",
    "Barcelona": "3128760",
    "London": "2643743",
    "Paris": "2988507",
    "Amsterdam": "2759794",
    "New York": "5128581",
    "Toronto": "6167865",
    "Tokyo": "1850147",
    "Buenos Aires": "3435910",
    "Melbourne": "2158177",
    "Nairobi": "184745",
}
#: Who lives where; Ana owns the server.
HOMES = {
    "Berlin": ("Ana", "Bo", "Chen", "Cleo", "Eli"),
    "Lisbon": ("Dara", "Emil", "Dev"),
    "Barcelona": ("Fatima", "Gus"),
    "London": ("Hana", "Ivo", "Ben"),
    "Paris": ("Jules", "Kofi"),
    "Amsterdam": ("Lena", "Mateo"),
    "New York": ("Noor", "Omar", "Pia"),
    "Toronto": ("Quinn", "Rosa"),
    "Tokyo": ("Sora", "Taro"),
    "Buenos Aires": ("Uma", "Vic"),
    "Melbourne": ("Wen", "Xavi"),
    "Nairobi": ("Yara", "Zane"),
}
#: Members who did not turn on DMs about visitors (the default is off).
NO_DMS = {"Gus", "Kofi", "Omar", "Taro", "Vic", "Zane", "Dev"}
#: (who, city, first day from today, last day from today, note)
TRIPS = (
    ("Noor", "Berlin", 3, 7, "First time in Berlin, coffee anyone?"),
    ("Jules", "Berlin", 4, 6, "Conference, free evenings"),
    ("Sora", "Lisbon", 10, 14, ""),
    ("Hana", "Barcelona", 5, 8, "Tapas tour?"),
    ("Quinn", "New York", 2, 4, ""),
    ("Wen", "Tokyo", 20, 25, "Cherry blossom scouting"),
    ("Yara", "London", 12, 15, ""),
    ("Uma", "Barcelona", 6, 9, ""),
)
#: Only the first trips are posted in #meetups (Discord allows 5 messages per 5 s there).
ANNOUNCED_TRIPS = 3


def span(start: date, end: date) -> str:
    """Dates the way a member would type them: ``Dec 6 - Dec 10``."""
    return f"{start:%b} {start.day} - {end:%b} {end.day}"


async def perform(
    sandbox: Sandbox, who: Member, command: str, *, at: Channel | None = None, **options: Any
) -> Message:
    """Run a slash command as ``who`` and wait for its final answer (after "thinking…")."""
    handle = await sandbox.discord.slash(who, command, at=at, options=options)

    def answered() -> Message | None:
        shown = [m for m in handle.messages if not m.loading]
        return shown[-1] if shown and len(shown) == len(handle.messages) else None

    return await sandbox.discord.wait_until(answered, f"the answer to /{command}")


async def find_message(sandbox: Sandbox, channel: Channel, text: str) -> Message:
    """The newest public message in ``channel`` whose content or embeds mention ``text``."""

    def found() -> Message | None:
        for message in reversed(sandbox.discord.channel_messages(channel)):
            shown = message.content + " ".join(str(e) for e in message.embeds)
            if text in shown:
                return message
        return None

    return await sandbox.discord.wait_until(found, f"a message with {text!r}")


async def seed_community(sandbox: Sandbox) -> None:
    people = {name: sandbox.member(name) for names in HOMES.values() for name in names}
    ana = people["Ana"]
    settings: dict[str, Any] = {"announce_channel": sandbox.meetups, "announce_trips": True}
    await perform(sandbox, ana, "tweetup-admin settings", **settings)
    await settle_homes(sandbox, people)
    today = sandbox.now().date()
    for index, (who, city, first, last, note) in enumerate(TRIPS):
        dates = span(today + timedelta(days=first), today + timedelta(days=last))
        options: dict[str, Any] = {"note": note} if note else {}
        if index >= ANNOUNCED_TRIPS:
            options["announce"] = False
        await perform(sandbox, people[who], "travel add", city=CITIES[city], dates=dates, **options)
    await running_poll(sandbox, people)
    await upcoming_tweetup(sandbox, people, today + timedelta(days=2))
    log.info("Seeded the community: %d members", len(people))


async def settle_homes(sandbox: Sandbox, people: dict[str, Member]) -> None:
    """Homes and DM settings through the bot's services, in one transaction: thirty
    ``/home set`` and ``/notify`` commands would leave the same rows, only slower."""
    from bot.domain import places
    from bot.services import homes, members

    bot = sandbox.discord.bot
    now = sandbox.now()
    guild_id = sandbox.guild.id
    async with bot.db.session() as session:
        for city, names in HOMES.items():
            place = places.get(int(CITIES[city]))
            assert place is not None, city
            for name in names:
                user_id = people[name].id
                await homes.set_home(
                    session=session, guild_id=guild_id, user_id=user_id, place=place, now=now
                )
                if name not in NO_DMS:
                    await members.update_member_prefs(
                        session=session, guild_id=guild_id, user_id=user_id, now=now,
                        changes={"notify_dm": True}, defaults=bot.settings.defaults,
                    )  # fmt: skip


async def running_poll(sandbox: Sandbox, people: dict[str, Member]) -> Message:
    """Ana asks Berlin (and Noor, visiting) when to meet; two have voted so far."""
    invited = " ".join(people[n].mention for n in ("Bo", "Chen", "Noor", "Jules"))
    await perform(
        sandbox, people["Ana"], "tweetup propose", at=sandbox.meetups,
        city=CITIES["Berlin"], members=invited,
    )  # fmt: skip
    poll = await find_message(sandbox, sandbox.meetups, "When shall we meet?")
    for voter in ("Bo", "Chen"):
        await sandbox.discord.click(poll, label="1: Yes", user=people[voter])
    return poll


async def upcoming_tweetup(sandbox: Sandbox, people: dict[str, Member], day: date) -> Message:
    """Drinks in Berlin the day after tomorrow; three members are going."""
    await perform(
        sandbox, people["Ana"], "tweetup announce", at=sandbox.meetups,
        title="Drinks by the Spree", city=CITIES["Berlin"], when=f"{day:%b} {day.day} at 7pm",
        venue="Holzmarkt 25", capacity=12,
        description="Casual drinks for locals and visitors. Look for the Tweetup sign!",
    )  # fmt: skip
    posted = await find_message(sandbox, sandbox.meetups, "Drinks by the Spree")
    await sandbox.discord.wait_until(lambda: posted.thread_id, "the tweetup's thread")
    for name in ("Bo", "Cleo", "Noor"):
        await sandbox.discord.click(posted, label="Going", user=people[name])
    return posted
