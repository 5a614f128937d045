"""Run playbooks/site.yml with ansible-playbook and follow its progress.

Ansible's own output is replaced by the `tamas_events` callback, which writes JSON
lines to a file in a private work folder; this module tails that file while the
playbook runs and hands each event to `on_event` (the CLI's progress display).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from appliance.assets import playbooks_dir
from appliance.errors import ApplyError
from provision.apply.summary import Summary, fold
from provision.targets import Target

Event = dict[str, Any]


@dataclass(frozen=True)
class PlaybookRun:
    workdir: Path  # private (0700): inventory, extra vars, events
    tree: Path  # the rendered tree on the controller
    target: Target
    extra_vars: dict[str, Any]
    check: bool = False
    diff: bool = False
    tags: tuple[str, ...] = ()


def inventory(target: Target) -> dict[str, Any]:
    return {"all": {"children": {"appliance": {"hosts": {"appliance": target.host_vars()}}}}}


def command(run: PlaybookRun) -> list[str]:
    binary = Path(sys.executable).with_name("ansible-playbook")
    argv = [
        str(binary if binary.exists() else "ansible-playbook"),
        "-i", str(run.workdir / "inventory.yml"),
        "-e", f"@{run.workdir / 'vars.json'}",
        str(playbooks_dir() / "site.yml"),
    ]
    if run.target.become_password is not None:
        argv += ["-e", f"@{run.workdir / 'become.json'}"]
    if run.check:
        argv.append("--check")
    if run.diff:
        argv.append("--diff")
    if run.tags:
        argv += ["--tags", ",".join(run.tags)]
    return argv


def _environment(events: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ANSIBLE_CONFIG=str(playbooks_dir() / "ansible.cfg"),
        TAMAS_EVENTS=str(events),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def write_inputs(run: PlaybookRun) -> None:
    """Inventory and variables in the private work folder; sudo's password in a 0600 file."""
    run.workdir.mkdir(mode=0o700, parents=True, exist_ok=True)
    (run.workdir / "inventory.yml").write_text(yaml.safe_dump(inventory(run.target)))
    variables = {"tamas_tree": str(run.tree), **run.extra_vars}
    (run.workdir / "vars.json").write_text(json.dumps(variables))
    if run.target.become_password is not None:
        fd = os.open(run.workdir / "become.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump({"ansible_become_password": run.target.become_password}, handle)


def run_playbook(run: PlaybookRun, on_event: Callable[[Event], None] | None = None) -> Summary:
    write_inputs(run)
    events_path = run.workdir / "events.jsonl"
    events_path.write_text("")
    log_path = run.workdir / "ansible.log"
    events: list[Event] = []
    with open(log_path, "w") as log, open(events_path, encoding="utf-8") as feed:
        proc = subprocess.Popen(
            command(run), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=_environment(events_path), cwd=str(playbooks_dir()),
        )
        pending = ""
        while True:
            finished = proc.poll() is not None
            pending += feed.read()
            *lines, pending = pending.split("\n")
            for line in lines:
                if line.strip():
                    event = json.loads(line)
                    events.append(event)
                    if on_event is not None:
                        on_event(event)
            if finished:
                break
            time.sleep(0.05)
    summary = fold(events)
    if not summary.finished:
        tail = log_path.read_text(errors="replace").strip().splitlines()[-15:]
        raise ApplyError(
            f"ansible-playbook stopped (exit {proc.returncode}) before finishing:\n"
            + "\n".join(tail)
        )
    return summary
