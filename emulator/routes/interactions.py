"""Interaction callbacks and the interaction webhook: ``@original`` and follow-ups.

Discord's rules live here: one initial response per interaction, within the deadline
(3 s); a callback type that fits the interaction; tokens valid for 15 minutes; the first
follow-up after a deferred response fills the "thinking…" message.
"""

from __future__ import annotations

import time

from aiohttp import web

from emulator.models import (
    EPHEMERAL,
    JSON,
    LOADING,
    CallbackType,
    InteractionRecord,
    InteractionType,
    Message,
)
from emulator.routes.common import (
    api,
    dispatch_message,
    edit_message,
    json_body,
    message_fields,
    snowflake,
)
from emulator.state import State, Violation
from emulator.web import Context, context, error, no_content, not_found, reply, route_key

#: The callback types each interaction type may answer with.
ALLOWED_CALLBACKS: dict[InteractionType, frozenset[CallbackType]] = {
    InteractionType.PING: frozenset({CallbackType.PONG}),
    InteractionType.APPLICATION_COMMAND: frozenset(
        {CallbackType.CHANNEL_MESSAGE, CallbackType.DEFERRED_CHANNEL_MESSAGE, CallbackType.MODAL}
    ),
    InteractionType.MESSAGE_COMPONENT: frozenset(
        {
            CallbackType.CHANNEL_MESSAGE,
            CallbackType.DEFERRED_CHANNEL_MESSAGE,
            CallbackType.DEFERRED_UPDATE_MESSAGE,
            CallbackType.UPDATE_MESSAGE,
            CallbackType.MODAL,
        }
    ),
    InteractionType.AUTOCOMPLETE: frozenset({CallbackType.AUTOCOMPLETE_RESULT}),
    InteractionType.MODAL_SUBMIT: frozenset(
        {
            CallbackType.CHANNEL_MESSAGE,
            CallbackType.DEFERRED_CHANNEL_MESSAGE,
            CallbackType.DEFERRED_UPDATE_MESSAGE,
            CallbackType.UPDATE_MESSAGE,
        }
    ),
}


def _refuse(
    ctx: Context, request: web.Request, status: int, code: int, message: str
) -> web.Response:
    ctx.state.violate(Violation("interaction", route_key(request), code, message))
    return error(status, code, message)


async def create_response(request: web.Request) -> web.Response:
    ctx = context(request)
    state = ctx.state
    record = state.interactions.get(snowflake(request, "interaction_id"))
    if record is None or record.token != request.match_info["interaction_token"]:
        return _refuse(ctx, request, 404, 10062, "Unknown interaction")
    data = json_body(request)
    record.callbacks.append(data)
    elapsed = time.monotonic() - record.created
    if elapsed > ctx.config.interaction_deadline:
        return _refuse(
            ctx,
            request,
            404,
            10062,
            f"Unknown interaction (answered after {elapsed:.2f}s; Discord allows "
            f"{ctx.config.interaction_deadline:g}s)",
        )
    if record.response_type is not None:
        return _refuse(ctx, request, 400, 40060, "Interaction has already been acknowledged.")
    try:
        kind = CallbackType(int(data.get("type", 0)))
    except ValueError:
        return _refuse(ctx, request, 400, 50035, f"Invalid callback type {data.get('type')}")
    if kind not in ALLOWED_CALLBACKS[record.type] or (
        kind in (CallbackType.DEFERRED_UPDATE_MESSAGE, CallbackType.UPDATE_MESSAGE)
        and record.message_id is None
    ):
        return _refuse(
            ctx,
            request,
            400,
            50035,
            f"Callback type {kind.name} cannot answer a {record.type.name} interaction",
        )

    payload = data.get("data") if isinstance(data.get("data"), dict) else {}
    message = _apply(ctx, request, record, kind, payload or {})
    record.response_type = kind
    record.responded = time.monotonic()
    state.notify()
    if request.query.get("with_response") not in ("1", "true", "True"):
        return no_content()
    answered: JSON = {"id": str(record.id), "type": int(record.type)}
    if message is not None:
        answered.update(
            {
                "response_message_id": str(message.id),
                "response_message_loading": message.loading,
                "response_message_ephemeral": message.ephemeral,
            }
        )
    answer: JSON = {"interaction": answered}
    # Only a message the callback itself wrote comes back as the resource (4 and 7): a
    # deferred answer has no content yet, autocomplete and modals have no message.
    if message is not None and kind in (CallbackType.CHANNEL_MESSAGE, CallbackType.UPDATE_MESSAGE):
        answer["resource"] = {"type": int(kind), "message": message.payload()}
    return reply(answer)


