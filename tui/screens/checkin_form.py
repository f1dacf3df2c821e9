"""Placeholder: replaced by the real form."""
from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static

from tui import strings as S
from tui.base import DataModal


class CheckinForm(DataModal):
    BINDINGS = [Binding("escape", "cancel", S.KEY_BACK)]

    def __init__(self, assignment_id):
        super().__init__()

    def compose(self):
        yield Static(S.LOADING)

    def action_cancel(self):
        self.dismiss(False)
