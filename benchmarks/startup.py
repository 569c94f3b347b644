"""Start-up time and memory of the real bot: ``python -m bot run`` against the local emulator.

    python benchmarks/startup.py           # 1 cold start + 5 warm starts
    python benchmarks/startup.py --quick   # 1 cold start + 2 warm starts

Each start is the bot as an operator runs it (a subprocess configured by the environment,
see ``emulator/runners.py``), timed from spawning the process to its gateway IDENTIFY, after
which the emulator answers READY at once. *Cold* is a first start: a fresh SQLite database
(migrated at start) and an empty ``$XDG_CACHE_HOME``, so nothing a previous run left behind
can help; *warm* starts reuse that database. The bot's modules are compiled to bytecode
first, as installing leaves them (``scripts/_venv.sh`` and the deployment steps, for the
source tree ``python -m bot`` runs from): where ``PYTHONDONTWRITEBYTECODE`` is set, as on the
machine these figures come from, every start would otherwise compile ~240 modules again
(~0.25 s of CPU), a cost an installed bot does not pay. At READY the benchmark reads the process's
``/proc/<pid>/status``: VmRSS (resident memory at READY) and VmHWM (peak resident memory
since the process started), and the CPU time the process used until then (``/proc/<pid>/stat``,
which other processes on a busy machine cannot inflate as they do the wall-clock time).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from emulator.runners import BotConfig, SubprocessBot  # noqa: E402
from emulator.server import Emulator  # noqa: E402


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    found: dict[str, float] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024
    return {"rss_mb": round(found["VmRSS"], 1), "peak_mb": round(found["VmHWM"], 1)}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rpartition(")")[2].split()
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)


async def one_start(emulator: Emulator, bot: SubprocessBot) -> dict[str, float]:
    started = time.perf_counter()
    await bot.start()
    seconds = time.perf_counter() - started
    assert bot.process is not None
    pid = bot.process.pid
    figures = {
        "ready_seconds": round(seconds, 3),
        "cpu_seconds": cpu_seconds(pid),
        **memory_mb(pid),
    }
    await bot.stop()
    errors = bot.logged_errors()
    if errors:
        raise RuntimeError("the bot logged errors:\n" + "\n".join(errors))
    return figures


#: The packages ``python -m bot run`` imports from the source tree.
PACKAGES = ("bot", "cogs", "models", "migrations")


def compile_bytecode() -> None:
    for package in PACKAGES:
        if not compileall.compile_dir(ROOT / package, quiet=1):
            raise RuntimeError(f"{package} does not compile")


async def run(warm_starts: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="tweetup-startup-") as tmp:
        root = Path(tmp)
        config = BotConfig(env={"XDG_CACHE_HOME": str(root / "cache")})
        async with Emulator() as emulator:
            bot = SubprocessBot(
                emulator,
                config,
                data_dir=root / "bot-data",
                database_url=f"sqlite+aiosqlite:///{root / 'bot-data' / 'tweetup.sqlite3'}",
            )
            cold = await one_start(emulator, bot)
            print(f"cold: {cold}", flush=True)
            warm = []
            for _ in range(warm_starts):
                warm.append(await one_start(emulator, bot))
                print(f"warm: {warm[-1]}", flush=True)
    return {"cold": cold, "warm": warm}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two warm starts instead of five")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    compile_bytecode()
    result = asyncio.run(run(2 if args.quick else 5))
    warm = result["warm"]
    summary: dict[str, Any] = {
        "benchmark": "startup",
        "cold_ready_seconds": result["cold"]["ready_seconds"],
        "cold_rss_mb": result["cold"]["rss_mb"],
        "cold_peak_mb": result["cold"]["peak_mb"],
        "cold_cpu_seconds": result["cold"]["cpu_seconds"],
        "warm_ready_seconds": statistics.median(w["ready_seconds"] for w in warm),
        "warm_rss_mb": statistics.median(w["rss_mb"] for w in warm),
        "warm_peak_mb": statistics.median(w["peak_mb"] for w in warm),
        "warm_cpu_seconds": statistics.median(w["cpu_seconds"] for w in warm),
        "warm_starts": len(warm),
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(
        f"start-to-READY: cold {summary['cold_ready_seconds']} s, "
        f"warm {summary['warm_ready_seconds']} s (median of {len(warm)}); CPU time: cold "
        f"{summary['cold_cpu_seconds']} s, warm {summary['warm_cpu_seconds']} s"
    )
    print(
        f"RSS at READY: cold {summary['cold_rss_mb']} MB, warm {summary['warm_rss_mb']} MB; "
        f"peak: cold {summary['cold_peak_mb']} MB, warm {summary['warm_peak_mb']} MB"
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
