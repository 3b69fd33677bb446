"""Load test of the HTTP API (``make bench-web``; never part of ``make test``).

Starts ``status-engine serve`` on 127.0.0.1 (a free port) in a subprocess, waits until it
answers, then sends ``--requests`` POST /v1/evaluate of one scenario (default
``scenarios/kursk-2025-02.yaml``) from ``--clients`` concurrent clients, each answer checked
against the first.  Bounded: loopback only, a fixed count of requests, and the whole run
stops after ``--max-seconds``.  Prints requests per second and latency percentiles.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = str(Path(sys.executable).parent / "status-engine")
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def post(port: int, body: bytes, timeout: float) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("POST", "/v1/evaluate", body=body, headers={"Content-Type": "application/yaml"})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def wait_ready(port: int, proc: subprocess.Popen, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"the server ended with code {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=1)
            conn.request("GET", "/v1/limits")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start in time")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "kursk-2025-02.yaml"))
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--max-seconds", type=float, default=120.0, help="Stop sending after this long.")
    args = ap.parse_args()
    body = Path(args.scenario).read_bytes()
    port = free_port()
    proc = subprocess.Popen([EXE, "serve", "--host", HOST, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_ready(port, proc, 30)
        status, first = post(port, body, 30)  # warm-up, and the reference answer
        if status != 200:
            raise SystemExit(f"the first request answered {status}: {first[:300]!r}")
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        left = [args.requests]
        deadline = time.monotonic() + args.max_seconds

        def client() -> None:
            while True:
                with lock:
                    if left[0] <= 0 or time.monotonic() > deadline:
                        return
                    left[0] -= 1
                t0 = time.perf_counter()
                try:
                    st, out = post(port, body, 30)
                    ok = st == 200 and out == first
                except OSError as exc:
                    ok, st = False, repr(exc)
                dt = time.perf_counter() - t0
                with lock:
                    (latencies.append(dt) if ok else errors.append(str(st)))

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    done = len(latencies)
    if not done:
        raise SystemExit(f"no request succeeded: {errors[:5]}")
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    print(f"POST /v1/evaluate {Path(args.scenario).name}: {done} ok, {len(errors)} failed, "
          f"{args.clients} concurrent clients, {wall:.1f} s")
    print(f"  {done / wall:.1f} requests/s; latency p50 {q[49] * 1000:.0f} ms, p90 {q[89] * 1000:.0f} ms, "
          f"p99 {q[98] * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
