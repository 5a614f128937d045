"""The monitor service: AMI replayed from the lab's recording, the RouterOS simulator,
and this machine's own host figures."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from appliance.errors import AmiError
from appliance.monitor.host import HostProbe
from appliance.monitor.monitor import AmiAccess, Monitor
from appliance.monitor.router import RouterAccess, RouterProbe, parse_uptime
from appliance.monitor.watch import watch_for
from provision.lab.routeros_sim import Simulator, SimulatorOptions
from tests.fixtures.ami.replay import ReplayServer, load_transcript
from tests.unit.router_helpers import shop


@pytest.fixture
async def replay() -> AsyncIterator[tuple[ReplayServer, int]]:
    server = ReplayServer(load_transcript("queue_call.ami"))
    port = await server.start()
    yield server, port
    await server.stop()


async def _until(check, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def test_connects_loads_state_and_follows_events(
        replay: tuple[ReplayServer, int]) -> None:
    server, port = replay
    monitor = Monitor(watch_for(shop()), AmiAccess("127.0.0.1", port, "tamas", "pw"), None, None)
    await monitor.start()
    try:
        await monitor.wait_ready(5)
        snap = monitor.snapshot()
        assert snap.source("ami") is not None and snap.source("ami").connected  # type: ignore[union-attr]
        assert snap.queues[0].waiting == 1  # the caller who joined right after the lists
        assert [m["Action"] for m in server.received][:2] == ["Login", "QueueStatus"]
        login = server.received[0]
        assert (login["Username"], login["Secret"], login["Events"]) == ("tamas", "pw", "on")
        await monitor.pause_member(None, "PJSIP/101", "lunch")
        sara = next(m for m in monitor.snapshot().queues[0].members if m.name == "Sara")
        assert (sara.state, sara.paused_reason) == ("paused", "lunch")
        with pytest.raises(AmiError, match="QueueRemove PJSIP/101 in queue support: Member not"):
            await monitor.remove_member("support", "PJSIP/101")
        # Logging out from every queue (the dashboard's `l`) says why before asking Asterisk.
        asked = len(server.received)
        with pytest.raises(AmiError, match=r"PJSIP/101 is a static member of support .*"
                           r"cannot be logged out; pause them instead"):
            await monitor.remove_member(None, "PJSIP/101")
        assert len(server.received) == asked
    finally:
        await monitor.stop()


async def test_marks_ami_down_and_reconnects_by_itself(
        replay: tuple[ReplayServer, int]) -> None:
    server, port = replay
    monitor = Monitor(watch_for(shop()), AmiAccess("127.0.0.1", port, "tamas", "pw"), None, None)
    await monitor.start()
    try:
        await monitor.wait_ready(5)
        server.accept = False
        await server.drop()
        await _until(lambda: not monitor.snapshot().source("ami").connected)  # type: ignore[union-attr]
        snap = monitor.snapshot()
        assert "AMI" in snap.source("ami").error  # type: ignore[union-attr]
        assert any(a.code == "ami-down" for a in snap.alerts)
        assert snap.queues[0].waiting == 1  # the last known state stays on screen
        with pytest.raises(AmiError, match="not connected"):
            await monitor.unpause_member(None, "PJSIP/101")
        server.reset()
        server.accept = True
        await _until(lambda: monitor.snapshot().source("ami").connected, 10)  # type: ignore[union-attr]
        assert monitor.ami is not None and monitor.ami.reconnects >= 1
    finally:
        await monitor.stop()


async def test_wrong_ami_password_is_reported_not_retried_silently() -> None:
    server = ReplayServer([])  # answers every action, Login too, with an error
    port = await server.start()
    monitor = Monitor(watch_for(shop()), AmiAccess("127.0.0.1", port, "tamas", "bad-pw"),
                      None, None)
    await monitor.start()
    try:
        await _until(lambda: "refused" in monitor.snapshot().source("ami").error)  # type: ignore[union-attr]
        assert "bad-pw" not in monitor.snapshot().model_dump_json()
    finally:
        await monitor.stop()
        await server.stop()


async def test_a_new_ami_secret_is_read_again_after_a_refused_login() -> None:
    server = ReplayServer(load_transcript("queue_call.ami"), secret="new-secret")
    port = await server.start()
    current = {"secret": "old-secret"}

    def reread() -> AmiAccess:  # what manager.conf says now
        return AmiAccess("127.0.0.1", port, "tamas", current["secret"])

    monitor = Monitor(watch_for(shop()), AmiAccess("127.0.0.1", port, "tamas", "old-secret",
                                                   reread=reread), None, None)
    await monitor.start()
    try:
        await _until(lambda: "Authentication failed" in monitor.snapshot().source("ami").error)  # type: ignore[union-attr]
        current["secret"] = "new-secret"  # a re-apply wrote a new secret
        await _until(lambda: monitor.snapshot().source("ami").connected, 10)  # type: ignore[union-attr]
        assert "new-secret" not in repr(monitor.ami) + monitor.snapshot().model_dump_json()
    finally:
        await monitor.stop()
        await server.stop()


def test_host_probe_reads_this_machine(tmp_path: Path) -> None:
    probe = HostProbe(root=tmp_path, recordings=tmp_path / "not" / "yet")
    host = probe.read()
    assert 0 <= host.cpu_percent <= 100 and 0 < host.memory_percent < 100
    assert host.disk_path == str(tmp_path)  # the folder's nearest existing parent
    assert host.disk_free_bytes > 0
    assert host.asterisk is None  # no Asterisk runs inside this empty root


def test_router_probe_against_the_simulator() -> None:
    with Simulator(SimulatorOptions(routeros=7, password="pw")) as sim:
        host, port = sim.address
        probe = RouterProbe(RouterAccess(host, port, "admin", "pw", "ether1"))
        router = probe.read()
        assert router.reachable and probe.source.connected
        assert router.board == "hAP lite" and router.cpu_percent == 3.0
        assert router.memory_percent == pytest.approx(33.3, abs=0.1)
        assert router.uptime_s is not None and 0 <= router.uptime_s < 60  # just started
        assert router.wan_running is True
        probe.close()
    down = probe.read()  # the simulator is gone
    assert not down.reachable and not probe.source.connected
    assert f"{host}:{port}" in probe.source.error


def test_router_probe_wrong_password_says_so_without_it() -> None:
    with Simulator(SimulatorOptions(routeros=6, password="right")) as sim:
        host, port = sim.address
        probe = RouterProbe(RouterAccess(host, port, "admin", "wrong-secret"))
        assert not probe.read().reachable
        assert "wrong-secret" not in probe.source.error
        assert probe.source.error


def test_uptime() -> None:
    assert parse_uptime("1w2d3h4m5s") == 7 * 86400 + 2 * 86400 + 3 * 3600 + 245
    assert parse_uptime("") is None
