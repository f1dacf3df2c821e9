"""1 Tổng quan: the current period, counts per category, who is late, and what needs doing."""
from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from core.services.assignments import AssignmentRow
from core.services.dashboard import Dashboard, load_dashboard, load_dashboard_list
from core.text import group_digits
from tui import strings as S
from tui.base import SectionScreen, literal
from tui.widgets.assignment_table import AssignmentTable

CATEGORY_STYLE = {"done_on_time": "green", "done_late": "yellow", "in_progress": "cyan",
                  "overdue": "bold red", "recurring": "magenta"}
TABS = [("overdue", S.DASH_OVERDUE), ("due_this_period", S.DASH_DUE_THIS_PERIOD),
        ("due_soon", S.DASH_DUE_SOON), ("awaiting", S.DASH_AWAITING_LIST)]


class DashboardScreen(SectionScreen):
    HELP_TITLE = S.SECTION_DASHBOARD
    DEFAULT_CSS = """
    DashboardScreen #dash-period { height: 1; padding: 0 1; }
    DashboardScreen #dash-top { height: 10; }
    DashboardScreen #dash-status { width: 1fr; }
    DashboardScreen #dash-units { width: 34; }
    DashboardScreen TabbedContent { height: 1fr; }
    DashboardScreen TabPane { padding: 0; }
    """
    BINDINGS = [
        Binding("enter", "open", S.KEY_OPEN, id="dash-open", show=False),
        Binding("n", "checkin", S.KEY_CHECKIN, id="dash-checkin"),
        Binding("x", "confirm", S.KEY_CONFIRM, id="dash-confirm"),
        Binding("v", "choose_directive", S.KEY_CHOOSE_DIRECTIVE, id="dash-directive"),
        Binding("b", "report", S.REPORT_KEY_OPEN, id="dash-report"),
        Binding("r", "refresh", S.KEY_REFRESH, id="dash-refresh", show=False),
    ]

    def __init__(self):
        super().__init__()
        self.directive_id: int | None = None
        self.data: Dashboard | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(S.LOADING, id="dash-period")
        with Horizontal(id="dash-top"):
            yield Static("", id="dash-status", classes="panel")
            yield Static("", id="dash-units", classes="panel")
        with TabbedContent(id="dash-tabs"):
            for key, title in TABS:
                with TabPane(title, id=f"tab-{key}"):
                    yield AssignmentTable(id=f"list-{key}")
            with TabPane(S.DASH_LATEST, id="tab-latest"):
                yield DataTable(id="list-latest", cursor_type="row", zebra_stripes=False)

    # --- data ----------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        # The figures and the list in view; the other tabs' lists when they are opened.
        args = (self.directive_id, (self._active_list() or "overdue",))
        first = self.app.take_prefetched(load_dashboard, args)  # read while the app started
        if first is not None:
            self.load_prefetched(first, then=self.show)
        else:
            self.load(load_dashboard, *args, then=self.show)

    def _active_list(self) -> str | None:
        active = self.query_one("#dash-tabs", TabbedContent).active.removeprefix("tab-")
        return active if active in dict(TABS) else None

    def _load_active_list(self) -> None:
        key, data = self._active_list(), self.data
        if key is None or data is None or getattr(data, key) is not None:
            return

        def got(rows, key=key, data=data) -> None:
            if self.data is data:  # not replaced by a newer read meanwhile
                setattr(data, key, rows)
                self.query_one(f"#list-{key}", AssignmentTable).show_rows(rows, data.as_of)
                self.refresh_bindings()

        self.load(load_dashboard_list, data.directive_id, key, then=got, group="dash-list")

    def action_refresh(self) -> None:
        self.refresh_data()

    def show(self, data: Dashboard) -> None:
        self.data = data
        self._show_period(data)
        self.query_one("#dash-status", Static).update(self._status_table(data))
        self.query_one("#dash-units", Static).update(self._units_table(data))
        for key, _title in TABS:
            rows = getattr(data, key)
            if rows is not None:
                self.query_one(f"#list-{key}", AssignmentTable).show_rows(rows, data.as_of)
        self._show_latest(data)
        self.refresh_bindings()
        self._load_active_list()

    def _show_period(self, d: Dashboard) -> None:
        left = (d.period.end - d.as_of).days
        text = Text()
        if d.directive_title:
            text.append_text(literal(d.directive_title))
            text.append(" · ")
        line = (S.DASH_PERIOD_LAST_DAY.format(label=d.period.label) if left == 0
                else S.DASH_PERIOD.format(label=d.period.label, left=left))
        text.append(line, style="bold")
        # One line: the previous period only where it fits (80 columns on a report day do
        # not hold both), a long directive title cut with "…".
        period = self.query_one("#dash-period", Static)
        width = period.size.width or self.size.width - 2  # its content: the padding left out
        previous = " · " + S.DASH_PREVIOUS.format(label=d.previous.label)
        if text.cell_len + cell_len(previous) <= width:
            text.append(previous, style="dim")
        else:
            text.truncate(width, overflow="ellipsis")
        period.update(text)

    def on_resize(self, _event) -> None:
        if self.data is not None:
            self._show_period(self.data)

    def _status_table(self, d: Dashboard) -> Table:
        keys = ("done_on_time", "done_late", "in_progress", "overdue", "recurring")
        scale = max([d.counts.get(k, 0) for k in keys] + [1])  # the longest bar fills the width
        digits = max(5, len(group_digits(scale)) + 1)  # a space before the number, even at 10.000 and more
        table = Table.grid(expand=True)
        table.add_column(no_wrap=True)
        table.add_column(justify="right", width=digits)
        table.add_column(no_wrap=True, ratio=1)
        panel = self.query_one("#dash-status", Static).size.width or (self.size.width - 36)
        width = max(panel - 26 - digits - 4, 4)
        for key in ("done_on_time", "done_late", "in_progress", "overdue", "recurring"):
            n = d.counts.get(key, 0)
            bar = "█" * round(width * n / scale)
            table.add_row(Text(S.CATEGORY[key], style=CATEGORY_STYLE[key]), group_digits(n),
                          Text(" " + bar, style=CATEGORY_STYLE[key]))
            if key == "in_progress":
                table.add_row(Text(S.DASH_OF_WHICH_DUE_SOON, style="dim"),
                              group_digits(d.counts.get("due_soon", 0)), "")
            if key == "recurring":
                table.add_row(Text(S.DASH_RECURRING_UNREPORTED, style="dim"),
                              group_digits(d.counts.get("unreported", 0)), "")
        tail = Text(f"{S.DASH_AWAITING} {group_digits(d.counts.get('awaiting', 0))} · "
                    f"{S.DASH_RETURNED} {group_digits(d.counts.get('returned', 0))}", style="dim")
        outer = Table.grid()
        outer.add_row(Text(S.DASH_STATUS, style="bold"))
        outer.add_row(table if d.total else Text(S.DASH_NO_ASSIGNMENTS))
        outer.add_row(tail)
        return outer

    def _units_table(self, d: Dashboard) -> Table:
        table = Table.grid(expand=True)
        table.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        top = [(name, group_digits(n)) for name, _uid, n in d.top_overdue_units]
        table.add_column(justify="right", width=max([4] + [len(n) + 1 for _name, n in top]))
        table.add_row(Text(S.DASH_TOP_OVERDUE, style="bold"), "")
        for name, n in top:
            table.add_row(literal(name), n)
        return table

    def _show_latest(self, d: Dashboard) -> None:
        table = self.query_one("#list-latest", DataTable)
        table.clear(columns=True)
        from tui.widgets.assignment_table import status_label

        table.add_columns(S.COL_DATE, S.COL_PATH, S.COL_UNIT, S.COL_STANDING, S.COL_RESULT)
        for c in d.latest:
            table.add_row(c.reported_on.strftime("%d/%m"), literal(c.task_path), literal(c.unit_name),
                          status_label(c.status, c.progress), literal(c.result[:60]))

    # --- rows and actions ------------------------------------------------------------------------

    def _current_row(self) -> AssignmentRow | None:
        tabs = self.query_one("#dash-tabs", TabbedContent)
        active = tabs.active.removeprefix("tab-")
        if active == "latest" or self.data is None:
            return None
        return self.query_one(f"#list-{active}", AssignmentTable).current_row()

    def _current_assignment_id(self) -> int | None:
        row = self._current_row()
        if row is not None:
            return row.id
        tabs = self.query_one("#dash-tabs", TabbedContent)
        if tabs.active == "tab-latest":
            table = self.query_one("#list-latest", DataTable)
            if table.row_count and self.data and table.cursor_row < len(self.data.latest):
                # One assignment may have several recent check-ins: rows follow data.latest.
                return self.data.latest[table.cursor_row].assignment_id
        return None

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "checkin":
            row = self._current_row()
            return True if row is not None and self.app.can_report_for(row.unit_id) else None
        if action == "confirm":
            row = self._current_row()
            return True if self.app.is_office() and row is not None and "awaiting" in row.flags else None
        return True

    def on_tabbed_content_tab_activated(self, _event) -> None:
        self._load_active_list()
        self.refresh_bindings()

    def on_data_table_row_highlighted(self, _event) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self, _event) -> None:
        self.action_open()

    def action_open(self) -> None:
        from tui.screens.task_detail import TaskDetailScreen

        assignment_id = self._current_assignment_id()
        if assignment_id is None or self.data is None:
            return
        row = self._current_row()
        task_id = row.task_id if row else next((c.task_id for c in self.data.latest
                                                if c.assignment_id == assignment_id), None)
        if task_id is not None:
            self.app.push_screen(TaskDetailScreen(task_id, assignment_id=assignment_id))

    def action_checkin(self) -> None:
        from tui.screens.checkin_form import CheckinForm

        row = self._current_row()
        if row is not None:
            self.app.push_screen(CheckinForm(row.id), self._after_form)

    def action_confirm(self) -> None:
        from tui.screens.decision_form import DecisionForm

        row = self._current_row()
        if row is not None:
            self.app.push_screen(DecisionForm(row.id), self._after_form)

    def _after_form(self, saved) -> None:
        if saved:
            self.refresh_data()

    def action_report(self) -> None:
        from tui.screens.report_screen import ReportScreen

        self.app.push_screen(ReportScreen(self.directive_id))

    def action_choose_directive(self) -> None:
        from tui.screens.directive_picker import DirectivePicker

        def chosen(value) -> None:
            if value is not False:
                self.directive_id = value
                self.refresh_data()

        self.app.push_screen(DirectivePicker(self.directive_id), chosen)
