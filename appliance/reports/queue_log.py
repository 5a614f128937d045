"""Reading Asterisk's queue_log: plain or gzipped files, in rotation order, streamed.

One event per line: `epoch|callid|queue|agent|event|data1|data2|...`. A line that is not
of that form (a torn last line, binary noise, a bad timestamp) is counted as malformed
and skipped; an event name we do not handle is counted and skipped. Neither ever stops
the report, since a real log has both.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

from appliance.errors import InputError

# Events of app_queue (Asterisk 16-22), plus the two our dialplan writes with QueueLog().
CALL_EVENTS = frozenset(
    {
        "ENTERQUEUE", "CONNECT", "COMPLETECALLER", "COMPLETEAGENT", "TRANSFER",
        "ATTENDEDTRANSFER", "BLINDTRANSFER", "ABANDON", "EXITWITHTIMEOUT", "EXITWITHKEY",
        "EXITEMPTY", "RINGNOANSWER", "RINGCANCELED", "AGENTDUMP", "SURVEY", "BLOCKED",
    }
)  # fmt: skip
MEMBER_EVENTS = frozenset(
    {"ADDMEMBER", "REMOVEMEMBER", "PAUSE", "UNPAUSE", "PAUSEALL", "UNPAUSEALL"}
)
# Known, but they carry nothing a KPI needs (QUEUESTART does: Asterisk restarted).
QUIET_EVENTS = frozenset(
    {
        "QUEUESTART", "CONFIGRELOAD", "SYSCOMPAT", "AGENTLOGIN", "AGENTLOGOFF",
        "AGENTCALLBACKLOGIN", "AGENTCALLBACKLOGOFF", "DID", "INFO", "ENTERQUEUE_EXTRA",
    }
)  # fmt: skip
KNOWN_EVENTS = CALL_EVENTS | MEMBER_EVENTS | QUIET_EVENTS

_EXAMPLES = 5
_ROTATED = re.compile(r"^(?P<base>.+?)(?:(?P<sep>[.-])(?P<num>\d+))?(?:\.gz)?$")


class Event(NamedTuple):
    time: int
    callid: str
    queue: str
    agent: str
    name: str
    data: list[str]


@dataclass
class ParseStats:
    """What the reader saw, for the report's footer: nothing is dropped silently."""

    files: list[str] = field(default_factory=list)
    lines: int = 0
    events: int = 0
    malformed: int = 0
    malformed_examples: list[str] = field(default_factory=list)
    unknown: Counter[str] = field(default_factory=Counter)
    first_time: int | None = None
    last_time: int | None = None

    def bad_line(self, where: str, why: str) -> None:
        self.malformed += 1
        if len(self.malformed_examples) < _EXAMPLES:
            self.malformed_examples.append(f"{where}: {why}")


def rotation_key(path: Path) -> tuple[str, int, int]:
    """Sort key putting rotated logs oldest first: q.3.gz, q.2.gz, q.1, q (or q-20250101.gz)."""
    match = _ROTATED.match(path.name)
    assert match  # the pattern matches any name
    base, sep, num = match.group("base"), match.group("sep"), match.group("num")
    if num is None:
        return (str(path.parent / base), 1, 0)  # the live file comes last
    # logrotate's dateext (q-20250101) grows with time; numbered rotations grow with age
    order = int(num) if sep == "-" else -int(num)
    return (str(path.parent / base), 0, order)


def log_files(paths: Iterable[Path]) -> list[Path]:
    """The files to read, oldest first. A directory means its queue_log and rotations."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            rotated = sorted(path.glob("queue_log*"), key=rotation_key)
            if not rotated:
                raise InputError(f"--queue-log {path}: the folder holds no queue_log file")
            found.extend(p for p in rotated if p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(
                f"--queue-log {path}: no such file; give Asterisk's queue_log"
                " (e.g. /var/log/asterisk/queue_log) or the folder holding it"
            )
    return sorted(dict.fromkeys(found), key=rotation_key)


def _open(path: Path) -> IO[str]:
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def read_events(paths: Iterable[Path], stats: ParseStats) -> Iterator[Event]:
    """Stream the events of `paths` (already in order); count what cannot be used."""
    for path in paths:
        stats.files.append(str(path))
        try:
            with _open(path) as handle:
                yield from _parse_lines(handle, path.name, stats)
        except (EOFError, OSError, zlib.error) as exc:
            # a gzip cut short by a full disk: keep what was read, say the rest is lost
            stats.bad_line(path.name, f"file unreadable from here on ({exc})")


def _parse_lines(lines: Iterable[str], name: str, stats: ParseStats) -> Iterator[Event]:
    # Hot loop (a million lines a few seconds): counters live in locals, stored at the end.
    known = KNOWN_EVENTS
    events, blank = 0, 0
    first = stats.first_time
    last = stats.last_time if stats.last_time is not None else -(2**62)
    number = 0
    try:
        for number, line in enumerate(lines, 1):
            parts = line.rstrip("\r\n").split("|")
            if len(parts) < 5:
                if line.strip():
                    stats.bad_line(f"{name}:{number}", "fewer than 5 '|'-separated fields")
                else:
                    blank += 1  # blank lines are not lines of the log
                continue
            stamp = parts[0]
            if stamp.isdigit():
                t = int(stamp)
            else:
                try:
                    t = int(float(stamp))
                except (ValueError, OverflowError):
                    stats.bad_line(f"{name}:{number}", f"time {stamp[:20]!r} is not epoch seconds")
                    continue
            event = parts[4]
            if event not in known:
                if event.replace("_", "").isalnum():
                    stats.unknown[event[:40]] += 1
                else:
                    stats.bad_line(f"{name}:{number}", f"event {event[:20]!r} is not a name")
                continue
            events += 1
            if t > last:
                last = t
            if first is None or t < first:
                first = t
            yield Event(t, parts[1], parts[2], parts[3], event, parts[5:])
    finally:
        stats.lines += number - blank
        stats.events += events
        stats.first_time = first
        stats.last_time = last if events or stats.last_time is not None else None
