"""The private "Add this trip?" card: what a chat message said, pre-filled, for its author to
check and save.

Used by the "Add as my trip" context menu and the @mention button. The message is read
once with :func:`extract_trip`; nothing of its text is stored or shown back except the city
and dates the bot understood. Saving goes through :func:`bot.ui.trip_saved.save_trip`, the
same path as ``/travel add``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

from bot.domain import places
from bot.domain.chatter import extract_trip
from bot.domain.dates import DateRange
from bot.domain.places import Place
from bot.services.guilds import guild_config
from bot.services.homes import get_home
from bot.ui.cards import Card, CitySelect, PickButton
from bot.ui.dates import local_today, member_date_order, read_dates
from bot.ui.errors import TweetupModal
from bot.ui.replies import NO_MENTIONS
from bot.ui.trip_saved import after_saved, save_trip

CARD_TIMEOUT = 600.0
CITY_BUTTONS = 4  # more namesakes than this become a select menu
DATE_BUTTONS = 4  # plus "Edit dates" on the same row
MAX_CITIES = 25
PICK_CITY = "Not the right city? Choose it…"
NOTHING_FOUND = (
    "🤔 I couldn't find a city in that message. Use `/travel add` to share a trip: "
    "start typing the city and pick it, then the dates in plain words."
)


@dataclass(slots=True)
class Draft:
    """The trip as understood so far; ``date_index`` None means "not picked yet"."""

    places: list[Place]
    readings: list[DateRange]
    date_index: int | None
    announce: bool
    place_index: int = 0
    note: str = ""

    @property
    def place(self) -> Place:
        return self.places[self.place_index]

    @property
    def window(self) -> DateRange | None:
        return None if self.date_index is None else self.readings[self.date_index]


def read_draft(
    text: str, *, today: Any, zone: str | None, order: Any, announce: bool
) -> Draft | None:
    """The cities (the best reading first, then the others and namesakes) and the dates.
    ``zone``, the member's home time zone, settles namesakes towards their country."""
    reading = extract_trip(text, today, zone, order)
    if not reading.candidates:
        return None
    found = [candidate.place for candidate in reading.candidates]
    top = found[0].name.casefold()
    # Namesakes of the city read ("Halifax": Nova Scotia, England, Massachusetts), so the
    # member can pick theirs; fuzzy look-alikes are not offered.
    found += [
        place
        for place in places.resolve(reading.candidates[0].text).candidates
        if place.name.casefold() == top
    ]
    unique = list({place.id: place for place in found}.values())[:MAX_CITIES]
    readings = list(reading.readings)[:DATE_BUTTONS]
    exact = reading.dates_exact
    if exact is not None:
        readings = [exact]
    return Draft(
        places=unique,
        readings=readings,
        date_index=0 if exact is not None else None,
        announce=announce,
    )


