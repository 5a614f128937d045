"""The dashboard's status source over the real monitor service: a thin mapping from the
monitor's Snapshot to the dashboard's view, and the agent actions passed through to AMI.

The monitor is started on the first poll, inside the app's own event loop, since its
AMI connection and polls are tasks of that loop.
"""

from __future__ import annotations

from appliance.monitor.service import MonitorService
from appliance.monitor.snapshot import Member, Snapshot
from tui.monitor.view import (
    AgentView,
    Alert,
    DashboardView,
    HostView,
    LineView,
    QueueView,
    RouterView,
    SourceState,
)

SOURCE_NAMES = {"ami": "AMI", "host": "host", "router": "router"}
# One agent in several queues shows one state: the one that matters most to an admin.
_STATE_RANK = ("in_call", "ringing", "paused", "idle", "unavailable", "logged_out")


def _agents(snap: Snapshot) -> tuple[AgentView, ...]:
    seats: dict[str, list[tuple[str, Member]]] = {}
    for queue in snap.queues:
        for member in queue.members:
            seats.setdefault(member.interface, []).append((queue.name, member))
    views = []
    for interface, held in seats.items():
        best = min((m for _, m in held), key=lambda m: _STATE_RANK.index(m.state))
        views.append(AgentView(
            interface=interface, name=best.name, queues=tuple(q for q, _ in held),
            state=best.state, pause_reason=best.paused_reason or None,
            calls_today=sum(m.calls_taken for _, m in held),
        ))
    return tuple(sorted(views, key=lambda a: a.interface))


def to_view(snap: Snapshot) -> DashboardView:
    host = router = None
    if snap.host is not None:
        h = snap.host
        host = HostView(cpu_percent=h.cpu_percent, memory_percent=h.memory_percent,
                        disk_percent=h.disk_percent, load1=h.load1,
                        asterisk_running=h.asterisk is not None)
    if snap.router is not None:
        r = snap.router
        router = RouterView(reachable=r.reachable, cpu_percent=r.cpu_percent,
                            memory_percent=r.memory_percent, uptime_s=r.uptime_s,
                            wan_up=r.wan_running, voice_drops=r.voice_drops)
    return DashboardView(
        taken_at=snap.taken_at,
        queues=tuple(QueueView(
            name=q.name, waiting=q.waiting, longest_wait_s=q.longest_wait_s,
            wait_target_s=q.max_wait_s, answered_today=q.completed,
            abandoned_today=q.abandoned, service_level_today=q.service_level,
        ) for q in snap.queues),
        agents=_agents(snap),
        lines=tuple(LineView(
            name=line.name,
            registered=None if line.registration == "none" else line.registration == "registered",
            in_use=line.in_use, limit=line.limit or 0,
        ) for line in snap.lines),
        host=host, router=router,
        sources=tuple(SourceState(name=SOURCE_NAMES[s.name], connected=s.connected,
                                  since=s.since, error=s.error) for s in snap.sources),
        alerts=tuple(Alert(severity=a.severity, text=a.text)
                     for a in snap.alerts if a.severity != "info"),
    )


class LiveSource:
    """StatusSource over a MonitorService (the real Monitor, or any fake of it)."""

    def __init__(self, monitor: MonitorService) -> None:
        self.monitor = monitor
        self._started = False

    async def view(self) -> DashboardView:
        if not self._started:
            self._started = True
            await self.monitor.start()
        return to_view(self.monitor.snapshot())

    async def pause(self, interface: str, reason: str) -> None:
        await self.monitor.pause_member(None, interface, reason)

    async def unpause(self, interface: str) -> None:
        await self.monitor.unpause_member(None, interface)

    async def log_out(self, interface: str) -> None:
        await self.monitor.remove_member(None, interface)

    async def close(self) -> None:
        if self._started:
            await self.monitor.stop()
