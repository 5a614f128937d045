"""The KPI page: today and this week, per queue and per agent, from the queue_log.

The figures come from `appliance.reports.kpi_page`; loading runs in a thread worker
since a busy center's queue_log takes a moment to read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from appliance.errors import TamasError
from appliance.reports import Report
from tui.widgets.monitor.kpi_tables import KpiTables

KpiLoader = Callable[[], tuple[Report, Report]]


class KpiScreen(Screen[None]):
    CSS_PATH = "../styles/kpi.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload"),
        Binding("escape,k", "app.pop_screen", "Dashboard"),
    ]

    def __init__(self, loader: KpiLoader) -> None:
        super().__init__(id="kpi")
        self._loader = loader

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the queue_log...", id="kpi-status")
        with TabbedContent(id="kpi-tabs"):
            with TabPane("Today", id="kpi-today"):
                yield KpiTables("Today", id="today")
            with TabPane("This week", id="kpi-week"):
                yield KpiTables("This week", id="week")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="kpi")
    def _load(self) -> None:
        try:
            today, week = self._loader()
        except TamasError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._show, today, week)

    def _failed(self, exc: TamasError) -> None:
        self.query_one("#kpi-status", Static).update(Content("\n".join(exc.lines())))

    def _show(self, today: Report, week: Report) -> None:
        self.query_one("#today", KpiTables).show(today)
        self.query_one("#week", KpiTables).show(week)
        notes = today.notes + [f"{today.parse.malformed} malformed line(s) skipped"] * bool(
            today.parse.malformed)
        status = f"{today.parse.events} events from {len(today.parse.files)} file(s)"
        self.query_one("#kpi-status", Static).update(Content("; ".join([status, *notes])))
