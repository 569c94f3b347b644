"""``invite``: the OAuth2 link that adds the bot to a server with just the rights it needs."""

from __future__ import annotations

import argparse
import base64
import binascii
import os
import sys

from bot.cli.common import Subparsers
from bot.config import TOKEN_ENV

# Least privilege: every permission here is used by a feature; Administrator is never asked for.
PERMISSIONS = (
    "view_channel",  # see the announcement channel
    "send_messages",  # trip and tweetup announcements
    "send_messages_in_threads",  # the tweetup's chat thread
    "create_public_threads",  # open that thread
    "embed_links",  # announcements are embeds
    "attach_files",  # the .ics calendar file
    "read_message_history",  # edit our own announcements after a restart
    "create_events",  # the native scheduled event (and editing or cancelling our own)
    "add_reactions",  # trip radar's ✈️ on a message that reads as a trip (opt-in per server)
)
SCOPES = ("bot", "applications.commands")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "invite",
        help="print the link that invites the bot to a server",
        description="Print the OAuth2 invite URL (scopes bot and applications.commands) with "
        "exactly the permissions Tweetup needs. The application id is taken from --client-id "
        f"or from {TOKEN_ENV}.",
    )
    parser.add_argument("--client-id", type=int, help="the application (client) id")
    parser.add_argument("--guild", type=int, help="preselect this server in the dialog")
    parser.set_defaults(handler=handle)


def invite_url(client_id: int, guild_id: int | None = None) -> str:
    import discord

    return discord.utils.oauth_url(
        client_id,
        permissions=discord.Permissions(**dict.fromkeys(PERMISSIONS, True)),
        guild=discord.Object(guild_id) if guild_id else discord.utils.MISSING,
        scopes=SCOPES,
        disable_guild_select=bool(guild_id),
    )


def client_id_from_token(token: str) -> int | None:
    """A bot token's first segment is the application id, base64-encoded."""
    head = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=False).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return int(decoded) if decoded.isdigit() else None


def handle(args: argparse.Namespace) -> int:
    client_id = args.client_id or client_id_from_token(os.environ.get(TOKEN_ENV, ""))
    if not client_id:
        print(
            "Give the application id: scripts/run invite --client-id ID (find it under "
            "General Information at https://discord.com/developers/applications).",
            file=sys.stderr,
        )
        return 2
    print(invite_url(client_id, args.guild))
    return 0
