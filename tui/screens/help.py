"""`?`: every key of the screen below, with what it does (greyed where it cannot apply)."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui import strings as S


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", S.KEY_BACK, id="help-close")]

    def __init__(self, below: Screen):
        super().__init__()
        self.below = below
        self.rows = [
            (b.binding.key_display or S.HELP_KEYS.get(key, key),
             S.HELP_BUILTIN.get(b.binding.description, b.binding.description), b.enabled)
            for key, b in below.active_bindings.items() if b.binding.description
        ]

    def compose(self) -> ComposeResult:
        title = getattr(self.below, "HELP_TITLE", None) or type(self.below).__name__
        table = Table(show_header=True, header_style="bold", box=None, expand=True)
        table.add_column(S.HELP_KEY, no_wrap=True)
        table.add_column(S.HELP_ACTION)
        seen = set()
        for key, description, enabled in sorted(self.rows, key=lambda r: r[0]):
            if (key, description) in seen:
                continue
            seen.add((key, description))
            style = "" if enabled else "dim"
            table.add_row(Text(key, style="bold " + style), Text(description, style=style))
        with VerticalScroll(classes="dialog", id="help-dialog"):
            yield Static(S.HELP_TITLE.format(screen=title), classes="dialog-title")
            yield Static(table)
            yield Static(S.HELP_CLOSE, classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)
