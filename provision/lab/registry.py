"""Which loopback block each lab owns: 127.N.0.0/24, N from one registry per machine.

A lab is known by its lab home and its name, so two checkouts' `default` labs are two
labs. Blocks are handed out from one machine-wide file (`/var/lib/tamas/lab-blocks.json`,
or $TAMAS_LAB_REGISTRY), so labs of different checkouts never share a block. A block is
chosen once and never moves. The first choice is derived from the name (1 + crc32(name)
mod 254); a block that another lab holds, or where something already listens, is passed
over for the next free one. N = 0 is never handed out: 127.0.0.0/24 holds the host's own
127.0.0.1 services. Entries of lab homes that no longer exist are dropped.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import zlib
from collections.abc import Iterable
from pathlib import Path

from appliance.errors import InputError, LabError

_NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,23}$")
BLOCKS = range(1, 255)
_DEFAULT_REGISTRY = Path("/var/lib/tamas/lab-blocks.json")
_PROC_NET = (Path("/proc/net/tcp"), Path("/proc/net/udp"))


def check_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise InputError(
            f"lab name {name!r}: must be a short lower-case name (a letter, then letters,"
            " digits or '-', at most 24), e.g. 'default' or 'render'"
        )
    return name


def preferred_block(name: str) -> int:
    return BLOCKS[zlib.crc32(name.encode()) % len(BLOCKS)]


def choose_block(
    name: str, taken: dict[str, int], busy: Iterable[int] = (), key: str | None = None
) -> int:
    """Pure rule: the lab's registered block, else its own block if free, else the next free.

    `taken` maps registry keys to blocks; `busy` are blocks where something listens.
    """
    key = key or name
    if key in taken:
        return taken[key]
    used = set(taken.values()) | set(busy)
    start = BLOCKS.index(preferred_block(name))
    for step in range(len(BLOCKS)):
        block = BLOCKS[(start + step) % len(BLOCKS)]
        if block not in used:
            return block
    raise LabError("every loopback block 127.1-254.0.0/24 is taken: remove unused labs")


def listening_blocks(tables: Iterable[str]) -> set[int]:
    """Blocks N with a socket bound on 127.N.x.x, from /proc/net/{tcp,udp} texts."""
    found: set[int] = set()
    for text in tables:
        for line in text.splitlines()[1:]:
            fields = line.split()
            if len(fields) < 2 or ":" not in fields[1]:
                continue
            address = fields[1].split(":")[0]
            if len(address) != 8:
                continue
            octets = bytes.fromhex(address)[::-1]  # little-endian on every Linux we run on
            if octets[0] == 127:
                found.add(octets[1])
    return found


def registry_path() -> Path:
    env = os.environ.get("TAMAS_LAB_REGISTRY")
    return Path(env) if env else _DEFAULT_REGISTRY


def _key(name: str, home: Path) -> str:
    return f"{home.resolve()}::{name}"


def _live(taken: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in taken.items() if Path(k.rsplit("::", 1)[0]).is_dir()}


def block_for(name: str, home: Path) -> int:
    """The lab's block, registering it on first use (under a file lock)."""
    check_name(name)
    home.mkdir(parents=True, exist_ok=True)
    registry = registry_path()
    registry.parent.mkdir(parents=True, exist_ok=True)
    with open(registry.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        taken: dict[str, int] = {}
        if registry.exists():
            taken = {str(k): int(v) for k, v in json.loads(registry.read_text()).items()}
        taken = _live(taken)
        key = _key(name, home)
        busy: set[int] = set()
        if key not in taken:
            busy = listening_blocks(p.read_text() for p in _PROC_NET if p.exists())
        block = choose_block(name, taken, busy, key)
        taken[key] = block
        tmp = registry.with_suffix(".tmp")
        tmp.write_text(json.dumps(taken, indent=2, sort_keys=True) + "\n")
        tmp.replace(registry)
        return block