def interaction_metadata(
    state: State, record: InteractionRecord, *, original_response: int | None = None
) -> JSON:
    """``interaction_metadata`` of a message answering ``record``, by interaction type."""
    owners = record.payload.get("authorizing_integration_owners") or {}
    data: JSON = {
        "id": str(record.id),
        "type": int(record.type),
        "user": record.user.payload(),
        "authorizing_integration_owners": dict(owners),
    }
    if original_response is not None:
        data["original_response_message_id"] = str(original_response)
    if record.type == InteractionType.MESSAGE_COMPONENT and record.message_id is not None:
        data["interacted_message_id"] = str(record.message_id)
    target = record.data.get("target_id")
    if record.type == InteractionType.APPLICATION_COMMAND and target is not None:
        if record.data.get("type") == 2 and int(target) in state.users:
            data["target_user"] = state.users[int(target)].payload()
        elif record.data.get("type") == 3:
            data["target_message_id"] = str(target)
    trigger = state.interactions.get(record.trigger_id or 0)
    if record.type == InteractionType.MODAL_SUBMIT and trigger is not None:
        data["triggering_interaction_metadata"] = interaction_metadata(state, trigger)
    return data


def _apply(
    ctx: Context,
    request: web.Request,
    record: InteractionRecord,
    kind: CallbackType,
    data: JSON,
) -> Message | None:
    state = ctx.state
    if kind == CallbackType.AUTOCOMPLETE_RESULT:
        record.choices = list(data.get("choices") or [])
        return None
    if kind == CallbackType.MODAL:
        record.modal = data
        return None
    if kind in (CallbackType.DEFERRED_UPDATE_MESSAGE, CallbackType.UPDATE_MESSAGE):
        message = state.messages[record.message_id] if record.message_id else None
        if message is not None:
            record.original_message_id = message.id
            if kind == CallbackType.UPDATE_MESSAGE:
                edit_message(ctx, message, message_fields(ctx, request, data, message.attachments))
                dispatch_message(ctx, "MESSAGE_UPDATE", message)
        return message
    flags = int(data.get("flags") or 0) & EPHEMERAL
    if kind == CallbackType.DEFERRED_CHANNEL_MESSAGE:
        flags |= LOADING
    fields = message_fields(ctx, request, data)
    channel = state.channels[record.channel_id]
    message = state.add_message(
        channel,
        state.bot,
        flags=flags,
        type=20 if record.type == InteractionType.APPLICATION_COMMAND else 19,
        webhook_id=state.application_id,
        application_id=state.application_id,
        interaction_id=record.id,
        interaction_user=record.user,
        interaction_metadata=interaction_metadata(state, record),
        **fields,
    )
    record.original_message_id = message.id
    dispatch_message(ctx, "MESSAGE_CREATE", message)
    return message


def _by_token(request: web.Request) -> InteractionRecord | web.Response:
    ctx = context(request)
    record = ctx.state.interactions_by_token.get(request.match_info["webhook_token"])
    if record is None or request.match_info["webhook_id"] != str(ctx.state.application_id):
        return _refuse(ctx, request, 404, 10015, "Unknown Webhook")
    if time.monotonic() - record.created > ctx.config.token_lifetime:
        return _refuse(ctx, request, 401, 50027, "Invalid Webhook Token")
    return record


