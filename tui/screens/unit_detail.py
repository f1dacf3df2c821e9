"""One unit: name, kind, other names, validity, renames and merges, groups, its scorecard and
its assignments as of the app's date."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from core.services.scorecards import UnitDetail, load_unit_detail
from tui import strings as S
from tui.base import SectionScreen, literal
from tui.widgets.assignment_table import AssignmentRowActions, AssignmentTable


def _d(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def history_text(d: UnitDetail) -> Text:
    """«Sở Kế hoạch và Đầu tư → Sở Tài chính (01/03/2025)», this unit in bold."""
    text = Text()
    for i, step in enumerate(d.history):
        if i:
            text.append(" → ", style="dim")
        text.append_text(literal(step.name))
        if step.unit_id == d.id:
            text.stylize("bold", len(text) - len(literal(step.name).plain), len(text))
        if i and step.since:
            text.append(f" ({_d(step.since)})", style="dim")
    return text


class UnitDetailScreen(AssignmentRowActions, SectionScreen):
    HELP_TITLE = S.SECTION_UNITS
    DEFAULT_CSS = """
    UnitDetailScreen #unit-info { height: auto; max-height: 12; padding: 0 1; }
    UnitDetailScreen #unit-list-title { height: 1; padding: 0 1; }
    UnitDetailScreen #unit-assignments { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", S.KEY_BACK, id="unit-back"),
        Binding("enter", "open", S.KEY_OPEN, id="unit-open"),
        Binding("n", "checkin", S.KEY_CHECKIN, id="unit-checkin"),
        Binding("a", "all_assignments", S.UNIT_KEY_ALL_ASSIGNMENTS, id="unit-all-assignments"),
        Binding("r", "refresh", S.KEY_REFRESH, id="unit-refresh", show=False),
    ]

    def __init__(self, unit_id: int):
        super().__init__()
        self.unit_id = unit_id
        self.data: UnitDetail | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(S.LOADING, id="unit-info")
        yield Static("", id="unit-list-title")
        yield AssignmentTable(id="unit-assignments")

    def on_mount(self) -> None:
        self.query_one("#unit-assignments", AssignmentTable).focus()

    # --- data ----------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.load(load_unit_detail, self.unit_id, then=self.show)

    def action_refresh(self) -> None:
        self.refresh_data()

    def show(self, data: UnitDetail) -> None:
        self.data = data
        self.query_one("#unit-info", Static).update(self._info(data))
        title = S.UNIT_DETAIL_ASSIGNMENTS.format(n=len(data.assignments)) if data.assignments \
            else S.UNIT_DETAIL_NO_ASSIGNMENTS
        self.query_one("#unit-list-title", Static).update(Text(title, style="bold"))
        self.query_one("#unit-assignments", AssignmentTable).show_rows(data.assignments, data.as_of)
        self.refresh_bindings()

    def _info(self, d: UnitDetail) -> Table:
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(ratio=1)
        name = literal(d.name)
        name.stylize("bold")
        kind = Text(" · " + S.UNIT_KIND.get(d.kind, d.kind), style="dim")
        grid.add_row(Text(S.UNITS_COL_NAME, style="dim"), name + kind)
        if d.aliases:
            grid.add_row(S.UNIT_DETAIL_ALIASES, literal(", ".join(d.aliases)))
        if d.valid_from and d.valid_to:
            validity = S.UNIT_DETAIL_VALID_FROM_TO.format(start=_d(d.valid_from), end=_d(d.valid_to))
        elif d.valid_from:
            validity = S.UNIT_DETAIL_VALID_FROM.format(start=_d(d.valid_from))
        elif d.valid_to:
            validity = S.UNIT_DETAIL_VALID_TO.format(end=_d(d.valid_to))
        else:
            validity = S.UNIT_DETAIL_ALWAYS
        grid.add_row(S.UNIT_DETAIL_VALIDITY, validity)
        if len(d.history) > 1:
            grid.add_row(S.UNIT_DETAIL_HISTORY, history_text(d))
        if d.groups:
            grid.add_row(S.UNIT_DETAIL_GROUPS, literal("; ".join(d.groups)))
        if d.members:
            grid.add_row(S.UNIT_DETAIL_MEMBERS, literal("; ".join(d.members)))
        card = d.scorecard
        if card is not None:
            line = Text()
            for i, (key, label) in enumerate((("done_on_time", S.UNITS_COL_ON_TIME),
                                              ("done_late", S.UNITS_COL_LATE),
                                              ("in_progress", S.UNITS_COL_IN_PROGRESS),
                                              ("overdue", S.UNITS_COL_OVERDUE),
                                              ("recurring", S.CATEGORY_SHORT["recurring"]))):
                n = card.counts.get(key, 0)
                if i:
                    line.append(" · ", style="dim")
                line.append(f"{label} ")
                line.append(str(n), style="bold red" if key == "overdue" and n else "bold")
            extra = []
            if card.on_time_rate is not None:
                extra.append(S.UNIT_DETAIL_RATE.format(rate=f"{card.on_time_rate:.0%}"))
            if card.last_checkin_on:
                extra.append(S.UNIT_DETAIL_LAST.format(date=_d(card.last_checkin_on)))
            if extra:
                line.append(" · " + " · ".join(extra), style="dim")
            grid.add_row(S.UNIT_DETAIL_SCORE, line)
        return grid

    # --- rows and actions ------------------------------------------------------------------------

    def _row(self):
        return self.query_one("#unit-assignments", AssignmentTable).current_row()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "all_assignments":
            return True if self.data is not None else None
        return super().check_action(action, parameters)


    def action_all_assignments(self) -> None:
        from core.services.assignments import AssignmentFilter

        if self.data is None:
            return
        name = self.data.name
        app = self.app
        app.switch_mode("assignments")

        def apply() -> None:
            screen = app.screen
            if hasattr(screen, "apply_filter"):
                screen.apply_filter(AssignmentFilter(unit=name))

        app.call_after_refresh(apply)
