"""The monitor against the lab's real Asterisk: a caller waiting in the queue shows up,
`tamas status` reports the applied office, and AMI dropping is shown and recovered."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from appliance.assets import hardware_dir
from appliance.monitor.monitor import Monitor
from appliance.profile import load_profile
from appliance.secrets import secrets_for
from provision.cli.monitor_access import plan_for
from provision.lab import Lab

from .callcenter_lab import alaw_tone
from .conftest import SIPP_DIR, SippResult, run_sipp, tamas

pytestmark = pytest.mark.lab
DID = "02188776655"  # shop.yaml's city line


@dataclass
class Monitored:
    lab: Lab
    profile: Path
    workdir: Path

    def call_async(self, caller: str, hold_ms: int) -> Callable[[], SippResult]:
        """A caller from the city line's provider; no agent phone is registered, so the
        caller waits in the queue for `hold_ms` and hangs up."""
        out: list[SippResult] = []
        local = self.lab.addresses.provider(0)

        def call() -> None:
            out.append(run_sipp(
                SIPP_DIR / "callcenter" / "caller_hold.xml", local=local,
                remote=f"{self.lab.addresses.appliance}:5060", timeout_s=hold_ms // 1000 + 40,
                workdir=self.workdir,
                extra=("-s", DID, "-key", "caller", caller, "-d", str(hold_ms),
                       "-mi", local, "-mp", "7010")))

        thread = threading.Thread(target=call)
        thread.start()

        def join() -> SippResult:
            thread.join()
            return out[0]

        return join

    def monitor(self) -> Monitor:
        return plan_for(self.profile, "lab", self.lab.name).monitor()


@pytest.fixture(scope="module")
def monitored(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Monitored:
    """shop.yaml, always open and with a short IVR, applied to the lab."""
    folder = tmp_path_factory.mktemp("monitor")
    (folder / "tone.alaw").write_bytes(alaw_tone())  # the callers' audio (rtp_stream)
    data = yaml.safe_load((hardware_dir() / "examples" / "shop.yaml").read_text())
    data["office"].update(business_hours=[], holidays=[])
    data["ivr"]["timeout_s"] = 1
    path = folder / "shop.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    secrets_for(load_profile(path), path)
    tamas("apply", str(path), "--target", "lab", "--lab", lab.name)
    lab.asterisk_ready(timeout=60)
    return Monitored(lab, path, folder)


async def _until(check: Callable[[], bool], timeout: float) -> float:
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not seen within {timeout} s")
        await asyncio.sleep(0.02)
    return time.monotonic() - start


def test_status_reports_the_applied_office(monitored: Monitored) -> None:
    done = tamas("status", str(monitored.profile), "--target", "lab", "--lab",
                 monitored.lab.name, "--json")
    snap = json.loads(done.stdout)
    assert {s["name"]: s["connected"] for s in snap["sources"]} == {
        "ami": True, "host": True, "router": True}
    [support] = snap["queues"]
    assert {m["name"] for m in support["members"]} == {"Sara", "Reza", "Mina"}
    assert snap["lines"][0]["name"] == "city" and snap["lines"][0]["limit"] == 4
    assert snap["host"]["asterisk"]["pid"] > 0
    assert snap["router"]["reachable"] and snap["router"]["board"] == "hAP lite"
    table = tamas("status", str(monitored.profile), "--target", "lab", "--lab",
                  monitored.lab.name).stdout
    assert "support" in table and "Sara" in table


async def test_a_waiting_caller_appears_and_leaves(monitored: Monitored) -> None:
    monitor = monitored.monitor()
    await monitor.start()
    try:
        await monitor.wait_ready(10)
        assert monitor.snapshot().queues[0].waiting == 0
        join = monitored.call_async("09120000101", hold_ms=8000)
        seen = await _until(lambda: monitor.snapshot().queues[0].waiting == 1, 20)
        queue = monitor.snapshot().queues[0]
        assert queue.name == "support"
        calls = monitor.snapshot().calls
        assert any(c.caller == "09120000101" for c in calls)
        await asyncio.to_thread(join)
        await _until(lambda: monitor.snapshot().queues[0].waiting == 0, 10)
        print(f"caller seen waiting {seen:.2f} s after SIPp started (IVR 1 s first)")
    finally:
        await monitor.stop()


async def test_ami_drop_is_shown_and_recovered(monitored: Monitored) -> None:
    lab = monitored.lab
    monitor = monitored.monitor()
    await monitor.start()
    try:
        await monitor.wait_ready(10)
        lab.exec(["asterisk", "-rx", "core stop now"])
        await _until(lambda: not monitor.snapshot().source("ami").connected, 15)  # type: ignore[union-attr]
        snap = monitor.snapshot()
        codes = {a.code for a in snap.alerts}
        assert "ami-down" in codes
        await _until(lambda: any(a.code == "asterisk-not-running"
                                 for a in monitor.snapshot().alerts), 10)
        lab.exec(["service", "asterisk", "start"])
        lab.asterisk_ready(timeout=60)
        recovered = await _until(lambda: monitor.snapshot().source("ami").connected, 30)  # type: ignore[union-attr]
        print(f"AMI reconnected {recovered:.1f} s after Asterisk was fully booted")
        assert monitor.snapshot().queues[0].name == "support"
    finally:
        await monitor.stop()
        if lab.exec(["asterisk", "-rx", "core show uptime"]).returncode != 0:
            lab.exec(["service", "asterisk", "start"])
            lab.asterisk_ready(timeout=60)
