"""Discord's documented limits the spec cannot say: action rows, duplicate custom_ids,
modal size, autocomplete values, message flags, allowed_mentions, ephemeral visibility."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.models import JSON, InteractionType
from tests.emulator.conftest import Api


def kinds(api: Api) -> list[tuple[str, str]]:
    return [(v.kind, v.path) for v in api.emulator.take_violations()]


def button(custom_id: str) -> JSON:
    return {"type": 2, "style": 1, "label": custom_id, "custom_id": custom_id}


def rows(count: int) -> list[JSON]:
    return [{"type": 1, "components": [button(f"b{n}")]} for n in range(count)]


async def post(api: Api, body: JSON) -> Any:
    return await api.call("POST", f"/channels/{api.channel.id}/messages", body)


async def test_at_most_five_action_rows(api: Api) -> None:
    assert (await post(api, {"content": "ok", "components": rows(5)})).status == 200
    refused = await post(api, {"content": "no", "components": rows(6)})
    assert refused.status == 400
    assert refused.json["errors"]["components"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    assert kinds(api) == [("rule", "components")]


async def test_custom_ids_are_unique_in_a_message(api: Api) -> None:
    body = {"content": "x", "components": [{"type": 1, "components": [button("a"), button("a")]}]}
    refused = await post(api, body)
    assert refused.status == 400
    code = refused.json["errors"]["components"]["_errors"][0]["code"]
    assert code == "COMPONENT_CUSTOM_ID_DUPLICATED"
    assert kinds(api) == [("rule", "components")]


@pytest.mark.parametrize(
    ("flags", "allowed"), [(1 << 2, True), (1 << 12, True), (1 << 6, False), (1 << 1, False)]
)
async def test_only_documented_flags_on_channel_messages(
    api: Api, flags: int, allowed: bool
) -> None:
    answer = await post(api, {"content": "x", "flags": flags})
    assert (answer.status == 200) is allowed
    assert kinds(api) == ([] if allowed else [("rule", "flags")])


async def test_parse_users_and_a_users_list_are_exclusive(api: Api) -> None:
    mentions = {"parse": ["users"], "users": [str(api.user.id)]}
    refused = await post(api, {"content": "hi", "allowed_mentions": mentions})
    assert refused.status == 400
    assert kinds(api) == [("rule", "allowed_mentions.users")]
    fine = {"parse": [], "users": [str(api.user.id)]}
    assert (await post(api, {"content": "hi", "allowed_mentions": fine})).status == 200


async def test_a_modal_holds_at_most_five_components(api: Api) -> None:
    def text(n: int) -> JSON:
        field = {"type": 4, "custom_id": f"t{n}", "label": f"Field {n}", "style": 1}
        return {"type": 1, "components": [field]}

    record = api.interaction()
    modal = {"custom_id": "m", "title": "T", "components": [text(n) for n in range(6)]}
    refused = await api.respond(record, {"type": 9, "data": modal})
    assert refused.status == 400
    assert kinds(api) == [("rule", "data.components")]


async def test_autocomplete_values_are_at_most_100_characters(api: Api) -> None:
    record = api.interaction(InteractionType.AUTOCOMPLETE)
    choices = [{"name": "Berlin", "value": "b" * 101}]
    refused = await api.respond(record, {"type": 8, "data": {"choices": choices}})
    assert refused.status == 400
    assert kinds(api) == [("rule", "data.choices.0.value")]


async def test_interaction_responses_refuse_unknown_flags(api: Api) -> None:
    record = api.interaction()
    refused = await api.respond(record, {"type": 5, "data": {"flags": 1 << 1}})
    assert refused.status == 400
    assert kinds(api) == [("rule", "data.flags")]


async def test_ephemeral_messages_are_invisible_to_channel_routes(api: Api) -> None:
    record = api.interaction()
    await api.respond(record, {"type": 4, "data": {"content": "psst", "flags": 64}})
    message_id = record.original_message_id
    path = f"/channels/{api.channel.id}/messages"
    assert (await api.call("GET", f"{path}/{message_id}")).code == 10008
    assert (await api.call("DELETE", f"{path}/{message_id}")).code == 10008
    assert (await api.call("GET", path)).json == []
    webhook = f"/webhooks/{api.emulator.state.application_id}/{record.token}/messages/@original"
    assert (await api.call("GET", webhook, auth=False)).json["content"] == "psst"
    assert kinds(api) == []
