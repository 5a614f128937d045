"""Agents: state, pause reason, calls and handle time today; the row picked for p/u/l."""

from __future__ import annotations

from textual.widgets import DataTable

from tui.monitor.view import AgentView, DashboardView
from tui.widgets.monitor.kpi_tables import DASH, secs

_STATE = {"idle": "idle", "ringing": "ringing", "in_call": "in call", "paused": "paused",
          "logged_out": "logged out", "unavailable": "unavailable"}


class AgentsTable(DataTable[str]):
    def on_mount(self) -> None:
        self.border_title = "Agents"
        self.cursor_type = "row"
        self.add_columns("Agent", "State", "Reason", "Calls", "AHT")
        self._agents: dict[str, AgentView] = {}

    def show(self, view: DashboardView) -> None:
        selected = self.selected
        self._agents = {a.interface: a for a in view.agents}
        self.clear()
        for a in view.agents:
            self.add_row(a.name, _STATE[a.state], a.pause_reason or "", str(a.calls_today),
                         secs(a.handle_time_s) if a.handle_time_s is not None else DASH,
                         key=a.interface)
        if selected is not None and selected.interface in self._agents:
            self.move_cursor(row=self.get_row_index(selected.interface))

    @property
    def selected(self) -> AgentView | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self._agents.get(str(key))
