"""`tamas apply PROFILE --target lab|local|HOST`: provision the appliance with Ansible."""

from __future__ import annotations

import difflib
import getpass
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from provision.apply import ApplyFailed, Summary, apply_prepared, prepare
from provision.cli.options import JsonOpt, ProfileArg
from provision.cli.output import console, print_json
from provision.cli.progress import StepClock, clock_text
from provision.ssh.hostkeys import check_fingerprint
from provision.ssh.probe import terminal_ask
from provision.targets import SshOptions

if TYPE_CHECKING:
    from provision.packages.cache import CachedRepo
    from provision.packages.releases import Release

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
SshKeyOpt = Annotated[
    Path | None,
    typer.Option("--ssh-key", help="Private key for the box (default: ssh's own choice)."),
]
KnownHostsOpt = Annotated[
    Path | None,
    typer.Option("--known-hosts", help="known_hosts file (default: ~/.ssh/known_hosts)."),
]
HostKeyOpt = Annotated[
    str | None,
    typer.Option(
        "--host-key",
        help="Trust the box's host key with this SHA256 fingerprint on first contact"
        " (read it on the box: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)."
        " Without it a terminal shows the fingerprint and asks.",
    ),
]
BecomeOpt = Annotated[
    bool,
    typer.Option("--ask-become-pass", help="Ask for ssh_user's sudo password (never stored)."),
]


class Progress:
    """One line per role as it finishes: tasks ok, changed, failed, and its time."""

    def __init__(self) -> None:
        self.role: str | None = None
        self.counts = {"ok": 0, "changed": 0, "failed": 0}
        self.started = self.role_started = time.monotonic()

    def __call__(self, event: dict[str, Any]) -> None:
        role = event.get("role")
        if event.get("event") == "task_start" and role != self.role:
            self.flush()
            self.role = role
            self.role_started = time.monotonic()
            if console.is_terminal:
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
            took = clock_text(time.monotonic() - self.role_started)
            console.print(
                f"  {self.role:<11} {mark}  {c['ok']} ok, {c['changed']} changed  ({took})",
                markup=True,
            )
        self.role, self.counts = None, {"ok": 0, "changed": 0, "failed": 0}


def _show(summary: Summary, diff: bool, started: float | None = None) -> None:
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
    # A box that could not be reached counts as failed too: the line must not say 0.
    failed = summary.failed + summary.unreachable
    unreachable = f" unreachable={summary.unreachable}" if summary.unreachable else ""
    took = f" in {clock_text(time.monotonic() - started)}" if started is not None else ""
    console.print(
        f"ok={summary.ok} changed={summary.changed} failed={failed}{unreachable}"
        f" hosts={len(summary.hosts)}{took}"
    )


def _packages_with_progress(quiet: bool) -> Any:
    """Packages for a release from the cache; when missing, built here with a clock."""
    from provision.packages.build import ensure
    from provision.packages.cache import newest

    def get(release: Release) -> CachedRepo:
        have = newest(release)
        if have is not None:
            return have
        title = (f"Asterisk packages for Debian {release.number} ({release.codename}) are not"
                 " cached: building them now (once per release and version)")
        with StepClock(title, quiet=quiet) as clock:
            return ensure(release, on_step=clock.step)

    return get


def apply_command(
    profile: ProfileArg,
    target: TargetOpt = "lab",
    check: CheckOpt = False,
    diff: DiffOpt = False,
    lab: LabOpt = None,
    ssh_key: SshKeyOpt = None,
    known_hosts: KnownHostsOpt = None,
    host_key: HostKeyOpt = None,
    ask_become_pass: BecomeOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Provision the appliance from PROFILE: render, check, copy, reload what changed.

    A Debian 12/13 box gets Asterisk built from Debian's own packaging for its release
    (built here once and cached; see tamas packages). Examples:
    tamas apply office.yaml --target lab;
    tamas apply office.yaml --target profile --ssh-key ~/.ssh/id_ed25519;
    tamas apply office.yaml --target 192.168.88.10 --host-key SHA256:... --ask-become-pass
    """
    started = time.monotonic()
    if host_key is not None:
        check_fingerprint(host_key)  # a typo must not wait for the box to be unknown
    password = getpass.getpass("sudo password: ") if ask_become_pass else None
    options = SshOptions(key=ssh_key, known_hosts=known_hosts, host_key=host_key,
                         become_password=password)
    prepared = prepare(profile, target, lab, ssh=options,
                       packages=_packages_with_progress(as_json),
                       ask=terminal_ask if sys.stdin.isatty() else None)
    if not as_json:
        where = f"{prepared.target.host}:{prepared.target.port}" if prepared.target.port else "here"
        mode = " in check mode" if check else ""
        box = f", {prepared.asterisk.description}" if prepared.asterisk else ""
        console.print(f"applying {profile} to {target} ({where}{box}){mode}")
        if prepared.repo is not None:
            console.print(f"  Asterisk {prepared.repo.version} from {prepared.repo.repo}")
    try:
        summary = apply_prepared(
            prepared, check=check, diff=diff, on_event=None if as_json else Progress()
        )
    except ApplyFailed as failed:
        if as_json:
            print_json(failed.summary.to_json())
        else:
            _show(failed.summary, diff, started)
        raise
    if as_json:
        print_json(summary.to_json())
    else:
        _show(summary, diff, started)


def register(app: typer.Typer) -> None:
    app.command("apply")(apply_command)
