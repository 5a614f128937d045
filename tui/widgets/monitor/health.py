"""Host and router health in a few lines."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.monitor.view import DashboardView


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def health_text(view: DashboardView) -> str:
    lines = []
    host = view.host
    if host is None:
        lines.append("host: no data")
    else:
        lines.append(f"host cpu {_pct(host.cpu_percent)} mem {_pct(host.memory_percent)}")
        lines.append(f"disk {_pct(host.disk_percent)} load {host.load1:.2f}")
        lines.append("asterisk " + ("running" if host.asterisk_running else "NOT RUNNING"))
    router = view.router
    if router is None:
        lines.append("router: not managed")
    elif not router.reachable:
        lines.append("router: UNREACHABLE")
    else:
        wan = {True: "up", False: "DOWN", None: "-"}[router.wan_up]
        lines.append(f"router cpu {_pct(router.cpu_percent)} mem {_pct(router.memory_percent)}")
        drops = "-" if router.voice_drops is None else str(router.voice_drops)
        lines.append(f"wan {wan} voice drops {drops}")
    return "\n".join(lines)


class HealthPanel(Static):
    def on_mount(self) -> None:
        self.border_title = "Health"

    def show(self, view: DashboardView) -> None:
        self.update(Content(health_text(view)))
