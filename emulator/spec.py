"""Request bodies checked against Discord's own OpenAPI 3.1 spec (HTTP API v10).

The spec ships with the emulator (``emulator/spec/openapi.json``, package data, see
``emulator/spec/SOURCE.md``); ``TWEETUP_DISCORD_OPENAPI`` may name another copy. A missing
or unreadable spec is a hard error (:class:`SpecUnavailable`): an emulator that silently
stopped checking bodies would let every test pass unchecked. One validator is compiled per
operation and content schema and cached, so validating a request costs microseconds.

Deliberate leniency: Discord accepts snowflakes as JSON integers as well as strings (and
discord.py sends integers, e.g. ``recipient_id``), while the spec only says "string".
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from emulator.responses import relax_responses
from emulator.rules import FieldError

SPEC_ENV = "TWEETUP_DISCORD_OPENAPI"
SPEC_URI = "urn:discord:openapi"
METHODS = ("get", "post", "put", "patch", "delete")


def default_spec_path() -> Path:
    explicit = os.environ.get(SPEC_ENV, "").strip()
    if explicit:
        return Path(explicit)
    return Path(__file__).resolve().parent / "spec" / "openapi.json"


class SpecUnavailable(RuntimeError):
    """Discord's OpenAPI spec cannot be read: the emulator will not run unchecked."""


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


@dataclass(frozen=True)
class Operation:
    id: str
    method: str
    path: str
    #: JSON pointer (inside the spec) of the JSON body schema, if the operation has a body.
    body_pointer: str | None
    #: Documented answers: status ("200", "4XX", "default") -> pointer of the JSON body
    #: schema, or None for an answer without a body (204).
    responses: dict[str, str | None] = field(default_factory=dict)

    def response_pointer(self, status: int) -> tuple[bool, str | None]:
        """(documented?, body schema pointer) for an answer with this status."""
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in self.responses:
                return True, self.responses[key]
        return False, None


class OpenApiSpec:
    def __init__(self, document: dict[str, Any], source: Path | None = None) -> None:
        self.source = source
        document = relax_responses(_lenient(document))
        self.document = document
        self.registry: Registry[Any] = Registry().with_resource(
            SPEC_URI, Resource.from_contents(document, default_specification=DRAFT202012)
        )
        self.operations: dict[tuple[str, str], Operation] = {}
        for path, item in document.get("paths", {}).items():
            for method in METHODS:
                spec_op = item.get(method)
                if not isinstance(spec_op, dict):
                    continue
                content = spec_op.get("requestBody", {}).get("content", {})
                pointer = None
                if "application/json" in content:
                    pointer = "#/" + _pointer(
                        "paths", path, method, "requestBody", "content", "application/json"
                    )
                    pointer += "/schema"
                key = (method.upper(), path)
                self.operations[key] = Operation(
                    spec_op["operationId"],
                    key[0],
                    path,
                    pointer,
                    self._responses(path, method, spec_op.get("responses", {})),
                )
        self._validators: dict[str, Draft202012Validator] = {}

    def _responses(self, path: str, method: str, responses: Any) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for status, answer in responses.items() if isinstance(responses, dict) else ():
            where = "#/" + _pointer("paths", path, method, "responses", status)
            if isinstance(answer, dict) and "$ref" in answer:
                where = str(answer["$ref"])
                answer = self.resolve(where)
            content = answer.get("content", {}) if isinstance(answer, dict) else {}
            schema = "/" + _pointer("content", "application/json", "schema")
            found[str(status)] = where + schema if "application/json" in content else None
        return found

    @classmethod
    def load(cls, path: Path | None = None) -> OpenApiSpec:
        """The spec at ``path`` (default: the copy shipped in ``emulator/spec/``).

        Raises :class:`SpecUnavailable` when it is missing or unreadable.
        """
        return _load(path or default_spec_path())

    def operation(self, method: str, path: str) -> Operation | None:
        return self.operations.get((method.upper(), path))

    def validator(self, pointer: str) -> Draft202012Validator:
        validator = self._validators.get(pointer)
        if validator is None:
            validator = Draft202012Validator({"$ref": SPEC_URI + pointer}, registry=self.registry)
            self._validators[pointer] = validator
        return validator

    def resolve(self, pointer: str) -> Any:
        node: Any = self.document
        for part in pointer.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def validate(self, operation: Operation, body: Any) -> list[FieldError]:
        if operation.body_pointer is None:
            return []
        pointer = self._discriminated(operation.body_pointer, body)
        if isinstance(pointer, FieldError):
            return [pointer]
        return field_errors(self.validator(pointer).iter_errors(body))

    def _discriminated(self, pointer: str, body: Any) -> str | FieldError:
        """For a union of typed bodies (interaction callbacks), pick the branch by ``type``.

        Validating against the one branch gives a precise error instead of "not valid under
        any of the given schemas".
        """
        schema = self.resolve(pointer)
        branches = schema.get("anyOf") or schema.get("oneOf") if isinstance(schema, dict) else None
        if not branches or not isinstance(body, dict) or "type" not in body:
            return pointer
        allowed: list[Any] = []
        for branch in branches:
            ref = branch.get("$ref") if isinstance(branch, dict) else None
            if not ref:
                return pointer
            target = self.resolve(ref)
            enum = target.get("properties", {}).get("type", {}).get("enum")
            if not enum:
                return pointer
            allowed.extend(enum)
            if body["type"] in enum:
                return str(ref)
        return FieldError(
            ("type",), "BASE_TYPE_CHOICES", f"Value must be one of {sorted(set(allowed))}."
        )


