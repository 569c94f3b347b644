"""What every REST request goes through, in Discord's order: recording, authentication,
faults, rate limits, body parsing and validation (spec + documented rules), the route.

Answers are JSON with a Content-Type of exactly ``application/json`` (discord.py parses a
body as JSON only then) and carry a ``Via`` header (discord.py treats a 429 without one as
a Cloudflare ban).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from emulator.faults import Faults
from emulator.gateway import PRIVILEGED_INTENTS, Gateway
from emulator.responses import response_errors
from emulator.rules import FieldError, invalid_form_body, rules_for
from emulator.spec import OpenApiSpec
from emulator.state import RecordedRequest, State, Violation

API_PREFIX = "/api/v10"
#: Routes authenticated by the token in their URL, not by the bot token.
TOKEN_IN_URL = ("/interactions/", "/webhooks/")


@dataclass
class EmulatorConfig:
    token: str = "emulator.bot.token"
    #: Discord's 3 s to answer an interaction; tests of the rule itself shorten it.
    interaction_deadline: float = 3.0
    #: Interaction tokens (follow-ups, edits) expire after 15 minutes.
    token_lifetime: float = 15 * 60.0
    #: How long a message nonce is remembered for ``enforce_nonce``.
    nonce_window: float = 5 * 60.0
    heartbeat_interval_ms: int = 41250
    #: Requests per second over all routes (Discord's default is 50); None to disable.
    global_rate_limit: int | None = 50
    #: One-way network delay in seconds, each way of every REST request and before every
    #: gateway event reaches the bot: the 3 s deadline is met over realistic round trips.
    latency: float = 0.015
    #: Privileged intents the application is granted (developer portal toggles); asking
    #: for one not granted closes the gateway with 4014. Default: all of them.
    privileged_intents: int = PRIVILEGED_INTENTS
    #: The application's ``flags`` (``GET /applications/@me``). None: what the portal shows
    #: for ``privileged_intents`` (the *_LIMITED flags of an app in under 100 servers). A
    #: test sets them apart from the grant to model a portal the gateway disagrees with.
    application_flags: int | None = None
    #: Discord's invalid-request limit (401/403/429 answers per 10 minutes) before a ban.
    invalid_request_limit: int = 10_000
    #: Check every JSON answer against the spec's response schema (a mismatch is a
    #: violation, so the test fails): the emulator must answer what Discord answers.
    validate_responses: bool = True
    #: Opening more than this many *new* DM channels within ``dm_open_window`` seconds
    #: answers 403 code 40003 "You are opening direct messages too fast"; None to disable.
    dm_open_burst: int | None = 30
    dm_open_window: float = 30.0
    #: ``GET /gateway/bot``: the recommended shard count and IDENTIFYs per 5 s bucket.
    shards: int = 1
    max_concurrency: int = 1
    #: Answer IDENTIFYs over ``max_concurrency`` with INVALID_SESSION (see emulator.sharding).
    enforce_identify_concurrency: bool = False
    session_start_total: int = 1000


@dataclass
class Upload:
    field: str
    filename: str
    content_type: str | None
    data: bytes


@dataclass
class Body:
    json: Any = None
    uploads: list[Upload] = field(default_factory=list)


@dataclass
class Context:
    """Everything a route handler may touch."""

    config: EmulatorConfig
    state: State
    spec: OpenApiSpec | None
    faults: Faults
    rate_limits: Any
    gateway: Gateway
    #: How many answers were checked against the spec's response schemas.
    responses_validated: int = 0
    #: Requests received and not yet answered (their answer may still be on its way).
    in_flight: int = 0


CONTEXT = web.AppKey("emulator_context", Context)
BODY_KEY = web.RequestKey("emulator_body", Body)
ROUTE_KEY = web.RequestKey("emulator_route", str)
#: Set when an injected fault answered: its body is the test's, not the emulator's.
FAULT_KEY = web.RequestKey("emulator_fault", bool)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def context(request: web.Request) -> Context:
    return request.app[CONTEXT]


def body(request: web.Request) -> Body:
    return request.get(BODY_KEY) or Body()


def route_key(request: web.Request) -> str:
    return str(request.get(ROUTE_KEY, ""))


def reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", "Via": "1.1 emulator", **(headers or {})},
    )


def no_content() -> web.Response:
    return web.Response(status=204, headers={"Via": "1.1 emulator"})


def error(status: int, code: int, message: str) -> web.Response:
    return reply({"message": message, "code": code}, status)


def not_found(code: int, what: str) -> web.Response:
    return error(404, code, f"Unknown {what}")


def template_of(request: web.Request) -> str | None:
    match = request.match_info
    if match.http_exception is not None or match.route.resource is None:
        return None
    return match.route.resource.canonical.removeprefix(API_PREFIX)


async def read_body(request: web.Request) -> Body:
    if not request.body_exists:
        return Body()
    if request.content_type == "multipart/form-data":
        parsed = Body()
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            name = part.name or ""
            raw = bytes(await part.read(decode=False))
            if name == "payload_json":
                parsed.json = json.loads(raw)
            elif name.startswith("files["):
                content_type = part.headers.get("Content-Type")
                parsed.uploads.append(Upload(name, part.filename or name, content_type, raw))
        return parsed
    text = await request.text()
    return Body(json.loads(text) if text else None)


@web.middleware
async def api_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith(API_PREFIX + "/"):
        return await handler(request)
    ctx = context(request)
    template = template_of(request)
    route = f"{request.method} {template or request.path.removeprefix(API_PREFIX)}"
    record = RecordedRequest(
        request.method, request.path.removeprefix(API_PREFIX), route, dict(request.query), None
    )
    ctx.state.requests.append(record)
    request[ROUTE_KEY] = route
    ctx.in_flight += 1
    try:
        if ctx.config.latency:
            await asyncio.sleep(ctx.config.latency)  # the request on its way to Discord
        response = await _handle(request, handler, ctx, template, route, record)
        record.status = response.status
        scope = response.headers.get("X-RateLimit-Scope")
        if ctx.rate_limits.count_answer(route, response.status, scope):
            ctx.state.violate(
                Violation(
                    "invalid_requests", route, 0,
                    f"{ctx.rate_limits.invalid_request_limit} invalid requests (401, 403, 429) "
                    "within 10 minutes: Discord would ban this bot's IP for an hour",
                )
            )  # fmt: skip
        if ctx.config.latency:
            await asyncio.sleep(ctx.config.latency)  # the answer on its way back
        if template is not None and not request.get(FAULT_KEY):
            check_response(ctx, request.method, template, route, response)
        return response
    finally:
        ctx.in_flight -= 1
        ctx.state.notify()


async def _handle(
    request: web.Request,
    handler: Handler,
    ctx: Context,
    template: str | None,
    route: str,
    record: RecordedRequest,
) -> web.StreamResponse:
    if template is None:
        ctx.state.violate(
            Violation("unknown_route", route, 0, "the emulator does not serve this route")
        )
        return error(404, 0, "404: Not Found")
    authorized = request.headers.get("Authorization") == f"Bot {ctx.config.token}"
    if not authorized and not template.startswith(TOKEN_IN_URL):
        ctx.state.violate(Violation("auth", route, 0, "missing or wrong bot token"))
        return error(401, 0, "401: Unauthorized")

    params = dict(request.match_info)
    fired = ctx.faults.take(route, params)
    for fault in fired:
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.status is not None:
            request[FAULT_KEY] = True
            return reply(fault.body or {}, fault.status, fault.headers)

    if ctx.rate_limits.banned:
        # Cloudflare answers, not Discord: no Via header, an HTML page.
        request[FAULT_KEY] = True
        return web.Response(
            status=429, text="error code: 1015", content_type="text/html",
            headers={"Retry-After": "3600"},
        )  # fmt: skip
    decision = ctx.rate_limits.check(route, params)
    if not decision.allowed:
        return reply(decision.body, 429, decision.headers)

    try:
        parsed = await read_body(request)
    except ConnectionResetError:
        # The client died while sending (a SIGKILLed bot): Discord never got the request.
        record.json = None
        return error(499, 0, "client closed the connection")
    except (ValueError, UnicodeDecodeError):
        ctx.state.violate(Violation("schema", route, 50109, "the body is not valid JSON"))
        return error(400, 50109, "The request body contains invalid JSON.")
    record.json = parsed.json
    request[BODY_KEY] = parsed

    problems = validate(ctx, request.method, template, parsed.json)
    if problems:
        for kind, problem in problems:
            ctx.state.violate(Violation(kind, route, 50035, problem.message, problem.dotted))
        tree = invalid_form_body([problem for _, problem in problems])
        return reply(tree, 400, decision.headers)

    response = await handler(request)
    ctx.state.notify()
    for fault in fired:
        if fault.delay_after:
            await asyncio.sleep(fault.delay_after)
    response.headers.update(decision.headers)
    response.headers.setdefault("Via", "1.1 emulator")
    return response


def validate(
    ctx: Context, method: str, template: str, payload: Any
) -> list[tuple[str, FieldError]]:
    """("schema", error)s from the spec, then ("rule", error)s from the documented rules
    (which apply even when the spec file is missing)."""
    problems: list[tuple[str, FieldError]] = []
    operation_id = OPERATION_IDS.get((method, template), "")
    if ctx.spec is not None:
        operation = ctx.spec.operation(method, template)
        if operation is not None:
            operation_id = operation.id
            if payload is not None:
                problems.extend(("schema", p) for p in ctx.spec.validate(operation, payload))
    seen = {(p.path, p.code) for _, p in problems}
    for problem in rules_for(operation_id, payload):
        if (problem.path, problem.code) not in seen:
            problems.append(("rule", problem))
    return problems


def check_response(
    ctx: Context, method: str, template: str, route: str, response: web.StreamResponse
) -> None:
    """A violation for every way this answer differs from what the spec documents."""
    if ctx.spec is None or not ctx.config.validate_responses:
        return
    operation = ctx.spec.operation(method, template)
    if operation is None or not isinstance(response, web.Response):
        return
    raw = response.body
    payload = json.loads(bytes(raw)) if isinstance(raw, bytes | bytearray) and raw else None
    ctx.responses_validated += 1
    for problem in response_errors(ctx.spec, operation, response.status, payload):
        ctx.state.violate(
            Violation(
                "response", route, 0,
                f"{response.status} answer: {problem.code}: {problem.message}", problem.dotted,
            )
        )  # fmt: skip


#: The operations the rules need to know about, for when the spec is missing.
OPERATION_IDS = {
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"): (
        "create_interaction_response"
    ),
    ("POST", "/channels/{channel_id}/messages"): "create_message",
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"): "update_message",
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"): "execute_webhook",
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"): (
        "update_original_webhook_message"
    ),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"): (
        "update_webhook_message"
    ),
}


def elapsed_since(moment: float) -> float:
    return time.monotonic() - moment
