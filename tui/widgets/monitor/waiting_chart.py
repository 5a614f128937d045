"""A live chart of callers waiting (all queues), one bar per poll."""

from __future__ import annotations

from collections import deque

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Sparkline

HISTORY = 120  # polls kept: two minutes at one poll a second


class WaitingChart(Vertical):
    def __init__(self, **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: deque[int] = deque([0], maxlen=HISTORY)

    def compose(self) -> ComposeResult:
        yield Label("waiting: 0", id="waiting-now")
        yield Sparkline(list(self.history), id="waiting-spark")

    def add(self, waiting: int) -> None:
        self.history.append(waiting)
        peak = max(self.history)
        self.query_one("#waiting-now", Label).update(
            f"waiting now {waiting}  (peak {peak} in the last {len(self.history)} polls)")
        self.query_one(Sparkline).data = list(self.history)
