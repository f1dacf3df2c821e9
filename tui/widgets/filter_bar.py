"""The filter bar of the assignment list: unit (with completion), category, directive, due
range, flag and text search. It posts `FilterBar.Changed` (debounced) with a valid
AssignmentFilter, or shows why a value is not valid and keeps what was typed."""
from __future__ import annotations

import datetime as dt
from time import monotonic

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Select

from core.errors import DondocError
from core.services.assignments import FLAGS, AssignmentFilter, FilterChoices
from core.services.workspace import parse_user_date
from core.text import fold
from tui import strings as S

DEBOUNCE = 0.05  # a burst of typing costs two queries; stale answers are dropped (tui.base)
CATEGORIES = ("overdue", "in_progress", "recurring", "done_late", "done_on_time")


class FoldedSuggester(Suggester):
    """Completes from a list ignoring case and diacritics: "so y" → "Sở Y tế"."""

    def __init__(self, names: list[str] | None = None):
        super().__init__(use_cache=False, case_sensitive=True)
        self.set_names(names or [])

    def set_names(self, names: list[str]) -> None:
        self._names = [(fold(n), n) for n in names]

    async def get_suggestion(self, value: str) -> str | None:
        key = fold(value)
        if not key:
            return None
        for folded, name in self._names:
            if folded.startswith(key) and len(name) > len(value):
                return name
        return None


class FilterBar(Vertical):
    DEFAULT_CSS = """
    FilterBar { height: 2; }
    FilterBar Horizontal { height: 1; }
    FilterBar Input { height: 1; }
    FilterBar Select { height: 1; }
    FilterBar #flt-unit { width: 24; }
    FilterBar #flt-category { width: 20; }
    FilterBar #flt-directive { width: 1fr; }
    FilterBar #flt-due-after { width: 12; }
    FilterBar #flt-due-before { width: 12; }
    FilterBar #flt-flag { width: 24; }
    FilterBar #flt-search { width: 1fr; }
    """

    class Changed(Message):
        def __init__(self, bar: FilterBar, flt: AssignmentFilter) -> None:
            super().__init__()
            self.bar = bar
            self.flt = flt

    class Invalid(Message):
        def __init__(self, bar: FilterBar, message: str) -> None:
            super().__init__()
            self.bar = bar
            self.message = message

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.suggester = FoldedSuggester()
        self._timer = None
        self._fired_at = 0.0  # monotonic time of the last change applied
        self.last_valid = AssignmentFilter()

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Input(placeholder=S.ASSIGN_UNIT_PLACEHOLDER, id="flt-unit", compact=True,
                        suggester=self.suggester)
            yield Select([(S.CATEGORY_SHORT[c], c) for c in CATEGORIES], prompt=S.ASSIGN_CATEGORY_ALL,
                         id="flt-category", compact=True)
            yield Select([], prompt=S.ASSIGN_DIRECTIVE_ALL, id="flt-directive", compact=True)
        with Horizontal():
            yield Input(placeholder=S.ASSIGN_DUE_FROM, id="flt-due-after", compact=True, max_length=10)
            yield Input(placeholder=S.ASSIGN_DUE_TO, id="flt-due-before", compact=True, max_length=10)
            yield Select([(S.FLAG[f], f) for f in FLAGS], prompt=S.ASSIGN_FLAG_ALL, id="flt-flag",
                         compact=True)
            yield Input(placeholder=S.ASSIGN_SEARCH_PLACEHOLDER, id="flt-search", compact=True)

    # --- choices and values ----------------------------------------------------------------------

    def set_choices(self, choices: FilterChoices) -> None:
        self.suggester.set_names(choices.unit_names)
        select = self.query_one("#flt-directive", Select)
        value = select.value
        options = [(title, str(i)) for i, title in choices.directives]
        select.set_options(options)
        if value is not Select.NULL and any(v == value for _t, v in options):
            select.value = value

    def read(self) -> AssignmentFilter:
        """The filter shown; DondocError (Vietnamese) for a value that is not valid."""
        def text(id_: str) -> str | None:
            return self.query_one(id_, Input).value.strip() or None

        def choice(id_: str) -> str | None:
            v = self.query_one(id_, Select).value
            return None if v is Select.NULL else str(v)

        after = self._date("#flt-due-after", S.ASSIGN_DUE_FROM)
        before = self._date("#flt-due-before", S.ASSIGN_DUE_TO)
        if after and before and after > before:
            raise DondocError(S.ASSIGN_BAD_RANGE.format(start=after.strftime("%d/%m/%Y"),
                                                        end=before.strftime("%d/%m/%Y")))
        return AssignmentFilter(unit=text("#flt-unit"), category=choice("#flt-category"),
                                directive=choice("#flt-directive"), due_after=after, due_before=before,
                                search=text("#flt-search"), flag=choice("#flt-flag"))

    def _date(self, id_: str, what: str) -> dt.date | None:
        value = self.query_one(id_, Input).value.strip()
        if not value:
            return None
        try:
            return parse_user_date(value, what)
        except DondocError:
            raise DondocError(S.ASSIGN_BAD_DATE.format(what=what, text=value)) from None

    def show(self, flt: AssignmentFilter) -> None:
        """Put `flt` in the widgets (a saved filter, a drill-in from another screen)."""
        self.query_one("#flt-unit", Input).value = flt.unit or ""
        self.query_one("#flt-search", Input).value = flt.search or ""
        self.query_one("#flt-due-after", Input).value = flt.due_after.strftime("%d/%m/%Y") if flt.due_after else ""
        self.query_one("#flt-due-before", Input).value = (flt.due_before.strftime("%d/%m/%Y")
                                                          if flt.due_before else "")
        self._set_select("#flt-category", _category_value(flt.category))
        directive = flt.directive.lstrip("#") if flt.directive else None
        select = self.query_one("#flt-directive", Select)
        if directive and not any(v == directive for _t, v in select._options):
            select.set_options([(t, v) for t, v in select._options if v is not Select.NULL]
                               + [(directive, directive)])
        self._set_select("#flt-directive", directive)
        self._set_select("#flt-flag", flt.flag)
        self.last_valid = flt

    def _set_select(self, id_: str, value: str | None) -> None:
        select = self.query_one(id_, Select)
        if value is None:
            select.clear()
        else:
            try:
                select.value = value
            except Exception:  # an unknown value: show no choice rather than fail
                select.clear()

    # --- events ----------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._changed()

    def _changed(self) -> None:
        # The first change after a pause applies at once (a clerk's single keystroke costs no
        # wait); changes that follow it within DEBOUNCE are gathered into one, at its end.
        if self._timer is None and monotonic() - self._fired_at >= DEBOUNCE:
            self._fire()
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self._fired_at = monotonic()
        try:
            flt = self.read()
        except DondocError as exc:
            self.post_message(self.Invalid(self, str(exc)))
            return
        self.last_valid = flt
        self.post_message(self.Changed(self, flt))


def _category_value(text: str | None) -> str | None:
    if not text:
        return None
    from core.services.assignments import parse_category

    try:
        cat = parse_category(text)
    except DondocError:
        return None
    return cat.value if cat else None
