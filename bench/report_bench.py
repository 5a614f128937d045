"""Benchmark: the KPI report over a generated 1M-event queue_log.

Prints wall time and peak memory (traced Python allocations) for 250k and 1M events,
to show the time grows with the log while memory stays flat. Figures, no assertions.
Run: .venv/bin/python bench/report_bench.py
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from queue_log_gen import generate

from appliance.reports import Interval, build_report

OUT = Path(__file__).parent / "out"


def measure(path: Path, traced: bool) -> tuple[float, float, int]:
    if traced:
        tracemalloc.start()
    began = time.perf_counter()
    report = build_report([path], by="interval", interval=Interval.hour)
    wall = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
    if traced:
        tracemalloc.stop()
    return wall, peak, report.total.offered or 0


def main() -> None:
    for events in (250_000, 1_000_000):
        path = OUT / f"queue_log_{events}"
        if not path.exists():
            generate(path, events)
        size = path.stat().st_size / 2**20
        wall, _, offered = measure(path, traced=False)
        _, peak, _ = measure(path, traced=True)
        print(
            f"{events:>9,} events ({size:5.1f} MiB, {offered:,} calls): "
            f"report {wall:5.2f} s wall, peak traced memory {peak:5.1f} MiB"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS (whole run, both sizes): {rss:.0f} MiB")


if __name__ == "__main__":
    main()
