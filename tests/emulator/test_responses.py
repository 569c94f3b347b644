"""The emulator's answers are checked against the spec's response schemas, and the
answers that used to differ from Discord's now match them."""

from __future__ import annotations

import pytest

from emulator.models import JSON, InteractionRecord, InteractionType, User
from emulator.responses import ALLOWED_MISSING, SPEC_CORRECTIONS, response_errors
from emulator.spec import OpenApiSpec
from tests.emulator.conftest import Api

THREADS = "/channels/{channel_id}/messages/{message_id}/threads"


def kinds(api: Api) -> list[tuple[str, str]]:
    return [(v.kind, v.path) for v in api.emulator.take_violations()]


async def test_an_answer_missing_a_required_field_fails_the_test(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(User, "payload", lambda self: {"id": str(self.id)})
    answer = await api.call("GET", f"/users/{api.user.id}")
    assert answer.status == 200
    assert ("response", "username") in kinds(api)


async def test_answers_are_counted_and_error_answers_are_checked_too(api: Api) -> None:
    before = api.emulator.responses_validated
    missing = await api.call("GET", "/channels/1")
    assert (missing.status, missing.code) == (404, 10003)
    too_long = await api.call(
        "POST", f"/channels/{api.channel.id}/messages", {"content": "x" * 2001}
    )
    assert too_long.status == 400
    assert kinds(api) == [("rule", "content")]  # the request's fault, not the answer's
    assert api.emulator.responses_validated == before + 2


def test_an_undocumented_status_is_a_violation() -> None:
    spec = OpenApiSpec.load()
    operation = spec.operation("POST", THREADS)
    assert operation is not None
    (problem,) = response_errors(spec, operation, 200, {"id": "1"})
    assert problem.code == "UNDOCUMENTED_STATUS"
    assert "201" in problem.message


def test_the_allow_list_is_short_and_every_entry_says_why() -> None:
    assert len(ALLOWED_MISSING) <= 5
    assert all(len(reason) > 20 for reason in ALLOWED_MISSING.values())
    assert set(SPEC_CORRECTIONS) == {"InnerErrors"}


async def _message(api: Api, body: JSON) -> JSON:
    answer = await api.call("POST", f"/channels/{api.channel.id}/messages", body)
    assert answer.status == 200, answer.json
    return dict(answer.json)


async def test_a_thread_from_a_message_is_created_201_and_rendered_whole(api: Api) -> None:
    message = await _message(api, {"content": "Tweetup in Berlin"})
    path = THREADS.format(channel_id=api.channel.id, message_id=message["id"])
    created = await api.call("POST", path, {"name": "Berlin", "auto_archive_duration": 1440})
    assert created.status == 201
    metadata = created.json["thread_metadata"]
    assert metadata["create_timestamp"] == metadata["archive_timestamp"]

    fetched = await api.call("GET", f"/channels/{api.channel.id}/messages/{message['id']}")
    thread = fetched.json["thread"]
    assert (thread["id"], thread["name"], thread["parent_id"]) == (
        message["id"],
        "Berlin",
        str(api.channel.id),
    )
    # Rendering again does not move the archive timestamp (it changes when archiving does).
    again = await api.call("GET", f"/channels/{message['id']}")
    assert again.json["thread_metadata"]["archive_timestamp"] == metadata["archive_timestamp"]
    assert kinds(api) == []


async def test_components_get_numeric_ids_and_emoji_without_a_null_id(api: Api) -> None:
    emoji = {"name": "✅", "id": None}
    buttons = [
        {"type": 2, "style": 1, "label": "Yes", "custom_id": "yes", "emoji": emoji},
        {"type": 2, "style": 2, "label": "No", "custom_id": "no", "id": 7},
    ]
    rows = [{"type": 1, "components": buttons}]
    message = await _message(api, {"content": "Going?", "components": rows})
    (row,) = message["components"]
    assert [row["id"], *(button["id"] for button in row["components"])] == [1, 2, 7]
    assert row["components"][0]["emoji"] == {"name": "✅"}
    assert kinds(api) == []


def _interaction(
    api: Api, kind: InteractionType, *, message_id: int | None = None, trigger: int | None = None
) -> InteractionRecord:
    def build(interaction_id: int, token: str) -> JSON:
        owners = {"0": str(api.guild.id)}
        return {"id": str(interaction_id), "token": token, "authorizing_integration_owners": owners}

    return api.emulator.state.add_interaction(
        kind, api.user, api.channel, build, message_id=message_id, trigger_id=trigger
    )


@pytest.mark.parametrize(
    ("callback", "resource"), [(4, True), (5, False)], ids=["message", "deferred"]
)
async def test_only_a_written_message_comes_back_as_the_callbacks_resource(
    api: Api, callback: int, resource: bool
) -> None:
    record = _interaction(api, InteractionType.APPLICATION_COMMAND)
    body: JSON = {"type": callback, "data": {"content": "Hi", "flags": 64}}
    answer = await api.respond(record, body if callback == 4 else {"type": 5})
    assert answer.status == 200
    interaction = answer.json["interaction"]
    assert interaction["response_message_id"] == str(record.original_message_id)
    assert interaction["response_message_loading"] is (callback == 5)
    assert ("resource" in answer.json) is resource
    if resource:
        assert answer.json["resource"]["message"]["content"] == "Hi"
    assert kinds(api) == []


MODAL = {
    "custom_id": "form",
    "title": "Feedback",
    "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "city", "label": "City", "style": 1}]}
    ],
}


async def test_a_modal_answer_names_no_message(api: Api) -> None:
    record = _interaction(api, InteractionType.APPLICATION_COMMAND)
    answer = await api.respond(record, {"type": 9, "data": MODAL})
    assert answer.status == 200
    assert answer.json == {"interaction": {"id": str(record.id), "type": 2}}
    assert kinds(api) == []


async def test_interaction_metadata_says_what_was_clicked_and_which_modal(api: Api) -> None:
    message = await _message(api, {"content": "Going?"})
    click = _interaction(api, InteractionType.MESSAGE_COMPONENT, message_id=int(message["id"]))
    answer = await api.respond(click, {"type": 4, "data": {"content": "Noted"}})
    metadata = answer.json["resource"]["message"]["interaction_metadata"]
    assert (metadata["type"], metadata["interacted_message_id"]) == (3, message["id"])
    assert metadata["authorizing_integration_owners"] == {"0": str(api.guild.id)}

    shown = _interaction(api, InteractionType.MESSAGE_COMPONENT, message_id=int(message["id"]))
    await api.respond(shown, {"type": 9, "data": MODAL})
    submitted = _interaction(api, InteractionType.MODAL_SUBMIT, trigger=shown.id)
    answer = await api.respond(submitted, {"type": 4, "data": {"content": "Thanks"}})
    metadata = answer.json["resource"]["message"]["interaction_metadata"]
    assert metadata["type"] == 5
    assert metadata["triggering_interaction_metadata"]["id"] == str(shown.id)
    assert metadata["triggering_interaction_metadata"]["interacted_message_id"] == message["id"]

    path = f"/webhooks/{api.emulator.state.application_id}/{submitted.token}"
    followup = await api.call("POST", path, {"content": "More"}, auth=False, params={"wait": "1"})
    assert followup.json["interaction_metadata"]["original_response_message_id"] == str(
        submitted.original_message_id
    )
    assert kinds(api) == []
