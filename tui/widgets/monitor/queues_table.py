"""Queues: callers waiting, the longest wait (against the queue's target) and today's figures."""

from __future__ import annotations

from textual.widgets import DataTable

from tui.monitor.view import DashboardView
from tui.widgets.monitor.kpi_tables import pct, secs


class QueuesTable(DataTable[str]):
    def on_mount(self) -> None:
        self.border_title = "Queues"
        self.cursor_type = "row"
        self.add_columns("Queue", "Wait", "Longest", "Answered", "Aband", "SL")

    def show(self, view: DashboardView) -> None:
        self.clear()
        for q in view.queues:
            over = q.wait_target_s is not None and q.longest_wait_s > q.wait_target_s
            longest = secs(q.longest_wait_s) + (" !" if over else "")
            self.add_row(q.name, str(q.waiting), longest, str(q.answered_today),
                         str(q.abandoned_today), pct(q.service_level_today), key=q.name)
