"""How an assignment stands on a date D, computed from its history.

`standing()` is the rule, as a pure function over plain facts; `facts_query()` is the same
rule in SQL, so that lists, counts and filters run in the database. Tests check that the two
always agree. Only facts known on D count: check-ins reported, decisions taken and extensions
granted after D never change the answer for D.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import Select, and_, case, exists, false, literal, null, or_, select
from sqlalchemy.sql.elements import ColumnElement

from core.models import AssignmentState, Checkin

DUE_SOON_DAYS = 5


class Category(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    RECURRING = "recurring"


CATEGORY_LABELS: dict[Category, str] = {
    Category.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Category.DONE_LATE: "Hoàn thành quá hạn",
    Category.IN_PROGRESS: "Đang thực hiện trong hạn",
    Category.OVERDUE: "Quá hạn",
    Category.RECURRING: "Thường xuyên",
}

# Names a clerk may type for a category (CLI --category), folded.
CATEGORY_ALIASES: dict[str, Category] = {
    "done_on_time": Category.DONE_ON_TIME, "on_time": Category.DONE_ON_TIME,
    "hoan thanh dung han": Category.DONE_ON_TIME,
    "done_late": Category.DONE_LATE, "late": Category.DONE_LATE,
    "hoan thanh qua han": Category.DONE_LATE,
    "in_progress": Category.IN_PROGRESS, "dang thuc hien": Category.IN_PROGRESS,
    "dang thuc hien trong han": Category.IN_PROGRESS,
    "overdue": Category.OVERDUE, "qua han": Category.OVERDUE,
    "recurring": Category.RECURRING, "thuong xuyen": Category.RECURRING,
}


@dataclass(frozen=True)
class CheckinFact:
    id: int
    reported_on: dt.date
    status: str
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class DecisionFact:
    id: int
    checkin_id: int
    decided_on: dt.date
    decision: str  # "confirm" | "return"


@dataclass(frozen=True)
class ExtensionFact:
    id: int
    new_due: dt.date
    status: str  # only "granted" ones count
    decided_on: dt.date | None


@dataclass(frozen=True)
class History:
    kind: str                      # the deadline kind
    due: dt.date | None            # the original due date
    checkins: tuple[CheckinFact, ...] = ()
    decisions: tuple[DecisionFact, ...] = ()
    extensions: tuple[ExtensionFact, ...] = ()


@dataclass(frozen=True)
class Standing:
    category: Category
    due: dt.date | None                 # the due date as known on D (after extensions)
    original_due: dt.date | None
    completed_on: dt.date | None = None  # the completion date the unit reported, if confirmed
    due_soon: bool = False
    awaiting_confirmation: bool = False
    returned: bool = False
    reported_in_period: bool | None = None  # recurring only
    flags: tuple[str, ...] = field(default=())

    @property
    def extended(self) -> bool:
        return self.due != self.original_due

    def days_late(self, as_of: dt.date) -> int | None:
        """Days past due: for overdue, as of D; for done late, at completion."""
        if self.due is None:
            return None
        if self.category is Category.OVERDUE:
            return (as_of - self.due).days
        if self.category is Category.DONE_LATE and self.completed_on:
            return (self.completed_on - self.due).days
        return None


@dataclass(frozen=True)
class FactState:
    """What an assignment's facts known on a date amount to, whatever its deadline says.
    It changes only on some of the dates of facts, so it is stored as a timeline
    (core/fact_states.py). Whether a recurring task was reported in the current period is
    not part of it: that would change with every check-in."""

    extended_due: dt.date | None = None   # the latest granted extension's new due date
    confirmed: bool = False
    completed_on: dt.date | None = None   # the completion date of the confirmed check-in
    awaiting: bool = False                # the last check-in reports done, still undecided
    last_decision: str | None = None      # "confirm" | "return"


def fact_state(history: History, as_of: dt.date) -> FactState:
    granted = [
        e for e in history.extensions
        if e.status == "granted" and e.decided_on is not None and e.decided_on <= as_of
    ]
    extended_due = max(granted, key=lambda e: (e.decided_on, e.id)).new_due if granted else None
    checkins = [c for c in history.checkins if c.reported_on <= as_of]
    decisions = [d for d in history.decisions if d.decided_on <= as_of]
    by_id = {c.id: c for c in checkins}
    last = max(checkins, key=lambda c: (c.reported_on, c.id), default=None)
    decided_checkins = {d.checkin_id for d in decisions}
    last_decision = max(decisions, key=lambda d: (d.decided_on, d.id), default=None)
    confirm = next((d for d in decisions if d.decision == "confirm"), None)
    done = by_id.get(confirm.checkin_id) if confirm is not None else None
    return FactState(
        extended_due=extended_due,
        confirmed=confirm is not None,
        completed_on=done.completed_on if done else None,
        awaiting=bool(last and last.status == "done" and last.id not in decided_checkins),
        last_decision=last_decision.decision if last_decision else None,
    )


def fact_timeline(history: History) -> list[tuple[dt.date, dt.date, FactState]]:
    """(valid_from, valid_to exclusive, state) for every stretch of days with the same state;
    before the first fact the state is empty and has no row. The last row runs to date.max."""
    days = sorted(
        {c.reported_on for c in history.checkins}
        | {d.decided_on for d in history.decisions}
        | {e.decided_on for e in history.extensions if e.status == "granted" and e.decided_on}
    )
    rows: list[list] = []
    previous = FactState()
    for day in days:
        state = fact_state(history, day)
        if state == previous:
            continue
        if rows:
            rows[-1][1] = day
        rows.append([day, dt.date.max, state])
        previous = state
    return [(a, b, st) for a, b, st in rows]


def effective_due(history: History, as_of: dt.date) -> dt.date | None:
    return fact_state(history, as_of).extended_due or history.due


def standing(history: History, as_of: dt.date, period_start: dt.date | None = None) -> Standing:
    """The category and flags of one assignment as of `as_of`.

    `period_start` is the first day of the reporting period containing `as_of`; it decides
    whether a recurring assignment was reported in the period."""
    facts = fact_state(history, as_of)
    due = facts.extended_due or history.due

    if history.kind == "recurring":
        start = period_start or as_of
        reported = any(start <= c.reported_on <= as_of for c in history.checkins)
        return Standing(Category.RECURRING, due, history.due, reported_in_period=reported,
                        awaiting_confirmation=False, returned=False)

    if facts.confirmed:
        completed_on = facts.completed_on
        on_time = due is None or (completed_on is not None and completed_on <= due)
        category = Category.DONE_ON_TIME if on_time else Category.DONE_LATE
        return Standing(category, due, history.due, completed_on=completed_on)

    returned = facts.last_decision == "return" and not facts.awaiting
    if due is not None and as_of > due:
        return Standing(Category.OVERDUE, due, history.due,
                        awaiting_confirmation=facts.awaiting, returned=returned)
    due_soon = due is not None and (due - as_of).days <= DUE_SOON_DAYS
    return Standing(Category.IN_PROGRESS, due, history.due, due_soon=due_soon,
                    awaiting_confirmation=facts.awaiting, returned=returned)


# --- the same rule in SQL -------------------------------------------------------------------


def period_start_expr(period_starts: Mapping[str | None, dt.date], as_of: dt.date,
                      st=AssignmentState) -> ColumnElement:
    """First day of the current period for each directive, by its reporting cycle spec.

    `period_starts` maps every cycle spec present (None for "no cycle") to the period start
    the caller computed with core.periods."""
    default = period_starts.get(None, as_of)
    whens = [(st.reporting_cycle == spec, literal(start)) for spec, start in period_starts.items()
             if spec is not None]
    if not whens:
        return literal(default)
    return case(*whens, else_=literal(default))


def current_on(as_of: dt.date, st=AssignmentState) -> ColumnElement:
    """The stored state row `st` holds on `as_of` (its stretch of days contains it) and the
    assignment was given by then: one row per assignment, the one the rule reads."""
    return and_(st.valid_to > as_of, st.valid_from <= as_of, st.assigned_on <= as_of)


def held_span_exprs(days: Sequence[dt.date], st=AssignmentState) -> tuple[ColumnElement, ColumnElement]:
    """For `days` in ascending order: (first, last), indexes into `days` such that the state
    row `st` holds on days[k] — `current_on(days[k])` — exactly when first <= k <= last.

    A row begins to hold once both its `valid_from` and the assignment's `assigned_on` are
    reached, and holds until its `valid_to`: both ends move one way only, so one CASE each
    (the first branch is the common case: held since before the first day, still held)."""
    n = len(days)
    first = case(*((and_(st.valid_from <= d, st.assigned_on <= d), k) for k, d in enumerate(days)), else_=n)
    last = case(*((st.valid_to > d, k) for k, d in reversed(list(enumerate(days)))), else_=-1)
    return first, last


def reported_expr(as_of: dt.date, period_starts: Mapping[str | None, dt.date] | None = None,
                  st=AssignmentState) -> ColumnElement:
    """Whether the assignment of state row `st` has a check-in in its directive's current
    period, as of `as_of` (recurring tasks need it; `false` for the others, whose check-ins
    are then not looked at)."""
    start = period_start_expr(period_starts or {}, as_of, st)
    reported = exists(
        select(Checkin.id).where(Checkin.assignment_id == st.assignment_id,
                                 Checkin.reported_on >= start, Checkin.reported_on <= as_of)
    ).correlate(st)
    # CASE first: the check-ins are looked at for recurring tasks only.
    return case((st.kind == "recurring", reported), else_=false())


def facts_query(as_of: dt.date, period_starts: Mapping[str | None, dt.date] | None = None) -> Select:
    """One row per assignment with the columns the rule needs, as of `as_of`:
    assignment_id, task_id, directive_id, unit_id, role, signed_on, position, unit_sort_key,
    kind, original_due, due, confirmed, completed_on, awaiting, last_decision, reported.

    Everything comes from the one stored state row (AssignmentState) whose stretch of days
    holds `as_of`; only "reported in the current period", which only recurring tasks need,
    looks at the check-ins. Callers filter with `AssignmentState` columns (see
    core/services/assignments.py) and wrap the query (see `classified_query`)."""
    st = AssignmentState
    return (
        select(
            st.assignment_id.label("assignment_id"),
            st.task_id.label("task_id"),
            st.directive_id.label("directive_id"),
            st.unit_id.label("unit_id"),
            st.role.label("role"),
            st.signed_on.label("signed_on"),
            st.position.label("position"),
            st.unit_sort_key.label("unit_sort_key"),
            st.kind.label("kind"),
            st.original_due.label("original_due"),
            st.due.label("due"),
            st.confirmed.label("confirmed"),
            st.completed_on.label("completed_on"),
            st.awaiting.label("awaiting"),
            st.last_decision.label("last_decision"),
            reported_expr(as_of, period_starts, st).label("reported"),
        )
        .where(current_on(as_of, st))
    )


def _settled_whens(f) -> list[tuple[ColumnElement, ColumnElement]]:
    """The CASE branches of the categories that do not depend on the day asked about:
    recurring, and done (on time or late) once confirmed."""
    return [
        (f.c.kind == "recurring", literal(Category.RECURRING.value)),
        (f.c.confirmed, case(
            (or_(f.c.due.is_(None), f.c.completed_on <= f.c.due), literal(Category.DONE_ON_TIME.value)),
            else_=literal(Category.DONE_LATE.value),
        )),
    ]


def category_expr(f, as_of: dt.date) -> ColumnElement:
    """The category as a SQL CASE over the columns of a `facts_query` subquery `f` (or of
    any selectable with those column names, such as AssignmentState's table)."""
    return case(
        *_settled_whens(f),
        (is_overdue_expr(f, as_of), literal(Category.OVERDUE.value)),
        else_=literal(Category.IN_PROGRESS.value),
    )


def settled_category_expr(f) -> ColumnElement:
    """`category_expr` without the day: recurring, done_on_time or done_late, NULL while the
    assignment is open (then overdue as of D if due before D, else in progress)."""
    return case(*_settled_whens(f), else_=null())


def is_overdue_expr(f, as_of: dt.date) -> ColumnElement:
    """For an open assignment (`settled_category_expr` NULL): overdue as of `as_of`."""
    return and_(f.c.due.is_not(None), f.c.due < as_of)


def overdue_from_expr(f, days: Sequence[dt.date]) -> ColumnElement:
    """For `days` in ascending order: the index of the first of them as of which an open
    assignment is overdue (`is_overdue_expr`: due before the day, so overdue on every later
    day too); len(days) when it is overdue on none of them, or is not open (recurring, or
    confirmed)."""
    n = len(days)
    return case((or_(f.c.kind == "recurring", f.c.confirmed, f.c.due.is_(None)), n),
                *((f.c.due < d, k) for k, d in enumerate(days)), else_=n)


def flag_exprs(f, as_of: dt.date) -> dict[str, ColumnElement]:
    """due_soon, awaiting and returned as of `as_of`, over the columns of `f` (as
    `category_expr`). "unreported" is the category recurring without `reported`."""
    soon_limit = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    open_ = and_(f.c.kind != "recurring", ~f.c.confirmed)
    return {
        "due_soon": and_(open_, f.c.due.is_not(None), f.c.due >= as_of, f.c.due <= soon_limit),
        "awaiting": and_(open_, f.c.awaiting),
        "returned": and_(open_, f.c.last_decision == "return", ~f.c.awaiting),
    }


def classified_query(as_of: dt.date, period_starts: Mapping[str | None, dt.date] | None = None,
                     facts: Select | None = None) -> Select:
    """assignment_id with category and flags as of `as_of`, every column computed in SQL."""
    f = (facts if facts is not None else facts_query(as_of, period_starts)).subquery("facts")
    category = category_expr(f, as_of)
    flags = flag_exprs(f, as_of)
    return select(
        f.c.assignment_id,
        f.c.task_id,
        f.c.directive_id,
        f.c.unit_id,
        f.c.role,
        f.c.signed_on,
        f.c.position,
        f.c.unit_sort_key,
        category.label("category"),
        f.c.kind,
        f.c.original_due,
        f.c.due,
        f.c.completed_on,
        flags["due_soon"].label("due_soon"),
        flags["awaiting"].label("awaiting"),
        flags["returned"].label("returned"),
        f.c.reported,
    )


def group_key(column: ColumnElement) -> ColumnElement:
    """A column to GROUP BY over `classified_query`. `+ 0` keeps SQLite from walking the
    column's index (a random read per row, eight times slower than one scan and a sort)."""
    return (column + 0).label(column.key)


def standing_from_row(row, as_of: dt.date) -> Standing:
    """A Standing from one row of `classified_query` (used to show SQL results)."""
    category = Category(row.category)
    reported = bool(row.reported) if category is Category.RECURRING else None
    return Standing(
        category=category,
        due=row.due,
        original_due=row.original_due,
        completed_on=row.completed_on if category in (Category.DONE_ON_TIME, Category.DONE_LATE) else None,
        due_soon=bool(row.due_soon),
        awaiting_confirmation=bool(row.awaiting),
        returned=bool(row.returned),
        reported_in_period=reported,
    )


def count_by_category(standings: Iterable[Standing]) -> dict[Category, int]:
    counts = {c: 0 for c in Category}
    for s in standings:
        counts[s.category] += 1
    return counts
