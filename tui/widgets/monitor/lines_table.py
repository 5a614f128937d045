"""Lines: registration and channels in use against each line's limit."""

from __future__ import annotations

from textual.widgets import DataTable

from tui.monitor.view import DashboardView


class LinesTable(DataTable[str]):
    def on_mount(self) -> None:
        self.border_title = "Lines"
        self.cursor_type = "none"
        self.add_columns("Line", "Reg", "In use")

    def show(self, view: DashboardView) -> None:
        self.clear()
        for line in view.lines:
            reg = {True: "yes", False: "NO", None: "-"}[line.registered]
            self.add_row(line.name, reg, f"{line.in_use}/{line.limit}", key=line.name)
