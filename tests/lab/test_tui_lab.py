"""`tamas monitor` against the lab: the dashboard, headless, sees a SIPp caller waiting in
the queue (no agent phone answers) and the queue empty again after the caller hangs up."""

from __future__ import annotations

import asyncio

import pytest

from provision.cli.monitor_access import plan_for
from tui.capture import screen_text
from tui.monitor.live_source import LiveSource
from tui.monitor_app import MonitorApp

from .test_monitor_lab import Monitored, monitored  # noqa: F401 - the module's fixture

pytestmark = pytest.mark.lab


async def test_the_dashboard_sees_a_waiting_call(monitored: Monitored) -> None:  # noqa: F811
    plan = plan_for(monitored.profile, "lab", monitored.lab.name)
    source = LiveSource(plan.monitor())
    app = MonitorApp(source, interval_s=0.25)

    def waiting() -> int:
        return sum(q.waiting for q in app.view.queues) if app.view else -1

    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):  # the first poll connects AMI and loads the full state
            await pilot.pause(0.1)
            if app.view is not None and app.view.sources:
                break
        assert waiting() == 0
        assert "support" in screen_text(app)
        join = monitored.call_async("09120000202", hold_ms=10000)
        for _ in range(200):
            await pilot.pause(0.1)
            if waiting() == 1:
                break
        assert waiting() == 1
        text = screen_text(app)
        assert "support" in text and "Sara" in text
        await asyncio.to_thread(join)  # the app keeps polling while the caller waits
        for _ in range(100):
            await pilot.pause(0.1)
            if waiting() == 0:
                break
        assert waiting() == 0, app.view
        await source.close()
    plan.close()
