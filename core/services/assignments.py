"""The assignment list: filters, categories as of a date, counts — all computed in SQL."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from dataclasses import dataclass, field, replace

from sqlalchemy import ColumnElement, Select, case, event, false, func, select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.models import (
    Assignment,
    AssignmentState,
    Checkin,
    Deadline,
    Directive,
    Task,
    Unit,
    UnitAlias,
    directive_title,
)
from core.periods import period_bounds
from core.services.directives import NEWEST_FIRST, find_directive
from core.services.units import resolve_unit
from core.status import (
    CATEGORY_ALIASES,
    DUE_SOON_DAYS,
    Category,
    Standing,
    classified_query,
    facts_query,
    group_key,
    standing_from_row,
)
from core.state_counts import stored_counts, stored_total, total_counts
from core.text import fold


@dataclass
class AssignmentFilter:
    unit: str | None = None          # a unit or group name, abbreviation, typo
    directive: str | None = None     # a directive reference (see find_directive)
    category: str | None = None      # a Category value or its Vietnamese name
    due_before: dt.date | None = None
    due_after: dt.date | None = None
    search: str | None = None        # words of the task text, diacritic-insensitive
    flag: str | None = None          # due_soon | awaiting | returned | unreported


@dataclass
class AssignmentRow:
    id: int
    directive_id: int
    directive_title: str
    task_id: int
    task_path: str
    task_text: str
    unit_id: int
    unit_name: str
    role: str
    mode: str
    deadline_kind: str
    deadline_phrase: str | None
    standing: Standing
    last_checkin_on: dt.date | None = None
    last_status: str | None = None
    last_progress: int | None = None
    flags: list[str] = field(default_factory=list)


def parse_category(text: str | None) -> Category | None:
    if not text:
        return None
    cat = CATEGORY_ALIASES.get(fold(text).replace("-", "_"))
    if cat is None:
        cat = CATEGORY_ALIASES.get(fold(text))
    if cat is None:
        names = ", ".join(c.value for c in Category)
        raise ValidationError(f"Nhóm tình trạng không hợp lệ: «{text}». Chọn một trong: {names}.")
    return cat


FLAGS = ("due_soon", "awaiting", "returned", "unreported")


_CYCLES = "directive_cycles"  # Session.info key: the directives' cycles, read once per session


def period_starts(s: Session, as_of: dt.date) -> dict[str | None, dt.date]:
    """The start of the current reporting period for every cycle used by a directive (in the
    order of their specs, so every process writes the same SQL from them)."""
    specs = s.info.get(_CYCLES)
    if specs is None:  # a region's 20,000 directives: 10 ms, and the dashboard asks five times
        specs = s.info[_CYCLES] = s.scalars(
            select(Directive.reporting_cycle).where(Directive.reporting_cycle.is_not(None))
            .distinct().order_by(Directive.reporting_cycle)).all()
    return {spec: period_bounds(spec, as_of)[0] for spec in (None, *specs)}


@event.listens_for(Session, "after_flush")
def _forget_cycles(session: Session, *_args) -> None:
    session.info.pop(_CYCLES, None)  # a write may have added a directive or changed its cycle


# Another process may change them between this session's transactions.
event.listen(Session, "after_transaction_end", _forget_cycles)


# A search matching at most this many tasks is narrow: their assignments are read by the task
# index and sorted (the due-order index would be walked nearly to its end to fill a page).
NARROW_TASKS = 200


def _filtered_facts(s: Session, flt: AssignmentFilter, as_of: dt.date,
                    starts: dict[str | None, dt.date]) -> tuple[Select, bool]:
    """The facts matching `flt`, and whether a text search narrowed them to a few tasks."""
    facts = facts_query(as_of, starts)
    narrow = False
    if flt.unit:
        res = resolve_unit(s, flt.unit, on=as_of)
        ids = set(res.unit_ids) | {res.unit.id}
        facts = facts.where(AssignmentState.unit_id.in_(ids))
    if flt.directive:
        facts = facts.where(AssignmentState.directive_id == find_directive(s, flt.directive).id)
    if flt.search:
        tasks = select(Task.id)
        for word in fold(flt.search).split():
            tasks = tasks.where(Task.text_folded.contains(word, autoescape=True))
        few = s.scalars(tasks.limit(NARROW_TASKS + 1)).all()
        narrow = len(few) <= NARROW_TASKS
        if narrow:  # their states by the task index
            facts = facts.where(AssignmentState.task_id.in_(few))
        else:  # `+ 0`: not by the task index — thousands of tasks, the due-order walk is cheaper
            facts = facts.where((AssignmentState.task_id + 0).in_(tasks))
    return facts, narrow


def _classified(s: Session, flt: AssignmentFilter, as_of: dt.date):
    c, conds, _narrow = _classified_narrow(s, flt, as_of)
    return c, conds


def _classified_narrow(s: Session, flt: AssignmentFilter, as_of: dt.date,
                       starts: dict[str | None, dt.date] | None = None):
    """The classified subquery `c`, the conditions on it, and whether the filter is narrow.
    `starts`: the period starts (period_starts), if already read."""
    if flt.due_before and flt.due_after and flt.due_after > flt.due_before:
        raise ValidationError(
            f"Khoảng hạn không hợp lệ: từ {flt.due_after:%d/%m/%Y} đến {flt.due_before:%d/%m/%Y}.")
    facts, narrow = _filtered_facts(s, flt, as_of, starts or period_starts(s, as_of))
    category = parse_category(flt.category)
    # What the category or flag implies of the due date, on the stored column: the due-order
    # index is then read from where such rows can be (the dashboard's overdue and due-soon
    # lists walk a range instead of classifying every assignment).
    # Due soon: a condition on the index's first column, `(due IS NULL)`, so the database
    # seeks to the week's dates (and sorts those few). Overdue: the walk from the first date.
    st = AssignmentState
    if category is Category.OVERDUE:
        facts = facts.where(st.due < as_of)
    if _only_dated(flt):
        facts = facts.where(_dated(s))
    if flt.flag == "due_soon":
        facts = facts.where(st.due >= as_of, st.due <= as_of + dt.timedelta(days=DUE_SOON_DAYS))
    if flt.due_after:  # a range of dates, sought the same way (the dashboard's due this period)
        facts = facts.where(st.due >= flt.due_after)
    if flt.due_before:
        facts = facts.where(st.due <= flt.due_before)
    c = classified_query(as_of, facts=facts).subquery("c")
    conds = []
    if category:
        conds.append(c.c.category == category.value)
    if flt.due_before:
        conds.append(c.c.due <= flt.due_before)
    if flt.due_after:
        conds.append(c.c.due >= flt.due_after)
    if flt.flag:
        if flt.flag not in FLAGS:
            raise ValidationError(f"Cờ không hợp lệ: «{flt.flag}». Chọn một trong: {', '.join(FLAGS)}.")
        conds.append({
            "due_soon": c.c.due_soon, "awaiting": c.c.awaiting, "returned": c.c.returned,
            "unreported": (c.c.category == Category.RECURRING.value) & ~c.c.reported,
        }[flt.flag])
    return c, conds, narrow


def _stored_units(s: Session, flt: AssignmentFilter, as_of: dt.date) -> tuple[bool, list[int] | None]:
    """(whether the stored counts (core/state_counts.py) answer `flt`: no filter but a unit, a
    category, a flag; the unit ids to read, None for all). Else counted over the assignments."""
    if flt.directive or flt.search or flt.due_before or flt.due_after:
        return False, None
    if not flt.unit:
        return True, None
    res = resolve_unit(s, flt.unit, on=as_of)
    return True, sorted(set(res.unit_ids) | {res.unit.id})


def _stored(s: Session, flt: AssignmentFilter, as_of: dt.date) -> dict[int, dict[str, int]] | None:
    """unit id → counts when the stored counts answer `flt`, else None."""
    answers, ids = _stored_units(s, flt, as_of)
    return stored_counts(s.connection(), as_of, ids, period_starts(s, as_of)) if answers else None


def _only_dated(flt: AssignmentFilter) -> bool:
    """Whether every row matching `flt` has a due date: a range of due dates, or due soon."""
    return bool(flt.due_after or flt.due_before or flt.flag == "due_soon")


def _dated(s: Session) -> ColumnElement:
    """`(due IS NULL)` is false, spelled so that the planner seeks the due-order index on its
    first column and reads on in its order. PostgreSQL rewrites `(due IS NULL) = false` to
    `due IS NOT NULL`, not the index's expression (it then read the whole index: 0.65 s at
    region, against 1 ms), and `= ANY(ARRAY[false])` seeks but loses the order (the rows are
    sorted); it keeps `IS FALSE` and seeks it as `= false`, in order."""
    if s.get_bind().dialect.name == "postgresql":
        return AssignmentState.due.is_(None).is_(false())
    return AssignmentState.due.is_(None) == false()


def count_assignments(s: Session, flt: AssignmentFilter, as_of: dt.date) -> int:
    if flt.flag and flt.flag not in FLAGS:
        raise ValidationError(f"Cờ không hợp lệ: «{flt.flag}». Chọn một trong: {', '.join(FLAGS)}.")
    category = parse_category(flt.category)
    answers, ids = _stored_units(s, flt, as_of)
    if answers and not (category and flt.flag):
        key = category.value if category else flt.flag
        return stored_total(s.connection(), as_of, key, ids, period_starts(s, as_of))
    return computed_count(s, flt, as_of)


def computed_count(s: Session, flt: AssignmentFilter, as_of: dt.date) -> int:
    """`count_assignments` over the assignments themselves (every filter)."""
    c, conds = _classified(s, flt, as_of)
    return s.scalar(select(func.count()).select_from(c).where(*conds)) or 0


def category_counts(s: Session, flt: AssignmentFilter, as_of: dt.date) -> dict[str, int]:
    """Counts per category plus the flags (due_soon, awaiting, returned, unreported)."""
    if not flt.category and not flt.flag:
        stored = _stored(s, flt, as_of)
        if stored is not None:
            return total_counts(stored)
    return computed_category_counts(s, flt, as_of)


def computed_category_counts(s: Session, flt: AssignmentFilter, as_of: dt.date) -> dict[str, int]:
    """`category_counts` over the assignments themselves (every filter)."""
    c, conds = _classified(s, flt, as_of)
    out = {cat.value: 0 for cat in Category} | {flag: 0 for flag in FLAGS}
    # One pass: flags are counted per category and added up.
    q = select(
        c.c.category, func.count(),
        func.count().filter(c.c.due_soon),
        func.count().filter(c.c.awaiting),
        func.count().filter(c.c.returned),
        func.count().filter((c.c.category == Category.RECURRING.value) & ~c.c.reported),
    ).where(*conds).group_by(c.c.category)
    for cat, n, *flags in s.execute(q):
        out[cat] = n
        for flag, k in zip(FLAGS, flags):
            out[flag] += int(k or 0)
    return out


def counts_and_overdue_units(s: Session, flt: AssignmentFilter, as_of: dt.date, top: int | None = None,
                             ) -> tuple[dict[str, int], list[tuple[str, int, int]]] | None:
    """`category_counts` and `overdue_by_unit` from one read of the stored counts, when they
    answer `flt` (else None)."""
    stored = None if flt.category or flt.flag else _stored(s, flt, as_of)
    if stored is None:
        return None
    return total_counts(stored), _overdue_units(s, stored, top)


def overdue_by_unit(s: Session, flt: AssignmentFilter, as_of: dt.date, top: int | None = None,
                    ) -> list[tuple[str, int, int]]:
    """(unit name, unit id, overdue count) for every unit with overdue assignments matching
    `flt`, most overdue first, then in Vietnamese name order. Counted in SQL. With `top`, only
    the `top` most overdue and those tied with the last of them."""
    stored = None if flt.category or flt.flag else _stored(s, flt, as_of)
    if stored is not None:
        return _overdue_units(s, stored, top)
    c, conds = _classified(s, replace(flt, category=Category.OVERDUE.value), as_of)
    unit = group_key(c.c.unit_id)
    return _named(s, s.execute(select(unit, func.count()).where(*conds).group_by(unit)).all(), top)


def _overdue_units(s: Session, stored: dict[int, dict[str, int]], top: int | None) -> list[tuple[str, int, int]]:
    overdue = Category.OVERDUE.value
    return _named(s, [(uid, counts[overdue]) for uid, counts in stored.items() if counts[overdue]], top)


def _named(s: Session, per_unit, top: int | None = None) -> list[tuple[str, int, int]]:
    """(unit id, n) → (name, unit id, n), most first, then in Vietnamese name order. With
    `top`, only units at or above the top-th count are named (a region has thousands of units
    with some overdue work, and the dashboard shows six)."""
    if top is not None and len(per_unit) > top:
        cut = sorted((n for _uid, n in per_unit), reverse=True)[top - 1]
        per_unit = [(uid, n) for uid, n in per_unit if n >= cut]
    units = {u.id: u for u in s.execute(select(Unit.id, Unit.name, Unit.sort_key)
                                        .where(Unit.id.in_([uid for uid, _n in per_unit])))}
    rows = [(units[uid].name, uid, n) for uid, n in per_unit]
    rows.sort(key=lambda t: (-t[2], units[t[1]].sort_key or b""))
    return rows[:top] if top is not None else rows


def _row_query(c, conds) -> Select:
    """The columns an AssignmentRow is built from, for the classified subquery `c`."""
    return (
        select(c, Assignment.mode, Task.path, Task.text, Unit.name, Deadline.phrase)
        .join(Assignment, Assignment.id == c.c.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .join(Deadline, Deadline.id == Assignment.deadline_id)
        .where(*conds)
    )


def list_assignments(s: Session, flt: AssignmentFilter, as_of: dt.date, *,
                     limit: int | None = None, offset: int = 0) -> list[AssignmentRow]:
    """Assignments matching `flt` as of `as_of`, by due date then document order."""
    return page_assignments(s, flt, as_of, sort="due", offset=offset,
                            limit=limit if limit is not None else -1)


# Rows per part of `iter_assignments`: a few megabytes of rows, and well under the 65,535
# parameters PostgreSQL takes in one statement (a part's ids are bound to read its check-ins).
PART_ROWS = 2000


def iter_assignments(s: Session, flt: AssignmentFilter, as_of: dt.date, *, sort: str = "due",
                     descending: bool = False, limit: int | None = None, offset: int = 0,
                     part_rows: int | None = None) -> Iterator[list[AssignmentRow]]:
    """Every assignment matching `flt` (or the first `limit` after `offset`), in the order of
    `page_assignments` (by due date, as `list_assignments`, unless `sort` says otherwise),
    as lists of at most `part_rows` rows read from one streamed query: the CLI writes a
    province's 150,000 out without holding them all.

    Not a generator itself: a bad filter (an unknown unit, category or flag) raises here,
    before the caller has written anything, and the query has started."""
    starts = period_starts(s, as_of)
    c, conds, narrow = _classified_narrow(s, flt, as_of, starts)
    terms = _order_terms(c, sort, descending, walk=not conds and not narrow)
    q = _row_query(c, conds).order_by(*(e.desc() if desc else e.asc() for e, desc in terms))
    q = q.offset(max(offset, 0)) if limit is None else q.offset(max(offset, 0)).limit(max(limit, 0))
    result = s.execute(q, execution_options={"yield_per": part_rows or PART_ROWS})
    return (_rows(s, part, as_of) for part in result.partitions())


def _rows(s: Session, rows, as_of: dt.date) -> list[AssignmentRow]:
    titles = {d.id: directive_title(d.doc_type, d.number_text, d.signed_on) for d in s.execute(
        select(Directive.id, Directive.doc_type, Directive.number_text, Directive.signed_on)
        .where(Directive.id.in_({r.directive_id for r in rows})))}
    last = _last_checkins(s, [r.assignment_id for r in rows], as_of)
    out = []
    for r in rows:
        st = standing_from_row(r, as_of)
        lc = last.get(r.assignment_id)
        flags = [name for name, on in (("due_soon", st.due_soon), ("awaiting", st.awaiting_confirmation),
                                       ("returned", st.returned),
                                       ("unreported", st.reported_in_period is False)) if on]
        out.append(AssignmentRow(
            id=r.assignment_id, directive_id=r.directive_id, directive_title=titles[r.directive_id],
            task_id=r.task_id, task_path=r.path, task_text=r.text, unit_id=r.unit_id, unit_name=r.name,
            role=r.role, mode=r.mode, deadline_kind=r.kind, deadline_phrase=r.phrase, standing=st,
            last_checkin_on=lc.reported_on if lc else None, last_status=lc.status if lc else None,
            last_progress=lc.progress if lc else None, flags=flags,
        ))
    return out


def _last_checkins(s: Session, ids: list[int], as_of: dt.date) -> dict[int, Any]:
    """The latest check-in known on `as_of` of each assignment: only that one row each.

    Each assignment's latest is found by one seek down the (assignment, date, id) index, and
    only those rows are read: ranking every check-in of the ids read them all (a unit's 400
    overdue assignments have 4,000; ≈0.03 s of a 0.5 s CLI query on a cold cache)."""
    if not ids:
        return {}
    latest = (select(Checkin.id)
              .where(Checkin.assignment_id == Assignment.id, Checkin.reported_on <= as_of)
              .order_by(Checkin.reported_on.desc(), Checkin.id.desc())
              .limit(1).correlate(Assignment).scalar_subquery())
    picked = select(latest).where(Assignment.id.in_(ids))
    return {r.assignment_id: r for r in s.execute(
        select(Checkin.assignment_id, Checkin.reported_on, Checkin.status, Checkin.progress)
        .where(Checkin.id.in_(picked)))}


# --- the paged assignment list (sorting and paging in SQL) -------------------------------------

SORTS = ("id", "directive", "path", "task", "unit", "role", "due", "category")
# Urgency first: what needs attention comes before what is done.
CATEGORY_ORDER = {"overdue": 0, "in_progress": 1, "recurring": 2, "done_late": 3, "done_on_time": 4}


# Categories and flags whose rows lie along the due dates from where the index is read:
# overdue (due before the day: the longest overdue first), due soon (a week of dates), and
# those common among every date (done; awaiting a decision, returned: one row in twenty).
# A due range bounds the walk to its dates (the dashboard's due-this-period list).
WALKED_CATEGORIES = {Category.OVERDUE, Category.DONE_ON_TIME, Category.DONE_LATE}
WALKED_FLAGS = {"due_soon", "awaiting", "returned"}


def _walked(flt: AssignmentFilter) -> bool:
    category = parse_category(flt.category)
    return (category is None or category in WALKED_CATEGORIES) and (flt.flag is None or flt.flag in WALKED_FLAGS)


def _order_terms(c, sort: str, descending: bool, walk: bool = False, dated: bool = False
                 ) -> list[tuple[Any, bool]]:
    """(expression, descending?) pairs: `sort` first, then due, document order, unit, id.
    With `walk`, "due" is spelled as the due-order index (migration 0006) so SQLite reads a
    page by walking it. With `dated` (every row has a due date, `(due IS NULL)` held false by
    the filter) "no date last" is left out: SQLite sorts when ordered by a column it was told
    is constant."""
    if sort not in SORTS:
        raise ValidationError(f"Không sắp xếp được theo «{sort}». Chọn một trong: {', '.join(SORTS)}.")
    document = [c.c.signed_on, c.c.directive_id, c.c.position]
    # The same order either way; the CASE is not the index's expression, so the rows are
    # found first and sorted (the walk only pays when most rows it passes are wanted).
    no_date_last = c.c.due.is_(None) if walk else case((c.c.due.is_(None), 1), else_=0)
    due = [c.c.due] if dated else [no_date_last, c.c.due]
    first = {
        "id": [c.c.assignment_id],
        "directive": document,
        "path": document,
        "task": [Task.text_folded],
        "unit": [c.c.unit_sort_key],
        "role": [c.c.role],
        "due": due,
        "category": [case(*((c.c.category == k, v) for k, v in CATEGORY_ORDER.items()), else_=9)],
    }[sort]
    # "No due date" stays last whichever way the due dates run.
    terms = [(e, descending and e is not no_date_last) for e in first]
    rest = [(e, False) for key in ("due", "path", "unit") if key != sort
            for e in {"due": due, "path": document, "unit": [c.c.unit_sort_key]}[key]]
    return terms + rest + [(c.c.assignment_id, False)]


def page_assignments(s: Session, flt: AssignmentFilter, as_of: dt.date, *, sort: str = "due",
                     descending: bool = False, offset: int = 0, limit: int = 100,
                     total: int | None = None) -> list[AssignmentRow]:
    return _page(s, flt, as_of, sort, descending, offset, limit, total)[0]


def _page(s: Session, flt: AssignmentFilter, as_of: dt.date, sort: str, descending: bool, offset: int,
          limit: int, total: int | None = None) -> tuple[list[AssignmentRow], bool]:
    """One page of the assignments matching `flt`, ordered in SQL by `sort` (one of SORTS):
    due date, document order (path/directive), unit (Vietnamese order), category, ...
    Every order ends with the assignment id, so pages never overlap or skip rows. Also
    whether more rows follow the page.

    Two steps, so the database sorts narrow rows: the ids of the page, then their details.
    Given `total`, a page in the second half is read backwards from the end (the last page
    of 150,000 rows costs what the first does)."""
    offset = max(offset, 0)
    if limit < 0:  # everything, in that order
        return [row for part in iter_assignments(s, flt, as_of, sort=sort, descending=descending,
                                                 offset=offset) for row in part], False
    starts = period_starts(s, as_of)  # read once for the ids and for their rows
    c, conds, narrow = _classified_narrow(s, flt, as_of, starts)
    # Walk the due-order index when enough of the assignments it passes match: no category,
    # flag or due range, or one found along the dates (see WALKED); not for a narrow search.
    # In progress or recurring (no due date), or a due range, would walk far reading each row:
    # those rows are found first and sorted.
    walk = not narrow and (not conds or _walked(flt))
    terms = _order_terms(c, sort, descending, walk=walk, dated=_only_dated(flt))
    backwards = total is not None and offset > total // 2
    if backwards:
        more = offset + limit < total
        offset, limit = max(total - offset - limit, 0), max(min(limit, total - offset), 0)
        terms = [(e, not desc) for e, desc in terms]
    order = [e.desc() if desc else e.asc() for e, desc in terms]
    keys = select(c.c.assignment_id)
    if sort == "task":  # the only order that needs another table
        keys = keys.join(Task, Task.id == c.c.task_id)
    # One row more than the page says whether another page follows.
    keys = keys.where(*conds).order_by(*order).offset(offset).limit(limit if backwards else limit + 1)
    ids = list(s.scalars(keys))
    if not backwards:
        more = len(ids) > limit
        del ids[limit:]
    else:
        ids.reverse()
    if not ids:
        return [], more
    position = {aid: i for i, aid in enumerate(ids)}
    # The page's details by id alone: the filter (a text search) is not evaluated again.
    facts = facts_query(as_of, starts).where(AssignmentState.assignment_id.in_(ids))
    by_id = classified_query(as_of, facts=facts).subquery("c")
    rows = s.execute(_row_query(by_id, [])).all()
    return _rows(s, sorted(rows, key=lambda r: position[r.assignment_id]), as_of), more


@dataclass
class AssignmentPage:
    rows: list[AssignmentRow]
    offset: int
    total: int | None  # the number of matching rows, when known (see load_page)
    more: bool = False  # rows follow this page


@dataclass
class FilterChoices:
    unit_names: list[str]                 # names and abbreviations, Vietnamese order
    directives: list[tuple[int, str]]     # (id, title)


def load_page(ws, flt: AssignmentFilter, sort: str, descending: bool, offset: int,
              limit: int, known_total: int | None = None, count: bool = True) -> AssignmentPage:
    """For the TUI: one page, in one session. The total is known when this is the last page;
    otherwise it is counted with the first page if `count` (the TUI counts afterwards with
    `count_matching`, so the rows are drawn without waiting for a count of every match)."""
    with ws.session() as s:
        rows, more = _page(s, flt, ws.today, sort, descending, offset, limit, total=known_total)
        total = None
        if not more:
            total = offset + len(rows)
        elif offset == 0 and count:
            total = count_assignments(s, flt, ws.today)
        return AssignmentPage(rows=rows, offset=offset, total=total, more=more)


def count_matching(ws, flt: AssignmentFilter) -> int:
    """For the TUI: how many assignments match `flt`, in a session of its own."""
    with ws.session() as s:
        return count_assignments(s, flt, ws.today)


def load_filter_choices(ws) -> FilterChoices:
    """Unit names with their abbreviations and aliases, and the directives (newest first), as
    the filter bar offers them — columns only: at province scale thousands of rows."""
    with ws.session() as s:
        aliases: dict[int, list[str]] = {}
        for unit_id, alias in s.execute(select(UnitAlias.unit_id, UnitAlias.alias).order_by(UnitAlias.id)):
            aliases.setdefault(unit_id, []).append(alias)
        names: list[str] = []
        seen: set[str] = set()
        for u in s.execute(select(Unit.id, Unit.name, Unit.short_name).order_by(Unit.sort_key)):
            for name in (u.name, u.short_name, *aliases.get(u.id, ())):
                if name and fold(name) not in seen:
                    seen.add(fold(name))
                    names.append(name)
        directives = s.execute(
            select(Directive.id, Directive.doc_type, Directive.number_text, Directive.signed_on)
            .order_by(*NEWEST_FIRST))
        return FilterChoices(unit_names=names,
                             directives=[(d.id, directive_title(d.doc_type, d.number_text, d.signed_on))
                                         for d in directives])
