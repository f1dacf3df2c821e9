"""The calendar: per day of a month, how many assignments fall due (by their due date as
known on the as-of date), report dates of the reporting cycles, working days."""
from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import Assignment, AssignmentState, Directive, Task
from core.periods import DEFAULT_CYCLE, get_cycle, is_working_day, report_dates
from core.services.assignments import AssignmentFilter, AssignmentRow, list_assignments, period_starts
from core.services.workspace import Workspace
from core.status import Category, classified_query, facts_query


@dataclass
class DayCounts:
    due: int = 0        # assignments whose (effective) due date is that day
    overdue: int = 0    # of which overdue as of the as-of date
    done: int = 0       # of which done (on time or late)


@dataclass
class ReportMark:
    cycle: str          # the cycle spec ("" for the default 15/30 cycle)
    name: str           # its Vietnamese name
    default: bool


@dataclass
class Month:
    year: int
    month: int
    as_of: dt.date
    days: dict[dt.date, DayCounts] = field(default_factory=dict)
    reports: dict[dt.date, list[ReportMark]] = field(default_factory=dict)
    off_days: set[dt.date] = field(default_factory=set)   # weekends and public holidays

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, _cal.monthrange(self.year, self.month)[1])

    def weeks(self) -> list[list[dt.date | None]]:
        """Monday-first weeks of the month; None outside it."""
        return [[d if d.month == self.month else None for d in week]
                for week in _cal.Calendar(0).monthdatescalendar(self.year, self.month)]


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, _cal.monthrange(year, month)[1])


def shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + step
    return n // 12, n % 12 + 1


def due_counts(s: Session, first: dt.date, last: dt.date, as_of: dt.date,
               directive_id: int | None = None) -> dict[dt.date, DayCounts]:
    """Assignments due per day in [first, last] as of `as_of`, one grouped SQL query."""
    facts = facts_query(as_of, period_starts(s, as_of))
    if directive_id is not None:
        facts = facts.where(AssignmentState.directive_id == directive_id)
    c = classified_query(as_of, facts=facts).subquery("c")
    done = c.c.category.in_((Category.DONE_ON_TIME.value, Category.DONE_LATE.value))
    q = (select(c.c.due, func.count(), func.count().filter(c.c.category == Category.OVERDUE.value),
                func.count().filter(done))
         .where(c.c.due >= first, c.c.due <= last)
         .group_by(c.c.due))
    return {due: DayCounts(int(n), int(o or 0), int(d or 0)) for due, n, o, d in s.execute(q)}


def _cycles_in_use(s: Session, as_of: dt.date) -> dict[str, dt.date]:
    """Each reporting cycle of a directive known on `as_of`, from the first day one of its
    directives gave out tasks (a weekly letter received in September marks no August Friday)."""
    q = (select(Directive.reporting_cycle, func.min(Assignment.assigned_on))
         .join(Task, Task.directive_id == Directive.id)
         .join(Assignment, Assignment.task_id == Task.id)
         .where(Directive.reporting_cycle.is_not(None), Assignment.assigned_on <= as_of)
         .group_by(Directive.reporting_cycle))
    return {spec: since for spec, since in s.execute(q) if spec}


def report_marks(s: Session, first: dt.date, last: dt.date, as_of: dt.date) -> dict[dt.date, list[ReportMark]]:
    """Report dates of the default cycle and of every cycle a directive known on `as_of` uses."""
    specs = _cycles_in_use(s, as_of)
    default = get_cycle(None)
    out: dict[dt.date, list[ReportMark]] = {}
    seen_codes = {default.code}
    for d in report_dates(default, first, last):
        out.setdefault(d, []).append(ReportMark("", default.name, True))
    for spec in sorted(specs):
        cycle = get_cycle(spec)
        if cycle.code in seen_codes:
            continue
        seen_codes.add(cycle.code)
        for d in report_dates(cycle, max(first, specs[spec]), last):
            out.setdefault(d, []).append(ReportMark(spec, cycle.name, False))
    return out


def load_month(ws: Workspace, year: int, month: int, directive_id: int | None = None) -> Month:
    as_of = ws.today
    first, last = month_bounds(year, month)
    with ws.session() as s:
        days = due_counts(s, first, last, as_of, directive_id)
        reports = report_marks(s, first, last, as_of)
    off = {first + dt.timedelta(days=i) for i in range((last - first).days + 1)
           if not is_working_day(first + dt.timedelta(days=i))}
    return Month(year, month, as_of, days, reports, off)


@dataclass
class Day:
    day: dt.date
    as_of: dt.date
    rows: list[AssignmentRow]
    reports: list[ReportMark]
    working: bool


def load_day(ws: Workspace, day: dt.date, directive_id: int | None = None) -> Day:
    """The assignments due on `day` (effective due date as of the as-of date)."""
    as_of = ws.today
    with ws.session() as s:
        flt = AssignmentFilter(due_after=day, due_before=day,
                               directive=str(directive_id) if directive_id else None)
        rows = list_assignments(s, flt, as_of)
        reports = report_marks(s, day, day, as_of).get(day, [])
    return Day(day, as_of, rows, reports, is_working_day(day))


__all__ = ["DEFAULT_CYCLE", "Day", "DayCounts", "Month", "ReportMark", "due_counts", "load_day",
           "load_month", "month_bounds", "report_marks", "shift_month"]
