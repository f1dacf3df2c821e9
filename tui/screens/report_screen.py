"""Báo cáo kỳ: the period report before it is written — figures against the previous period,
per-unit stacked bars of the categories, the on-time rate across past periods, the lists —
for one directive or all, any period (← →), then export or issue it (e); the reports already
issued (l) are listed and re-opened as stored in tui/screens/issued_reports.py.

Everything shown comes from one `ReportData` (core.reports), the same value the files are
written from, so what the clerk previews is what the document says.
"""
from __future__ import annotations

import datetime as dt

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from core.reports.model import CATEGORY_KEYS, Counts, ReportData
from core.services.reports import load_report
from tui import strings as S
from tui.base import SectionScreen, literal

# Recurring in grey: next to red in a stacked bar, magenta could not be told from overdue.
CATEGORY_STYLE = {"done_on_time": "green", "done_late": "yellow", "in_progress": "cyan",
                  "overdue": "red", "recurring": "grey58"}
BAR_CHARS = "█"


def stacked_bar(counts: Counts, width: int) -> Text:
    """One bar, a coloured run per category in proportion to its share (at least one cell
    for a category that is not zero, so a single overdue assignment still shows)."""
    total = counts.total
    bar = Text()
    if total == 0 or width <= 0:
        return bar
    cells = {k: (max(1, round(counts.get(k) * width / total)) if counts.get(k) else 0) for k in CATEGORY_KEYS}
    while sum(cells.values()) > width:  # trim the largest run
        largest = max(cells, key=cells.get)
        cells[largest] -= 1
    for key in CATEGORY_KEYS:
        bar.append(BAR_CHARS * cells[key], style=CATEGORY_STYLE[key])
    return bar


def _change(now: int, before: int) -> Text:
    diff = now - before
    if diff == 0:
        return Text("0", style="dim", justify="right")
    return Text(f"{diff:+d}", style="red" if diff > 0 else "green", justify="right")


