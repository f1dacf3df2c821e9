"""Stored counts: how many of each unit's assignments stand in each category (with the
due-soon, awaiting and returned flags) on any day, without reading the assignments.

Why: the dashboard's totals, the most-overdue units and the units' scorecards count every
assignment in scope. Over the assignment_states of a region (1.5 million assignments on
PostgreSQL) each count took a second or more. Here every state row of core/fact_states.py
becomes a few dated changes (+1 when the assignment starts to stand in a category, -1 when it
stops: a state ends, or the due date passes, or it comes within DUE_SOON_DAYS of it), summed
per unit, category, flags and day in unit_count_changes. unit_count_marks holds the totals at
the start of each month, so a count as of D reads one month's marks and that month's changes.

"Not reported this period" (recurring assignments) depends on the period of the day asked
about: recurring_reports holds each recurring assignment's first check-in of every period.
unit_checkin_days holds how many check-ins each unit has on each day, for its latest one.

Kept in step by core/fact_states.py, which calls `apply_changes` with the difference between
an assignment's old and new state rows, and `rebuild_all_counts` after a bulk load.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from dateutil.relativedelta import relativedelta
from sqlalchemy import Column, Connection, MetaData, Table, delete, func, insert, literal, select, union_all

from core.models import (
    Assignment,
    Checkin,
    CountMonth,
    Directive,
    RecurringReport,
    Unit,
    UnitCheckinDay,
    UnitCountChange,
    UnitCountMark,
)
from core.periods import period_bounds
# A module reference, not names: core.status imports core.models, which imports this module
# (through core.fact_states).
from core import status

# (category, due_soon, awaiting, returned)
Key = tuple[str, bool, bool, bool]
CHANGES = UnitCountChange.__table__
MARKS = UnitCountMark.__table__
MONTHS = CountMonth.__table__
REPORTS = RecurringReport.__table__
CHECKIN_DAYS = UnitCheckinDay.__table__
KEY_COLUMNS = ("category", "due_soon", "awaiting", "returned")
FLAGS = ("due_soon", "awaiting", "returned", "unreported")
# Months are marked up to this many months after the current one at most: a mistyped due
# date in 2205 must not mark two thousand years (a count beyond reads the changes since).
MARKS_AHEAD = 24
_BATCH = 5000  # rows per executemany

DAY = dt.timedelta(days=1)


# --- from state rows to changes (pure) --------------------------------------------------------


def pieces(row: Mapping) -> list[tuple[dt.date, dt.date, Key]]:
    """The stretches [start, end) of days on which the state row `row` (an assignment_states
    row as a mapping) counts, each with its key: the rule of core.status.category_expr and
    flag_exprs, day by day."""
    start = max(row["valid_from"], row["assigned_on"])
    end = row["valid_to"]
    if start >= end:
        return []
    due = row["due"]
    if row["kind"] == "recurring":
        return [(start, end, (status.Category.RECURRING.value, False, False, False))]
    if row["confirmed"]:
        on_time = due is None or (row["completed_on"] is not None and row["completed_on"] <= due)
        cat = status.Category.DONE_ON_TIME.value if on_time else status.Category.DONE_LATE.value
        return [(start, end, (cat, False, False, False))]
    awaiting = bool(row["awaiting"])
    returned = row["last_decision"] == "return" and not awaiting
    if due is None:
        return [(start, end, (status.Category.IN_PROGRESS.value, False, awaiting, returned))]
    soon = dt.timedelta(days=status.DUE_SOON_DAYS)
    soon_from = due - soon if due > dt.date.min + soon else dt.date.min
    overdue_from = due + DAY if due < dt.date.max else dt.date.max
    out = []
    for lo, hi, key in ((start, soon_from, (status.Category.IN_PROGRESS.value, False, awaiting, returned)),
                        (soon_from, overdue_from, (status.Category.IN_PROGRESS.value, True, awaiting, returned)),
                        (overdue_from, end, (status.Category.OVERDUE.value, False, awaiting, returned))):
        lo, hi = max(lo, start), min(hi, end)
        if lo < hi:
            out.append((lo, hi, key))
    return out


def changes_of(rows: Iterable[Mapping], sign: int = 1) -> Counter:
    """(unit_id, day, key) → change, for the state rows `rows` (sign -1: to take them away)."""
    out: Counter = Counter()
    for row in rows:
        unit = row["unit_id"]
        for lo, hi, key in pieces(row):
            out[(unit, lo, key)] += sign
            if hi != dt.date.max:
                out[(unit, hi, key)] -= sign
    return out


def report_rows(assignment_id: int, unit_id: int, cycle: str | None, assigned_on: dt.date,
                checkin_days: Iterable[dt.date]) -> list[dict]:
    """recurring_reports rows of one recurring assignment: in each period with a check-in,
    the first day on which it counts as reported (its first check-in there, or the day it
    was assigned if that came later within the period)."""
    first: dict[dt.date, tuple[dt.date, dt.date]] = {}
    for day in checkin_days:
        start, end = period_bounds(cycle, day)
        if start not in first or day < first[start][0]:
            first[start] = (day, end)
    rows = []
    for start, (day, end) in sorted(first.items()):
        day = max(day, assigned_on)
        if day <= end:
            rows.append({"assignment_id": assignment_id, "period_start": start, "reporting_cycle": cycle or "",
                         "unit_id": unit_id, "reported_on": day})
    return rows


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], month_of(first)
    while m <= last:
        out.append(m)
        m += relativedelta(months=1)
    return out


def _limit(today: dt.date | None = None) -> dt.date:
    return month_of(today or dt.date.today()) + relativedelta(months=MARKS_AHEAD)


# --- writing ------------------------------------------------------------------------------------


def _insert(conn: Connection, table):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table)


def _add(conn: Connection, table, column: str, rows: list[dict]) -> None:
    """Add each row's `column` to the stored row with the same key (or store it), in key
    order (two writers on PostgreSQL lock rows in the same order)."""
    if not rows:
        return
    pk = [c.name for c in table.primary_key.columns]
    rows.sort(key=lambda r: tuple(r[c] for c in pk))
    stmt = _insert(conn, table)
    stmt = stmt.on_conflict_do_update(index_elements=pk, set_={column: table.c[column] + stmt.excluded[column]})
    for i in range(0, len(rows), _BATCH):
        conn.execute(stmt, rows[i:i + _BATCH])


def _key_dict(key: Key) -> dict:
    return dict(zip(KEY_COLUMNS, key))


def marked_months(conn: Connection) -> list[dt.date]:
    return list(conn.execute(select(MONTHS.c.month).order_by(MONTHS.c.month)).scalars())


def _mark_month(conn: Connection, month: dt.date, previous: dt.date | None) -> None:
    """Store the marks of `month` from those of `previous` (or from nothing) and the changes
    between (rows already there are left: another writer stored the same)."""
    key = [CHANGES.c[k] for k in KEY_COLUMNS]
    parts = [select(CHANGES.c.unit_id, *key, CHANGES.c.change.label("n"))
             .where(CHANGES.c.day < month, *([CHANGES.c.day >= previous] if previous else []))]
    if previous:
        parts.append(select(MARKS.c.unit_id, *[MARKS.c[k] for k in KEY_COLUMNS], MARKS.c.n)
                     .where(MARKS.c.month == previous))
    u = union_all(*parts).subquery()
    total = func.sum(u.c.n)
    q = (select(literal(month, MARKS.c.month.type).label("month"), u.c.unit_id, *[u.c[k] for k in KEY_COLUMNS],
                total.label("n"))
         .group_by(u.c.unit_id, *[u.c[k] for k in KEY_COLUMNS]).having(total != 0))
    stmt = _insert(conn, MARKS).from_select(["month", "unit_id", *KEY_COLUMNS, "n"], q)
    conn.execute(stmt.on_conflict_do_nothing())
    conn.execute(_insert(conn, MONTHS).values(month=month).on_conflict_do_nothing())


def apply_changes(conn: Connection, delta: Counter, today: dt.date | None = None) -> None:
    """Add `delta` ((unit_id, day, key) → change) to the stored counts: the changes, and the
    marks of every marked month after each change's day."""
    delta = Counter({k: v for k, v in delta.items() if v})
    if not delta:
        return
    months = marked_months(conn)
    if not months:  # a new workspace's first counts: its months are marked as after a bulk load
        add_bulk_changes(conn, delta)
        mark_all_months(conn, today)
        return
    # A change in a month past the last marked one marks the months up to it first (from
    # the counts without this delta, which is then added to them like to the others).
    latest = max((day for _u, day, _k in delta if day != dt.date.max), default=None)
    if months and latest is not None:
        want = min(month_of(latest) + relativedelta(months=1), _limit(today))
        for m in _months(months[-1] + relativedelta(months=1), want):
            _mark_month(conn, m, months[-1])
            months.append(m)
    _add(conn, CHANGES, "change", [{"day": day, "unit_id": unit, **_key_dict(key), "change": n}
                                   for (unit, day, key), n in delta.items()])
    conn.execute(delete(CHANGES).where(CHANGES.c.change == 0,
                                       CHANGES.c.day.in_(sorted({day for _u, day, _k in delta}))))
    marks: Counter = Counter()
    for (unit, day, key), n in delta.items():
        for m in months:
            if m > day:
                marks[(m, unit, key)] += n
    _add(conn, MARKS, "n", [{"month": m, "unit_id": unit, **_key_dict(key), "n": n}
                            for (m, unit, key), n in marks.items() if n])
    if marks:
        conn.execute(delete(MARKS).where(MARKS.c.n == 0, MARKS.c.month.in_(sorted({m for m, _u, _k in marks}))))


