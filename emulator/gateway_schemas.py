"""The shapes of the gateway events the bot lives on, checked on every dispatch.

Discord's OpenAPI spec covers HTTP only, so these schemas are written from the gateway
documentation (Gateway Events: Ready, Guild Create extra fields, Message Create extra
fields, Thread Create, Guild Delete, the Interaction object) and discord-api-types'
``gateway/v10`` definitions. Nested resources reuse the spec's own response schemas
(users, members, roles, channels, threads, messages), so one definition serves both.

A dispatch that does not match is a violation (``kind="gateway"``) and fails the test, as
a bad request or response body does.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from emulator.rules import FieldError

JSON = dict[str, Any]


def ref(name: str) -> JSON:
    return {"$ref": f"urn:discord:openapi#/components/schemas/{name}"}


def obj(required: dict[str, Any], optional: dict[str, Any] | None = None, **extra: Any) -> JSON:
    return {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": sorted(required),
        **extra,
    }


SNOWFLAKE = ref("SnowflakeType")
STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
TIMESTAMP = {"type": "string", "format": "date-time"}


def array(items: JSON) -> JSON:
    return {"type": "array", "items": items}


def snowflake_map(values: JSON) -> JSON:
    return {"type": "object", "additionalProperties": values}


#: A guild member inside an interaction, with the permissions Discord computed.
INTERACTION_MEMBER = {"allOf": [ref("GuildMemberResponse"), obj({"permissions": STRING})]}

#: "Partial Member objects are missing user, deaf and mute fields" (resolved data, the
#: member of a MESSAGE_CREATE).
PARTIAL_MEMBER = obj(
    {"roles": array(SNOWFLAKE), "joined_at": TIMESTAMP},
    {
        "nick": NULLABLE_STRING,
        "avatar": NULLABLE_STRING,
        "banner": NULLABLE_STRING,
        "premium_since": {"type": ["string", "null"]},
        "pending": BOOLEAN,
        "flags": INTEGER,
        "communication_disabled_until": {"type": ["string", "null"]},
        "permissions": STRING,
    },
    additionalProperties=False,
)

RESOLVED = obj(
    {},
    {
        "users": snowflake_map(ref("UserResponse")),
        "members": snowflake_map(PARTIAL_MEMBER),
        "roles": snowflake_map(ref("GuildRoleResponse")),
        "channels": snowflake_map(obj({"id": SNOWFLAKE, "type": INTEGER, "permissions": STRING})),
        "messages": snowflake_map(ref("MessageResponse")),
        "attachments": snowflake_map(obj({"id": SNOWFLAKE, "filename": STRING})),
    },
    additionalProperties=False,
)

COMMAND_OPTION: JSON = {
    "type": "object",
    "properties": {
        "name": STRING,
        "type": {"type": "integer", "minimum": 1, "maximum": 11},
        "value": {"type": ["string", "integer", "number", "boolean"]},
        "options": array({"$ref": "#/$defs/option"}),
        "focused": BOOLEAN,
    },
    "required": ["name", "type"],
    "additionalProperties": False,
}

COMMAND_DATA = obj(
    {"id": SNOWFLAKE, "name": STRING, "type": {"enum": [1, 2, 3, 4]}},
    {
        "resolved": RESOLVED,
        "options": array({"$ref": "#/$defs/option"}),
        "guild_id": SNOWFLAKE,
        "target_id": SNOWFLAKE,
    },
)
COMPONENT_DATA = obj(
    {"custom_id": STRING, "component_type": INTEGER},
    {"values": array(STRING), "resolved": RESOLVED},
)
MODAL_DATA = obj({"custom_id": STRING, "components": array({"type": "object"})}, {})

INTERACTION_KINDS = {2: COMMAND_DATA, 3: COMPONENT_DATA, 4: COMMAND_DATA, 5: MODAL_DATA}


def _interaction(kind: int, data: JSON) -> JSON:
    """The Interaction object as a bot receives it (the documented required fields)."""
    required = {
        "id": SNOWFLAKE,
        "application_id": SNOWFLAKE,
        "type": {"const": kind},
        "data": data,
        "token": STRING,
        "version": {"const": 1},
        "app_permissions": STRING,
        "entitlements": array({"type": "object"}),
        "authorizing_integration_owners": snowflake_map(SNOWFLAKE),
        "attachment_size_limit": INTEGER,
        "channel": obj({"id": SNOWFLAKE, "type": INTEGER}),
        "channel_id": SNOWFLAKE,
        "locale": STRING,
        "context": {"enum": [0, 1, 2]},
    }
    if kind in (3, 5):
        optional: JSON = {"message": ref("MessageResponse")}
    else:
        optional = {}
    guild = obj(
        {"guild_id": SNOWFLAKE, "member": INTERACTION_MEMBER, "guild_locale": STRING},
        {"guild": obj({"id": SNOWFLAKE, "locale": STRING, "features": array(STRING)})},
    )
    direct = obj({"user": ref("UserResponse")})
    schema = obj(required, optional)
    schema["oneOf"] = [guild, direct]
    if kind == 3:
        schema["required"] = [*schema["required"], "message"]
    return schema


UNAVAILABLE_GUILD = obj({"id": SNOWFLAKE}, {"unavailable": BOOLEAN}, additionalProperties=False)

READY = obj(
    {
        "v": {"const": 10},
        "user": ref("UserResponse"),
        "guilds": array(obj({"id": SNOWFLAKE, "unavailable": {"const": True}})),
        "session_id": STRING,
        "resume_gateway_url": STRING,
        "application": obj({"id": SNOWFLAKE, "flags": INTEGER}),
    },
    {"shard": {"type": "array", "items": INTEGER, "minItems": 2, "maxItems": 2}},
)

GUILD_CREATE = obj(
    {
        # The guild object's documented (non-optional) fields...
        "id": SNOWFLAKE,
        "name": STRING,
        "icon": NULLABLE_STRING,
        "splash": NULLABLE_STRING,
        "discovery_splash": NULLABLE_STRING,
        "owner_id": SNOWFLAKE,
        "afk_channel_id": {"type": ["string", "null"]},
        "afk_timeout": INTEGER,
        "verification_level": INTEGER,
        "default_message_notifications": INTEGER,
        "explicit_content_filter": INTEGER,
        "roles": array(ref("GuildRoleResponse")),
        "emojis": array({"type": "object"}),
        "features": array(STRING),
        "mfa_level": INTEGER,
        "application_id": {"type": ["string", "null"]},
        "system_channel_id": {"type": ["string", "null"]},
        "system_channel_flags": INTEGER,
        "rules_channel_id": {"type": ["string", "null"]},
        "vanity_url_code": NULLABLE_STRING,
        "description": NULLABLE_STRING,
        "banner": NULLABLE_STRING,
        "premium_tier": INTEGER,
        "preferred_locale": STRING,
        "public_updates_channel_id": {"type": ["string", "null"]},
        "nsfw_level": INTEGER,
        "premium_progress_bar_enabled": BOOLEAN,
        "safety_alerts_channel_id": {"type": ["string", "null"]},
        # ...and the GUILD_CREATE extra fields.
        "joined_at": TIMESTAMP,
        "large": BOOLEAN,
        "member_count": INTEGER,
        "voice_states": array({"type": "object"}),
        "members": array(ref("GuildMemberResponse")),
        "channels": array(ref("GuildChannelResponse")),
        "threads": array(ref("ThreadResponse")),
        "presences": array({"type": "object"}),
        "stage_instances": array({"type": "object"}),
        "guild_scheduled_events": array(obj({"id": SNOWFLAKE, "guild_id": SNOWFLAKE})),
        "soundboard_sounds": array({"type": "object"}),
    },
    {"unavailable": {"const": False}},
)

#: MESSAGE_CREATE: a message, plus guild_id and the author's partial member in a guild.
MESSAGE_CREATE = {
    "allOf": [
        ref("MessageResponse"),
        obj({}, {"guild_id": SNOWFLAKE, "member": PARTIAL_MEMBER}),
    ]
}

#: THREAD_CREATE for a thread the bot created: the channel, ``newly_created``, and the
#: bot's own thread member (it is added to threads it creates).
THREAD_CREATE = {
    "allOf": [
        ref("ThreadResponse"),
        obj(
            {
                "newly_created": {"const": True},
                "member": obj(
                    {
                        "id": SNOWFLAKE,
                        "user_id": SNOWFLAKE,
                        "join_timestamp": TIMESTAMP,
                        "flags": INTEGER,
                    }
                ),
                "thread_metadata": obj({"create_timestamp": TIMESTAMP}),
            }
        ),
    ]
}

#: MESSAGE_REACTION_REMOVE: the ids and the emoji (a Unicode emoji has a null id).
REACTION = obj(
    {
        "user_id": SNOWFLAKE,
        "channel_id": SNOWFLAKE,
        "message_id": SNOWFLAKE,
        "emoji": obj({"id": {"type": "null"}, "name": STRING}),
        "burst": BOOLEAN,
        "type": {"enum": [0, 1]},
    },
    {"guild_id": SNOWFLAKE},
    additionalProperties=False,
)

#: MESSAGE_REACTION_ADD: the same, plus the message's author and, in a guild, the member.
REACTION_ADD = obj(
    {**REACTION["properties"], "message_author_id": SNOWFLAKE},
    {"member": ref("GuildMemberResponse"), "burst_colors": array(STRING)},
    additionalProperties=False,
)
REACTION_ADD["required"] = sorted({*REACTION["required"], "message_author_id"})

SCHEMAS: dict[str, JSON] = {
    "READY": READY,
    "GUILD_CREATE": GUILD_CREATE,
    "GUILD_DELETE": UNAVAILABLE_GUILD,
    "MESSAGE_CREATE": MESSAGE_CREATE,
    "THREAD_CREATE": THREAD_CREATE,
    "MESSAGE_REACTION_ADD": REACTION_ADD,
    "MESSAGE_REACTION_REMOVE": REACTION,
    # One schema per interaction type (checked by the payload's own ``type``, so an error
    # names the field, not "not valid under any of the given schemas").
    **{
        f"INTERACTION_CREATE:{kind}": _interaction(kind, data)
        for kind, data in INTERACTION_KINDS.items()
    },
}


class GatewayShapes:
    """One compiled validator per event, resolving the spec's schemas through its registry."""

    def __init__(self, registry: Any) -> None:
        self._validators = {
            event: Draft202012Validator(
                {**schema, "$defs": {"option": COMMAND_OPTION}}, registry=registry
            )
            for event, schema in SCHEMAS.items()
        }

    def errors(self, event: str, data: Any) -> list[FieldError]:
        """What is wrong with this dispatch's ``d`` (nothing for events not modelled)."""
        from emulator.spec import field_errors  # spec imports the rules this module uses

        if event == "INTERACTION_CREATE":
            kind = data.get("type") if isinstance(data, dict) else None
            if kind not in INTERACTION_KINDS:
                return [FieldError(("type",), "BASE_TYPE_CHOICES", f"unknown type {kind!r}")]
            event = f"INTERACTION_CREATE:{kind}"
        validator = self._validators.get(event)
        return field_errors(validator.iter_errors(data)) if validator is not None else []
