"""Gia hạn: a unit (or the Office) requests a new due date; the Office grants or refuses a
pending request."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select, Static

from core.services.assignment_info import AssignmentInfo, load_assignment_info
from core.services.checkins import decide_extension, request_extension
from core.services.workspace import parse_user_date
from tui import strings as S
from tui.base import literal
from tui.widgets.form_fields import (
    FormField,
    FormScreen,
    assignment_header,
    date_validator,
    fmt,
    required_validator,
    text_area,
    text_input,
)


class ExtensionForm(FormScreen):
    TITLE_TEXT = S.EXT_TITLE

    def __init__(self, assignment_id: int):
        super().__init__()
        self.assignment_id = assignment_id
        self.info: AssignmentInfo | None = None
        self.deciding = False

    def compose_fields(self) -> ComposeResult:
        yield Static("", id="ext-request")
        yield FormField(S.EXT_NEW_DUE, text_input(id="ext-new-due", placeholder=S.DATE_HINT),
                        validator=date_validator(S.EXT_NEW_DUE, extra=self._new_due_error),
                        id="f-new-due")
        yield FormField(S.EXT_REASON, text_area(id="ext-reason"),
                        validator=required_validator(S.EXT_REASON_REQUIRED), id="f-ext-reason")
        yield FormField(S.EXT_DECISION, Select([(S.EXT_GRANT, "grant"), (S.EXT_REFUSE, "refuse")],
                                               allow_blank=False, value="grant", id="ext-decision",
                                               compact=True), id="f-ext-decision")
        yield FormField(S.EXT_NOTE, text_input(id="ext-note"), id="f-ext-note")

    def _new_due_error(self, day) -> str | None:
        today = self.app.ws.today
        if day < today:
            return S.EXT_NEW_DUE_PAST.format(date=fmt(today))
        if self.info is not None and self.info.due is not None and day <= self.info.due:
            return S.EXT_NEW_DUE_NOT_AFTER.format(date=fmt(self.info.due))
        return None

    def start_loading(self) -> None:
        for fid in ("f-new-due", "f-ext-reason", "f-ext-decision", "f-ext-note"):
            self.field(fid).display = False
        self.load(load_assignment_info, self.assignment_id, then=self.show_info)

    def show_info(self, info: AssignmentInfo) -> None:
        self.info = info
        self.deciding = info.pending_extension is not None and self.app.is_office()
        self.set_header(assignment_header(info))
        request = self.query_one("#ext-request", Static)
        pending = info.pending_extension
        if pending is not None:
            t = Text()
            t.append(S.EXT_PENDING.format(date=fmt(pending.requested_on), new_due=fmt(pending.new_due)) + "\n",
                     style="bold")
            t.append(f"{S.EXT_REASON}: ", style="dim")
            t.append_text(literal(pending.reason))
            if not self.deciding:
                t.append("\n" + S.EXT_PENDING_WAIT, style="italic")
            request.update(t)
        else:
            request.display = False
        if self.deciding:
            self.query_one("#form-title", Static).update(S.EXT_DECIDE_TITLE)
            self.field("f-ext-decision").display = True
            self.field("f-ext-note").display = True
            self.query_one("#ext-decision", Select).focus()
        else:
            self.field("f-new-due").display = True
            self.field("f-ext-reason").display = True
            self.query_one("#ext-new-due").focus()
        self.refresh_bindings()

    def save_call(self):
        if self.deciding:
            grant = self.field("f-ext-decision").value == "grant"
            return decide_extension, (self.info.pending_extension.id, grant, self.field("f-ext-note").value)
        new_due = parse_user_date(self.field("f-new-due").value, S.EXT_NEW_DUE)
        return request_extension, (self.assignment_id, new_due, self.field("f-ext-reason").value)
