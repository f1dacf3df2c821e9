"""What the dashboard shows, for one directive or all, as of the workspace's date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Assignment, Checkin, Directive, Task, Unit
from core.periods import Period, get_cycle, period_containing, previous_period
from core.services.assignments import (
    AssignmentFilter,
    AssignmentRow,
    category_counts,
    list_assignments,
    overdue_by_unit,
)
from core.services.workspace import Workspace

LIST_LIMIT = 200


@dataclass
class LatestCheckin:
    assignment_id: int
    task_id: int
    reported_on: dt.date
    unit_name: str
    task_path: str
    status: str
    progress: int | None
    result: str


@dataclass
class Dashboard:
    as_of: dt.date
    directive_id: int | None
    directive_title: str | None
    period: Period
    previous: Period
    counts: dict[str, int]
    overdue: list[AssignmentRow] = field(default_factory=list)
    due_this_period: list[AssignmentRow] = field(default_factory=list)
    due_soon: list[AssignmentRow] = field(default_factory=list)
    awaiting: list[AssignmentRow] = field(default_factory=list)
    top_overdue_units: list[tuple[str, int, int]] = field(default_factory=list)  # name, unit id, count
    latest: list[LatestCheckin] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.get(k, 0) for k in
                   ("done_on_time", "done_late", "in_progress", "overdue", "recurring"))


def load_dashboard(ws: Workspace, directive_id: int | None = None) -> Dashboard:
    as_of = ws.today
    with ws.session() as s:
        directive = s.get(Directive, directive_id) if directive_id else None
        cycle = get_cycle(directive.reporting_cycle if directive else None)
        period = period_containing(cycle, as_of)
        ref = str(directive.id) if directive else None
        base = AssignmentFilter(directive=ref)
        counts = category_counts(s, base, as_of)
        # By due date: the longest overdue first.
        overdue = list_assignments(s, AssignmentFilter(directive=ref, category="overdue"), as_of,
                                   limit=LIST_LIMIT)
        due_this_period = list_assignments(s, AssignmentFilter(directive=ref, due_after=period.start,
                                                               due_before=period.end), as_of, limit=LIST_LIMIT)
        due_soon = list_assignments(s, AssignmentFilter(directive=ref, flag="due_soon"), as_of, limit=LIST_LIMIT)
        awaiting = list_assignments(s, AssignmentFilter(directive=ref, flag="awaiting"), as_of, limit=LIST_LIMIT)
        top = overdue_by_unit(s, base, as_of)
        return Dashboard(
            as_of=as_of, directive_id=directive.id if directive else None,
            directive_title=directive.title if directive else None, period=period,
            previous=previous_period(cycle, period), counts=counts, overdue=overdue,
            due_this_period=due_this_period, due_soon=due_soon, awaiting=awaiting,
            top_overdue_units=top, latest=_latest(s, as_of, directive.id if directive else None),
        )


def _latest(s: Session, as_of: dt.date, directive_id: int | None, limit: int = 50) -> list[LatestCheckin]:
    q = (select(Checkin, Assignment.task_id, Unit.name, Task.path)
         .join(Assignment, Assignment.id == Checkin.assignment_id)
         .join(Unit, Unit.id == Assignment.unit_id)
         .join(Task, Task.id == Assignment.task_id)
         .where(Checkin.reported_on <= as_of)
         .order_by(Checkin.reported_on.desc(), Checkin.id.desc())
         .limit(limit))
    if directive_id:
        q = q.where(Task.directive_id == directive_id)
    return [LatestCheckin(c.assignment_id, task_id, c.reported_on, unit, path, c.status, c.progress, c.result)
            for c, task_id, unit, path in s.execute(q)]
