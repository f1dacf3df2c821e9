"""Choose the directive the dashboard is about, or all of them."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from core.services.directives import list_directives
from tui import strings as S
from tui.base import DataModal, literal



def _load(ws):
    with ws.session() as s:
        return [(d.id, f"{d.title} — {d.summary[:50]}") for d in list_directives(s)]


class DirectivePicker(DataModal):
    BINDINGS = [Binding("escape", "cancel", S.KEY_BACK, id="picker-cancel")]

    def __init__(self, current: int | None):
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(S.PICKER_TITLE, classes="dialog-title")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self.load(_load, then=self._show)

    def _show(self, items) -> None:
        options = self.query_one(OptionList)
        options.add_option(Option(S.DASH_ALL_DIRECTIVES, id="all"))
        for ident, label in items:
            options.add_option(Option(literal(label), id=str(ident)))
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        ident = event.option.id
        self.dismiss(None if ident == "all" else int(ident))

    def action_cancel(self) -> None:
        self.dismiss(False)
