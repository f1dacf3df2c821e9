"""The figures of the period report and of reminders (core/reports/figures.py), checked
against the project's own classification: the assignment list's counts and lists, the
dashboard, and the pure rule through `standing_of`. Every test runs on each backend.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from core.demo import UNITS_FILE, add_clerks, load_json, load_units
from core.errors import NotFoundError, ValidationError
from core.models import Assignment, Checkin, Directive, Extension, Setting, Unit
from core.periods import get_cycle, period_containing, report_dates
from core.reports.figures import (
    ALL_DIRECTIVES_LABEL,
    ALL_DIRECTIVES_LIMITS,
    NO_LIMITS,
    ORG_KEYS,
    ORG_NAME,
    ORG_SIGNER_NAME,
    Limits,
    build_reminder,
    build_report,
    organisation_of,
    units_to_remind,
)
from core.reports.model import CATEGORY_KEYS, Counts, PeriodInfo, ReminderData, ReportData
from core.services.assignments import AssignmentFilter, category_counts, list_assignments, overdue_by_unit
from core.services.checkins import (
    CheckinInput,
    decide_completion,
    decide_extension,
    record_checkin,
    request_extension,
    standing_of,
)
from core.services.dashboard import load_dashboard
from core.status import Category
from tests.conftest import workspace
from tests.report_samples import assert_limited_is_head_of_full
from tests.test_services import assert_vietnamese

D = dt.date
DONE = {Category.DONE_ON_TIME.value, Category.DONE_LATE.value}
LATE_DAY = D(2023, 1, 2)  # after every fact of the demo's generated history


def plan_id(db) -> int:
    with db.session() as s:
        return s.scalar(select(Directive.id).where(Directive.signed_on == D(2021, 8, 14)))


def scope(directive_id: int | None) -> AssignmentFilter:
    return AssignmentFilter(directive=str(directive_id) if directive_id else None)


def ids(rows) -> set[int]:
    return {r.assignment_id for r in rows}


def listed(s, directive_id: int | None, as_of: dt.date, **kw) -> set[int]:
    """Assignment ids of the core's own list."""
    return {r.id for r in list_assignments(s, dataclasses.replace(scope(directive_id), **kw), as_of)}


def report(db, directive_id: int | None, day: dt.date, limits: Limits | None = NO_LIMITS) -> ReportData:
    """The report with every row (limits=None: the report's own default limits)."""
    with db.session() as s:
        return build_report(s, directive_id=directive_id, period_day=day, made_on=day, limits=limits)


def organisation_of_db(db):
    with db.session() as s:
        return organisation_of(s)


# --- counts ---------------------------------------------------------------------------------


def test_counts_are_the_assignment_lists_and_the_dashboards(demo_db):
    plan = plan_id(demo_db)
    for directive_id in (plan, None):
        for day in (D(2021, 8, 30), D(2021, 9, 1)):
            r = report(demo_db, directive_id, day)
            assert r.period.start <= day <= r.period.end
            with demo_db.session() as s:
                def counts_on(on: dt.date) -> Counts:
                    return Counts(**category_counts(s, scope(directive_id), on))

                assert r.counts == counts_on(r.period.end)
                assert r.previous_counts == counts_on(r.previous.end)
                # The trend: six consecutive periods, oldest first, ending with this one.
                assert len(r.trend) == 6 and r.trend[-1].period == r.period
                for older, newer in zip(r.trend, r.trend[1:]):
                    assert newer.period.start == older.period.end + dt.timedelta(days=1)
                for point in r.trend:  # categories only
                    full = counts_on(point.period.end)
                    assert point.counts == Counts(**{k: full.get(k) for k in CATEGORY_KEYS})
                    assert point.on_time_rate == point.counts.on_time_rate == full.on_time_rate
            dashboard = load_dashboard(workspace(demo_db, r.period.end), directive_id)
            assert r.counts == Counts(**dashboard.counts)
            assert r.counts.total == dashboard.total
            # The units add up to the totals, now and at the previous period's end.
            for key in Counts.__dataclass_fields__:
                assert sum(u.counts.get(key) for u in r.units) == r.counts.get(key), key
                assert sum(u.previous.get(key) for u in r.units) == r.previous_counts.get(key), key
            assert ReportData.from_dict(r.to_dict()) == r


