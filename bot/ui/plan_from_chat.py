"""The private "Plan a tweetup?" card of the "Plan a tweetup from this" message menu.

The message is read once (:func:`bot.domain.chatter.read_plan`); the gaps are filled from
the trips and homes of the members it is about (:mod:`bot.services.plan_from_chat`). The
proposer checks the city, the days and who is invited, changes them with buttons or a form,
and **Open the poll** goes through :func:`bot.ui.polls.open_poll`, exactly as
``/tweetup propose``. Nothing of the message's text is stored or shown back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

from bot.domain import places
from bot.domain.chatter import read_plan
from bot.domain.dates import DateRange
from bot.domain.places import Place
from bot.services.homes import get_home
from bot.services.plan_from_chat import draft_plan
from bot.ui.cards import Card, CitySelect, PickButton
from bot.ui.dates import local_today, member_date_order, read_dates
from bot.ui.errors import TweetupModal
from bot.ui.polls import open_poll, require_can_post
from bot.ui.replies import NO_MENTIONS

CARD_TIMEOUT = 600.0
CITY_BUTTONS = 4  # more cities than this become a select menu
MAX_SHOWN = 12
MAX_PICKED = 25  # Discord's most values in one select menu


@dataclass(slots=True)
class Plan:
    """The poll as the proposer sees it; ``date_index`` None with readings means "pick"."""

    places: list[Place]
    readings: list[DateRange]
    date_index: int | None
    invited: list[int]
    place_index: int = 0
    problem: str = ""

    @property
    def place(self) -> Place | None:
        return self.places[self.place_index] if self.places else None

    @property
    def window(self) -> DateRange | None:
        return None if self.date_index is None else self.readings[self.date_index]

    @property
    def ready(self) -> bool:
        return self.place is not None and (not self.readings or self.date_index is not None)


async def offer_plan(interaction: discord.Interaction[Any], message: discord.Message) -> None:
    """Check the bot may post a poll here (before asking anything), then show the card."""
    require_can_post(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    bot = interaction.client
    assert interaction.guild_id is not None
    async with bot.db.read_session() as session:
        home = await get_home(
            session=session, guild_id=interaction.guild_id, user_id=interaction.user.id
        )
    zone = home.timezone if home is not None else "UTC"
    today = local_today(bot.clock.now(), zone)
    reading = read_plan(message.content, today, zone, await member_date_order(interaction))
    bots = [user.id for user in message.mentions if user.bot]
    if message.author.bot:
        bots.append(message.author.id)
    async with bot.db.read_session() as session:
        draft = await draft_plan(
            session=session,
            guild_id=interaction.guild_id,
            proposer_id=interaction.user.id,
            author_id=message.author.id,
            reading=reading,
            not_members=[*bots, bot.user.id],
            defaults=bot.settings.defaults,
            today=today,
        )
    plan = Plan(
        places=list(draft.places),
        readings=list(draft.readings),
        date_index=0 if draft.settled else None,
        invited=list(draft.invited),
    )
    card = PlanCard(interaction.user.id, plan)
    await card.send(interaction, card.text())


class PlanCard(Card):
    def __init__(self, owner_id: int, plan: Plan) -> None:
        super().__init__(owner_id, CARD_TIMEOUT)
        self.plan = plan
        self.build()

    def picked(self, what: str, index: int) -> None:
        if what == "city":
            self.plan.place_index = index
        else:
            self.plan.date_index = index

    def text(self) -> str:
        plan = self.plan
        lines = ["🗳️ **Plan a tweetup?** Check it, then press **Open the poll**."]
        place = plan.place
        if place is None:
            lines.append("📍 City: I found none; press **Change…** and type it.")
        else:
            city = f"📍 City: **{discord.utils.escape_markdown(place.label)}**"
            lines.append(city + (" (or pick another below)" if len(plan.places) > 1 else ""))
        if plan.window is not None:
            lines.append(f"📅 Days: **{plan.window.label}**")
        elif plan.readings:
            lines.append("📅 Days: which do you mean? Pick below.")
        else:
            lines.append("📅 Days: any in the coming weeks (press **Change…** to narrow).")
        shown = ", ".join(f"<@{member}>" for member in plan.invited[:MAX_SHOWN])
        more = len(plan.invited) - MAX_SHOWN
        if more > 0:
            shown += f" and {more} more"
        lines.append(
            f"👥 Invited: you, {shown}"
            if shown
            else "👥 Invited: just you so far (mention people)."
        )
        if plan.problem:
            lines.append(f"⚠️ {plan.problem}")
        return "\n".join(lines)[:2000]

    def build(self) -> None:
        self.clear_items()
        plan = self.plan
        if len(plan.places) > CITY_BUTTONS:
            labels = [place.label for place in plan.places]
            self.add_item(CitySelect("plan", "Another city? Choose it…", labels, plan.place_index))
        elif len(plan.places) > 1:
            for index, place in enumerate(plan.places):
                self.add_item(
                    PickButton("plan", "city", index, place.label, index == plan.place_index)
                )
        if len(plan.readings) > 1 or plan.date_index is None:
            for index, reading in enumerate(plan.readings[:4]):
                self.add_item(
                    PickButton("plan", "date", index, reading.label, index == plan.date_index)
                )
        self.add_item(_Invitees(plan.invited))
        self.add_item(_Action("change", "Change…", discord.ButtonStyle.secondary))
        opener = _Action("open", "Open the poll", discord.ButtonStyle.success)
        opener.disabled = not plan.ready
        self.add_item(opener)
        self.add_item(_Action("cancel", "Cancel", discord.ButtonStyle.danger))

    async def refresh(self, interaction: discord.Interaction[Any]) -> None:
        self.build()
        await interaction.response.edit_message(
            content=self.text(), view=self, allowed_mentions=NO_MENTIONS
        )

    async def open(self, interaction: discord.Interaction[Any]) -> None:
        place = self.plan.place
        assert place is not None
        require_can_post(interaction)  # again: permissions may have changed meanwhile
        self.done = True  # before the first await: a second click meanwhile opens nothing
        await interaction.response.defer()
        try:
            note = await open_poll(
                interaction, place=place, member_ids=self.plan.invited, between=self.plan.window
            )
        except Exception:
            self.done = False  # e.g. days too far apart: the card can be changed and used again
            raise
        self.stop()
        await interaction.edit_original_response(
            content=note, view=None, allowed_mentions=NO_MENTIONS
        )


class _Action(discord.ui.Button[PlanCard]):
    def __init__(self, action: str, label: str, style: discord.ButtonStyle) -> None:
        super().__init__(label=label, style=style, custom_id=f"plan:{action}", row=2)
        self.action = action

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        card = self.view
        assert card is not None
        if self.action == "change":
            await interaction.response.send_modal(_ChangeForm(card))
        elif self.action == "open":
            await card.open(interaction)
        else:
            card.done = True
            card.stop()
            await interaction.response.edit_message(
                content="No problem: no poll was opened.", view=None
            )


class _Invitees(discord.ui.UserSelect[PlanCard]):
    """Who is invited besides the proposer, pre-filled from the message: pick people to
    add, clear them to take them off. Bots and the proposer (always in) are left out."""

    def __init__(self, invited: list[int]) -> None:
        super().__init__(
            custom_id="plan:invited",
            placeholder="Invite people, or take them off…",
            min_values=0,
            max_values=MAX_PICKED,
            default_values=[discord.Object(member, type=discord.User) for member in invited][
                :MAX_PICKED
            ],
            row=3,
        )

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        card = self.view
        assert card is not None
        # Once used, the menu is the list (a message mentioning more than it holds is cut
        # to what it shows); the poll's own limit is checked when it opens.
        picked = [user.id for user in self.values if not user.bot and user.id != card.owner_id]
        card.plan.invited = list(dict.fromkeys(picked))
        await card.refresh(interaction)


class _ChangeForm(TweetupModal, title="Change the plan"):
    city: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="City", placeholder="e.g. Lisbon", max_length=100, required=False
    )
    days: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Days (empty: any in the coming weeks)",
        placeholder="“Mar 3-7”, “next week”, “this weekend”",
        max_length=200,
        required=False,
    )

    def __init__(self, card: PlanCard) -> None:
        super().__init__(timeout=CARD_TIMEOUT)
        self.card = card
        plan = card.plan
        self.city.default = plan.place.label if plan.place is not None else None
        self.days.default = plan.window.label if plan.window is not None else None

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        plan = self.card.plan
        plan.problem = ""
        typed = self.city.value.strip()
        if typed and (plan.place is None or typed != plan.place.label):
            found = list(places.resolve(typed).candidates)
            if found:
                rest = [p for p in plan.places if p.id not in {f.id for f in found}]
                plan.places, plan.place_index = [*found[:CITY_BUTTONS], *rest][:25], 0
            else:
                plan.problem = "I don't know that city; try its usual name."
        days = self.days.value.strip()
        if not days and plan.window is None:
            pass  # still to be picked from the buttons (or no days at all)
        elif not days:
            plan.readings, plan.date_index = [], None
        else:
            zone = plan.place.timezone if plan.place is not None else "UTC"
            parsed = read_dates(
                days,
                today=local_today(interaction.client.clock.now(), zone),
                order=await member_date_order(interaction),
            )
            if isinstance(parsed, DateRange):
                plan.readings, plan.date_index = [parsed], 0
            else:
                plan.readings, plan.date_index = list(parsed.readings)[:4], None
        await self.card.refresh(interaction)