def replace_reports(conn: Connection, assignment_ids: list[int], rows: list[dict]) -> None:
    conn.execute(delete(REPORTS).where(REPORTS.c.assignment_id.in_(assignment_ids)))
    if rows:
        conn.execute(insert(REPORTS), rows)


def clear_all(conn: Connection) -> None:
    for table in (CHANGES, MARKS, MONTHS, REPORTS):
        conn.execute(delete(table))


class BulkChanges:
    """A full rebuild's changes: written as they come into a temporary table with no key (no
    conflict to resolve row by row: a region's six million upserts took most of an hour),
    then added up into unit_count_changes at once, and every month marked."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.table = Table("count_changes_load", MetaData(),
                           *[Column(c.name, c.type) for c in CHANGES.columns], prefixes=["TEMPORARY"])
        self.table.create(conn)

    def add(self, delta: Counter) -> None:
        rows = [{"day": day, "unit_id": unit, **_key_dict(key), "change": n}
                for (unit, day, key), n in delta.items() if n]
        for i in range(0, len(rows), _BATCH):
            self.conn.execute(insert(self.table), rows[i:i + _BATCH])

    def finish(self, today: dt.date | None = None) -> None:
        t = self.table
        key = [t.c.day, t.c.unit_id, *[t.c[k] for k in KEY_COLUMNS]]
        total = func.sum(t.c.change)
        # In the key's order (day first): on PostgreSQL, whose tables are not kept in key
        # order, a month's rows then lie together (a region's count read 27,000 pages for
        # its month, then 400).
        self.conn.execute(insert(CHANGES).from_select(
            ["day", "unit_id", *KEY_COLUMNS, "change"],
            select(*key, total).group_by(*key).having(total != 0).order_by(*key)))
        t.drop(self.conn)
        mark_all_months(self.conn, today)


def add_bulk_changes(conn: Connection, delta: Counter) -> None:
    """A new workspace's first changes (their marks come after)."""
    _add(conn, CHANGES, "change", [{"day": day, "unit_id": unit, **_key_dict(key), "change": n}
                                   for (unit, day, key), n in delta.items() if n])


