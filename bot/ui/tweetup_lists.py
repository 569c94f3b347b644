"""Lists of tweetups as members read them: /tweetup list and /tweetup mine."""

from __future__ import annotations

import discord

from bot.domain.places import Place
from bot.domain.tweetups import Status
from bot.services.tweetups import MyTweetup
from bot.ui.tweetups import message_url, when
from models import Tweetup

_STANDING = {
    Status.GOING: "✅ going",
    Status.MAYBE: "🤔 maybe",
    Status.WAITLISTED: "⏳ waitlist",
}


def _line(tweetup: Tweetup) -> str:
    link = message_url(tweetup)
    name = discord.utils.escape_markdown(tweetup.title)
    name = f"[{name}]({link})" if link else f"**{name}**"
    return f"{name}: {when(tweetup.starts_at)}, {tweetup.place_label}"


def upcoming_text(found: list[Tweetup], near: Place | None) -> str:
    where = f" near {near.label}" if near else ""
    if not found:
        return (
            f"No upcoming tweetups{where or ' here'} yet. "
            "Start one with `/tweetup propose` or `/tweetup announce`."
        )
    lines = [f"• {_line(tweetup)}" for tweetup in found]
    return (f"**Upcoming tweetups{where}**\n" + "\n".join(lines))[:2000]


def mine_text(found: list[MyTweetup]) -> str:
    if not found:
        return (
            "You have no upcoming tweetups in this server. "
            "`/tweetup list` shows what's planned; press Going on an announcement to join."
        )
    lines = []
    for item in found:
        standing = _STANDING.get(item.status, item.status.value)
        if item.waitlist_position is not None:
            standing += f" #{item.waitlist_position}"
        lines.append(f"• {standing} · {_line(item.tweetup)}")
    return ("**Your upcoming tweetups**\n" + "\n".join(lines))[:2000]
