"""Small readers for end-to-end tests of the product's cogs."""

from __future__ import annotations

from typing import Any

from emulator.harness import DiscordHarness, InteractionHandle
from emulator.models import Message

BERLIN = "2950159"
POTSDAM = "2852458"
MUNICH = "2867714"


def text_of(message: Message) -> str:
    """Content plus every embed's visible text, for assertions about what people read."""
    parts = [message.content]
    for embed in message.embeds:
        parts.append(str(embed.get("title", "")))
        parts.append(str(embed.get("description", "")))
        for field in embed.get("fields", []):
            parts.append(f"{field.get('name', '')}: {field.get('value', '')}")
        parts.append(str((embed.get("footer") or {}).get("text", "")))
    return "\n".join(part for part in parts if part)


async def final_reply(handle: InteractionHandle) -> Message:
    """The interaction's current answer (after a deferral is filled in)."""
    harness: DiscordHarness = handle.harness

    def ready() -> Message | None:
        messages = [m for m in handle.messages if not m.loading]
        return messages[-1] if messages else None

    return await harness.wait_until(ready, f"the answer to {handle!r}")


async def run(discord: DiscordHarness, who: Any, command: str, **options: Any) -> Message:
    return await final_reply(await discord.slash(who, command, **options))


async def confirm_poll(
    discord: DiscordHarness, poll: Message, who: Any, option: int | None = None
) -> InteractionHandle:
    """Pick a time in the poll's confirm menu: option ``n`` (1-based, time order) or the
    leading one (⭐)."""
    current = discord.state.messages[poll.id]
    menu = next(
        c for c in current.iter_components() if str(c.get("custom_id", "")).endswith(":confirm")
    )
    options = menu["options"]
    if option is None:
        chosen = next(o for o in options if (o.get("emoji") or {}).get("name") == "⭐")
    else:
        chosen = options[option - 1]
    return await discord.select(current, menu["custom_id"], [chosen["value"]], user=who)
