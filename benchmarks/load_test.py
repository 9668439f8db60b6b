"""Bounded loopback load test of the HTTP API: N requests (default 200), C at a time (default 8), the example article.

Starts `spinscope serve` on a free loopback port (or uses `--url` of a server already running on this machine),
waits for /healthz, then POSTs the article to /v1/analyze and prints requests/s, p50/p95/max latency and the error
count; exits 1 if any request failed. The run is bounded in count and time and only ever talks to 127.0.0.1.

    python benchmarks/load_test.py                       # 200 requests, 8 concurrent, all layers, 1 worker
    python benchmarks/load_test.py --workers 2 --layers entities,tone
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kabul-anniversary.txt"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int, layers: str | None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "spinscope.cli", "serve", "--port", str(port), "--workers", str(workers)]
    command += ["--log-level", "warning"] + (["--layers", layers] if layers else [])
    return subprocess.Popen(command, start_new_session=True)


def wait_healthy(base: str, process: subprocess.Popen[bytes] | None, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the server exited with code {process.returncode}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server was not healthy after {timeout:.0f} s")


async def run_load(
    base: str, body: dict[str, str], requests: int, concurrency: int, deadline: float
) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty() and time.perf_counter() < deadline:
            queue.get_nowait()
            t0 = time.perf_counter()
            try:
                response = await client.post(base + "/v1/analyze", json=body)
                if response.status_code != 200:
                    errors.append(f"HTTP {response.status_code}: {response.text[:200]}")
                else:
                    latencies.append(time.perf_counter() - t0)
            except httpx.HTTPError as err:
                errors.append(f"{err.__class__.__name__}: {err}")

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=300, limits=limits) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return latencies, errors, elapsed


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (when it starts one)")
    parser.add_argument("--layers", help="layers the server loads (default: all)")
    parser.add_argument("--url", help="a spinscope server already running on this machine (loopback only)")
    parser.add_argument("--max-seconds", type=float, default=900, help="stop sending after this long")
    args = parser.parse_args()
    if not 0 < args.requests <= 10_000 or not 0 < args.concurrency <= 64:
        parser.error("--requests must be 1..10000 and --concurrency 1..64")

    process = None
    if args.url:
        host = urlsplit(args.url).hostname or ""
        if host not in LOOPBACK:
            parser.error("--url must be a loopback address (127.0.0.1, localhost, ::1)")
        base = args.url.rstrip("/")
    else:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        process = start_server(port, args.workers, args.layers)
    try:
        startup = wait_healthy(base, process, timeout=300)
        layers = httpx.get(base + "/healthz", timeout=5).json()["layers"]
        body = {"text": EXAMPLE.read_text(encoding="utf-8")}
        httpx.post(base + "/v1/analyze", json=body, timeout=300).raise_for_status()  # warm-up, not counted
        deadline = time.perf_counter() + args.max_seconds
        latencies, errors, elapsed = asyncio.run(
            run_load(base, body, args.requests, args.concurrency, deadline)
        )
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)

    done = len(latencies) + len(errors)
    print(f"server: {base}  workers {args.workers}  layers {','.join(layers)}  ready in {startup:.1f} s")
    print(f"article: {EXAMPLE.name} ({len(body['text']):,} characters)")
    print(f"requests {done}/{args.requests}, concurrency {args.concurrency}, errors {len(errors)}")
    if latencies:
        print(
            f"throughput {done / elapsed:.2f} req/s   latency p50 {percentile(latencies, 50) * 1000:.0f} ms"
            f"   p95 {percentile(latencies, 95) * 1000:.0f} ms   max {max(latencies) * 1000:.0f} ms"
        )
    for error in errors[:5]:
        print("error:", error)
    return 0 if not errors and done == args.requests else 1


if __name__ == "__main__":
    sys.exit(main())
