"""The monitor service interface: what `tamas status`, the dashboard and the doctor call.

`MonitorService` is the Protocol (a fake in TUI tests implements it); `Monitor` in
appliance.monitor.monitor is the real one over AMI, psutil and the RouterOS API.
"""

from __future__ import annotations

from typing import Protocol

from appliance.monitor.snapshot import Snapshot


class MonitorService(Protocol):
    async def start(self) -> None:
        """Connect the probes; returns at once, reconnection runs in the background."""

    async def stop(self) -> None:
        """Close every connection and background task."""

    def snapshot(self) -> Snapshot:
        """The state now; never blocks, never raises for a source that is down."""

    async def pause_member(self, queue: str | None, interface: str, reason: str) -> None:
        """Pause an agent (in every queue when queue is None); raises AmiError."""

    async def unpause_member(self, queue: str | None, interface: str) -> None:
        """Unpause an agent; raises AmiError."""

    async def remove_member(self, queue: str | None, interface: str) -> None:
        """Log an agent out (QueueRemove; in every queue of theirs when None); AmiError."""
