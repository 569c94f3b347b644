"""``chatter scan`` as a script would use it: JSON shape, batch mode, usage errors."""

from __future__ import annotations

import io
import json

import jsonschema
import pytest

from bot.cli import chatter
from tests.cli.helpers import run_command

CITY = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "country": {"type": "string"},
        "lat": {"type": "number"},
        "lon": {"type": "number"},
        "label": {"type": "string"},
    },
    "required": ["id", "name", "country", "lat", "lon", "label"],
    "additionalProperties": False,
}
DAY = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
ANSWER = {
    "type": "object",
    "properties": {
        "trip": {"type": "boolean"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "city": {"oneOf": [CITY, {"type": "null"}]},
        "start": DAY,
        "end": DAY,
        "readings": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "start": {"type": "string"},
                    "end": {"type": "string"},
                    "label": {"type": "string"},
                },
                "required": ["start", "end", "label"],
                "additionalProperties": False,
            },
        },
        "reason": {"type": "string", "minLength": 1},
    },
    "required": ["trip", "confidence", "city", "start", "end", "readings", "reason"],
    "additionalProperties": False,
}


def run(*argv: str) -> int:
    return run_command(chatter, *argv)


def test_one_message_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    text = "Prague is off, Vienna instead, same dates Mar 22-25"
    assert run("chatter", "scan", text, "--today", "2026-03-10", "--json") == 0
    payload = json.loads(capsys.readouterr().out)
    jsonschema.validate(payload, ANSWER)
    assert payload["trip"] is True
    assert payload["city"]["name"] == "Vienna"
    assert (payload["start"], payload["end"]) == ("2026-03-22", "2026-03-25")


def test_text_output_names_city_and_dates(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("chatter", "scan", "lisbon mar 20-24, who's around?", "--today", "2026-03-10") == 0
    out = capsys.readouterr().out
    assert out.startswith("trip (")
    assert "Lisbon" in out
    assert "Fri 20 Mar – Tue 24 Mar 2026" in out


def test_batch_answers_one_json_line_per_input_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        "nyc 4/6-4/9, who's around?",
        "",
        "my cousin flies to Valletta on the 4th",
        "nice! so cool",
        "> berlin fri-sun\nhave fun",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    argv = ["chatter", "scan", "--batch", "--json", "--today", "2026-03-10", "--date-order", "mdy"]
    assert run(*argv) == 0
    out = capsys.readouterr().out.splitlines()
    # the quoted line spans two input lines: batch mode reads one message per line
    assert len(out) == len(lines) + 1
    payloads = [json.loads(line) for line in out]
    for payload in payloads:
        jsonschema.validate(payload, ANSWER)
    assert payloads[0]["trip"] is True
    assert (payloads[0]["start"], payloads[0]["end"]) == ("2026-04-06", "2026-04-09")
    assert payloads[1] == {
        "trip": False,
        "confidence": 0.0,
        "city": None,
        "start": None,
        "end": None,
        "readings": [],
        "reason": "no city named",
    }
    assert payloads[2]["trip"] is False
    assert payloads[3]["trip"] is False


def test_without_a_date_order_both_readings_are_offered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run("chatter", "scan", "nyc 4/6-4/9", "--today", "2026-03-10", "--json") == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["start"] is None
    assert len(payload["readings"]) == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["chatter"],
        ["chatter", "scan"],
        ["chatter", "scan", "berlin", "--batch"],
    ],
)
def test_usage_mistakes_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(*argv) == 2
    assert capsys.readouterr().err


def test_a_bad_today_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        run("chatter", "scan", "x", "--today", "10/03/2026")
    assert caught.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
