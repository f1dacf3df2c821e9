"""Xác nhận hoàn thành: the Office confirms a unit's completion report or returns it."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select, Static

from core.services.assignment_info import AssignmentInfo, load_assignment_info
from core.services.checkins import decide_completion
from tui import strings as S
from tui.base import literal
from tui.widgets.form_fields import FormField, FormScreen, assignment_header, fmt, text_area


class DecisionForm(FormScreen):
    TITLE_TEXT = S.DECISION_TITLE

    def __init__(self, assignment_id: int):
        super().__init__()
        self.assignment_id = assignment_id
        self.info: AssignmentInfo | None = None

    def compose_fields(self) -> ComposeResult:
        yield Static("", id="decision-report")
        yield FormField(S.DECISION_CHOICE, Select([(S.DECISION_CONFIRM, "confirm"), (S.DECISION_RETURN, "return")],
                                                  allow_blank=False, value="confirm", id="decision-choice",
                                                  compact=True), id="f-decision")
        yield FormField(S.DECISION_REASON, text_area(id="decision-reason", placeholder=S.DECISION_REASON_HINT),
                        validator=self._reason_error, id="f-reason")

    def _reason_error(self, value: str) -> str | None:
        try:
            choice = self.field("f-decision").value
        except Exception:  # noqa: BLE001 - not composed yet
            return None
        if choice == "return" and not (value or "").strip():
            return S.DECISION_REASON_REQUIRED
        return None

    def start_loading(self) -> None:
        self.load(load_assignment_info, self.assignment_id, then=self.show_info)

    def show_info(self, info: AssignmentInfo) -> None:
        self.set_header(assignment_header(info))
        report = self.query_one("#decision-report", Static)
        c = info.awaiting_checkin
        if c is None:
            report.update(Text(S.DECISION_NONE, style="bold"))
        else:
            t = Text()
            t.append(S.DECISION_REPORT + "\n", style="bold")
            t.append(f"{S.DECISION_REPORTED_ON}: ", style="dim")
            t.append(fmt(c.reported_on))
            t.append(f" · {S.DECISION_COMPLETED_ON}: ", style="dim")
            t.append(fmt(c.completed_on))
            if info.due and c.completed_on:
                would = "done_on_time" if c.completed_on <= info.due else "done_late"
                t.append(" · " + S.DECISION_WOULD_BE.format(category=S.CATEGORY[would]), style="italic")
            t.append(f"\n{S.DECISION_RESULT}: ", style="dim")
            t.append_text(literal(c.result) if c.result else Text(S.DECISION_NO_RESULT, style="dim"))
            report.update(t)
        self.info = info
        self.refresh_bindings()
        self.query_one("#decision-choice", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "decision-choice":
            self.field("f-reason").check()

    def form_checks(self) -> list[str]:
        if self.info is not None and self.info.awaiting_checkin is None:
            return [S.DECISION_NONE]
        return []

    def save_call(self):
        return decide_completion, (self.assignment_id, self.field("f-decision").value,
                                   self.field("f-reason").value)
