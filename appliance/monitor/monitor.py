"""The monitor service: AMI events plus host and router polls, one Snapshot on demand.

Polls never overlap (dolphie's loop): each background loop arms its next poll only
after the previous one finished. `snapshot()` only folds what the probes hold, so it
is instant and never fails; a source that is down is flagged in the snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from appliance.errors import AmiError, TamasError
from appliance.monitor.ami.probe import AmiProbe
from appliance.monitor.build import build_snapshot
from appliance.monitor.host import HostProbe
from appliance.monitor.router import RouterAccess, RouterProbe
from appliance.monitor.snapshot import Host, QueueToday, Router, Snapshot, SourceState
from appliance.monitor.today import TodayReader
from appliance.monitor.watch import Watch

T = TypeVar("T")


@dataclass(frozen=True)
class AmiAccess:
    host: str
    port: int
    username: str
    secret: str = field(repr=False)
    # Where to read the login again when Asterisk refuses it (a re-apply changed it).
    reread: Callable[[], AmiAccess] | None = field(default=None, repr=False, compare=False)

    def login(self) -> tuple[str, int, str, str]:
        fresh = self.reread() if self.reread else self
        return fresh.host, fresh.port, fresh.username, fresh.secret


class Monitor:
    """The real MonitorService (see appliance.monitor.service)."""

    def __init__(self, watch: Watch, ami: AmiAccess | None, router: RouterAccess | None,
                 host: HostProbe | None, host_every_s: float = 1.0,
                 router_every_s: float = 5.0, today: TodayReader | None = None,
                 today_every_s: float = 30.0) -> None:
        self.watch = watch
        self.ami = AmiProbe(ami.host, ami.port, ami.username, ami.secret,
                            relogin=ami.login if ami.reread else None) if ami else None
        self.router = RouterProbe(router) if router else None
        self.host = host
        self.host_every_s, self.router_every_s = host_every_s, router_every_s
        self._host: Host | None = None
        self._host_source = SourceState(name="host", connected=host is not None,
                                        error="" if host else "not probed for this target")
        self.today, self.today_every_s = today, today_every_s
        self._today: Mapping[str, QueueToday] | None = None
        self.today_error = ""  # why today's counters are missing, when they are
        self._tasks: list[asyncio.Task[None]] = []
        # Our own threads for the blocking probes (psutil, librouteros, the queue_log):
        # stop() does not wait for a probe stuck in a read, so leaving never hangs.
        self._threads = ThreadPoolExecutor(max_workers=3, thread_name_prefix="tamas-probe")

    async def start(self) -> None:
        if self._tasks:
            return
        if self.ami is not None:
            await self.ami.start()
        if self.host is not None:
            self._tasks.append(asyncio.create_task(self._loop(self._poll_host,
                                                              self.host_every_s)))
        if self.router is not None:
            self._tasks.append(asyncio.create_task(self._loop(self._poll_router,
                                                              self.router_every_s)))
        if self.today is not None:
            self._tasks.append(asyncio.create_task(self._loop(self._poll_today,
                                                              self.today_every_s)))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=2.0)
        self._tasks = []
        if self.ami is not None:
            await asyncio.wait_for(self.ami.stop(), 5.0)
        self._threads.shutdown(wait=False, cancel_futures=True)
        if self.router is not None:
            self.router.close()

    async def wait_ready(self, timeout: float) -> None:
        """Wait for AMI's first full state (or give up after `timeout`), and one poll of
        host and router: what `tamas status` needs before its one snapshot."""
        jobs = [self._poll_host(), self._poll_router(), self._poll_today()]
        if self.ami is not None:
            jobs.append(_wait_ready(self.ami, timeout))
        await asyncio.gather(*jobs)

    @staticmethod
    async def _loop(poll: Callable[[], Awaitable[None]], every_s: float) -> None:
        while True:
            await poll()
            await asyncio.sleep(every_s)  # armed only after the poll finished

    async def _poll_host(self) -> None:
        if self.host is None:
            return
        try:
            self._host = await self._in_thread(self.host.read)
            self._host_source = SourceState(name="host", connected=True,
                                            last_ok=datetime.now(UTC))
        except OSError as exc:
            self._host_source = SourceState(name="host", connected=False, error=str(exc),
                                            since=datetime.now(UTC))

    async def _poll_today(self) -> None:
        if self.today is None:
            return
        try:
            self._today = await self._in_thread(self.today)
            self.today_error = ""
        except (OSError, TamasError) as exc:
            self.today_error = str(exc)  # keep the last good counters

    async def _poll_router(self) -> None:
        if self.router is not None:
            await self._in_thread(self.router.read)

    async def _in_thread(self, call: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._threads, call)

    def snapshot(self) -> Snapshot:
        sources = []
        if self.ami is not None:
            sources.append(self.ami.source)
        if self.host is not None:
            sources.append(self._host_source)
        router: Router | None = None
        if self.router is not None:
            sources.append(self.router.source)
            router = self.router.last
        return build_snapshot(self.watch, self.ami.state if self.ami else None, sources,
                              self._host, router, datetime.now(UTC), self._today)

    # --- the admin's agent actions, through AMI ----------------------------------------
    async def pause_member(self, queue: str | None, interface: str, reason: str) -> None:
        fields = {"Interface": interface, "Paused": "true", "Reason": reason}
        await self._queue_action("QueuePause", queue, fields)

    async def unpause_member(self, queue: str | None, interface: str) -> None:
        await self._queue_action("QueuePause", queue, {"Interface": interface,
                                                       "Paused": "false"})

    async def remove_member(self, queue: str | None, interface: str) -> None:
        if queue is not None:
            await self._queue_action("QueueRemove", queue, {"Interface": interface})
            return
        if self.ami is None:
            raise AmiError("AMI is not configured for this target")
        queues = [q.name for q in self.ami.state.queues.values() if interface in q.members]
        if not queues:
            raise AmiError(f"{interface} is not a member of any queue")
        static = [q.name for q in self.ami.state.queues.values()
                  if interface in q.members and q.members[interface].membership == "static"]
        if static == queues:  # Asterisk would refuse each with "Member not dynamic"
            raise AmiError(
                f"{interface} is a static member of {', '.join(static)} (the profile's"
                " queue members): a static member cannot be logged out; pause them instead")
        for name in queues:
            await self._queue_action("QueueRemove", name, {"Interface": interface})

    async def _queue_action(self, action: str, queue: str | None,
                            fields: dict[str, str]) -> None:
        if self.ami is None:
            raise AmiError("AMI is not configured for this target")
        if queue is not None:
            fields = {**fields, "Queue": queue}
        try:
            await self.ami.action(action, fields)
        except AmiError as exc:
            target = f" in queue {queue}" if queue else ""
            raise AmiError(f"{action} {fields['Interface']}{target}: {exc}") from None


async def _wait_ready(probe: AmiProbe, timeout: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(probe.ready.wait(), timeout)
