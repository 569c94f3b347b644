"""A wrong token is told plainly, in one line, with no traceback."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from emulator.server import Emulator

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]


async def test_a_rejected_token_exits_2_with_one_line(
    discord_emulator: Emulator, tmp_path: Path, sqlite_database_url: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWEETUP_", "DISCORD_"))}
    env.update(
        {
            "DISCORD_TOKEN": "MTIz.not-the.right-token",
            "TWEETUP_DISCORD__API_BASE_URL": discord_emulator.api_base_url,
            "TWEETUP_DISCORD__GATEWAY_URL": discord_emulator.gateway_url,
            "TWEETUP_DATABASE__URL": sqlite_database_url,
            "TWEETUP_BOT__DATA_DIR": str(tmp_path),
            "PYTHONPATH": str(REPO),
        }
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    errors = stderr.decode()
    assert "Discord rejected the token in DISCORD_TOKEN" in errors
    assert "Traceback" not in errors + stdout.decode()
    assert "alembic" not in errors  # start-up is quiet: only what an operator needs
    [problem] = [v for v in discord_emulator.take_violations() if v.kind == "auth"][:1]
    assert problem.route == "GET /users/@me"
