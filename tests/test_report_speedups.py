"""The fast paths of the period report, each checked against the plain way it replaces:

- the counts of several days in one grouped pass (figures._count) against the assignment list
  of each day, counted in Python;
- the "open row" test with its shortcut (the current state row when it already held on the
  day) against the lookup of the row that held then;
- the limited report (ranked rows fetched in one statement, totals from the counting pass)
  against the head of the full report;
- the day-index expressions of core.status against the per-day rule they stand for;
- the .docx tables written as XML text, and paragraphs copied from prepared ones, against
  the element-by-element construction; the .xlsx line counts against textwrap, its copied
  style arrays against openpyxl's named-style assignment.

Database tests run on each backend (conftest: `db`, `demo_db`).
"""
from __future__ import annotations

import datetime as dt
import io
import random
import re
import textwrap
import threading
from collections import Counter
from copy import deepcopy

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from lxml import etree
from sqlalchemy import and_, case, event, exists, func, literal, select
from sqlalchemy.orm import aliased

import core.reports.figures as F
import core.reports.officedoc as O
from core.generate import TODAY, generate
from core.models import AssignmentState, Directive
from core.reports import labels as L
from core.reports.model import Counts
from core.reports.xlsx_report import _paragraph_lines, _register_styles, _style_cell
from core.services.assignments import AssignmentFilter, list_assignments, overdue_by_unit, period_starts
from core.status import (
    Category,
    classified_query,
    current_on,
    facts_query,
    held_span_exprs,
    is_overdue_expr,
    overdue_from_expr,
    settled_category_expr,
)
from db.engine import Database
from tests.conftest import workspace
from tests.report_samples import assert_limited_is_head_of_full

D = dt.date
DEMO_DAYS = (D(2021, 6, 15), D(2021, 7, 31), D(2021, 8, 15), D(2021, 8, 30), D(2021, 9, 1), D(2022, 3, 1))
GENERATED_DAYS = (TODAY - dt.timedelta(days=400), TODAY - dt.timedelta(days=95), TODAY - dt.timedelta(days=31),
                  TODAY - dt.timedelta(days=16), TODAY)


@pytest.fixture
def generated(db):
    generate(db, "tiny", seed=5)
    return db


def plan(s) -> Directive:
    return s.scalars(select(Directive).where(Directive.signed_on == D(2021, 8, 14))).one()


def biggest(s) -> Directive:
    directive_id = s.execute(select(AssignmentState.directive_id, func.count()).group_by(AssignmentState.directive_id)
                             .order_by(func.count().desc(), AssignmentState.directive_id).limit(1)).one()[0]
    return s.get(Directive, directive_id)


def scope(directive: Directive | None) -> AssignmentFilter:
    return AssignmentFilter(directive=str(directive.id) if directive else None)


# --- counts of several days in one pass ------------------------------------------------------------


def counted_plainly(s, directive: Directive | None, day: dt.date) -> tuple[dict[int, Counts], Counts]:
    """Per unit (with flags) and in total (categories only): the assignment list of `day`,
    one row at a time."""
    per_unit: dict[int, Counter] = {}
    total: Counter = Counter()
    for a in list_assignments(s, scope(directive), day):
        tally = per_unit.setdefault(a.unit_id, Counter())
        tally[a.standing.category.value] += 1
        tally.update(a.flags)
        total[a.standing.category.value] += 1
    return {uid: Counts(**tally) for uid, tally in per_unit.items()}, Counts(**total)


def assert_one_pass_counts_are_day_by_day(s, directive, days) -> None:
    unit_days, category_days = days[1::2], [*days[::2], days[1]]  # a day may be asked both ways
    tally = F._count(s, directive, unit_days, category_days)
    assert set(tally.per_unit) == set(unit_days) and set(tally.totals) == set(category_days)
    for day in sorted(set(days)):
        units, total = counted_plainly(s, directive, day)
        if day in unit_days:
            assert tally.per_unit[day] == units, day
        if day in category_days:
            assert tally.totals[day] == total, day


