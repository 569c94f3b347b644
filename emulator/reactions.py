"""Reactions as Discord keeps them: who reacted with which emoji, and the gateway events.

Documented in Discord's "Create Reaction" and "Message Reaction Add" pages:

* a Unicode emoji is sent as itself (URL-encoded), a custom one as ``name:id``; an emoji
  Discord does not know is refused with 400, code 10014 "Unknown Emoji" (this emulator
  has no custom emoji, so every ``name:id`` is unknown);
* reacting needs READ_MESSAGE_HISTORY, and ADD_REACTIONS too when nobody reacted with that
  emoji yet (joining an existing reaction needs no ADD_REACTIONS); a message holds at most
  20 different emoji (30010);
* reacting twice with the same emoji changes nothing and sends no second event; removing
  a reaction that is not there is a 204 all the same;
* MESSAGE_REACTION_ADD/REMOVE go to sessions with GUILD_MESSAGE_REACTIONS (or
  DIRECT_MESSAGE_REACTIONS in a DM), never need MESSAGE_CONTENT, and carry the ids, the
  emoji and, in a guild, the reacting member (add only) and the message's author id.
"""

from __future__ import annotations

import unicodedata

from emulator.gateway import Gateway
from emulator.models import JSON, Message, User
from emulator.state import State

MAX_DISTINCT = 20
#: Joiners and modifiers that may follow the first code point of a Unicode emoji.
_JOINERS = {0x200D, 0xFE0F, 0xFE0E, 0x20E3}


def is_known_emoji(name: str) -> bool:
    """A Unicode emoji (a symbol, optionally with variation selectors, skin tones, joiners
    or a keycap). Custom ``name:id`` emoji are unknown: the emulator's guilds have none."""
    if not name or len(name) > 16 or ":" in name:
        return False
    first = ord(name[0])
    keycap = name[0] in "#*0123456789" and "\u20e3" in name
    if not keycap and unicodedata.category(name[0]) != "So" and not 0x1F1E6 <= first <= 0x1F1FF:
        return False
    for char in name[1:]:
        code = ord(char)
        if code in _JOINERS or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
            continue
        if unicodedata.category(char) != "So" and not 0x1F1E6 <= code <= 0x1F1FF:
            return False
    return True


def _event(message: Message, user: User, emoji: str) -> JSON:
    data: JSON = {
        "user_id": str(user.id),
        "channel_id": str(message.channel_id),
        "message_id": str(message.id),
        "emoji": {"id": None, "name": emoji},
        "burst": False,
        "type": 0,
    }
    if message.guild_id is not None:
        data["guild_id"] = str(message.guild_id)
    return data


def add(state: State, gateway: Gateway, message: Message, user: User, emoji: str) -> bool:
    """``user`` reacts; False when they already had (nothing happens then)."""
    users = message.reactions.setdefault(emoji, [])
    if user.id in users:
        return False
    users.append(user.id)
    data = _event(message, user, emoji)
    data["message_author_id"] = str(message.author.id)
    if message.guild_id is not None:
        member = state.guilds[message.guild_id].members.get(user.id)
        if member is not None:
            data["member"] = member.payload()
    state.notify()
    gateway.dispatch("MESSAGE_REACTION_ADD", data, guild_id=message.guild_id)
    return True


def remove(state: State, gateway: Gateway, message: Message, user: User, emoji: str) -> bool:
    """``user``'s reaction goes; False when there was none."""
    users = message.reactions.get(emoji, [])
    if user.id not in users:
        return False
    users.remove(user.id)
    if not users:
        del message.reactions[emoji]
    state.notify()
    data = _event(message, user, emoji)
    gateway.dispatch("MESSAGE_REACTION_REMOVE", data, guild_id=message.guild_id)
    return True
