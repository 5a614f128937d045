"""`tamas lab traffic`: a simulated provider, agents and callers on the lab (SIPp).

The command body starts (or stops) the background process and then waits, bounded,
until the running lab shows what a call center looks like at work: the line
registered, agents in a call, a caller waiting. What it waits for is read from the
same monitor snapshot `tamas status` prints.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Annotated

import typer

from appliance.monitor.snapshot import Snapshot
from provision.cli.monitor_access import plan_for
from provision.cli.options import JsonOpt
from provision.cli.output import console, print_json
from provision.cli.status_cmd import take_snapshot
from provision.lab import Lab
from provision.lab.traffic import control
from provision.lab.traffic.driver import Options


def busy_signs(snap: Snapshot) -> dict[str, bool]:
    """What a working center shows: each is True once seen."""
    return {
        "line registered": any(line.registration == "registered" for line in snap.lines),
        "agent in a call": any(m.state == "in_call" for q in snap.queues for m in q.members),
        "caller waiting": any(q.waiting > 0 for q in snap.queues),
    }


def wait_busy(profile: Path, lab: Lab, wait_s: float) -> dict[str, bool]:
    """Poll the monitor until every sign was seen (each at least once) or wait_s passed."""
    plan = plan_for(profile, "lab", lab.name)
    seen = dict.fromkeys(("line registered", "agent in a call", "caller waiting"), False)
    deadline = time.monotonic() + wait_s
    try:
        while time.monotonic() < deadline and not all(seen.values()):
            snap = asyncio.run(take_snapshot(plan, 10))
            now = busy_signs(snap)
            seen = {k: seen[k] or now[k] for k in seen}
            if not all(now.values()):
                time.sleep(1)
            elif all(seen.values()):
                break
    finally:
        plan.close()
    return seen


def traffic(
    ctx: typer.Context,
    calls_per_hour: Annotated[float, typer.Option(
        "--calls-per-hour", min=1, max=3600, help="Callers an hour (Poisson arrivals).")] = 120,
    agents: Annotated[int | None, typer.Option(
        "--agents", min=1, help="How many of the queue's agents answer (default: all).")] = None,
    duration: Annotated[float, typer.Option(
        "--duration", min=1, help="Minutes until the traffic stops by itself.")] = 60,
    name: Annotated[str | None, typer.Option(
        "--name", help="Which lab (default: the group's --name, $TAMAS_LAB, 'default').")] = None,
    profile: Annotated[Path | None, typer.Option(
        "--profile", help="The profile to play (default: the one last applied to the lab).")
    ] = None,
    stop: Annotated[bool, typer.Option("--stop", help="Stop the traffic (by its PID).")] = False,
    wait: Annotated[float, typer.Option(
        "--wait", min=0, help="Seconds to wait for a registered line, an agent in a call and"
        " a caller waiting (0: do not wait).")] = 90,
    seed: Annotated[int | None, typer.Option(
        "--seed", help="Seed of the callers' random choices, to replay a run.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Simulated provider, agents' phones and callers on the lab, in the background."""
    lab = Lab.named(name or ctx.obj)
    if stop:
        stopped = control.stop(lab)
        if as_json:
            print_json({"lab": lab.name, "stopped": stopped})
        else:
            console.print(f"lab {lab.name}: traffic stopped ({len(stopped)} process(es))")
        return
    path = profile or control.applied_profile(lab)
    options = Options(calls_per_hour=calls_per_hour, agents=agents, duration_min=duration,
                      seed=seed)
    if not as_json:
        console.print(f"lab {lab.name}: traffic from {path} ...", markup=False)
    state = control.start(lab, path, options)
    status = state.status
    seen = wait_busy(path, lab, wait) if wait and status.get("ready") else {}
    if as_json:
        print_json({"lab": lab.name, "pid": state.pid, "status": status, "seen": seen})
        return
    console.print(f"  pid {state.pid}: {calls_per_hour:g} calls an hour for {duration:g} min,"
                  f" agents {', '.join(map(str, status.get('agents', []))) or 'none'}")
    for error in status.get("errors", []):
        console.print(f"  warning: {error}", markup=False)
    for sign, ok in seen.items():
        console.print(f"  {'seen' if ok else 'not yet'}: {sign}")
    console.print(f"  log {state.log}; stop: tamas lab --name {lab.name} traffic --stop"
                  " (or tamas lab down)", markup=False)



def register(lab_app: typer.Typer) -> None:
    lab_app.command("traffic")(traffic)
