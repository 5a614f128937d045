"""Benchmark: how fast AMI events reach the monitor's snapshot, and what a snapshot costs.

Against a running lab with a profile applied (its Asterisk is real):
  - event latency: a second AMI connection pauses / unpauses an agent (QueuePause); the
    time from sending the action until `Monitor.snapshot()` shows the new state;
  - snapshot(): the cost of one fold of everything the probes hold (the dashboard calls it
    every poll);
  - startup: from start() until the first full state (what `tamas status` waits for).
Figures, no assertions.

Run: .venv/bin/python bench/monitor_bench.py PROFILE [--lab NAME] [--rounds 20]
(the profile applied to that lab, e.g. after `tamas apply PROFILE --target lab`)
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from appliance.monitor.ami.client import AmiConnection
from appliance.monitor.monitor import Monitor
from provision.cli.monitor_access import plan_for


def _state(monitor: Monitor, queue: str, interface: str) -> str:
    for q in monitor.snapshot().queues:
        if q.name == queue:
            return next((m.state for m in q.members if m.interface == interface), "")
    return ""


async def _until(monitor: Monitor, queue: str, interface: str, want: str) -> None:
    while _state(monitor, queue, interface) != want:
        await asyncio.sleep(0.001)


async def run(profile: Path, lab: str | None, rounds: int) -> None:
    plan = plan_for(profile, "lab", lab)
    monitor = plan.monitor()
    began = time.perf_counter()
    await monitor.start()
    await monitor.wait_ready(10)
    startup = time.perf_counter() - began
    assert plan.ami is not None
    first = monitor.snapshot().queues[0]
    queue, interface = first.name, first.members[0].interface
    other = await AmiConnection.open(plan.ami.host, plan.ami.port, lambda _m: None)
    await other.login(plan.ami.username, plan.ami.secret)
    before = _state(monitor, queue, interface)
    latencies = []
    try:
        for n in range(rounds):
            paused = n % 2 == 0
            sent = time.perf_counter()
            await other.action("QueuePause", {"Queue": queue, "Interface": interface,
                                              "Paused": str(paused).lower(),
                                              "Reason": "bench"})
            await asyncio.wait_for(
                _until(monitor, queue, interface, "paused" if paused else before), 5)
            latencies.append((time.perf_counter() - sent) * 1000)
        if rounds % 2:
            await other.action("QueuePause", {"Queue": queue, "Interface": interface,
                                              "Paused": "false"})
        folds = 2000
        t0 = time.perf_counter()
        for _ in range(folds):
            monitor.snapshot()
        fold_us = (time.perf_counter() - t0) / folds * 1e6
    finally:
        await other.close()
        await monitor.stop()
        plan.close()
    print(f"{plan.target}: {len(monitor.snapshot().queues)} queue(s),"
          f" {len(monitor.snapshot().endpoints)} endpoints")
    print(f"startup to first full state: {startup * 1000:.0f} ms")
    print(f"QueuePause -> snapshot shows it, {rounds} rounds: median"
          f" {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms")
    print(f"snapshot(): {fold_us:.0f} µs per call")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--lab", default=None)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(run(args.profile, args.lab, args.rounds))


if __name__ == "__main__":
    main()