def test_one_pass_counts_are_the_lists_counted_day_by_day_demo(demo_db):
    with demo_db.session() as s:
        for directive in (None, plan(s)):
            assert_one_pass_counts_are_day_by_day(s, directive, DEMO_DAYS)
            # One day alone, and a day before any assignment (nothing counted).
            assert_one_pass_counts_are_day_by_day(s, directive, (D(2021, 8, 30), D(2020, 1, 1)))


def test_one_pass_counts_are_the_lists_counted_day_by_day_generated(generated):
    with generated.session() as s:
        for directive in (None, biggest(s)):
            assert_one_pass_counts_are_day_by_day(s, directive, GENERATED_DAYS)
        # Something to count on each day, in several categories.
        tally = F._count(s, None, GENERATED_DAYS, ())
        for day in GENERATED_DAYS[1:]:
            total = F._sum(tally.per_unit[day].values())
            assert total.total and total.overdue and total.done_on_time and total.recurring, day


def test_the_list_tallies_of_the_counting_pass_are_the_full_reports_rows(generated):
    """How many rows each unit and each list has — the limited report's "… and N more" — are
    counted in the same pass: they are the full report's rows."""
    with generated.session() as s:
        for day in (TODAY, TODAY - dt.timedelta(days=31)):
            full = F.build_report(s, directive_id=None, period_day=day, made_on=day, limits=F.NO_LIMITS)
            cycle = F.get_cycle(None)
            period = F.period_containing(cycle, day)
            lists = F._Lists(period.end, F.previous_period(cycle, period).end, F.next_period(cycle, period))
            tally = F._count(s, None, (period.end,), (), lists)
            names = {name: uid for uid, name in s.execute(select(F.Unit.id, F.Unit.name))}
            assert tally.unit_rows == {names[u.unit_name]: len(u.rows) for u in full.units if u.rows}
            assert tally.list_rows == {key: len(getattr(full, key)) for key in F._LIST_KEYS}
            assert all(tally.list_rows.values()), tally.list_rows


# --- the open-row shortcut ---------------------------------------------------------------------------


def open_ids(s, as_of: dt.date, day: dt.date, *, shortcut: bool) -> set[int]:
    """Assignments as of `as_of` whose completion was not confirmed on `day`."""
    facts = facts_query(as_of, period_starts(s, as_of))
    if shortcut:
        facts = facts.where(~F._confirmed_on(day))
    else:  # the row that held on `day`, looked up for every assignment
        held = aliased(AssignmentState)
        facts = facts.where(~exists(select(held.assignment_id).where(
            held.assignment_id == AssignmentState.assignment_id, held.valid_from <= day, held.valid_to > day,
            held.confirmed)).correlate(AssignmentState))
    return set(s.scalars(select(facts.subquery().c.assignment_id)))


def test_the_open_row_shortcut_agrees_with_the_full_lookup_demo(demo_db):
    assert_the_open_row_shortcut_agrees(demo_db, DEMO_DAYS)


def test_the_open_row_shortcut_agrees_with_the_full_lookup_generated(generated):
    assert_the_open_row_shortcut_agrees(generated, GENERATED_DAYS)


def assert_the_open_row_shortcut_agrees(db, days) -> None:
    with db.session() as s:
        both_ways = False
        for as_of in days:
            for day in (as_of - dt.timedelta(days=15), as_of - dt.timedelta(days=200), as_of):
                fast, plain = open_ids(s, as_of, day, shortcut=True), open_ids(s, as_of, day, shortcut=False)
                assert fast == plain, (as_of, day)
                # Both branches are taken: rows that already held on the day, and rows that
                # changed since (confirmed ones among them).
                changed = s.scalar(select(func.count()).where(
                    current_on(as_of), AssignmentState.valid_from > day, AssignmentState.confirmed))
                both_ways |= bool(changed) and len(fast) > 0
        assert both_ways


# --- the limited report ------------------------------------------------------------------------------


@pytest.mark.parametrize("limits", [F.Limits(unit_rows=1, list_rows=1), F.Limits(unit_rows=3, list_rows=7),
                                    F.Limits(unit_rows=None, list_rows=4), F.Limits(unit_rows=2, list_rows=None),
                                    F.ALL_DIRECTIVES_LIMITS])
