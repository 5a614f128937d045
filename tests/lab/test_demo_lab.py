"""The README's demo, step by step as `make demo` runs it, on a lab of its own
(`$TAMAS_LAB-demo`): lab up, apply the example office (the demo's always-open copy),
`tamas lab traffic`; then `tamas status --json` and `tamas report --format json` must
show a call center at work: the line registered to the simulated provider, calls
answered, surveys taken. CI runs this test instead of `make demo` itself (same commands).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from appliance.assets import hardware_dir
from provision.lab import Lab
from provision.lab.processes import alive
from provision.lab.traffic.files import read_pids

from .conftest import lab_unavailable, tamas

pytestmark = pytest.mark.lab


def demo_profile(folder: Path) -> Path:
    """What the Makefile's demo copy is: shop.yaml with no business hours or holidays."""
    data = yaml.safe_load((hardware_dir() / "examples" / "shop.yaml").read_text())
    data["office"].update(business_hours=[], holidays=[])
    path = folder / "office.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    reason = lab_unavailable()
    if reason:
        pytest.skip(reason)
    name = (os.environ.get("TAMAS_LAB") or "test") + "-demo"
    profile = demo_profile(tmp_path_factory.mktemp("demo"))
    tamas("lab", "--name", name, "up")
    try:
        yield name, profile
    finally:
        tamas("lab", "--name", name, "down", check=False)


def wait_for(check: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(2)
    raise AssertionError(f"waited {timeout:g} s for {what}")


def status(name: str, profile: Path) -> dict:
    done = tamas("status", str(profile), "--target", "lab", "--lab", name, "--json")
    return json.loads(done.stdout)


def test_the_demo_shows_a_call_center_at_work(demo: tuple[str, Path]) -> None:
    name, profile = demo
    since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M")  # the report counts only this run
    tamas("apply", str(profile), "--target", "lab", "--lab", name)
    lab = Lab.named(name)
    # No --profile: the traffic plays the profile last applied to the lab, as in the demo.
    tamas("lab", "--name", name, "traffic", "--calls-per-hour", "240", "--duration", "10",
          "--wait", "0")
    try:
        first = status(name, profile)
        assert [(line["name"], line["registration"]) for line in first["lines"]] == [
            ("city", "registered")]

        def answered() -> int:
            [support] = status(name, profile)["queues"]
            return support["today"]["answered"]

        wait_for(lambda: answered() >= 1, 150, "a call answered by a simulated agent")

        def report() -> dict:
            done = tamas("report", "--target", "lab", "--lab", name, "--format", "json",
                         "--from", since)
            return json.loads(done.stdout)["total"]

        # An agent hangs up after 20-50 s; the caller then scores the call.
        total = wait_for(lambda: (t := report())["csat_responses"] >= 1 and t, 180,
                         "a survey answered after an agent hung up")
        assert isinstance(total, dict)
        assert total["offered"] > 0 and total["answered"] > 0
        assert 2 <= total["csat_mean"] <= 5  # the simulated callers score 2 to 5
    finally:
        pids = read_pids(lab.state / "traffic" / "sipp.pids")
        tamas("lab", "--name", name, "traffic", "--stop")
    assert pids and not any(alive(pid) for pid in pids)  # every SIPp it started is gone
    assert lab.status().traffic_pid is None
