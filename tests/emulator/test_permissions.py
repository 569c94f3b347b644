"""Permissions as Discord computes them, and what the routes answer without them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from emulator.builders import interaction
from emulator.events import ACTIVE, CANCELED, COMPLETED, SCHEDULED
from emulator.models import (
    MEMBER_OVERWRITE,
    ROLE_OVERWRITE,
    ChannelType,
    InteractionType,
    Overwrite,
    Permission,
)
from emulator.permissions import BY_NAME, bot_install_permissions, channel_permissions
from tests.emulator.conftest import Api

SEND = Permission.SEND_MESSAGES
VIEW = Permission.VIEW_CHANNEL


def test_the_bot_role_is_exactly_the_invite() -> None:
    from bot.cli.invite import PERMISSIONS

    assert bot_install_permissions() == sum(BY_NAME[name] for name in PERMISSIONS)
    assert not bot_install_permissions() & Permission.MANAGE_EVENTS


def test_overwrites_apply_in_discords_order(api: Api) -> None:
    state = api.emulator.state
    guild, channel = api.guild, api.channel
    member = guild.members[api.user.id]
    helpers = state.add_role(guild, "helpers", 0)
    muted = state.add_role(guild, "muted", 0)
    member.role_ids = [helpers.id, muted.id]
    assert channel_permissions(state, channel, member) & SEND

    channel.overwrites[guild.id] = Overwrite(guild.id, ROLE_OVERWRITE, deny=SEND)
    assert not channel_permissions(state, channel, member) & SEND
    # Role overwrites are combined: one role's allow beats another role's deny.
    channel.overwrites[muted.id] = Overwrite(muted.id, ROLE_OVERWRITE, deny=SEND)
    channel.overwrites[helpers.id] = Overwrite(helpers.id, ROLE_OVERWRITE, allow=SEND)
    assert channel_permissions(state, channel, member) & SEND
    # The member's own overwrite comes last.
    channel.overwrites[member.id] = Overwrite(member.id, MEMBER_OVERWRITE, deny=SEND)
    have = channel_permissions(state, channel, member)
    assert not have & SEND
    assert not have & Permission.EMBED_LINKS  # implicitly gone with Send Messages
    assert have & VIEW
    # Threads inherit the parent's overwrites.
    thread = state.add_channel(guild, "t", ChannelType.PUBLIC_THREAD, parent_id=channel.id)
    channel.overwrites[member.id] = Overwrite(member.id, MEMBER_OVERWRITE, deny=VIEW)
    assert channel_permissions(state, thread, member) == 0
    # Administrators ignore overwrites.
    boss = state.add_role(guild, "boss", Permission.ADMINISTRATOR)
    member.role_ids.append(boss.id)
    assert channel_permissions(state, thread, member) & SEND


async def test_missing_access_and_missing_permissions(api: Api) -> None:
    state = api.emulator.state
    path = f"/channels/{api.channel.id}/messages"
    bot = state.bot.id
    api.channel.overwrites[bot] = Overwrite(bot, MEMBER_OVERWRITE, deny=SEND)
    refused = await api.call("POST", path, {"content": "hi"})
    assert (refused.status, refused.code) == (403, 50013)
    assert refused.json["message"] == "Missing Permissions"
    api.channel.overwrites[bot] = Overwrite(bot, MEMBER_OVERWRITE, deny=VIEW)
    hidden = await api.call("POST", path, {"content": "hi"})
    assert (hidden.status, hidden.code) == (403, 50001)
    assert (await api.call("GET", f"/channels/{api.channel.id}")).code == 50001


async def test_without_embed_links_embeds_are_silently_dropped(api: Api) -> None:
    bot = api.emulator.state.bot.id
    api.channel.overwrites[bot] = Overwrite(bot, MEMBER_OVERWRITE, deny=Permission.EMBED_LINKS)
    path = f"/channels/{api.channel.id}/messages"
    posted = await api.call("POST", path, {"content": "hi", "embeds": [{"title": "Poll"}]})
    assert posted.status == 200
    assert posted.json["embeds"] == []
    only_embed = await api.call("POST", path, {"embeds": [{"title": "Poll"}]})
    assert (only_embed.status, only_embed.code) == (400, 50006)


async def test_history_files_and_replies_need_their_permissions(api: Api) -> None:
    bot = api.emulator.state.bot.id
    path = f"/channels/{api.channel.id}/messages"
    first = await api.call("POST", path, {"content": "first"})
    deny = Permission.READ_MESSAGE_HISTORY
    api.channel.overwrites[bot] = Overwrite(bot, MEMBER_OVERWRITE, deny=deny)
    assert (await api.call("GET", path)).json == []
    one = await api.call("GET", f"{path}/{first.json['id']}")
    assert (one.status, one.code) == (403, 50013)
    reply = {"content": "re", "message_reference": {"message_id": first.json["id"]}}
    assert (await api.call("POST", path, reply)).code == 50013


def test_interactions_carry_channel_permissions(api: Api) -> None:
    state = api.emulator.state
    quiet = state.add_channel(api.guild, "quiet")
    bot = state.bot.id
    quiet.overwrites[bot] = Overwrite(bot, MEMBER_OVERWRITE, deny=SEND)
    quiet.overwrites[api.user.id] = Overwrite(api.user.id, MEMBER_OVERWRITE, deny=SEND)
    payload = interaction(
        state, interaction_id=1, token="t", type=InteractionType.APPLICATION_COMMAND,
        user=api.user, channel=quiet, data={}, locale="en-US",
    )  # fmt: skip
    assert not int(payload["app_permissions"]) & SEND
    assert not int(payload["member"]["permissions"]) & SEND
    assert not int(payload["channel"]["permissions"]) & SEND
    assert payload["channel"]["permission_overwrites"][0]["deny"] == str(int(SEND))
    elsewhere = interaction(
        state, interaction_id=2, token="u", type=InteractionType.APPLICATION_COMMAND,
        user=api.user, channel=api.channel, data={}, locale="en-US",
    )  # fmt: skip
    assert int(elsewhere["app_permissions"]) & SEND


def _external(start: datetime, **extra: object) -> dict[str, object]:
    return {
        "name": "Picnic",
        "privacy_level": 2,
        "entity_type": 3,
        "scheduled_start_time": start.isoformat(),
        "scheduled_end_time": (start + timedelta(hours=2)).isoformat(),
        "entity_metadata": {"location": "Berlin"},
        **extra,
    }


async def test_external_events_need_a_location_and_an_end_after_the_start(api: Api) -> None:
    path = f"/guilds/{api.guild.id}/scheduled-events"
    start = datetime.now(UTC) + timedelta(days=1)
    no_place = await api.call("POST", path, _external(start, entity_metadata={}))
    assert (no_place.status, no_place.code) == (400, 50035)
    assert "entity_metadata" in no_place.json["errors"]
    backwards = _external(start, scheduled_end_time=(start - timedelta(hours=1)).isoformat())
    assert "scheduled_end_time" in (await api.call("POST", path, backwards)).json["errors"]
    past = await api.call("POST", path, _external(datetime.now(UTC) - timedelta(hours=1)))
    assert "scheduled_start_time" in past.json["errors"]
    assert (await api.call("POST", path, _external(start))).status == 200
    # The spec already requires the location (the rule above covers a missing spec file).
    assert [v.path for v in api.emulator.take_violations()] == ["entity_metadata.location"]


async def test_events_start_and_end_on_the_clock_and_follow_the_status_rules(api: Api) -> None:
    state = api.emulator.state
    now = datetime.now(UTC)
    state.clock = lambda: now
    path = f"/guilds/{api.guild.id}/scheduled-events"
    created = await api.call("POST", path, _external(now + timedelta(hours=1)))
    event = f"{path}/{created.json['id']}"
    assert created.json["status"] == SCHEDULED

    now += timedelta(hours=1, minutes=1)
    assert (await api.call("GET", event)).json["status"] == ACTIVE
    cancel = await api.call("PATCH", event, {"status": CANCELED})
    assert (cancel.status, cancel.code) == (400, 50035)
    assert "status" in cancel.json["errors"]
    moved = await api.call("PATCH", event, {"scheduled_start_time": now.isoformat()})
    assert "scheduled_start_time" in moved.json["errors"]
    assert (await api.call("PATCH", event, {"name": "Picnic!"})).status == 200

    now += timedelta(hours=2)
    assert (await api.call("GET", event)).json["status"] == COMPLETED
    finished = await api.call("PATCH", event, {"name": "again"})
    assert (finished.status, finished.code) == (400, 180000)


@pytest.mark.parametrize(("own", "allowed"), [(True, 200), (False, 403)])
async def test_create_events_edits_only_the_bots_own_events(
    api: Api, own: bool, allowed: int
) -> None:
    state = api.emulator.state
    start = datetime.now(UTC) + timedelta(days=1)
    creator = state.bot if own else api.user
    event = state.add_scheduled_event(api.guild, creator, _external(start))
    answer = await api.call(
        "PATCH", f"/guilds/{api.guild.id}/scheduled-events/{event.id}", {"name": "Renamed"}
    )
    assert answer.status == allowed


async def test_dms_to_someone_without_a_common_server_fail_with_50278(api: Api) -> None:
    state = api.emulator.state
    stranger = state.add_user("stranger")
    opened = await api.call("POST", "/users/@me/channels", {"recipient_id": str(stranger.id)})
    sent = await api.call("POST", f"/channels/{opened.json['id']}/messages", {"content": "hi"})
    assert (sent.status, sent.code) == (403, 50278)


async def test_opening_dm_channels_too_fast_answers_40003(api: Api) -> None:
    api.emulator.config.dm_open_burst = 3
    people = [api.emulator.state.add_user(f"p{n}") for n in range(4)]
    for person in people:
        api.emulator.state.add_member(api.guild, person)
    answers = [
        await api.call("POST", "/users/@me/channels", {"recipient_id": str(p.id)}) for p in people
    ]
    assert [a.status for a in answers] == [200, 200, 200, 403]
    assert answers[-1].code == 40003
    again = await api.call("POST", "/users/@me/channels", {"recipient_id": str(people[0].id)})
    assert again.status == 200  # an existing DM channel is not "opening" one
