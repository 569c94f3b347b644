"""Gateway dispatches are checked against the documented event shapes, and the shapes the
emulator used to get wrong (THREAD_CREATE, resolved members) now match them."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.builders import Resolved, interaction
from emulator.gateway_schemas import GatewayShapes
from emulator.harness import DiscordHarness
from emulator.models import ChannelType, InteractionType
from emulator.server import Emulator
from emulator.spec import OpenApiSpec


@pytest.fixture(scope="module")
def shapes() -> GatewayShapes:
    return GatewayShapes(OpenApiSpec.load().registry)


def paths(shapes: GatewayShapes, event: str, data: Any) -> list[str]:
    return [problem.dotted for problem in shapes.errors(event, data)]


def test_what_the_emulator_renders_matches(shapes: GatewayShapes) -> None:
    world = DiscordHarness(Emulator())
    alice = world.add_member("alice")
    guild, channel, state = world.guild, world.channel, world.state
    assert paths(shapes, "GUILD_CREATE", state.guild_create_payload(guild)) == []
    message = state.add_message(channel, alice.user, content="Hi")
    assert paths(shapes, "MESSAGE_CREATE", message.payload()) == []
    assert paths(shapes, "GUILD_DELETE", {"id": str(guild.id), "unavailable": True}) == []
    assert paths(shapes, "GUILD_DELETE", {"id": str(guild.id), "name": "x"}) == ["(body)"]


def test_a_message_with_a_wrong_field_is_caught(shapes: GatewayShapes) -> None:
    world = DiscordHarness(Emulator())
    message = world.state.add_message(world.channel, world.state.bot, content="Hi").payload()
    assert paths(shapes, "MESSAGE_CREATE", {**message, "content": 5}) == ["content"]
    del message["author"]
    assert paths(shapes, "MESSAGE_CREATE", message) == ["author"]


def test_thread_create_needs_the_bots_thread_member_and_creation_time(
    shapes: GatewayShapes,
) -> None:
    world = DiscordHarness(Emulator())
    thread = world.state.add_channel(
        world.guild,
        "Berlin",
        ChannelType.PUBLIC_THREAD,
        parent_id=world.channel.id,
        owner_id=world.state.bot.id,
    )
    bare = {**thread.payload(), "newly_created": True}
    assert paths(shapes, "THREAD_CREATE", bare) == ["member"]
    member = {"id": str(thread.id), "user_id": "1", "join_timestamp": "2026-01-01T00:00:00Z"}
    del bare["thread_metadata"]["create_timestamp"]
    problems = paths(shapes, "THREAD_CREATE", {**bare, "member": {**member, "flags": 1}})
    assert problems == ["thread_metadata.create_timestamp"]


def test_resolved_members_are_partial(shapes: GatewayShapes) -> None:
    world = DiscordHarness(Emulator())
    alice = world.add_member("alice")
    resolved = Resolved(world.state, world.guild.id)
    resolved.user(alice)
    member = resolved.data["members"][str(alice.id)]
    assert "deaf" not in member
    assert "mute" not in member
    payload = interaction(
        world.state,
        interaction_id=1,
        token="t",
        type=InteractionType.APPLICATION_COMMAND,
        user=alice.user,
        channel=world.channel,
        data={"id": "2", "name": "who", "type": 1, "resolved": resolved.data},
        locale="en-US",
    )
    assert paths(shapes, "INTERACTION_CREATE", payload) == []
    member["deaf"] = False
    assert paths(shapes, "INTERACTION_CREATE", payload) == [f"data.resolved.members.{alice.id}"]
    del payload["app_permissions"]
    assert "app_permissions" in paths(shapes, "INTERACTION_CREATE", payload)
