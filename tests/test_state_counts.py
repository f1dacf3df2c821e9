"""Stored counts (core/state_counts.py): per unit, category and flag, as of any day, they equal
the counts over the assignments themselves — on the demo's whole span, after every kind of
write, after a full rebuild, and past the months marked — and the services use them."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.fact_states import rebuild_all_states
from core.models import Assignment, Checkin, CountMonth, Task, Unit, UnitCountChange, UnitCountMark
from core.services.assignments import (
    AssignmentFilter,
    category_counts,
    computed_category_counts,
    computed_count,
    count_assignments,
    overdue_by_unit,
    period_starts,
)
from core.services.checkins import (
    CheckinInput,
    decide_completion,
    decide_extension,
    record_checkin,
    request_extension,
)
from core.services.scorecards import computed_counts_per_unit, scorecards
from core.state_counts import (
    FLAGS,
    MARKS_AHEAD,
    apply_changes,
    changes_of,
    latest_checkin_day,
    marked_months,
    pieces,
    stored_counts,
)
from core.status import Category, classified_query, facts_query
from tests.conftest import open_assignments, workspace

D = dt.date
DAY = D(2021, 9, 1)  # the demo's day
# The demo's span and beyond, every few days (its periods end on the 15th and the last day).
SPAN = [D(2020, 12, 31) + dt.timedelta(days=3 * k) for k in range(160)] + [
    D(2021, 8, 15), D(2021, 8, 16), D(2021, 8, 31), D(2021, 9, 15), D(2021, 9, 16), D(2030, 1, 1)]


def counted(s: Session, day: dt.date) -> dict[int, dict[str, int]]:
    """The reference: every assignment classified as of `day` (core.status), grouped by unit."""
    c = classified_query(day, facts=facts_query(day, period_starts(s, day))).subquery()
    q = select(c.c.unit_id, c.c.category, func.count(), func.count().filter(c.c.due_soon),
               func.count().filter(c.c.awaiting), func.count().filter(c.c.returned),
               func.count().filter((c.c.category == Category.RECURRING.value) & ~c.c.reported)
               ).group_by(c.c.unit_id, c.c.category)
    out: dict[int, dict[str, int]] = {}
    for unit, category, n, *flags in s.execute(q):
        counts = out.setdefault(unit, {k.value: 0 for k in Category} | dict.fromkeys(FLAGS, 0))
        counts[category] += n
        for flag, k in zip(FLAGS, flags):
            counts[flag] += k
    return out


def latest_checkins(s: Session, day: dt.date) -> dict[int, dt.date]:
    """The reference: each unit's latest check-in up to `day`, over every check-in."""
    return dict(s.execute(select(Assignment.unit_id, func.max(Checkin.reported_on))
                          .join(Assignment, Assignment.id == Checkin.assignment_id)
                          .where(Checkin.reported_on <= day, Assignment.assigned_on <= day)
                          .group_by(Assignment.unit_id)).all())


def assert_counts_agree(db, days=SPAN) -> None:
    with db.session() as s:
        for day in days:
            assert stored_counts(s.connection(), day, None, period_starts(s, day)) == counted(s, day), day
            stored = {unit: last for unit, last in s.execute(select(Unit.id, latest_checkin_day(day))) if last}
            assert stored == latest_checkins(s, day), day


def test_stored_counts_equal_the_counted_ones_every_few_days(demo_db):
    assert_counts_agree(demo_db)
    # Not vacuous: the demo has every category and flag on some day.
    with demo_db.session() as s:
        seen = Counter()
        for day in SPAN:
            for counts in counted(s, day).values():
                seen.update({k: n for k, n in counts.items() if n})
    assert set(seen) == {c.value for c in Category} | set(FLAGS)


def test_one_unit_and_a_unit_missing(demo_db):
    with demo_db.session() as s:
        every = stored_counts(s.connection(), DAY)
        some = sorted(every)[:3]
        assert stored_counts(s.connection(), DAY, some) == {u: every[u] for u in some}
        assert stored_counts(s.connection(), DAY, [10 ** 6]) == {}
        assert stored_counts(s.connection(), D(1990, 1, 1)) == {}