def _message_of(request: web.Request, record: InteractionRecord) -> Message | web.Response:
    state = context(request).state
    wanted = request.match_info.get("message_id", "@original")
    if wanted == "@original":
        message_id = record.original_message_id
    elif wanted.isdigit() and (
        int(wanted) in record.followup_ids or int(wanted) == record.original_message_id
    ):
        message_id = int(wanted)
    else:
        message_id = None
    message = state.messages.get(message_id) if message_id else None
    if message is None or message.deleted:
        return not_found(10008, "Message")
    return message


async def get_message(request: web.Request) -> web.Response:
    record = _by_token(request)
    if isinstance(record, web.Response):
        return record
    message = _message_of(request, record)
    return message if isinstance(message, web.Response) else reply(message.payload())


async def edit_webhook_message(request: web.Request) -> web.Response:
    ctx = context(request)
    record = _by_token(request)
    if isinstance(record, web.Response):
        return record
    message = _message_of(request, record)
    if isinstance(message, web.Response):
        return message
    data = json_body(request)
    edit_message(ctx, message, message_fields(ctx, request, data, message.attachments))
    message.flags &= ~LOADING
    ctx.state.notify()
    dispatch_message(ctx, "MESSAGE_UPDATE", message)
    return reply(message.payload())


async def delete_webhook_message(request: web.Request) -> web.Response:
    ctx = context(request)
    record = _by_token(request)
    if isinstance(record, web.Response):
        return record
    message = _message_of(request, record)
    if isinstance(message, web.Response):
        return message
    message.deleted = True
    ctx.state.notify()
    if not message.ephemeral:
        ctx.gateway.dispatch(
            "MESSAGE_DELETE",
            {"id": str(message.id), "channel_id": str(message.channel_id)},
            guild_id=message.guild_id,
        )
    return no_content()


async def execute_followup(request: web.Request) -> web.Response:
    ctx = context(request)
    state = ctx.state
    record = _by_token(request)
    if isinstance(record, web.Response):
        return record
    if record.response_type is None:
        return _refuse(ctx, request, 404, 10015, "Unknown Webhook (no initial response yet)")
    data = json_body(request)
    fields = message_fields(ctx, request, data)
    original = state.messages.get(record.original_message_id or 0)
    if original is not None and original.loading:
        # The first follow-up after a deferred response replaces "thinking…".
        edit_message(ctx, original, fields)
        original.flags &= ~LOADING
        message = original
        dispatch_message(ctx, "MESSAGE_UPDATE", message)
    else:
        message = state.add_message(
            state.channels[record.channel_id],
            state.bot,
            flags=int(data.get("flags") or 0) & EPHEMERAL,
            webhook_id=state.application_id,
            application_id=state.application_id,
            interaction_id=record.id,
            interaction_user=record.user,
            interaction_metadata=interaction_metadata(
                state, record, original_response=record.original_message_id
            ),
            **fields,
        )
        record.followup_ids.append(message.id)
        dispatch_message(ctx, "MESSAGE_CREATE", message)
    state.notify()
    if request.query.get("wait") in ("1", "true", "True"):
        return reply(message.payload())
    return no_content()


WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"
ROUTES = [
    api("POST", "/interactions/{interaction_id}/{interaction_token}/callback", create_response),
    api("GET", WEBHOOK + "/messages/@original", get_message),
    api("PATCH", WEBHOOK + "/messages/@original", edit_webhook_message),
    api("DELETE", WEBHOOK + "/messages/@original", delete_webhook_message),
    api("POST", WEBHOOK, execute_followup),
    api("GET", WEBHOOK + "/messages/{message_id}", get_message),
    api("PATCH", WEBHOOK + "/messages/{message_id}", edit_webhook_message),
    api("DELETE", WEBHOOK + "/messages/{message_id}", delete_webhook_message),
]
