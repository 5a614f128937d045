"""What the dashboard shows, and what it needs from a status source.

`appliance.monitor` (the monitor service: AMI, host and router probes) had not landed
when the dashboard was built, so this is the dashboard's side of the contract: a source
returns a `DashboardView` and takes the admin's agent actions. When the service lands,
one adapter from its snapshot to this view connects them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

AgentState = Literal["idle", "ringing", "in_call", "paused", "logged_out", "unavailable"]


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class QueueView(_View):
    name: str
    waiting: int
    longest_wait_s: int
    wait_target_s: int | None = None
    answered_today: int = 0
    abandoned_today: int = 0
    service_level_today: float | None = None  # 0..1


class AgentView(_View):
    interface: str  # e.g. PJSIP/101: what AMI pause/unpause/remove take
    name: str
    queues: tuple[str, ...]
    state: AgentState
    pause_reason: str | None = None
    calls_today: int = 0
    handle_time_s: float | None = None


class LineView(_View):
    name: str
    registered: bool | None  # None: a line that does not register
    in_use: int
    limit: int


class HostView(_View):
    cpu_percent: float
    memory_percent: float
    disk_percent: float
    load1: float
    asterisk_running: bool


class RouterView(_View):
    reachable: bool
    cpu_percent: float | None = None
    memory_percent: float | None = None
    uptime_s: int | None = None
    wan_up: bool | None = None
    voice_drops: int | None = None


class SourceState(_View):
    name: str  # "AMI", "router", "host"
    connected: bool
    since: datetime | None = None
    error: str = ""


class Alert(_View):
    severity: Literal["warn", "error"]
    text: str


class DashboardView(_View):
    taken_at: datetime
    queues: tuple[QueueView, ...] = ()
    agents: tuple[AgentView, ...] = ()
    lines: tuple[LineView, ...] = ()
    host: HostView | None = None
    router: RouterView | None = None
    sources: tuple[SourceState, ...] = ()
    alerts: tuple[Alert, ...] = ()


class StatusSource(Protocol):
    """The monitor service as the dashboard uses it; tests implement it with a fake."""

    async def view(self) -> DashboardView: ...

    async def pause(self, interface: str, reason: str) -> None: ...

    async def unpause(self, interface: str) -> None: ...

    async def log_out(self, interface: str) -> None: ...
