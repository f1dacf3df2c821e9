"""4 Đơn vị: one scorecard row per unit with assignments, as of the app's date."""
from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from core.services.scorecards import SORTS, Scorecard, ScorecardList, load_scorecards, sort_scorecards
from tui import strings as S
from tui.base import SectionScreen, literal

# key, wide header, width wide, width narrow
COLUMNS = [
    ("overdue", S.UNITS_COL_OVERDUE, 7, 5),
    ("in_progress", S.UNITS_COL_IN_PROGRESS, 9, 5),
    ("done_on_time", S.UNITS_COL_ON_TIME, 8, 4),
    ("done_late", S.UNITS_COL_LATE, 8, 4),
    ("recurring", S.UNITS_COL_RECURRING, 7, 3),
    ("total", S.UNITS_COL_TOTAL, 5, 0),
    ("rate", S.UNITS_COL_RATE, 6, 5),
    ("last", S.UNITS_COL_LAST, 11, 7),
]


def rate_text(card: Scorecard) -> Text:
    rate = card.on_time_rate
    if rate is None:
        return Text("—", style="dim", justify="right")
    style = "green" if rate >= 0.8 else ("yellow" if rate >= 0.5 else "red")
    return Text(f"{rate:.0%}", style=style, justify="right")


def date_text(day: dt.date | None, as_of: dt.date, narrow: bool) -> Text:
    if day is None:
        return Text("—", style="dim")
    if narrow:
        return Text(day.strftime("%d/%m") if day.year == as_of.year else day.strftime("%m/%Y"))
    return Text(day.strftime("%d/%m/%Y"))


class UnitsScreen(SectionScreen):
    HELP_TITLE = S.SECTION_UNITS
    DEFAULT_CSS = """
    UnitsScreen #units-title { height: 1; padding: 0 1; }
    UnitsScreen #units-search { height: 1; border: none; padding: 0 1; margin: 0; }
    UnitsScreen #units-search:focus { border: none; background: $boost; }
    UnitsScreen #units-table { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "open", S.KEY_OPEN, id="units-open"),
        Binding("slash", "search", S.KEY_SEARCH, id="units-search", key_display="/"),
        Binding("s", "sort", S.UNITS_KEY_SORT, id="units-sort"),
        Binding("escape", "clear", S.UNITS_KEY_CLEAR, id="units-clear"),
        Binding("r", "refresh", S.KEY_REFRESH, id="units-refresh", show=False),
    ]

    def __init__(self):
        super().__init__()
        self.search: str = ""
        self.sort: str = SORTS[0]
        self.data: ScorecardList | None = None
        self.rows: list[Scorecard] = []

    def compose_body(self) -> ComposeResult:
        yield Static(S.LOADING, id="units-title")
        yield Input(placeholder=S.UNITS_SEARCH_PLACEHOLDER, id="units-search")
        yield DataTable(id="units-table", cursor_type="row", zebra_stripes=False)

    def on_mount(self) -> None:
        self.query_one("#units-table", DataTable).focus()

    # --- data ----------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.load(load_scorecards, self.search or None, then=self.show)

    def action_refresh(self) -> None:
        self.refresh_data()

    def show(self, data: ScorecardList) -> None:
        if (data.search or "") != self.search:
            return  # an older search came back late
        self.data = data
        self.rows = sort_scorecards(data.rows, self.sort)
        self._render_table()
        self._show_title()
        self.refresh_bindings()

    def _show_title(self) -> None:
        n = len(self.rows)
        title = (S.UNITS_TITLE_SEARCH.format(q=self.search, n=n) if self.search
                 else S.UNITS_TITLE.format(n=n))
        text = Text()
        text.append_text(literal(title))
        text.stylize("bold")
        text.append(" · " + S.UNITS_SORTED_BY.format(how=S.UNITS_SORT[self.sort]), style="dim")
        self.query_one("#units-title", Static).update(text)

    def _render_table(self) -> None:
        table = self.query_one("#units-table", DataTable)
        keep = self.current_card()
        table.clear(columns=True)
        width = table.size.width or self.app.size.width
        narrow = width < 100
        cols = [(k, S.UNITS_COL_SHORT[k] if narrow else label, wn if narrow else ww)
                for k, label, ww, wn in COLUMNS if (wn if narrow else ww)]
        used = sum(w + 2 for _k, _l, w in cols) + 2 + 2  # cell padding, name padding, scrollbar
        table.add_column(S.UNITS_COL_NAME, width=max(16, width - used), key="name")
        for key, label, w in cols:
            table.add_column(Text(label, justify="right") if key != "last" else label, width=w, key=key)
        as_of = self.data.as_of if self.data else self.app.ws.today
        for card in self.rows:
            cells = [literal(card.name)]
            for key, _label, _w in cols:
                if key == "rate":
                    cells.append(rate_text(card))
                elif key == "last":
                    cells.append(date_text(card.last_checkin_on, as_of, narrow))
                elif key == "total":
                    cells.append(Text(str(card.total), justify="right"))
                else:
                    n = card.counts.get(key, 0)
                    style = "bold red" if key == "overdue" and n else ("dim" if not n else "")
                    cells.append(Text(str(n), style=style, justify="right"))
            table.add_row(*cells, key=str(card.unit_id))
        if self.rows:
            index = next((i for i, c in enumerate(self.rows) if keep and c.unit_id == keep.unit_id), 0)
            table.move_cursor(row=index)
        else:
            table.add_row(Text(S.UNITS_NONE, style="dim"), *[""] * len(cols), key="none")

    def on_resize(self) -> None:
        if self.data is not None:
            self._render_table()

    # --- rows and actions ------------------------------------------------------------------------

    def current_card(self) -> Scorecard | None:
        try:
            table = self.query_one("#units-table", DataTable)
        except Exception:
            return None
        if not table.row_count or not self.rows:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((c for c in self.rows if str(c.unit_id) == key), None)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "open":
            return True if self.current_card() is not None else None
        if action == "clear":
            return True if self.search or self.focused is self.query_one("#units-search", Input) else None
        return True

    def on_data_table_row_highlighted(self, _event) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from tui.screens.unit_detail import UnitDetailScreen

        card = self.current_card()
        if card is not None:
            self.app.push_screen(UnitDetailScreen(card.unit_id))

    def action_search(self) -> None:
        self.set_focus(self.query_one("#units-search", Input))  # now, not later: see DondocApp.on_event
        self.refresh_bindings()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self.data is not None:
            self.rows = sort_scorecards(self.data.rows, self.sort)
            self._render_table()
            self._show_title()

    def action_clear(self) -> None:
        field = self.query_one("#units-search", Input)
        if field.value:
            field.value = ""
        self.query_one("#units-table", DataTable).focus()
        self.refresh_bindings()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        value = event.value.strip()
        if value != self.search:
            self.search = value
            self.refresh_data()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#units-table", DataTable).focus()
        self.refresh_bindings()

    def apply_filter(self, flt) -> None:
        """Show the units matching a name (a str, or an AssignmentFilter's unit)."""
        text = flt if isinstance(flt, str) else (getattr(flt, "unit", None) or "")
        field = self.query_one("#units-search", Input)
        field.value = text
        self.search = text.strip()
        self.refresh_data()