def mark_all_months(conn: Connection, today: dt.date | None = None) -> None:
    """After a bulk load of the changes: mark every month from the first change's to the one
    after the last's (at most MARKS_AHEAD months ahead)."""
    conn.execute(delete(CHANGES).where(CHANGES.c.change == 0))
    conn.execute(delete(MARKS))
    conn.execute(delete(MONTHS))
    first, last = conn.execute(select(func.min(CHANGES.c.day), func.max(CHANGES.c.day))
                               .where(CHANGES.c.day < dt.date.max)).one()
    if first is None:
        return
    previous = None
    for m in _months(first, min(month_of(last) + relativedelta(months=1), _limit(today))):
        _mark_month(conn, m, previous)
        previous = m


# --- reading ------------------------------------------------------------------------------------


def stored_counts(conn: Connection, as_of: dt.date, unit_ids: Iterable[int] | None = None,
                  period_starts: Mapping[str | None, dt.date] | None = None) -> dict[int, dict[str, int]]:
    """unit id → counts as of `as_of`: each category, and the flags due_soon, awaiting,
    returned and unreported (as core.services.assignments.category_counts), for the units
    with at least one assignment standing then (of `unit_ids`, when given). `period_starts`:
    the start of the period containing `as_of` per reporting cycle (None: worked out here)."""
    ids = None if unit_ids is None else sorted(set(unit_ids))
    u = _standing(conn, as_of, ids)
    # One row per unit, each category and flag a column (a region's month is 80,000 rows
    # summed into 3,000 short ones: fetching them per category cost more than the sums).
    categories = [c.value for c in status.Category]
    flags = ("due_soon", "awaiting", "returned")
    q = (select(u.c.unit_id, *[func.sum(u.c.n).filter(u.c.category == c) for c in categories],
                *[func.sum(u.c.n).filter(u.c[f]) for f in flags])
         .group_by(u.c.unit_id))
    names = (*categories, *flags)
    out: dict[int, dict[str, int]] = {}
    for unit, *sums in conn.execute(q).all():
        out[unit] = dict(zip(names, (int(n or 0) for n in sums)), unreported=0)
    for unit, reported in _reported(conn, as_of, ids, period_starts).items():
        if unit in out:
            out[unit]["unreported"] -= reported
    for counts in out.values():
        counts["unreported"] += counts[status.Category.RECURRING.value]
    return {unit: counts for unit, counts in out.items() if any(counts[c.value] for c in status.Category)}


