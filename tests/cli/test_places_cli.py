"""``places resolve`` / ``places autocomplete`` as a script would use them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from bot.cli import places
from tests.cli.helpers import run_command

PLACE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string", "minLength": 1},
        "region": {"type": "string"},
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        "timezone": {"type": "string"},
        "population": {"type": "integer", "minimum": 0},
        "label": {"type": "string", "minLength": 1},
    },
    "required": [
        "id",
        "name",
        "region",
        "country",
        "lat",
        "lon",
        "timezone",
        "population",
        "label",
    ],
    "additionalProperties": False,
}
RESOLUTION = {
    "type": "object",
    "properties": {
        "query": {"type": "string"},
        "ambiguous": {"type": "boolean"},
        "not_a_city": {"type": "boolean"},
        "not_a_city_kind": {"enum": [None, "country", "region"]},
        "match": {"enum": ["alias", "name", "alternate", "prefix", "fuzzy", "area", "none"]},
        "candidates": {"type": "array", "items": PLACE, "maxItems": 10},
    },
    "required": ["query", "ambiguous", "not_a_city", "candidates"],
    "additionalProperties": False,
}
CHOICES = {
    "type": "object",
    "properties": {
        "prefix": {"type": "string"},
        "choices": {
            "type": "array",
            "maxItems": 25,
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 100},
                    "value": {"type": "string", "pattern": "^[0-9]{1,100}$"},
                },
                "required": ["name", "value"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["prefix", "choices"],
    "additionalProperties": False,
}


def run(*argv: str) -> int:
    return run_command(places, *argv)


def test_resolve_prints_the_city(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("places", "resolve", "Portland, OR") == places.EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Portland, Oregon, US  (id 5746545")
    assert "America/Los_Angeles" in out


def test_resolve_says_how_it_matched(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("places", "resolve", "Munchen") == places.EXIT_OK
    assert "[alternate]" in capsys.readouterr().out


def test_ambiguity_is_listed_with_its_own_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("places", "resolve", "Springfield") == places.EXIT_AMBIGUOUS
    out = capsys.readouterr().out
    assert "ambiguous" in out
    assert "1. Springfield, Illinois, US" in out
    assert "Springfield, Missouri, US" in out


def test_regions_and_unknowns_are_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("places", "resolve", "Texas") == places.EXIT_NOT_FOUND
    assert "is a region, not a city" in capsys.readouterr().out
    assert run("places", "resolve", "qqqzzzxxx") == places.EXIT_NOT_FOUND
    assert "No city found" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "code", "first_id", "ambiguous", "not_a_city"),
    [
        ("NYC", 0, 5128581, False, False),
        ("Portland", 3, 5746545, True, False),
        ("Germany", 1, 2950159, False, True),
        ("", 1, None, False, False),
    ],
)
def test_resolve_json(
    capsys: pytest.CaptureFixture[str],
    text: str,
    code: int,
    first_id: int | None,
    ambiguous: bool,
    not_a_city: bool,
) -> None:
    assert run("places", "resolve", text, "--json") == code
    payload = json.loads(capsys.readouterr().out)
    jsonschema.validate(payload, RESOLUTION)
    assert payload["query"] == text
    assert payload["ambiguous"] is ambiguous
    assert payload["not_a_city"] is not_a_city
    ids = [c["id"] for c in payload["candidates"]]
    assert (ids[0] if ids else None) == first_id


def test_resolve_batch_answers_one_json_line_per_input_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["NYC", "", "Москва", "Cambridge UK", "Bay Area", "!!!"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert run("places", "resolve", "--batch") == places.EXIT_OK
    out = capsys.readouterr().out.splitlines()
    payloads = [json.loads(line) for line in out]
    assert [p["query"] for p in payloads] == lines
    for payload in payloads:
        jsonschema.validate(payload, RESOLUTION)
    assert payloads[2]["candidates"][0]["id"] == 524901
    assert payloads[3]["candidates"][0]["label"] == "Cambridge, England, GB"
    assert payloads[4]["not_a_city"] is True


def test_autocomplete_lists_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("places", "autocomplete", "Münch", "--limit", "3") == places.EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert out[0].split() == ["2867714", "Munich,", "Bavaria,", "DE"]


def test_autocomplete_json_boost_and_batch(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("places", "autocomplete", "Portland", "--json", "--boost", "4975802") == 0
    payload = json.loads(capsys.readouterr().out)
    jsonschema.validate(payload, CHOICES)
    assert payload["choices"][0] == {"name": "Portland, Maine, US", "value": "4975802"}

    monkeypatch.setattr("sys.stdin", io.StringIO("san f\n\n東\nqqqqzzzzq\n"))
    assert run("places", "autocomplete", "--batch") == 0
    payloads = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [p["prefix"] for p in payloads] == ["san f", "", "東", "qqqqzzzzq"]
    for payload in payloads:
        jsonschema.validate(payload, CHOICES)
    assert payloads[0]["choices"][0]["value"] == "5391959"
    assert len(payloads[1]["choices"]) == 25
    assert payloads[3]["choices"] == []


def test_autocomplete_with_no_match_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("places", "autocomplete", "qqqqzzzzq") == places.EXIT_NOT_FOUND


@pytest.mark.parametrize(
    "argv",
    [
        ("places", "resolve"),
        ("places", "resolve", "x", "--batch"),
        ("places", "autocomplete"),
        ("places",),
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    assert run(*argv) == places.EXIT_USAGE
    assert capsys.readouterr().err


def test_bad_boost_ids_are_a_usage_error() -> None:
    with pytest.raises(SystemExit):
        run("places", "autocomplete", "x", "--boost", "1,two")


def test_batch_loads_the_index_once_for_many_lines() -> None:
    """A real process over a pipe: 300 lines must not take 300 loads."""
    root = Path(__file__).resolve().parents[2]
    script = (
        "import argparse, sys\n"
        "from bot.cli import places\n"
        "p = argparse.ArgumentParser(); s = p.add_subparsers()\n"
        "places.register(s)\n"
        "a = p.parse_args(sys.argv[1:]); sys.exit(a.handler(a))\n"
    )
    lines = ["Portland, OR", "Munchen", "NYC"] * 100
    done = subprocess.run(
        [sys.executable, "-c", script, "places", "resolve", "--batch"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
        check=True,
    )
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == 300
    assert answers[1]["candidates"][0]["id"] == 2867714
