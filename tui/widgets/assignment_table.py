"""A table of assignments (a few hundred at most: the dashboard's lists, a unit's page).
The full assignment list pages from SQL instead (tui/widgets/paged_table.py)."""
from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import DataTable

from core.services.assignments import AssignmentRow
from tui import strings as S
from tui.base import literal

CATEGORY_STYLE = {"done_on_time": "green", "done_late": "yellow", "in_progress": "cyan",
                  "overdue": "bold red", "recurring": "magenta"}
STATUS = S.CHECKIN_STATUS_NAMES


def status_label(status: str | None, progress: int | None = None) -> str:
    label = STATUS.get(status or "", status or "—")
    return f"{label} {progress}%" if progress is not None and status != "done" else label


def due_text(row: AssignmentRow, as_of: dt.date) -> str:
    due = row.standing.due
    if due is None:
        return "—"
    text = due.strftime("%d/%m") if due.year == as_of.year else due.strftime("%d/%m/%y")
    return text + ("*" if row.standing.extended else "")


def standing_text(row: AssignmentRow, as_of: dt.date, *, narrow: bool = False) -> Text:
    st = row.standing
    text = Text(S.CATEGORY_SHORT[st.category.value], style=CATEGORY_STYLE[st.category.value])
    late = st.days_late(as_of)
    if late and st.category.value == "overdue":
        text.append(" " + (S.DAYS_LATE_SHORT if narrow else S.DAYS_LATE).format(n=late))
    if row.flags:
        flags = S.FLAG_SHORT if narrow else S.FLAG
        text.append(" · " + ", ".join(flags[f] for f in row.flags), style="dim")
    return text


class AssignmentTable(DataTable):
    """Rows keyed by assignment id; the task column takes what the others leave."""

    def __init__(self, **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.rows_by_id: dict[int, AssignmentRow] = {}
        self._rows: list[AssignmentRow] = []
        self._as_of: dt.date | None = None

    def show_rows(self, rows: list[AssignmentRow], as_of: dt.date) -> None:
        keep = self.cursor_row
        self._rows, self._as_of = rows, as_of
        self.rows_by_id = {r.id: r for r in rows}
        self.clear(columns=True)
        width = max(self.size.width or self.app.size.width, 60)
        unit_w = 16 if width < 100 else 28
        narrow = width < 100
        status_w = 22 if narrow else 34
        task_w = max(12, width - 9 - unit_w - 7 - status_w - 2 * 5 - 2)  # cell padding, scrollbar
        self.add_column(S.COL_PATH, width=9, key="path")
        self.add_column(S.COL_TASK, width=task_w, key="task")
        self.add_column(S.COL_UNIT, width=unit_w, key="unit")
        self.add_column(S.COL_DUE, width=7, key="due")
        self.add_column(S.COL_STANDING, width=status_w, key="standing")
        for r in rows:
            self.add_row(literal(r.task_path), literal(" ".join(r.task_text.split())),
                         literal(r.unit_name), due_text(r, as_of), standing_text(r, as_of, narrow=narrow),
                         key=str(r.id))
        if rows:
            self.move_cursor(row=min(keep, len(rows) - 1))

    def on_resize(self) -> None:
        if self._as_of is not None:
            self.show_rows(self._rows, self._as_of)

    def current_row(self) -> AssignmentRow | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return self.rows_by_id.get(int(key.value))


class AssignmentRowActions:
    """Open / check-in on the highlighted row of a screen's AssignmentTable.

    The screen implements `_row()` (the highlighted AssignmentRow or None) and binds
    "open", "checkin" and "back"; forms refresh the screen when they saved."""

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "open":
            return True if self._row() is not None else None
        if action == "checkin":
            row = self._row()
            return True if row is not None and self.app.can_report_for(row.unit_id) else None
        return True

    def on_data_table_row_highlighted(self, _event) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self) -> None:
        from tui.screens.task_detail import TaskDetailScreen

        row = self._row()
        if row is not None:
            self.app.push_screen(TaskDetailScreen(row.task_id, assignment_id=row.id))

    def action_checkin(self) -> None:
        from tui.screens.checkin_form import CheckinForm

        row = self._row()
        if row is not None and self.app.can_report_for(row.unit_id):
            self.app.push_screen(CheckinForm(row.id), self._after_form)

    def _after_form(self, saved) -> None:
        if saved:
            self.refresh_data()
