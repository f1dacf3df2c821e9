"""3 Nhiệm vụ: every assignment, filtered, sorted and paged in SQL — the screen clerks live in."""
from __future__ import annotations

import datetime as dt
import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from core.errors import DondocError
from core.services.assignments import (
    AssignmentFilter,
    AssignmentRow,
    FilterChoices,
    count_matching,
    load_filter_choices,
    load_page,
)
from core.services.saved_filters import StoredFilter, delete_for_clerk, list_for_clerk, save_for_clerk
from core.text import group_digits
from tui import strings as S
from tui.base import DataModal, SectionScreen, literal
from tui.widgets.assignment_table import CATEGORY_STYLE, due_text
from tui.widgets.filter_bar import FilterBar
from tui.widgets.paged_table import PAGE_SIZE, PagedTable

# (sort key = column key, label); `s` cycles through them in this order.
COLUMNS = [("id", S.ASSIGN_COL_ID), ("directive", S.ASSIGN_COL_DIRECTIVE), ("path", S.ASSIGN_COL_PATH),
           ("task", S.ASSIGN_COL_TASK), ("unit", S.ASSIGN_COL_UNIT), ("role", S.ASSIGN_COL_ROLE),
           ("due", S.ASSIGN_COL_DUE), ("category", S.ASSIGN_COL_STANDING)]
LABELS = dict(COLUMNS)


def short_directive(title: str) -> str:
    """"Kế hoạch ngày 14/08/2021" → "KH 14/08/21"; "Quyết định 855/QĐ-UBND" → "QĐ 855"."""
    m = re.match(r"^(.*?) ngày (\d\d/\d\d)/\d\d(\d\d)$", title)
    if m:
        kind, rest = m.group(1), f"{m.group(2)}/{m.group(3)}"
    else:
        parts = title.split(" ")
        kind = " ".join(p for p in parts if "/" not in p and not p[:1].isdigit())
        rest = next((p.split("/")[0] for p in parts if "/" in p or p[:1].isdigit()), "")
    initials = "".join(w[0].upper() for w in kind.split() if w)
    return f"{initials} {rest}".strip()


def fetch_page(ws, flt: AssignmentFilter, sort: str, descending: bool, offset: int,
               known_total: int | None = None, limit: int = PAGE_SIZE):
    """A page (not counted: `fetch_count` follows), or the DondocError a filter value caused
    (shown beside the filters, not as a dialog: the clerk is still typing)."""
    return _or_error(load_page, ws, flt, sort, descending, offset, limit, known_total, count=False)


def fetch_count(ws, flt: AssignmentFilter):
    """How many assignments match, or the DondocError (as fetch_page)."""
    return _or_error(count_matching, ws, flt)


