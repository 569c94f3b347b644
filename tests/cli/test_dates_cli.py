"""``dates parse`` as a script would use it: exit codes, JSON shapes, batch mode."""

from __future__ import annotations

import io
import json
from datetime import date

import jsonschema
import pytest

from bot.cli import dates
from tests.cli.helpers import run_command

RANGE = {
    "type": "object",
    "properties": {"start": {"type": "string"}, "end": {"type": "string"}},
    "required": ["start", "end"],
    "additionalProperties": False,
}
ANSWER = {
    "oneOf": [
        RANGE,
        {
            "type": "object",
            "properties": {
                "ambiguous": {
                    "type": "array",
                    "minItems": 1,
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
                }
            },
            "required": ["ambiguous"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"error": {"type": "string"}},
            "required": ["error"],
            "additionalProperties": False,
        },
    ]
}


def run(*argv: str) -> int:
    return run_command(dates, *argv)


def test_parse_prints_the_range(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("dates", "parse", "Mar 3-7", "--today", "2026-03-01") == 0
    assert capsys.readouterr().out.strip() == "Tue 3 Mar – Sat 7 Mar 2026 (5 days, 4 nights)"


def test_ambiguity_is_listed_with_its_own_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("dates", "parse", "4/5", "--today", "2026-03-01") == 3
    out = capsys.readouterr().out
    assert "1. Sun 5 Apr 2026" in out
    assert "2. Mon 4 May 2026" in out


def test_errors_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("dates", "parse", "Feb 30", "--today", "2026-03-01") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "February has only 28 days in 2027" in captured.err


@pytest.mark.parametrize(
    ("text", "order", "code", "expected"),
    [
        ("Mar 3-7", None, 0, {"start": "2026-03-03", "end": "2026-03-07"}),
        ("4/5", "dmy", 0, {"start": "2026-05-04", "end": "2026-05-04"}),
        (
            "4/5",
            None,
            3,
            {
                "ambiguous": [
                    {"start": "2026-04-05", "end": "2026-04-05", "label": "Sun 5 Apr 2026"},
                    {"start": "2026-05-04", "end": "2026-05-04", "label": "Mon 4 May 2026"},
                ]
            },
        ),
        (
            "Dec 9-5",
            None,
            1,
            {"error": "That trip ends before it starts: Dec 5 comes before Dec 9."},
        ),
    ],
)
def test_json(
    capsys: pytest.CaptureFixture[str],
    text: str,
    order: str | None,
    code: int,
    expected: dict[str, object],
) -> None:
    argv = ["dates", "parse", text, "--today", "2026-03-01", "--json"]
    if order:
        argv += ["--date-order", order]
    assert run(*argv) == code
    payload = json.loads(capsys.readouterr().out)
    jsonschema.validate(payload, ANSWER)
    assert payload == expected


def test_batch_answers_one_json_line_per_input_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["Mar 3-7", "", "4/5", "Feb 30", "Heading to Tokyo Dec 10-20, anyone around?"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert run("dates", "parse", "--batch", "--today", "2026-03-01", "--date-order", "mdy") == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(lines)
    payloads = [json.loads(line) for line in out]
    for payload in payloads:
        jsonschema.validate(payload, ANSWER)
    assert payloads[0] == {"start": "2026-03-03", "end": "2026-03-07"}
    assert "error" in payloads[1]
    assert payloads[2] == {"start": "2026-04-05", "end": "2026-04-05"}
    assert "error" in payloads[3]
    assert payloads[4] == {"start": "2026-12-10", "end": "2026-12-20"}


def test_today_defaults_to_the_real_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("dates", "parse", "tomorrow", "--json") == 0
    payload = json.loads(capsys.readouterr().out)
    assert date.fromisoformat(payload["start"]) > date(2025, 1, 1)


def test_a_bad_today_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        run("dates", "parse", "Mar 3", "--today", "03/01/2026")
    assert caught.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["dates"],
        ["dates", "parse"],
        ["dates", "parse", "Mar 3", "--batch"],
    ],
)
def test_usage_mistakes_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(*argv) == 2
    assert capsys.readouterr().err


def test_country_decides_holidays(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["dates", "parse", "easter weekend", "--today", "2026-03-02", "--json"]
    assert run(*argv, "--country", "US") == 0
    assert json.loads(capsys.readouterr().out) == {"start": "2026-04-04", "end": "2026-04-05"}
    assert run(*argv, "--country", "DE") == 0
    assert json.loads(capsys.readouterr().out) == {"start": "2026-04-03", "end": "2026-04-06"}
