"""The TUI for a Jalali office: the KPI page's period and this week (from Saturday), and
the monitor's clock with the Jalali date. Dates worked out by hand: 1405/10/01 (1 Dey)
is 6*31 + 3*30 = 276 days after 1405/01/01 = 2026-03-21, i.e. 2026-12-22."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.app import App

from appliance.profile import load_profile
from appliance.reports import kpi_page
from tests.unit.test_tui_monitor import FakeSource, _settled, view
from tui.capture import screen_text
from tui.monitor_app import MonitorApp
from tui.screens.kpi import KpiScreen

LOGS = Path(__file__).parent.parent / "fixtures" / "queue_logs"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)  # Friday 15:30 in Tehran


def _loader():
    return kpi_page([LOGS / "tehran.log"], load_profile(LOGS / "tehran.yaml"), NOW)


class _Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(KpiScreen(_loader))


async def test_the_kpi_page_shows_jalali_periods_and_a_week_from_saturday():
    app = _Host()
    async with app.run_test(size=(100, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1405/09/13 00:00 →" in screen_text(app)  # today: Friday 2026-12-04
        await pilot.press("right")
        await pilot.pause()
        # The week began on Saturday 2026-11-28 = 1405/09/07.
        assert "1405/09/07 00:00 →" in screen_text(app)


async def test_the_monitor_clock_shows_the_jalali_date_for_a_jalali_office():
    jalali = MonitorApp(FakeSource(view()), interval_s=0.05, calendar="jalali")
    async with jalali.run_test(size=(80, 24)) as pilot:
        await _settled(pilot)
        assert jalali.sub_title.startswith("1405/10/12 12:01:05")  # 2027-01-02 12:01:05
    plain = MonitorApp(FakeSource(view()), interval_s=0.05)
    async with plain.run_test(size=(80, 24)) as pilot:
        await _settled(pilot)
        assert plain.sub_title.startswith("12:01:05")