# --- lists ------------------------------------------------------------------------------------


def test_lists_follow_their_definitions(demo_db):
    day = D(2021, 8, 30)
    for directive_id in (plan_id(demo_db), None):
        r = report(demo_db, directive_id, day)
        end, prev = r.period.end, r.previous.end
        with demo_db.session() as s:
            everything = {a.id: a for a in list_assignments(s, scope(directive_id), end)}
            done_now = {i for i, a in everything.items() if a.standing.category.value in DONE}
            done_before = listed(s, directive_id, prev, category="done_on_time") | \
                listed(s, directive_id, prev, category="done_late")
            assert ids(row for u in r.units for row in u.rows) == set(everything) - done_before
            assert ids(r.overdue) == listed(s, directive_id, end, category="overdue")
            assert ids(r.awaiting) == listed(s, directive_id, end, flag="awaiting")
            assert ids(r.unreported) == listed(s, directive_id, end, flag="unreported")
            assert ids(r.completed) == done_now - done_before
            assert ids(r.due_next) == {
                i for i, a in everything.items() if i not in done_now and a.standing.due is not None
                and r.next.start <= a.standing.due <= r.next.end}
        lateness = [row.days_late for row in r.overdue]
        assert lateness == sorted(lateness, reverse=True) and all(n > 0 for n in lateness)
        assert all("awaiting" in row.flags for row in r.awaiting)
        assert all(row.category == "recurring" and "unreported" in row.flags for row in r.unreported)
        assert [row.due for row in r.due_next] == sorted(row.due for row in r.due_next)
        for u in r.units:  # each unit's rows are its own
            assert {row.unit_name for row in u.rows} <= {u.unit_name}
        with demo_db.session() as s:
            keys = {u.name: u.sort_key for u in s.scalars(select(Unit))}
        assert [u.unit_name for u in r.units] == sorted((u.unit_name for u in r.units), key=keys.get)


@pytest.mark.parametrize("limits", [Limits(unit_rows=2, list_rows=3), Limits(unit_rows=1, list_rows=None),
                                    Limits(unit_rows=None, list_rows=1), None])
def test_a_limited_report_shows_the_first_rows_and_counts_the_rest(demo_db, limits):
    """A report on every directive lists by default a few rows per unit and per list (a
    province has 65,000 open assignments); what it shows is the head of the full report's
    rows in the limited order, and what it leaves out is counted."""
    day = D(2021, 8, 30)
    full = report(demo_db, None, day)
    cut = report(demo_db, None, day, limits)
    limits = limits or ALL_DIRECTIVES_LIMITS
    assert (cut.unit_row_limit, cut.list_row_limit) == (limits.unit_rows, limits.list_rows)
    assert_limited_is_head_of_full(cut, full, limits)  # the demo has more than these limits somewhere
    assert ReportData.from_dict(cut.to_dict()) == cut


def test_limits_default_to_all_rows_for_one_directive_and_a_few_for_all(demo_db):
    day = D(2021, 8, 30)
    one, every = report(demo_db, plan_id(demo_db), day, None), report(demo_db, None, day, None)
    assert (one.unit_row_limit, one.list_row_limit) == (None, None)
    assert one.omitted == type(one.omitted)() and all(u.more_rows == 0 for u in one.units)
    assert (every.unit_row_limit, every.list_row_limit) == (ALL_DIRECTIVES_LIMITS.unit_rows,
                                                            ALL_DIRECTIVES_LIMITS.list_rows)
    assert all(len(u.rows) <= ALL_DIRECTIVES_LIMITS.unit_rows for u in every.units)
    # A report issued before the limits existed (no such keys) still loads, as unlimited.
    plain = one.to_dict()
    for key in ("unit_row_limit", "list_row_limit", "omitted"):
        plain.pop(key)
    for unit in plain["units"]:
        unit.pop("more_rows")
    assert ReportData.from_dict(plain) == one


