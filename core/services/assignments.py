"""The assignment list: filters, categories as of a date, counts — all computed in SQL."""
from __future__ import annotations

import datetime as dt
from typing import Any
from dataclasses import dataclass, field, replace

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.models import Assignment, AssignmentState, Checkin, Deadline, Directive, Task, Unit
from core.periods import get_cycle, period_containing
from core.services.directives import find_directive
from core.services.units import resolve_unit
from core.status import (
    CATEGORY_ALIASES,
    Category,
    Standing,
    classified_query,
    facts_query,
    group_key,
    standing_from_row,
)
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


def period_starts(s: Session, as_of: dt.date) -> dict[str | None, dt.date]:
    """The start of the current reporting period for every cycle used by a directive."""
    specs = set(s.scalars(select(Directive.reporting_cycle).distinct()))
    specs.add(None)
    return {spec: period_containing(get_cycle(spec), as_of).start for spec in specs}


def _filtered_facts(s: Session, flt: AssignmentFilter, as_of: dt.date) -> Select:
    facts = facts_query(as_of, period_starts(s, as_of))
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
        facts = facts.where(AssignmentState.task_id.in_(tasks))
    return facts


def _classified(s: Session, flt: AssignmentFilter, as_of: dt.date):
    if flt.due_before and flt.due_after and flt.due_after > flt.due_before:
        raise ValidationError(
            f"Khoảng hạn không hợp lệ: từ {flt.due_after:%d/%m/%Y} đến {flt.due_before:%d/%m/%Y}.")
    c = classified_query(as_of, facts=_filtered_facts(s, flt, as_of)).subquery("c")
    conds = []
    category = parse_category(flt.category)
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
    return c, conds


def count_assignments(s: Session, flt: AssignmentFilter, as_of: dt.date) -> int:
    c, conds = _classified(s, flt, as_of)
    return s.scalar(select(func.count()).select_from(c).where(*conds)) or 0


def category_counts(s: Session, flt: AssignmentFilter, as_of: dt.date) -> dict[str, int]:
    """Counts per category plus the flags (due_soon, awaiting, returned, unreported)."""
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


def overdue_by_unit(s: Session, flt: AssignmentFilter, as_of: dt.date) -> list[tuple[str, int, int]]:
    """(unit name, unit id, overdue count) for every unit with overdue assignments matching
    `flt`, most overdue first, then in Vietnamese name order. Counted in SQL."""
    c, conds = _classified(s, replace(flt, category=Category.OVERDUE.value), as_of)
    unit = group_key(c.c.unit_id)
    per_unit = s.execute(select(unit, func.count()).where(*conds).group_by(unit)).all()
    units = {u.id: u for u in s.execute(select(Unit.id, Unit.name, Unit.sort_key)
                                        .where(Unit.id.in_([uid for uid, _n in per_unit])))}
    rows = [(units[uid].name, uid, n) for uid, n in per_unit]
    return sorted(rows, key=lambda t: (-t[2], units[t[1]].sort_key or b""))


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


def _rows(s: Session, rows, as_of: dt.date) -> list[AssignmentRow]:
    titles = {d.id: d.title for d in s.scalars(
        select(Directive).where(Directive.id.in_({r.directive_id for r in rows})))}
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
    """The latest check-in known on `as_of` of each assignment: only that one row each."""
    if not ids:
        return {}
    rank = func.row_number().over(partition_by=Checkin.assignment_id,
                                  order_by=(Checkin.reported_on.desc(), Checkin.id.desc()))
    ranked = (select(Checkin.assignment_id, Checkin.reported_on, Checkin.status, Checkin.progress,
                     rank.label("rank"))
              .where(Checkin.assignment_id.in_(ids), Checkin.reported_on <= as_of).subquery())
    return {r.assignment_id: r for r in s.execute(select(ranked).where(ranked.c.rank == 1))}


# --- the paged assignment list (sorting and paging in SQL) -------------------------------------

SORTS = ("id", "directive", "path", "task", "unit", "role", "due", "category")
# Urgency first: what needs attention comes before what is done.
CATEGORY_ORDER = {"overdue": 0, "in_progress": 1, "recurring": 2, "done_late": 3, "done_on_time": 4}


