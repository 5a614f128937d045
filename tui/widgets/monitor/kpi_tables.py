"""One period's KPIs as two tables: per queue (with the total) and per agent."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from appliance.reports import Kpis, Report

DASH = "–"


def pct(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.0f}%"


def secs(value: float | int | None) -> str:
    if value is None:
        return DASH
    whole = round(value)
    if whole < 3600:
        return f"{whole // 60}:{whole % 60:02d}"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}"


def num(value: int | None) -> str:
    return DASH if value is None else str(value)


QUEUE_COLUMNS = ("Queue", "Offered", "Answered", "Abandon", "SL", "ASA", "AHT", "CSAT")
AGENT_COLUMNS = ("Agent", "Answered", "AHT", "ACW", "Paused", "Occupancy", "FCR")


def queue_row(k: Kpis) -> tuple[str, ...]:
    csat = DASH if k.csat_mean is None else f"{k.csat_mean:.1f}"
    return (k.label, num(k.offered), str(k.answered), pct(k.abandon_rate), pct(k.service_level),
            secs(k.asa_s), secs(k.aht_s), csat)


def agent_row(k: Kpis) -> tuple[str, ...]:
    return (k.label, str(k.answered), secs(k.aht_s), secs(k.acw_s), secs(k.paused_s),
            pct(k.occupancy), pct(k.fcr))


class KpiTables(Vertical):
    def __init__(self, title: str, **kwargs: str) -> None:
        super().__init__(classes="kpi-tables", **kwargs)  # type: ignore[arg-type]
        self._title = title

    def compose(self) -> ComposeResult:
        yield Static(self._title, classes="kpi-period")
        queues: DataTable[str] = DataTable(classes="kpi-queues", cursor_type="row")
        queues.add_columns(*QUEUE_COLUMNS)
        yield queues
        agents: DataTable[str] = DataTable(classes="kpi-agents", cursor_type="row")
        agents.add_columns(*AGENT_COLUMNS)
        yield agents

    def show(self, report: Report) -> None:
        shown = report.jalali or report  # the office's calendar
        period = f"{shown.period_from or '?'} → {shown.period_to or '?'} ({report.timezone})"
        self.query_one(".kpi-period", Static).update(f"[b]{self._title}[/b]  {period}")
        queues = self.query_one(".kpi-queues", DataTable)
        queues.clear()
        for row in report.queues:
            queues.add_row(*queue_row(row))
        queues.add_row(*queue_row(report.total.model_copy(update={"label": "all queues"})))
        agents = self.query_one(".kpi-agents", DataTable)
        agents.clear()
        for row in report.agents:
            agents.add_row(*agent_row(row))
