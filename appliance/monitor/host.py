"""The host probe (psutil): CPU, memory, load, disk of the recordings, Asterisk's process.

`root` confines the Asterisk search to processes running inside that root directory:
a lab appliance shares this machine's kernel with other labs, and each has its own
Asterisk. On a real appliance root is `/`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import psutil

from appliance.monitor.snapshot import Host, Process

RECORDINGS_DIR = "var/spool/asterisk/monitor"  # the callcenter role's default, under root
MIN_INTERVAL_S = 0.25


class HostProbe:
    def __init__(self, root: Path = Path("/"), recordings: Path | None = None) -> None:
        self.root = root.resolve()
        self.recordings = recordings or self.root / RECORDINGS_DIR
        self._asterisk: psutil.Process | None = None
        psutil.cpu_percent(interval=None)  # primes the counter: the next call measures since now
        self._primed_at = time.monotonic()

    def read(self) -> Host:
        # CPU use is measured between two reads; give the first one a fair interval.
        time.sleep(max(0.0, MIN_INTERVAL_S - (time.monotonic() - self._primed_at)))
        memory = psutil.virtual_memory()
        load1, load5, load15 = os.getloadavg()
        disk_path = _existing(self.recordings)
        disk = psutil.disk_usage(str(disk_path))
        return Host(
            cpu_percent=psutil.cpu_percent(interval=None),
            memory_percent=memory.percent,
            load1=round(load1, 2), load5=round(load5, 2), load15=round(load15, 2),
            disk_path=str(disk_path), disk_percent=disk.percent, disk_free_bytes=disk.free,
            asterisk=self._asterisk_process(),
        )

    def _asterisk_process(self) -> Process | None:
        proc = self._asterisk
        if proc is None or not proc.is_running():
            proc = self._asterisk = self._find_asterisk()
        if proc is None:
            return None
        try:
            with proc.oneshot():
                # cpu_percent of a Process also measures since its previous call
                return Process(pid=proc.pid, cpu_percent=proc.cpu_percent(interval=None),
                               rss_bytes=proc.memory_info().rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            self._asterisk = None
            return None

    def _find_asterisk(self) -> psutil.Process | None:
        for proc in psutil.process_iter(["name"]):
            if proc.info["name"] != "asterisk" or not _inside(proc.pid, self.root):
                continue
            try:
                cmdline = proc.cmdline()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            if "-r" in cmdline or "-rx" in cmdline or "-x" in cmdline:
                continue  # a remote console (`asterisk -rx ...`), not the server
            proc.cpu_percent(interval=None)
            return proc
        return None


def _inside(pid: int, root: Path) -> bool:
    try:
        return Path(os.readlink(f"/proc/{pid}/root")).resolve() == root
    except OSError:
        return False


def _existing(path: Path) -> Path:
    # Before the first recording the folder may not exist: measure the disk it will be on.
    while not path.exists() and path != path.parent:
        path = path.parent
    return path
