"""2 Văn bản: every directive with its task count and share of assignments done on time."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from core.services.directive_views import DirectiveSummary, load_directive_list
from tui import strings as S
from tui.base import SectionScreen, literal


def share_text(share: float | None) -> Text:
    if share is None:
        return Text("—", style="dim")
    style = "green" if share >= 0.8 else "yellow" if share >= 0.5 else "red"
    return Text(f"{share * 100:.0f}%", style=style)


class DirectivesScreen(SectionScreen):
    HELP_TITLE = S.SECTION_DIRECTIVES
    DEFAULT_CSS = """
    DirectivesScreen #dir-count { height: 1; padding: 0 1; color: $text-muted; }
    DirectivesScreen #dir-table { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "open", S.KEY_OPEN, id="dir-open"),
        Binding("a", "assignments", S.DIR_KEY_ASSIGNMENTS, id="dir-assignments"),
        Binding("i", "import", S.DIR_KEY_IMPORT, id="dir-import"),
        Binding("r", "refresh", S.KEY_REFRESH, id="dir-refresh", show=False),
    ]

    def __init__(self):
        super().__init__()
        self.rows: list[DirectiveSummary] = []
        self._want_id: int | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(S.LOADING, id="dir-count")
        yield DataTable(id="dir-table", cursor_type="row", zebra_stripes=False)

    # --- data ----------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.load(load_directive_list, then=self.show)

    def action_refresh(self) -> None:
        self.refresh_data()

    def show(self, rows: list[DirectiveSummary]) -> None:
        self.rows = rows
        self._fill()
        self.query_one("#dir-count", Static).update(
            S.DIR_COUNT_LINE.format(n=len(rows)) if rows else S.DIR_NONE)
        self.refresh_bindings()

    def _fill(self) -> None:
        table = self.query_one("#dir-table", DataTable)
        current = self.current()
        keep = self._want_id or (current.id if current else None)
        table.clear(columns=True)
        width = max(self.size.width or self.app.size.width, 60)
        wide = width >= 110
        number_w, type_w, date_w, tasks_w, share_w = 14, 9, 10, 4, 8
        issuer_w = 22 if wide else 0
        cols = 5 + (1 if wide else 0)
        summary_w = max(12, width - number_w - type_w - date_w - tasks_w - share_w - issuer_w - 2 * (cols + 1) - 2)
        table.add_column(S.DIR_COL_NUMBER, width=number_w, key="number")
        table.add_column(S.DIR_COL_TYPE, width=type_w, key="type")
        table.add_column(S.DIR_COL_DATE, width=date_w, key="date")
        if wide:
            table.add_column(S.DIR_COL_ISSUER, width=issuer_w, key="issuer")
        table.add_column(S.DIR_COL_SUMMARY, width=summary_w, key="summary")
        table.add_column(S.DIR_COL_TASKS, width=tasks_w, key="tasks")
        table.add_column(S.DIR_COL_ON_TIME, width=share_w, key="share")
        for r in self.rows:
            cells = [literal(r.number_text) if r.number_text else Text(S.DIR_NO_NUMBER, style="dim"),
                     literal(r.doc_type),
                     r.signed_on.strftime("%d/%m/%Y") if r.signed_on else "—"]
            if wide:
                cells.append(literal(r.issuer))
            cells += [literal(" ".join(r.summary.split())), Text(str(r.tasks), justify="right"),
                      share_text(r.share_on_time)]
            table.add_row(*cells, key=str(r.id))
        if keep is not None:
            for i, r in enumerate(self.rows):
                if r.id == keep:
                    table.move_cursor(row=i)
        self._want_id = None

    def on_resize(self) -> None:
        if self.rows:
            self._fill()

    def current(self) -> DirectiveSummary | None:
        table = self.query_one("#dir-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return next((r for r in self.rows if str(r.id) == key.value), None)

    def apply_filter(self, flt) -> None:
        """Other screens drill in: put the cursor on the directive the filter names."""
        ref = getattr(flt, "directive", None)
        if ref and str(ref).lstrip("#").isdigit():
            self._want_id = int(str(ref).lstrip("#"))
            # a directive just stored is not in the rows yet: the cursor goes to it on the next load
            if any(r.id == self._want_id for r in self.rows):
                self._fill()

    # --- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("open", "assignments"):
            return True if self.current() is not None else None
        if action == "import":
            return True if self.app.is_office() else None
        return True

    def on_data_table_row_highlighted(self, _event) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from tui.screens.directive_detail import DirectiveDetailScreen

        row = self.current()
        if row is not None:
            self.app.push_screen(DirectiveDetailScreen(row.id))

    def action_import(self) -> None:
        from tui.screens.import_screen import open_import

        open_import(self.app)

    def action_assignments(self) -> None:
        from core.services.assignments import AssignmentFilter

        row = self.current()
        if row is None:
            return
        self.app.switch_mode("assignments")
        screen = self.app.screen
        if hasattr(screen, "apply_filter"):
            screen.apply_filter(AssignmentFilter(directive=str(row.id)))
