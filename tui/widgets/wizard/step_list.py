"""The wizard's side bar: every step, where the installer is, and which steps have problems."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StepList(Static):
    def __init__(self, titles: list[str]) -> None:
        super().__init__(id="step-list")
        self._titles = titles

    def show(self, current: int, bad: set[int]) -> None:
        lines = []
        for i, title in enumerate(self._titles):
            mark = "✗" if i in bad else " "
            pointer = "▶" if i == current else " "
            lines.append(f"{pointer}{mark} {i + 1}. {title}")
        self.update(Content("\n".join(lines)))
