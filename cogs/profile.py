"""``/profile``: a short intro, "ask me about" topics and pronouns for the people you meet."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TweetupBot
from bot.domain.errors import InvalidInput
from bot.services import profiles
from bot.services.profiles import ProfileView
from bot.ui.render import COLOR
from bot.ui.replies import NO_MENTIONS


def profile_embed(member_id: int, profile: ProfileView, *, own: bool) -> discord.Embed:
    lines = [f"<@{member_id}>" + (f" ({profile.pronouns})" if profile.pronouns else "")]
    lines.append(profile.intro or "*No intro yet.*")
    if profile.topics:
        lines.append("**Ask me about:** " + ", ".join(profile.topics))
    if own:
        shown = "yes" if profile.show_to_attendees else "no (only you see it)"
        lines += ["", f"Shown to the people you'll meet: **{shown}**"]
    embed = discord.Embed(title="👋 Profile", description="\n".join(lines)[:4000], color=COLOR)
    if own:
        embed.set_footer(text="Change it with /profile set · /privacy delete erases it")
    return embed


@app_commands.guild_only()
class Profile(commands.GroupCog, group_name="profile", group_description="Introduce yourself"):
    def __init__(self, bot: TweetupBot) -> None:
        self.bot = bot

    @app_commands.command(name="set", description="Your intro and topics for people you'll meet")
    @app_commands.describe(
        intro="A line about you (up to 200 characters)",
        topics="Up to 5 “ask me about” topics, separated by commas",
        pronouns="Optional, e.g. she/her",
        show="Show them to the people you'll meet (the tweetup's card and DMs)",
        clear="Erase your intro, topics and pronouns in this server",
    )
    async def set_profile(
        self,
        interaction: discord.Interaction[TweetupBot],
        intro: app_commands.Range[str, 1, 200] | None = None,
        topics: app_commands.Range[str, 1, 300] | None = None,
        pronouns: app_commands.Range[str, 1, 40] | None = None,
        show: bool | None = None,
        clear: bool = False,
    ) -> None:
        assert interaction.guild_id is not None
        if clear and (intro or topics or pronouns):
            raise InvalidInput("Either clear your profile or change it, not both at once.")
        if not clear and intro is None and topics is None and pronouns is None and show is None:
            raise InvalidInput("Tell me what to set: an intro, topics, pronouns or show.")
        blank = "" if clear else None
        async with self.bot.db.session() as session:
            saved = await profiles.set_profile(
                session=session,
                guild_id=interaction.guild_id,
                user_id=interaction.user.id,
                now=self.bot.clock.now(),
                intro=intro if intro is not None else blank,
                topics=topics if topics is not None else blank,
                pronouns=pronouns if pronouns is not None else blank,
                show_to_attendees=show,
            )
        await interaction.response.send_message(
            "✅ Saved.",
            embed=profile_embed(interaction.user.id, saved, own=True),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="show", description="See your profile, or another member's")
    @app_commands.describe(member="Whose profile (default: yours)")
    async def show_profile(
        self, interaction: discord.Interaction[TweetupBot], member: discord.User | None = None
    ) -> None:
        assert interaction.guild_id is not None
        member_id = member.id if member is not None else interaction.user.id
        async with self.bot.db.read_session() as session:
            found = await profiles.profile_for_viewer(
                session=session,
                guild_id=interaction.guild_id,
                viewer_id=interaction.user.id,
                member_id=member_id,
            )
        await interaction.response.send_message(
            embed=profile_embed(member_id, found, own=member_id == interaction.user.id),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )


async def setup(bot: TweetupBot) -> None:
    await bot.add_cog(Profile(bot))
