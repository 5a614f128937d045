"""How fast is planning? Prints figures; asserts nothing (speed goals live here, not in tests).

Run: .venv/bin/python bench/plan_bench.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from appliance.plan import plan
from appliance.plan.erlang import agents_for_service_level, lines_for_blocking
from appliance.plan.erlang_a import agents_erlang_a
from appliance.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]


def timed(label: str, work: Callable[[], object], repeat: int = 20) -> None:
    work()  # warm caches (catalogue, imports)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        runs.append(time.perf_counter() - start)
    print(f"{label:<58} median {statistics.median(runs) * 1000:8.3f} ms"
          f"  max {max(runs) * 1000:8.3f} ms  -> {result}")


def main() -> None:
    # 9600 calls/h x 180 s = 480 Erlangs: about 500 agents.
    timed("Erlang C: agents for 480 E, 80 % in 20 s",
          lambda: agents_for_service_level(480, 180, 80, 20))
    timed("Erlang A: agents for 480 E, patience 120 s",
          lambda: agents_erlang_a(9600, 180, 120, 80, 20).agents)
    timed("Erlang A: agents for 480 E, patience 1800 s",
          lambda: agents_erlang_a(9600, 180, 1800, 80, 20).agents)
    timed("Erlang B: lines for 500 E at 1 % blocking",
          lambda: lines_for_blocking(500, 0.01))
    profile = load_profile(ROOT / "hardware_profiles/examples/blended-center.yaml")
    timed("whole plan of blended-center.yaml (30 agents)",
          lambda: len(plan(profile).findings))
    timed("load + plan of blended-center.yaml",
          lambda: len(plan(load_profile(ROOT / "hardware_profiles/examples/blended-center.yaml"))
                      .findings), repeat=10)


if __name__ == "__main__":
    main()
