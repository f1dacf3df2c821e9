"""What an unknown unit name in an imported file means: a known unit (the closest ones first,
or any found by searching), a new unit with that name, or nothing (the name is dropped)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from core.services.importing import UnitChoice, UnitProblem, unit_label
from core.units import UnitRecord, search
from tui import strings as S
from tui.base import literal
from tui.widgets.key_bar import KeyBar

RESULTS = 30


class UnitChoiceModal(ModalScreen[UnitChoice | None]):
    DEFAULT_CSS = """
    UnitChoiceModal #uc-dialog { width: 80; max-width: 100%; height: auto; max-height: 100%;
                                 border: thick $primary; background: $panel; padding: 0 1; }
    UnitChoiceModal #uc-message { color: $text-muted; height: auto; max-height: 4; }
    UnitChoiceModal #uc-search { margin-top: 1; }
    UnitChoiceModal #uc-list { height: auto; max-height: 12; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", S.KEY_BACK, id="uc-cancel"),
        Binding("slash", "search", S.UNIT_CHOICE_KEY_SEARCH, id="uc-search-key", key_display="/"),
    ]

    def __init__(self, problem: UnitProblem, records: tuple[UnitRecord, ...]):
        super().__init__()
        self.problem = problem
        self.records = records

    def compose(self) -> ComposeResult:
        with Vertical(id="uc-dialog"):
            yield Static(literal(S.UNIT_CHOICE_TITLE.format(name=self.problem.name)), classes="dialog-title")
            refs = ", ".join(dict.fromkeys(f"[{d + 1}] {r}" for d, r in self.problem.tasks))
            about = S.IMP_PROBLEM_KIND.get(self.problem.kind, "") + " " + S.IMP_PROBLEM_USED.format(refs=refs)
            yield Static(literal(about), id="uc-message")
            yield Input(placeholder=S.UNIT_CHOICE_SEARCH, id="uc-search", compact=True)
            yield OptionList(id="uc-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#uc-list", OptionList).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one("#uc-list", OptionList)
        options.clear_options()
        if query.strip():
            found = [(r.id, unit_label(r, self.records)) for r in search(query, self.records)[:RESULTS]]
        else:
            found = [(o.unit_id, o.label) for o in self.problem.suggestions]
        for unit_id, label in found:
            options.add_option(Option(literal(S.UNIT_CHOICE_USE.format(name=label)), id=f"map:{unit_id}"))
        if query.strip() and not found:
            options.add_option(Option(Text(S.UNIT_CHOICE_NONE_FOUND, style="dim"), id="none", disabled=True))
        options.add_option(Option(literal(S.UNIT_CHOICE_NEW.format(name=self.problem.name)), id="new"))
        options.add_option(Option(S.UNIT_CHOICE_DROP, id="drop"))
        options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#uc-list", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ident = event.option.id or ""
        if ident.startswith("map:"):
            self.dismiss(UnitChoice.map_to(int(ident[4:])))
        elif ident == "new":
            self.dismiss(UnitChoice.new())
        elif ident == "drop":
            self.dismiss(UnitChoice.drop())

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "search":
            return not isinstance(self.focused, Input)
        return True

    def action_search(self) -> None:
        self.set_focus(self.query_one("#uc-search", Input))  # now, not later: see DondocApp.on_event

    def action_cancel(self) -> None:
        self.dismiss(None)