def test_rows_agree_with_the_rule_for_each_assignment(demo_db):
    """Every listed row, its due dates, lateness, flags and latest check-in, against the pure
    rule (standing_of) and the check-ins as stored, for the plan's period 16–30/08/2021."""
    r = report(demo_db, plan_id(demo_db), D(2021, 8, 30))
    end = r.period.end
    assert r.overdue and r.completed and r.extensions and r.awaiting and r.unreported
    with demo_db.session() as s:
        for row in {row.assignment_id: row for u in r.units for row in u.rows}.values():
            a = s.get(Assignment, row.assignment_id)
            st = standing_of(s, a, end)
            assert (row.category, row.due, row.original_due, row.completed_on, row.days_late) == \
                (st.category.value, st.due, st.original_due, st.completed_on, st.days_late(end))
            assert row.unit_name == a.unit.name and row.task_path == a.task.path
            assert row.directive_title == a.task.directive.title == r.directive_title
            assert ("due_soon" in row.flags, "awaiting" in row.flags, "returned" in row.flags,
                    "unreported" in row.flags) == (st.due_soon, st.awaiting_confirmation, st.returned,
                                                   st.reported_in_period is False)
            last = s.scalar(select(Checkin).where(Checkin.assignment_id == a.id, Checkin.reported_on <= end)
                            .order_by(Checkin.reported_on.desc(), Checkin.id.desc()).limit(1))
            assert (row.last_reported_on, row.last_status, row.last_progress, row.last_result,
                    row.difficulties, row.proposals) == (
                (last.reported_on, last.status, last.progress, last.result, last.difficulties, last.proposals)
                if last else (None, None, None, "", "", ""))
        for row in r.completed:
            assert standing_of(s, s.get(Assignment, row.assignment_id), r.previous.end).category.value not in DONE
        for ext in r.extensions:
            a = s.get(Assignment, ext.assignment_id)
            granted = s.scalars(select(Extension).where(Extension.assignment_id == a.id,
                                                        Extension.decided_on == ext.decided_on)).all()
            assert [(e.status, e.new_due) for e in granted] == [("granted", ext.new_due)]
            assert r.period.start <= ext.decided_on <= end
            assert ext.old_due == standing_of(s, a, ext.decided_on - dt.timedelta(days=1)).due
            assert ext.old_due < ext.new_due


# --- as of the period's end -----------------------------------------------------------------


def test_facts_recorded_after_the_period_do_not_change_its_report(demo_db):
    plan = plan_id(demo_db)
    day = D(2021, 8, 30)
    before = {d: report(demo_db, d, day).to_dict() for d in (plan, None)}
    with demo_db.session() as s:
        # Overdue then and never completed since: the unit now reports it done on a date
        # inside the period, and the Office confirms it.
        still_open = listed(s, plan, LATE_DAY, category="overdue")
        late = sorted(ids(report(demo_db, plan, day).overdue) & still_open)
        recurring = sorted(listed(s, plan, LATE_DAY, category="recurring"))
    done_a, extended_a, recurring_a = late[0], late[1], recurring[0]
    record_checkin(workspace(demo_db, LATE_DAY), done_a,
                   CheckinInput(status="done", completed_on=D(2021, 8, 20), result="Đã hoàn thành."))
    decide_completion(workspace(demo_db, LATE_DAY + dt.timedelta(days=1)), done_a, "confirm")
    ext = request_extension(workspace(demo_db, LATE_DAY), extended_a, D(2024, 6, 30), "Cần thêm thời gian.")
    decide_extension(workspace(demo_db, LATE_DAY + dt.timedelta(days=1)), ext.id, grant=True)
    record_checkin(workspace(demo_db, LATE_DAY), recurring_a, CheckinInput(status="in_progress", progress=50))

    for d in (plan, None):
        assert report(demo_db, d, day).to_dict() == before[d]
    # The facts are there: the period they fall in shows them.
    now = report(demo_db, plan, LATE_DAY + dt.timedelta(days=1))
    assert done_a in ids(now.completed)
    assert [(e.assignment_id, e.new_due) for e in now.extensions] == [(extended_a, D(2024, 6, 30))]
    done_row = next(row for row in now.completed if row.assignment_id == done_a)
    assert done_row.category in DONE and done_row.completed_on == D(2021, 8, 20)


