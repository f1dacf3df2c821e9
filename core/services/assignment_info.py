"""A small read model for the headers of the assignment forms (check-in, decision, extension):
what the task is, who it is given to, how it stands as of the workspace's date, the completion
report awaiting the Office's decision and a pending extension request."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from core.models import Checkin, Extension, ExtensionStatus
from core.services.checkins import get_assignment, standing_of
from core.services.workspace import Workspace

EXCERPT_CHARS = 120


@dataclass(frozen=True)
class CheckinSummary:
    id: int
    reported_on: dt.date
    status: str
    progress: int | None
    completed_on: dt.date | None
    result: str


@dataclass(frozen=True)
class PendingExtension:
    id: int
    new_due: dt.date
    reason: str
    requested_on: dt.date


@dataclass(frozen=True)
class AssignmentInfo:
    assignment_id: int
    task_id: int
    task_path: str
    text: str
    excerpt: str
    directive_title: str
    unit_id: int
    unit_name: str
    role: str
    assigned_on: dt.date
    deadline_kind: str
    deadline_phrase: str | None
    due: dt.date | None
    original_due: dt.date | None
    category: str
    flags: tuple[str, ...]
    awaiting: bool
    closed: bool
    as_of: dt.date
    last_checkin: CheckinSummary | None
    awaiting_checkin: CheckinSummary | None
    pending_extension: PendingExtension | None


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def load_assignment_info(ws: Workspace, assignment_id: int) -> AssignmentInfo:
    """The header of a form on one assignment, as of ws.today."""
    as_of = ws.today
    with ws.session() as s:
        a = get_assignment(s, assignment_id)
        st = standing_of(s, a, as_of)
        last = s.scalar(select(Checkin).where(Checkin.assignment_id == a.id, Checkin.reported_on <= as_of)
                        .order_by(Checkin.reported_on.desc(), Checkin.id.desc()).limit(1))
        last_summary = None
        if last is not None:
            last_summary = CheckinSummary(last.id, last.reported_on, last.status, last.progress,
                                          last.completed_on, last.result or "")
        awaiting_summary = last_summary if st.awaiting_confirmation else None
        ext = s.scalar(select(Extension).where(Extension.assignment_id == a.id,
                                               Extension.status == ExtensionStatus.REQUESTED.value,
                                               Extension.requested_on <= as_of)
                       .order_by(Extension.requested_on.desc(), Extension.id.desc()).limit(1))
        pending = PendingExtension(ext.id, ext.new_due, ext.reason or "", ext.requested_on) if ext else None
        flags = tuple(f for f, on in (("due_soon", st.due_soon), ("awaiting", st.awaiting_confirmation),
                                      ("returned", st.returned),
                                      ("unreported", st.reported_in_period is False)) if on)
        return AssignmentInfo(
            assignment_id=a.id, task_id=a.task_id, task_path=a.task.path, text=a.task.text or "",
            excerpt=_excerpt(a.task.text or ""), directive_title=a.task.directive.title,
            unit_id=a.unit_id, unit_name=a.unit.name, role=a.role, assigned_on=a.assigned_on,
            deadline_kind=a.deadline.kind, deadline_phrase=a.deadline.phrase,
            due=st.due, original_due=st.original_due, category=st.category.value, flags=flags,
            awaiting=st.awaiting_confirmation,
            closed=st.category.value in ("done_on_time", "done_late"),
            as_of=as_of, last_checkin=last_summary, awaiting_checkin=awaiting_summary,
            pending_extension=pending,
        )
