"""One wizard step as a form: a label and an input per field, and the step's problems."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from appliance.errors import FieldProblem
from tui.wizard.draft import Values
from tui.wizard.steps import FieldSpec, Step


def widget_id(key: str) -> str:
    return "f-" + key.replace(".", "-")


def _owns(spec: FieldSpec, path: str) -> bool:
    """A problem at `phones[2].mac` belongs to the `phones` field."""
    return path == spec.key or path.startswith((spec.key + ".", spec.key + "["))


class StepForm(VerticalScroll):
    """Fields of one step, built from its `Step` description."""

    class Edited(Message):
        """Something in the form changed; the app re-checks the draft."""

    def __init__(self, step: Step, values: Values, **kwargs: object) -> None:
        super().__init__(id=f"step-{step.key}", classes="step-form", **kwargs)  # type: ignore[arg-type]
        self.step = step
        self._initial = values

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{self.step.title}[/b]: {self.step.intro}", classes="intro")
        for spec in self.step.fields:
            if spec.kind == "rows":
                yield Label(spec.label, classes="rows-label")
                yield self._editor(spec)
                yield Static(Content(spec.hint), classes="hint")
            else:
                with Horizontal(classes="field"):
                    yield Label(spec.label, classes="label")
                    yield self._editor(spec)
                if spec.hint:
                    yield Static(Content(spec.hint), classes="hint")
        yield Static("", classes="problems", id=f"problems-{self.step.key}")

    def _editor(self, spec: FieldSpec) -> Widget:
        value = self._initial.get(spec.key, "")
        wid = widget_id(spec.key)
        if spec.kind == "check":
            return Checkbox("", value=bool(value), id=wid, compact=True)
        if spec.kind == "select":
            options = [(o, o) for o in spec.options]
            chosen = str(value) if str(value) in spec.options else spec.options[0]
            return Select(options, value=chosen, allow_blank=False, id=wid, compact=True)
        if spec.kind == "rows":
            return TextArea(str(value), id=wid, placeholder=f"e.g. {spec.placeholder}",
                            soft_wrap=False, classes="rows")
        hint = spec.placeholder if spec.placeholder == "optional" else f"e.g. {spec.placeholder}"
        return Input(str(value), placeholder=hint, id=wid, compact=True)

    def values(self) -> Values:
        out: Values = {}
        for spec in self.step.fields:
            widget = self.query_one(f"#{widget_id(spec.key)}")
            if isinstance(widget, Checkbox):
                out[spec.key] = widget.value
            elif isinstance(widget, Select):
                out[spec.key] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, TextArea):
                out[spec.key] = widget.text
            elif isinstance(widget, Input):
                out[spec.key] = widget.value
        return out

    def show_problems(self, problems: list[FieldProblem]) -> None:
        for spec in self.step.fields:
            wrong = any(_owns(spec, p.path) for p in problems)
            self.query_one(f"#{widget_id(spec.key)}").set_class(wrong, "-invalid")
        box = self.query_one(f"#problems-{self.step.key}", Static)
        text = "\n".join(f"✗ {p}" for p in problems) if problems else "✓ no problems"
        box.update(Content(text))  # plain: the problems quote what was typed
        box.set_class(bool(problems), "-bad")

    def on_input_changed(self, _: Input.Changed) -> None:
        self.post_message(self.Edited())

    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        self.post_message(self.Edited())

    def on_select_changed(self, _: Select.Changed) -> None:
        self.post_message(self.Edited())

    def on_checkbox_changed(self, _: Checkbox.Changed) -> None:
        self.post_message(self.Edited())
