"""Báo cáo tiến độ: a unit's check-in on one assignment, dated the as-of date."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Select

from core.services.assignment_info import AssignmentInfo, load_assignment_info
from core.services.checkins import STATUS_LABELS, CheckinInput, record_checkin
from core.services.workspace import parse_user_date
from tui import strings as S
from tui.widgets.form_fields import (
    FormField,
    FormScreen,
    assignment_header,
    date_validator,
    fmt,
    text_area,
    text_input,
)


def progress_error(value: str) -> str | None:
    text = (value or "").strip().rstrip("%").strip()
    if not text:
        return None
    if not text.isdigit():
        return S.CHECKIN_PROGRESS_NOT_NUMBER
    return None if 0 <= int(text) <= 100 else S.CHECKIN_PROGRESS_BAD


class CheckinForm(FormScreen):
    TITLE_TEXT = S.CHECKIN_TITLE

    def __init__(self, assignment_id: int):
        super().__init__()
        self.assignment_id = assignment_id
        self.info: AssignmentInfo | None = None

    def compose_fields(self) -> ComposeResult:
        yield FormField(S.CHECKIN_STATUS, Select(S.CHECKIN_STATUS_OPTIONS, allow_blank=False,
                                                 value="in_progress", id="checkin-status", compact=True),
                        id="f-status")
        yield FormField(S.CHECKIN_PROGRESS,
                        text_input(id="checkin-progress", placeholder=S.CHECKIN_PROGRESS_PLACEHOLDER),
                        validator=progress_error, id="f-progress")
        yield FormField(S.CHECKIN_COMPLETED_ON, text_input(id="checkin-completed", placeholder=S.DATE_HINT),
                        validator=date_validator(S.CHECKIN_COMPLETED_ON, extra=self._completed_after),
                        id="f-completed")
        yield FormField(S.CHECKIN_RESULT, text_area(id="checkin-result"), id="f-result")
        yield FormField(S.CHECKIN_DIFFICULTIES, text_area(id="checkin-difficulties"), id="f-difficulties")
        yield FormField(S.CHECKIN_PROPOSALS, text_area(id="checkin-proposals"), id="f-proposals")
        yield FormField(S.CHECKIN_REFERENCE, text_input(id="checkin-reference",
                                                         placeholder=S.CHECKIN_REFERENCE_HINT),
                        id="f-reference")

    def _completed_after(self, day) -> str | None:
        today = self.app.ws.today
        return S.CHECKIN_COMPLETED_AFTER.format(date=fmt(today)) if day > today else None

    def start_loading(self) -> None:
        self.field("f-completed").display = False
        self.load(load_assignment_info, self.assignment_id, then=self.show_info)

    def show_info(self, info: AssignmentInfo) -> None:
        self.query_one("#form-title").update(S.CHECKIN_TITLE_DATED.format(date=fmt(info.as_of)))
        header = assignment_header(info)
        if info.last_checkin:
            header.append(" · " + S.CHECKIN_LAST.format(
                date=fmt(info.last_checkin.reported_on),
                status=STATUS_LABELS.get(info.last_checkin.status, info.last_checkin.status)), style="dim")
        self.set_header(header)
        completed = self.field("f-completed")
        if not completed.value:
            completed.value = fmt(info.as_of)
        if info.closed:
            self.show_form_error(S.CHECKIN_CLOSED)
        self.info = info
        self.refresh_bindings()
        self.query_one("#checkin-status", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "checkin-status":
            completed = self.field("f-completed")
            completed.display = event.value == "done"
            completed.check()

    def save_call(self):
        status = self.field("f-status").value
        progress_text = (self.field("f-progress").value or "").strip().rstrip("%").strip()
        completed_on = None
        if status == "done":
            completed_on = parse_user_date(self.field("f-completed").value, S.CHECKIN_COMPLETED_ON)
        data = CheckinInput(
            status=status,
            progress=int(progress_text) if progress_text else None,
            result=self.field("f-result").value,
            difficulties=self.field("f-difficulties").value,
            proposals=self.field("f-proposals").value,
            reference=self.field("f-reference").value,
            completed_on=completed_on,
        )
        return record_checkin, (self.assignment_id, data)