def stored_total(conn: Connection, as_of: dt.date, key: str | None, unit_ids: Iterable[int] | None = None,
                 period_starts: Mapping[str | None, dt.date] | None = None) -> int:
    """One figure of `stored_counts` added up over the units, summed in SQL: assignments
    standing as of `as_of` in the category or with the flag `key` (None: all of them)."""
    ids = None if unit_ids is None else sorted(set(unit_ids))
    u = _standing(conn, as_of, ids)
    if key == "unreported":
        recurring = stored_total(conn, as_of, status.Category.RECURRING.value, ids, period_starts)
        return recurring - sum(_reported(conn, as_of, ids, period_starts).values())
    q = select(func.sum(u.c.n))
    if key in ("due_soon", "awaiting", "returned"):
        q = q.where(u.c[key])
    elif key is not None:
        q = q.where(u.c.category == key)
    return int(conn.execute(q).scalar() or 0)


def _standing(conn: Connection, as_of: dt.date, ids: list[int] | None):
    """(unit_id, category, due_soon, awaiting, returned, n) rows whose sums are the counts as of
    `as_of`: the opening marks of its month and the changes since (all of them when no month
    is marked yet)."""
    month = conn.execute(select(func.max(MONTHS.c.month)).where(MONTHS.c.month <= as_of)).scalar()
    changes = select(CHANGES.c.unit_id, *[CHANGES.c[k] for k in KEY_COLUMNS],
                     CHANGES.c.change.label("n")).where(CHANGES.c.day <= as_of)
    parts = []
    if month is not None:
        changes = changes.where(CHANGES.c.day >= month)
        marks = select(MARKS.c.unit_id, *[MARKS.c[k] for k in KEY_COLUMNS], MARKS.c.n).where(MARKS.c.month == month)
        if ids is not None:
            marks = marks.where(MARKS.c.unit_id.in_(ids))
        parts.append(marks)
    if ids is not None:
        changes = changes.where(CHANGES.c.unit_id.in_(ids))
    parts.append(changes)
    return union_all(*parts).subquery()


def _empty() -> dict[str, int]:
    return {c.value: 0 for c in status.Category} | {f: 0 for f in FLAGS}