def _or_error(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DondocError as exc:
        return exc


NARROW_KEYS = ["path", "task", "unit", "role", "due", "category"]


class AssignmentsScreen(SectionScreen):
    HELP_TITLE = S.SECTION_ASSIGNMENTS
    DEFAULT_CSS = """
    AssignmentsScreen #assign-status { height: 1; padding: 0 1; color: $text-muted; }
    AssignmentsScreen #assign-status.-error { color: $error; }
    AssignmentsScreen FilterBar { padding: 0 1; }
    AssignmentsScreen PagedTable { scrollbar-size-vertical: 1; }
    """
    BINDINGS = [
        Binding("enter", "open", S.KEY_OPEN, id="assign-open", show=False),
        Binding("slash", "search", S.KEY_SEARCH, id="assign-search", key_display="/"),
        Binding("n", "checkin", S.KEY_CHECKIN, id="assign-checkin"),
        Binding("x", "confirm", S.KEY_CONFIRM, id="assign-confirm"),
        Binding("g", "extension", S.KEY_EXTENSION, id="assign-extension"),
        Binding("s", "sort", S.ASSIGN_KEY_SORT, id="assign-sort"),
        Binding("S", "reverse", S.ASSIGN_KEY_REVERSE, id="assign-reverse", show=False),
        Binding("c", "clear", S.ASSIGN_KEY_CLEAR, id="assign-clear", show=False),
        Binding("f", "save_filter", S.ASSIGN_KEY_SAVE_FILTER, id="assign-save-filter"),
        Binding("F", "saved_filters", S.ASSIGN_KEY_SAVED_FILTERS, id="assign-saved-filters", show=False),
        Binding("escape", "to_table", S.ASSIGN_KEY_TABLE, id="assign-to-table", show=False),
    ]

    def __init__(self):
        super().__init__()
        self.flt = AssignmentFilter()
        self.sort = "due"
        self.descending = False
        self.as_of: dt.date | None = None
        self.error: str | None = None
        self._gen = 0
        self._narrow: bool | None = None
        self._pending_filter: AssignmentFilter | None = None
        self._choices_asked = False  # the filter bar's units and directives

    def compose_body(self) -> ComposeResult:
        yield FilterBar(id="assign-filters")
        yield Static("", id="assign-status")
        yield PagedTable(self._cells, lambda r: str(r.id), id="assign-table")

    def on_mount(self) -> None:
        self._layout_columns()
        if self._pending_filter is not None:
            flt, self._pending_filter = self._pending_filter, None
            self.query_one(FilterBar).show(flt)
            self.flt = flt
        self.query_one(PagedTable).focus()
        # SectionScreen.on_mount (header, first refresh_data) runs after this: Textual calls
        # the handler of every class in the MRO.

    @property
    def table(self) -> PagedTable:
        return self.query_one("#assign-table", PagedTable)

    # --- columns and cells -----------------------------------------------------------------------

    def _layout_columns(self) -> None:
        width = self.size.width or self.app.size.width
        narrow = width < 100
        self._narrow = narrow
        # At 80 columns the id and the directive give way: the path must show whole.
        keys = NARROW_KEYS if narrow else [k for k, _label in COLUMNS]
        fixed = {"id": 5, "directive": 12, "path": 9, "unit": 13 if narrow else 22,
                 "role": 5 if narrow else 8, "due": 5 if narrow else 8, "category": 16 if narrow else 20}
        used = sum(fixed[k] for k in keys if k != "task") + 2 * len(keys) + 1  # cell padding, scrollbar
        widths = {**fixed, "task": max(12, width - used)}
        labels = dict(COLUMNS, role=S.ASSIGN_COL_ROLE_SHORT) if narrow else dict(COLUMNS)
        self.table.set_columns([(key, self._header(key, labels[key]), widths[key]) for key in keys])

    def _header(self, key: str, label: str) -> Text:
        if key == self.sort:
            return Text(label + ("↓" if self.descending else "↑"), style="bold")
        return Text(label)

    def _cells(self, r: AssignmentRow) -> tuple:
        as_of = self.as_of or self.app.ws.today
        narrow = bool(self._narrow)
        st = r.standing
        status = Text(S.CATEGORY_SHORT[st.category.value], style=CATEGORY_STYLE[st.category.value])
        late = st.days_late(as_of)
        if late and st.category.value == "overdue" and not narrow:
            status.append(" " + S.DAYS_LATE.format(n=late))
        if r.flags:
            flags = S.FLAG_SHORT if narrow else S.FLAG
            status.append(" · " + ", ".join(flags[f] for f in r.flags), style="dim")
        role = S.ASSIGN_ROLE_SHORT.get(r.role, r.role) if narrow else S.ROLE.get(r.role, r.role)
        directive = short_directive(r.directive_title)
        cells = {"id": str(r.id), "directive": literal(directive), "path": literal(r.task_path),
                 "task": literal(" ".join(r.task_text.split())), "unit": literal(r.unit_name), "role": role,
                 "due": due_text(r, as_of), "category": status}
        keys = NARROW_KEYS if narrow else [k for k, _label in COLUMNS]
        return tuple(cells[k] for k in keys)

    def on_resize(self, _event) -> None:
        # (SectionScreen.on_resize runs too: Textual calls every class's handler.)
        self._layout_columns()

    # --- data ------------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        # Read again around the row under the cursor, which stays on it (the rows above the
        # page are read again as the clerk scrolls up to them).
        at = self.table.start + max(self.table.cursor_row, 0)
        offset = 0 if at < PAGE_SIZE else at - PAGE_SIZE // 2
        self._reload(offset, cursor=at - offset)

    def _reload(self, offset: int = 0, cursor: int = 0, counted: int | None = None) -> None:
        """A new window of rows from `offset` (a new filter or order: the first page), the
        cursor on its row `cursor` (-1: the last). `counted`: the count of every match, when
        it still holds (Home, End); otherwise the rows are counted again after the window."""
        self._gen += 1
        gen = self._gen
        # A known total lets a window in the second half be read backwards from the end.
        known = counted if counted is not None else self.table.total if offset else None
        self.load(fetch_page, self.flt, self.sort, self.descending, offset, known,
                  then=lambda page: self._got_window(page, gen, cursor, counted), group="assign-page")

    def _got_window(self, page, gen: int, cursor: int, counted: int | None) -> None:
        if gen != self._gen:
            return
        if isinstance(page, DondocError):
            self._show_error(str(page))
            return
        if not page.rows and page.offset:  # the list shrank under a window far down it
            self._reload()
            return
        self.error = None
        self.as_of = self.app.ws.today
        total = page.total if page.total is not None else counted
        self.table.reset(page.rows, total, page.more, start=page.offset, cursor=cursor)
        self._show_status()
        self.refresh_bindings()
        if not self._choices_asked:  # after the first rows: reading both at once slows the rows
            self._choices_asked = True
            self.load(load_filter_choices, then=self._got_choices, group="assign-choices")
        if total is None:  # the rows are drawn; the count of every match comes next
            self.call_after_refresh(self.load, fetch_count, self.flt,
                                    then=lambda total: self._got_total(total, gen), group="assign-count")

    def _got_total(self, total, gen: int) -> None:
        if gen != self._gen or isinstance(total, DondocError):
            return
        self.table.set_total(total)
        self._show_status()

    def on_paged_table_need_more(self, event: PagedTable.NeedMore) -> None:
        if event.where in ("first", "last"):  # Home or End: a new window
            self._reload(event.offset, cursor=0 if event.where == "first" else -1, counted=self.table.total)
            return
        gen = self._gen
        self.load(fetch_page, self.flt, self.sort, self.descending, event.offset, self.table.total,
                  event.limit, then=lambda page: self._got_more(page, gen, event.where),
                  group=f"assign-{event.where}")

    def _got_more(self, page, gen: int, where: str) -> None:
        if gen != self._gen or isinstance(page, DondocError):
            return
        if where == "before":
            self.table.prepend(page.offset, page.rows)
        else:
            self.table.append(page.offset, page.rows, page.more)
        self._show_status()

    def _got_choices(self, choices: FilterChoices) -> None:
        self.query_one(FilterBar).set_choices(choices)

    def _show_status(self) -> None:
        status = self.query_one("#assign-status", Static)
        # One line of fixed height and full width: a new text needs no new layout of the
        # screen (every cursor move and every keystroke's rows update it).
        status.set_class(bool(self.error), "-error")
        if self.error:
            status.update(literal(self.error), layout=False)
            return
        n, total = self.table.position
        if not self.table.rows_loaded:
            status.update(S.ASSIGN_NONE, layout=False)
            return
        arrow = "↓" if self.descending else "↑"
        parts = [S.ASSIGN_POSITION.format(n=group_digits(n),
                                          total=S.ASSIGN_COUNTING if total is None else group_digits(total)),
                 S.ASSIGN_SORTED.format(column=LABELS[self.sort], arrow=arrow)]
        if self.table.more:
            parts.append(S.ASSIGN_LOADED.format(loaded=group_digits(len(self.table.rows_loaded))))
        status.update(" · ".join(parts), layout=False)

    def _show_error(self, message: str) -> None:
        self.error = message
        self._show_status()

    # --- filters ---------------------------------------------------------------------------------

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        if event.flt == self.flt and self.error is None:
            return  # the filter shown already (a drill-in or saved filter put in the widgets)
        self.flt = event.flt
        self.error = None
        self._reload()

    def on_filter_bar_invalid(self, event: FilterBar.Invalid) -> None:
        self._gen += 1  # a page still on its way is for the old filter: keep the table as it is
        self._show_error(event.message)

    def apply_filter(self, flt: AssignmentFilter) -> None:
        """Show the assignments matching `flt` (other screens drill in with this)."""
        if not self.is_mounted:
            self._pending_filter = flt
            return
        self.flt = flt
        self.error = None
        self.query_one(FilterBar).show(flt)
        self._reload()

    def action_clear(self) -> None:
        self.apply_filter(AssignmentFilter())

    def action_search(self) -> None:
        self.set_focus(self.query_one("#flt-search", Input))  # now, not later: see DondocApp.on_event

    def action_to_table(self) -> None:
        self.table.focus()

    # --- sorting ---------------------------------------------------------------------------------

    def _sort_by(self, key: str, descending: bool) -> None:
        self.sort, self.descending = key, descending
        narrow = bool(self._narrow)
        labels = dict(COLUMNS, role=S.ASSIGN_COL_ROLE_SHORT) if narrow else dict(COLUMNS)
        for column in self.table.columns.values():
            column_key = str(column.key.value)
            column.label = self._header(column_key, labels[column_key])
        self.table.refresh()
        self._reload()

    def action_sort(self) -> None:
        keys = [k for k, _l in COLUMNS]
        self._sort_by(keys[(keys.index(self.sort) + 1) % len(keys)], False)

    def action_reverse(self) -> None:
        self._sort_by(self.sort, not self.descending)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        self._sort_by(key, not self.descending if key == self.sort else False)

    # --- rows and actions ------------------------------------------------------------------------

    def current_row(self) -> AssignmentRow | None:
        return self.table.current() if self.error is None or self.table.rows_loaded else None

    def check_action(self, action: str, parameters) -> bool | None:
        row = self.current_row()
        if action in ("open",):
            return True if row is not None else None
        if action in ("checkin", "extension"):
            return True if row is not None and self.app.can_report_for(row.unit_id) else None
        if action == "confirm":
            return True if self.app.is_office() and row is not None and "awaiting" in row.flags else None
        if action == "save_filter":
            return True if self.app.clerk_role else None
        return True

    def on_data_table_row_highlighted(self, _event) -> None:
        self._show_status()
        self.refresh_bindings()

    def on_data_table_row_selected(self, _event) -> None:
        self.action_open()

    def action_open(self) -> None:
        from tui.screens.task_detail import TaskDetailScreen

        row = self.current_row()
        if row is not None:
            self.app.push_screen(TaskDetailScreen(row.task_id, assignment_id=row.id))

    def action_checkin(self) -> None:
        from tui.screens.checkin_form import CheckinForm

        row = self.current_row()
        if row is not None:
            self.app.push_screen(CheckinForm(row.id), self._after_form)

    def action_confirm(self) -> None:
        from tui.screens.decision_form import DecisionForm

        row = self.current_row()
        if row is not None:
            self.app.push_screen(DecisionForm(row.id), self._after_form)

    def action_extension(self) -> None:
        from tui.screens.extension_form import ExtensionForm

        row = self.current_row()
        if row is not None:
            self.app.push_screen(ExtensionForm(row.id), self._after_form)

    def _after_form(self, saved) -> None:
        if saved:
            self.refresh_data()

    # --- saved filters ---------------------------------------------------------------------------

    def action_save_filter(self) -> None:
        def saved(stored) -> None:
            if stored:
                self.notify(S.ASSIGN_SAVED.format(name=stored.name))

        self.app.push_screen(SaveFilterDialog(self.flt), saved)

    def action_saved_filters(self) -> None:
        def chosen(stored) -> None:
            if stored:
                self.apply_filter(stored.filter)
                self.notify(S.ASSIGN_FILTER_APPLIED.format(name=stored.name))

        self.app.push_screen(SavedFiltersDialog(), chosen)


def _save(ws, name: str, flt: AssignmentFilter):
    try:
        return save_for_clerk(ws, name, flt)
    except DondocError as exc:
        return exc


class SaveFilterDialog(DataModal):
    """Asks a name and stores the current filter for the clerk; dismisses with the StoredFilter."""

    BINDINGS = [Binding("escape", "cancel", S.ASSIGN_CANCEL, id="assign-save-cancel")]

    def __init__(self, flt: AssignmentFilter):
        super().__init__()
        self.flt = flt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="save-filter-dialog"):
            yield Static(S.ASSIGN_SAVE_TITLE, classes="dialog-title")
            yield Static(S.ASSIGN_SAVE_PROMPT)
            yield Input(id="save-filter-name", max_length=80)
            yield Static("", classes="field-error", id="save-filter-error")
            with Horizontal(classes="buttons"):
                yield Button(S.ASSIGN_CANCEL, id="save-filter-cancel")
                yield Button(S.ASSIGN_SAVE, variant="primary", id="save-filter-save")

    def on_input_submitted(self, _event) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save-filter-save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        name = self.query_one("#save-filter-name", Input).value
        self.load(_save, name, self.flt, then=self._saved)

    def _saved(self, result) -> None:
        if isinstance(result, DondocError):
            self.query_one("#save-filter-error", Static).update(literal(str(result)))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SavedFiltersDialog(DataModal):
    """The clerk's saved filters: Enter applies one (dismisses with it), Del deletes."""

    BINDINGS = [
        Binding("escape", "cancel", S.KEY_BACK, id="assign-filters-cancel"),
        Binding("delete", "delete", S.ASSIGN_KEY_DELETE, id="assign-filters-delete"),
    ]

    def __init__(self):
        super().__init__()
        self.filters: list[StoredFilter] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="saved-filters-dialog"):
            yield Static(S.ASSIGN_FILTERS_TITLE, classes="dialog-title")
            yield OptionList(id="saved-filters-list")
            yield Static(S.ASSIGN_FILTERS_HINT, classes="muted")

    def on_mount(self) -> None:
        self.load(list_for_clerk, then=self._show)

    def _show(self, filters: list[StoredFilter]) -> None:
        self.filters = filters
        options = self.query_one(OptionList)
        options.clear_options()
        if not filters:
            options.add_option(Option(S.ASSIGN_FILTERS_EMPTY, disabled=True))
        for f in filters:
            options.add_option(Option(literal(f.name), id=str(f.id)))
        options.highlighted = 0 if filters else None
        options.focus()

    def _selected(self) -> StoredFilter | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.filters:
            return None
        return self.filters[options.highlighted]

    def on_option_list_option_selected(self, _event) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.dismiss(chosen)

    def action_delete(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.load(delete_for_clerk, chosen.id, then=self._deleted)

    def _deleted(self, _ok) -> None:
        self.notify(S.ASSIGN_FILTER_DELETED)
        self.load(list_for_clerk, then=self._show)

    def action_cancel(self) -> None:
        self.dismiss(None)
