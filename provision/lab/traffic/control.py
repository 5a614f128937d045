"""Starting, finding and stopping the lab's traffic process (by its PID file).

    start(lab, profile, options)   # -> TrafficState once its parties are up
    state(lab)                     # what status.json says, and whether it runs
    stop(lab)                      # SIGTERM, wait, then its SIPps by PID if it died
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appliance.assets import asset_root
from appliance.errors import InputError, LabError
from appliance.profile.load import load_profile
from provision.lab import processes
from provision.lab.lab import Lab
from provision.lab.overlay import overlay_profile
from provision.lab.traffic import files, mix
from provision.lab.traffic.driver import Options


@dataclass
class TrafficState:
    running: bool
    pid: int | None
    status: dict[str, Any] = field(default_factory=dict)
    log: Path | None = None


def _dir(lab: Lab) -> Path:
    return lab.state / "traffic"


def _pid_file(lab: Lab) -> Path:
    return lab.state / "traffic.pid"


def state(lab: Lab) -> TrafficState:
    pid = processes.read_pid(_pid_file(lab))
    try:
        status = json.loads((_dir(lab) / "status.json").read_text())
    except (OSError, ValueError):
        status = {}
    return TrafficState(pid is not None, pid, status, _dir(lab) / "traffic.log")


def applied_profile(lab: Lab) -> Path:
    path = lab.applied_profile()
    if path is None:
        raise InputError(
            f"lab {lab.name!r} has no applied profile: run tamas apply PROFILE --target lab"
            f" --lab {lab.name} first, or give --profile PROFILE"
        )
    return path


def start(lab: Lab, profile: Path, options: Options, wait_s: float = 90) -> TrafficState:
    """Start the traffic process and wait (bounded) until its phones and provider are up."""
    if shutil.which("sipp") is None:
        raise LabError("lab traffic needs SIPp: apt-get install -y sip-tester")
    if not lab.status().running:
        raise LabError(f"lab {lab.name!r} is not running: run tamas lab up --name {lab.name}")
    current = state(lab)
    if current.running:
        raise InputError(f"lab {lab.name!r}: traffic already runs (pid {current.pid});"
                         f" stop it with tamas lab --name {lab.name} traffic --stop")
    # Bad input fails here, in the command, not later in the background.
    loaded = overlay_profile(load_profile(profile), lab.addresses)
    mix.traffic_setup(loaded, lab.addresses, agents=options.agents)
    workdir = _dir(lab)
    workdir.mkdir(parents=True, exist_ok=True)
    workdir.chmod(0o700)
    (workdir / "status.json").unlink(missing_ok=True)
    argv = [sys.executable, "-m", "provision.lab.traffic", "--lab", lab.name,
            "--home", str(lab.home), "--profile", str(profile.resolve()),
            "--calls-per-hour", str(options.calls_per_hour),
            "--duration", str(options.duration_min)]
    if options.agents is not None:
        argv += ["--agents", str(options.agents)]
    if options.seed is not None:
        argv += ["--seed", str(options.seed)]
    with open(workdir / "driver.out", "a") as out:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True,
                                   cwd=str(asset_root()))
    _pid_file(lab).write_text(f"{process.pid}\n")
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        now = state(lab)
        if process.poll() is not None:
            raise LabError(f"the lab's traffic stopped at once (exit {process.returncode});"
                           f" see {workdir / 'traffic.log'} and {workdir / 'driver.out'}")
        if now.status.get("ready"):
            return now
        time.sleep(0.3)
    return state(lab)


def stop(lab: Lab, grace_s: float = 20.0) -> list[int]:
    """Stop the traffic by its PID; then any SIPp it left behind (also by PID)."""
    stopped: list[int] = []
    pid = processes.read_pid(_pid_file(lab))
    if pid is not None and _is_traffic(pid):
        stopped += processes.stop([pid], grace_s=grace_s)
    leftovers = [p for p in files.read_pids(_dir(lab) / "sipp.pids")
                 if processes.alive(p) and processes.command_of(p) == "sipp"]
    stopped += processes.stop(leftovers)
    _pid_file(lab).unlink(missing_ok=True)
    return stopped


def _is_traffic(pid: int) -> bool:
    """The PID file's process is ours only if its command line says so (PIDs get reused)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"provision.lab.traffic" in argv
