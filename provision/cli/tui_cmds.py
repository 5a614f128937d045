"""`tamas wizard` and `tamas monitor`: the terminal UI, started from the CLI.

Command bodies stay short: they load what the UI starts from, run the Textual app,
and turn its result into the next step (a written profile, an apply).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from appliance.assets import hardware_dir
from appliance.errors import InputError
from appliance.profile import load_profile
from provision.cli.output import console

FromOpt = Annotated[
    str | None,
    typer.Option("--from", help="Start from this profile file, or an example by name"
                 " (e.g. 'shop'; see hardware_profiles/examples/)."),
]
OutArg = Annotated[
    Path,
    typer.Argument(help="Where to write the profile; an existing one is opened for editing.",
                   show_default=True),
]


def _source(start: str | None, out: Path) -> Path | None:
    if start is None:
        return out if out.exists() else None
    given = Path(start)
    if given.exists():
        return given
    example = hardware_dir() / "examples" / f"{start}.yaml"
    if example.exists():
        return example
    names = ", ".join(sorted(p.stem for p in (hardware_dir() / "examples").glob("*.yaml")))
    raise InputError(f"--from: {start!r} is neither a file nor an example; examples: {names}")


def wizard(out: OutArg = Path("office.yaml"), start: FromOpt = None) -> None:
    """Describe an office step by step and write its hardware profile."""
    from tui.wizard.prefill import blank_values, values_from_profile
    from tui.wizard_app import WizardApp

    source = _source(start, out)
    if source is None:
        app = WizardApp(blank_values(), out, origin="a blank form")
    else:
        profile = load_profile(source)  # a broken start file is reported like `tamas validate`
        base = profile.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        app = WizardApp(values_from_profile(profile), out, origin=str(source), base=base)
    result = app.run()
    if result is None:
        console.print("Nothing written.")
        return
    console.print(f"Wrote {result.path}. Next: tamas plan {result.path};"
                  f" tamas apply {result.path} --target {result.apply_target or 'lab'}")
    if result.apply_target:
        sys.exit(_apply(result.path, result.apply_target))


def _apply(path: Path, target: str) -> int:
    # The same `tamas` the installer typed, so apply runs with its usual output and errors.
    tamas = sys.argv[0] if Path(sys.argv[0]).name == "tamas" else shutil.which("tamas")
    if tamas is None:
        console.print("`tamas` is not on PATH; run the apply command above yourself.")
        return 1
    return subprocess.run([tamas, "apply", str(path), "--target", target], check=False).returncode


def monitor(
    profile: Annotated[Path | None, typer.Argument(
        help="The office's profile (names queues, agents, lines).", show_default=False)] = None,
    target: Annotated[str, typer.Option("--target", help="'lab' (default), 'local' or a host"
                                        " reached over SSH.")] = "lab",
    lab: Annotated[str | None, typer.Option("--lab", help="Which lab.")] = None,
) -> None:
    """Watch the call center live: queues, agents, lines, host and router, alerts."""
    from datetime import UTC, datetime

    from appliance.reports import kpi_page
    from provision.cli.monitor_access import plan_for
    from tui.monitor.live_source import LiveSource
    from tui.monitor_app import MonitorApp

    plan = plan_for(profile, target, lab)
    log = plan.queue_log
    kpis = (lambda: kpi_page([log], plan.profile, datetime.now(UTC))) if log else None
    try:
        calendar = plan.profile.office.calendar if plan.profile else "gregorian"
        MonitorApp(LiveSource(plan.monitor()), kpis=kpis, calendar=calendar).run()
    finally:
        plan.close()


def register(app: typer.Typer) -> None:
    app.command()(wizard)
    app.command()(monitor)
