"""`tamas apply PROFILE --target lab|local|HOST`: provision the appliance with Ansible."""

from __future__ import annotations

import difflib
from typing import Annotated, Any

import typer

from provision.apply import ApplyFailed, Summary, apply_prepared, prepare
from provision.cli.options import JsonOpt, ProfileArg
from provision.cli.output import console, print_json

CheckOpt = Annotated[bool, typer.Option("--check", help="Show what would change; change nothing.")]
DiffOpt = Annotated[
    bool, typer.Option("--diff", help="Show config diffs (secrets shown as ********).")
]
LabOpt = Annotated[
    str | None, typer.Option("--lab", help="Which lab, with --target lab (default: $TAMAS_LAB).")
]
TargetOpt = Annotated[
    str,
    typer.Option(
        "--target",
        help="'lab' (the local sandbox, default), 'local' (this machine), 'profile'"
        " (appliance.host over SSH) or a host name/address reached over SSH.",
    ),
]


class Progress:
    """One line per role as it finishes: tasks ok, changed, failed."""

    def __init__(self) -> None:
        self.role: str | None = None
        self.counts = {"ok": 0, "changed": 0, "failed": 0}

    def __call__(self, event: dict[str, Any]) -> None:
        role = event.get("role")
        if event.get("event") == "task_start" and role != self.role:
            self.flush()
            self.role = role
            console.print(f"  {role:<11} ...", end="\r")
        elif event.get("event") in ("ok", "failed", "unreachable"):
            self.counts["ok"] += event["event"] == "ok"
            self.counts["changed"] += bool(event.get("changed"))
            self.counts["failed"] += event["event"] != "ok"
        elif event.get("event") == "stats":
            self.flush()

    def flush(self) -> None:
        if self.role is not None:
            c = self.counts
            mark = "[red]failed[/]" if c["failed"] else "[green]ok[/]"
            console.print(
                f"  {self.role:<11} {mark}  {c['ok']} ok, {c['changed']} changed", markup=True
            )
        self.role, self.counts = None, {"ok": 0, "changed": 0, "failed": 0}


def _show(summary: Summary, diff: bool) -> None:
    if diff:
        for item in summary.diffs:
            lines = difflib.unified_diff(
                item.get("before", "").splitlines(keepends=True),
                item.get("after", "").splitlines(keepends=True),
                item.get("before_header", "before"), item.get("after_header", "after"),
            )
            console.print("".join(lines), markup=False, end="")
    for task in summary.changed_tasks:
        console.print(f"  changed: {task}", markup=False)
    if summary.reloaded:
        console.print(f"  reloaded: {', '.join(summary.reloaded)}", markup=False)
    for warning in summary.warnings:
        console.print(f"  warning: {warning}", markup=False)
    console.print(
        f"ok={summary.ok} changed={summary.changed} failed={summary.failed}"
        f" hosts={len(summary.hosts)}"
    )


def apply_command(
    profile: ProfileArg,
    target: TargetOpt = "lab",
    check: CheckOpt = False,
    diff: DiffOpt = False,
    lab: LabOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Provision the appliance from PROFILE: render, check, copy, reload what changed."""
    prepared = prepare(profile, target, lab)
    if not as_json:
        where = f"{prepared.target.host}:{prepared.target.port}" if prepared.target.port else "here"
        mode = " in check mode" if check else ""
        console.print(f"applying {profile} to {target} ({where}){mode}")
    try:
        summary = apply_prepared(
            prepared, check=check, diff=diff, on_event=None if as_json else Progress()
        )
    except ApplyFailed as failed:
        if as_json:
            print_json(failed.summary.to_json())
        else:
            _show(failed.summary, diff)
        raise
    if as_json:
        print_json(summary.to_json())
    else:
        _show(summary, diff)


def register(app: typer.Typer) -> None:
    app.command("apply")(apply_command)
