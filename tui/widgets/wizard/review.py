"""The wizard's last step: every problem left, the plan's findings, the YAML, and writing it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from appliance.errors import FieldProblem, TamasError
from appliance.plan.model import Plan
from appliance.plan.planner import plan
from appliance.profile.model import Profile

_MARK = {"ok": "✓", "warn": "!", "error": "✗"}


def findings_text(found: Plan) -> str:
    lines = [f"Plan for {found.office}:"]
    for f in found.findings:
        lines.append(f"{_MARK[f.severity]} {f.severity:<5} {f.message}")
        if f.recommendation:
            lines.append(f"        → {f.recommendation}")
    return "\n".join(lines)


class ReviewPane(VerticalScroll):
    """Shows the draft as a whole; the app writes it when asked."""

    def __init__(self, path: str, target: str) -> None:
        super().__init__(id="step-review", classes="step-form")
        self._path, self._target = path, target

    def compose(self) -> ComposeResult:
        yield Static("[b]Review[/b]: fix what is listed, then write the profile.",
                     classes="intro")
        with Horizontal(classes="field"):
            yield Label("Write to", classes="label")
            yield Input(self._path, id="out-path", compact=True)
        with Horizontal(classes="field"):
            yield Label("Apply to (--target)", classes="label")
            yield Input(self._target, id="out-target", compact=True)
        with Horizontal(classes="buttons"):
            yield Button("Write profile", id="write", variant="primary", compact=True)
            yield Button("Write and apply", id="write-apply", compact=True)
        yield Static("", id="review-status")
        yield Static("", id="review-problems", classes="problems")
        yield Static("", id="review-plan")
        yield Static("", id="review-yaml", classes="yaml")

    @property
    def path(self) -> str:
        return self.query_one("#out-path", Input).value.strip()

    @property
    def target(self) -> str:
        return self.query_one("#out-target", Input).value.strip()

    def show(self, problems: list[FieldProblem], profile: Profile | None, text: str) -> None:
        box = self.query_one("#review-problems", Static)
        if problems:
            box.update(Content("\n".join(f"✗ {p}" for p in problems)))
        else:
            box.update("✓ the profile is valid")
        box.set_class(bool(problems), "-bad")
        self.query_one("#review-plan", Static).update(Content(self._plan(profile)))
        self.query_one("#review-yaml", Static).update(Content(text))
        for button in self.query(Button):
            button.disabled = profile is None

    def _plan(self, profile: Profile | None) -> str:
        if profile is None:
            return ""
        try:
            return findings_text(plan(profile))
        except TamasError as exc:
            return "\n".join(exc.lines())

    def status(self, text: str) -> None:
        self.query_one("#review-status", Static).update(Content(text))
