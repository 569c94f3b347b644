"""“Tell me when they're in town”: the button lives on trip announcements, under the "Add as
my trip" refusal and in watch DMs (see bot/ui/watches.py); this only registers it, so its
clicks work after a restart."""

from __future__ import annotations

from bot.app import TweetupBot
from bot.ui.watches import WatchButton


async def setup(bot: TweetupBot) -> None:
    bot.add_dynamic_items(WatchButton)
