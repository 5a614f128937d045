"""The alert strip: sources that dropped (and since when), then the snapshot's alerts."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.monitor.view import DashboardView


def alert_lines(view: DashboardView, poll_error: str = "") -> list[str]:
    lines = [f"✗ monitor: {poll_error}"] if poll_error else []
    for source in view.sources:
        if not source.connected:
            since = f" since {source.since:%H:%M:%S}" if source.since else ""
            reason = f": {source.error}" if source.error else ""
            lines.append(f"✗ {source.name} reconnecting{since}{reason}")
    lines += [f"{'✗' if a.severity == 'error' else '!'} {a.text}" for a in view.alerts]
    return lines


class AlertStrip(Static):
    def show(self, view: DashboardView, poll_error: str = "") -> None:
        lines = alert_lines(view, poll_error)
        self.update(Content("   ".join(lines) if lines else "✓ no alerts"))
        self.set_class(bool(lines), "-alerting")
