"""``python -m bot``: the command line."""

import gc

# Off while the command starts: nearly everything allocated now lives as long as the process,
# so the collector's passes over it would find nothing (~0.25 s of CPU at a bot's start).
# ``run`` turns it back on once connected (bot.cli.run.resume_collection), every other
# command as soon as its arguments are read (bot.cli.main).
gc.disable()

from bot.cli.main import main  # noqa: E402 - after the collector is paused

raise SystemExit(main())
