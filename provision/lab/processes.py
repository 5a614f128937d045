"""Finding and stopping the lab's processes: by PID file, or by their root directory.

Every process started inside the lab (sshd, Asterisk, a shell from `lab exec`) has the
lab's root as /proc/PID/root, so that is how `down` finds them, and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except OSError:
        return False


def read_pid(path: Path) -> int | None:
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if alive(pid) else None


def pids_rooted_at(root: Path) -> list[int]:
    target = str(root.resolve())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.readlink(entry / "root") == target:
                found.append(int(entry.name))
        except OSError:
            continue  # gone meanwhile, or a kernel thread
    return sorted(found)


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def stop(pids: list[int], grace_s: float = 5.0) -> list[int]:
    """SIGTERM, wait up to grace_s, then SIGKILL. Returns the PIDs that were signalled."""
    signalled = []
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
            signalled.append(pid)
        except ProcessLookupError:
            continue
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline and any(alive(p) for p in signalled):
        time.sleep(0.1)
    for pid in signalled:
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return signalled
