"""`tamas doctor [PROFILE] [--target lab|local|HOST] [--json] [--bundle FILE]`.

Exit code: 0 when nothing fails (warnings allowed), 1 when a check fails, 2 on bad input.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from librouteros.exceptions import LibRouterosError

from appliance.doctor.bundle import write_bundle
from appliance.doctor.checks import run_checks
from appliance.doctor.gather import gather
from appliance.doctor.model import Report
from appliance.monitor.router import connect
from appliance.monitor.snapshot import Snapshot
from provision.cli.monitor_access import MonitorPlan, plan_for
from provision.cli.options import JsonOpt
from provision.cli.output import console, print_json
from provision.cli.status_cmd import LabOpt, OptionalProfile, TargetOpt

BundleOpt = Annotated[Path | None, typer.Option(
    "--bundle", help="Also write a support archive (tar.gz): status, doctor results, configs"
    " with every secret redacted, recent logs.", show_default=False)]
MARKS = {"pass": "[green]pass[/]", "warn": "[yellow]warn[/]", "fail": "[red]FAIL[/]"}


async def diagnose(plan: MonitorPlan, wait_s: float = 5.0) -> tuple[Snapshot, Report]:
    monitor = plan.monitor()
    await monitor.start()
    try:
        await monitor.wait_ready(wait_s)
        snap = monitor.snapshot()
        api = None
        if plan.router is not None:
            try:
                api = await asyncio.to_thread(connect, plan.router)
            except (LibRouterosError, OSError):
                api = None  # the sip-alg check says it could not read the router
        try:
            profile = plan.profile
            facts = await gather(
                snap, monitor, plan.run, target=plan.target,
                kind="lab" if plan.lab else "local" if plan.ssh is None else "ssh",
                phones=sorted((plan.watch.phones or {}).keys()),
                lines=[line.endpoint for line in plan.watch.lines],
                profile_external=profile.appliance.external_address if profile else None,
                router=api)
        finally:
            if api is not None:
                api.close()
    finally:
        await monitor.stop()
    report = Report(target=plan.target, taken_at=datetime.now(UTC), results=run_checks(facts))
    return snap, report


def show(report: Report) -> None:
    console.print(f"[bold]tamas doctor[/] {report.target}"
                  f" at {report.taken_at:%Y-%m-%d %H:%M:%S} UTC", markup=True)
    for r in report.results:
        console.print(f"  {MARKS[r.status]}  {r.code:<18} ", markup=True, end="")
        console.print(r.message, markup=False)
        if r.fix:
            console.print(f"{'':26}fix: {r.fix}", markup=False)
    c = report.counts()
    console.print(f"{c['pass']} passed, {c['warn']} warnings, {c['fail']} failed")


def doctor(profile: OptionalProfile = None, target: TargetOpt = "lab", lab: LabOpt = None,
           as_json: JsonOpt = False, bundle: BundleOpt = None) -> None:
    """Diagnose a running appliance: each check passes, warns or fails, with its fix."""
    plan = plan_for(profile, target, lab)
    try:
        snap, report = asyncio.run(diagnose(plan))
        if bundle is not None:
            text = profile.read_text(encoding="utf-8") if profile else None
            redact = plan.secrets.redact if plan.secrets else None
            write_bundle(bundle, snap, report, plan.run, text, redact)
    finally:
        plan.close()
    if as_json:
        print_json(report)
    else:
        show(report)
        if bundle is not None:
            console.print(f"support bundle: {bundle}", markup=False)
    if report.worst == "fail":
        sys.exit(1)


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)
