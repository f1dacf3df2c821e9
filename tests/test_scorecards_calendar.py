"""Unit scorecards and calendar data: aggregated in SQL, equal to the assignment queries."""
from __future__ import annotations

import datetime as dt
import itertools
import threading

from sqlalchemy import select

from conftest import workspace
from core.models import Unit
from core.services.assignments import AssignmentFilter, category_counts, count_assignments
from core.services.calendar import load_day, load_month, shift_month
from core.services.scorecards import load_scorecards, load_unit_detail, scorecards, sort_scorecards

DAY = dt.date(2021, 9, 1)


def _unit_id(db, name: str) -> int:
    with db.session() as s:
        return s.scalar(select(Unit.id).where(Unit.name == name, Unit.valid_from.is_(None)))


def check_scorecards_equal_category_counts_per_unit(demo_db):
    ws = workspace(demo_db, DAY)
    data = load_scorecards(ws)
    names = [r.name for r in data.rows]
    assert "Sở Y tế" in names and len(names) == len(set(r.unit_id for r in data.rows))
    with demo_db.session() as s:
        assert not any(u.is_group for u in s.scalars(select(Unit).where(Unit.id.in_([r.unit_id for r in data.rows]))))
        assert sum(r.total for r in data.rows) == count_assignments(s, AssignmentFilter(), DAY)
        for card in data.rows[:4] + [r for r in data.rows if r.name in ("Sở Y tế", "Bộ Chỉ huy Quân sự tỉnh")]:
            counts = category_counts(s, AssignmentFilter(unit=card.name), DAY)
            assert {k: counts[k] for k in card.counts} == card.counts, card.name
    # sorted by overdue desc, then Vietnamese name order
    keys = [(-r.overdue, r.sort_key) for r in data.rows]
    assert keys == sorted(keys)
    yte = next(r for r in data.rows if r.name == "Sở Y tế")
    assert yte.overdue > 0 and yte.last_checkin_on is not None and yte.last_checkin_on <= DAY
    if yte.done:
        assert yte.on_time_rate == yte.counts["done_on_time"] / yte.done


def check_scorecard_search_and_sorts(demo_db):
    ws = workspace(demo_db, DAY)
    assert [r.name for r in load_scorecards(ws, "bchqs").rows] == ["Bộ Chỉ huy Quân sự tỉnh"]
    assert [r.name for r in load_scorecards(ws, "so y te").rows] == ["Sở Y tế"]
    assert load_scorecards(ws, "không có đơn vị này").rows == []
    rows = load_scorecards(ws).rows
    by_name = sort_scorecards(rows, "name")
    assert [r.sort_key for r in by_name] == sorted(r.sort_key for r in rows)
    by_total = sort_scorecards(rows, "total")
    assert by_total[0].total == max(r.total for r in rows)
    by_rate = sort_scorecards(rows, "rate")
    rated = [r.on_time_rate for r in by_rate if r.on_time_rate is not None]
    assert rated == sorted(rated) and by_rate[-1].on_time_rate in (None, rated[-1])


def check_scorecards_as_of_an_earlier_date(demo_db):
    early = dt.date(2021, 8, 16)
    with demo_db.session() as s:
        cards = scorecards(s, early)
        for card in cards[:3]:
            counts = category_counts(s, AssignmentFilter(unit=card.name), early)
            assert {k: counts[k] for k in card.counts} == card.counts
            assert card.last_checkin_on is None or card.last_checkin_on <= early


def check_last_checkin_of_every_unit_on_many_days(demo_db, monkeypatch):
    """Over every directive each unit's latest check-in comes from the stored check-in days;
    for one directive recent check-ins are looked at first, older history only for the units
    not found there. Either way the dates must be those of one pass over every check-in — on
    days inside the demo's history, and months after it (where only the fallback finds
    anything); whether the few units left after the first window are looked up at once
    (share 1) or never (share 0)."""
    import core.services.scorecards as cards_module
    from core.models import Assignment, Checkin, Task

    with demo_db.session() as s:
        facts = s.execute(select(Assignment.unit_id, Assignment.assigned_on, Checkin.reported_on, Task.directive_id)
                          .join(Checkin, Checkin.assignment_id == Assignment.id)
                          .join(Task, Task.id == Assignment.task_id)).all()
        paths: set[str] = set()
        for day, share, directive_id in itertools.product(
                (dt.date(2021, 8, 20), DAY, dt.date(2021, 12, 20), dt.date(2022, 9, 1)),
                (0.0, cards_module.FEW_LEFT_SHARE, 1.0), (None, 1)):
            monkeypatch.setattr(cards_module, "FEW_LEFT_SHARE", share)
            expected: dict[int, dt.date] = {}
            for unit_id, assigned_on, reported_on, directive in facts:
                if reported_on <= day and assigned_on <= day and directive_id in (None, directive):
                    expected[unit_id] = max(reported_on, expected.get(unit_id, reported_on))
            cards = scorecards(s, day, directive_id=directive_id)
            assert cards, day
            assert {c.unit_id: c.last_checkin_on for c in cards} == {c.unit_id: expected.get(c.unit_id)
                                                                    for c in cards}, (day, share, directive_id)
            if directive_id:
                ages = {(day - c.last_checkin_on).days for c in cards if c.last_checkin_on}
                paths |= {"recent" for a in ages if a <= 14} | {"fallback" for a in ages if a > 120}
        assert paths == {"recent", "fallback"}  # both ways of finding a date were taken


