"""`tamas campaign start|status|stop`: prepare the state, start the dialer process in the
background, read its results, stop it (only the dialer this campaign started, by PID)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import time as clock
from pathlib import Path

from appliance.errors import InputError
from appliance.profile.load import load_profile
from appliance.profile.model import parse_clock
from appliance.secrets import secrets_for
from provision.campaign.model import NumberState, Spec, State
from provision.campaign.numbers import read_numbers
from provision.campaign.store import campaign_dir, dialer_alive, load_state, save_state

AMI_USER = "tamas"  # manager.conf's user (templates/asterisk/manager.conf.j2)


@dataclass(frozen=True)
class Options:
    name: str
    numbers_csv: Path
    queue: str
    line: str | None
    pace_per_min: int
    hours: str
    retries: int
    retry_after_s: int


def _hours(text: str) -> tuple[clock, clock]:
    try:
        opens, closes = (parse_clock(part.strip()) for part in text.split("-", 1))
    except ValueError:
        raise InputError(f"--hours {text!r}: must be HH:MM-HH:MM, e.g. 09:00-18:00") from None
    if closes <= opens:
        raise InputError(f"--hours {text!r}: the end must be later than the start")
    return opens, closes


def build_spec(profile_path: Path, options: Options) -> tuple[Spec, list[str]]:
    profile = load_profile(profile_path)
    queues = [q.name for q in profile.queues]
    if options.queue not in queues:
        raise InputError(f"--queue {options.queue!r}: not a queue of the profile"
                         f" (queues: {', '.join(queues) or 'none'})")
    lines = {line.name: line for line in profile.lines}
    line = lines.get(options.line or profile.lines[0].name)
    if line is None:
        raise InputError(f"--line {options.line!r}: not a line of the profile"
                         f" (lines: {', '.join(lines)})")
    opens, closes = _hours(options.hours)
    try:
        spec = Spec(
            name=options.name, queue=options.queue, line=line.name,
            caller_id=line.numbers[0] if line.numbers else "",
            pace_per_min=options.pace_per_min, opens=opens, closes=closes,
            timezone=profile.office.timezone, retries=options.retries,
            retry_after_s=options.retry_after_s,
        )
    except ValueError as exc:
        raise InputError(f"campaign: {exc}") from None
    return spec, read_numbers(options.numbers_csv)


def start(profile_path: Path, options: Options, ami_host: str, ami_port: int) -> Path:
    """Write the fresh state and start the dialer; returns the campaign's folder."""
    spec, numbers = build_spec(profile_path, options)
    folder = campaign_dir(profile_path, spec.name)
    if dialer_alive(folder):
        raise InputError(f"campaign {spec.name!r} is already running: stop it first")
    secret = secrets_for(load_profile(profile_path), profile_path).ami
    state = State(spec=spec, numbers=[NumberState(number=n) for n in numbers],
                  started_at=time.time())
    save_state(folder, state)
    with (folder / "dialer.log").open("a") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "provision.campaign.dialer", str(folder), ami_host,
             str(ami_port), AMI_USER],
            stdin=subprocess.PIPE, stdout=log, stderr=log, start_new_session=True, text=True,
        )
    if process.stdin is not None:  # the secret goes over a pipe, never argv or disk
        process.stdin.write(secret + "\n")
        process.stdin.close()
    (folder / "dialer.pid").write_text(f"{process.pid}\n")
    return folder


def status(profile_path: Path, name: str) -> tuple[State, int | None]:
    folder = campaign_dir(profile_path, name)
    return load_state(folder), dialer_alive(folder)


def stop(profile_path: Path, name: str, wait_s: float = 10.0) -> State:
    folder = campaign_dir(profile_path, name)
    state = load_state(folder)
    pid = dialer_alive(folder)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait_s
        while dialer_alive(folder) and time.monotonic() < deadline:
            time.sleep(0.1)
    state = load_state(folder)
    if not state.finished and not state.stopped:
        state = state.model_copy(update={"stopped": True})
        save_state(folder, state)
    return state
