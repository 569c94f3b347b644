"""A local Discord for tests and benchmarks: REST API v10 and gateway on 127.0.0.1.

``Emulator`` is the server; ``DiscordHarness`` the test-facing side (members, slash
commands, clicks, modals, DMs, faults, restarts); ``emulator.pytest_plugin`` the fixtures.
See docs/testing.md.
"""

from emulator.harness import DiscordHarness, InteractionHandle
from emulator.models import CallbackType, ChannelType, Message, Permission
from emulator.runners import BotConfig
from emulator.server import Emulator
from emulator.web import EmulatorConfig

__all__ = [
    "BotConfig",
    "CallbackType",
    "ChannelType",
    "DiscordHarness",
    "Emulator",
    "EmulatorConfig",
    "InteractionHandle",
    "Message",
    "Permission",
]
