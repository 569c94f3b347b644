"""DM fan-out through the emulator against Discord's global rate limit, and what the
emulator's own checks cost.

    python benchmarks/emulator_dm_fanout.py                 # 100 DMs, 50 requests/s
    python benchmarks/emulator_dm_fanout.py --users 300 --limit 50

discord.py sends every DM as two requests (open the DM channel, post the message); the
emulator enforces the global limit with real 429s and headers, so the elapsed time shows
how long a fan-out really takes and how many 429s discord.py ran into on the way. The
last line printed is one JSON object, for CI and for comparing runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from discord.http import HTTPClient, handle_message_parameters  # noqa: E402

from emulator.server import Emulator  # noqa: E402
from emulator.web import EmulatorConfig  # noqa: E402

MESSAGE = {
    "content": "Alice will be in Berlin from Mar 3 to Mar 7. Say hi?",
    "allowed_mentions": {"parse": []},
    "components": [
        {"type": 1, "components": [{"type": 2, "style": 1, "label": "Hi!", "custom_id": "x"}]}
    ],
}


def validation_cost(emulator: Emulator, rounds: int = 2000) -> float:
    """Microseconds to check one message body against the spec."""
    assert emulator.spec is not None
    operation = emulator.spec.operation("POST", "/channels/{channel_id}/messages")
    assert operation is not None
    emulator.spec.validate(operation, MESSAGE)
    started = time.perf_counter()
    for _ in range(rounds):
        emulator.spec.validate(operation, MESSAGE)
    return (time.perf_counter() - started) / rounds * 1e6


async def fan_out(users: int, limit: int) -> dict[str, Any]:
    # Only the global limit is measured here: the new-DM burst limit (40003) is off.
    config = EmulatorConfig(global_rate_limit=limit, dm_open_burst=None)
    async with Emulator(config) as emulator:
        guild = emulator.state.add_guild("Benchmark")
        people = [emulator.state.add_user(f"member{n}") for n in range(users)]
        for person in people:
            emulator.state.add_member(guild, person)
        http = HTTPClient(asyncio.get_running_loop(), connector=emulator.connector())
        await http.static_login(emulator.token)

        async def dm(user_id: int) -> None:
            channel = await http.start_private_message(user_id)
            with handle_message_parameters(content=str(MESSAGE["content"])) as params:
                await http.send_message(channel["id"], params=params)

        started = time.perf_counter()
        await asyncio.gather(*(dm(person.id) for person in people))
        elapsed = time.perf_counter() - started
        await http.close()
        delivered = sum(
            len(emulator.state.messages_in(emulator.state.channels[channel_id]))
            for channel_id in emulator.state.dm_channels.values()
        )
        return {
            "users": users,
            "global_limit_per_s": limit,
            "delivered": delivered,
            "requests": len(emulator.state.requests),
            "global_429s": sum(1 for _, scope in emulator.rate_limits.refused if scope == "global"),
            "elapsed_s": round(elapsed, 3),
            "dms_per_s": round(delivered / elapsed, 1),
            "validate_message_us": round(validation_cost(emulator), 1),
            "violations": len(emulator.violations),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--limit", type=int, default=50, help="global requests per second")
    parser.add_argument("--quick", action="store_true", help="20 users: a fast look")
    args = parser.parse_args()
    if args.quick:
        args.users = min(args.users, 20)
    logging.getLogger("discord").setLevel(logging.ERROR)  # 429 warnings are expected here
    result = asyncio.run(fan_out(args.users, args.limit))
    for key, value in result.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
