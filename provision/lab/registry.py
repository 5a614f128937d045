"""Which loopback block each lab owns: 127.N.0.0/24, N from a small registry file.

A lab's block is chosen once and remembered in `<lab home>/registry.json`, so it never
moves. The first choice is derived from the name (1 + crc32(name) mod 254); when that
block is taken by another name the next free N is used. N = 0 is never handed out:
127.0.0.0/24 holds the host's own 127.0.0.1 services.
"""

from __future__ import annotations

import fcntl
import json
import re
import zlib
from pathlib import Path

from appliance.errors import InputError, LabError

_NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,23}$")
BLOCKS = range(1, 255)


def check_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise InputError(
            f"lab name {name!r}: must be a short lower-case name (a letter, then letters,"
            " digits or '-', at most 24), e.g. 'default' or 'render'"
        )
    return name


def preferred_block(name: str) -> int:
    return BLOCKS[zlib.crc32(name.encode()) % len(BLOCKS)]


def choose_block(name: str, taken: dict[str, int]) -> int:
    """Pure rule: the name's own block if it is already its own or free, else the next free."""
    if name in taken:
        return taken[name]
    used = set(taken.values())
    start = BLOCKS.index(preferred_block(name))
    for step in range(len(BLOCKS)):
        block = BLOCKS[(start + step) % len(BLOCKS)]
        if block not in used:
            return block
    raise LabError("every loopback block 127.1-254.0.0/24 is taken: remove unused labs")


def block_for(name: str, home: Path) -> int:
    """The lab's block, registering it on first use (under a file lock)."""
    check_name(name)
    home.mkdir(parents=True, exist_ok=True)
    registry = home / "registry.json"
    with open(home / "registry.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        taken: dict[str, int] = {}
        if registry.exists():
            taken = {str(k): int(v) for k, v in json.loads(registry.read_text()).items()}
        block = choose_block(name, taken)
        if taken.get(name) != block:
            taken[name] = block
            tmp = registry.with_suffix(".tmp")
            tmp.write_text(json.dumps(taken, indent=2, sort_keys=True) + "\n")
            tmp.replace(registry)
        return block
