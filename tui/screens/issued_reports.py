"""Báo cáo đã ban hành: the reports the Office issued (newest first); Enter re-opens one as it
was issued — the stored figures and tables, never recomputed — and e writes its file again,
byte for byte the file that was issued (the SHA-256 stored at issue is checked).

Opened with l on Báo cáo kỳ or from the command palette.
"""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, ProgressBar, Static

from core.errors import DondocError
from core.services.reports import IssuedReport, list_issued, load_issued, parse_format, reexport_issued
from tui import strings as S
from tui.base import SectionScreen, WriteFileDialog, literal
from tui.screens.report_screen import ReportView

STEPS = 3  # started · file written · hash compared


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _period(info: IssuedReport) -> str:
    start, end = info.period_start, info.period_end
    if start is None or end is None:
        return "—"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%d}–{end:%d/%m/%Y}"  # "16–30/08/2021"
    return f"{start:%d/%m}–{end:%d/%m/%Y}"


def _scope(info: IssuedReport) -> Text:
    return literal(info.directive_title) if info.directive_title else Text(S.REPORT_ALL_DIRECTIVES)


# --- the list -----------------------------------------------------------------------------------


class IssuedReportsScreen(SectionScreen):
    HELP_TITLE = S.ISSUED_TITLE
    DEFAULT_CSS = """
    IssuedReportsScreen #issued-count { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    IssuedReportsScreen #issued-table { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", S.KEY_BACK, id="issued-back"),
        Binding("enter", "open", S.KEY_OPEN, id="issued-open"),
        Binding("e", "reexport", S.ISSUED_KEY_REEXPORT, id="issued-reexport"),
        Binding("r", "refresh", S.KEY_REFRESH, id="issued-refresh", show=False),
    ]

    def __init__(self):
        super().__init__()
        self.rows: list[IssuedReport] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(S.LOADING, id="issued-count")
        yield DataTable(id="issued-table", cursor_type="row", zebra_stripes=False)

    # --- data ----------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.load(list_issued, then=self.show, group="issued-list")

    def action_refresh(self) -> None:
        self.refresh_data()

    def show(self, rows: list[IssuedReport]) -> None:
        self.rows = rows
        self._fill()
        self.query_one("#issued-count", Static).update(
            S.ISSUED_COUNT.format(n=len(rows)) if rows else S.ISSUED_NONE)
        self.refresh_bindings()

    def _fill(self) -> None:
        table = self.query_one("#issued-table", DataTable)
        current = self.current()
        table.clear(columns=True)
        width = max(self.size.width or self.app.size.width, 60)
        wide = width >= 110
        id_w, number_w, date_w, fmt_w = 3, 11, 10, 4
        period_w = max([len(S.ISSUED_COL_PERIOD)] + [len(_period(r)) for r in self.rows or []])
        file_w = 26 if wide else 0
        cols = 7 if wide else 6
        # each column is padded by one cell either side; two more for the scroll bar
        scope_w = max(12, width - id_w - number_w - date_w - period_w - fmt_w - file_w - 2 * cols - 2)
        table.add_column(S.ISSUED_COL_ID, width=id_w, key="id")
        table.add_column(S.ISSUED_COL_NUMBER, width=number_w, key="number")
        table.add_column(S.ISSUED_COL_DATE, width=date_w, key="date")
        table.add_column(S.ISSUED_COL_SCOPE, width=scope_w, key="scope")
        table.add_column(S.ISSUED_COL_PERIOD, width=period_w, key="period")
        table.add_column(S.ISSUED_COL_FORMAT, width=fmt_w, key="format")
        if wide:
            table.add_column(S.ISSUED_COL_FILE, width=file_w, key="file")
        for r in self.rows or []:
            cells = [Text(str(r.id), justify="right"), literal(r.number), _date(r.issued_on), _scope(r),
                     _period(r), literal(r.file_format)]
            if wide:
                cells.append(literal(r.file_name))
            table.add_row(*cells, key=str(r.id))
        if current is not None:
            for i, r in enumerate(self.rows or []):
                if r.id == current.id:
                    table.move_cursor(row=i)

    def on_resize(self) -> None:
        if self.rows:
            self._fill()

    def current(self) -> IssuedReport | None:
        table = self.query_one("#issued-table", DataTable)
        if not table.row_count or not self.rows:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return next((r for r in self.rows if str(r.id) == key.value), None)

    # --- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("open", "reexport"):
            return True if self.current() is not None else None
        return True

    def on_data_table_row_highlighted(self, _event) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self) -> None:
        row = self.current()
        if row is not None:
            self.app.push_screen(IssuedReportScreen(row.id))

    def action_reexport(self) -> None:
        row = self.current()
        if row is not None:
            self.app.push_screen(IssuedExportDialog(row))


# --- one issued report, as stored -----------------------------------------------------------------


class IssuedReportScreen(ReportView):
    """The report screen's preview of the stored `ReportData`: what was issued, whatever has
    been recorded since (the as-of date does not change it either)."""

    HELP_TITLE = S.ISSUED_TITLE
    DEFAULT_CSS = """
    IssuedReportScreen #issued-banner { height: auto; max-height: 2; padding: 0 1;
                                        background: $warning 30%; text-style: bold; }
    """
    BINDINGS = [
        Binding("escape", "back", S.KEY_BACK, id="issued-view-back"),
        Binding("e", "reexport", S.ISSUED_KEY_REEXPORT, id="issued-view-reexport"),
    ]

    def __init__(self, issued_id: int):
        super().__init__()
        self.issued_id = issued_id
        self.info: IssuedReport | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(S.LOADING, id="issued-banner")
        yield from super().compose_body()

    def refresh_data(self) -> None:
        # What was issued never changes: loaded once, not on every refresh or change of date.
        if self.info is None:
            self.load(load_issued, self.issued_id, then=self._loaded, group="issued-view")

    def _loaded(self, loaded: tuple[IssuedReport, object]) -> None:
        info, data = loaded
        self.info = info
        self.show(data)
        banner = Text()
        banner.append_text(literal(S.ISSUED_BANNER.format(number=info.number, date=_date(info.issued_on))))
        if info.issued_by:
            banner.append_text(literal(S.ISSUED_BY.format(name=info.issued_by)))
        self.query_one("#issued-banner", Static).update(banner)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "reexport" and self.info is None:
            return None
        return True

    def action_reexport(self) -> None:
        if self.info is not None:
            self.app.push_screen(IssuedExportDialog(self.info))


# --- writing it again -------------------------------------------------------------------------------


def _reexport(ws, issued_id: int, target: str, progress) -> tuple[str, bool]:
    progress(1)
    path, same = reexport_issued(ws, issued_id, target)
    progress(2)
    return str(path), same


class IssuedExportDialog(WriteFileDialog):
    """The export dialog's flow for an issued report: a file name (the issued one's by default),
    a progress bar, and the result — the path and whether the file is the one issued."""

    GO_BUTTON = "reexport-go"

    DEFAULT_CSS = """
    IssuedExportDialog Input { border: none; height: 1; padding: 0 1; margin: 0 0 1 0; background: $boost; }
    IssuedExportDialog Input:focus { border: none; background: $primary 30%; }
    IssuedExportDialog #reexport-info { margin-bottom: 1; }
    IssuedExportDialog #reexport-progress { margin: 0; }
    """
    BINDINGS = [Binding("escape", "cancel", S.KEY_BACK, id="reexport-cancel"),
                Binding("ctrl+s", "write", S.REPORT_KEY_WRITE, id="reexport-write", priority=True)]

    def __init__(self, info: IssuedReport):
        super().__init__()
        self.info = info
        self.busy = False

    def compose(self) -> ComposeResult:
        info = self.info
        line = literal(S.ISSUED_EXPORT_INFO.format(number=info.number, date=_date(info.issued_on),
                                                   period=_period(info),
                                                   scope=info.directive_title or S.REPORT_ALL_DIRECTIVES))
        with Vertical(classes="dialog", id="reexport-dialog"):
            yield Static(S.ISSUED_EXPORT_TITLE, classes="dialog-title")
            yield Static(line, id="reexport-info")
            yield Static(S.ISSUED_EXPORT_FILE.format(fmt=info.file_format))
            yield Input(value=str(Path.cwd() / info.file_name), id="reexport-file")
            yield Static("", classes="muted", id="reexport-note")
            yield Static("", classes="field-error", id="reexport-error")
            yield ProgressBar(total=STEPS, show_eta=False, id="reexport-progress")
            yield Static("", id="reexport-result")
            with Horizontal(classes="buttons"):
                yield Button(S.KEY_BACK, id="reexport-close")
                yield Button(S.REPORT_KEY_WRITE, variant="primary", id="reexport-go")

    def _check(self) -> str:
        target = self.query_one("#reexport-file", Input).value.strip()
        if not target:
            raise DondocError(S.REPORT_EXPORT_NO_FILE)
        if Path(target).suffix:
            parse_format(None, target)  # an extension no writer knows is refused
        return target

    def _note(self, target: str) -> str:
        suffix = Path(target).suffix.lower().lstrip(".")
        if suffix and suffix != self.info.file_format:
            return S.ISSUED_EXPORT_OTHER_FORMAT.format(fmt=self.info.file_format)
        return ""

    def _say(self, ident: str, message) -> None:
        # an empty line takes no room: at 80×24 the dialog has none to spare
        widget = self.query_one(f"#{ident}", Static)
        widget.update(message)
        widget.display = bool(message)

    def on_mount(self) -> None:
        self._say("reexport-note", "")
        self._say("reexport-error", "")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._say("reexport-note", self._note(event.value.strip()))
        try:
            self._check()
            self._say("reexport-error", "")
        except DondocError as exc:
            self._say("reexport-error", literal(str(exc)))

    def action_write(self) -> None:
        if self.busy:
            return
        try:
            target = self._check()
        except DondocError as exc:
            self._say("reexport-error", literal(str(exc)))
            return
        self.busy = True
        bar = self.query_one("#reexport-progress", ProgressBar)
        bar.update(progress=0)
        self.query_one("#reexport-result", Static).update("")
        app = self.app

        def progress(step: int) -> None:
            app.call_from_thread(bar.update, progress=step)

        self.load(_reexport, self.info.id, target, progress, then=self._done, group="reexport")

    def _done(self, result: tuple[str, bool]) -> None:
        path, same = result
        self.busy = False
        self.query_one("#reexport-progress", ProgressBar).update(progress=STEPS)
        message = Text()
        message.append_text(literal(S.ISSUED_EXPORT_DONE.format(number=self.info.number, id=self.info.id,
                                                                path=path)))
        message.append("\n")
        if same:
            message.append(S.ISSUED_EXPORT_SAME, style="green")
        else:
            message.append(S.ISSUED_EXPORT_DIFFERENT, style="yellow")
        self.query_one("#reexport-result", Static).update(message)
        self._say("reexport-error", "")

    def on_worker_state_changed(self, event) -> None:
        # (WorkerMixin's handler shows the error dialog after this one; Textual chains them.)
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR and event.worker.group == "reexport":
            self.busy = False
