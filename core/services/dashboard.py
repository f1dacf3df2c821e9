"""What the dashboard shows, for one directive or all, as of the workspace's date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Assignment, Checkin, Directive, Task, Unit
from core.periods import Cycle, Period, get_cycle, period_containing, previous_period
from core.services.assignments import (
    AssignmentFilter,
    AssignmentRow,
    category_counts,
    counts_and_overdue_units,
    list_assignments,
    overdue_by_unit,
)
from core.services.workspace import Workspace

LIST_LIMIT = 200
# Units shown under «Quá hạn nhiều nhất»: what fits beside the counts at 80×24.
TOP_UNITS = 6


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


LISTS = ("overdue", "due_this_period", "due_soon", "awaiting")


@dataclass
class Dashboard:
    as_of: dt.date
    directive_id: int | None
    directive_title: str | None
    period: Period
    previous: Period
    counts: dict[str, int]
    # Each of LISTS, or None where it was not asked for (the TUI reads a tab's list when it
    # is opened: at province scale each costs a scan of every assignment).
    overdue: list[AssignmentRow] | None = None
    due_this_period: list[AssignmentRow] | None = None
    due_soon: list[AssignmentRow] | None = None
    awaiting: list[AssignmentRow] | None = None
    top_overdue_units: list[tuple[str, int, int]] = field(default_factory=list)  # name, unit id, count
    latest: list[LatestCheckin] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.get(k, 0) for k in
                   ("done_on_time", "done_late", "in_progress", "overdue", "recurring"))


def _list_filter(key: str, directive_ref: str | None, period: Period) -> AssignmentFilter:
    """What each list holds; all are sorted by due date (the longest overdue first)."""
    return {
        "overdue": AssignmentFilter(directive=directive_ref, category="overdue"),
        "due_this_period": AssignmentFilter(directive=directive_ref, due_after=period.start, due_before=period.end),
        "due_soon": AssignmentFilter(directive=directive_ref, flag="due_soon"),
        "awaiting": AssignmentFilter(directive=directive_ref, flag="awaiting"),
    }[key]


def _scope(s: Session, directive_id: int | None, as_of: dt.date) -> tuple[Directive | None, Cycle, Period]:
    directive = s.get(Directive, directive_id) if directive_id else None
    cycle = get_cycle(directive.reporting_cycle if directive else None)
    return directive, cycle, period_containing(cycle, as_of)


def load_dashboard(ws: Workspace, directive_id: int | None = None, lists: tuple[str, ...] = LISTS) -> Dashboard:
    as_of = ws.today
    with ws.session() as s:
        directive, cycle, period = _scope(s, directive_id, as_of)
        ref = str(directive.id) if directive else None
        base = AssignmentFilter(directive=ref)

        def dashboard(counts: dict[str, int], top_overdue_units: list[tuple[str, int, int]]) -> Dashboard:
            rows = {key: list_assignments(s, _list_filter(key, ref, period), as_of, limit=LIST_LIMIT)
                    for key in lists}
            return Dashboard(
                as_of=as_of, directive_id=directive.id if directive else None,
                directive_title=directive.title if directive else None, period=period,
                previous=previous_period(cycle, period), counts=counts, **rows,
                top_overdue_units=top_overdue_units, latest=_latest(s, as_of, directive.id if directive else None),
            )

        stored = counts_and_overdue_units(s, base, as_of, TOP_UNITS)  # every directive: one read of a month
        if stored is not None:
            return dashboard(*stored)
        # One directive: its counts read its assignments, as do the lists together: the counts
        # in a second session, on the other core. Its snapshot may be a write younger or older
        # than the lists'; the next refresh (a write's stamp changes) shows both alike.
        with ws.db.read_alongside(s, category_counts, base, as_of) as counts:
            top_overdue_units = overdue_by_unit(s, base, as_of, TOP_UNITS)
            return dashboard(counts(), top_overdue_units)


def load_dashboard_list(ws: Workspace, directive_id: int | None, key: str) -> list[AssignmentRow]:
    """One of LISTS on its own, as `load_dashboard` would have read it."""
    with ws.session() as s:
        directive, _cycle, period = _scope(s, directive_id, ws.today)
        ref = str(directive.id) if directive else None
        return list_assignments(s, _list_filter(key, ref, period), ws.today, limit=LIST_LIMIT)


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