class ReportView(SectionScreen):
    """The preview of one `ReportData`: this period's (ReportScreen) or an issued one, as
    stored (tui/screens/issued_reports.py). Subclasses load the data and call `show()`."""
    DEFAULT_CSS = """
    ReportView #report-head { height: auto; max-height: 2; padding: 0 1; }
    ReportView #report-body { height: 1fr; padding: 0 1; }
    ReportView #report-body > Static { margin-bottom: 1; }
    """

    def __init__(self):
        super().__init__()
        self.data: ReportData | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(S.LOADING, id="report-head")
        with VerticalScroll(id="report-body"):
            yield Static("", id="report-figures")
            yield Static("", id="report-units")
            yield Static("", id="report-trend")
            yield Static("", id="report-lists")

    # --- data ----------------------------------------------------------------------------------

    def show(self, data: ReportData) -> None:
        self.data = data
        head = Text()
        head.append_text(literal(data.directive_title or S.REPORT_ALL_DIRECTIVES))
        head.append(" · " + S.REPORT_PERIOD.format(period=data.period.label, end=f"{data.period.end:%d/%m/%Y}"))
        self.query_one("#report-head", Static).update(head)
        width = self.app.size.width
        self.query_one("#report-figures", Static).update(self._figures(data))
        self.query_one("#report-units", Static).update(self._units(data, width))
        self.query_one("#report-trend", Static).update(self._trend(data, width))
        self.query_one("#report-lists", Static).update(self._lists(data))
        self.refresh_bindings()

    def _figures(self, d: ReportData) -> Table:
        table = Table(title=S.REPORT_FIGURES, title_justify="left", expand=False, show_edge=False, pad_edge=False)
        table.add_column(S.REPORT_COL_CATEGORY)
        table.add_column(S.REPORT_COL_BEFORE.format(day=f"{d.previous.end:%d/%m}"), justify="right")
        table.add_column(S.REPORT_COL_NOW.format(day=f"{d.period.end:%d/%m}"), justify="right")
        table.add_column("±", justify="right")
        for key in CATEGORY_KEYS:
            label = Text(S.CATEGORY[key], style=CATEGORY_STYLE[key])
            table.add_row(label, str(d.previous_counts.get(key)), str(d.counts.get(key)),
                          _change(d.counts.get(key), d.previous_counts.get(key)))
        table.add_row(S.REPORT_TOTAL, str(d.previous_counts.total), str(d.counts.total),
                      _change(d.counts.total, d.previous_counts.total))
        return table

    def _units(self, d: ReportData, width: int) -> Group:
        name_w = 22 if width < 100 else 34
        bar_w = max(10, width - name_w - 14)
        lines = [Text(S.REPORT_UNITS, style="bold")]
        legend = Text()
        for key in CATEGORY_KEYS:
            legend.append("█ ", style=CATEGORY_STYLE[key]).append(S.CATEGORY_SHORT[key] + "  ")
        lines.append(legend)
        largest = max((u.counts.total for u in d.units), default=0) or 1
        for unit in d.units:
            name = literal(unit.unit_name)
            name.truncate(name_w, overflow="ellipsis", pad=True)
            line = Text()
            line.append_text(name)
            line.append(" ")
            line.append_text(stacked_bar(unit.counts, max(1, round(bar_w * unit.counts.total / largest))))
            line.append(f" {unit.counts.total}")
            if unit.counts.overdue:
                line.append(f" · {S.CATEGORY_SHORT['overdue']} {unit.counts.overdue}", style="red")
            lines.append(line)
        if not d.units:
            lines.append(Text(S.REPORT_NO_UNITS, style="dim"))
        return Group(*lines)

    def _trend(self, d: ReportData, width: int) -> Group:
        lines = [Text(S.REPORT_TREND, style="bold")]
        bar_w = max(10, width - 32)
        for point in d.trend:
            line = Text(f"{point.period.start:%d/%m}–{point.period.end:%d/%m/%y} ")
            if point.on_time_rate is None:
                line.append("—", style="dim")
            else:
                line.append("█" * max(1, round(point.on_time_rate * bar_w)), style="green")
                line.append(f" {point.on_time_rate:.0%}")
            lines.append(line)
        return Group(*lines)

    def _lists(self, d: ReportData) -> Group:
        lines = [Text(S.REPORT_LISTS, style="bold")]
        # Counted in full: a report on every directive lists only the first rows of each.
        for label, key in ((S.REPORT_LIST_OVERDUE, "overdue"), (S.REPORT_LIST_COMPLETED, "completed"),
                           (S.REPORT_LIST_DUE_NEXT, "due_next"), (S.REPORT_LIST_EXTENSIONS, "extensions"),
                           (S.REPORT_LIST_UNREPORTED, "unreported"), (S.REPORT_LIST_AWAITING, "awaiting")):
            lines.append(Text(f"{label}: {d.list_total(key)}"))
        for row in d.overdue[:10]:
            line = Text("  ")
            line.append(f"{row.task_path} ", style="bold")
            line.append_text(literal(row.unit_name))
            line.append(f" — {S.REPORT_DAYS_LATE.format(n=row.days_late)}", style="red")
            lines.append(line)
        return Group(*lines)

    def action_back(self) -> None:
        self.app.pop_screen()


class ReportScreen(ReportView):
    HELP_TITLE = S.REPORT_TITLE
    BINDINGS = [
        Binding("escape", "back", S.KEY_BACK, id="report-back"),
        Binding("left", "period(-1)", S.REPORT_KEY_PREVIOUS, id="report-previous", key_display="←"),
        Binding("right", "period(1)", S.REPORT_KEY_NEXT, id="report-next", key_display="→"),
        Binding("v", "choose_directive", S.KEY_CHOOSE_DIRECTIVE, id="report-directive"),
        Binding("e", "export", S.REPORT_KEY_EXPORT, id="report-export"),
        Binding("l", "issued", S.ISSUED_KEY_OPEN, id="report-issued"),
    ]

    def __init__(self, directive_id: int | None = None, period_day: dt.date | None = None):
        super().__init__()
        self.directive_id = directive_id
        self.period_day = period_day

    def refresh_data(self) -> None:
        self.load(load_report, self.directive_id, self.period_day, then=self.show,
                  group="report")

    # --- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "export" and self.data is None:
            return None
        return True

    def action_period(self, step: int) -> None:
        if self.data is None:
            return
        self.period_day = self.data.next.start if step > 0 else self.data.previous.end
        self.refresh_data()

    def action_choose_directive(self) -> None:
        from tui.screens.directive_picker import DirectivePicker

        def chosen(value) -> None:
            if value is not False:
                self.directive_id = value
                self.refresh_data()

        self.app.push_screen(DirectivePicker(self.directive_id), chosen)

    def action_export(self) -> None:
        from tui.screens.report_export_dialog import ReportExportDialog

        if self.data is not None:
            self.app.push_screen(ReportExportDialog(self.data, self.app.is_office()))

    def action_issued(self) -> None:
        from tui.screens.issued_reports import IssuedReportsScreen

        self.app.push_screen(IssuedReportsScreen())
