"""One dialog for every error: the message in Vietnamese, literally, and a way out."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui import strings as S
from tui.base import literal


class ErrorDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", S.ERROR_CLOSE, id="error-close")]

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="error-dialog"):
            yield Static(S.ERROR_TITLE, classes="dialog-title error-text")
            yield Static(literal(self.message), id="error-message")
            with Horizontal(classes="buttons"):
                yield Button(S.ERROR_CLOSE, variant="primary", id="error-close")

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