# --- labels, periods and the organisation ---------------------------------------------------


def test_labels_and_periods_follow_the_directives_cycle(demo_db):
    plan = plan_id(demo_db)
    r = report(demo_db, plan, D(2021, 8, 20))
    assert r.directive_label.startswith(
        "Kế hoạch ngày 14/08/2021 của UBND tỉnh Bình Phước về triển khai thực hiện Nghị quyết số 05-NQ/TU")
    assert (r.directive_id, r.directive_title) == (plan, "Kế hoạch ngày 14/08/2021")
    assert (r.period.start, r.period.end) == (D(2021, 8, 16), D(2021, 8, 30))
    assert (r.previous.start, r.previous.end) == (D(2021, 7, 31), D(2021, 8, 15))
    assert (r.next.start, r.next.end) == (D(2021, 8, 31), D(2021, 9, 15))
    assert r.made_on == D(2021, 8, 20) and r.as_of == D(2021, 8, 30)
    assert r.organisation == organisation_of_db(demo_db)

    every = report(demo_db, None, D(2021, 9, 1))
    assert (every.directive_id, every.directive_label, every.directive_title) == (None, ALL_DIRECTIVES_LABEL, None)
    assert len({row.directive_title for u in every.units for row in u.rows}) > 1

    with demo_db.session() as s:
        kl = s.scalar(select(Directive).where(Directive.number_text == "13-KL/BCĐ"))
        r = build_report(s, directive_id=kl.id, period_day=D(2021, 9, 8), made_on=D(2021, 9, 10),
                         trend_periods=3)
    assert r.directive_label.startswith("Kết luận số 13-KL/BCĐ ngày 02/09/2021 của đồng chí")
    weekly = get_cycle(kl.reporting_cycle)
    week = period_containing(weekly, D(2021, 9, 8))
    assert r.period == PeriodInfo(week.start, week.end, week.report_on)
    assert (r.period.end - r.period.start).days == 6 and len(r.trend) == 3


@pytest.fixture
def units_db(db):
    """The unit registry and the demo clerks, nothing else."""
    with db.session() as s:
        add_clerks(s, load_units(s, load_json(UNITS_FILE)), "tester")
    return db


def test_organisation_defaults_come_from_the_units_and_settings_override_them(units_db):
    org = organisation_of_db(units_db)
    assert (org.parent, org.name, org.place, org.symbol, org.signer_title, org.signer_name) == \
        ("UBND TỈNH BÌNH PHƯỚC", "VĂN PHÒNG", "Bình Phước", "VP", "CHÁNH VĂN PHÒNG", "")
    with units_db.session() as s:
        s.add(Setting(key=ORG_NAME, value="BAN CHỈ ĐẠO"))
        s.add(Setting(key=ORG_SIGNER_NAME, value="Nguyễn Văn A"))
    org = organisation_of_db(units_db)
    assert (org.parent, org.name, org.place, org.signer_name) == \
        ("UBND TỈNH BÌNH PHƯỚC", "BAN CHỈ ĐẠO", "Bình Phước", "Nguyễn Văn A")
    values = {"parent": "TỈNH ỦY ĐỒNG NAI", "name": "VĂN PHÒNG", "place": "Đồng Nai", "symbol": "VPTU",
              "signer_title": "CHÁNH VĂN PHÒNG", "signer_name": ""}
    with units_db.session() as s:
        for field, key in ORG_KEYS.items():
            s.merge(Setting(key=key, value=values[field]))
    assert dataclasses.asdict(organisation_of_db(units_db)) == values


def test_organisation_without_a_registry_leaves_the_parent_blank(db):
    org = organisation_of_db(db)
    assert (org.parent, org.place, org.name, org.symbol) == ("", "", "VĂN PHÒNG", "VP")


# --- reminders ------------------------------------------------------------------------------