async def offer_trip(interaction: discord.Interaction[Any], text: str) -> None:
    """Answer privately: the pre-filled card, or how to add the trip by hand."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
    bot = interaction.client
    assert interaction.guild_id is not None
    async with bot.db.read_session() as session:
        config = await guild_config(
            session=session, guild_id=interaction.guild_id, defaults=bot.settings.defaults
        )
        home = await get_home(
            session=session, guild_id=interaction.guild_id, user_id=interaction.user.id
        )
    zone = home.timezone if home is not None else None
    order = await member_date_order(interaction)
    today = local_today(bot.clock.now(), zone or "UTC")
    draft = read_draft(text, today=today, zone=zone, order=order, announce=config.announce_trips)
    if draft is None:
        await interaction.followup.send(NOTHING_FOUND, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return
    card = TripCard(interaction.user.id, draft)
    await card.send(interaction, card.text())


class TripCard(Card):
    def __init__(self, owner_id: int, draft: Draft) -> None:
        super().__init__(owner_id, CARD_TIMEOUT)
        self.draft = draft
        self.build()

    def picked(self, what: str, index: int) -> None:
        if what == "city":
            self.draft.place_index = index
        else:
            self.draft.date_index = index

    def text(self) -> str:
        draft = self.draft
        lines = ["✈️ **Add this trip?** Check it, then press **Save**."]
        city = f"📍 City: **{discord.utils.escape_markdown(draft.place.label)}**"
        if len(draft.places) > 1:
            city += " (not that one? pick below)"
        lines.append(city)
        if draft.window is not None:
            lines.append(f"📅 Dates: **{draft.window.label}**")
        elif draft.readings:
            lines.append("📅 Dates: which do you mean? Pick below.")
        else:
            lines.append("📅 Dates: I found none; press **Edit dates**.")
        if draft.note:
            lines.append(f"📝 Note: {discord.utils.escape_markdown(draft.note)}")
        lines.append(f"📣 Announce in the server: {'yes' if draft.announce else 'no'}")
        return "\n".join(lines)[:2000]

    def build(self) -> None:
        self.clear_items()
        draft = self.draft
        if len(draft.places) > CITY_BUTTONS:
            labels = [place.label for place in draft.places]
            self.add_item(CitySelect("card", PICK_CITY, labels, draft.place_index))
        elif len(draft.places) > 1:
            for index, place in enumerate(draft.places):
                self.add_item(
                    PickButton("card", "city", index, place.label, index == draft.place_index)
                )
        for index, reading in enumerate(draft.readings):
            self.add_item(
                PickButton("card", "date", index, reading.label, index == draft.date_index)
            )
        self.add_item(_EditDates())
        announce = "Announce: yes" if draft.announce else "Announce: no"
        self.add_item(_Action("announce", announce, discord.ButtonStyle.secondary))
        save = _Action("save", "Save", discord.ButtonStyle.success)
        save.disabled = draft.window is None
        self.add_item(save)
        self.add_item(_Action("cancel", "Cancel", discord.ButtonStyle.danger))

    async def refresh(self, interaction: discord.Interaction[Any]) -> None:
        self.build()
        await interaction.response.edit_message(
            content=self.text(), view=self, allowed_mentions=NO_MENTIONS
        )

    async def save(self, interaction: discord.Interaction[Any]) -> None:
        window = self.draft.window
        assert window is not None
        self.done = True  # before the first await: a second click meanwhile saves nothing
        await interaction.response.defer()
        self.stop()
        saved = await save_trip(
            interaction,
            place=self.draft.place,
            window=window,
            note=self.draft.note,
            announce=self.draft.announce,
        )
        await interaction.edit_original_response(
            content=saved.content, embed=saved.embed, view=saved.view, allowed_mentions=NO_MENTIONS
        )
        after_saved(interaction)


class _EditDates(discord.ui.Button[TripCard]):
    def __init__(self) -> None:
        super().__init__(label="Edit dates", emoji="✏️", custom_id="card:edit", row=1)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        assert self.view is not None
        await interaction.response.send_modal(_DatesForm(self.view))


class _Action(discord.ui.Button[TripCard]):
    def __init__(self, action: str, label: str, style: discord.ButtonStyle) -> None:
        super().__init__(label=label, style=style, custom_id=f"card:{action}", row=2)
        self.action = action

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        card = self.view
        assert card is not None
        if self.action == "announce":
            card.draft.announce = not card.draft.announce
            await card.refresh(interaction)
        elif self.action == "save":
            await card.save(interaction)
        else:
            card.done = True
            card.stop()
            await interaction.response.edit_message(
                content="No problem: nothing was saved.", view=None
            )


class _DatesForm(TweetupModal, title="Edit the trip"):
    dates: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Dates",
        placeholder="“Mar 3-7”, “next weekend”, “Dec 7 for 5 nights”",
        max_length=200,
    )
    note: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Note (optional, shown with your trip)", required=False, max_length=200
    )

    def __init__(self, card: TripCard) -> None:
        super().__init__(timeout=CARD_TIMEOUT)
        self.card = card
        window = card.draft.window
        if window is not None:
            self.dates.default = window.label
        self.note.default = card.draft.note or None

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        draft = self.card.draft
        parsed = read_dates(
            self.dates.value,
            today=local_today(interaction.client.clock.now(), draft.place.timezone),
            order=await member_date_order(interaction),
        )
        if isinstance(parsed, DateRange):
            draft.readings, draft.date_index = [parsed], 0
        else:
            draft.readings, draft.date_index = list(parsed.readings)[:DATE_BUTTONS], None
        draft.note = self.note.value.strip()
        await self.card.refresh(interaction)
