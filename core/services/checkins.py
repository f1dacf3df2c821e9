"""Writes on an assignment: check-ins, the Office's confirm/return, extensions.

Each function is one user action and one transaction. History is append-only and always in
date order: a write is dated with the workspace's business date, and is refused when the
assignment already has facts dated later (that would rewrite what earlier reports showed).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import ClosedAssignmentError, NotFoundError, ValidationError
from core.models import (
    Assignment,
    Checkin,
    CheckinStatus,
    Confirmation,
    Decision,
    Extension,
    ExtensionStatus,
    Task,
    Unit,
)
from core.periods import period_containing
from core.services.directives import directive_cycle, find_directive
from core.services.permissions import require_office, require_report_for
from core.services.units import resolve_unit
from core.services.workspace import Workspace
from core.services.write_service import write_service
from core.status import Category, CheckinFact, DecisionFact, ExtensionFact, History, Standing, standing
from core.text import nfc

STATUS_LABELS = {
    CheckinStatus.NOT_STARTED.value: "Chưa triển khai",
    CheckinStatus.IN_PROGRESS.value: "Đang thực hiện",
    CheckinStatus.BLOCKED.value: "Gặp vướng mắc",
    CheckinStatus.DONE.value: "Đã hoàn thành",
}
STATUS_ALIASES = {
    "not_started": "not_started", "chua trien khai": "not_started",
    "in_progress": "in_progress", "dang thuc hien": "in_progress",
    "blocked": "blocked", "vuong mac": "blocked", "gap vuong mac": "blocked",
    "done": "done", "hoan thanh": "done", "da hoan thanh": "done",
}


def get_assignment(s: Session, assignment_id: int) -> Assignment:
    a = s.get(Assignment, assignment_id)
    if a is None:
        raise NotFoundError(f"Không có phân công mã số {assignment_id}.")
    return a


def find_assignment(s: Session, directive_ref: str, task_path: str, unit_name: str) -> Assignment:
    directive = find_directive(s, directive_ref)
    res = resolve_unit(s, unit_name, on=directive.signed_on)
    q = (select(Assignment).join(Task).where(Task.directive_id == directive.id,
                                             Task.path == task_path.strip(),
                                             Assignment.unit_id == res.unit.id))
    a = s.scalar(q)
    if a is None:
        raise NotFoundError(
            f"Văn bản «{directive.title}» không có nhiệm vụ {task_path} giao cho «{res.unit.name}».")
    return a


def history_of(s: Session, a: Assignment) -> History:
    checkins = s.scalars(select(Checkin).where(Checkin.assignment_id == a.id)).all()
    decisions = s.scalars(select(Confirmation).where(Confirmation.assignment_id == a.id)).all()
    extensions = s.scalars(select(Extension).where(Extension.assignment_id == a.id)).all()
    return History(
        kind=a.deadline.kind, due=a.deadline.due,
        checkins=tuple(CheckinFact(c.id, c.reported_on, c.status, c.completed_on) for c in checkins),
        decisions=tuple(DecisionFact(d.id, d.checkin_id, d.decided_on, d.decision) for d in decisions),
        extensions=tuple(ExtensionFact(e.id, e.new_due, e.status, e.decided_on) for e in extensions),
    )


def standing_of(s: Session, a: Assignment, as_of: dt.date) -> Standing:
    cycle = directive_cycle(a.task.directive)
    return standing(history_of(s, a), as_of, period_containing(cycle, as_of).start)


def _latest_fact_date(s: Session, a: Assignment) -> dt.date | None:
    dates = [
        s.scalar(select(func.max(Checkin.reported_on)).where(Checkin.assignment_id == a.id)),
        s.scalar(select(func.max(Confirmation.decided_on)).where(Confirmation.assignment_id == a.id)),
        s.scalar(select(func.max(Extension.decided_on)).where(Extension.assignment_id == a.id)),
    ]
    dates = [d for d in dates if d is not None]
    return max(dates) if dates else None


def _require_in_order(s: Session, a: Assignment, today: dt.date) -> None:
    if today < a.assigned_on:
        raise ValidationError(
            f"Ngày {today:%d/%m/%Y} trước ngày giao nhiệm vụ ({a.assigned_on:%d/%m/%Y}); không thể ghi.")
    latest = _latest_fact_date(s, a)
    if latest and latest > today:
        raise ValidationError(
            f"Phân công này đã có thông tin ngày {latest:%d/%m/%Y}, sau ngày đang làm việc "
            f"{today:%d/%m/%Y}; không thể ghi lùi ngày. Hãy đổi ngày xem về {latest:%d/%m/%Y} hoặc sau đó.")


def _require_open(s: Session, a: Assignment, today: dt.date) -> Standing:
    st = standing_of(s, a, today)
    if st.category in (Category.DONE_ON_TIME, Category.DONE_LATE):
        raise ClosedAssignmentError(
            f"Nhiệm vụ {a.task.path} của «{a.unit.name}» đã được Văn phòng xác nhận hoàn thành "
            f"(ngày hoàn thành {st.completed_on:%d/%m/%Y}); không thể ghi thêm.")
    return st


def parse_status(text: str) -> str:
    from core.text import fold

    value = STATUS_ALIASES.get(fold(text or "").replace("-", "_"))
    if value is None:
        names = ", ".join(f"{k} ({v})" for k, v in STATUS_LABELS.items())
        raise ValidationError(f"Tình trạng không hợp lệ: «{text}». Chọn một trong: {names}.")
    return value


@dataclass
class CheckinInput:
    status: str
    progress: int | None = None
    result: str = ""
    difficulties: str = ""
    proposals: str = ""
    reference: str = ""
    completed_on: dt.date | None = None


@write_service
def record_checkin(ws: Workspace, assignment_id: int, data: CheckinInput) -> Checkin:
    """A unit's progress report on one assignment, dated today (the business date)."""
    with ws.session() as s:
        clerk = ws.acting_clerk(s)
        a = get_assignment(s, assignment_id)
        require_report_for(clerk, a.unit_id, a.unit.name)
        status = parse_status(data.status)
        if data.progress is not None and not 0 <= data.progress <= 100:
            raise ValidationError(f"Tiến độ phải từ 0 đến 100 (%), không phải «{data.progress}».")
        _require_in_order(s, a, ws.today)
        _require_open(s, a, ws.today)
        completed_on = None
        progress = data.progress
        if status == CheckinStatus.DONE.value:
            if a.deadline.kind == "recurring":
                raise ValidationError(
                    f"Nhiệm vụ {a.task.path} là nhiệm vụ thường xuyên, không có trạng thái hoàn thành; "
                    "hãy báo cáo kết quả trong kỳ với tình trạng «in_progress».")
            completed_on = data.completed_on or ws.today
            if completed_on > ws.today:
                raise ValidationError(
                    f"Ngày hoàn thành {completed_on:%d/%m/%Y} sau ngày báo cáo {ws.today:%d/%m/%Y}.")
            if completed_on < a.assigned_on:
                raise ValidationError(
                    f"Ngày hoàn thành {completed_on:%d/%m/%Y} trước ngày giao {a.assigned_on:%d/%m/%Y}.")
            progress = 100 if progress is None else progress
        elif data.completed_on is not None:
            raise ValidationError("Chỉ ghi ngày hoàn thành khi báo cáo đã hoàn thành (done).")
        checkin = Checkin(
            assignment_id=a.id, reported_on=ws.today, completed_on=completed_on, clerk_id=clerk.id,
            status=status, progress=progress, result=nfc(data.result or "").strip(),
            difficulties=nfc(data.difficulties or "").strip(), proposals=nfc(data.proposals or "").strip(),
            reference=nfc(data.reference or "").strip(),
        )
        s.add(checkin)
        s.flush()
        return checkin


