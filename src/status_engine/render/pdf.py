"""The briefing as PDF: the HTML briefing printed by headless Chromium.

Chromium already lays the briefing out for print (its ``@media print`` rules); a second
layout engine would print a different document.  It runs as a subprocess, in a temporary
directory that holds the page, a throw-away profile and the PDF, with a time limit; on
expiry its whole process group is ended.  No network is needed: the page is self-contained.

Which browser: ``$STATUS_ENGINE_CHROMIUM`` when set, else the first of ``chromium``,
``chromium-browser``, ``google-chrome`` on the PATH.  Without one, ``PdfUnavailable``
says how to install it (exit 2 on the command line, 503 from the server).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Optional

from ..errors import EvaluationError, StatusEngineError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ENV = "STATUS_ENGINE_CHROMIUM"
TIMEOUT = 120.0  # seconds Chromium may take to print one briefing (Kursk takes a few)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
         "--no-pdf-header-footer", "--hide-scrollbars")


class PdfUnavailable(StatusEngineError):
    """No Chromium to print with: a missing tool, not a bad scenario (exit 2, as bad usage)."""

    exit_code = 2


def chromium() -> str:
    """The browser to print with, or ``PdfUnavailable`` saying how to get one."""
    chosen = os.environ.get(ENV)
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise PdfUnavailable(f"PDF export needs Chromium: {ENV}={chosen} is not an executable program")
        return found
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfUnavailable("PDF export needs Chromium, and none was found on the PATH (install the Debian package "
                         "`chromium`, or set STATUS_ENGINE_CHROMIUM to the browser); the HTML and Markdown "
                         "briefings need nothing more")


def html_to_pdf(html: str, timeout: Optional[float] = TIMEOUT) -> bytes:
    """``html`` (one self-contained page) printed to PDF by headless Chromium, A4 as the page's CSS says."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="status-engine-pdf-") as tmp:
        page, out = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [browser, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}", page.as_uri()]
        err = _run(cmd, timeout)
        data = out.read_bytes() if out.exists() else b""
    if not data.startswith(b"%PDF"):
        tail = [line for line in err.splitlines() if line.strip()][-3:]
        raise EvaluationError("Chromium did not print the briefing to PDF", tail)
    return data


def _run(cmd: list[str], timeout: Optional[float]) -> str:
    """Run Chromium; its standard error as text. Past ``timeout`` its process group is ended."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise EvaluationError(f"printing the briefing to PDF timed out after {timeout:g} s") from None
    except BaseException:  # Ctrl-C: no browser left behind
        _kill(proc)
        raise
    return err.decode("utf-8", "replace")


def _kill(proc: "subprocess.Popen[Any]") -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def write(target: Any, data: bytes) -> None:
    """Write PDF bytes to a checked ``files.Target``: standard output, or the file replaced atomically."""
    from ..files import OutputError, describe

    try:
        if target.kind == "stdout":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        elif target.kind in ("special", "linked"):
            with open(target.real, "wb") as fh:
                fh.write(data)
        else:
            fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target.real)}.", suffix=".tmp",
                                       dir=os.path.dirname(target.real) or ".")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                if target.kind == "regular":
                    shutil.copymode(target.real, tmp)
                else:
                    umask = os.umask(0)
                    os.umask(umask)
                    os.chmod(tmp, 0o666 & ~umask)
                os.replace(tmp, target.real)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
    except OSError as exc:
        raise OutputError(f"cannot write {target.path}: {describe(exc)}") from None
