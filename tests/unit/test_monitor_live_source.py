"""The dashboard over the real monitor service, fed by the lab's recorded AMI session."""

from __future__ import annotations

import asyncio

from appliance.monitor.monitor import AmiAccess, Monitor
from appliance.monitor.watch import watch_for
from tests.fixtures.ami.replay import ReplayServer, load_transcript
from tests.unit.router_helpers import shop
from tests.unit.test_monitor_snapshot import fold, snap
from tui.capture import screen_text
from tui.monitor.live_source import LiveSource, to_view
from tui.monitor_app import MonitorApp


def test_snapshot_maps_to_the_dashboards_view() -> None:
    view = to_view(snap(fold(12)))  # Sara paused for lunch, the caller gone
    [queue] = view.queues
    assert (queue.name, queue.waiting, queue.wait_target_s) == ("support", 0, 300)
    sara = next(a for a in view.agents if a.name == "Sara")
    assert (sara.interface, sara.state, sara.pause_reason, sara.queues) == (
        "PJSIP/101", "paused", "lunch", ("support",))
    [line] = view.lines
    assert (line.name, line.registered, line.limit) == ("city", False, 4)
    assert [s.name for s in view.sources] == ["AMI"]
    assert any("city" in a.text for a in view.alerts)


async def test_dashboard_shows_the_waiting_caller_and_pauses_through_ami() -> None:
    server = ReplayServer(load_transcript("queue_call.ami"))
    port = await server.start()
    monitor = Monitor(watch_for(shop()), AmiAccess("127.0.0.1", port, "tamas", "pw"), None, None)
    source = LiveSource(monitor)
    app = MonitorApp(source, interval_s=0.2)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(50):
                await pilot.pause(0.1)
                if app.view is not None and app.view.queues and app.view.queues[0].waiting:
                    break
            assert app.view is not None and app.view.queues[0].waiting == 1
            text = screen_text(app)
            assert "support" in text and "Sara" in text
            await source.pause("PJSIP/101", "lunch")
            assert server.received[-1]["Action"] == "QueuePause"
            await pilot.pause(0.5)
            assert "lunch" in screen_text(app)
            await source.close()
    finally:
        await server.stop()
        await asyncio.sleep(0)
