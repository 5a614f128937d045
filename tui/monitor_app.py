"""`tamas monitor`: the live dashboard over a status source (the monitor service).

Polling follows dolphie's loop: one exclusive worker asks the source for a view, the
panels redraw from it, and only then is the next poll armed, so polls never overlap
and a slow source slows the screen rather than piling up requests.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Footer, Header

from appliance.calendar import Calendar, jalali_date
from appliance.errors import TamasError
from tui.monitor.help import MONITOR_HELP
from tui.monitor.view import DashboardView, StatusSource
from tui.screens.help import HelpScreen
from tui.screens.kpi import KpiLoader, KpiScreen
from tui.screens.pause_reason import PauseReasonScreen
from tui.widgets.monitor.agents_table import AgentsTable
from tui.widgets.monitor.alert_strip import AlertStrip
from tui.widgets.monitor.health import HealthPanel
from tui.widgets.monitor.lines_table import LinesTable
from tui.widgets.monitor.queues_table import QueuesTable
from tui.widgets.monitor.waiting_chart import WaitingChart

VERBS = {"pause": "Pausing", "unpause": "Unpausing", "log_out": "Logging out"}


class MonitorApp(App[None]):
    CSS_PATH = "styles/monitor.tcss"
    TITLE = "Tamas monitor"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "pause", "Pause"),
        Binding("u", "unpause", "Unpause"),
        Binding("l", "log_out", "Log out"),
        Binding("k", "kpi", "KPIs"),
        Binding("space", "freeze", "Freeze"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, source: StatusSource, interval_s: float = 1.0,
                 kpis: KpiLoader | None = None, calendar: Calendar = "gregorian") -> None:
        super().__init__()
        self.source, self.interval_s, self._kpis = source, interval_s, kpis
        self.calendar = calendar  # the office's: a Jalali office sees 1405/09/11 by the time
        self.view: DashboardView | None = None
        self.polls = 0
        self.frozen = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield AlertStrip("waiting for the first poll...", id="alerts")
        with Horizontal(id="top"):
            yield QueuesTable(id="queues")
            yield HealthPanel(id="health")
        yield WaitingChart(id="chart")
        with Horizontal(id="bottom"):
            yield AgentsTable(id="agents")
            yield LinesTable(id="lines")
        yield Footer()

    def on_mount(self) -> None:
        # App.query_one looks at the top screen; help or KPIs may be above the dashboard.
        self.dashboard = self.screen

    def on_ready(self) -> None:
        # Ready: the dashboard's widgets are mounted, so the first poll can draw.
        self.dashboard.query_one(AgentsTable).focus()
        self._poll()

    @work(exclusive=True, group="poll")
    async def _poll(self) -> None:
        error = ""
        try:
            view = await self.source.view()
        except (TamasError, OSError) as exc:  # the source itself failed: say so, try again
            error = str(exc) or type(exc).__name__
        else:
            self.view = view
        self.polls += 1
        try:
            if self.view is not None and not self.frozen:
                self._redraw(self.view, error)
            elif error:
                self.dashboard.query_one(AlertStrip).update(f"✗ monitor: {error}")
        except NoMatches:
            return  # the app is closing and its widgets are gone: stop polling
        self.set_timer(self.interval_s, self._poll)  # armed only now: polls never overlap

    def _redraw(self, view: DashboardView, error: str) -> None:
        board = self.dashboard
        board.query_one(AlertStrip).show(view, error)
        for panel in (QueuesTable, AgentsTable, LinesTable, HealthPanel):
            board.query_one(panel).show(view)  # type: ignore[attr-defined]
        board.query_one(WaitingChart).add(sum(q.waiting for q in view.queues))
        self.sub_title = self.clock(view.taken_at) + ("  (frozen)" if self.frozen else "")

    def clock(self, moment: datetime) -> str:
        """The time of a poll; a Jalali office sees the Jalali date before it."""
        time = f"{moment:%H:%M:%S}"
        return f"{jalali_date(moment.date())} {time}" if self.calendar == "jalali" else time

    def action_freeze(self) -> None:
        self.frozen = not self.frozen
        self.sub_title = "(frozen)" if self.frozen else ""

    def _agent_action(self, verb: str) -> None:
        agent = self.dashboard.query_one(AgentsTable).selected
        if agent is None:
            self.notify("No agent selected.", severity="warning")
            return
        if verb == "pause":
            def paused(reason: str | None) -> None:
                if reason:
                    self._act("pause", agent.interface, agent.name, reason)

            self.push_screen(PauseReasonScreen(agent.name), paused)
        else:
            # Feedback at once: the answer from Asterisk follows as its own notice.
            self.notify(f"{VERBS[verb]} {agent.name} ...", markup=False)
            self._act(verb, agent.interface, agent.name)

    @work(group="agent-action")
    async def _act(self, verb: str, interface: str, name: str, reason: str = "") -> None:
        try:
            if verb == "pause":
                await self.source.pause(interface, reason)
            elif verb == "unpause":
                await self.source.unpause(interface)
            else:
                await self.source.log_out(interface)
        except TamasError as exc:
            self.notify("\n".join(exc.lines()), title=f"{VERBS[verb]} {name} failed",
                        severity="error", markup=False)  # the text is Asterisk's, not ours
            return
        done = {"pause": f"paused ({reason})", "unpause": "unpaused", "log_out": "logged out"}
        self.notify(f"{name} {done[verb]}", markup=False)

    def action_pause(self) -> None:
        self._agent_action("pause")

    def action_unpause(self) -> None:
        self._agent_action("unpause")

    def action_log_out(self) -> None:
        self._agent_action("log_out")

    def action_kpi(self) -> None:
        if self._kpis is None:
            self.notify("No queue_log for this target: KPIs are not available.",
                        severity="warning")
            return
        self.push_screen(KpiScreen(self._kpis))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(MONITOR_HELP))
