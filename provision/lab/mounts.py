"""The lab root's mounts: what it needs to run services, and how to take them away again.

Only mounts under the lab's own root are touched; they are found in
/proc/self/mountinfo, so `down` unmounts what `up` mounted even after a crash.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from appliance.errors import LabError


@dataclass(frozen=True)
class Mount:
    target: str  # inside the root, e.g. "proc"
    argv: tuple[str, ...]  # `mount` arguments before the target path


def lab_mounts(apt_archives: Path) -> list[Mount]:
    """In mount order; /run is a fresh tmpfs so no PID file outlives the lab."""
    return [
        Mount("proc", ("-t", "proc", "proc")),
        Mount("sys", ("-t", "sysfs", "sysfs")),
        Mount("dev", ("--bind", "/dev")),
        Mount("dev/pts", ("--bind", "/dev/pts")),
        Mount("run", ("-t", "tmpfs", "-o", "mode=0755,size=64m", "tmpfs")),
        # One package cache for every lab: the second Asterisk install downloads nothing.
        Mount("var/cache/apt/archives", ("--bind", str(apt_archives))),
    ]


def _unescape(path: str) -> str:
    # mountinfo escapes space, tab, newline and backslash as octal.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        path = path.replace(code, char)
    return path


def mounted_under(root: Path) -> list[str]:
    """Mount points at or below `root`, in the order they were mounted."""
    prefix = str(root.resolve())
    points = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = _unescape(line.split()[4])
        if point == prefix or point.startswith(prefix + "/"):
            points.append(point)
    return points


def mount_all(root: Path, mounts: list[Mount]) -> None:
    present = set(mounted_under(root))
    for mount in mounts:
        target = root / mount.target
        if str(target.resolve()) in present:
            continue
        target.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            ["mount", *mount.argv, str(target)], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise LabError(f"cannot mount {target}: {result.stderr.strip()}")


def unmount_all(root: Path) -> list[str]:
    """Unmount in reverse; a busy mount is detached lazily. Returns what stays mounted."""
    for point in reversed(mounted_under(root)):
        done = subprocess.run(["umount", point], capture_output=True, check=False)
        if done.returncode != 0:
            subprocess.run(["umount", "-l", point], capture_output=True, check=False)
    return mounted_under(root)
