"""The dashboard driven by a fake status source: what it shows and what its keys do."""

from __future__ import annotations

from datetime import datetime

from appliance.errors import AmiError
from tui.capture import screen_text
from tui.monitor.view import (
    AgentView,
    Alert,
    DashboardView,
    HostView,
    LineView,
    QueueView,
    RouterView,
    SourceState,
)
from tui.monitor_app import MonitorApp

T0 = datetime(2027, 1, 2, 12, 1, 5)


def view(waiting: int = 2, ami_up: bool = True) -> DashboardView:
    return DashboardView(
        taken_at=T0,
        queues=(QueueView(name="support", waiting=waiting, longest_wait_s=95 if waiting else 0,
                          wait_target_s=60, answered_today=31, abandoned_today=2,
                          service_level_today=0.84),),
        agents=(AgentView(interface="PJSIP/101", name="101 Sara", queues=("support",),
                          state="in_call", calls_today=12, handle_time_s=170),
                AgentView(interface="PJSIP/102", name="102 Reza", queues=("support",),
                          state="paused", pause_reason="lunch", calls_today=9)),
        lines=(LineView(name="city", registered=True, in_use=3, limit=4),),
        host=HostView(cpu_percent=12, memory_percent=40, disk_percent=91, load1=0.3,
                      asterisk_running=True),
        router=RouterView(reachable=True, cpu_percent=8, memory_percent=50, wan_up=True,
                          voice_drops=0),
        sources=(SourceState(name="AMI", connected=ami_up, since=None if ami_up else T0,
                             error="" if ami_up else "connection refused"),),
        alerts=(Alert(severity="warn", text="disk 91% full"),),
    )


class FakeSource:
    """Feeds the views it is given, one per poll (the last one repeats); records actions."""

    def __init__(self, *views: DashboardView) -> None:
        self.views = list(views)
        self.calls: list[tuple[str, ...]] = []
        self.fail_actions = False

    async def view(self) -> DashboardView:
        return self.views.pop(0) if len(self.views) > 1 else self.views[0]

    async def _record(self, *call: str) -> None:
        if self.fail_actions:
            raise AmiError("AMI answered: Interface not found")
        self.calls.append(call)

    async def pause(self, interface: str, reason: str) -> None:
        await self._record("pause", interface, reason)

    async def unpause(self, interface: str) -> None:
        await self._record("unpause", interface)

    async def log_out(self, interface: str) -> None:
        await self._record("log_out", interface)


async def _settled(pilot, polls: int = 1) -> None:
    app = pilot.app
    while app.polls < polls:
        await pilot.pause(0.02)
    await pilot.pause()


async def test_the_dashboard_shows_queues_agents_lines_health_and_alerts():
    app = MonitorApp(FakeSource(view()), interval_s=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(pilot)
        text = screen_text(app)
    assert "support" in text and "1:35 !" in text      # longest wait over its 60 s target
    assert "84%" in text                                # service level today
    assert "in call" in text and "lunch" in text
    assert "3/4" in text                                # channels used of the line's limit
    assert "disk 91%" in text and "asterisk running" in text
    assert "! disk 91% full" in text


async def test_a_waiting_call_appears_on_the_next_poll_and_the_chart_keeps_it():
    source = FakeSource(view(waiting=0), view(waiting=0), view(waiting=3))
    app = MonitorApp(source, interval_s=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(pilot, polls=3)
        text = screen_text(app)
        assert "waiting now 3" in text
        assert list(app.query_one("#waiting-spark").data)[-3:] == [0, 0, 3]


async def test_a_dropped_ami_connection_is_said_on_screen():
    app = MonitorApp(FakeSource(view(ami_up=False)), interval_s=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(pilot)
        assert "✗ AMI reconnecting since 12:01:05: connection refused" in screen_text(app)


async def test_pause_asks_a_reason_and_reaches_the_source_unpause_and_log_out_too():
    source = FakeSource(view())
    app = MonitorApp(source, interval_s=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert "Pause 101 Sara: why?" in screen_text(app)
        await pilot.press("down", "enter")               # second reason: lunch
        await pilot.press("down", "u", "l")              # 102 Reza
        await app.workers.wait_for_complete()
    assert source.calls == [("pause", "PJSIP/101", "lunch"), ("unpause", "PJSIP/102"),
                            ("log_out", "PJSIP/102")]


def notices(app: MonitorApp) -> list[tuple[str | None, str]]:
    """Every (title, message) the app notifies, also toasts that timed out meanwhile
    (toasts are not in the compositor's text)."""
    shown: list[tuple[str | None, str]] = []
    notify = app.notify

    def record(message: str, *, title: str = "", **kwargs: object) -> None:
        shown.append((title or None, message))
        notify(message, title=title, **kwargs)  # type: ignore[arg-type]

    app.notify = record  # type: ignore[method-assign]
    return shown


async def test_a_refused_action_is_shown_as_the_source_error():
    source = FakeSource(view())
    source.fail_actions = True
    app = MonitorApp(source, interval_s=0.05)
    shown = notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(pilot)
        await pilot.press("u")
        await app.workers.wait_for_complete()
    assert shown == [(None, "Unpausing 101 Sara ..."),
                     ("Unpausing 101 Sara failed", "AMI answered: Interface not found")]


async def test_log_out_says_at_once_what_it_does_and_then_how_it_went():
    source = FakeSource(view())
    app = MonitorApp(source, interval_s=0.05)
    shown = notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(pilot)
        await pilot.press("l")
        await app.workers.wait_for_complete()
    assert source.calls == [("log_out", "PJSIP/101")]
    assert shown == [(None, "Logging out 101 Sara ..."), (None, "101 Sara logged out")]


async def test_a_failing_source_is_reported_and_polled_again():
    class Flaky(FakeSource):
        async def view(self) -> DashboardView:
            if not self.calls:
                self.calls.append(("failed",))
                raise AmiError("monitor service not answering")
            return await super().view()

    app = MonitorApp(Flaky(view()), interval_s=0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settled(pilot, polls=1)
        assert "monitor service not answering" in screen_text(app)
        await _settled(pilot, polls=2)
        assert "1:35 !" in screen_text(app)


async def test_help_lists_the_agent_keys():
    app = MonitorApp(FakeSource(view()), interval_s=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert "The live call center" in screen_text(app)
