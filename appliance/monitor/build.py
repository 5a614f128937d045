"""Fold the probes' state into one Snapshot, and derive the alerts. Pure.

Member states: paused wins (with its reason); then ringing, in a call, unavailable,
idle, from app_queue's device state. A profile agent who is not a member in Asterisk
(removed by QueueRemove, or a dynamic member not logged in) is `logged_out`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Literal

from appliance.monitor.ami.state import AmiState, MemberState, QueueState
from appliance.monitor.snapshot import (
    Alert,
    Call,
    Endpoint,
    Host,
    Line,
    Member,
    Queue,
    QueueToday,
    Router,
    Snapshot,
    SourceState,
)
from appliance.monitor.watch import Watch, WatchedQueue

DISK_WARN, DISK_ERROR = 80.0, 90.0
Registration = Literal["registered", "unregistered", "rejected", "trying", "none"]


def member_state(m: MemberState) -> str:
    if m.paused:
        return "paused"
    if m.status in ("ringing", "ringinuse"):
        return "ringing"
    if m.in_call or m.status in ("inuse", "busy", "onhold"):
        return "in_call"
    if m.status in ("unavailable", "invalid"):
        return "unavailable"
    return "idle"  # not_inuse, and unknown: app_queue rings unknown devices too


def _number(params: dict[str, str], key: str) -> int:
    try:
        return int(float(params.get(key, "0") or 0))
    except ValueError:
        return 0


def _queue(name: str, live: QueueState | None, watched: WatchedQueue | None,
           phone_name: dict[str, str], now: float, today: QueueToday | None) -> Queue:
    members: list[Member] = []
    params = live.params if live else {}
    for interface, m in (live.members.items() if live else ()):
        members.append(Member(
            interface=interface, name=m.name or phone_name.get(interface, interface),
            state=member_state(m), paused_reason=m.paused_reason,  # type: ignore[arg-type]
            calls_taken=m.calls_taken, in_call=m.in_call, penalty=m.penalty,
            last_call=datetime.fromtimestamp(m.last_call, UTC) if m.last_call else None,
        ))
    seen = {m.interface for m in members}
    for w in watched.members if watched else ():
        if w.interface not in seen:
            members.append(Member(interface=w.interface, name=w.name, state="logged_out"))
    waits = [now - c.joined_at for c in (live.callers.values() if live else ())]
    completed, abandoned = _number(params, "Completed"), _number(params, "Abandoned")
    perf = params.get("ServicelevelPerf")
    return Queue(
        name=name, waiting=len(waits), longest_wait_s=int(max(waits, default=0)),
        members=tuple(sorted(members, key=lambda m: m.interface)),
        completed=completed, abandoned=abandoned,
        service_level_s=_number(params, "ServiceLevel") or (
            watched.service_level_s if watched else None),
        # ServicelevelPerf is a percentage of answered calls; none answered: no figure
        service_level=round(float(perf) / 100, 4) if perf and completed else None,
        holdtime_s=_number(params, "Holdtime"), talktime_s=_number(params, "TalkTime"),
        max_wait_s=watched.max_wait_s if watched else None, today=today,
    )


def _endpoint(state: AmiState, name: str) -> Endpoint:
    e = state.endpoints[name]
    reachable = [c for c in e.contacts.values() if c.status == "Reachable"]
    unreachable = any(c.status == "Unreachable" for c in e.contacts.values())
    rtts = [c.rtt_us for c in reachable if c.rtt_us]
    return Endpoint(
        name=name, state=e.device_state, contacts=len(e.contacts),
        # NonQualified (qualify_frequency = 0) or Unknown: nobody asked, so we do not know
        reachable=True if reachable else False if unreachable else None,
        latency_ms=round(min(rtts) / 1000, 2) if rtts else None,
        channels=sum(1 for c in state.channels.values()
                     if c.channel.startswith(f"PJSIP/{name}-")),
    )


def _registration(status: str | None) -> Registration:
    word = (status or "").lower()
    if word == "registered":
        return "registered"
    if word in ("rejected", "failed"):
        return "rejected"
    if word in ("unregistered", "stopped"):
        return "unregistered"
    return "trying" if word else "unregistered"


def build_snapshot(watch: Watch, ami: AmiState | None, sources: list[SourceState],
                   host: Host | None, router: Router | None, now: datetime,
                   today: Mapping[str, QueueToday] | None = None) -> Snapshot:
    """`today`: per-queue counters since midnight (None: no queue_log for this target;
    a queue missing from it had no call today)."""
    clock = now.timestamp()
    state = ami or AmiState()
    watched = {q.name: q for q in watch.queues}
    phone_name = {f"PJSIP/{k}": v for k, v in (watch.phones or {}).items()}
    names = list(watched) + sorted(set(state.queues) - set(watched))
    queues = tuple(_queue(n, state.queues.get(n), watched.get(n), phone_name, clock,
                          None if today is None else today.get(n, QueueToday()))
                   for n in names)
    endpoints = tuple(_endpoint(state, n) for n in sorted(state.endpoints))
    by_name = {e.name: e for e in endpoints}
    lines = tuple(
        Line(
            name=w.name,
            registration=_registration(state.registrations.get(w.endpoint))
            if w.registers else "none",
            reachable=by_name[w.endpoint].reachable if w.endpoint in by_name else None,
            in_use=by_name[w.endpoint].channels if w.endpoint in by_name else 0,
            limit=w.limit,
        )
        for w in watch.lines
    )
    calls = tuple(_call(c.fields, c.channel, clock - c.created_at)
                  for c in sorted(state.channels.values(), key=lambda c: c.created_at))
    snap = Snapshot(taken_at=now, queues=queues, lines=lines, endpoints=endpoints, calls=calls,
                    host=host, router=router, sources=tuple(sources))
    return snap.model_copy(update={"alerts": tuple(alerts_for(snap))})


def _call(f: dict[str, str], channel: str, age: float) -> Call:
    return Call(channel=channel, caller=f.get("CallerIDNum", ""),
                connected=f.get("ConnectedLineNum", ""), context=f.get("Context", ""),
                extension=f.get("Exten", ""), state=f.get("ChannelStateDesc", ""),
                application=f.get("Application", ""), duration_s=max(0, int(age)),
                linked=f.get("BridgeId", ""))


def alerts_for(snap: Snapshot) -> list[Alert]:
    """What an admin must look at now, worst first."""
    found: list[Alert] = []
    for source in snap.sources:
        if not source.connected:
            found.append(Alert(severity="error", code=f"{source.name}-down",
                               text=f"{source.name} unreachable: {source.error}"))
    ami_up = (snap.source("ami") or SourceState(name="ami", connected=True)).connected
    for line in snap.lines if ami_up else ():
        if line.registration in ("unregistered", "rejected", "trying"):
            found.append(Alert(severity="error", code="trunk-down",
                               text=f"line {line.name} is not registered ({line.registration})"))
        elif line.reachable is False:
            found.append(Alert(severity="error", code="trunk-down",
                               text=f"line {line.name} does not answer qualify (OPTIONS)"))
        if line.limit and line.in_use >= line.limit:
            found.append(Alert(severity="warn", code="line-full",
                               text=f"line {line.name} uses all {line.limit} channels"))
    for q in snap.queues:
        if q.max_wait_s and q.longest_wait_s > q.max_wait_s:
            found.append(Alert(severity="warn", code="queue-over-target",
                               text=f"queue {q.name}: a caller waits {q.longest_wait_s} s,"
                                    f" over its target {q.max_wait_s} s"))
        if q.waiting and not any(m.state in ("idle", "ringing", "in_call") for m in q.members):
            found.append(Alert(severity="warn", code="queue-unstaffed",
                               text=f"queue {q.name}: {q.waiting} waiting, no agent available"))
    if snap.host is not None:
        h = snap.host
        if h.disk_percent >= DISK_WARN:
            found.append(Alert(
                severity="error" if h.disk_percent >= DISK_ERROR else "warn",
                code="disk-filling",
                text=f"recordings disk {h.disk_percent:.0f}% full ({h.disk_path})"))
        if h.asterisk is None:
            found.append(Alert(severity="error", code="asterisk-not-running",
                               text="no Asterisk process on the host"))
    if snap.router is not None and snap.router.reachable and snap.router.wan_running is False:
        found.append(Alert(severity="error", code="wan-down",
                           text=f"router WAN {snap.router.wan_interface} is down"))
    order = {"error": 0, "warn": 1, "info": 2}
    return sorted(found, key=lambda a: order[a.severity])
