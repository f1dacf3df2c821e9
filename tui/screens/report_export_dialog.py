"""Write the previewed report to a file (.docx, .xlsx, .csv, .md), or issue it with a number
(the Office only): the figures are stored as issued and the file's hash kept. A progress bar
follows the steps; the file is written in a worker, so the screen never freezes."""
from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, ProgressBar, Static

from core.errors import DondocError
from core.reports.model import ReportData
from core.services.reports import (FORMATS, check_number, default_file_name, export_report, issue_report,
                                   parse_format)
from tui import strings as S
from tui.base import WriteFileDialog, literal

STEPS = 3  # figures ready · file written · stored (or checked)


def _write(ws, data: ReportData, fmt: str, target: str, number: str, progress) -> str:
    progress(1)
    if number:
        issued = issue_report(ws, data, number=number, fmt=fmt, target=target)
        progress(2)
        return S.REPORT_ISSUED.format(number=issued.number, id=issued.id, path=target)
    export_report(data, fmt, target)
    progress(2)
    return S.REPORT_WRITTEN.format(path=target)


class ReportExportDialog(WriteFileDialog):
    # One line per field: the whole dialog, buttons included, fits 80×24.
    DEFAULT_CSS = """
    ReportExportDialog Input { border: none; height: 1; padding: 0 1; margin: 0 0 1 0; background: $boost; }
    ReportExportDialog Input:focus { border: none; background: $primary 30%; }
    ReportExportDialog #export-progress { margin: 0; }
    """

    GO_BUTTON = "export-go"
    BINDINGS = [Binding("escape", "cancel", S.KEY_BACK, id="export-cancel"),
                Binding("ctrl+s", "write", S.REPORT_KEY_WRITE, id="export-write", priority=True)]

    def __init__(self, data: ReportData, may_issue: bool):
        super().__init__()
        self.data = data
        self.may_issue = may_issue
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static(S.REPORT_EXPORT_TITLE, classes="dialog-title")
            yield Static(S.REPORT_EXPORT_FORMAT.format(formats=" | ".join(FORMATS)))
            yield Input(value="docx", id="export-format")
            yield Static(S.REPORT_EXPORT_FILE)
            yield Input(value=str(Path.cwd() / default_file_name(self.data, "docx")), id="export-file")
            if self.may_issue:
                yield Static(S.REPORT_EXPORT_NUMBER)
                yield Input(placeholder=S.REPORT_EXPORT_NUMBER_HINT, id="export-number")
            yield Static("", classes="field-error", id="export-error")
            yield ProgressBar(total=STEPS, show_eta=False, id="export-progress")
            yield Static("", id="export-result")
            with Horizontal(classes="buttons"):
                yield Button(S.KEY_BACK, id="export-close")
                yield Button(S.REPORT_KEY_WRITE, variant="primary", id="export-go")

    def _value(self, ident: str) -> str:
        found = self.query(f"#{ident}")
        return found.first(Input).value.strip() if found else ""

    def _check(self) -> tuple[str, str, str]:
        fmt = parse_format(self._value("export-format"))
        target = self._value("export-file")
        if not target:
            raise DondocError(S.REPORT_EXPORT_NO_FILE)
        number = self._value("export-number")
        if number:
            number = check_number(number)
        return fmt, target, number

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "export-format":
            # keep the file's extension in step with the format chosen
            try:
                fmt = parse_format(event.value)
            except DondocError:
                fmt = None
            field = self.query_one("#export-file", Input)
            if fmt and field.value:
                field.value = str(Path(field.value).with_suffix(f".{fmt}"))
        try:
            self._check()
            self.query_one("#export-error", Static).update("")
        except DondocError as exc:
            self.query_one("#export-error", Static).update(literal(str(exc)))

    def action_write(self) -> None:
        if self.busy:
            return
        try:
            fmt, target, number = self._check()
        except DondocError as exc:
            self.query_one("#export-error", Static).update(literal(str(exc)))
            return
        self.busy = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(progress=0)
        app = self.app

        def progress(step: int) -> None:
            app.call_from_thread(bar.update, progress=step)

        self.load(_write, self.data, fmt, target, number, progress, then=self._done, group="export")

    def _done(self, message: str) -> None:
        self.busy = False
        self.query_one("#export-progress", ProgressBar).update(progress=STEPS)
        self.query_one("#export-result", Static).update(literal(message))
        self.query_one("#export-error", Static).update("")

    def on_worker_state_changed(self, event) -> None:
        # (WorkerMixin's handler shows the error dialog after this one.)
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR and event.worker.group == "export":
            self.busy = False
