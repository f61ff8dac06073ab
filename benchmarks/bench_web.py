"""Benchmark of the web designer (`astrofab serve`): what a slider and a gallery cost.

Run: python benchmarks/bench_web.py [--latitudes N] [--diameters N] [--workers N]

Starts `astrofab serve` on a free port, waits until its workers are warm, then measures:
1. a slider drag: plate previews for N new latitudes, one after another (each a design the
   server has not drawn): the server's own time from the ``Server-Timing`` header, and the
   time the client waited;
2. a whole instrument's previews, all parts asked for at once as the page's gallery does:
   after a new latitude (only the plate is new: the cache serves the rest) and after each of
   five new diameters (every part is new; the median, since one gallery's time wanders with
   the machine).
Targets (issue 18): median server time of the plate previews <= 60 ms on a 2-core machine; a
whole instrument's previews < 0.5 s. Nothing is asserted; the machine's load is printed.

On a busy machine the times above measure the queue for the processors as much as the work, so
the processor time the server and its workers spent on each step is printed too (from
/proc: user + system time of the server's process tree; 10 ms ticks, so per request it is the
mean over all requests). On an idle machine a request's server time is about that figure: the
work is one process after another, never two at once for one request.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from astrolabe_fab.design import latitude_tag

#: New diameters for the whole instrument's previews (every part drawn anew for each).
DIAMETERS_MM = (173, 181, 167, 159, 191)


def get(url: str) -> tuple[float, float]:
    """Server time (Server-Timing) and client time of one GET, ms."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        timing = response.headers.get("server-timing", "")
    client = (time.perf_counter() - start) * 1000.0
    found = re.search(r"dur=([\d.]+)", timing)
    return (float(found.group(1)) if found else float("nan")), client


def start_server(workers: int | None) -> tuple[subprocess.Popen[str], str]:
    argv = [sys.executable, "-m", "astrolabe_fab", "serve", "--port", "0"]
    if workers:
        argv += ["--workers", str(workers)]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
    if not found:
        process.terminate()
        raise SystemExit("astrofab serve did not start")
    return process, f"http://127.0.0.1:{found.group(1)}"


def tree_cpu_ms(root: int) -> float:
    """User + system time of process ``root`` and all its descendants so far, ms (Linux)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) * 1000.0 / tick
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(found)
        tree |= found
    return sum(times.get(pid, 0.0) for pid in tree)


def part_names(base: str, query: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/api/design?{query}") as response:
        return list(json.loads(response.read())["parts"])


def whole_instrument(base: str, query: str) -> float:
    """Wall time (ms) of every part's preview, asked for at once."""
    names = part_names(base, query)
    start = time.perf_counter()
    with ThreadPoolExecutor(len(names)) as pool:
        list(pool.map(lambda n: get(f"{base}/api/parts/{n}.svg?{query}"), names))
    return (time.perf_counter() - start) * 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latitudes", type=int, default=20)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--diameters", type=int, default=len(DIAMETERS_MM))
    args = parser.parse_args()
    if not 1 <= args.diameters <= len(DIAMETERS_MM):
        parser.error(f"--diameters must be 1 to {len(DIAMETERS_MM)}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    process, base = start_server(args.workers)
    try:
        for _ in range(1200):  # the server warms its workers with the default design
            try:
                with urllib.request.urlopen(f"{base}/api/health") as response:
                    if json.loads(response.read())["ready"]:
                        break
            except OSError:
                pass
            time.sleep(0.1)
        get(f"{base}/api/parts/plate-12.34N.svg?latitude_deg=12.34")  # every worker drew once
        lats = [
            round(-62.0 + 124.0 * k / (args.latitudes - 1) + 0.013, 3)
            for k in range(args.latitudes)
        ]
        server, client = [], []
        cpu_before = tree_cpu_ms(process.pid)
        for lat in lats:
            s, c = get(f"{base}/api/parts/plate-{latitude_tag(lat)}.svg?latitude_deg={lat}")
            server.append(s)
            client.append(c)
        cpu = (tree_cpu_ms(process.pid) - cpu_before) / len(lats)
        print(
            f"plate previews, {len(lats)} new latitudes: server median "
            f"{statistics.median(server):.1f} ms (min {min(server):.1f}, max {max(server):.1f}); "
            f"client median {statistics.median(client):.1f} ms; processor time {cpu:.1f} ms each"
        )
        cpu_before = tree_cpu_ms(process.pid)
        wall = whole_instrument(base, "latitude_deg=47.11")
        cpu = tree_cpu_ms(process.pid) - cpu_before
        print(f"whole instrument (new latitude): {wall:.0f} ms; processor time {cpu:.0f} ms")
        walls, cpus = [], []
        for diameter in DIAMETERS_MM[: args.diameters]:
            cpu_before = tree_cpu_ms(process.pid)
            walls.append(whole_instrument(base, f"latitude_deg=47.11&diameter_mm={diameter}"))
            cpus.append(tree_cpu_ms(process.pid) - cpu_before)
        spread = f"min {min(walls):.0f}, max {max(walls):.0f}"
        print(
            f"whole instrument, {len(walls)} new diameters: median "
            f"{statistics.median(walls):.0f} ms ({spread}); "
            f"processor time median {statistics.median(cpus):.0f} ms"
        )
    finally:
        process.terminate()
        process.wait()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
