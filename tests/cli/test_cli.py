"""The command line as a user meets it: real subprocesses, real exit codes."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from bot.cli.invite import PERMISSIONS, client_id_from_token

REPO = Path(__file__).resolve().parents[2]


def tweetup(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TWEETUP_", "DISCORD_"))}
    clean["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=clean | (env or {}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_help_lists_every_subcommand(tmp_path: Path) -> None:
    result = tweetup("--help", cwd=tmp_path)
    assert result.returncode == 0
    for name in ("run", "migrate", "sync", "invite", "check-config"):
        assert name in result.stdout


@pytest.mark.parametrize("name", ["run", "migrate", "sync", "invite", "check-config"])
def test_each_subcommand_explains_itself(tmp_path: Path, name: str) -> None:
    result = tweetup(name, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_run_without_a_token_explains_how_to_get_one(tmp_path: Path) -> None:
    started = time.monotonic()
    result = tweetup("run", cwd=tmp_path)
    assert time.monotonic() - started < 5
    assert result.returncode == 2
    assert "DISCORD_TOKEN" in result.stderr
    assert "developers/applications" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_invite_asks_for_exactly_the_needed_permissions(tmp_path: Path) -> None:
    result = tweetup("invite", "--client-id", "123", cwd=tmp_path)
    assert result.returncode == 0
    url = urlparse(result.stdout.strip())
    query = parse_qs(url.query)
    assert url.netloc == "discord.com"
    assert query["client_id"] == ["123"]
    assert query["scope"] == ["bot applications.commands"]
    bits = int(query["permissions"][0])
    administrator = 1 << 3
    assert not bits & administrator
    assert bin(bits).count("1") == len(PERMISSIONS)


def test_invite_without_an_id_says_how_to_find_it(tmp_path: Path) -> None:
    result = tweetup("invite", cwd=tmp_path)
    assert result.returncode == 2
    assert "--client-id" in result.stderr


def test_client_id_is_read_from_a_token() -> None:
    assert client_id_from_token("MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.xyz") == 123456789012345678
    assert client_id_from_token("garbage") is None


def test_check_config_names_the_bad_key(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[defaults]\nradius_km = -3\n")
    result = tweetup("check-config", cwd=tmp_path)
    assert result.returncode == 1
    assert "defaults.radius_km" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_config_accepts_the_example_and_hides_passwords(tmp_path: Path) -> None:
    env = {"TWEETUP_DATABASE__URL": "postgresql://bot:s3cret@db/tweetup", "DISCORD_TOKEN": "tok"}
    result = tweetup(
        "--config", str(REPO / "config.example.toml"), "check-config", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "s3cret" not in result.stdout
    assert "tok" not in result.stdout.replace("DISCORD_TOKEN", "")
    assert "/healthz and /metrics: off; logs: text" in result.stdout


def test_check_config_says_where_health_and_metrics_are_served(tmp_path: Path) -> None:
    env = {"TWEETUP_BOT__METRICS_PORT": "9464", "TWEETUP_BOT__LOG_FORMAT": "json"}
    result = tweetup("check-config", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "/healthz and /metrics: http://127.0.0.1:9464; logs: json" in result.stdout


def test_migrate_creates_the_schema_in_an_empty_file(tmp_path: Path) -> None:
    result = tweetup("migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "migrated from empty" in result.stdout
    database = tmp_path / "data" / "tweetup.sqlite3"
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "guild_settings" in tables
    again = tweetup("migrate", cwd=tmp_path)
    assert "already at revision" in again.stdout


def test_run_without_a_token_names_the_scripts_run_forms(tmp_path: Path) -> None:
    """`python -m bot` and `tweetup` only work inside the virtual environment."""
    result = tweetup("run", cwd=tmp_path)
    assert "scripts/run\n" in result.stderr
    assert "scripts/run invite" in result.stderr
    assert "python -m bot" not in result.stderr
    invite = tweetup("invite", cwd=tmp_path)
    assert "scripts/run invite --client-id ID" in invite.stderr
    assert "tweetup invite" not in invite.stderr


def test_run_without_network_says_so_in_one_line(tmp_path: Path) -> None:
    """A token but no way to reach Discord: one line naming the problem, a non-zero exit."""
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        "DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.xyz",
        "TWEETUP_DISCORD__API_BASE_URL": f"http://127.0.0.1:{port}/api/v10",
        "TWEETUP_DISCORD__GATEWAY_URL": f"ws://127.0.0.1:{port}/gateway",
        "TWEETUP_BOT__DATA_DIR": str(tmp_path / "data"),
    }
    result = tweetup("run", cwd=tmp_path, env=env)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr + result.stdout
    [line] = [line for line in result.stderr.splitlines() if "Discord" in line]
    assert line.startswith(f"Cannot reach Discord at http://127.0.0.1:{port}/api/v10 (")
    others = [line for line in result.stderr.splitlines() if "INFO" not in line]
    assert others == [line], result.stderr


@pytest.mark.parametrize(
    "toml",
    [
        "sociable_hours = [25, 99]",
        "sociable_hours = [22, 11]",
        "reminder_lead_times_minutes = [-60]",
    ],
)
def test_check_config_refuses_values_that_would_crash_later(tmp_path: Path, toml: str) -> None:
    (tmp_path / "config.toml").write_text(f"[defaults]\n{toml}\n")
    result = tweetup("check-config", cwd=tmp_path)
    assert result.returncode == 1
    assert "defaults." in result.stderr


@pytest.mark.parametrize("command", ["check-config", "run"])
def test_some_shards_on_sqlite_are_refused_before_starting(tmp_path: Path, command: str) -> None:
    """Shards 0-1 of 6: other processes run the rest, and a SQLite file cannot be shared."""
    env = {
        "TWEETUP_BOT__SHARD_COUNT": "6",
        "TWEETUP_BOT__SHARD_IDS": "0-1",
        "DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.xyz",
    }
    result = tweetup(command, cwd=tmp_path, env=env)
    assert result.returncode in (1, 2)
    assert "PostgreSQL" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()  # refused before migrating anything


def test_check_config_shows_the_shards_of_this_process(tmp_path: Path) -> None:
    env = {
        "TWEETUP_BOT__SHARD_COUNT": "6",
        "TWEETUP_BOT__SHARD_IDS": "4-5",
        "TWEETUP_DATABASE__URL": "postgresql://bot@db/tweetup",
    }
    result = tweetup("check-config", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "shards: [4, 5] of 6" in result.stdout
