"""How a tweetup looks on Discord (announcement, RSVP and calendar buttons), and posting it
with its thread and Discord event. Shared by the /tweetup commands and time polls."""

from __future__ import annotations

import io
import logging
from datetime import datetime
from typing import Any

import discord

from bot.domain.tweetups import Answer, Status, build_ics, google_calendar_link
from bot.domain.tweetups.permissions import Actor
from bot.services import tweetups
from bot.services.guilds import guild_config
from bot.services.tweetups import Card
from bot.ui import permissions as perms
from bot.ui.items import PersistentButton
from bot.ui.render import COLOR
from bot.ui.replies import NO_MENTIONS
from models import Tweetup

log = logging.getLogger(__name__)

ANSWERS = {"going": "Going", "maybe": "Maybe", "cant_go": "Can't go"}


def when(instant: datetime) -> str:
    unix = int(instant.timestamp())
    return f"<t:{unix}:F> (<t:{unix}:R>)"


def place_text(tweetup: Tweetup) -> str:
    """ "Café Einstein, Berlin, DE", or just "Berlin, DE" when there is no venue."""
    return ", ".join(filter(None, [tweetup.venue, tweetup.place_label]))


def _people(ids: tuple[int, ...], limit: int = 15) -> str:
    shown = " ".join(f"<@{member}>" for member in ids[:limit])
    more = len(ids) - limit
    return shown + (f" …and {more} more" if more > 0 else "") if ids else "—"


def tweetup_embed(card: Card) -> discord.Embed:
    tweetup = card.tweetup
    cancelled = tweetup.status == tweetups.CANCELLED_STATUS
    title = ("❌ CANCELLED: " if cancelled else "📅 ") + tweetup.title
    lines = [
        f"**When:** {when(tweetup.starts_at)}",
        f"**Where:** {place_text(tweetup)}",
    ]
    if tweetup.organizer_id:
        lines.append(f"**Organizer:** <@{tweetup.organizer_id}>")
    if tweetup.description:
        lines.append("")
        lines.append(tweetup.description)
    embed = discord.Embed(title=title[:256], description="\n".join(lines)[:4000], color=COLOR)
    capacity = f"/{tweetup.capacity}" if tweetup.capacity else ""
    embed.add_field(name=f"Going: {len(card.going)}{capacity}", value=_people(card.going)[:1024])
    embed.add_field(name=f"Maybe: {len(card.maybe)}", value=_people(card.maybe)[:1024])
    if card.waitlist:
        embed.add_field(name=f"Waitlist: {len(card.waitlist)}", value=_people(card.waitlist)[:1024])
    embed.set_footer(text=f"Times show in your own time zone · {tweetup.timezone}")
    return embed


class RsvpButton(
    PersistentButton,
    template=r"tweetup:(?P<id>\d+):(?P<answer>going|maybe|cant_go)",
):
    """Persistent: the custom id carries the tweetup, so buttons survive restarts."""

    def __init__(self, tweetup_id: int, answer: str, *, disabled: bool = False) -> None:
        style = {
            "going": discord.ButtonStyle.success,
            "maybe": discord.ButtonStyle.secondary,
            "cant_go": discord.ButtonStyle.danger,
        }[answer]
        super().__init__(
            discord.ui.Button(
                label=ANSWERS[answer],
                style=style,
                custom_id=f"tweetup:{tweetup_id}:{answer}",
                disabled=disabled,
            )
        )
        self.tweetup_id = tweetup_id
        self.answer = answer

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> RsvpButton:
        return cls(int(match["id"]), match["answer"])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        await respond(interaction, self.tweetup_id, self.answer)


