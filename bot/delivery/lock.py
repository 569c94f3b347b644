"""One dispatcher per SQLite file: an OS file lock beside the database.

The kernel releases the lock when the process dies (even by SIGKILL), so a restarted bot
takes over at once, and a second bot process on the same file waits as a standby.
PostgreSQL needs no lock: rows are claimed with SKIP LOCKED and several processes share.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url


class DispatchLock:
    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        path = url.database if url.get_backend_name() == "sqlite" else None
        self.path = Path(f"{path}.dispatch.lock") if path and path != ":memory:" else None
        self._file: IO[str] | None = None

    @property
    def needed(self) -> bool:
        return self.path is not None

    def try_acquire(self) -> bool:
        if self.path is None or self._file is not None:
            return True
        handle = open(self.path, "a+")  # noqa: SIM115 - held open for the lock's lifetime
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None