def test_a_limited_report_is_the_head_of_the_full_one(generated, limits, monkeypatch):
    statements: list[str] = []

    def capture(_conn, _cursor, statement, *_):
        statements.append(statement)

    original = F._limited_rows

    def limited_rows(*args, **kw):
        event.listen(generated.engine, "before_cursor_execute", capture)
        try:
            return original(*args, **kw)
        finally:
            event.remove(generated.engine, "before_cursor_execute", capture)

    monkeypatch.setattr(F, "_limited_rows", limited_rows)
    with generated.session() as s:
        full = F.build_report(s, directive_id=None, period_day=TODAY, made_on=TODAY, limits=F.NO_LIMITS)
        cut = F.build_report(s, directive_id=None, period_day=TODAY, made_on=TODAY, limits=limits)
    # Ranked, shown and detailed in one statement (besides the list of reporting cycles).
    assert sum("assignment_states" in q for q in statements) == 1
    assert_limited_is_head_of_full(cut, full, limits)


def test_a_report_ranked_in_a_second_session_is_the_report_of_one_session(generated, monkeypatch):
    """With `alongside=db.read_alongside`, the rows of a report on every directive are ranked
    in a session of their own, in another thread, while the first session counts: the same
    report."""
    sessions: list[tuple[str, object]] = []
    original = F._limited_rows

    def limited_rows(s, *args):
        sessions.append((threading.current_thread().name, s))
        return original(s, *args)

    with generated.session() as outer:
        alone = F.build_report(outer, directive_id=None, period_day=TODAY, made_on=TODAY)
        monkeypatch.setattr(F, "_limited_rows", limited_rows)
        alongside = F.build_report(outer, directive_id=None, period_day=TODAY, made_on=TODAY,
                                   alongside=generated.read_alongside)
    [(thread, session)] = sessions
    assert thread != threading.main_thread().name and session is not outer
    assert alongside == alone and alone.overdue and any(u.more_rows for u in alone.units)


def test_the_dashboards_counts_are_read_in_a_second_session(generated, monkeypatch):
    """One directive's dashboard counts its assignments in a session of its own, in another
    thread, while its lists are read: the counts of one session. Over every directive the
    counts are stored (core/state_counts.py): one read of a month, in the dashboard's session,
    equal to the counts over every assignment."""
    import core.services.dashboard as dashboard
    from core.models import Task
    from core.services.assignments import computed_category_counts

    threads: list[str] = []
    original = dashboard.category_counts

    def category_counts(s, *args):
        threads.append(threading.current_thread().name)
        return original(s, *args)

    monkeypatch.setattr(dashboard, "category_counts", category_counts)
    with generated.session() as s:
        directive_id = s.scalar(select(Task.directive_id).group_by(Task.directive_id)
                                .order_by(func.count().desc(), Task.directive_id).limit(1))
    one = AssignmentFilter(directive=str(directive_id))
    shown = dashboard.load_dashboard(workspace(generated, TODAY), directive_id, ("overdue",))
    with generated.session() as s:
        assert shown.counts == original(s, one, TODAY)
        every_unit = overdue_by_unit(s, one, TODAY)
        assert shown.top_overdue_units == every_unit[:dashboard.TOP_UNITS]
    assert threads and threading.main_thread().name not in threads
    assert shown.counts["overdue"] >= len(shown.overdue) > 0
    assert shown.counts["overdue"] == sum(n for _name, _id, n in every_unit)

    threads.clear()
    every = dashboard.load_dashboard(workspace(generated, TODAY), None, ("overdue",))
    assert threads == []
    with generated.session() as s:
        assert every.counts == computed_category_counts(s, AssignmentFilter(), TODAY)
        every_unit = overdue_by_unit(s, AssignmentFilter(), TODAY)
        assert len(every_unit) > dashboard.TOP_UNITS  # the cut is exercised
        assert every.top_overdue_units == every_unit[:dashboard.TOP_UNITS]
    assert every.counts["overdue"] >= len(every.overdue) > 0 and every.counts["done_on_time"]
    assert every.counts["overdue"] == sum(n for _name, _id, n in every_unit)