class CalendarButton(PersistentButton, template=r"tweetup:(?P<id>\d+):calendar"):
    def __init__(self, tweetup_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Add to calendar",
                emoji="🗓️",
                style=discord.ButtonStyle.secondary,
                custom_id=f"tweetup:{tweetup_id}:calendar",
            )
        )
        self.tweetup_id = tweetup_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> CalendarButton:
        return cls(int(match["id"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        await send_calendar(interaction, self.tweetup_id)


def tweetup_view(tweetup: Tweetup) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    closed = tweetup.status != tweetups.SCHEDULED
    for answer in ANSWERS:
        view.add_item(RsvpButton(tweetup.id, answer, disabled=closed))
    view.add_item(CalendarButton(tweetup.id))
    return view


def message_url(tweetup: Tweetup) -> str | None:
    if tweetup.channel_id and tweetup.message_id:
        path = f"{tweetup.guild_id}/{tweetup.channel_id}/{tweetup.message_id}"
        return f"https://discord.com/channels/{path}"
    return None


async def respond(interaction: discord.Interaction[Any], tweetup_id: int, answer: str) -> None:
    bot = interaction.client
    assert interaction.guild_id is not None
    async with bot.db.session() as session:
        result = await tweetups.respond(
            session=session,
            tweetup_id=tweetup_id,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            answer=Answer(answer),
            defaults=bot.settings.defaults,
            now=bot.clock.now(),
        )
    bot.dispatcher.wake()
    await interaction.response.edit_message(
        embed=tweetup_embed(result.card), view=tweetup_view(result.card.tweetup)
    )
    bot.dispatch("tweetup_changed", tweetup_id)  # the "who's coming" card follows
    status = result.status
    if status is Status.GOING:
        text = "✅ You're going! I'll remind you before it starts (change that with `/notify`)."
    elif status is Status.WAITLISTED:
        text = (
            f"⏳ It's full, so you're on the waitlist (#{result.waitlist_position}). "
            "I'll tell you if a place opens."
        )
    elif result.previous is Status.WAITLISTED:
        text = "👋 You left the waitlist" + (
            " and are marked as maybe."
            if status is Status.MAYBE
            else "; your place in line is gone."
        )
    elif status is Status.MAYBE:
        text = "🤔 Marked as maybe."
    else:
        text = "👋 Marked as can't go. Thanks for letting people know."
    await interaction.followup.send(text, ephemeral=True)


async def send_calendar(interaction: discord.Interaction[Any], tweetup_id: int) -> None:
    bot = interaction.client
    async with bot.db.read_session() as session:
        card = await tweetups.card(
            session=session, tweetup_id=tweetup_id, guild_id=interaction.guild_id
        )
    event = tweetups.calendar_event(card.tweetup, message_url(card.tweetup))
    ics = build_ics(event, stamp=bot.clock.now())
    view = discord.ui.View()
    view.add_item(
        discord.ui.Button(label="Open in Google Calendar", url=google_calendar_link(event))
    )
    await interaction.response.send_message(
        "Here's the event for your calendar (no personal data inside).",
        file=discord.File(io.BytesIO(ics), filename=f"tweetup-{tweetup_id}.ics"),
        view=view,
        ephemeral=True,
    )


async def require_can_announce(bot: Any, interaction: discord.Interaction[Any]) -> None:
    """Before any question: can the bot post the announcement where it will go?"""
    assert interaction.guild_id is not None
    async with bot.db.read_session() as session:
        config = await guild_config(
            session=session, guild_id=interaction.guild_id, defaults=bot.settings.defaults
        )
    target = bot.get_channel(config.announce_channel_id or 0) or interaction.channel
    perms.require(target, perms.POST_EMBED, "post the announcement", interaction)


async def post_tweetup(bot: Any, card: Card, fallback_channel: Any) -> str:
    """Post the announcement, open its thread and create the Discord event; remember them.

    Returns a short note for the organizer that names whatever could not be done and the
    permission it lacked (checked first: without Embed Links Discord would silently post the
    announcement without its embed).
    """
    tweetup = card.tweetup
    channel = bot.get_channel(card.announce_channel_id) if card.announce_channel_id else None
    channel = channel or fallback_channel
    notes: list[str] = []
    message = thread = event = None
    missing = perms.missing_in(channel, perms.POST_EMBED)
    if missing:
        notes.append(perms.refusal("post the announcement", channel, missing))
    else:
        try:
            message = await channel.send(
                embed=tweetup_embed(card), view=tweetup_view(tweetup), allowed_mentions=NO_MENTIONS
            )
        except discord.HTTPException as error:
            log.warning("Could not post tweetup %s: %s", tweetup.id, error)
            notes.append(perms.explain(error, "post the announcement", channel, perms.POST_EMBED))
    if message is not None:
        thread, note = await _open_thread(tweetup, message)
        notes.extend(note)
    guild = bot.get_guild(tweetup.guild_id)
    if guild is not None:
        event, note = await _create_event(tweetup, guild)
        notes.extend(note)
    async with bot.db.session() as session:
        await tweetups.attach_discord(
            session=session,
            tweetup_id=tweetup.id,
            channel_id=message.channel.id if message else None,
            message_id=message.id if message else None,
            thread_id=thread.id if thread else None,
            event_id=event.id if event else None,
            now=bot.clock.now(),
        )
    bot.dispatch("tweetup_changed", tweetup.id)
    if message is None:
        return "⚠️ Saved, but not announced. " + " ".join(notes)
    return f"📣 Announced in {message.channel.mention}. " + " ".join(notes)


async def _open_thread(tweetup: Tweetup, message: Any) -> tuple[Any, list[str]]:
    channel = message.channel
    missing = perms.missing_in(channel, perms.OPEN_THREAD)
    if missing:
        return None, [perms.refusal("open a chat thread", channel, missing)]
    thread = None
    try:
        thread = await message.create_thread(name=tweetup.title[:100], auto_archive_duration=10080)
        await thread.send(
            f"Chat about **{discord.utils.escape_markdown(tweetup.title)}** here. "
            f"Organized by <@{tweetup.organizer_id}>; say hi before you meet!",
            allowed_mentions=NO_MENTIONS,
        )
    except discord.HTTPException as error:
        log.warning("Could not open a thread for tweetup %s: %s", tweetup.id, error)
        return thread, [perms.explain(error, "open a chat thread", channel, perms.OPEN_THREAD)]
    return thread, []


async def _create_event(tweetup: Tweetup, guild: Any) -> tuple[Any, list[str]]:
    missing = perms.missing_in_guild(guild, perms.EVENTS)
    if missing:
        return None, [_event_refusal(missing)]
    try:
        location = place_text(tweetup)[:100]
        event = await guild.create_scheduled_event(
            name=tweetup.title[:100],
            start_time=tweetup.starts_at,
            end_time=tweetup.ends_at,
            entity_type=discord.EntityType.external,
            privacy_level=discord.PrivacyLevel.guild_only,
            location=location,
            description=(tweetup.description or "A Tweetup meetup.")[:1000],
        )
    except discord.HTTPException as error:
        log.warning("Could not create the event for tweetup %s: %s", tweetup.id, error)
        missing = perms.missing_in_guild(guild, perms.EVENTS)
        if error.code in perms.PERMISSION_CODES and missing:
            return None, [_event_refusal(missing)]
        reason = (error.text or "").strip()[:200]
        return None, [f"I couldn't create the Discord event: Discord answered “{reason}”."]
    return event, []


def _event_refusal(missing: list[str], doing: str = "create") -> str:
    return (
        f"I couldn't {doing} the Discord event: I'm missing {perms.plain(missing)} in this "
        "server. Ask an admin to give it to my role in Server Settings → Roles."
    )


async def update_announcement(bot: Any, card: Card) -> list[str]:
    """Redraw the announcement (who is going, the organizer) without telling anyone.
    Returns notes for the organizer about what could not be updated."""
    tweetup = card.tweetup
    bot.dispatch("tweetup_changed", tweetup.id)
    notes: list[str] = []
    if tweetup.channel_id and tweetup.message_id:
        channel = bot.get_channel(tweetup.channel_id)
        try:
            message = bot.get_partial_messageable(tweetup.channel_id).get_partial_message(
                tweetup.message_id
            )
            await message.edit(embed=tweetup_embed(card), view=tweetup_view(tweetup))
        except discord.NotFound:
            notes.append("The announcement was deleted, so I couldn't update it.")
        except discord.HTTPException as error:
            log.warning("Could not update the announcement of tweetup %s: %s", tweetup.id, error)
            notes.append(perms.explain(error, "update the announcement", channel, perms.POST_TEXT))
    return notes


async def refresh_tweetup(bot: Any, card: Card) -> list[str]:
    """Bring the announcement, the Discord event and the thread in line with the tweetup
    after a change. Returns notes for the organizer about what could not be updated."""
    tweetup = card.tweetup
    notes = await update_announcement(bot, card)
    guild = bot.get_guild(tweetup.guild_id)
    if tweetup.event_id and guild is not None:
        notes.extend(await _sync_event(tweetup, guild))
    if tweetup.thread_id:
        text = (
            "❌ This tweetup was cancelled."
            if tweetup.status == tweetups.CANCELLED_STATUS
            else f"✏️ Updated: now {when(tweetup.starts_at)}."
        )
        thread = bot.get_channel(tweetup.thread_id)
        try:
            await bot.get_partial_messageable(tweetup.thread_id).send(
                text, allowed_mentions=NO_MENTIONS
            )
        except discord.HTTPException as error:
            log.warning("Could not post in the thread of tweetup %s: %s", tweetup.id, error)
            needed = ("send_messages_in_threads",)
            notes.append(perms.explain(error, "post the news in the chat thread", thread, needed))
    return notes


async def _sync_event(tweetup: Tweetup, guild: Any) -> list[str]:
    """Discord's event lifecycle: a started (active) event cannot be cancelled, only ended;
    a finished one cannot be changed at all."""
    try:
        event = await guild.fetch_scheduled_event(tweetup.event_id)
        status = event.status
        if status in (discord.EventStatus.completed, discord.EventStatus.cancelled):
            return []
        if tweetup.status == tweetups.CANCELLED_STATUS:
            await (event.end() if status is discord.EventStatus.active else event.cancel())
        elif status is discord.EventStatus.scheduled:
            await event.edit(
                name=tweetup.title[:100],
                start_time=tweetup.starts_at,
                end_time=tweetup.ends_at,
                location=place_text(tweetup)[:100],
            )
    except discord.NotFound:
        return []  # an admin deleted the event: nothing left to update
    except discord.HTTPException as error:
        log.warning("Could not update the event of tweetup %s: %s", tweetup.id, error)
        missing = perms.missing_in_guild(guild, perms.EVENTS)
        if error.code in perms.PERMISSION_CODES and missing:
            return [_event_refusal(missing, "update")]
        reason = (error.text or "").strip()[:200]
        return [f"I couldn't update the Discord event: Discord answered “{reason}”."]
    return []


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    member = interaction.user
    roles = [role.id for role in getattr(member, "roles", [])]
    permissions = interaction.permissions
    return Actor(
        user_id=member.id,
        role_ids=roles,
        is_admin=permissions.administrator or permissions.manage_guild,
    )


DYNAMIC_ITEMS = (RsvpButton, CalendarButton)