def check_the_fortnights_checkins_are_read_alongside_the_counts(demo_db, monkeypatch):
    """One directive's units: the last fortnight's check-ins are read in a second session, in
    another thread, while its own session counts: the scorecards of one session. Every
    directive's: from the stored days, no fortnight read at all."""
    import core.services.scorecards as cards_module

    threads: list[str] = []
    original = cards_module._latest_checkins

    def latest(s, as_of, since, units, directive_id):
        threads.append(threading.current_thread().name if since == as_of - dt.timedelta(days=14) else "")
        return original(s, as_of, since, units, directive_id)

    monkeypatch.setattr(cards_module, "_latest_checkins", latest)
    shown = load_scorecards(workspace(demo_db, DAY), directive_id=1).rows
    with demo_db.session() as s:
        assert shown == scorecards(s, DAY, directive_id=1) and shown
    fortnight = [name for name in threads if name]
    assert len(fortnight) == 2 and fortnight[0] != threading.main_thread().name
    assert fortnight[1] == threading.main_thread().name  # in turn, when asked for in one session
    threads.clear()
    assert load_scorecards(workspace(demo_db, DAY)).rows and threads == []


def check_unit_detail_history_groups_and_assignments(demo_db):
    ws = workspace(demo_db, DAY)
    d = load_unit_detail(ws, _unit_id(demo_db, "Sở Kế hoạch và Đầu tư"))
    assert [h.name for h in d.successors] == ["Sở Tài chính"]
    assert d.successors[0].since == dt.date(2025, 3, 1)
    assert d.valid_to == dt.date(2025, 2, 28)
    assert "Sở KH&ĐT" in d.aliases and d.groups
    assert len(d.assignments) == d.scorecard.total
    yte = load_unit_detail(ws, _unit_id(demo_db, "Sở Y tế"))
    assert {r.unit_id for r in yte.assignments} == {yte.id}
    assert sum(1 for r in yte.assignments if r.standing.category.value == "overdue") == yte.scorecard.overdue


def check_unit_detail_of_every_unit_lists_all_its_assignments(demo_db):
    ws = workspace(demo_db, DAY)
    for card in load_scorecards(ws).rows[:60:6]:
        d = load_unit_detail(ws, card.unit_id)
        assert len(d.assignments) == card.total, card.name


def check_month_counts_match_the_assignment_queries(demo_db):
    ws = workspace(demo_db, DAY)
    month = load_month(ws, 2021, 8)
    assert month.days[dt.date(2021, 8, 19)].due > 0
    with demo_db.session() as s:
        for day, counts in month.days.items():
            flt = AssignmentFilter(due_after=day, due_before=day)
            assert counts.due == count_assignments(s, flt, DAY)
            flt.category = "overdue"
            assert counts.overdue == count_assignments(s, flt, DAY)
        whole = AssignmentFilter(due_after=dt.date(2021, 8, 1), due_before=dt.date(2021, 8, 31))
        assert sum(c.due for c in month.days.values()) == count_assignments(s, whole, DAY)
    assert sorted(d.day for d in month.reports) == [15, 30]
    assert all(m.default for marks in month.reports.values() for m in marks)
    assert dt.date(2021, 8, 1) in month.off_days and dt.date(2021, 8, 2) not in month.off_days
    assert len(month.weeks()) == 6 and month.weeks()[0][6] == dt.date(2021, 8, 1)


def check_month_report_dates_holidays_and_navigation(demo_db):
    ws = workspace(demo_db, DAY)
    feb = load_month(ws, 2022, 2)
    assert sorted(d.day for d in feb.reports) == [15, 28]
    sep = load_month(ws, 2021, 9)
    assert dt.date(2021, 9, 2) in sep.off_days  # Quốc khánh
    assert shift_month(2021, 12, 1) == (2022, 1) and shift_month(2021, 1, -1) == (2020, 12)


def check_day_lists_the_assignments_due_that_day(demo_db):
    ws = workspace(demo_db, DAY)
    day = load_day(ws, dt.date(2021, 8, 19))
    month = load_month(ws, 2021, 8)
    assert len(day.rows) == month.days[dt.date(2021, 8, 19)].due
    assert all(r.standing.due == dt.date(2021, 8, 19) for r in day.rows)
    assert day.reports == [] and day.working
    assert load_day(ws, dt.date(2021, 8, 15)).reports[0].default


# The demo takes seconds to build on PostgreSQL: one demo per group of checks.

def test_scorecards(demo_db, monkeypatch):
    check_scorecards_equal_category_counts_per_unit(demo_db)
    check_scorecard_search_and_sorts(demo_db)
    check_scorecards_as_of_an_earlier_date(demo_db)
    check_last_checkin_of_every_unit_on_many_days(demo_db, monkeypatch)
    check_the_fortnights_checkins_are_read_alongside_the_counts(demo_db, monkeypatch)


def test_unit_detail(demo_db):
    check_unit_detail_history_groups_and_assignments(demo_db)
    check_unit_detail_of_every_unit_lists_all_its_assignments(demo_db)


def test_calendar(demo_db):
    check_month_counts_match_the_assignment_queries(demo_db)
    check_month_report_dates_holidays_and_navigation(demo_db)
    check_day_lists_the_assignments_due_that_day(demo_db)
