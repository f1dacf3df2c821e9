"""5 Lịch: a month grid of due dates, report dates and days off, as of the app's date."""
from __future__ import annotations

import datetime as dt

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from core.services.calendar import Month, load_month, shift_month
from tui import strings as S
from tui.base import SectionScreen


def report_names(month: Month, day: dt.date) -> str:
    return "; ".join(m.name for m in month.reports.get(day, []))


class CalendarScreen(SectionScreen):
    HELP_TITLE = S.SECTION_CALENDAR
    DEFAULT_CSS = """
    CalendarScreen #cal-title { height: 1; padding: 0 1; }
    CalendarScreen #cal-grid { height: 1fr; padding: 0 1; }
    CalendarScreen #cal-day { height: 2; padding: 0 1; }
    """
    BINDINGS = [
        Binding("enter", "open_day", S.CAL_KEY_OPEN_DAY, id="cal-open"),
        Binding("left_square_bracket,pageup", "month(-1)", S.CAL_KEY_PREV, id="cal-prev", key_display="["),
        Binding("right_square_bracket,pagedown", "month(1)", S.CAL_KEY_NEXT, id="cal-next", key_display="]"),
        Binding("t", "today", S.CAL_KEY_TODAY, id="cal-today"),
        Binding("left", "move(-1)", "←", id="cal-left", show=False),
        Binding("right", "move(1)", "→", id="cal-right", show=False),
        Binding("up", "move(-7)", "↑", id="cal-up", show=False),
        Binding("down", "move(7)", "↓", id="cal-down", show=False),
        Binding("r", "refresh", S.KEY_REFRESH, id="cal-refresh", show=False),
    ]

    def __init__(self):
        super().__init__()
        self.selected: dt.date | None = None   # set from the as-of date on first load
        self.data: Month | None = None
        self._as_of_seen: dt.date | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(S.LOADING, id="cal-title")
        yield Static("", id="cal-grid")
        yield Static("", id="cal-day")

    # --- data ----------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        as_of = self.app.ws.today
        if self.selected is None or self._as_of_seen != as_of:
            self.selected = as_of
            self._as_of_seen = as_of
        self.load(load_month, self.selected.year, self.selected.month, then=self.show)

    def action_refresh(self) -> None:
        self.refresh_data()

    def show(self, data: Month) -> None:
        if self.selected is None or (data.year, data.month) != (self.selected.year, self.selected.month):
            return  # the clerk already moved to another month
        self.data = data
        self._render_month()
        self.refresh_bindings()

    def on_resize(self) -> None:
        if self.data is not None:
            self._render_month()

    def _render_month(self) -> None:
        d = self.data
        if d is None:
            return
        title = Text(S.CAL_MONTH_TITLE.format(month=d.month, year=d.year), style="bold")
        total = sum(c.due for c in d.days.values())
        overdue = sum(c.overdue for c in d.days.values())
        title.append("  " + S.CAL_MONTH_TOTAL.format(n=total, overdue=overdue), style="dim")
        self.query_one("#cal-title", Static).update(title)
        self.query_one("#cal-grid", Static).update(self._grid(d))
        self.query_one("#cal-day", Static).update(self._day_line(d))

    def _grid(self, d: Month) -> Table:
        grid_widget = self.query_one("#cal-grid", Static)
        width = max((grid_widget.size.width or self.app.size.width) - 2, 56)
        height = grid_widget.size.height or (self.app.size.height - 7)
        weeks = d.weeks()
        boxed = height >= len(weeks) * 4 + 2
        cell_w = max(6, (width - 8) // 7 - 2 if boxed else width // 7 - 1)
        lines = 3 if boxed or height >= len(weeks) * 3 + 2 else 2
        if boxed:
            table = Table(box=box.SQUARE, show_lines=True, show_header=True, pad_edge=True,
                          padding=(0, 1), header_style="bold")
        else:
            table = Table(box=None, show_header=True, pad_edge=False, padding=(0, 1, 0, 0),
                          header_style="bold")
        for i, name in enumerate(S.CAL_WEEKDAYS):
            table.add_column(Text(name, style="dim" if i >= 5 else ""), width=cell_w, no_wrap=True)
        for week in weeks:
            table.add_row(*[self._cell(d, day, cell_w, lines) for day in week])
        legend = Text(S.CAL_LEGEND if width >= 90 else S.CAL_LEGEND_SHORT, style="dim")
        outer = Table.grid()
        outer.add_row(table)
        if boxed or height >= len(weeks) * lines + 2:
            outer.add_row(legend)
        return outer

    def _cell(self, d: Month, day: dt.date | None, width: int, lines: int) -> Text:
        if day is None:
            return Text("\n" * (lines - 1))
        counts = d.days.get(day)
        marks = d.reports.get(day, [])
        off = day in d.off_days
        text = Text()
        text.append(f"{day.day:>2}", style="bold" if not off else "dim")
        if marks:
            default = any(m.default for m in marks)
            text.append(" ◆" if default else " ◇", style="magenta")
            if any(not m.default for m in marks) and default:
                text.append("◇", style="magenta")
        text.append("\n")
        if counts and counts.due:
            text.append(str(counts.due), style="dim" if off and not counts.overdue else "")
            if counts.overdue:
                text.append(f" ▲{counts.overdue}", style="bold red")
        if lines > 2:
            text.append("\n")
            if counts and counts.done:
                text.append(f"✓{counts.done}", style="green")
        text.pad_right(0)
        if off:
            text.stylize("dim")
        if day == d.as_of:
            text.stylize("underline")
            text.stylize("on dark_blue")
        if day == self.selected:
            text.stylize("reverse")
        # make the highlight fill the whole cell
        parts = text.split("\n", allow_blank=True)[:lines]
        while len(parts) < lines:
            parts.append(Text())
        for p in parts:
            p.pad_right(max(0, width - p.cell_len))
        out = Text("\n").join(parts)
        if day == self.selected:
            out.stylize("reverse")
        elif day == d.as_of:
            out.stylize("on dark_blue")
        return out

    def _day_line(self, d: Month) -> Text:
        day = self.selected
        if day is None:
            return Text()
        counts = d.days.get(day)
        text = Text(S.CAL_SELECTED.format(weekday=S.CAL_WEEKDAY_NAMES[day.weekday()],
                                          date=day.strftime("%d/%m/%Y")), style="bold")
        parts = []
        if counts and counts.due:
            parts.append(Text(S.CAL_SELECTED_DUE.format(n=counts.due)))
            if counts.overdue:
                parts.append(Text(S.CAL_SELECTED_OVERDUE.format(n=counts.overdue), style="bold red"))
            if counts.done:
                parts.append(Text(S.CAL_SELECTED_DONE.format(n=counts.done), style="green"))
        else:
            parts.append(Text(S.CAL_SELECTED_NONE, style="dim"))
        if day in d.off_days:
            parts.append(Text(S.CAL_OFF_DAY, style="dim"))
        for p in parts:
            text.append(" · ")
            text.append_text(p)
        names = report_names(d, day)
        if names:
            text.append("\n")
            text.append(S.CAL_REPORT_DAY.format(names=names), style="magenta")
        return text

    # --- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "today":
            as_of = self.app.ws.today
            return True if self.selected and (self.selected.year, self.selected.month) != (
                as_of.year, as_of.month) else None
        return True

    def _select(self, day: dt.date) -> None:
        old = self.selected
        self.selected = day
        if old is None or (old.year, old.month) != (day.year, day.month):
            self.data = None
            self.query_one("#cal-title", Static).update(
                Text(S.CAL_MONTH_TITLE.format(month=day.month, year=day.year), style="bold"))
            self.load(load_month, day.year, day.month, then=self.show)
        else:
            self._render_month()
        self.refresh_bindings()

    def action_move(self, step: int) -> None:
        if self.selected is not None:
            self._select(self.selected + dt.timedelta(days=step))

    def action_month(self, step: int) -> None:
        if self.selected is None:
            return
        year, month = shift_month(self.selected.year, self.selected.month, step)
        import calendar as _cal

        day = min(self.selected.day, _cal.monthrange(year, month)[1])
        self._select(dt.date(year, month, day))

    def action_today(self) -> None:
        self._select(self.app.ws.today)

    def action_open_day(self) -> None:
        from tui.screens.day_detail import DayDetailScreen

        if self.selected is not None:
            self.app.push_screen(DayDetailScreen(self.selected))

    def apply_filter(self, flt) -> None:
        """Go to the month of a date (a date, or an AssignmentFilter's due range)."""
        day = flt if isinstance(flt, dt.date) else (getattr(flt, "due_after", None)
                                                     or getattr(flt, "due_before", None))
        if day is not None:
            self._select(day)
