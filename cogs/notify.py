"""``/notify``: a member's own notification and visibility settings in this server."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.config import RADIUS_LIMIT_KM
from bot.domain.durations import describe_lead_times, parse_lead_times
from bot.domain.quiet_hours import parse_quiet_hours
from bot.services import members, tweetups
from bot.services.members import MemberPrefs

ORDER_NAMES = {"mdy": "month first (3/12 = March 12)", "dmy": "day first (3/12 = 3 December)"}


def describe(prefs: MemberPrefs) -> str:
    quiet = "off"
    if prefs.quiet_start_minute is not None and prefs.quiet_end_minute is not None:
        start, end = prefs.quiet_start_minute, prefs.quiet_end_minute
        quiet = f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"
    order = prefs.date_order or "auto"
    return "\n".join(
        [
            "**Your Tweetup settings in this server**",
            f"• DM me about visitors and fellow travelers: **{_on(prefs.notify_dm)}**",
            f"• Weekly digest instead of single DMs: **{_on(prefs.digest)}**",
            f"• My radius: **{f'{prefs.radius_km} km' if prefs.radius_km else 'the server’s'}**",
            f"• Quiet hours (my home's time): **{quiet}**",
            f"• Others can find me with /whoshere: **{'yes' if prefs.discoverable else 'no'}**",
            f"• Dates like 3/12 mean: **{ORDER_NAMES.get(order, 'from my Discord language')}**",
            f"• Trip radar may put ✈️ on my trip messages: **{_on(prefs.radar)}**",
        ]
    )


class Notify(commands.Cog):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @app_commands.command(name="notify", description="Your notification and visibility settings")
    @app_commands.describe(
        dms="DM me when a member travels near my home or overlaps my trips (off by default)",
        digest="Bundle those DMs into one weekly digest (Mondays 09:00)",
        radius_km="Only tell me about visits this close to my home (at most the server's radius)",
        quiet_hours="No DMs during these hours, e.g. 22:00-07:00, or “off”",
        visible="Let members of this server find me with /whoshere and in trip matches",
        date_order="How to read dates like 3/12",
        reminders="Reminders before tweetups you're going to, e.g. “24h, 2h”, or “off”",
        radar="Let trip radar put a ✈️ on my messages that read as a trip (where admins allow)",
    )
    @app_commands.choices(
        date_order=[
            app_commands.Choice(name="Month first (3/12 = March 12)", value="mdy"),
            app_commands.Choice(name="Day first (3/12 = 3 December)", value="dmy"),
            app_commands.Choice(name="From my Discord language", value="auto"),
        ]
    )
    @app_commands.guild_only()
    async def notify(
        self,
        interaction: discord.Interaction[TweetupBot],
        dms: bool | None = None,
        digest: bool | None = None,
        radius_km: app_commands.Range[int, 1, RADIUS_LIMIT_KM] | None = None,
        quiet_hours: app_commands.Range[str, 1, 40] | None = None,
        visible: bool | None = None,
        date_order: app_commands.Choice[str] | None = None,
        reminders: app_commands.Range[str, 1, 60] | None = None,
        radar: bool | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        changes: dict[str, Any] = {}
        if dms is not None:
            changes["notify_dm"] = dms
        if digest is not None:
            changes["digest"] = digest
        if radius_km is not None:
            changes["radius_km"] = radius_km
        if quiet_hours is not None:
            window = parse_quiet_hours(quiet_hours)
            changes["quiet_start_minute"] = window[0] if window else None
            changes["quiet_end_minute"] = window[1] if window else None
        if visible is not None:
            changes["discoverable"] = visible
        if date_order is not None:
            changes["date_order"] = None if date_order.value == "auto" else date_order.value
        if reminders is not None:
            changes["reminder_lead_minutes"] = list(parse_lead_times(reminders))
        if radar is not None:
            changes["radar"] = radar
        async with self.bot.db.session() as session:
            if changes:
                prefs = await members.update_member_prefs(
                    session=session,
                    guild_id=interaction.guild_id,
                    user_id=interaction.user.id,
                    now=self.bot.clock.now(),
                    changes=changes,
                    defaults=self.bot.settings.defaults,
                )
                if "reminder_lead_minutes" in changes:
                    await tweetups.replan_member_reminders(
                        session=session,
                        guild_id=interaction.guild_id,
                        user_id=interaction.user.id,
                        defaults=self.bot.settings.defaults,
                        now=self.bot.clock.now(),
                    )
            else:
                prefs = await members.member_prefs(
                    session=session, guild_id=interaction.guild_id, user_id=interaction.user.id
                )
        prefix = "✅ Saved.\n" if changes else ""
        leads = prefs.reminder_lead_minutes
        if leads is None:
            leads = self.bot.settings.defaults.reminder_lead_times_minutes
        text = f"{describe(prefs)}\n• Tweetup reminders: **{describe_lead_times(leads)}**"
        await interaction.response.send_message(prefix + text, ephemeral=True)


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(Notify(bot))


def _on(flag: bool) -> str:
    return "on" if flag else "off"
