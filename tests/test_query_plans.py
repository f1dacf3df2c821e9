"""The assignment list's page query uses the indexes made for it (migration 0006), shown with
EXPLAIN on a generated workspace: the default order walks the due-order index and stops after
a page (no sort of every assignment), a text search matching a few tasks reads them by the task
index, and the narrow and broad ways give the same rows.

SQLite: the plan SQLite chooses. PostgreSQL chooses by its statistics (at province scale the
same plans); on the small workspace here it would rather scan, so the test turns sequential
scans and sorts off and checks that the index can give the order (no Sort node is needed)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

import core.services.assignments as assignments
from core.generate import TODAY, generate
from core.services.assignments import AssignmentFilter, _page, page_assignments
from core.status import DUE_SOON_DAYS

PAGE = 60


@pytest.fixture
def generated(db):
    generate(db, "tiny", seed=3)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return db


def page_plan(db, flt: AssignmentFilter, sort: str = "due", ordered: bool = True, *settings: str) -> str:
    """The plan of the query that picks a page's ids (the one with ORDER BY ... LIMIT).
    PostgreSQL: without sequential scans, and without sorts where an index should give the
    order (`ordered`)."""
    def pick_page(s):
        _page(s, flt, TODAY, sort, False, 0, PAGE)

    statement, parameters = statement_of(db, pick_page, lambda q: "ORDER BY" in q and "LIMIT" in q)
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return sqlite_plan(conn, statement, parameters)
        conn.exec_driver_sql("SET enable_seqscan = off")
        if ordered:
            conn.exec_driver_sql("SET enable_sort = off")
        for setting in settings:
            conn.exec_driver_sql(f"SET {setting}")
        return pg_plan(conn, statement, parameters)


def statement_of(db, run, wanted) -> tuple[str, object]:
    """The first statement (and its parameters) that `run(session)` sends for which
    `wanted(sql)` holds: the query whose plan a test reads."""
    seen: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.session() as s:
            run(s)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return next((q, p) for q, p in seen if wanted(q))


def sqlite_plan(conn, statement: str, parameters) -> str:
    return "\n".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))


def pg_plan(conn, statement: str, parameters) -> str:
    return "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, parameters))


def sorts(plan: str) -> bool:
    return "TEMP B-TREE FOR ORDER BY" in plan or "Sort" in plan.replace("Sort Key", "")


def a_word(db, *, narrow: bool) -> str:
    """A word of the task texts matching a few tasks (narrow) or most of them."""
    from sqlalchemy import func, select

    from core.models import Task

    with db.session() as s:
        n = s.scalar(select(func.count()).select_from(Task))
        for word in ("dich", "ke hoach", "xa", "tinh", "a", "n"):
            k = s.scalar(select(func.count()).where(Task.text_folded.contains(word)))
            if (narrow and 0 < k <= assignments.NARROW_TASKS) or (not narrow and k > n // 2):
                return word
    raise AssertionError("no word of the generated texts fits")


def test_the_default_order_walks_the_due_order_index(generated):
    plan = page_plan(generated, AssignmentFilter())
    assert "ix_assignment_states_due_order" in plan, plan
    assert not sorts(plan), plan


def test_a_broad_text_search_walks_the_due_order_index_too(generated):
    plan = page_plan(generated, AssignmentFilter(search=a_word(generated, narrow=False)))
    assert "ix_assignment_states_due_order" in plan, plan
    assert "ix_assignment_states_task" not in plan, plan
    assert not sorts(plan), plan


def test_a_narrow_text_search_reads_its_tasks_by_the_task_index(generated):
    plan = page_plan(generated, AssignmentFilter(search=a_word(generated, narrow=True)), ordered=False)
    assert "ix_assignment_states_task" in plan, plan
    assert "ix_assignment_states_due_order" not in plan, plan


def test_one_units_list_reads_by_the_unit_index(generated):
    plan = page_plan(generated, AssignmentFilter(unit="Sở Y tế", category="overdue"), ordered=False)
    assert "ix_assignment_states_unit" in plan, plan


@pytest.mark.parametrize("sort", ["due", "unit", "task"])
def test_narrow_and_broad_ways_give_the_same_rows(generated, monkeypatch, sort):
    day = TODAY - dt.timedelta(days=200)
    for word in (a_word(generated, narrow=True), a_word(generated, narrow=False)):
        flt = AssignmentFilter(search=word)
        got = {}
        for limit in (0, 10**6):  # every search broad, then every search narrow
            monkeypatch.setattr(assignments, "NARROW_TASKS", limit)
            with generated.session() as s:
                got[limit] = [(r.id, r.standing.category) for r in
                              page_assignments(s, flt, day, sort=sort, offset=0, limit=-1)]
                paged = []
                for offset in range(0, len(got[limit]) + PAGE, PAGE):
                    paged += [(r.id, r.standing.category) for r in
                              page_assignments(s, flt, day, sort=sort, offset=offset, limit=PAGE)]
                assert paged == got[limit]
        assert got[0] == got[10**6] and got[0], word


@pytest.mark.parametrize("flt", [AssignmentFilter(flag="unreported"), AssignmentFilter(category="in_progress")])
def test_a_list_of_some_categories_is_sorted_not_walked(generated, flt):
    """Walking the index in due order reads every row it passes: for those in progress (due
    on or after the day) or recurring (no due date) that is most of the index, so such lists
    are found first and sorted."""
    plan = page_plan(generated, flt, ordered=False)
    assert sorts(plan), plan


@pytest.mark.parametrize("flt", [AssignmentFilter(category="overdue"), AssignmentFilter(flag="awaiting")])
def test_the_overdue_and_awaiting_lists_walk_the_due_order_index(generated, flt):
    """The dashboard's overdue list (the longest overdue first) and those awaiting a decision
    lie along the due dates from the first: the walk stops after a page."""
    plan = page_plan(generated, flt)
    assert "ix_assignment_states_due_order" in plan and not sorts(plan), plan


def test_the_due_soon_list_reads_its_week_of_dates(generated):
    """The due-order index is sought to the week's dates, its first column given: SQLite
    with `(due IS NULL) = 0`; PostgreSQL with `= ANY(ARRAY[false])` (it rewrites `= false`
    to `due IS NOT NULL`, not the index's expression, and would read the whole index). On so
    small a workspace PostgreSQL would rather read a bitmap of the day's rows: turned off.
    Every row has a date, so the order leaves out "no date last" and the week is read in
    order (SQLite sorted when ordered by the column it was told is constant)."""
    plan = page_plan(generated, AssignmentFilter(flag="due_soon"), "due", True, "enable_bitmapscan = off")
    assert_seeks_dates(generated, plan, TODAY, TODAY + dt.timedelta(days=DUE_SOON_DAYS))


def assert_seeks_dates(db, plan: str, first: dt.date, last: dt.date) -> None:
    """`plan` reads the due-order index from `first` to `last`, in its order."""
    if db.is_sqlite:
        assert "INDEX ix_assignment_states_due_order (<expr>=? AND due>? AND due<?)" in plan, plan
    else:
        assert "Index Scan using ix_assignment_states_due_order" in plan, plan
        assert ("Index Cond: (((due IS NULL) = false) AND "
                f"(due >= '{first:%Y-%m-%d}'::date) AND (due <= '{last:%Y-%m-%d}'::date)") in plan, plan
    assert not sorts(plan), plan


def test_a_due_range_reads_its_dates_in_order(generated):
    """The dashboard's due-this-period list: the due-order index sought to the period's dates
    and walked in their order, stopping after a page (not every row of the range sorted)."""
    start, end = TODAY - dt.timedelta(days=14), TODAY
    plan = page_plan(generated, AssignmentFilter(due_after=start, due_before=end), "due", True,
                     "enable_bitmapscan = off")
    assert_seeks_dates(generated, plan, start, end)


@pytest.mark.parametrize("flt", [
    AssignmentFilter(category="overdue"), AssignmentFilter(flag="due_soon"), AssignmentFilter(flag="awaiting"),
    AssignmentFilter(flag="returned"), AssignmentFilter(category="done_late"),
    AssignmentFilter(category="overdue", flag="awaiting"),
    AssignmentFilter(due_after=TODAY - dt.timedelta(days=45), due_before=TODAY - dt.timedelta(days=20)),
    AssignmentFilter(due_after=TODAY - dt.timedelta(days=45), category="done_on_time"),
    AssignmentFilter(due_before=TODAY - dt.timedelta(days=300), flag="awaiting"),
    AssignmentFilter(due_after=TODAY - dt.timedelta(days=30), due_before=TODAY, category="in_progress")])
def test_walked_lists_are_the_sorted_lists(generated, monkeypatch, flt):
    """The same rows, in the same order, whether the index is walked or the rows sorted."""
    found = 0
    for day in (TODAY, TODAY - dt.timedelta(days=200), TODAY - dt.timedelta(days=600)):
        with generated.session() as s:
            walked = [r.id for r in page_assignments(s, flt, day, limit=PAGE)]
            monkeypatch.setattr(assignments, "_walked", lambda _flt: False)
            sorted_ = [r.id for r in page_assignments(s, flt, day, limit=PAGE)]
            monkeypatch.undo()
        assert walked == sorted_, (flt, day)
        found += len(walked)
    assert found, flt


def test_a_stored_count_reads_one_months_rows_by_their_keys(generated):
    """core/state_counts.py: the month's marks by their key, the changes since by day — on a
    workspace's every change no table is scanned."""
    from core.state_counts import stored_counts

    def count(s):
        assert stored_counts(s.connection(), TODAY)

    statement, parameters = statement_of(generated, count, lambda q: "unit_count_changes" in q)
    with generated.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = sqlite_plan(conn, statement, parameters)
            assert "SEARCH unit_count_marks USING PRIMARY KEY (month=?)" in plan, plan
            assert "SEARCH unit_count_changes USING PRIMARY KEY (day>? AND day<?)" in plan, plan
            assert "SCAN unit_count" not in plan, plan
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = pg_plan(conn, statement, parameters)
            assert "Seq Scan" not in plan, plan
            assert "pk_unit_count_marks" in plan and "pk_unit_count_changes" in plan, plan


def test_the_latest_checkins_are_the_date_indexs_last_entries(generated):
    """The dashboard's latest check-ins (by date, then id): read backwards from the end of
    the date index (migration 0009), not every check-in of the latest day sorted."""
    import core.services.dashboard as dashboard

    def latest(s):
        assert len(dashboard._latest(s, TODAY, None)) == 50

    statement, parameters = statement_of(generated, latest, lambda q: "checkins" in q and "LIMIT" in q)
    with generated.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = sqlite_plan(conn, statement, parameters)
            assert "ix_checkins_reported_on" in plan and "TEMP B-TREE" not in plan, plan
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")
            conn.exec_driver_sql("SET enable_sort = off")
            plan = pg_plan(conn, statement, parameters)
            assert "Index Scan Backward using ix_checkins_reported_on" in plan, plan
    assert not sorts(plan), plan


def test_the_directives_cycles_are_read_from_their_index(generated):
    """Which reporting cycles the directives use (every list and count asks): the cycle index
    of migration 0010, not every directive."""
    statement, parameters = statement_of(generated, lambda s: assignments.period_starts(s, TODAY),
                                         lambda q: "reporting_cycle" in q and "DISTINCT" in q)
    with generated.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = sqlite_plan(conn, statement, parameters)
            assert "USING COVERING INDEX ix_directives_reporting_cycle" in plan, plan
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = pg_plan(conn, statement, parameters)
            assert "Index Only Scan using ix_directives_reporting_cycle" in plan, plan
