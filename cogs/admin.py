"""``/tweetup-admin``: a guild's settings, for its admins only."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.config import RADIUS_LIMIT_KM
from bot.domain.errors import InvalidInput, PermissionDenied
from bot.services import community, guilds
from bot.services import radar as trip_radar
from bot.services.guilds import GuildConfig
from bot.ui import permissions as perms
from bot.ui import radar as radar_ui


def describe(config: GuildConfig) -> str:
    channel = f"<#{config.announce_channel_id}>" if config.announce_channel_id else "not set"
    role = f"<@&{config.organizer_role_id}>" if config.organizer_role_id else "admins only"
    return "\n".join(
        [
            "**Tweetup settings for this server**",
            f"• Announcement channel: {channel}",
            f"• Matching radius: {config.radius_km} km",
            f"• Organizer role: {role}",
            f"• Announce new trips publicly by default: {'yes' if config.announce_trips else 'no'}",
            f"• Keep past trips for: {config.trip_retention_days} days",
            f"• Sociable hours for proposed times: {config.sociable_start_hour}:00–"
            f"{config.sociable_end_hour}:00",
            f"• Suggest a meetup when this many members are in one city at once: "
            f"{config.hotspot_size or 'never'}",
        ]
    )


def require_manage_guild(interaction: discord.Interaction[Any]) -> None:
    """Checked in the handler too: admins can override the default permission per role."""
    permissions = interaction.permissions
    if not (permissions.manage_guild or permissions.administrator):
        raise PermissionDenied("Only members who can manage this server can change its settings.")


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Admin(commands.GroupCog, group_name="tweetup-admin", group_description="Server settings"):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @app_commands.command(name="settings", description="Show or change Tweetup's settings here")
    @app_commands.describe(
        announce_channel="Where trips and tweetups are announced",
        radius_km="How far from a city members count as local (default 50 km)",
        organizer_role="Members with this role may announce tweetups",
        announce_trips="Announce new trips publicly unless the traveler opts out",
        retention_days="Days to keep trips after they end (default 30)",
        sociable_from="Proposed meetups start at or after this hour (default 11)",
        sociable_until="Proposed meetups end by this hour (default 22)",
        hot_spot_size="Suggest a meetup when this many members are in one city at once (0: never)",
    )
    async def settings(
        self,
        interaction: discord.Interaction[TweetupBot],
        announce_channel: discord.TextChannel | None = None,
        radius_km: app_commands.Range[int, 1, RADIUS_LIMIT_KM] | None = None,
        organizer_role: discord.Role | None = None,
        announce_trips: bool | None = None,
        retention_days: app_commands.Range[int, 0, 3650] | None = None,
        sociable_from: app_commands.Range[int, 0, 23] | None = None,
        sociable_until: app_commands.Range[int, 1, 24] | None = None,
        hot_spot_size: app_commands.Range[int, 0, 50] | None = None,
    ) -> None:
        require_manage_guild(interaction)
        assert interaction.guild_id is not None
        if announce_channel is not None:
            channel = self.bot.get_channel(announce_channel.id) or announce_channel
            perms.require(channel, perms.ANNOUNCE_CHANNEL, "announce tweetups", interaction)
        given = {
            "announce_channel_id": announce_channel.id if announce_channel else None,
            "radius_km": radius_km,
            "organizer_role_id": organizer_role.id if organizer_role else None,
            "announce_trips": announce_trips,
            "trip_retention_days": retention_days,
            "sociable_start_hour": sociable_from,
            "sociable_end_hour": sociable_until,
            "hotspot_size": hot_spot_size,
        }
        changes: dict[str, Any] = {key: value for key, value in given.items() if value is not None}
        defaults = self.bot.settings.defaults
        async with self.bot.db.session() as session:
            if changes:
                config = await guilds.update_guild_config(
                    session=session,
                    guild_id=interaction.guild_id,
                    defaults=defaults,
                    now=self.bot.clock.now(),
                    changes=changes,
                )
            else:
                config = await guilds.guild_config(
                    session=session, guild_id=interaction.guild_id, defaults=defaults
                )
        prefix = "✅ Saved.\n" if changes else ""
        await interaction.response.send_message(prefix + describe(config), ephemeral=True)

    @app_commands.command(name="digest", description="A weekly digest in the announcement channel")
    @app_commands.describe(enabled="Post it every week (visible members only, no pings)")
    async def digest(self, interaction: discord.Interaction[TweetupBot], enabled: bool) -> None:
        require_manage_guild(interaction)
        assert interaction.guild_id is not None
        async with self.bot.db.session() as session:
            await community.set_digest(
                session=session,
                guild_id=interaction.guild_id,
                enabled=enabled,
                now=self.bot.clock.now(),
            )
        text = (
            "🗞️ The weekly digest is on: it goes to the announcement channel once a week "
            "(set one with `/tweetup-admin settings announce_channel:`)."
            if enabled
            else "🗞️ The weekly digest is off."
        )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="radar", description="Trip radar: a quiet ✈️ on chat about trips")
    @app_commands.describe(
        channel="A channel to turn radar on or off in (none until you choose)",
        enabled="Radar on in that channel?",
        sensitivity="Quiet: only when very sure (default). Normal: a few more nudges",
    )
    @app_commands.choices(
        sensitivity=[
            app_commands.Choice(name="Quiet (high precision)", value="quiet"),
            app_commands.Choice(name="Normal", value="normal"),
        ]
    )
    async def radar(
        self,
        interaction: discord.Interaction[TweetupBot],
        channel: discord.TextChannel | None = None,
        enabled: bool | None = None,
        sensitivity: app_commands.Choice[str] | None = None,
    ) -> None:
        require_manage_guild(interaction)
        assert interaction.guild_id is not None
        if (channel is None) != (enabled is None):
            raise InvalidInput("Give both a `channel` and `enabled` (True or False).")
        if channel is not None and enabled:
            target = self.bot.get_channel(channel.id) or channel
            perms.require(target, radar_ui.RADAR_CHANNEL, "react to trips", interaction)
        async with self.bot.db.session() as session:
            config = await trip_radar.configure(
                session=session,
                guild_id=interaction.guild_id,
                now=self.bot.clock.now(),
                channel_id=channel.id if channel else None,
                enabled=enabled,
                sensitivity=sensitivity.value if sensitivity else None,
            )
        radar_ui.forget(self.bot, interaction.guild_id)
        changed = channel is not None or sensitivity is not None
        prefix = "✅ Saved.\n" if changed else ""
        text = prefix + radar_ui.describe(self.bot, config)
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(Admin(bot))
