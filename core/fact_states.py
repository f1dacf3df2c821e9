"""Keeps assignment_states (how each assignment stands over time) in step with the
assignments, deadlines, directives and facts it is derived from.

Why: a list or a count "as of D" over 150,000 assignments cannot afford to join five tables
and look up every fact table per row. The rows are derived with the pure rule of
core/status.py, so they cannot disagree with it, and an assignment's rows are recomputed
whenever anything they come from is written through the ORM (a session listener, so no
service can forget it). Bulk loads that bypass the ORM call `rebuild_all_states` themselves.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain

from sqlalchemy import Connection, delete, event, func, insert, inspect, select
from sqlalchemy.orm import Session

# A module reference, not names: core.status imports core.models, which imports this module.
from core import state_counts, status
from core.models import (
    Assignment,
    AssignmentState,
    Checkin,
    Confirmation,
    Deadline,
    Directive,
    Extension,
    Task,
    Unit,
)

_FACT_MODELS = (Checkin, Confirmation, Extension)
_CHUNK = 2000  # assignments per round trip when rebuilding many
_STATE = AssignmentState.__table__
_DEFERRED = "deferred_states"  # Session.info key: assignment ids waiting for a rebuild
_GONE = "gone_counts"  # Session.info key: the counts of assignments deleted in this flush
_DAYS = "gone_checkin_days"  # Session.info key: check-ins per unit and day deleted in this flush
# What the stored counts (core/state_counts.py) read of a state row.
_COUNTED = [_STATE.c[k] for k in ("unit_id", "valid_from", "valid_to", "assigned_on", "kind", "due",
                                  "confirmed", "completed_on", "awaiting", "last_decision")]


@event.listens_for(Assignment, "before_delete")
def _deleting(_mapper, conn: Connection, target: Assignment) -> None:
    """Its state rows go with it (ON DELETE CASCADE): their counts are taken away after the
    flush, with everything else the flush changed."""
    from sqlalchemy.orm import object_session

    session = object_session(target)
    if session is None:
        return
    old = conn.execute(select(*_COUNTED).where(_STATE.c.assignment_id == target.id)).mappings().all()
    session.info.setdefault(_GONE, Counter()).update(state_counts.changes_of(old, -1))
    # Its check-ins go with it too (ON DELETE CASCADE).
    session.info.setdefault(_DAYS, Counter()).update(state_counts.checkin_days_of(conn, [target.id], -1))


@event.listens_for(Checkin, "before_delete")
def _deleting_checkin(_mapper, conn: Connection, target: Checkin) -> None:
    from sqlalchemy.orm import object_session

    session = object_session(target)
    row = conn.execute(select(Assignment.unit_id, Checkin.reported_on)
                       .join(Assignment, Assignment.id == Checkin.assignment_id)
                       .where(Checkin.id == target.id)).first()
    if session is not None and row:
        session.info.setdefault(_DAYS, Counter())[(row[0], row[1])] -= 1


def _checkin_days_changed(session: Session, conn: Connection) -> Counter:
    """(unit, day) -> check-ins added by this flush: new check-ins, those moved to another day
    or assignment, and those of assignments moved to another unit (deleted ones: above)."""
    delta: Counter = session.info.pop(_DAYS, None) or Counter()
    added = [(obj.id, obj.assignment_id, obj.reported_on) for obj in session.new if isinstance(obj, Checkin)]
    moved = []
    for obj in session.dirty:
        if isinstance(obj, Checkin) and _changed(obj, "assignment_id", "reported_on"):
            state = inspect(obj)
            was_a = state.attrs.assignment_id.history.deleted or [obj.assignment_id]
            was_d = state.attrs.reported_on.history.deleted or [obj.reported_on]
            moved.append((obj.id, was_a[0], was_d[0], obj.assignment_id, obj.reported_on))
    units_moved = {}
    for obj in session.dirty:
        if isinstance(obj, Assignment) and obj not in session.deleted and _changed(obj, "unit_id"):
            was = inspect(obj).attrs.unit_id.history.deleted
            if was and was[0] != obj.unit_id:
                units_moved[obj.id] = (was[0], obj.unit_id)
    if not (added or moved or units_moved):
        return delta
    aids = {a for _id, a, _d in added} | {m[1] for m in moved} | {m[3] for m in moved}
    unit_of = {aid: unit for aid, unit in conn.execute(
        select(Assignment.id, Assignment.unit_id).where(Assignment.id.in_(aids)))} if aids else {}
    for _id, aid, day in added:
        delta[(unit_of[aid], day)] += 1
    for _id, old_a, old_d, new_a, new_d in moved:
        delta[(units_moved[old_a][0] if old_a in units_moved else unit_of[old_a], old_d)] -= 1
        delta[(unit_of[new_a], new_d)] += 1
    if units_moved:
        fresh = {m[0] for m in added} | {m[0] for m in moved}  # counted under their new unit above
        q = (select(Checkin.assignment_id, Checkin.reported_on, func.count())
             .where(Checkin.assignment_id.in_(units_moved), Checkin.id.not_in(fresh))
             .group_by(Checkin.assignment_id, Checkin.reported_on))
        for aid, day, n in conn.execute(q):
            old_unit, new_unit = units_moved[aid]
            delta[(old_unit, day)] -= n
            delta[(new_unit, day)] += n
    return delta


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _flush_context) -> None:
    conn = session.connection()
    touched: set[int] = set()
    deadlines: set[int] = set()
    directives: set[int] = set()
    tasks: set[int] = set()
    units: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, _FACT_MODELS) and obj.assignment_id is not None:
            touched.add(obj.assignment_id)
        elif isinstance(obj, Assignment) and obj not in session.deleted and obj.id is not None:
            touched.add(obj.id)
        elif obj not in session.dirty or getattr(obj, "id", None) is None:
            continue  # new or deleted rows of the tables below have no states of their own
        elif isinstance(obj, Deadline):
            deadlines.add(obj.id)
        elif isinstance(obj, Task) and _changed(obj, "position"):
            tasks.add(obj.id)
        elif isinstance(obj, Directive) and _changed(obj, "reporting_cycle", "signed_on"):
            directives.add(obj.id)
        elif isinstance(obj, Unit) and _changed(obj, "name", "sort_key"):
            units.add(obj.id)
    a = Assignment
    for ids, q in ((deadlines, select(a.id).where(a.deadline_id.in_(deadlines))),
                   (tasks, select(a.id).where(a.task_id.in_(tasks))),
                   (units, select(a.id).where(a.unit_id.in_(units))),
                   (directives, select(a.id).join(Task, Task.id == a.task_id)
                    .where(Task.directive_id.in_(directives)))):
        if ids:
            touched.update(conn.execute(q).scalars())
    gone = session.info.pop(_GONE, None)
    if gone:
        state_counts.apply_changes(conn, gone)
    state_counts.add_checkin_days(conn, _checkin_days_changed(session, conn))
    deferred = session.info.get(_DEFERRED)
    if deferred is not None:
        deferred.update(touched)
    elif touched:
        rebuild_states(conn, touched)


@contextmanager
def deferred_states(session: Session) -> Iterator[None]:
    """For a writer that flushes many times in one transaction (the demo's history): collect
    the assignments touched and rebuild their states once, at the end of the block."""
    pending: set[int] = set()
    session.info[_DEFERRED] = pending
    try:
        yield
        session.flush()
    finally:
        session.info.pop(_DEFERRED, None)
    if pending:
        rebuild_states(session.connection(), pending)


def _changed(obj, *attrs: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[a].history.has_changes() for a in attrs)


def _load(conn: Connection, where_assignment, where_fact) -> tuple[list[dict], list[dict]]:
    """State rows for the assignments matching `where_assignment` (`where_fact(model)` is the
    same condition on a fact table's assignment_id), and the recurring ones' first check-in
    of each period (core/state_counts.py)."""
    a = Assignment
    static = conn.execute(
        select(a.id, a.task_id, Task.directive_id, a.unit_id, a.assigned_on, Deadline.kind, Deadline.due,
               Directive.reporting_cycle, a.role, Directive.signed_on, Task.position, Unit.sort_key)
        .join(Task, Task.id == a.task_id).join(Directive, Directive.id == Task.directive_id)
        .join(Unit, Unit.id == a.unit_id)
        .join(Deadline, Deadline.id == a.deadline_id)
        .where(where_assignment).order_by(a.id)
    ).all()
    checkins: dict[int, list] = defaultdict(list)
    decisions: dict[int, list] = defaultdict(list)
    extensions: dict[int, list] = defaultdict(list)
    c, f, e = Checkin, Confirmation, Extension
    for row in conn.execute(select(c.assignment_id, c.id, c.reported_on, c.status, c.completed_on)
                            .where(where_fact(c)).order_by(c.assignment_id, c.id)):
        checkins[row[0]].append(status.CheckinFact(row[1], row[2], row[3], row[4]))
    for row in conn.execute(select(f.assignment_id, f.id, f.checkin_id, f.decided_on, f.decision)
                            .where(where_fact(f)).order_by(f.assignment_id, f.id)):
        decisions[row[0]].append(status.DecisionFact(row[1], row[2], row[3], row[4]))
    for row in conn.execute(select(e.assignment_id, e.id, e.new_due, e.status, e.decided_on)
                            .where(where_fact(e), e.status == "granted").order_by(e.assignment_id, e.id)):
        extensions[row[0]].append(status.ExtensionFact(row[1], row[2], row[3], row[4]))
    rows: list[dict] = []
    reports: list[dict] = []
    for aid, task_id, directive_id, unit_id, assigned_on, kind, due, cycle, role, signed_on, position, \
            unit_key in static:
        history = status.History(kind=kind, due=due, checkins=tuple(checkins[aid]),
                                 decisions=tuple(decisions[aid]), extensions=tuple(extensions[aid]))
        for start, end, st in state_timeline(history):
            rows.append({
                "assignment_id": aid, "valid_from": start, "valid_to": end, "task_id": task_id,
                "directive_id": directive_id, "unit_id": unit_id, "assigned_on": assigned_on,
                "role": role, "signed_on": signed_on, "position": position, "unit_sort_key": unit_key or b"",
                "kind": kind, "original_due": due, "due": st.extended_due or due, "reporting_cycle": cycle,
                "confirmed": st.confirmed, "completed_on": st.completed_on, "awaiting": st.awaiting,
                "last_decision": st.last_decision,
            })
        if kind == "recurring" and checkins[aid]:
            reports += state_counts.report_rows(aid, unit_id, cycle, assigned_on,
                                                (c.reported_on for c in checkins[aid]))
    return rows, reports


def state_timeline(history: status.History) -> list[tuple[dt.date, dt.date, status.FactState]]:
    """The whole life of an assignment: the empty state from date.min up to the first change
    (if any), then `fact_timeline`'s stretches."""
    stretches = status.fact_timeline(history)
    if not stretches:
        return [(dt.date.min, dt.date.max, status.FactState())]
    return [(dt.date.min, stretches[0][0], status.FactState()), *stretches]


def rebuild_states(conn: Connection, assignment_ids: Iterable[int]) -> int:
    """Recompute the rows of the given assignments, and the stored counts by the difference;
    returns the rows written."""
    ids = sorted(set(assignment_ids))
    written = 0
    delta: Counter = Counter()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        if conn.dialect.name == "postgresql":
            # Two clerks writing facts of one assignment at once would both delete and insert
            # its rows (duplicate keys): they take turns on the assignment. KEY SHARE-compatible
            # (NO KEY UPDATE), so a new check-in's foreign-key lock does not wait on it.
            conn.execute(select(Assignment.id).where(Assignment.id.in_(chunk))
                         .order_by(Assignment.id).with_for_update(key_share=True))
        old = conn.execute(select(*_COUNTED).where(_STATE.c.assignment_id.in_(chunk))).mappings().all()
        conn.execute(delete(_STATE).where(_STATE.c.assignment_id.in_(chunk)))
        rows, reports = _load(conn, Assignment.id.in_(chunk), lambda m, chunk=chunk: m.assignment_id.in_(chunk))
        if rows:
            conn.execute(insert(_STATE), rows)
        written += len(rows)
        delta.update(state_counts.changes_of(old, -1))
        delta.update(state_counts.changes_of(rows))
        state_counts.replace_reports(conn, chunk, reports)
    state_counts.apply_changes(conn, delta)
    return written


def rebuild_all_states(conn: Connection, counts: bool = True) -> int:
    """Recompute every row and the stored counts (after a bulk load, or by a migration;
    `counts=False` for a schema before the counts' tables); returns rows written."""
    conn.execute(delete(_STATE))
    if counts:
        state_counts.clear_all(conn)
        bulk = state_counts.BulkChanges(conn)
    ids = conn.execute(select(Assignment.id).order_by(Assignment.id)).scalars().all()
    written = 0
    for i in range(0, len(ids), _CHUNK):
        lo, hi = ids[i], ids[min(i + _CHUNK, len(ids)) - 1]
        rows, reports = _load(conn, Assignment.id.between(lo, hi),
                              lambda m, lo=lo, hi=hi: m.assignment_id.between(lo, hi))
        if rows:
            conn.execute(insert(_STATE), rows)
        if counts:
            if reports:
                conn.execute(insert(state_counts.REPORTS), reports)
            bulk.add(state_counts.changes_of(rows))
        written += len(rows)
    if counts:
        bulk.finish()
    return written


def state_on(conn: Connection, assignment_id: int, day: dt.date):
    """The stored state row of one assignment on a day. For tests and tools."""
    return conn.execute(select(_STATE).where(
        _STATE.c.assignment_id == assignment_id, _STATE.c.valid_from <= day,
        _STATE.c.valid_to > day)).first()
