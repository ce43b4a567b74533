"""One Raqib per database: a lock file next to the SQLite file, held while serving.

Two bot processes on one database answer every question twice and fire every reminder
twice. `hold(db_path)` takes an exclusive, non-blocking `flock` on `<db>.lock` and keeps it
for the life of the process; the kernel releases it however the process ends (kill -9
included), so a stale lock never blocks a restart. The file holds the holder's pid, so the
second process can say who has it.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

_held: list[IO[str]] = []  # kept open (and locked) until the process ends


class AlreadyRunning(Exception):
    """Another process holds the database; the message says which and where."""


def lock_path(db_path: str | Path) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".lock")


def hold(db_path: str | Path) -> Path | None:
    """Take the database's instance lock for this process (None for ":memory:")."""
    if str(db_path) == ":memory:":
        return None
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the process life
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise AlreadyRunning(
            f"another Raqib (pid {holder}) is already serving {db_path}; stop it first"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    _held.append(handle)
    return path
