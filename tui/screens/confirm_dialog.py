"""A yes / no question (Esc is no)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui import strings as S
from tui.base import literal


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "no", S.KEY_BACK, id="confirm-no")]

    def __init__(self, title: str, message: str, yes: str, no: str):
        super().__init__()
        self.title_text, self.message, self.yes, self.no = title, message, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Static(literal(self.title_text), classes="dialog-title")
            yield Static(literal(self.message), id="confirm-message")
            with Horizontal(classes="buttons"):
                yield Button(self.no, id="confirm-no-button")
                yield Button(self.yes, variant="primary", id="confirm-yes-button")

    def on_mount(self) -> None:
        self.query_one("#confirm-yes-button", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes-button")

    def action_no(self) -> None:
        self.dismiss(False)
