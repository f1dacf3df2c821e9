"""assignment_states, the stored timeline of each assignment's facts: it is kept in step by
the ORM listener, equals a rebuild from scratch, and is filled by migration 0003 for
databases made before it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, select, text

from core.fact_states import rebuild_all_states, state_on
from core.models import AssignmentState
from core.services.assignments import AssignmentFilter, list_assignments
from core.services.checkins import CheckinInput, decide_completion, record_checkin
from core.status import CheckinFact, DecisionFact, ExtensionFact, FactState, History, fact_state, fact_timeline
from db.migrate import upgrade
from tests.conftest import workspace

D = dt.date


def _rows(s) -> list[tuple]:
    t = AssignmentState.__table__
    return [tuple(r) for r in s.execute(select(t).order_by(t.c.assignment_id, t.c.valid_from))]


def test_timeline_changes_only_on_fact_days_and_matches_the_rule():
    h = History(
        kind="date", due=D(2021, 9, 1),
        checkins=(CheckinFact(1, D(2021, 8, 10), "in_progress"),
                  CheckinFact(2, D(2021, 8, 20), "done", D(2021, 8, 19))),
        decisions=(DecisionFact(1, 2, D(2021, 8, 25), "confirm"),),
        extensions=(ExtensionFact(1, D(2021, 9, 30), "granted", D(2021, 8, 15)),
                    ExtensionFact(2, D(2021, 10, 30), "refused", D(2021, 8, 16))),
    )
    rows = fact_timeline(h)
    # The in-progress check-in of 10/8 changes nothing the rule needs: no new row.
    assert [r[0] for r in rows] == [D(2021, 8, 15), D(2021, 8, 20), D(2021, 8, 25)]
    assert rows[-1][1] == dt.date.max
    for (start, end, st), nxt in zip(rows, rows[1:] + [None]):
        assert end == (nxt[0] if nxt else dt.date.max)
        assert st == fact_state(h, start) == fact_state(h, end - dt.timedelta(days=1))
    assert fact_state(h, D(2021, 8, 14)) == FactState()  # before the first change: empty state
    assert rows[1][2].awaiting and not rows[2][2].awaiting and rows[2][2].confirmed


def test_service_writes_keep_the_timeline_equal_to_a_rebuild(demo_db):
    ws = workspace(demo_db, D(2021, 9, 1), user="vp.ha")
    with demo_db.session() as s:
        before = _rows(s)
        overdue = list_assignments(s, AssignmentFilter(category="overdue"), D(2021, 9, 1))
        aid = overdue[0].id
    record_checkin(ws, aid, CheckinInput(status="done", completed_on=D(2021, 9, 1), result="Đã xong"))
    decide_completion(ws, aid, "confirm")
    with demo_db.session() as s:
        kept = _rows(s)
        assert kept != before
        st = state_on(s.connection(), aid, D(2021, 9, 1))
        assert st.confirmed and st.completed_on == D(2021, 9, 1)
        rebuild_all_states(s.connection())
        assert _rows(s) == kept
        s.rollback()


def test_migration_0003_fills_the_timeline_of_an_older_database(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(text("insert into units (id, name, kind, is_group, name_folded, sort_key, version) "
                          "values (1, 'Sở Y tế', 'department', 0, 'so y te', x'00', 1)"))
        conn.execute(text("insert into directives (id, doc_type, issuer, summary, summary_folded, "
                          "parent_refs, created_at, version) values (1, 'Kế hoạch', 'UBND tỉnh', '', '', "
                          "'[]', '2021-08-01 00:00:00', 1)"))
        conn.execute(text("insert into deadlines (id, kind, due, inherited, version) "
                          "values (1, 'date', '2021-08-31', 0, 1)"))
        conn.execute(text("insert into tasks (id, directive_id, kind, label, path, position, text, "
                          "text_folded, version) values (1, 1, 'task', '1', '1', 0, 'x', 'x', 1)"))
        conn.execute(text("insert into assignments (id, task_id, unit_id, role, mode, deadline_id, "
                          "assigned_on, created_at, version) values (1, 1, 1, 'lead', 'giao', 1, "
                          "'2021-08-01', '2021-08-01 00:00:00', 1)"))
        conn.execute(text("insert into checkins (id, assignment_id, reported_on, completed_on, status, "
                          "result, difficulties, proposals, reference, created_at) values (1, 1, "
                          "'2021-08-10', '2021-08-09', 'done', '', '', '', '', '2021-08-10 00:00:00')"))
    upgrade(engine)
    with engine.connect() as conn:
        before, after = state_on(conn, 1, D(2021, 8, 9)), state_on(conn, 1, D(2021, 8, 10))
        assert (before.unit_id, before.kind, before.due, before.awaiting) == (1, "date", D(2021, 8, 31), False)
        assert after.awaiting and after.valid_from == D(2021, 8, 10)


def test_core_status_can_be_imported_first():
    # core.status → core.models → core.fact_states → core.status: the cycle must hold.
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import core.status, core.fact_states"], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
