"""Validation bites: Discord's spec and its documented limits reject what Discord would."""

from __future__ import annotations

import asyncio

import pytest

from emulator.models import InteractionType
from emulator.server import Emulator
from emulator.web import EmulatorConfig
from tests.emulator.conftest import Api


def kinds(emulator: Emulator) -> list[tuple[str, str]]:
    return [(v.kind, v.path) for v in emulator.take_violations()]


async def test_a_2001_character_message_is_rejected(api: Api) -> None:
    path = f"/channels/{api.channel.id}/messages"
    ok = await api.call("POST", path, {"content": "x" * 2000})
    assert ok.status == 200
    refused = await api.call("POST", path, {"content": "x" * 2001})
    assert refused.status == 400
    assert refused.code == 50035
    assert refused.json["message"] == "Invalid Form Body"
    assert refused.json["errors"]["content"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    assert kinds(api.emulator) == [("rule", "content")]


async def test_embeds_over_6000_characters_are_rejected(api: Api) -> None:
    path = f"/channels/{api.channel.id}/messages"
    embeds = [{"description": "x" * 4000}, {"title": "t", "description": "y" * 2000}]
    refused = await api.call("POST", path, {"embeds": embeds})
    assert refused.status == 400
    assert refused.json["errors"]["embeds"]["_errors"][0]["code"] == "MAX_EMBED_SIZE_EXCEEDED"
    assert kinds(api.emulator) == [("rule", "embeds")]
    embeds[1]["description"] = "y" * 1999  # exactly 6000
    assert (await api.call("POST", path, {"embeds": embeds})).status == 200


@pytest.mark.parametrize(
    ("content", "allowed_mentions", "refused"),
    [
        ("meet @everyone", None, True),
        ("meet @here", {"parse": ["everyone"]}, True),
        ("meet @everyone", {"parse": []}, False),
        ("ping <@&123>", {"parse": ["roles"]}, True),
        ("ping <@&123>", {"parse": [], "roles": ["123"]}, True),
        ("ping <@&123>", {"parse": ["users"]}, False),
        ("mail me at x@everyone.example", {"parse": []}, False),
    ],
)
async def test_mass_mentions_must_be_suppressed(
    api: Api, content: str, allowed_mentions: dict[str, object] | None, refused: bool
) -> None:
    body: dict[str, object] = {"content": content}
    if allowed_mentions is not None:
        body["allowed_mentions"] = allowed_mentions
    answer = await api.call("POST", f"/channels/{api.channel.id}/messages", body)
    assert (answer.status == 400) is refused
    assert kinds(api.emulator) == ([("rule", "allowed_mentions")] if refused else [])


async def test_26_autocomplete_choices_are_rejected(api: Api) -> None:
    record = api.interaction(InteractionType.AUTOCOMPLETE)
    choices = [{"name": f"City {n}", "value": f"c{n}"} for n in range(26)]
    refused = await api.respond(record, {"type": 8, "data": {"choices": choices}})
    assert refused.status == 400
    assert refused.json["errors"]["data"]["choices"]["_errors"][0]["code"] == (
        "BASE_TYPE_MAX_LENGTH"
    )
    assert kinds(api.emulator) == [("schema", "data.choices")]
    # A refused answer is no acknowledgement: a valid one may still follow.
    accepted = await api.respond(record, {"type": 8, "data": {"choices": choices[:25]}})
    assert accepted.status == 200
    assert record.choices == choices[:25]


async def test_an_interaction_reply_over_2000_characters_is_rejected(api: Api) -> None:
    record = api.interaction()
    refused = await api.respond(record, {"type": 4, "data": {"content": "x" * 2001}})
    assert refused.status == 400
    assert "content" in refused.json["errors"]["data"]
    assert ("schema", "data.content") in kinds(api.emulator)


async def test_a_late_answer_gets_unknown_interaction() -> None:
    config = EmulatorConfig(interaction_deadline=0.05)
    async with Emulator(config) as emulator:
        import aiohttp

        async with aiohttp.ClientSession() as session:
            api = Api(session, emulator)
            record = api.interaction()
            await asyncio.sleep(0.1)  # the rule under test is about elapsed real time
            late = await api.respond(record, {"type": 4, "data": {"content": "hi"}})
        assert late.status == 404
        assert late.code == 10062
        violations = emulator.take_violations()
        assert [(v.kind, v.code) for v in violations] == [("interaction", 10062)]
        assert "answered after" in violations[0].message


async def test_only_one_initial_response(api: Api) -> None:
    record = api.interaction()
    first = await api.respond(record, {"type": 4, "data": {"content": "one", "flags": 64}})
    assert first.status == 200
    assert first.json["interaction"]["response_message_id"] == str(record.original_message_id)
    assert first.json["resource"]["message"]["flags"] == 64
    second = await api.respond(record, {"type": 4, "data": {"content": "two"}})
    assert (second.status, second.code) == (400, 40060)
    assert [v.code for v in api.emulator.take_violations()] == [40060]


async def test_callback_type_must_fit_the_interaction(api: Api) -> None:
    record = api.interaction(InteractionType.AUTOCOMPLETE)
    refused = await api.respond(record, {"type": 4, "data": {"content": "nope"}})
    assert refused.status == 400
    assert [v.kind for v in api.emulator.take_violations()] == ["interaction"]


async def test_interaction_tokens_expire() -> None:
    import aiohttp

    async with Emulator(EmulatorConfig(token_lifetime=0.05)) as emulator:
        async with aiohttp.ClientSession() as session:
            api = Api(session, emulator)
            record = api.interaction()
            await api.respond(record, {"type": 5})
            await asyncio.sleep(0.1)
            path = f"/webhooks/{emulator.state.application_id}/{record.token}"
            expired = await api.call("POST", path, {"content": "late"}, auth=False)
        assert (expired.status, expired.code) == (401, 50027)
        assert [v.code for v in emulator.take_violations()] == [50027]


async def test_command_registration_is_checked_against_the_spec(api: Api) -> None:
    path = f"/applications/{api.emulator.state.application_id}/commands"
    bad = [{"name": "about", "description": "x" * 101, "type": 1}]
    refused = await api.call("PUT", path, bad)
    assert refused.status == 400
    assert refused.json["errors"]["0"]["description"]["_errors"][0]["code"] == (
        "BASE_TYPE_MAX_LENGTH"
    )
    assert kinds(api.emulator) == [("schema", "0.description")]
    good = [{"name": "about", "description": "What Tweetup is", "type": 1}]
    answer = await api.call("PUT", path, good)
    assert answer.status == 200
    assert answer.json[0]["name"] == "about"
    assert (await api.call("GET", path)).json == answer.json


async def test_unknown_routes_answer_404_and_are_recorded(api: Api) -> None:
    answer = await api.call("GET", "/guilds/1/bans")
    assert answer.status == 404
    assert answer.json == {"message": "404: Not Found", "code": 0}
    assert kinds(api.emulator) == [("unknown_route", "")]


async def test_requests_without_the_bot_token_are_refused(api: Api) -> None:
    answer = await api.call("GET", "/users/@me", auth=False)
    assert (answer.status, answer.code) == (401, 0)
    assert kinds(api.emulator) == [("auth", "")]


async def test_json_answers_have_exactly_the_content_type_discord_py_parses(api: Api) -> None:
    answer = await api.call("GET", "/users/@me")
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers["Via"]


async def test_the_documented_rules_apply_on_their_own() -> None:
    """The rules (2000 characters...) are checked apart from the spec: an emulator built
    without one, as only the emulator's own tests may, still refuses what they forbid."""
    import aiohttp

    async with Emulator(spec=None) as emulator, aiohttp.ClientSession() as session:
        api = Api(session, emulator)
        path = f"/channels/{api.channel.id}/messages"
        answer = await api.call("POST", path, {"content": "x" * 2001})
        assert answer.status == 400
        assert kinds(emulator) == [("rule", "content")]
