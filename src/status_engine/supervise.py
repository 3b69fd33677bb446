"""A watchdog for one command run from the command line: Ctrl-C and --timeout always end it.

Python handles Ctrl-C (SIGINT) between bytecodes, and a budget is checked between
solver slices; neither can happen while clingo grounds or prepares a large program,
which can take minutes.  clingo releases the interpreter lock while it works, so a
watchdog thread can still act:

* Ctrl-C: the signal handler writes to a wake-up socket; if the command has not ended
  half a second later (KeyboardInterrupt not yet seen), the watchdog prints "interrupted"
  and ends the process with exit code 130;
* --timeout: if the command is still running half a second after its budget (counted from
  the start, so reading and grounding are included), the watchdog prints the timeout
  message and ends the process with exit code 1;
* --max-memory: the process's resident memory is read five times a second; above the
  limit, the watchdog prints a message and ends the process with exit code 1.  (An
  address-space rlimit would make some allocation inside clingo or the C library fail,
  and some of those abort the process without a word.)

Nothing has been written by then (outputs are written once everything is computed);
a temporary file next to an output would be left behind, never a half-written output.
Only ``status-engine`` itself arms the watchdog (``cli.main``), never a test runner
calling the commands in-process.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import sys
import threading
import time
from typing import Optional

GRACE = 0.5  # seconds left to the orderly paths (KeyboardInterrupt, the solver's own deadline)
THREAD = "status-engine-watchdog"  # its name: the one thread a process may have and still fork


class Supervisor:
    def __init__(self, budget: Optional[float], memory: Optional[int] = None):
        self.start = time.monotonic()
        self.budget = budget
        self.memory = memory
        self.done = threading.Event()
        self.old_fd: Optional[int] = None
        self.rsock = self.wsock = None
        if threading.current_thread() is threading.main_thread():
            self.rsock, self.wsock = socket.socketpair()
            self.rsock.setblocking(False)
            self.wsock.setblocking(False)
            try:
                self.old_fd = signal.set_wakeup_fd(self.wsock.fileno(), warn_on_full_buffer=False)
            except ValueError:
                self.rsock.close()
                self.wsock.close()
                self.rsock = self.wsock = None
        if self.rsock is None and budget is None and memory is None:
            return
        self.thread = threading.Thread(target=self._watch, name=THREAD, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        interrupted_at: Optional[float] = None
        end = None if self.budget is None else self.start + self.budget + GRACE
        while not self.done.is_set():
            now = time.monotonic()
            waits = [0.2 if self.memory else 0.5]
            if end is not None:
                waits.append(max(0.0, end - now))
            if interrupted_at is not None:
                waits.append(max(0.0, interrupted_at + GRACE - now))
            if self.rsock is not None:
                try:
                    ready, _, _ = select.select([self.rsock], [], [], min(waits))
                except (OSError, ValueError):  # closed by stop(): the command has ended
                    return
                if ready:
                    try:
                        data = self.rsock.recv(64)
                    except OSError:
                        data = b""
                    if bytes([signal.SIGINT]) in data and interrupted_at is None:
                        interrupted_at = time.monotonic()
            else:
                self.done.wait(min(waits))
            if self.done.is_set():
                return
            now = time.monotonic()
            if interrupted_at is not None and now >= interrupted_at + GRACE:
                self._end("interrupted", 130)
            if self.memory is not None and resident() > self.memory:
                self._end(f"error: the evaluation needs more memory than --max-memory allows "
                          f"({self.memory:,} bytes)\n"
                          "  raise --max-memory, or pin some unknown facts or positions", 1)
            if end is not None and now >= end:
                self._end(f"error: evaluation timed out after {self.budget:g} s\n"
                          "  raise --timeout, or pin some unknown facts or positions", 1)

    def _end(self, message: str, code: int) -> None:
        if self.done.is_set():
            return
        try:
            sys.stderr.write(message + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        os._exit(code)

    def stop(self) -> None:
        self.done.set()
        if self.rsock is not None:
            try:
                signal.set_wakeup_fd(self.old_fd if self.old_fd is not None else -1)
            except ValueError:
                pass
            self.rsock.close()
            if self.wsock is not None:
                self.wsock.close()


def resident() -> int:
    """Resident memory of this process in bytes (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
