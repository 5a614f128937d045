"""`tamas status [PROFILE] [--target lab|local|HOST] [--json]`: one monitor snapshot."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from appliance.monitor.snapshot import Snapshot
from provision.cli.monitor_access import MonitorPlan, plan_for
from provision.cli.options import JsonOpt
from provision.cli.output import console, print_json

OptionalProfile = Annotated[
    Path | None,
    typer.Argument(help="The office's profile: names queues, agents, lines and their limits."
                   " Without it the monitor shows what Asterisk has.", show_default=False),
]
TargetOpt = Annotated[str, typer.Option(
    "--target", help="'lab' (default), 'local' (on the appliance itself), 'profile' or a"
    " host reached over SSH (AMI through an SSH tunnel; no host figures).")]
LabOpt = Annotated[str | None, typer.Option("--lab", help="Which lab (default: $TAMAS_LAB).")]
WaitOpt = Annotated[float, typer.Option("--wait", help="Seconds to wait for AMI.", min=0.1)]


async def take_snapshot(plan: MonitorPlan, wait_s: float) -> Snapshot:
    monitor = plan.monitor()
    await monitor.start()
    try:
        await monitor.wait_ready(wait_s)
        return monitor.snapshot()
    finally:
        await monitor.stop()


def _age(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def show(snap: Snapshot, target: str) -> None:
    console.print(f"[bold]{target}[/] at {snap.taken_at:%Y-%m-%d %H:%M:%S} UTC", markup=True)
    for source in snap.sources:
        mark = "[green]connected[/]" if source.connected else f"[red]down[/] {source.error}"
        console.print(f"  {source.name:<7}{mark}", markup=True)
    if snap.alerts:
        for alert in snap.alerts:
            colour = "red" if alert.severity == "error" else "yellow"
            console.print(f"[{colour}]{alert.severity:>5}[/] {alert.code}: ", markup=True,
                          end="")
            console.print(alert.text, markup=False)
    else:
        console.print("[green]no alerts[/]", markup=True)
    today = all(q.today is not None for q in snap.queues)
    title = ("Queues (today: from the queue_log since midnight)" if today else
             "Queues (app_queue's counters since Asterisk started; no queue_log here)")
    queues = Table("queue", "waiting", "longest", "agents free", "answered", "abandoned",
                   "service level", title=title)
    agents = Table("agent", "interface", "queue", "state", "calls", title="Agents")
    for q in snap.queues:
        free = sum(m.state == "idle" for m in q.members)
        answered, abandoned, level = ((q.today.answered, q.today.abandoned,
                                       q.today.service_level) if q.today is not None
                                      else (q.completed, q.abandoned, q.service_level))
        queues.add_row(q.name, str(q.waiting), _age(q.longest_wait_s),
                       f"{free}/{len(q.members)}", str(answered), str(abandoned),
                       f"{_pct(level)} in {q.service_level_s or '?'} s")
        for m in q.members:
            state = m.state + (f" ({m.paused_reason})" if m.paused_reason else "")
            agents.add_row(m.name, m.interface, q.name, state, str(m.calls_taken))
    lines = Table("line", "registration", "reachable", "in use", title="Lines")
    ami = snap.source("ami")
    blind = ami is not None and not ami.connected  # nothing is known about lines then
    for line in snap.lines:
        reach = {True: "yes", False: "no", None: "—"}[line.reachable]
        lines.add_row(line.name, "? (AMI down)" if blind else line.registration,
                      "?" if blind else reach,
                      "?" if blind else f"{line.in_use}/{line.limit or '∞'}")
    for table in (queues, agents, lines):
        if table.row_count:
            console.print(table)
    if snap.calls:
        console.print(f"Active channels: {len(snap.calls)}")
    _health(snap)


def _health(snap: Snapshot) -> None:
    if snap.host is not None:
        h = snap.host
        ast = (f"asterisk pid {h.asterisk.pid}, {h.asterisk.rss_bytes // 2**20} MiB"
               if h.asterisk else "asterisk NOT running")
        console.print(f"Host: cpu {h.cpu_percent:.0f}%, memory {h.memory_percent:.0f}%, load"
                      f" {h.load1:.2f}, recordings disk {h.disk_percent:.0f}%"
                      f" ({h.disk_free_bytes // 2**30} GiB free), {ast}", markup=False)
    if snap.router is not None:
        r = snap.router
        if not r.reachable:
            console.print("Router: unreachable")
        else:
            wan = {True: "up", False: "DOWN", None: "?"}[r.wan_running]
            drops = "—" if r.voice_drops is None else str(r.voice_drops)
            console.print(f"Router: {r.board} {r.version}, cpu {r.cpu_percent:.0f}%, memory"
                          f" {r.memory_percent or 0:.0f}%, uptime {r.uptime_s or 0} s,"
                          f" WAN {r.wan_interface} {wan}, voice queue drops {drops}",
                          markup=False)


def status(profile: OptionalProfile = None, target: TargetOpt = "lab", lab: LabOpt = None,
           as_json: JsonOpt = False, wait: WaitOpt = 5.0) -> None:
    """Show the call center's state once: queues, agents, lines, host, router, alerts."""
    plan = plan_for(profile, target, lab)
    try:
        snap = asyncio.run(take_snapshot(plan, wait))
    finally:
        plan.close()
    if as_json:
        print_json(snap)
        return
    show(snap, plan.target)
    for note in plan.notes:
        console.print(f"note: {note}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("status")(status)
