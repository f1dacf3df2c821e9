"""page_assignments (sorting and paging in SQL) and saved filters, on every backend."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.errors import ValidationError
from core.models import Clerk, SavedFilter, Unit
from core.services.assignments import (
    AssignmentFilter,
    count_assignments,
    list_assignments,
    load_page,
    page_assignments,
)
from core.services.saved_filters import delete_filter, list_filters, save_filter
from core.text import sort_key
from tests.conftest import workspace

DAY = dt.date(2021, 9, 1)


def test_paging_concatenates_to_the_full_list_in_every_order(demo_db):
    flt = AssignmentFilter()
    with demo_db.session() as s:
        total = count_assignments(s, flt, DAY)
        for sort in ("due", "path", "unit", "category", "directive", "id", "task", "role"):
            for desc in (False, True):
                full = page_assignments(s, flt, DAY, sort=sort, descending=desc, offset=0, limit=10_000)
                assert len(full) == total
                paged, backwards = [], []
                for off in range(0, total, 97):
                    paged += page_assignments(s, flt, DAY, sort=sort, descending=desc, offset=off, limit=97)
                    # Knowing the total, pages past the middle are read from the end: same rows.
                    backwards += page_assignments(s, flt, DAY, sort=sort, descending=desc, offset=off,
                                                  limit=97, total=total)
                assert [r.id for r in paged] == [r.id for r in full], (sort, desc)
                assert [r.id for r in backwards] == [r.id for r in full], (sort, desc)


def test_the_first_page_comes_with_the_count(demo_db):
    ws = workspace(demo_db, DAY)
    seen_more = False
    for flt in (AssignmentFilter(), AssignmentFilter(category="overdue"), AssignmentFilter(search="zzzz"),
                AssignmentFilter(search="báo cáo")):
        with demo_db.session() as s:
            expected = count_assignments(s, flt, DAY)
        page = load_page(ws, flt, "due", False, 0, 50)
        assert page.total == expected and len(page.rows) == min(50, expected)
        assert page.more == (expected > 50)
        seen_more |= page.more
        # Counting left to the caller: the total only when the page is the last one.
        quick = load_page(ws, flt, "due", False, 0, 50, count=False)
        assert [r.id for r in quick.rows] == [r.id for r in page.rows]
        assert quick.total == (None if expected > 50 else expected)
        with demo_db.session() as s:
            assert count_assignments(s, flt, DAY) == expected
        # Later pages, forwards and (knowing the total) backwards: `more` until the last one.
        for known in (None, expected):
            offset = 50
            while offset < expected:
                later = load_page(ws, flt, "due", False, offset, 50, known_total=known)
                last = offset + 50 >= expected
                assert len(later.rows) == min(50, expected - offset)
                assert later.more == (not last)
                assert later.total == (expected if last else None)
                offset += 50
    assert seen_more  # the demo has lists longer than a page


def test_unit_order_is_vietnamese_and_due_order_matches_list_assignments(demo_db):
    flt = AssignmentFilter()
    with demo_db.session() as s:
        rows = page_assignments(s, flt, DAY, sort="unit", descending=False, offset=0, limit=1000)
        keys = [sort_key(r.unit_name) for r in rows]
        assert keys == sorted(keys)
        names = list(dict.fromkeys(r.unit_name for r in rows))
        # "Đ" sorts after "D" and before "E" in Vietnamese, not after "Z" as in code points.
        assert names == sorted(names, key=sort_key)
        back = page_assignments(s, flt, DAY, sort="unit", descending=True, offset=0, limit=1000)
        assert [sort_key(r.unit_name) for r in back] == sorted(keys, reverse=True)
        by_due = page_assignments(s, flt, DAY, sort="due", descending=False, offset=0, limit=1000)
        dues = [r.standing.due for r in by_due if r.standing.due]
        assert dues == sorted(dues)
        assert {r.id for r in by_due} == {r.id for r in list_assignments(s, flt, DAY)}


def test_category_sort_puts_overdue_first_and_filters_apply(demo_db):
    flt = AssignmentFilter(unit="so y te", category="Quá hạn")
    with demo_db.session() as s:
        rows = page_assignments(s, flt, DAY, sort="category", descending=False, offset=0, limit=100)
        expected = list_assignments(s, flt, DAY)
        assert {r.id for r in rows} == {r.id for r in expected} and rows
        assert all(r.standing.category.value == "overdue" for r in rows)
        everything = page_assignments(s, AssignmentFilter(), DAY, sort="category", descending=False,
                                      offset=0, limit=5)
        assert everything[0].standing.category.value == "overdue"
        with pytest.raises(ValidationError):
            page_assignments(s, flt, DAY, sort="nonsense", descending=False, offset=0, limit=5)


def test_saved_filters_round_trip_per_clerk(demo_db):
    flt = AssignmentFilter(unit="Sở Y tế", category="overdue", due_after=dt.date(2021, 8, 1),
                           search="tiêm chủng", flag="due_soon")
    with demo_db.session() as s:
        tester = s.scalar(select(Clerk).where(Clerk.os_user == "tester")).id
        other = s.scalar(select(Clerk).where(Clerk.os_user == "vp.ha")).id
        saved = save_filter(s, tester, "  Y tế   quá hạn ", flt)
        assert saved.name == "Y tế quá hạn"
        save_filter(s, other, "Y tế quá hạn", AssignmentFilter())  # same name, other clerk: fine
    with demo_db.session() as s:
        stored = s.scalar(select(SavedFilter).where(SavedFilter.clerk_id == tester))
        assert stored.filter["due_after"] == "2021-08-01"
        mine = list_filters(s, tester)
        assert [f.name for f in mine] == ["Y tế quá hạn"]
        assert mine[0].filter == flt
        with pytest.raises(ValidationError, match="Đã có bộ lọc"):
            save_filter(s, tester, "y te qua han", AssignmentFilter())
        with pytest.raises(ValidationError, match="Chưa nhập tên"):
            save_filter(s, tester, "   ", AssignmentFilter())
    with demo_db.session() as s:
        delete_filter(s, tester, mine[0].id)
    with demo_db.session() as s:
        assert list_filters(s, tester) == []
        assert len(list_filters(s, other)) == 1
        assert s.scalar(select(Unit).limit(1)) is not None
