"""A message with a title and one way out (Enter or Esc)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui import strings as S


class MessageDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    MessageDialog #message-body { height: auto; max-height: 16; }
    """
    BINDINGS = [Binding("escape,enter", "close", S.IMP_DONE_CLOSE, id="message-close")]

    def __init__(self, title: str, body: Text):
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="message-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(id="message-body"):
                yield Static(self.body, id="message-text")
            with Horizontal(classes="buttons"):
                yield Button(S.IMP_DONE_CLOSE, variant="primary", id="message-close-button")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
