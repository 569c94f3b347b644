"""Response bodies checked against the spec too: what the emulator answers must be what
Discord answers, or the bot is tested against payloads it will never see.

Every JSON answer of a spec'd route is validated against the response schema the spec
documents for that status (an undocumented status is itself a violation: thread-from-message
answers 201, not 200). The few fields Discord added after discord.py learnt to parse its
answers, and that discord.py never reads, may be missing: :data:`ALLOWED_MISSING` lists each
one with the reason it is safe. Everything else the spec requires the emulator must send.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from emulator.rules import FieldError

if TYPE_CHECKING:
    from emulator.spec import OpenApiSpec, Operation

#: (response schema, required field) -> why the emulator may leave it out.
ALLOWED_MISSING: dict[tuple[str, str], str] = {}


#: Where the spec is wrong about Discord, corrected (schema -> replacement, and why).
#: The spec types a field error's ``code`` as an integer (it reuses the top-level ``Error``),
#: but Discord answers strings there: ``{"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", …}]}``
#: (the API reference's own "Invalid Form Body" example).
SPEC_CORRECTIONS: dict[str, dict[str, Any]] = {
    "InnerErrors": {
        "type": "object",
        "properties": {
            "_errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                    "required": ["code", "message"],
                },
            }
        },
        "additionalProperties": False,
        "required": ["_errors"],
    }
}


def relax_responses(document: dict[str, Any]) -> dict[str, Any]:
    """The spec with the allow-listed fields no longer required and :data:`SPEC_CORRECTIONS`
    applied (only response schemas are touched: request bodies are validated as before)."""
    schemas = document.get("components", {}).get("schemas", {})
    document = copy.copy(document)
    document["components"] = copy.copy(document["components"])
    document["components"]["schemas"] = relaxed = dict(schemas)
    relaxed.update({name: fix for name, fix in SPEC_CORRECTIONS.items() if name in schemas})
    for name in {name for name, _ in ALLOWED_MISSING} & set(schemas):
        schema = dict(relaxed[name])
        dropped = {field for owner, field in ALLOWED_MISSING if owner == name}
        schema["required"] = [f for f in schema.get("required", []) if f not in dropped]
        relaxed[name] = schema
    return document


def response_errors(
    spec: OpenApiSpec, operation: Operation, status: int, body: Any
) -> list[FieldError]:
    """What is wrong with this answer (status and JSON body, None when there is none)."""
    from emulator.spec import field_errors  # spec imports this module

    documented, pointer = operation.response_pointer(status)
    if not documented:
        statuses = ", ".join(sorted(operation.responses))
        return [
            FieldError(
                (), "UNDOCUMENTED_STATUS", f"answered {status}; the spec documents {statuses}"
            )
        ]
    if pointer is None:
        if body is None:
            return []
        return [FieldError((), "UNEXPECTED_BODY", f"a {status} answer has no body")]
    if body is None:
        return [FieldError((), "MISSING_BODY", f"a {status} answer needs a JSON body")]
    return field_errors(spec.validator(pointer).iter_errors(body))
