"""Ask the admin why an agent is paused, from a short list (reports split pause time by it)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList

REASONS = ("break", "lunch", "training", "meeting", "ACW")


class PauseReasonScreen(ModalScreen[str | None]):
    CSS_PATH = "../styles/help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, agent: str) -> None:
        super().__init__()
        self._agent = agent

    def compose(self) -> ComposeResult:
        options = OptionList(*REASONS, id="help-box")
        options.border_title = f"Pause {self._agent}: why?"
        options.border_subtitle = "Enter picks · Esc cancels"
        yield options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(REASONS[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