@cache
def _load(path: Path) -> OpenApiSpec:
    try:
        with path.open(encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as error:
        raise SpecUnavailable(
            f"Discord's OpenAPI spec cannot be read at {path} ({error}); the emulator will not "
            f"run without it (it ships in emulator/spec/; {SPEC_ENV} may name another copy)"
        ) from error
    if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
        raise SpecUnavailable(f"{path} is not an OpenAPI document (no 'paths')")
    return OpenApiSpec(document, source=path)


def _lenient(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.get("components", {}).get("schemas", {})
    snowflake = schemas.get("SnowflakeType")
    if not isinstance(snowflake, dict):
        return document
    document = copy.copy(document)
    document["components"] = copy.copy(document["components"])
    document["components"]["schemas"] = dict(schemas)
    document["components"]["schemas"]["SnowflakeType"] = {
        "anyOf": [snowflake, {"type": "integer", "minimum": 0}]
    }
    return document


def field_errors(errors: Iterable[ValidationError]) -> list[FieldError]:
    found: list[FieldError] = []
    for error in errors:
        leaf = _leaf(error)
        path: tuple[str | int, ...] = tuple(leaf.absolute_path)
        if leaf.validator == "required" and isinstance(leaf.instance, dict):
            missing = [name for name in leaf.validator_value if name not in leaf.instance]
            path = (*path, *missing[:1])
        code, message = _describe(leaf)
        found.append(FieldError(path, code, message))
    return found


def _leaf(error: ValidationError) -> ValidationError:
    """Descend into the union branch that came closest to matching."""
    while error.context:
        depth = len(error.absolute_path)
        branches: dict[Any, list[ValidationError]] = {}
        for candidate in error.context:
            branches.setdefault(candidate.relative_schema_path[0], []).append(candidate)
        # A branch whose own type or "type" discriminator did not match (the null of "null
        # or object", a select where a button was meant) says nothing about the body; of
        # the others, the one with the fewest errors is what the client meant.
        plausible = [
            group
            for group in branches.values()
            if not any(_wrong_branch(candidate, depth) for candidate in group)
        ]
        best = min(plausible, key=len) if plausible else list(error.context)
        error = max(best, key=_closeness)
    return error


def _closeness(error: ValidationError) -> tuple[int, bool]:
    return len(error.absolute_path), error.validator not in ("anyOf", "oneOf")


def _wrong_branch(error: ValidationError, depth: int) -> bool:
    path = list(error.absolute_path)
    if error.validator == "type" and len(path) == depth:
        return True
    return error.validator in ("enum", "const") and path[depth:] == ["type"]


def _describe(error: ValidationError) -> tuple[str, str]:
    kind = error.validator
    value = error.validator_value
    if kind in ("maxLength", "maxItems", "maxProperties"):
        return "BASE_TYPE_MAX_LENGTH", f"Must be {value} or fewer in length."
    if kind in ("minLength", "minItems", "minProperties"):
        return "BASE_TYPE_MIN_LENGTH", f"Must be {value} or more in length."
    if kind == "required":
        return "BASE_TYPE_REQUIRED", "This field is required"
    if kind in ("enum", "const"):
        choices = value if isinstance(value, list) else [value]
        return "BASE_TYPE_CHOICES", f"Value must be one of {choices}."
    if kind in ("maximum", "exclusiveMaximum"):
        return "NUMBER_TYPE_MAX", f"Value should be less than or equal to {value}."
    if kind in ("minimum", "exclusiveMinimum"):
        return "NUMBER_TYPE_MIN", f"Value should be greater than or equal to {value}."
    if kind == "pattern":
        return "STRING_TYPE_REGEX", "String value did not match validation regex."
    if kind == "type":
        return "BASE_TYPE_BAD_TYPE", f"Value {error.instance!r} is not of type {value}."
    return "BASE_TYPE_INVALID", error.message
