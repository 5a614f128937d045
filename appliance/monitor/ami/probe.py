"""The AMI probe: keeps one AMI connection up and the AmiState current.

On connect: login, fetch full state, then follow events. Events that move counters or
registrations mark them stale and they are re-read (at most once a second). On a drop
the source is marked down with the reason and the probe reconnects with backoff; the
last known state stays readable, flagged by the source state.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from appliance.errors import AmiError
from appliance.monitor.ami.client import AmiConnection
from appliance.monitor.ami.frames import Message
from appliance.monitor.ami.state import AmiState
from appliance.monitor.snapshot import SourceState

BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 8.0)


class AmiProbe:
    def __init__(self, host: str, port: int, username: str, secret: str,
                 clock: Callable[[], float] = time.time, resync_s: float = 30.0,
                 relogin: Callable[[], tuple[str, int, str, str]] | None = None) -> None:
        self.host, self.port, self.username = host, port, username
        self._secret = secret
        # Re-reads (host, port, user, secret) before a reconnect after a refused login:
        # a re-apply may have written a new AMI secret while we were watching.
        self._relogin = relogin
        self._clock, self.resync_s = clock, resync_s
        self.state = AmiState()
        self.source = SourceState(name="ami", connected=False, error="not connected yet")
        self.events_seen = 0
        self.reconnects = 0
        self._conn: AmiConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()  # set after each full-state fetch

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="ami-probe")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def action(self, name: str, fields: Mapping[str, str] | None = None) -> Message:
        if self._conn is None or self._conn.closed.is_set():
            raise AmiError(f"AMI is not connected ({self.source.error or 'reconnecting'})")
        return await self._conn.action(name, fields)

    async def action_list(self, name: str,
                          fields: Mapping[str, str] | None = None) -> list[Message]:
        if self._conn is None or self._conn.closed.is_set():
            raise AmiError(f"AMI is not connected ({self.source.error or 'reconnecting'})")
        return await self._conn.action_list(name, fields)

    async def command(self, text: str) -> str:
        if self._conn is None or self._conn.closed.is_set():
            raise AmiError(f"AMI is not connected ({self.source.error or 'reconnecting'})")
        return await self._conn.command(text)

    def _on_event(self, message: Message) -> None:
        self.events_seen += 1
        self.state.apply(message, self._clock())

    def _mark(self, connected: bool, error: str = "") -> None:
        now = datetime.now(UTC)
        changed = connected != self.source.connected or self.source.since is None
        self.source = SourceState(
            name="ami", connected=connected, error=error,
            since=now if changed else self.source.since,
            last_ok=now if connected else self.source.last_ok,
        )

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                await self._session()
                failures = 0
            except AmiError as exc:
                self._mark(False, str(exc))
                failures += 1
                if "refused" in str(exc) and self._relogin is not None:
                    with contextlib.suppress(AmiError, OSError):
                        self.host, self.port, self.username, self._secret = self._relogin()
            if self._conn is not None:
                await self._conn.close()
                self._conn = None
            self.reconnects += 1
            await asyncio.sleep(BACKOFF_S[min(failures, len(BACKOFF_S) - 1)])

    async def _session(self) -> None:
        conn = await AmiConnection.open(self.host, self.port, self._on_event)
        self._conn = conn
        await conn.login(self.username, self._secret)
        await self.refresh()
        self._mark(True)
        self.ready.set()
        last_full = self._clock()
        while not conn.closed.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(conn.closed.wait(), 1.0)
            if conn.closed.is_set():
                break
            if self._clock() - last_full >= self.resync_s:
                await self.refresh()
                last_full = self._clock()
            else:
                await self._refresh_stale()
        self._mark(False, f"AMI connection lost: {conn.close_reason}")

    async def refresh(self) -> None:
        """Fetch the full state again (on connect, and every resync_s against drift)."""
        conn = self._conn
        if conn is None:
            raise AmiError("AMI is not connected")
        self.state.stale.clear()
        state, clock = self.state, self._clock
        await _listing(conn, "QueueStatus", lambda m: state.load_queue_status(m, clock()))
        await _listing(conn, "PJSIPShowEndpoints", state.load_endpoints)
        await _listing(conn, "PJSIPShowContacts", state.load_contacts)
        for name in state.static_contact_endpoints():
            await _listing(conn, "PJSIPShowEndpoint", state.load_contact_details,
                           {"Endpoint": name})
        await _listing(conn, "PJSIPShowRegistrationsOutbound", state.load_registrations)
        await _listing(conn, "CoreShowChannels", lambda m: state.load_channels(m, clock()))

    async def _refresh_stale(self) -> None:
        conn, stale = self._conn, set(self.state.stale)
        if conn is None or not stale:
            return
        self.state.stale.clear()
        state, clock = self.state, self._clock
        if "queues" in stale:
            await _listing(conn, "QueueStatus", lambda m: state.load_queue_status(m, clock()))
        if "registrations" in stale:
            await _listing(conn, "PJSIPShowRegistrationsOutbound", state.load_registrations)


async def _listing(conn: AmiConnection, action: str,
                   load: Callable[[list[Message]], None],
                   fields: Mapping[str, str] | None = None) -> None:
    """Run a list action; `load` gets its items in wire order (see action_list)."""
    try:
        await conn.action_list(action, fields, on_list=load)
    except AmiError as exc:
        # res_pjsip answers an empty list with `Response: Error` ("No Contacts found").
        if "found" in str(exc).lower() and not conn.closed.is_set():
            load([])
            return
        raise
