"""``demo``: try Tweetup without Discord, in a browser on this machine.

It starts the local Discord emulator, the real bot logged into it (its own SQLite file
under ``data/demo/``) and a small web client on 127.0.0.1, then prints the address. No
token, no account, no network.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import webbrowser
from pathlib import Path

from bot.cli.common import Subparsers

DEFAULT_PORT = 8765


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="try Tweetup in your browser, no Discord account needed",
        description="Start a local Discord emulator, the real bot logged into it and a small "
        "web client on 127.0.0.1; act as different members, run commands, fast-forward time.",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="web page port (0: any)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--seed", choices=["community"], help="start with 30 members, trips, a poll, a tweetup"
    )
    parser.add_argument("--tour", action="store_true", help="play a scripted story with captions")
    parser.add_argument(
        "--data-dir", type=Path, default=Path("data/demo"), help="where the demo's database lives"
    )
    parser.set_defaults(handler=handle)


def has_desktop() -> bool:
    """Open a browser only where a window can appear: on a server, ``webbrowser`` would
    start a text browser in this terminal instead."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def handle(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=logging.WARNING, format="[%(asctime)s] [%(levelname)-8s] %(name)s: %(message)s"
    )
    try:
        return asyncio.run(serve(args))
    except OSError as error:
        print(f"The demo could not start: {error}", file=sys.stderr)
        return 2


async def serve(args: argparse.Namespace) -> int:
    from emulator.demo.sandbox import Sandbox

    sandbox = Sandbox(args.data_dir)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print("Starting the Discord emulator and the bot…", flush=True)
    started = loop.time()
    try:
        await sandbox.start(port=args.port, seed=args.seed)
        print(f"Ready in {loop.time() - started:.1f} s.", flush=True)
        print(f"Tweetup demo: {sandbox.url}  (Ctrl+C to stop)", flush=True)
        tour = None
        if args.tour:
            from emulator.demo.tour import play

            tour = asyncio.create_task(play(sandbox))
        if not args.no_browser and has_desktop():
            await asyncio.to_thread(webbrowser.open, sandbox.url)
        await stop.wait()
        if tour is not None:
            tour.cancel()
    finally:
        await sandbox.close()
    print("Demo stopped.")
    return 0
