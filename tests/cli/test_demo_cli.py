"""``demo`` as a newcomer meets it: suggested when there is no token, clear when it cannot start."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.cli.test_cli import tweetup


def test_run_without_a_token_suggests_the_demo(tmp_path: Path) -> None:
    result = tweetup("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "scripts/run demo" in result.stderr


def test_demo_explains_its_options(tmp_path: Path) -> None:
    result = tweetup("demo", "--help", cwd=tmp_path)
    assert result.returncode == 0
    for option in ("--port", "--no-browser", "--seed", "--tour"):
        assert option in result.stdout


def test_a_busy_port_is_a_clear_message_not_a_traceback(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = tweetup("demo", "--port", str(port), "--no-browser", cwd=tmp_path)
    assert result.returncode == 2
    assert "could not start" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "data").exists()  # nothing was started before the port was taken
