"""The KPI page over the reports' fixture queue_logs: what it shows, and its error line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.app import App

from appliance.errors import ReportError
from appliance.profile import load_profile
from appliance.reports import kpi_page
from tui.capture import screen_text
from tui.screens.kpi import KpiScreen

LOGS = Path(__file__).parent.parent / "fixtures" / "queue_logs"
# One minute after the last line of agents.log (2026-01-05 09:58 UTC).
NOW = datetime.fromtimestamp(1767607100 + 60, UTC)


def _loader():
    profile = load_profile(LOGS / "office.yaml")
    return kpi_page([LOGS / "agents.log", LOGS / "basic.log"], profile, NOW)


class _Host(App[None]):
    def __init__(self, loader) -> None:
        super().__init__()
        self._loader = loader

    def on_mount(self) -> None:
        self.push_screen(KpiScreen(self._loader))


async def test_kpi_page_shows_today_per_queue_and_agent():
    today, _ = _loader()
    app = _Host(_loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
    support = next(q for q in today.queues if q.group == "support")
    row = next(line for line in text.splitlines() if line.strip().startswith("support"))
    assert row.split()[1:3] == [str(support.offered), str(support.answered)]
    assert "101 Sara" in text
    assert f"{today.parse.events} events" in text


async def test_kpi_page_switches_to_the_week():
    app = _Host(_loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("right")  # focus starts on the tabs
        await pilot.pause()
        assert "This week" in screen_text(app)
        assert "2026-01-05T00:00:00" in screen_text(app)  # a Monday: week starts today


async def test_a_report_error_is_shown_not_raised():
    def broken():
        raise ReportError("queue_log /var/log/asterisk/queue_log: cannot be read")

    app = _Host(broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "cannot be read" in screen_text(app)
