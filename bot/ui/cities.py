"""City options for slash commands: autocomplete from the gazetteer, then resolution.

The autocomplete value is the GeoNames id, so a pick from the list is exact; text typed
without picking is resolved by name, and may come back ambiguous for the command to ask.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands

from bot.domain import places
from bot.domain.errors import InvalidInput
from bot.domain.numbers import SNOWFLAKE_MAX, parse_integer
from bot.domain.places import Place, Resolution
from bot.domain.places.model import MatchKind
from bot.services import geocoding
from bot.services.places import known_place_ids, member_place_ids
from bot.ui.ask import Conversation

BOOST_TTL = 300.0

log = logging.getLogger(__name__)


class PlaceBoosts:
    """Per-guild copy of the guild's city ranking, refreshed in the background.

    Autocomplete fires on every keystroke and Discord drops an answer that comes late, so a
    keystroke never waits for the database once the guild's ranking has been read: an old
    copy (older than ``BOOST_TTL``) is still served while one background read replaces it.
    Only a guild's very first keystroke waits, and keystrokes arriving during that read
    share it. A city just saved joins the copy at once (``note``).
    """

    def __init__(self) -> None:
        self._cache: dict[int, tuple[float, set[int]]] = {}
        self._reads: dict[int, asyncio.Task[set[int]]] = {}

    async def for_guild(self, client: Any, guild_id: int | None) -> set[int]:
        if guild_id is None:
            return set()
        cached = self._cache.get(guild_id)
        if cached is None:
            return await asyncio.shield(self._read(client, guild_id))
        if time.monotonic() - cached[0] >= BOOST_TTL:
            self._read(client, guild_id)
        return cached[1]

    def _read(self, client: Any, guild_id: int) -> asyncio.Task[set[int]]:
        """The guild's read in flight, or a new one: never two at once for a guild."""
        task = self._reads.get(guild_id)
        if task is None:
            task = asyncio.create_task(self._fetch(client, guild_id))
            self._reads[guild_id] = task
            task.add_done_callback(lambda _: self._reads.pop(guild_id, None))
        return task

    async def _fetch(self, client: Any, guild_id: int) -> set[int]:
        try:
            async with client.db.read_session() as session:
                ids = await known_place_ids(session=session, guild_id=guild_id)
        except Exception:
            # A background refresh has nobody to tell: keep serving the old copy and try
            # again on a later keystroke. A first read's caller sees the error.
            log.exception("Could not read the city ranking of guild %s", guild_id)
            if guild_id in self._cache:
                return self._cache[guild_id][1]
            raise
        self._cache[guild_id] = (time.monotonic(), ids)
        return ids

    def note(self, guild_id: int, place_id: int) -> None:
        cached = self._cache.get(guild_id)
        if cached is not None:
            cached[1].add(place_id)

    def stale(self, guild_id: int) -> None:
        """Reread on the next keystroke, in the background (the old copy serves meanwhile)."""
        cached = self._cache.get(guild_id)
        if cached is not None:
            self._cache[guild_id] = (-BOOST_TTL, cached[1])

    def forget(self, guild_id: int) -> None:
        """The bot left the guild: nothing of it is kept."""
        self._cache.pop(guild_id, None)


BOOSTS = PlaceBoosts()


async def city_choices(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    boost = await BOOSTS.for_guild(interaction.client, interaction.guild_id)
    choices = places.autocomplete(current, boost_ids=boost)
    return [app_commands.Choice(name=choice.name, value=choice.value) for choice in choices]


async def resolve_city(client: Any, value: str) -> Place | Resolution:
    """A picked id gives its place; free text gives a resolution (maybe ambiguous).

    Names the offline gazetteer does not know go to the online geocoder when the
    deployment turned it on (its answers are cached in the database).
    """
    text = value.strip()
    place_id = parse_integer(text, lowest=-SNOWFLAKE_MAX, highest=SNOWFLAKE_MAX)
    if place_id is not None and place_id != 0:
        if place_id > 0:
            place = places.get(place_id)
        else:
            async with client.db.read_session() as session:
                place = await geocoding.get(session=session, place_id=place_id)
        if place is not None:
            return place
    resolution = places.resolve(text)
    if resolution.best is not None:
        return resolution.best
    if not resolution.candidates and client.settings.places.online_geocoding:
        async with client.db.session() as session:
            found = await geocoding.lookup(
                session=session, query=text, geocoder=client.geocoder, now=client.clock.now()
            )
        if len(found) == 1:
            return found[0]
        if found:
            return Resolution(query=text, candidates=tuple(found), ambiguous=True)
    if not resolution.candidates:
        raise InvalidInput(
            f"I don't know a city called “{discord.utils.escape_markdown(text[:80])}”. "
            "Pick one from the suggestions as you type."
        )
    return resolution


class CityTransformer(app_commands.Transformer[Any]):
    """``Transform[Place | Resolution, CityTransformer]`` for a city option."""

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], value: str
    ) -> list[app_commands.Choice[str]]:
        return await city_choices(interaction, value)

    async def transform(
        self, interaction: discord.Interaction[Any], value: Any
    ) -> Place | Resolution:
        found = await resolve_city(interaction.client, str(value))
        if isinstance(found, Resolution) and found.ambiguous and interaction.guild_id:
            return await prefer_known(interaction, found)
        return found


async def prefer_known(
    interaction: discord.Interaction[Any], found: Resolution
) -> Place | Resolution:
    """Namesakes, ranked the way this member means them: their own city (home or trips)
    settles the question; the server's cities come first among the rest."""
    client, guild_id = interaction.client, interaction.guild_id or 0
    async with client.db.read_session() as session:
        own = await member_place_ids(
            session=session, guild_id=guild_id, user_id=interaction.user.id
        )
    guild = await BOOSTS.for_guild(client, guild_id)
    mine = [place for place in found.candidates if place.id in own]
    if len(mine) == 1 and found.match is not MatchKind.FUZZY:
        return mine[0]
    ranked = sorted(
        found.candidates,
        key=lambda place: (place.id not in own, place.id not in guild),
    )
    return replace(found, candidates=tuple(ranked))


async def warm_up() -> None:
    """Open the gazetteer's index off the event loop before the first keystroke needs it
    (milliseconds; seconds only if the install step did not build the file)."""
    await asyncio.to_thread(places.get_gazetteer)


def city_zone(city: Place | Resolution) -> str:
    """The time zone to read dates in before the exact city is settled (same for namesakes
    in one country, and "today" differs between zones only around midnight)."""
    return city.timezone if isinstance(city, Place) else city.candidates[0].timezone


async def pick_place(talk: Conversation, city: Place | Resolution) -> Place:
    """The place itself, or the one the person picks when the name was not enough."""
    if isinstance(city, Place):
        return city
    name = discord.utils.escape_markdown(city.query.strip()[:80])
    if city.not_a_city:
        kind = city.area_kind.value if city.area_kind else "area"
        question = f"“{name}” is a {kind}, not a city. Which city do you mean?"
    elif city.match in (MatchKind.FUZZY, MatchKind.PREFIX):
        question = f"I don't know “{name}”. Did you mean {city.candidates[0].label}?"
        if len(city.candidates) > 1:
            question += " Or one of the others?"
    else:
        question = f"There are several places called “{name}”. Which one do you mean?"
    return await talk.choose(question, [(place.label, place) for place in city.candidates])