def _reported(conn: Connection, as_of: dt.date, ids: list[int] | None,
              period_starts: Mapping[str | None, dt.date] | None) -> dict[int, int]:
    """unit id → its recurring assignments with a check-in in the current period by `as_of`."""
    if period_starts is None:  # the directives' cycles (few rows; recurring_reports has many)
        specs = conn.execute(select(Directive.reporting_cycle).distinct()).scalars().all()
        period_starts = {spec: period_bounds(spec, as_of)[0] for spec in specs}
    # Every cycle's current period in one statement, one range of the (period_start,
    # reporting_cycle, reported_on) index each (an OR of them made PostgreSQL scan: 0.17 s).
    periods = sorted({spec or "": start for spec, start in period_starts.items()}.items())
    if not periods:
        return {}
    ranges = []
    for cycle, start in periods:
        part = select(REPORTS.c.unit_id).where(REPORTS.c.period_start == start, REPORTS.c.reporting_cycle == cycle,
                                               REPORTS.c.reported_on <= as_of)
        if ids is not None:
            part = part.where(REPORTS.c.unit_id.in_(ids))
        ranges.append(part)
    u = union_all(*ranges).subquery()
    q = select(u.c.unit_id, func.count()).group_by(u.c.unit_id)
    return dict(conn.execute(q).all())


def total_counts(per_unit: Mapping[int, Mapping[str, int]]) -> dict[str, int]:
    out = _empty()
    for counts in per_unit.values():
        for k, n in counts.items():
            out[k] += n
    return out



# --- each unit's check-ins per day ---------------------------------------------------------------


def add_checkin_days(conn: Connection, delta: Counter) -> None:
    """Add `delta` ((unit_id, day) → check-ins) to unit_checkin_days; days left with none go."""
    rows = [{"unit_id": unit, "day": day, "n": n} for (unit, day), n in delta.items() if n]
    if not rows:
        return
    _add(conn, CHECKIN_DAYS, "n", rows)
    conn.execute(delete(CHECKIN_DAYS).where(CHECKIN_DAYS.c.n <= 0,
                                            CHECKIN_DAYS.c.unit_id.in_(sorted({r["unit_id"] for r in rows}))))


def checkin_days_of(conn: Connection, assignment_ids: Iterable[int], sign: int = 1) -> Counter:
    """(unit_id, day) → check-ins of the given assignments, as stored now (times `sign`)."""
    ids = sorted(set(assignment_ids))
    out: Counter = Counter()
    for i in range(0, len(ids), _BATCH):
        q = (select(Assignment.unit_id, Checkin.reported_on, func.count())
             .join(Assignment, Assignment.id == Checkin.assignment_id)
             .where(Checkin.assignment_id.in_(ids[i:i + _BATCH]))
             .group_by(Assignment.unit_id, Checkin.reported_on))
        for unit, day, n in conn.execute(q):
            out[(unit, day)] += sign * n
    return out


def rebuild_checkin_days(conn: Connection) -> None:
    """Count every check-in again (after a bulk load, or by a migration)."""
    conn.execute(delete(CHECKIN_DAYS))
    q = (select(Assignment.unit_id, Checkin.reported_on, func.count())
         .join(Assignment, Assignment.id == Checkin.assignment_id)
         .group_by(Assignment.unit_id, Checkin.reported_on))
    conn.execute(insert(CHECKIN_DAYS).from_select(["unit_id", "day", "n"], q))


def latest_checkin_day(as_of: dt.date):
    """The day of the unit's (units.id's) latest check-in up to `as_of`, or NULL: a column
    for a query over units (one seek down unit_checkin_days' key per unit)."""
    return (select(func.max(CHECKIN_DAYS.c.day))
            .where(CHECKIN_DAYS.c.unit_id == Unit.id, CHECKIN_DAYS.c.day <= as_of)
            .scalar_subquery())


# Beyond this many units, every unit is read and the others dropped: binding each id costs
# more than reading a few thousand short rows (a region's 3,000: 0.045 s against 0.026 s).
MANY_UNITS = 500


def among_units(column, ids: set[int]) -> list:
    """The condition that `column` is one of `ids`, when they are few (none when many: the
    caller drops the other units' rows)."""
    return [column.in_(sorted(ids))] if len(ids) <= MANY_UNITS else []