def _order_terms(c, sort: str, descending: bool) -> list[tuple[Any, bool]]:
    """(expression, descending?) pairs: `sort` first, then due, document order, unit, id."""
    from sqlalchemy import case

    if sort not in SORTS:
        raise ValidationError(f"Không sắp xếp được theo «{sort}». Chọn một trong: {', '.join(SORTS)}.")
    document = [c.c.signed_on, c.c.directive_id, c.c.position]
    due = [c.c.due.is_(None), c.c.due]
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
    terms = [(e, descending and not (sort == "due" and i == 0)) for i, e in enumerate(first)]
    rest = [(e, False) for key in ("due", "path", "unit") if key != sort
            for e in {"due": due, "path": document, "unit": [c.c.unit_sort_key]}[key]]
    return terms + rest + [(c.c.assignment_id, False)]


def page_assignments(s: Session, flt: AssignmentFilter, as_of: dt.date, *, sort: str = "due",
                     descending: bool = False, offset: int = 0, limit: int = 100,
                     total: int | None = None) -> list[AssignmentRow]:
    return _page(s, flt, as_of, sort, descending, offset, limit, total)[0]


def _page(s: Session, flt: AssignmentFilter, as_of: dt.date, sort: str, descending: bool, offset: int,
          limit: int, total: int | None = None, count: bool = False) -> tuple[list[AssignmentRow], int | None]:
    """One page of the assignments matching `flt`, ordered in SQL by `sort` (one of SORTS):
    due date, document order (path/directive), unit (Vietnamese order), category, ...
    Every order ends with the assignment id, so pages never overlap or skip rows.

    Two steps, so the database sorts narrow rows: the ids of the page, then their details.
    Given `total`, a page in the second half is read backwards from the end (the last page
    of 150,000 rows costs what the first does)."""
    offset = max(offset, 0)
    c, conds = _classified(s, flt, as_of)
    terms = _order_terms(c, sort, descending)
    backwards = total is not None and limit >= 0 and offset > total // 2
    if backwards:
        offset, limit = max(total - offset - limit, 0), max(min(limit, total - offset), 0)
        terms = [(e, not desc) for e, desc in terms]
    order = [e.desc() if desc else e.asc() for e, desc in terms]
    if limit < 0:  # everything (the CLI without --limit): one query, no id list
        q = _row_query(c, conds).order_by(*order)
        return _rows(s, s.execute(q.offset(offset)).all(), as_of), None
    # `count`: the total comes with the page's ids (a window over the same pass).
    keys = select(c.c.assignment_id, *([func.count().over().label("total")] if count else []))
    if sort == "task":  # the only order that needs another table
        keys = keys.join(Task, Task.id == c.c.task_id)
    keys = (
        keys.where(*conds)
        .order_by(*order)
        .offset(offset).limit(limit)
    )
    found = s.execute(keys).all()
    ids = [r.assignment_id for r in found]
    if count:
        total = found[0].total if found else 0
    if backwards:
        ids.reverse()
    if not ids:
        return [], total
    position = {aid: i for i, aid in enumerate(ids)}
    rows = s.execute(_row_query(c, [c.c.assignment_id.in_(ids)])).all()
    return _rows(s, sorted(rows, key=lambda r: position[r.assignment_id]), as_of), total


@dataclass
class AssignmentPage:
    rows: list[AssignmentRow]
    offset: int
    total: int | None  # counted with the first page only


@dataclass
class FilterChoices:
    unit_names: list[str]                 # names and abbreviations, Vietnamese order
    directives: list[tuple[int, str]]     # (id, title)


def load_page(ws, flt: AssignmentFilter, sort: str, descending: bool, offset: int,
              limit: int, known_total: int | None = None) -> AssignmentPage:
    """For the TUI: one page (and the total count with the first page), in one session."""
    with ws.session() as s:
        if offset > 0:
            rows, _ = _page(s, flt, ws.today, sort, descending, offset, limit, total=known_total)
            return AssignmentPage(rows=rows, offset=offset, total=None)
        if flt.search:
            # The text search is the cost: count in the page's own pass (a window).
            rows, total = _page(s, flt, ws.today, sort, descending, 0, limit, count=True)
        else:
            # Otherwise a count of its own is cheaper than a window over every row.
            total = count_assignments(s, flt, ws.today)
            rows, _ = _page(s, flt, ws.today, sort, descending, 0, limit)
        return AssignmentPage(rows=rows, offset=0, total=total)


def load_filter_choices(ws) -> FilterChoices:
    from core.services.directives import list_directives
    from core.services.units import list_units

    with ws.session() as s:
        names: list[str] = []
        seen: set[str] = set()
        for u in list_units(s):
            for name in (u.name, u.short_name, *(a.alias for a in u.aliases)):
                if name and fold(name) not in seen:
                    seen.add(fold(name))
                    names.append(name)
        return FilterChoices(unit_names=names,
                             directives=[(d.id, d.title) for d in list_directives(s)])
