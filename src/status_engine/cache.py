"""A small on-disk cache of derived data, keyed by the content it was derived from.

What is kept here is work a process would otherwise redo on every start and that depends
only on files (the instrumented rule base: about 60 ms of clingo AST walking per process),
as Python keeps ``.pyc`` files.  Entries are JSON (never pickle: nothing here is executed),
named by a SHA-256 of everything they were derived from, so an edited rule file, another
clingo or another version of the deriving code simply misses.  The directory is the
user's cache directory (``platformdirs``), or ``STATUS_ENGINE_CACHE``; ``STATUS_ENGINE_CACHE=off``
turns the cache off.  Any failure to read or write is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional

ENV = "STATUS_ENGINE_CACHE"


def directory() -> Optional[Path]:
    """Where entries live, or ``None`` when the cache is off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("off", "0", "no", "") else Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("status-engine", appauthor=False))


def key(kind: str, parts: Iterable[bytes | str]) -> str:
    """A name for an entry of ``kind`` derived from ``parts`` (file contents, versions)."""
    h = hashlib.sha256(kind.encode())
    for p in parts:
        data = p.encode() if isinstance(p, str) else p
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return f"{kind}-{h.hexdigest()[:40]}"


def load(name: str) -> Optional[Any]:
    """The entry ``name``, or ``None`` (off, absent, unreadable or not JSON)."""
    where = directory()
    if where is None:
        return None
    try:
        return json.loads((where / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(name: str, value: Any) -> None:
    """Write the entry atomically (a reader never sees half of it); failures are ignored."""
    where = directory()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(value, out, separators=(",", ":"))
        os.replace(tmp, where / f"{name}.json")
    except (OSError, TypeError, ValueError):
        Path(tmp).unlink(missing_ok=True)
