"""The router probe over the RouterOS API (librouteros): health, WAN, voice queue drops.

Blocking (librouteros is synchronous), so the monitor runs `read` in a thread. One
connection is kept and rebuilt after a failure.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import librouteros
from librouteros.exceptions import LibRouterosError

from appliance.monitor.snapshot import Router, SourceState

VOICE_QUEUE = "tamas-voice-up"  # the queue tree entry the router role makes (appliance.router)
_UPTIME = re.compile(r"(\d+)([wdhms])")
_UNIT_S = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_uptime(text: str) -> int | None:
    """RouterOS uptime `1w2d3h4m5s` in seconds."""
    parts = _UPTIME.findall(text or "")
    return sum(int(n) * _UNIT_S[u] for n, u in parts) if parts else None


@dataclass(frozen=True)
class RouterAccess:
    host: str
    port: int
    username: str
    password: str
    wan_interface: str = "ether1"
    timeout: float = 3.0


def connect(a: RouterAccess) -> librouteros.Api:
    """Raises LibRouterosError or OSError; RouterProbe.read turns them into words."""
    return librouteros.connect(a.host, a.username, a.password, port=a.port, timeout=a.timeout)


def read_router(api: librouteros.Api, wan_interface: str) -> Router:
    resource: dict[str, Any] = next(iter(api.path("system", "resource")), {})
    total = float(resource.get("total-memory") or 0)
    free = float(resource.get("free-memory") or 0)
    wan = next((row for row in api.path("interface") if row.get("name") == wan_interface), None)
    voice = next((row for row in api.path("queue", "tree") if row.get("name") == VOICE_QUEUE),
                 None)
    drops = voice.get("dropped") if voice is not None else None
    return Router(
        reachable=True,
        board=str(resource.get("board-name", "")), version=str(resource.get("version", "")),
        cpu_percent=float(resource["cpu-load"]) if "cpu-load" in resource else None,
        memory_percent=round(100 * (total - free) / total, 1) if total else None,
        uptime_s=parse_uptime(str(resource.get("uptime", ""))),
        wan_interface=wan_interface,
        wan_running=(bool(wan.get("running")) and not bool(wan.get("disabled")))
        if wan is not None else None,
        voice_queue=VOICE_QUEUE if voice is not None else "",
        voice_drops=int(drops) if drops not in (None, "") else None,
    )


class RouterProbe:
    def __init__(self, access: RouterAccess) -> None:
        self.access = access
        self._api: librouteros.Api | None = None
        self.source = SourceState(name="router", connected=False, error="not polled yet")
        self.last: Router | None = None

    def read(self) -> Router:
        """One poll; never raises: a failure gives `reachable=False` and the reason."""
        a = self.access
        try:
            if self._api is None:
                self._api = connect(a)
            self.last = read_router(self._api, a.wan_interface)
            self._mark(True)
        except (TimeoutError, LibRouterosError, OSError) as exc:
            self.close()
            self._mark(False, _reason(exc, a))
            self.last = Router(reachable=False, wan_interface=a.wan_interface)
        return self.last

    def _mark(self, connected: bool, error: str = "") -> None:
        now = datetime.now(UTC)
        changed = connected != self.source.connected or self.source.since is None
        self.source = SourceState(name="router", connected=connected, error=error,
                                  since=now if changed else self.source.since,
                                  last_ok=now if connected else self.source.last_ok)

    def close(self) -> None:
        if self._api is not None:
            with contextlib.suppress(LibRouterosError, OSError):
                self._api.close()
            self._api = None


def _reason(exc: Exception, a: RouterAccess) -> str:
    where = f"router API at {a.host}:{a.port}"
    if isinstance(exc, ConnectionRefusedError):
        return f"{where} refused the connection"
    if isinstance(exc, TimeoutError):
        return f"{where} did not answer in {a.timeout:g} s"
    text = str(exc)
    if "password" in text.lower() or "login" in text.lower():
        return f"{where} refused user {a.username!r}"
    return f"{where}: {type(exc).__name__}: {text}"
