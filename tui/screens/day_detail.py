"""One calendar day: the assignments due that day and whether it is a report date."""
from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from core.services.calendar import Day, load_day
from tui import strings as S
from tui.base import SectionScreen
from tui.widgets.assignment_table import AssignmentRowActions, AssignmentTable


class DayDetailScreen(AssignmentRowActions, SectionScreen):
    HELP_TITLE = S.SECTION_CALENDAR
    DEFAULT_CSS = """
    DayDetailScreen #day-info { height: auto; padding: 0 1; }
    DayDetailScreen #day-list { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", S.KEY_BACK, id="day-back"),
        Binding("enter", "open", S.KEY_OPEN, id="day-open"),
        Binding("n", "checkin", S.KEY_CHECKIN, id="day-checkin"),
        Binding("r", "refresh", S.KEY_REFRESH, id="day-refresh", show=False),
    ]

    def __init__(self, day: dt.date):
        super().__init__()
        self.day = day
        self.data: Day | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(S.LOADING, id="day-info")
        yield AssignmentTable(id="day-list")

    def on_mount(self) -> None:
        self.query_one("#day-list", AssignmentTable).focus()

    def refresh_data(self) -> None:
        self.load(load_day, self.day, then=self.show)

    def action_refresh(self) -> None:
        self.refresh_data()

    def show(self, data: Day) -> None:
        self.data = data
        text = Text(S.DAY_TITLE.format(date=data.day.strftime("%d/%m/%Y"),
                                       weekday=S.CAL_WEEKDAY_NAMES[data.day.weekday()]), style="bold")
        if not data.working:
            text.append(" · " + S.DAY_OFF, style="dim")
        text.append("\n")
        text.append(S.DAY_DUE.format(n=len(data.rows)) if data.rows else S.DAY_NONE)
        text.append(" · ")
        if data.reports:
            text.append(S.DAY_IS_REPORT.format(names="; ".join(m.name for m in data.reports)), style="magenta")
        else:
            text.append(S.DAY_NOT_REPORT, style="dim")
        self.query_one("#day-info", Static).update(text)
        self.query_one("#day-list", AssignmentTable).show_rows(data.rows, data.as_of)
        self.refresh_bindings()

    def _row(self):
        return self.query_one("#day-list", AssignmentTable).current_row()

