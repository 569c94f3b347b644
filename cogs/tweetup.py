"""``/tweetup``: propose times, announce meetups, edit, cancel, list, mine, stats."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.domain.errors import InvalidInput
from bot.domain.places import Place, Resolution
from bot.services import series, tweetups
from bot.ui import poll_items
from bot.ui import polls as poll_ui
from bot.ui import stats as stats_ui
from bot.ui import tweetups as ui
from bot.ui.ask import Conversation
from bot.ui.cities import CityTransformer, city_zone, pick_place
from bot.ui.dates import local_today, member_date_order, read_dates, settle_dates
from bot.ui.tweetup_lists import mine_reply, upcoming_text
from bot.ui.tweetup_options import (
    cancel_question,
    manageable_choices,
    mentioned_ids,
    read_when,
    series_note,
    tweetup_id_of,
)

City = app_commands.Transform[Place | Resolution, CityTransformer]
DURATIONS = [1, 2, 3, 4, 6]
HOUR_CHOICES = [
    app_commands.Choice(name=f"{h} hour{'s' if h > 1 else ''}", value=h) for h in DURATIONS
]


@app_commands.guild_only()
class TweetupCommands(
    commands.GroupCog, group_name="tweetup", group_description="Plan and announce meetups"
):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @app_commands.command(name="propose", description="Find times that suit everyone and vote")
    @app_commands.describe(
        city="Where to meet: start typing and pick the city",
        members="Who to invite: mention them, e.g. @Ana @Bo (you are included)",
        between="Optional: which days, in plain words (e.g. “Mar 3-7”, “next week”)",
    )
    async def propose(
        self,
        interaction: discord.Interaction[TweetupBot],
        city: City,
        members: app_commands.Range[str, 0, 1000] | None = None,
        between: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        poll_ui.require_can_post(interaction)
        talk = Conversation(interaction)
        invited = mentioned_ids(members or "")
        today = local_today(self.bot.clock.now(), city_zone(city))
        order = await member_date_order(interaction)
        parsed = read_dates(between, today=today, order=order) if between else None
        place = await pick_place(talk, city)
        window = await settle_dates(talk, parsed) if parsed is not None else None
        note = await poll_ui.open_poll(interaction, place=place, member_ids=invited, between=window)
        await talk.reply(note)

    @app_commands.command(name="announce", description="Announce a meetup with RSVPs")
    @app_commands.describe(
        title="A short title, e.g. “Coffee at the river”",
        city="Where: start typing and pick the city",
        when="When, in the city's local time: “Friday 19:30”, “Dec 12 at 7pm”",
        venue="Optional: the place to meet",
        capacity="Optional: how many can come (a waitlist forms after that)",
        description="Optional: anything people should know",
        hours="How long it lasts (default 2 hours)",
        repeat="Optional: make it recurring, e.g. “every Thursday at 12:30”",
    )
    @app_commands.choices(hours=HOUR_CHOICES)
    async def announce(
        self,
        interaction: discord.Interaction[TweetupBot],
        title: app_commands.Range[str, 1, 100],
        city: City,
        when: app_commands.Range[str, 1, 200],
        venue: app_commands.Range[str, 0, 200] | None = None,
        capacity: app_commands.Range[int, 1, 10000] | None = None,
        description: app_commands.Range[str, 0, 1000] | None = None,
        hours: int = 2,
        repeat: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        talk = Conversation(interaction)
        await talk.defer()
        await ui.require_can_announce(self.bot, interaction)
        place = await pick_place(talk, city)
        now = self.bot.clock.now()
        moment = await read_when(
            talk,
            when,
            tz=place.timezone,
            now=now,
            order=await member_date_order(interaction),
            title=title,
        )
        draft = tweetups.Draft(
            title=title,
            place=place,
            starts_at=moment.utc,
            ends_at=moment.utc + timedelta(hours=hours if hours in DURATIONS else 2),
            venue=venue or "",
            capacity=capacity,
            description=description or "",
        )
        actor = ui.actor_of(interaction)
        defaults = self.bot.settings.defaults
        async with self.bot.db.session() as session:
            if repeat:
                _, cards, rule = await series.create_series(
                    session=session,
                    guild_id=interaction.guild_id,
                    actor=actor,
                    rule=repeat,
                    draft=draft,
                    defaults=defaults,
                    now=now,
                )
            else:
                cards = [
                    await tweetups.announce(
                        session=session,
                        guild_id=interaction.guild_id,
                        actor=actor,
                        draft=draft,
                        defaults=defaults,
                        now=now,
                    )
                ]
                rule = ""
        notes = [await ui.post_tweetup(self.bot, card, interaction.channel) for card in cards]
        echo = f"**{discord.utils.escape_markdown(draft.title)}**: {moment.label}"
        echo += f"\nℹ️ {moment.note}" if moment.note else ""
        if rule:
            echo += f"\n🔁 {rule}. {series_note(cards, self.bot.settings.defaults)}"
        await talk.reply(f"{echo}\n{notes[0] if notes else ''}")

    @app_commands.command(name="edit", description="Change a tweetup; attendees are told")
    @app_commands.describe(
        tweetup="Which tweetup",
        title="New title",
        when="New time, in the city's local time",
        venue="New venue",
        capacity="New capacity (raising it lets people in from the waitlist)",
        description="New description",
    )
    @app_commands.autocomplete(tweetup=manageable_choices)
    async def edit(
        self,
        interaction: discord.Interaction[TweetupBot],
        tweetup: str,
        title: app_commands.Range[str, 1, 100] | None = None,
        when: app_commands.Range[str, 1, 200] | None = None,
        venue: app_commands.Range[str, 0, 200] | None = None,
        capacity: app_commands.Range[int, 1, 10000] | None = None,
        description: app_commands.Range[str, 0, 1000] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        tweetup_id = tweetup_id_of(tweetup)
        talk = Conversation(interaction)
        await talk.defer()
        typed = (("title", title), ("venue", venue), ("capacity", capacity))
        changes: dict[str, Any] = {k: v for k, v in typed if v is not None}
        if description is not None:
            changes["description"] = description
        now = self.bot.clock.now()
        async with self.bot.db.read_session() as session:
            current = await tweetups.managed_card(
                session=session,
                tweetup_id=tweetup_id,
                guild_id=interaction.guild_id,
                actor=ui.actor_of(interaction),
                defaults=self.bot.settings.defaults,
            )
        if when is not None:
            moment = await read_when(
                talk,
                when,
                tz=current.tweetup.timezone,
                now=now,
                order=await member_date_order(interaction),
                title=title or current.tweetup.title,
            )
            length = current.tweetup.ends_at - current.tweetup.starts_at
            changes["starts_at"], changes["ends_at"] = moment.utc, moment.utc + length
        if not changes:
            raise InvalidInput(
                "Tell me what to change: a title, time, venue, capacity or description."
            )
        async with self.bot.db.session() as session:
            card = await tweetups.edit(
                session=session,
                tweetup_id=tweetup_id,
                guild_id=interaction.guild_id,
                actor=ui.actor_of(interaction),
                changes=changes,
                defaults=self.bot.settings.defaults,
                now=now,
            )
        self.bot.dispatcher.wake()
        notes = await ui.refresh_tweetup(self.bot, card)
        await talk.reply(
            " ".join(["✏️ Updated. Everyone going or maybe will get a DM about the change.", *notes])
        )

    @app_commands.command(name="cancel", description="Cancel a tweetup; attendees are told")
    @app_commands.describe(tweetup="Which tweetup")
    @app_commands.autocomplete(tweetup=manageable_choices)
    async def cancel(self, interaction: discord.Interaction[TweetupBot], tweetup: str) -> None:
        assert interaction.guild_id is not None
        tweetup_id = tweetup_id_of(tweetup)
        talk = Conversation(interaction)
        await talk.defer()
        async with self.bot.db.read_session() as session:
            current = await tweetups.managed_card(
                session=session,
                tweetup_id=tweetup_id,
                guild_id=interaction.guild_id,
                actor=ui.actor_of(interaction),
                defaults=self.bot.settings.defaults,
            )
        await talk.choose(cancel_question(current), [("Yes, cancel it", True)], dismiss="Keep it")
        async with self.bot.db.session() as session:
            card = await tweetups.cancel(
                session=session,
                tweetup_id=tweetup_id,
                guild_id=interaction.guild_id,
                actor=ui.actor_of(interaction),
                defaults=self.bot.settings.defaults,
                now=self.bot.clock.now(),
            )
        self.bot.dispatcher.wake()
        notes = await ui.refresh_tweetup(self.bot, card)
        await talk.reply(" ".join(["❌ Cancelled. Everyone who answered will get a DM.", *notes]))

    @app_commands.command(name="list", description="Upcoming tweetups in this server")
    @app_commands.describe(city="Optional: only those near this city")
    async def list_tweetups(
        self, interaction: discord.Interaction[TweetupBot], city: City | None = None
    ) -> None:
        assert interaction.guild_id is not None
        talk = Conversation(interaction)
        place = await pick_place(talk, city) if city is not None else None
        async with self.bot.db.read_session() as session:
            found = await tweetups.upcoming(
                session=session,
                guild_id=interaction.guild_id,
                now=self.bot.clock.now(),
                near=place,
                defaults=self.bot.settings.defaults,
            )
        await talk.reply(upcoming_text(found, place))

    @app_commands.command(name="stats", description="Meetups held, people who met, cities")
    @app_commands.describe(
        post="Post them in the channel for everyone (organizers)", card="Add the month's card"
    )
    async def stats(
        self, interaction: discord.Interaction[TweetupBot], post: bool = False, card: bool = False
    ) -> None:
        await stats_ui.stats_reply(interaction, post=post, card=card)

    @app_commands.command(name="mine", description="Your upcoming tweetups and waitlist places")
    async def mine(self, interaction: discord.Interaction[TweetupBot]) -> None:
        await mine_reply(interaction)


async def setup(bot: TweetupBot) -> None:
    bot.add_dynamic_items(*ui.DYNAMIC_ITEMS, *poll_items.DYNAMIC_ITEMS)
    await bot.add_cog(TweetupCommands(bot))
