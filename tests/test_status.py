"""The category of an assignment as of a date: the pure rule, table-driven and
property-based, and the SQL version checked against it on every backend."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from core.models import (
    Assignment,
    Checkin,
    Confirmation,
    Deadline,
    Directive,
    Extension,
    Task,
    Unit,
)
from core.status import (
    Category,
    CheckinFact,
    DecisionFact,
    ExtensionFact,
    History,
    classified_query,
    facts_query,
    standing,
    standing_from_row,
)

D = dt.date
DUE = D(2021, 8, 19)


def h(kind="date", due=DUE, checkins=(), decisions=(), extensions=()):
    return History(kind, due, tuple(checkins), tuple(decisions), tuple(extensions))


def ci(i, on, status="in_progress", completed=None):
    return CheckinFact(i, on, status, completed if completed or status != "done" else on)


# --- the rule, case by case -----------------------------------------------------------------

CASES = [
    # (name, history, as_of, expected category, flags)
    ("nothing reported, before due", h(), D(2021, 8, 10), Category.IN_PROGRESS, {}),
    ("nothing reported, on the due day", h(), DUE, Category.IN_PROGRESS, {"due_soon": True}),
    ("nothing reported, day after due", h(), D(2021, 8, 20), Category.OVERDUE, {}),
    ("due soon: 5 days before", h(), D(2021, 8, 14), Category.IN_PROGRESS, {"due_soon": True}),
    ("not yet due soon: 6 days before", h(), D(2021, 8, 13), Category.IN_PROGRESS, {"due_soon": False}),
    ("done reported, not confirmed: awaiting, still in progress",
     h(checkins=[ci(1, D(2021, 8, 15), "done")]), D(2021, 8, 16), Category.IN_PROGRESS,
     {"awaiting_confirmation": True}),
    ("done reported, not confirmed, past due: overdue and awaiting",
     h(checkins=[ci(1, D(2021, 8, 15), "done")]), D(2021, 8, 25), Category.OVERDUE,
     {"awaiting_confirmation": True}),
    ("confirmed, completed before due", h(checkins=[ci(1, D(2021, 8, 15), "done")],
                                          decisions=[DecisionFact(1, 1, D(2021, 8, 16), "confirm")]),
     D(2021, 8, 30), Category.DONE_ON_TIME, {}),
    ("confirmed after due, completion reported on time: on time",
     h(checkins=[ci(1, D(2021, 8, 18), "done")], decisions=[DecisionFact(1, 1, D(2021, 8, 28), "confirm")]),
     D(2021, 8, 30), Category.DONE_ON_TIME, {}),
    ("before the confirmation date the same history is overdue and awaiting",
     h(checkins=[ci(1, D(2021, 8, 18), "done")], decisions=[DecisionFact(1, 1, D(2021, 8, 28), "confirm")]),
     D(2021, 8, 27), Category.OVERDUE, {"awaiting_confirmation": True}),
    ("completed after due: done late", h(checkins=[ci(1, D(2021, 8, 25), "done")],
                                         decisions=[DecisionFact(1, 1, D(2021, 8, 26), "confirm")]),
     D(2021, 9, 1), Category.DONE_LATE, {}),
    ("returned: flag, not awaiting", h(checkins=[ci(1, D(2021, 8, 15), "done")],
                                       decisions=[DecisionFact(1, 1, D(2021, 8, 16), "return")]),
     D(2021, 8, 17), Category.IN_PROGRESS, {"returned": True, "awaiting_confirmation": False}),
    ("returned then reported done again: awaiting, no longer returned",
     h(checkins=[ci(1, D(2021, 8, 15), "done"), ci(2, D(2021, 8, 18), "done")],
       decisions=[DecisionFact(1, 1, D(2021, 8, 16), "return")]),
     D(2021, 8, 18), Category.IN_PROGRESS, {"returned": False, "awaiting_confirmation": True}),
    ("done then corrected to in progress: not awaiting",
     h(checkins=[ci(1, D(2021, 8, 15), "done"), ci(2, D(2021, 8, 16), "in_progress")]),
     D(2021, 8, 17), Category.IN_PROGRESS, {"awaiting_confirmation": False}),
    ("extension granted: due moves", h(extensions=[ExtensionFact(1, D(2021, 9, 10), "granted", D(2021, 8, 18))]),
     D(2021, 8, 25), Category.IN_PROGRESS, {}),
    ("extension granted later does not change an earlier date",
     h(extensions=[ExtensionFact(1, D(2021, 9, 10), "granted", D(2021, 8, 22))]),
     D(2021, 8, 21), Category.OVERDUE, {}),
    ("extension requested but not granted: no effect",
     h(extensions=[ExtensionFact(1, D(2021, 9, 10), "requested", None)]), D(2021, 8, 25), Category.OVERDUE, {}),
    ("refused extension: no effect",
     h(extensions=[ExtensionFact(1, D(2021, 9, 10), "refused", D(2021, 8, 18))]), D(2021, 8, 25),
     Category.OVERDUE, {}),
    ("open-ended (until an event): never overdue", h(kind="until_event", due=None), D(2030, 1, 1),
     Category.IN_PROGRESS, {"due_soon": False}),
    ("no deadline: in progress", h(kind="none", due=None), D(2030, 1, 1), Category.IN_PROGRESS, {}),
    ("immediate without a date: in progress", h(kind="immediate", due=None), D(2030, 1, 1),
     Category.IN_PROGRESS, {}),
    ("recurring, reported in the period", h(kind="recurring", due=None, checkins=[ci(1, D(2021, 8, 20))]),
     D(2021, 8, 25), Category.RECURRING, {"reported_in_period": True}),
    ("recurring, reported only in the previous period",
     h(kind="recurring", due=None, checkins=[ci(1, D(2021, 8, 14))]), D(2021, 8, 25), Category.RECURRING,
     {"reported_in_period": False}),
    ("a check-in after D is not known on D", h(checkins=[ci(1, D(2021, 8, 25), "done")],
                                                decisions=[DecisionFact(1, 1, D(2021, 8, 26), "confirm")]),
     D(2021, 8, 24), Category.OVERDUE, {"awaiting_confirmation": False}),
]


@pytest.mark.parametrize("name,history,as_of,category,flags", CASES, ids=[c[0] for c in CASES])
def test_standing_rule(name, history, as_of, category, flags):
    s = standing(history, as_of, period_start=D(2021, 8, 16))
    assert s.category is category
    for flag, value in flags.items():
        assert getattr(s, flag) == value, flag


def test_days_late_and_extended():
    s = standing(h(), D(2021, 8, 25))
    assert s.days_late(D(2021, 8, 25)) == 6
    late = standing(h(checkins=[ci(1, D(2021, 8, 25), "done")],
                      decisions=[DecisionFact(1, 1, D(2021, 8, 26), "confirm")]), D(2021, 9, 1))
    assert late.days_late(D(2021, 9, 1)) == 6
    ext = standing(h(extensions=[ExtensionFact(1, D(2021, 9, 10), "granted", D(2021, 8, 18))]), D(2021, 8, 25))
    assert ext.extended and ext.original_due == DUE and ext.due == D(2021, 9, 10)


# --- generated histories ----------------------------------------------------------------------

START = D(2021, 8, 1)


@st.composite
def histories(draw):
    """A plausible history, built the way the services allow it to grow: in date order."""
    kind = draw(st.sampled_from(["date", "date", "date", "recurring", "none", "until_event"]))
    due = START + dt.timedelta(days=draw(st.integers(0, 60))) if kind == "date" else None
    day = START
    checkins, decisions, extensions = [], [], []
    closed = False
    for _ in range(draw(st.integers(0, 6))):
        day = day + dt.timedelta(days=draw(st.integers(0, 12)))
        action = draw(st.sampled_from(["progress", "done", "decide", "extend"]))
        if closed:
            break
        if action == "progress" or (action == "done" and kind == "recurring"):
            checkins.append(CheckinFact(len(checkins) + 1, day, "in_progress"))
        elif action == "done":
            completed = day - dt.timedelta(days=draw(st.integers(0, 3)))
            checkins.append(CheckinFact(len(checkins) + 1, day, "done", max(completed, START)))
        elif action == "decide" and checkins and checkins[-1].status == "done" and \
                checkins[-1].id not in {d.checkin_id for d in decisions}:
            decision = draw(st.sampled_from(["confirm", "return"]))
            decisions.append(DecisionFact(len(decisions) + 1, checkins[-1].id, day, decision))
            closed = decision == "confirm"
        elif action == "extend" and kind == "date":
            status = draw(st.sampled_from(["granted", "granted", "refused", "requested"]))
            extensions.append(ExtensionFact(len(extensions) + 1, day + dt.timedelta(days=draw(st.integers(1, 30))),
                                            status, None if status == "requested" else day))
    return History(kind, due, tuple(checkins), tuple(decisions), tuple(extensions))


dates = st.integers(0, 150).map(lambda n: START + dt.timedelta(days=n))


@settings(max_examples=300, deadline=None)
@given(histories(), dates, dates)
def test_later_facts_never_change_an_earlier_answer(history, d1, d2):
    """Cutting the history at D1 (forgetting everything after it) gives the same answer
    for D1 as the full history: what happened later is not known on D1."""
    as_of = min(d1, d2)
    cut = History(
        history.kind, history.due,
        tuple(c for c in history.checkins if c.reported_on <= as_of),
        tuple(d for d in history.decisions if d.decided_on <= as_of),
        tuple(e for e in history.extensions if e.decided_on is not None and e.decided_on <= as_of),
    )
    assert standing(history, as_of, START) == standing(cut, as_of, START)


@settings(max_examples=300, deadline=None)
@given(histories(), dates)
def test_exactly_one_category_and_consistent_flags(history, as_of):
    s = standing(history, as_of, START)
    assert s.category in Category
    if s.category in (Category.DONE_ON_TIME, Category.DONE_LATE, Category.RECURRING):
        assert not (s.awaiting_confirmation or s.returned or s.due_soon)
    if s.due_soon:
        assert s.category is Category.IN_PROGRESS and 0 <= (s.due - as_of).days <= 5
    assert not (s.awaiting_confirmation and s.returned)
    assert (s.reported_in_period is not None) == (s.category is Category.RECURRING)


# --- SQL agrees with the rule -----------------------------------------------------------------


def _seed_one(s) -> tuple[int, int]:
    unit = Unit(name="Sở Y tế", kind="department")
    directive = Directive(doc_type="Kế hoạch", issuer="UBND tỉnh", signed_on=START, summary="Thử")
    s.add_all([unit, directive])
    s.flush()
    return unit.id, directive.id


def _store(s, unit_id: int, directive_id: int, n: int, history: History) -> int:
    deadline = Deadline(kind=history.kind, due=history.due)
    task = Task(directive_id=directive_id, label=str(n), path=f"T{n}", position=n, text="nhiệm vụ", deadline=deadline)
    a = Assignment(task=task, unit_id=unit_id, deadline=deadline, assigned_on=START)
    s.add_all([deadline, task, a])
    s.flush()
    ids = {}
    for c in history.checkins:
        row = Checkin(assignment_id=a.id, reported_on=c.reported_on, status=c.status, completed_on=c.completed_on)
        s.add(row)
        s.flush()
        ids[c.id] = row.id
    for d in history.decisions:
        s.add(Confirmation(assignment_id=a.id, checkin_id=ids[d.checkin_id], decision=d.decision,
                           reason="lý do" if d.decision == "return" else "", decided_on=d.decided_on))
        s.flush()
    for e in history.extensions:
        s.add(Extension(assignment_id=a.id, new_due=e.new_due, status=e.status, requested_on=START,
                        decided_on=e.decided_on))
        s.flush()
    return a.id


def _clear(s) -> None:
    for model in (Confirmation, Extension, Checkin, Assignment, Task, Deadline):
        s.execute(delete(model))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(histories(), min_size=1, max_size=6), st.lists(dates, min_size=1, max_size=4))
def test_sql_classification_matches_the_rule(db, batch, as_ofs):
    with db.session() as s:
        _clear(s)
        unit_id = s.scalar(select(Unit.id))
        directive_id = s.scalar(select(Directive.id))
        if unit_id is None:
            unit_id, directive_id = _seed_one(s)
        stored = {_store(s, unit_id, directive_id, n, hist): hist for n, hist in enumerate(batch)}
        s.flush()
        for as_of in as_ofs:
            # The directive has no cycle: the default 15/30 periods apply.
            from core.periods import get_cycle, period_containing

            start = period_containing(get_cycle(None), as_of).start
            rows = s.execute(classified_query(as_of, {None: start})).all()
            assert {r.assignment_id for r in rows} == set(stored)
            for r in rows:
                assert standing_from_row(r, as_of) == standing(stored[r.assignment_id], as_of, start), (
                    stored[r.assignment_id], as_of)
        s.rollback()


def test_facts_query_excludes_assignments_made_after_the_date(db):
    with db.session() as s:
        unit_id, directive_id = _seed_one(s)
        a = _store(s, unit_id, directive_id, 1, h())
        s.get(Assignment, a).assigned_on = D(2021, 8, 10)
        s.flush()
        assert s.execute(facts_query(D(2021, 8, 9))).all() == []
        assert len(s.execute(facts_query(D(2021, 8, 10))).all()) == 1
