"""The status snapshot: everything the monitor knows about a running appliance at one moment.

Plain, frozen data: the probes fill it, `tamas status` prints it, the dashboard maps it
to its view, the doctor reads it. No I/O here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

MemberState = Literal["idle", "ringing", "in_call", "paused", "logged_out", "unavailable"]
Severity = Literal["info", "warn", "error"]
SourceName = Literal["ami", "host", "router"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Member(_Frozen):
    """One agent's seat in one queue, as app_queue sees it."""

    interface: str  # e.g. PJSIP/101: what QueuePause / QueueRemove take
    name: str
    state: MemberState
    paused_reason: str = ""
    calls_taken: int = 0  # since the member was added (app_queue's own count)
    last_call: datetime | None = None
    in_call: bool = False
    penalty: int = 0


class QueueToday(_Frozen):
    """Since the office's local midnight, from the queue_log (the reports' engine)."""

    offered: int = 0
    answered: int = 0
    abandoned: int = 0
    service_level: float | None = None  # 0..1 answered within the profile's target
    asa_s: float | None = None  # average speed of answer


class Queue(_Frozen):
    name: str
    waiting: int = 0
    longest_wait_s: int = 0  # of the callers waiting now
    members: tuple[Member, ...] = ()
    # app_queue's own counters: since Asterisk started or `queue reset stats`.
    completed: int = 0
    abandoned: int = 0
    service_level_s: int | None = None  # the queue's servicelevel threshold
    service_level: float | None = None  # 0..1 answered within service_level_s
    holdtime_s: int = 0  # app_queue's running average
    talktime_s: int = 0
    max_wait_s: int | None = None  # the profile's target (max_wait_s), for alerts
    today: QueueToday | None = None  # None: no queue_log readable for this target


class Line(_Frozen):
    """A city line (trunk): registration and channels in use against its limit."""

    name: str
    registration: Literal["registered", "unregistered", "rejected", "trying", "none"] = "none"
    reachable: bool | None = None
    in_use: int = 0
    limit: int | None = None


class Endpoint(_Frozen):
    """A PJSIP endpoint (phone or trunk) and its contacts' reachability."""

    name: str
    state: str = "Unavailable"  # PJSIP DeviceState: Not in use, In use, Unavailable, ...
    contacts: int = 0
    reachable: bool | None = None  # None: no contact to qualify (a phone not registered)
    latency_ms: float | None = None  # round-trip of the last qualify OPTIONS
    channels: int = 0


class Call(_Frozen):
    channel: str
    caller: str = ""
    connected: str = ""
    context: str = ""
    extension: str = ""
    state: str = ""
    application: str = ""
    duration_s: int = 0
    linked: str = ""  # bridged peer's channel, if any


class Process(_Frozen):
    pid: int
    cpu_percent: float
    rss_bytes: int


class Host(_Frozen):
    cpu_percent: float
    memory_percent: float
    load1: float
    load5: float
    load15: float
    disk_path: str
    disk_percent: float
    disk_free_bytes: int
    asterisk: Process | None = None


class Router(_Frozen):
    reachable: bool
    board: str = ""
    version: str = ""
    cpu_percent: float | None = None
    memory_percent: float | None = None
    uptime_s: int | None = None
    wan_interface: str = ""
    wan_running: bool | None = None
    voice_queue: str = ""
    voice_drops: int | None = None


class SourceState(_Frozen):
    """One probe's connection: connected, or reconnecting since `since` after `error`."""

    name: SourceName
    connected: bool
    since: datetime | None = None  # connected since / disconnected since
    error: str = ""
    last_ok: datetime | None = None


class Alert(_Frozen):
    severity: Severity
    code: str  # stable, e.g. trunk-down, queue-over-target, disk-filling
    text: str


class Snapshot(_Frozen):
    taken_at: datetime
    queues: tuple[Queue, ...] = ()
    lines: tuple[Line, ...] = ()
    endpoints: tuple[Endpoint, ...] = ()
    calls: tuple[Call, ...] = ()
    host: Host | None = None
    router: Router | None = None
    sources: tuple[SourceState, ...] = ()
    alerts: tuple[Alert, ...] = ()

    def source(self, name: SourceName) -> SourceState | None:
        return next((s for s in self.sources if s.name == name), None)