def test_every_kind_of_write_keeps_them_equal(demo_db):
    day = D(2021, 11, 1)  # after every fact of the demo: writes on it are in order
    ws = workspace(demo_db, day, user="vp.ha")
    done, returned, extended, edited = open_assignments(demo_db, day, 4, skip_recurring=True)
    days = [day - dt.timedelta(days=40), day - dt.timedelta(days=1), day, day + dt.timedelta(days=3),
            day + dt.timedelta(days=30), D(2022, 3, 1)]
    before = {d: counted_now(demo_db, d) for d in days}

    record_checkin(ws, done, CheckinInput(status="done", completed_on=day, result="Đã xong"))
    assert_counts_agree(demo_db, days)
    decide_completion(ws, done, "confirm")
    record_checkin(ws, returned, CheckinInput(status="done", completed_on=day, result="Xong"))
    decide_completion(ws, returned, "return", "Thiếu hồ sơ")
    assert_counts_agree(demo_db, days)
    ext = request_extension(ws, extended, D(2022, 1, 31), "Cần thêm thời gian.")
    decide_extension(ws, ext.id, grant=True)
    assert_counts_agree(demo_db, days)
    with demo_db.session() as s:  # an assignment moved to another unit, one deleted, a task deleted
        def checkins_of(ids):
            return s.scalar(select(func.count()).where(Checkin.assignment_id.in_(ids)))

        gone = s.scalar(select(Assignment.id).where(Assignment.id > edited).order_by(Assignment.id).limit(1))
        task = s.scalar(select(Task).where(Task.directive_id == 1).order_by(Task.id.desc()).limit(1))
        # Not vacuous: each takes check-ins with it.
        assert checkins_of([edited]) and checkins_of([gone]) and checkins_of([a.id for a in task.assignments])
        a = s.get(Assignment, edited)
        a.unit_id = s.scalar(select(Assignment.unit_id).where(Assignment.unit_id != a.unit_id).limit(1))
        s.flush()
        s.delete(s.get(Assignment, gone))
        s.flush()
        s.delete(task)
    assert_counts_agree(demo_db, days + SPAN[::10])
    assert {d: counted_now(demo_db, d) for d in days} != before

    # A full rebuild counts the same as the rows kept by each write.
    with demo_db.session() as s:
        kept = [stored_counts(s.connection(), d) for d in days]
        rebuild_all_states(s.connection())
        assert [stored_counts(s.connection(), d) for d in days] == kept


def counted_now(db, day):
    with db.session() as s:
        return counted(s, day)


def test_a_change_past_the_marked_months_marks_them_up_to_a_limit(demo_db):
    with demo_db.session() as s:
        conn = s.connection()
        months = marked_months(conn)
        assert months
        change_day = months[-1] + relativedelta(months=5, days=19)
        today = change_day + relativedelta(months=3)
        unit = next(iter(stored_counts(conn, DAY)))
        key = (Category.IN_PROGRESS.value, False, False, False)
        apply_changes(conn, Counter({(unit, change_day, key): 1}), today=today)
        grown = marked_months(conn)
        assert grown[-1] == change_day.replace(day=1) + relativedelta(months=1)
        assert grown[:len(months)] == months
        assert all(b == a + relativedelta(months=1) for a, b in zip(grown, grown[1:]))
        # each new month's marks: the old ones carried on, plus the change once its day is past
        for day in (change_day - dt.timedelta(days=1), change_day, grown[-1] + dt.timedelta(days=1)):
            expect = counted(s, day)
            if day >= change_day:
                expect[unit][Category.IN_PROGRESS.value] += 1
            assert stored_counts(conn, day, None, period_starts(s, day)) == expect, day
        # far ahead: months up to MARKS_AHEAD after today's, and counts still right beyond
        apply_changes(conn, Counter({(unit, D(2205, 1, 1), key): 1}), today=today)
        last = marked_months(conn)[-1]
        assert (last.year - today.year) * 12 + last.month - today.month == MARKS_AHEAD
        expect = counted(s, D(2205, 1, 2))
        expect[unit][Category.IN_PROGRESS.value] += 2
        assert stored_counts(conn, D(2205, 1, 2), None, period_starts(s, D(2205, 1, 2))) == expect
        s.rollback()


def test_a_count_reads_one_month_of_rows(demo_db):
    """Not every change: the month's marks and the changes since it began."""
    with demo_db.session() as s:
        conn = s.connection()
        n = conn.execute(select(func.count()).select_from(UnitCountChange)).scalar_one()
        month_changes = conn.execute(select(func.count()).select_from(UnitCountChange).where(
            UnitCountChange.day >= D(2021, 9, 1), UnitCountChange.day <= DAY)).scalar_one()
        marks = conn.execute(select(func.count()).select_from(UnitCountMark)
                             .where(UnitCountMark.month == D(2021, 9, 1))).scalar_one()
        assert conn.execute(select(func.count()).select_from(CountMonth)
                            .where(CountMonth.month == D(2021, 9, 1))).scalar_one() == 1
        assert marks > 0 and month_changes + marks < n / 2