def test_only_databases_whose_connections_share_data_are_read_alongside(tmp_path):
    """A file's second session reads in another thread; SQLite in memory (a database per
    connection) reads in the caller's session, when the result is asked for."""
    for url, shared in (("sqlite://", False), ("sqlite:///:memory:", False),
                        (f"sqlite:///{tmp_path / 'w.sqlite3'}", True)):
        db = Database(url)
        try:
            assert db.connections_share_data is shared, url
            with db.session() as s:
                with db.read_alongside(s, lambda own, n: (threading.current_thread(), own is s, n), 7) as read:
                    thread, same_session, n = read()
            assert (thread is threading.main_thread(), same_session, n) == (not shared, not shared, 7), url
        finally:
            db.dispose()


def test_one_directives_report_lists_every_open_row_as_the_list_shows_them(generated):
    """The full report's rows: those not done at the previous period's end, with the list's
    own categories and flags."""
    with generated.session() as s:
        directive = biggest(s)
        report = F.build_report(s, directive_id=directive.id, period_day=TODAY, made_on=TODAY)
        now = {a.id: a for a in list_assignments(s, scope(directive), report.period.end)}
        done_before = {a.id for a in list_assignments(s, scope(directive), report.previous.end)
                       if a.standing.category.value in F.DONE}
    rows = {r.assignment_id: r for u in report.units for r in u.rows}
    assert set(rows) == set(now) - done_before and rows
    for aid, row in rows.items():
        assert (row.category, tuple(row.flags), row.due) == \
            (now[aid].standing.category.value, tuple(now[aid].flags), now[aid].standing.due)


# --- the day-index expressions of core.status --------------------------------------------------------


def test_day_indexes_stand_for_the_rule_of_each_day(generated):
    """held_span_exprs and overdue_from_expr say, for every stored state row and every day, what
    current_on and the category (overdue for an open row) say day by day."""
    days = sorted(GENERATED_DAYS)
    st, t = AssignmentState, AssignmentState.__table__
    first, last = held_span_exprs(days, st)
    columns = [st.assignment_id, st.valid_to, first, last, overdue_from_expr(t, days), settled_category_expr(t)]
    for day in days:
        columns += [case((current_on(day, st), 1), else_=0), case((is_overdue_expr(t, day), 1), else_=0)]
    with generated.session() as s:
        rows = s.execute(select(*columns)).all()
    assert len(rows) > 1000
    spans = set()
    for _aid, _to, first_k, last_k, overdue_k, settled, *per_day in rows:
        spans.add((first_k, last_k))
        for k in range(len(days)):
            holds, overdue = per_day[2 * k], per_day[2 * k + 1]
            assert bool(holds) == (first_k <= k <= last_k)
            if settled is None:
                assert bool(overdue) == (k >= overdue_k)
            else:
                assert overdue_k == len(days)
    assert len(spans) > 3  # rows that begin and end between the days, not only the long ones