@write_service
def decide_completion(ws: Workspace, assignment_id: int, decision: str, reason: str = "") -> Confirmation:
    """The Office confirms the unit's completion report, or returns it with a reason."""
    if decision not in (Decision.CONFIRM.value, Decision.RETURN.value):
        raise ValidationError(f"Quyết định không hợp lệ: «{decision}» (confirm hoặc return).")
    reason = nfc(reason or "").strip()
    with ws.session() as s:
        clerk = ws.acting_clerk(s)
        require_office(clerk, "xác nhận hoặc trả lại kết quả hoàn thành")
        a = get_assignment(s, assignment_id)
        _require_in_order(s, a, ws.today)
        st = _require_open(s, a, ws.today)
        if not st.awaiting_confirmation:
            raise ValidationError(
                f"Nhiệm vụ {a.task.path} của «{a.unit.name}» chưa có báo cáo hoàn thành chờ xác nhận.")
        if decision == Decision.RETURN.value and not reason:
            raise ValidationError("Trả lại kết quả phải ghi lý do (cần thực hiện lại những gì).")
        last = s.scalar(select(Checkin).where(Checkin.assignment_id == a.id, Checkin.reported_on <= ws.today)
                        .order_by(Checkin.reported_on.desc(), Checkin.id.desc()).limit(1))
        row = Confirmation(assignment_id=a.id, checkin_id=last.id, decision=decision, reason=reason,
                           decided_on=ws.today, clerk_id=clerk.id)
        s.add(row)
        s.flush()
        return row


@write_service
def request_extension(ws: Workspace, assignment_id: int, new_due: dt.date, reason: str) -> Extension:
    reason = nfc(reason or "").strip()
    with ws.session() as s:
        clerk = ws.acting_clerk(s)
        a = get_assignment(s, assignment_id)
        require_report_for(clerk, a.unit_id, a.unit.name)
        _require_in_order(s, a, ws.today)
        st = _require_open(s, a, ws.today)
        if not reason:
            raise ValidationError("Đề nghị gia hạn phải ghi lý do.")
        if new_due < ws.today:
            raise ValidationError(f"Hạn mới {new_due:%d/%m/%Y} đã qua (hôm nay {ws.today:%d/%m/%Y}).")
        if st.due is not None and new_due <= st.due:
            raise ValidationError(f"Hạn mới {new_due:%d/%m/%Y} phải sau hạn hiện tại {st.due:%d/%m/%Y}.")
        ext = Extension(assignment_id=a.id, new_due=new_due, reason=reason,
                        status=ExtensionStatus.REQUESTED.value, requested_on=ws.today, requested_by=clerk.id)
        s.add(ext)
        s.flush()
        return ext


@write_service
def decide_extension(ws: Workspace, extension_id: int, grant: bool, note: str = "") -> Extension:
    with ws.session() as s:
        clerk = ws.acting_clerk(s)
        require_office(clerk, "cho gia hạn")
        ext = s.get(Extension, extension_id)
        if ext is None:
            raise NotFoundError(f"Không có đề nghị gia hạn mã số {extension_id}.")
        if ext.status != ExtensionStatus.REQUESTED.value:
            raise ValidationError(f"Đề nghị gia hạn {extension_id} đã được xử lý.")
        a = get_assignment(s, ext.assignment_id)
        _require_in_order(s, a, ws.today)
        ext.status = (ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED).value
        ext.decided_on = ws.today
        ext.decided_by = clerk.id
        ext.decision_note = nfc(note or "").strip()
        s.flush()
        return ext


def unit_of(s: Session, assignment_id: int) -> Unit:
    return get_assignment(s, assignment_id).unit