def test_the_services_answer_from_them_as_they_would_by_counting(demo_db):
    with demo_db.session() as s:
        for day in (D(2021, 6, 30), DAY):
            unit = AssignmentFilter(unit="Sở Y tế")
            for flt in (AssignmentFilter(), unit):
                assert category_counts(s, flt, day) == computed_category_counts(s, flt, day)
            for flt in (AssignmentFilter(category="overdue"), AssignmentFilter(flag="unreported"),
                        AssignmentFilter(unit="Sở Y tế", flag="due_soon"), AssignmentFilter(category="quá hạn"),
                        AssignmentFilter(unit="SYT"), AssignmentFilter(), AssignmentFilter(flag="awaiting"),
                        AssignmentFilter(unit="Sở Y tế", flag="returned"), AssignmentFilter(category="done_late")):
                assert count_assignments(s, flt, day) == computed_count(s, flt, day), flt
            cards = scorecards(s, day)
            assert {c.unit_id: c.counts for c in cards} == computed_counts_per_unit(s, day, None, None)
            latest = latest_checkins(s, day)
            assert {c.unit_id: c.last_checkin_on for c in cards} == {c.unit_id: latest.get(c.unit_id) for c in cards}
            top = overdue_by_unit(s, AssignmentFilter(), day)
            assert {(u, n) for _name, u, n in top} == {
                (u, c["overdue"]) for u, c in counted(s, day).items() if c["overdue"]}
            assert [n for *_, n in top] == sorted((n for *_, n in top), reverse=True)
        assert any(c.last_checkin_on for c in cards)  # on the demo's day (none by 30/06)
        # On the demo's day (none are overdue on 30/06): only the first few units are named,
        # and a cut inside a tie keeps the Vietnamese name order of the whole list.
        counts = [n for *_, n in top]
        tied = [k for k in range(1, len(top)) if counts[k - 1] == counts[k]]
        assert tied
        for k in (1, tied[0], len(top) - 1, len(top), len(top) + 5):
            assert overdue_by_unit(s, AssignmentFilter(), DAY, top=k) == top[:k], k
        biggest = s.scalar(select(Task.directive_id).group_by(Task.directive_id)
                           .order_by(func.count().desc(), Task.directive_id).limit(1))
        one = AssignmentFilter(directive=str(biggest))  # counted, not stored
        assert overdue_by_unit(s, one, DAY, top=2) == overdue_by_unit(s, one, DAY)[:2]


def _row(**kw):
    base = dict(unit_id=1, valid_from=dt.date.min, valid_to=dt.date.max, assigned_on=D(2021, 1, 1),
                kind="date", due=D(2021, 3, 10), confirmed=False, completed_on=None, awaiting=False,
                last_decision=None)
    return base | kw


@pytest.mark.parametrize("row, expect", [
    (_row(), [(D(2021, 1, 1), D(2021, 3, 5), "in_progress", False), (D(2021, 3, 5), D(2021, 3, 11), "in_progress", True),
              (D(2021, 3, 11), dt.date.max, "overdue", False)]),
    (_row(kind="recurring", due=None), [(D(2021, 1, 1), dt.date.max, "recurring", False)]),
    (_row(valid_from=D(2021, 2, 1), confirmed=True, completed_on=D(2021, 3, 11)),
     [(D(2021, 2, 1), dt.date.max, "done_late", False)]),
    (_row(valid_to=D(2021, 3, 7)), [(D(2021, 1, 1), D(2021, 3, 5), "in_progress", False),
                                    (D(2021, 3, 5), D(2021, 3, 7), "in_progress", True)]),
    (_row(valid_to=D(2020, 12, 1)), []),  # ended before it was assigned: never counted
])
def test_pieces_follow_the_rule(row, expect):
    assert [(a, b, k[0], k[1]) for a, b, k in pieces(row)] == expect
    # +1 where a piece starts, -1 where it ends (nothing at date.max)
    changes = changes_of([row])
    assert sum(changes.values()) == (1 if expect and expect[-1][1] == dt.date.max else 0)
