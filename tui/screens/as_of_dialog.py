"""Change the as-of date: the whole workspace is then shown (and written) as of that day."""
from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from core.errors import DondocError
from core.services.workspace import parse_user_date
from tui import strings as S


class AsOfDialog(ModalScreen[dt.date | None]):
    BINDINGS = [Binding("escape", "cancel", S.AS_OF_CANCEL, id="as-of-cancel")]

    def __init__(self, current: dt.date):
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="as-of-dialog"):
            yield Static(S.AS_OF_TITLE, classes="dialog-title")
            yield Static(S.AS_OF_PROMPT)
            yield Input(value=self.current.strftime("%d/%m/%Y"), id="as-of-input")
            yield Static("", classes="field-error", id="as-of-error")
            with Horizontal(classes="buttons"):
                yield Button(S.AS_OF_CANCEL, id="as-of-cancel")
                yield Button(S.AS_OF_APPLY, variant="primary", id="as-of-apply")

    def _parse(self) -> dt.date | None:
        text = self.query_one("#as-of-input", Input).value.strip()
        if not text:
            return dt.date.today()
        return parse_user_date(text)

    def on_input_changed(self, _event: Input.Changed) -> None:
        error = self.query_one("#as-of-error", Static)
        try:
            self._parse()
            error.update("")
        except DondocError as exc:
            error.update(str(exc))

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "as-of-apply":
            self.action_apply()
        else:
            self.dismiss(None)

    def action_apply(self) -> None:
        try:
            self.dismiss(self._parse())
        except DondocError as exc:
            self.query_one("#as-of-error", Static).update(str(exc))

    def action_cancel(self) -> None:
        self.dismiss(None)
