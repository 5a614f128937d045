"""A long job's progress for people: each step with the time it started, a live clock.

    with StepClock("Asterisk for Debian 13") as clock:
        clock.step("compiling")         # prints "  [02:14] compiling"

On a terminal a status line shows the current step and the elapsed time, redrawn every
second; elsewhere (logs, CI) only the step lines are printed.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType

from rich.status import Status

from provision.cli.output import console


def clock_text(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class StepClock:
    def __init__(self, title: str, *, quiet: bool = False) -> None:
        self.title = title
        self.quiet = quiet
        self.started = time.monotonic()
        self.current = ""
        self._status: Status | None = None
        self._stop = threading.Event()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def __enter__(self) -> StepClock:
        self.started = time.monotonic()
        if not self.quiet:
            console.print(f"{self.title}:")
            if console.is_terminal:
                self._status = console.status("", refresh_per_second=1)
                self._status.start()
                self._tick()
                threading.Thread(target=self._ticker, daemon=True).start()
        return self

    def _ticker(self) -> None:
        while not self._stop.wait(1.0):
            self._tick()

    def _tick(self) -> None:
        if self._status is not None:
            self._status.update(f"{self.current} ({clock_text(self.elapsed())} elapsed)")

    def step(self, text: str) -> None:
        self.current = text
        if not self.quiet:
            console.print(f"  [{clock_text(self.elapsed())}] {text}", markup=False)
        self._tick()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        if self._status is not None:
            self._status.stop()
        if not self.quiet:
            verdict = "failed" if kind else "done"
            console.print(f"  [{clock_text(self.elapsed())}] {verdict}", markup=False)
