"""Rate limits with Discord's headers, faults on demand, and message nonces."""

from __future__ import annotations

import asyncio
import time

import aiohttp

from emulator.server import Emulator
from emulator.web import EmulatorConfig
from tests.emulator.conftest import Api


async def test_the_global_limit_answers_429_with_its_headers() -> None:
    config = EmulatorConfig(global_rate_limit=3)
    async with Emulator(config) as emulator, aiohttp.ClientSession() as session:
        api = Api(session, emulator)
        answers = [await api.call("GET", "/users/@me") for _ in range(4)]
    assert [a.status for a in answers] == [200, 200, 200, 429]
    limited = answers[-1]
    assert limited.headers["X-RateLimit-Global"] == "true"
    assert limited.headers["X-RateLimit-Scope"] == "global"
    assert limited.headers["Via"]
    assert limited.json["global"] is True
    assert 0 < limited.json["retry_after"] <= 1


async def test_route_buckets_count_down_per_channel(api: Api) -> None:
    other = api.emulator.state.add_channel(api.guild, "other")
    path = f"/channels/{api.channel.id}/messages"
    answers = [await api.call("POST", path, {"content": f"m{n}"}) for n in range(6)]
    assert [a.status for a in answers] == [200] * 5 + [429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers[:5]] == ["4", "3", "2", "1", "0"]
    first = answers[0].headers
    assert first["X-RateLimit-Limit"] == "5"
    assert first["X-RateLimit-Bucket"]
    assert 0 < float(first["X-RateLimit-Reset-After"]) <= 5
    assert float(first["X-RateLimit-Reset"]) > time.time()
    limited = answers[-1]
    assert limited.headers["X-RateLimit-Scope"] == "user"
    assert limited.json["global"] is False
    elsewhere = await api.call("POST", f"/channels/{other.id}/messages", {"content": "hi"})
    assert elsewhere.status == 200


async def test_server_errors_on_demand(api: Api) -> None:
    api.emulator.faults.fail("GET /users/@me", 503, times=1)
    assert (await api.call("GET", "/users/@me")).status == 503
    assert (await api.call("GET", "/users/@me")).status == 200


async def test_added_latency(api: Api) -> None:
    api.emulator.faults.latency(0.2, route="GET /users/@me", times=1)
    started = time.monotonic()
    await api.call("GET", "/users/@me")
    assert time.monotonic() - started >= 0.2


async def test_dm_refusal_codes(api: Api) -> None:
    channel = await api.call("POST", "/users/@me/channels", {"recipient_id": str(api.user.id)})
    again = await api.call("POST", "/users/@me/channels", {"recipient_id": api.user.id})
    assert channel.json["id"] == again.json["id"]
    path = f"/channels/{channel.json['id']}/messages"
    api.emulator.faults.refuse_dms(api.user, code=50278)
    refused = await api.call("POST", path, {"content": "hi"})
    assert (refused.status, refused.code) == (403, 50278)
    api.emulator.faults.allow_dms(api.user)
    assert (await api.call("POST", path, {"content": "hi"})).status == 200


async def test_enforced_nonces_return_the_first_message(api: Api) -> None:
    path = f"/channels/{api.channel.id}/messages"
    body = {"content": "Reminder!", "nonce": "reminder-42", "enforce_nonce": True}
    first = await api.call("POST", path, body)
    second = await api.call("POST", path, body)
    assert first.json["id"] == second.json["id"]
    assert first.json["nonce"] == "reminder-42"
    loose = await api.call("POST", path, {**body, "enforce_nonce": False})
    assert loose.json["id"] != first.json["id"]
    assert len(api.emulator.state.messages_in(api.channel)) == 2


async def test_nonces_are_forgotten_after_the_window_and_never_read_back(api: Api) -> None:
    """As on Discord: a repeat is deduplicated only within the window, and messages read back
    (history or one message) carry no nonce, so a bot cannot look a message up by it."""
    path = f"/channels/{api.channel.id}/messages"
    body = {"content": "Reminder!", "nonce": "reminder-43", "enforce_nonce": True}
    api.emulator.config.nonce_window = 0.2
    first = await api.call("POST", path, body)
    await asyncio.sleep(0.3)
    late = await api.call("POST", path, body)
    assert late.json["id"] != first.json["id"]
    history = await api.call("GET", f"{path}?limit=10")
    assert [m["id"] for m in history.json] == [late.json["id"], first.json["id"]]
    assert all("nonce" not in m for m in history.json)
    one = await api.call("GET", f"{path}/{first.json['id']}")
    assert "nonce" not in one.json