def test_reminders_list_the_units_overdue_and_due_soon_assignments(demo_db):
    plan = plan_id(demo_db)
    day = D(2021, 9, 1)
    with demo_db.session() as s:
        ranked = units_to_remind(s, day)
        assert ranked == [(uid, name, n) for name, uid, n in overdue_by_unit(s, AssignmentFilter(), day)]
        assert [n for *_, n in ranked] == sorted((n for *_, n in ranked), reverse=True)
        assert units_to_remind(s, day, plan) == [
            (uid, name, n) for name, uid, n in overdue_by_unit(s, scope(plan), day)]
        for unit_id, name, n in ranked[:3]:
            letter = build_reminder(s, unit_id=unit_id, as_of=day, made_on=D(2021, 9, 2))
            assert (letter.unit_name, letter.as_of, letter.made_on, letter.directive_title) == \
                (name, day, D(2021, 9, 2), None)
            assert len(letter.overdue) == n
            mine = {a.id for a in list_assignments(s, AssignmentFilter(), day) if a.unit_id == unit_id}
            assert ids(letter.overdue) == listed(s, None, day, category="overdue") & mine
            assert ids(letter.due_soon) == listed(s, None, day, flag="due_soon") & mine
            for row in letter.overdue:
                st = standing_of(s, s.get(Assignment, row.assignment_id), day)
                assert (st.category, st.days_late(day)) == (Category.OVERDUE, row.days_late)
            lateness = [row.days_late for row in letter.overdue]
            assert lateness == sorted(lateness, reverse=True)
            assert ReminderData.from_dict(letter.to_dict()) == letter
        # One directive only.
        unit_id = units_to_remind(s, day, plan)[0][0]
        letter = build_reminder(s, unit_id=unit_id, as_of=day, made_on=day, directive_id=plan)
        assert letter.directive_title == "Kế hoạch ngày 14/08/2021"
        assert {row.directive_title for row in letter.overdue + letter.due_soon} == {"Kế hoạch ngày 14/08/2021"}
        # A unit that owes nothing gets an empty letter, not an error.
        quiet = s.scalar(select(Unit.id).where(Unit.id.not_in([uid for uid, *_ in ranked])))
        assert build_reminder(s, unit_id=quiet, as_of=day, made_on=day).overdue == ()


def test_reply_by_is_a_report_date_at_least_five_days_ahead(units_db):
    with units_db.session() as s:
        unit_id = s.scalar(select(Unit.id).limit(1))
        semi_monthly = get_cycle(None)
        for as_of, expected in ((D(2021, 9, 1), D(2021, 9, 15)), (D(2021, 9, 10), D(2021, 9, 15)),
                                (D(2021, 9, 11), D(2021, 9, 30)), (D(2022, 2, 20), D(2022, 2, 28)),
                                (D(2022, 2, 24), D(2022, 3, 15))):
            reply_by = build_reminder(s, unit_id=unit_id, as_of=as_of, made_on=as_of).reply_by
            assert reply_by == expected
            assert reply_by - as_of >= dt.timedelta(days=5)
            assert report_dates(semi_monthly, as_of, reply_by)[-1] == reply_by


# --- errors ---------------------------------------------------------------------------------


def test_unknown_directives_and_units_are_refused_in_vietnamese(units_db):
    day = D(2021, 9, 1)
    with units_db.session() as s:
        for call in (lambda: build_report(s, directive_id=999, period_day=day, made_on=day),
                     lambda: build_reminder(s, unit_id=1, as_of=day, made_on=day, directive_id=999),
                     lambda: units_to_remind(s, day, directive_id=999)):
            with pytest.raises(NotFoundError) as err:
                call()
            assert_vietnamese(str(err.value), "văn bản", "999")
        with pytest.raises(NotFoundError) as err:
            build_reminder(s, unit_id=99999, as_of=day, made_on=day)
        assert_vietnamese(str(err.value), "đơn vị", "99999")
        with pytest.raises(ValidationError) as err:
            build_report(s, directive_id=None, period_day=day, made_on=day, trend_periods=-1)
        assert_vietnamese(str(err.value), "«-1»")
        # An empty workspace still makes a (blank) report.
        r = build_report(s, directive_id=None, period_day=day, made_on=day, trend_periods=0)
        assert (r.counts, r.units, r.overdue, r.trend) == (Counts(), (), (), ())