def test_status_query_builders_keep_their_sql():
    """facts_query and classified_query, now built from shared helpers, compile to the very
    statements of the expressions they replaced (the list's indexes depend on their shape:
    tests/test_query_plans.py)."""
    from sqlalchemy import false, or_
    from sqlalchemy.dialects import postgresql, sqlite

    from core.models import Checkin
    from core.status import DUE_SOON_DAYS, period_start_expr

    day = D(2024, 1, 15)
    starts = {None: D(2024, 1, 1), "monthly": D(2024, 1, 1), "semi_monthly": D(2023, 12, 31)}
    st = AssignmentState
    start = period_start_expr(starts, day)
    reported = exists(select(Checkin.id).where(Checkin.assignment_id == st.assignment_id,
                                               Checkin.reported_on >= start, Checkin.reported_on <= day)
                      ).correlate(st)
    spelled = select(
        st.assignment_id.label("assignment_id"), st.task_id.label("task_id"),
        st.directive_id.label("directive_id"), st.unit_id.label("unit_id"), st.role.label("role"),
        st.signed_on.label("signed_on"), st.position.label("position"), st.unit_sort_key.label("unit_sort_key"),
        st.kind.label("kind"), st.original_due.label("original_due"), st.due.label("due"),
        st.confirmed.label("confirmed"), st.completed_on.label("completed_on"), st.awaiting.label("awaiting"),
        st.last_decision.label("last_decision"),
        case((st.kind == "recurring", reported), else_=false()).label("reported"),
    ).where(st.valid_to > day, st.valid_from <= day, st.assigned_on <= day)

    def classified(facts):
        f = facts.subquery("facts")
        open_ = and_(f.c.kind != "recurring", ~f.c.confirmed)
        return select(
            f.c.assignment_id, f.c.task_id, f.c.directive_id, f.c.unit_id, f.c.role, f.c.signed_on,
            f.c.position, f.c.unit_sort_key,
            case((f.c.kind == "recurring", literal(Category.RECURRING.value)),
                 (f.c.confirmed, case((or_(f.c.due.is_(None), f.c.completed_on <= f.c.due),
                                       literal(Category.DONE_ON_TIME.value)),
                                      else_=literal(Category.DONE_LATE.value))),
                 (and_(f.c.due.is_not(None), f.c.due < day), literal(Category.OVERDUE.value)),
                 else_=literal(Category.IN_PROGRESS.value)).label("category"),
            f.c.kind, f.c.original_due, f.c.due, f.c.completed_on,
            and_(open_, f.c.due.is_not(None), f.c.due >= day,
                 f.c.due <= day + dt.timedelta(days=DUE_SOON_DAYS)).label("due_soon"),
            and_(open_, f.c.awaiting).label("awaiting"),
            and_(open_, f.c.last_decision == "return", ~f.c.awaiting).label("returned"),
            f.c.reported,
        )

    for dialect in (sqlite.dialect(), postgresql.dialect()):
        def sql(q):
            compiled = q.compile(dialect=dialect)
            return str(compiled), sorted(compiled.params.items())

        assert sql(facts_query(day, starts)) == sql(spelled)
        assert sql(classified_query(day, starts)) == sql(classified(spelled))
        assert sql(classified_query(day, facts=facts_query(day, starts).where(st.unit_id == 3))) == \
            sql(classified(spelled.where(st.unit_id == 3)))


# --- the .docx writer --------------------------------------------------------------------------------

ODD_TEXTS = ["", " ", "  hai đầu  ", "Cột 1\tCột 2", "dòng 1\ndòng 2", "a & b < c > d \"e\" 'f'",
             "Thủ tướng Chính phủ", "Tu\u031bo\u031b\u0301ng (NFD)", "chuông\x07 và \x1b[31mđỏ\x1b[0m", "x" * 300,
             "]]> <!-- --> &amp;"]


def reference_table(doc, headers, widths, rows, *, align, bold_rows=(), size=None):
    """The table built element by element from the prepared row (as the writer did before it
    wrote XML text), detached from the document."""
    tbl, prototype = O._table_skeleton(doc, tuple(headers), tuple(widths), align, size)
    tbl = deepcopy(tbl)
    for index, values in enumerate(rows):
        tr = deepcopy(prototype)
        for tc, value in zip(tr.iterchildren(qn("w:tc")), values, strict=True):
            first = tc.find(qn("w:p"))
            empty = deepcopy(first)
            for i, line in enumerate(O._lines(value)):
                paragraph = first if i == 0 else deepcopy(empty)
                if i:
                    tc.append(paragraph)
                for span in line:
                    run = etree.SubElement(paragraph, qn("w:r"))
                    bold = span.bold or (True if index in bold_rows else None)
                    if bold or span.italic or size:
                        props = etree.SubElement(run, qn("w:rPr"))
                        if bold:
                            etree.SubElement(props, qn("w:b"))
                        if span.italic:
                            etree.SubElement(props, qn("w:i"))
                        if size:
                            for tag in ("w:sz", "w:szCs"):
                                etree.SubElement(props, qn(tag)).set(qn("w:val"), str(int(size * 2)))
                    t = etree.SubElement(run, qn("w:t"))
                    t.text = L.clean(span.text)
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        tbl.append(tr)
    return tbl


def xml_of(element) -> bytes:
    """As lxml writes it, without the namespace declarations on its first tag (a detached
    element carries the ones it uses; one in a document gets all of the root's)."""
    text = etree.tostring(element, encoding="UTF-8")
    end = text.index(b">")
    return re.sub(rb'\s+xmlns(?::\w+)?="[^"]*"', b"", text[:end]) + text[end:]


