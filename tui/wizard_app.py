"""`tamas wizard`: the installer's setup wizard, one step per profile section.

The app only moves between steps, collects what was typed and shows what
`tui.wizard.draft.check` (the profile loader) says about it; it writes the YAML that
`draft.profile_yaml` makes from the validated model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, ContentSwitcher, Footer, Header

from appliance.files import write_atomic
from tui.screens.help import HelpScreen
from tui.widgets.wizard.review import ReviewPane
from tui.widgets.wizard.step_form import StepForm
from tui.widgets.wizard.step_list import StepList
from tui.wizard.draft import Checked, Values, check, profile_yaml
from tui.wizard.help import WIZARD_HELP
from tui.wizard.steps import steps


@dataclass(frozen=True)
class WizardResult:
    path: Path
    apply_target: str | None = None


class WizardApp(App[WizardResult]):
    CSS_PATH = "styles/wizard.tcss"
    TITLE = "Tamas setup wizard"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "step(1)", "Next step", priority=True),
        Binding("ctrl+b", "step(-1)", "Back", priority=True),
        Binding("ctrl+s", "review", "Review/write", priority=True),
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, values: Values, out_path: Path, origin: str,
                 base: dict[str, Any] | None = None, target: str = "lab") -> None:
        super().__init__()
        self._values, self._base, self._origin = values, base, origin
        self._out, self._target = out_path, target
        self._steps = steps()
        self._index = 0
        self._replace_ok = out_path.resolve() == Path(origin).resolve()
        self.checked: Checked | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield StepList([s.title for s in self._steps] + ["Review"])
            with ContentSwitcher(initial=f"step-{self._steps[0].key}", id="steps"):
                for step in self._steps:
                    yield StepForm(step, self._values)
                yield ReviewPane(str(self._out), self._target)
        yield Footer()

    def on_mount(self) -> None:
        self._go(0)

    @property
    def _last(self) -> int:
        return len(self._steps)  # the review pane's index

    def values(self) -> Values:
        out: Values = {}
        for form in self.query(StepForm):
            out.update(form.values())
        return out

    def _recheck(self) -> None:
        checked = check(self.values(), self._base)
        self.checked = checked
        bad = set()
        for i, (step, form) in enumerate(zip(self._steps, self.query(StepForm), strict=True)):
            problems = checked.for_step(step)
            form.show_problems(problems)
            if problems:
                bad.add(i)
        self.query_one(StepList).show(self._index, bad)
        text = profile_yaml(checked.profile, self._origin) if checked.profile else ""
        self.query_one(ReviewPane).show(checked.all, checked.profile, text)

    def on_step_form_edited(self, _: StepForm.Edited) -> None:
        self._recheck()

    def _go(self, index: int) -> None:
        self._index = max(0, min(self._last, index))
        key = "review" if self._index == self._last else self._steps[self._index].key
        self.query_one(ContentSwitcher).current = f"step-{key}"
        self.sub_title = "Review" if key == "review" else self._steps[self._index].title
        self._recheck()
        pane = self.query_one(f"#step-{key}")
        focusable = pane.query("Input, TextArea, Select, Checkbox").first()
        focusable.focus()

    def action_step(self, delta: int) -> None:
        self._go(self._index + delta)

    def action_review(self) -> None:
        if self._index == self._last:
            self._write(apply=False)
        else:
            self._go(self._last)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(WIZARD_HELP))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._write(apply=event.button.id == "write-apply")

    def _write(self, apply: bool) -> None:
        self._recheck()
        pane = self.query_one(ReviewPane)
        checked = self.checked
        if checked is None or checked.profile is None:
            pane.status("Not written: fix the problems listed below first.")
            return
        path = Path(pane.path).expanduser()
        if path.exists() and not self._replace_ok:
            self._replace_ok = True
            pane.status(f"{path} exists: write again to replace it.")
            return
        try:
            write_atomic(path, profile_yaml(checked.profile, self._origin))
        except OSError as exc:
            pane.status(f"Not written: {path}: {exc.strerror or exc}")
            return
        self.exit(WizardResult(path, pane.target if apply else None))


