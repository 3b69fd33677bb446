"""One way to write a file, for every command that writes one.

``check(path, option)`` looks at an output path and refuses, before anything is written,
what cannot or must not be written: a missing or read-only directory, a read-only
file, a directory.  ``Target.write(text)`` then writes it:

* a regular file is replaced atomically: a temporary file in the same directory,
  flushed to disk, renamed over the old one; the old file's mode, owner (where this
  user may set it) and line endings (CRLF) are kept.  A file with several hard links
  is rewritten in place instead, so that every link sees the new text;
* a symbolic link is written through: its final target is replaced, the link stays;
* a device, a FIFO or ``-`` (standard output) is written in place, never replaced.

Commands check every output path first (``check_all``), compute every text, and only
then write: a bad second path never leaves the first one written.  An operating-system
failure (disk full, permission) becomes an ``OutputError``: one line naming the path,
exit code 1, no traceback.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass
from typing import Iterable, Optional

from .errors import StatusEngineError


class OutputError(StatusEngineError, OSError):
    """An output cannot be written: the path and the reason, in one line (exit 1).

    Also an ``OSError``, so that callers of the library that catch OS failures still do.
    """

    exit_code = 1


def describe(exc: OSError) -> str:
    """``No space left on device`` rather than ``[Errno 28] ...``."""
    return exc.strerror or str(exc)


@dataclass(frozen=True)
class Target:
    """A checked output path: where the bytes go and how."""

    path: str  # as the user wrote it (messages name it)
    option: str  # the option that named it (--output, --junit...)
    real: str  # the file actually written (a symlink's final target), or "-"
    kind: str  # "stdout", "special", "regular", "linked" (several hard links) or "new"

    def write(self, text: str) -> None:
        """Write ``text`` (UTF-8); an OS failure is an ``OutputError`` naming the path."""
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate cannot stop a write
        try:
            if self.kind == "stdout":
                sys.stdout.write(text)
                sys.stdout.flush()
            elif self.kind == "special":
                with open(self.real, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
            elif self.kind == "linked":
                data = _with_line_endings(text, self.real).encode("utf-8")
                with open(self.real, "r+b") as fh:
                    fh.write(data)
                    fh.truncate()
                    fh.flush()
                    os.fsync(fh.fileno())
            else:
                _replace(self.real, _with_line_endings(text, self.real) if self.kind == "regular" else text,
                         self.kind == "regular")
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {describe(exc)}") from None


def check(path: str, option: str = "output") -> Target:
    """Refuse an output path that cannot be written, before anything is written."""
    if path == "-":
        return Target(path, option, "-", "stdout")
    if path == "":
        raise OutputError(f"{option}: an empty file name")
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"{option} {path}: {describe(exc)}") from None
    if st is None:
        parent = os.path.dirname(real) or "."
        if not os.path.isdir(parent):
            raise OutputError(f"{option} {path}: the directory {parent} does not exist")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise OutputError(f"{option} {path}: the directory {parent} is not writable")
        return Target(path, option, real, "new")
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{option} {path}: is a directory (expected a file name)")
    if not stat.S_ISREG(st.st_mode):
        return Target(path, option, real, "special")
    # Root may write anything; a file without any write permission is still meant to stay as it is.
    if not st.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise OutputError(f"{option} {path}: the file is read-only; not overwritten "
                          "(make it writable or choose another name)")
    if st.st_nlink > 1:
        return Target(path, option, real, "linked")
    parent = os.path.dirname(real) or "."
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{option} {path}: the directory {parent} is not writable "
                          "(the file is replaced through a temporary file next to it)")
    return Target(path, option, real, "regular")


def check_all(paths: Iterable[tuple[Optional[str], str]]) -> list[Optional[Target]]:
    """``check`` each (path, option); ``None`` paths stay ``None``. Raises on the first bad one."""
    return [None if p is None else check(p, option) for p, option in paths]


def signature(path: str) -> tuple[int, int, int, int]:
    """What changes when a file is rewritten (size, modification time, inode, device)."""
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


def write_text(path: str, text: str, option: str = "output") -> None:
    """Check then write one output (for callers with a single output)."""
    check(path, option).write(text)


_LONE_LF = re.compile(r"(?<!\r)\n")


def _with_line_endings(text: str, real: str) -> str:
    """Keep a CRLF file CRLF: judged by the old file's first line end."""
    try:
        with open(real, "rb") as fh:
            head = fh.read(65536)
    except OSError:
        return text
    nl = head.find(b"\n")
    if nl > 0 and head[nl - 1:nl] == b"\r":
        return _LONE_LF.sub("\r\n", text)
    return text


def _replace(real: str, text: str, existing: bool) -> None:
    parent = os.path.dirname(real) or "."
    old = os.stat(real) if existing else None
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            try:
                os.chown(tmp, old.st_uid, old.st_gid)
            except OSError:  # only root may give a file away; the mode is kept regardless
                pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # what open() would have created
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # the rename itself is durable once the directory is synced
        dfd = os.open(parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