@pytest.mark.parametrize("size", [None, 11])
def test_tables_written_as_text_are_the_tables_built_element_by_element(size):
    S = O.Span
    headers, widths, align = ("TT", "Nội dung", "Số"), (1.0, 8.0, 2.0), "clr"
    rows = [[str(i), text, i] for i, text in enumerate(ODD_TEXTS)]
    rows += [["", [S("nghiêng", italic=True), [S("đậm ", bold=True), S("thường")], "dòng ba"], None],
             ["", [], [[]]], ["", [S("cả hai", bold=True, italic=True)], 0]]
    doc = O.new_document("Thử")
    table = O.add_data_table(doc, headers, widths, rows, align=align, bold_rows=(1, len(rows) - 1), size=size)
    written = table._tbl
    assert written.getparent() is doc.element.body and doc.element.body[-1].tag == qn("w:sectPr")
    expected = reference_table(O.new_document("Thử"), headers, widths, rows, align=align,
                               bold_rows=(1, len(rows) - 1), size=size)
    assert xml_of(written) == xml_of(expected)
    # In the saved file: no namespace declared again on the table, the text read back as written.
    out = io.BytesIO()
    O.save_document(doc, out, D(2024, 1, 15))
    body = docx.Document(io.BytesIO(out.getvalue())).element.body
    assert b"<w:tbl>" in xml_of(body) and b"<w:tbl xmlns" not in xml_of(body)
    texts = [docx.table.Table(body.find(qn("w:tbl")), None).cell(i + 2, 1).text for i in range(len(ODD_TEXTS))]
    assert texts == [L.clean(t) for t in ODD_TEXTS]


def test_the_table_rows_must_fit_the_columns():
    with pytest.raises(ValueError):
        O.add_data_table(O.new_document("Thử"), ("a", "b"), (1.0, 2.0), [["một"]])


def test_paragraphs_copied_from_prepared_ones_are_the_ones_python_docx_writes():
    shapes = [dict(), dict(bold=True, size=13), dict(italic=True, keep_with_next=True, space_before=6),
              dict(align=O.WD_ALIGN_PARAGRAPH.CENTER, space_after=12, space_before=18), dict(style=O.STYLE_HEADING),
              dict(style=O.STYLE_FRAME, bold=False, italic=False)]
    fast, slow = O.new_document("Thử"), O.new_document("Thử")
    for shape in shapes:
        for text in ODD_TEXTS:
            kw = dict(shape)
            style = kw.pop("style", O.STYLE_BODY)
            made = O.add_text(fast, text, style, **kw)
            assert made._p.getparent() is fast.element.body
            made.paragraph_format.first_line_indent = None  # callers change what they get back
            defaults = dict(bold=None, italic=None, size=None, align=None, keep_with_next=False,
                            space_before=None, space_after=None) | kw
            O._add_text_slowly(slow, L.clean(text), style, **defaults).paragraph_format.first_line_indent = None
    assert xml_of(fast.element.body) == xml_of(slow.element.body)
    assert len(fast.paragraphs) == len(shapes) * len(ODD_TEXTS)


# --- the .xlsx writer --------------------------------------------------------------------------------


def test_line_counts_are_textwraps():
    rng = random.Random(7)
    alphabet = "ab ccc  đường-xá \t\xa0—-x" + "y" * 5
    texts = ["", " ", "   ", "-", "- -", "a" * 60, " a" * 40, "abc-def-ghi " * 6, "x\ty" * 20, *ODD_TEXTS]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 140))) for _ in range(3000)]
    for text in texts:
        for width in (1, 2, 3, 5, 8, 13, 21, 34, 49):
            assert _paragraph_lines(text, width) == (len(textwrap.wrap(text, width)) or 1), (text, width)


def test_copied_style_arrays_are_what_naming_the_style_sets():
    book = openpyxl.Workbook()
    _register_styles(book)
    ws = book.active
    for column, name in enumerate(("dd-text", "dd-number", "dd-date", "dd-head", "dd-column-no"), 1):
        named, copied = ws.cell(1, column), ws.cell(2, column)
        named.style = name
        _style_cell(copied, name)
        assert copied._style == named._style and copied.style == name
        assert copied._style is not named._style  # a cell's own array: changing one leaves the other
        copied.number_format = "0.0%"
        assert named.number_format != "0.0%"
