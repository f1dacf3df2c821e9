"""The figures of a period report and of a reminder letter, computed from the database.

Everything is judged "as of" a day with the project's own rule (core/status.py through the
classified query of core/services/assignments.py), so the report's counts are the dashboard's
counts for the same scope and day, and facts dated after the period's end never change it.

Why the shape of the queries: a province holds 150,000 assignments and 1.5 million
check-ins. Counts are GROUP BYs over the classified query (one per day asked for, units
included); details are fetched only for the assignments listed — those still open at the
previous period's end — with their latest check-in looked up by index, one row each. No
assignment's history is ever loaded into Python.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from core.errors import NotFoundError, ValidationError
from core.models import (
    Assignment,
    AssignmentState,
    Checkin,
    Deadline,
    Directive,
    Extension,
    ExtensionStatus,
    Setting,
    Task,
    Unit,
)
from core.periods import Cycle, Period, get_cycle, next_period, period_containing, previous_period
from core.reports.model import (
    REPORT_VERSION,
    Counts,
    CATEGORY_KEYS,
    ExtensionRow,
    Omitted,
    Organisation,
    PeriodInfo,
    ReminderData,
    ReportData,
    Row,
    TrendPoint,
    UnitSection,
)
from core.services.assignments import (
    FLAGS,
    AssignmentFilter,
    _classified,
    category_counts,
    overdue_by_unit,
)
from core.status import Category, Standing, group_key, standing_from_row

ALL_DIRECTIVES_LABEL = "các văn bản chỉ đạo đang theo dõi"


@dataclass(frozen=True)
class Limits:
    """How many rows a report lists per unit and per list (None: every one)."""

    unit_rows: int | None = None
    list_rows: int | None = None


# A report on every directive lists, per unit, its most pressing assignments and, per list, the
# first rows; the rest are counted ("… và 212 việc khác"). A province holds 65,000 open
# assignments at a time: listed in full, that report would run to thousands of pages.
ALL_DIRECTIVES_LIMITS = Limits(unit_rows=5, list_rows=30)
NO_LIMITS = Limits()
REPLY_MIN_DAYS = 5  # a unit gets at least this many days to answer a reminder
DONE = (Category.DONE_ON_TIME.value, Category.DONE_LATE.value)

# --- who issues the documents -----------------------------------------------------------------

ORG_PARENT = "org.parent"
ORG_NAME = "org.name"
ORG_PLACE = "org.place"
ORG_SYMBOL = "org.symbol"
ORG_SIGNER_TITLE = "org.signer_title"
ORG_SIGNER_NAME = "org.signer_name"
# Organisation field ← settings key.
ORG_KEYS = {
    "parent": ORG_PARENT, "name": ORG_NAME, "place": ORG_PLACE, "symbol": ORG_SYMBOL,
    "signer_title": ORG_SIGNER_TITLE, "signer_name": ORG_SIGNER_NAME,
}
# The fields that do not depend on the unit registry, when not set.
ORG_DEFAULTS = {"name": "VĂN PHÒNG", "symbol": "VP", "signer_title": "CHÁNH VĂN PHÒNG", "signer_name": ""}
_PLACE_RE = re.compile(r"\b(?:tỉnh|thành phố)\s+(.+)$", re.IGNORECASE)


def organisation_of(s: Session) -> Organisation:
    """The issuer from the workspace settings (org.*); a key not set falls back to the
    province's Office: "UBND TỈNH <province>" / "VĂN PHÒNG" / "VP" / "CHÁNH VĂN PHÒNG"."""
    stored = dict(s.execute(select(Setting.key, Setting.value)
                            .where(Setting.key.in_(list(ORG_KEYS.values())))).all())
    values = {field: stored[key] for field, key in ORG_KEYS.items() if key in stored}
    if "parent" not in values or "place" not in values:
        committee = _top_committee_name(s)
        values.setdefault("parent", committee.upper())
        values.setdefault("place", _place_of(committee))
    return Organisation(**{**ORG_DEFAULTS, **values})


def _top_committee_name(s: Session) -> str:
    """The province's People's Committee: a top-level one, the one valid since the earliest
    day; when several are (a successor registered without a start date, like Đồng Nai after
    the 2025 merger), the one most units report to."""
    top = aliased(Unit, name="top")
    children = (select(func.count(Unit.id)).where(Unit.parent_id == top.id)
                .correlate(top).scalar_subquery())
    name = s.scalar(
        select(top.name).where(top.kind == "people_committee", top.parent_id.is_(None))
        .order_by(top.valid_from.is_not(None), top.valid_from, children.desc(), top.id).limit(1))
    return name or ""


def _place_of(committee_name: str) -> str:
    """"UBND tỉnh Bình Phước" → "Bình Phước" (also "… thành phố Hà Nội" → "Hà Nội")."""
    m = _PLACE_RE.search(committee_name)
    return m.group(1).strip() if m else ""


# --- the period report ------------------------------------------------------------------------


def build_report(s: Session, *, directive_id: int | None, period_day: dt.date, made_on: dt.date,
                 organisation: Organisation | None = None, trend_periods: int = 6,
                 limits: Limits | None = None) -> ReportData:
    """The report on one directive (or all of them) for the reporting period containing
    `period_day`, everything as of that period's last day. `limits` defaults to every row for
    one directive and to ALL_DIRECTIVES_LIMITS for all of them."""
    if trend_periods < 0:
        raise ValidationError(f"Số kỳ của biểu đồ xu hướng phải từ 0 trở lên, không phải «{trend_periods}».")
    directive = _directive_or_none(s, directive_id)
    limits = limits or (NO_LIMITS if directive else ALL_DIRECTIVES_LIMITS)
    scope = _scope(directive)
    cycle = get_cycle(directive.reporting_cycle if directive else None)
    period = period_containing(cycle, period_day)
    previous, following = previous_period(cycle, period), next_period(cycle, period)
    windows = _trend_windows(cycle, period, trend_periods)
    # Counts per unit at both ends (their sums are the totals); the other trend points need
    # the categories only — each count is a pass over every assignment in scope.
    now, before = _counts_per_unit(s, scope, period.end), _counts_per_unit(s, scope, previous.end)
    totals = {period.end: _sum(now.values()), previous.end: _sum(before.values())}
    trend_counts = {p.end: _categories_only(totals[p.end]) if p.end in totals else _category_totals(s, scope, p.end)
                    for p in windows}
    picked = _pick_rows(s, scope, period.end, previous.end, following, limits)
    # In full, the lists follow the document (overdue: most days late first); limited, they
    # follow their ranking in SQL, by due date — the same for overdue and due next.
    listed = picked.listed if picked.unit_rank is None else sorted(picked.listed, key=_due_order)
    overdue = _by_lateness(listed) if picked.unit_rank is None else [
        x for x in listed if x.row.category == Category.OVERDUE.value]
    completed = [x for x in listed if x.row.category in DONE]
    due_next = [x for x in listed if x.row.category not in DONE and x.row.due is not None
                and following.start <= x.row.due <= following.end]
    due_next = _by_due(due_next) if picked.unit_rank is None else due_next
    unreported = [x for x in listed if "unreported" in x.row.flags]
    awaiting = [x for x in listed if "awaiting" in x.row.flags]
    extensions = _extensions(s, directive, period)
    cap = limits.list_rows
    return ReportData(
        version=REPORT_VERSION,
        organisation=organisation or organisation_of(s),
        directive_id=directive.id if directive else None,
        directive_label=directive_label(directive) if directive else ALL_DIRECTIVES_LABEL,
        directive_title=directive.title if directive else None,
        period=_info(period), previous=_info(previous), next=_info(following),
        made_on=made_on,
        counts=totals[period.end],
        previous_counts=totals[previous.end],
        units=_unit_sections(s, now, before, picked),
        overdue=_rows(overdue[:cap]),
        completed=_rows(completed[:cap]),
        due_next=_rows(due_next[:cap]),
        extensions=extensions[:cap],
        unreported=_rows(unreported[:cap]),
        awaiting=_rows(awaiting[:cap]),
        trend=tuple(TrendPoint(_info(p), trend_counts[p.end].on_time_rate, trend_counts[p.end]) for p in windows),
        unit_row_limit=limits.unit_rows, list_row_limit=cap,
        omitted=Omitted(**{key: max(0, picked.totals.get(key, len(rows)) - len(rows[:cap])) for key, rows in (
            ("overdue", overdue), ("completed", completed), ("due_next", due_next), ("extensions", extensions),
            ("unreported", unreported), ("awaiting", awaiting))}),
    )


def directive_label(d: Directive) -> str:
    """How the report names its directive in running text: "Kế hoạch số 12/KH-UBND ngày
    14/08/2021 của UBND tỉnh Bình Phước về triển khai …"."""
    parts = [d.doc_type]
    if d.number_text:
        parts.append(f"số {d.number_text}")
    if d.signed_on:
        parts.append(f"ngày {d.signed_on:%d/%m/%Y}")
    summary = _summary_phrase(d.summary or "")
    if summary.startswith("của "):  # a meeting's conclusions name their author themselves
        return " ".join([*parts, summary])
    if d.issuer:
        parts.append(f"của {d.issuer}")
    if summary:
        parts.append(summary if summary.startswith("về ") else f"về {summary}")
    return " ".join(parts)


def _summary_phrase(summary: str) -> str:
    """The trích yếu as the end of a sentence: "V/v …" spelt out, the capital of its first
    word lowered (not an acronym's: "COVID-19 …" stays), no final full stop."""
    text = " ".join(summary.split()).rstrip(".")
    text = re.sub(r"^(?:V/v|v/v)\s*", "về việc ", text)
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def _directive_or_none(s: Session, directive_id: int | None) -> Directive | None:
    if directive_id is None:
        return None
    directive = s.get(Directive, directive_id)
    if directive is None:
        raise NotFoundError(f"Không có văn bản mã số {directive_id}.")
    return directive


def _scope(directive: Directive | None) -> AssignmentFilter:
    """The assignment list's own filter, so the figures are the list's and the dashboard's."""
    return AssignmentFilter(directive=str(directive.id) if directive else None)


def _info(p: Period) -> PeriodInfo:
    return PeriodInfo(start=p.start, end=p.end, report_on=p.report_on)


def _trend_windows(cycle: Cycle, period: Period, n: int) -> list[Period]:
    """The n periods ending with `period`, oldest first."""
    windows = [period] if n else []
    while 0 < len(windows) < n:
        windows.insert(0, previous_period(cycle, windows[0]))
    return windows


# --- counts -----------------------------------------------------------------------------------


def _sum(counts) -> Counts:
    """Counts added up field by field (the units' counts make the total: each assignment has
    one unit)."""
    fields = Counts.__dataclass_fields__
    total = {key: 0 for key in fields}
    for c in counts:
        for key in fields:
            total[key] += c.get(key)
    return Counts(**total)


def _categories_only(counts: Counts) -> Counts:
    return Counts(**{key: counts.get(key) for key in CATEGORY_KEYS})


def _category_totals(s: Session, scope: AssignmentFilter, as_of: dt.date) -> Counts:
    """Counts per category as of `as_of` (no flags: they cost a second look at the check-ins)."""
    c, conds = _classified(s, scope, as_of)
    return Counts(**dict(s.execute(select(c.c.category, func.count()).where(*conds).group_by(c.c.category)).all()))


def _counts_per_unit(s: Session, scope: AssignmentFilter, as_of: dt.date) -> dict[int, Counts]:
    """Counts as of `as_of` for every unit, in one GROUP BY; the columns are category_counts'."""
    c, conds = _classified(s, scope, as_of)
    unit = group_key(c.c.unit_id)
    q = select(
        unit, c.c.category, func.count(),
        func.count().filter(c.c.due_soon),
        func.count().filter(c.c.awaiting),
        func.count().filter(c.c.returned),
        func.count().filter((c.c.category == Category.RECURRING.value) & ~c.c.reported),
    ).where(*conds).group_by(unit, c.c.category)
    tallies: dict[int, dict[str, int]] = {}
    for unit_id, category, n, *flags in s.execute(q):
        tally = tallies.setdefault(unit_id, {})
        tally[category] = n
        for flag, k in zip(FLAGS, flags):
            tally[flag] = tally.get(flag, 0) + int(k or 0)
    return {unit_id: Counts(**tally) for unit_id, tally in tallies.items()}


def _unit_sections(s: Session, now: dict[int, Counts], before: dict[int, Counts],
                   picked: _Picked) -> tuple[UnitSection, ...]:
    names = {u.id: u for u in s.execute(select(Unit.id, Unit.name, Unit.sort_key))}
    rows: dict[int, list[_Listed]] = {}
    for x in picked.listed:
        rows.setdefault(x.unit_id, []).append(x)
    unit_ids = sorted(now.keys() | before.keys(), key=lambda uid: (bytes(names[uid].sort_key or b""), uid))
    sections = []
    for uid in unit_ids:
        mine = rows.get(uid, [])
        if picked.unit_rank is not None:  # limited: the most pressing first
            mine = sorted((x for x in mine if x.row.assignment_id in picked.unit_rank),
                          key=lambda x: picked.unit_rank[x.row.assignment_id])
        sections.append(UnitSection(
            unit_name=names[uid].name, counts=now.get(uid, Counts()), previous=before.get(uid, Counts()),
            rows=_rows(mine), more_rows=max(0, picked.unit_totals.get(uid, len(mine)) - len(mine))))
    return tuple(sections)


# --- rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Listed:
    """A report row with what it is grouped and ordered by."""

    row: Row
    unit_id: int
    order: tuple  # document order: directive, task, then unit


def _open_rows(s: Session, scope: AssignmentFilter, as_of: dt.date, previous_end: dt.date) -> list[_Listed]:
    """The assignments in scope not yet done at the previous period's end (so: open during
    the period, or completed within it), as of `as_of`, in document order. Those finished
    earlier are only counted."""
    c, conds = _classified(s, scope, as_of)
    return _fetch(s, c, [*conds, ~_confirmed_on(c.c.assignment_id, previous_end)], as_of)


@dataclass
class _Picked:
    """The rows a report lists, fetched in full; with limits, the ranks and totals that say
    which of them each unit section shows and how many each list had."""

    listed: list[_Listed]
    unit_rank: dict[int, int] | None = None   # assignment id → rank within its unit (limited only)
    unit_totals: dict[int, int] = dataclasses.field(default_factory=dict)  # unit id → rows it had
    totals: dict[str, int] = dataclasses.field(default_factory=dict)       # list key → rows it had


def _pick_rows(s: Session, scope: AssignmentFilter, as_of: dt.date, previous_end: dt.date,
               following: Period, limits: Limits) -> _Picked:
    if limits.unit_rows is None and limits.list_rows is None:
        return _Picked(_open_rows(s, scope, as_of, previous_end))
    return _limited_rows(s, scope, as_of, previous_end, following, limits)


def _limited_rows(s: Session, scope: AssignmentFilter, as_of: dt.date, previous_end: dt.date,
                  following: Period, limits: Limits) -> _Picked:
    """The open rows a limited report shows, ranked in SQL so only those are fetched: per unit
    the first `unit_rows` (overdue, most days late first; then awaiting confirmation or
    returned; then in progress by due date; recurring; done), and per list the first
    `list_rows` by due date (`_due_order`). Two window sorts: every list shares one."""
    c, conds = _classified(s, scope, as_of)
    o = (select(c).where(*conds, ~_confirmed_on(c.c.assignment_id, previous_end)).subquery("o")).c
    overdue = o.category == Category.OVERDUE.value
    preds = {
        "overdue": overdue,
        "completed": o.category.in_(DONE),
        "due_next": and_(o.category.not_in(DONE), o.due.is_not(None), o.due >= following.start,
                         o.due <= following.end),
        "unreported": and_(o.category == Category.RECURRING.value, ~o.reported),
        "awaiting": o.awaiting == True,  # noqa: E712 (SQL, not Python)
    }
    pressing = case((overdue, 0), (or_(o.awaiting == True, o.returned == True), 1),  # noqa: E712
                    (o.category == Category.IN_PROGRESS.value, 2),
                    (o.category == Category.RECURRING.value, 3), else_=4)
    by_due = (o.due.is_(None), o.due, o.assignment_id)
    flags = {key: case((pred, 1), else_=0) for key, pred in preds.items()}
    ranked = select(
        o.assignment_id, o.unit_id,
        func.row_number().over(partition_by=o.unit_id, order_by=(pressing, *by_due)).label("unit_rank"),
        func.count().over(partition_by=o.unit_id).label("unit_total"),
        *(flag.label(f"is_{key}") for key, flag in flags.items()),
        *(func.sum(flag).over(order_by=by_due, rows=(None, 0)).label(f"{key}_rank") for key, flag in flags.items()),
        *(func.sum(flag).over().label(f"{key}_total") for key, flag in flags.items()),
    ).subquery("r")
    r = ranked.c
    unit_rows = limits.unit_rows if limits.unit_rows is not None else 1 << 30
    list_rows = limits.list_rows if limits.list_rows is not None else 1 << 30
    shown = or_(r.unit_rank <= unit_rows, *(and_(r[f"is_{key}"] == 1, r[f"{key}_rank"] <= list_rows) for key in preds))
    found = s.execute(select(ranked).where(shown)).all()
    picked = _Picked(listed=[], unit_rank={}, totals={key: 0 for key in preds})
    for row in found:
        if row.unit_rank <= unit_rows:
            picked.unit_rank[row.assignment_id] = row.unit_rank
        picked.unit_totals[row.unit_id] = row.unit_total
        picked.totals = {key: int(row._mapping[f"{key}_total"] or 0) for key in preds}
    ids = [row.assignment_id for row in found]
    picked.listed = _fetch(s, c, [*conds, c.c.assignment_id.in_(ids)], as_of) if ids else []
    return picked


def _due_order(x: _Listed) -> tuple:
    """A limited report's list order (its SQL ranking's): by due date, none last, then id."""
    return (x.row.due is None, x.row.due or dt.date.min, x.row.assignment_id)


def _confirmed_on(assignment_id, day: dt.date):
    """Whether the assignment's completion was confirmed on or before `day` (its stored
    state that day says so; a confirmation is never undone)."""
    st = aliased(AssignmentState)
    return exists(select(st.assignment_id).where(
        st.assignment_id == assignment_id, st.valid_from <= day, st.valid_to > day, st.confirmed))


def _fetch(s: Session, c, conds: list, as_of: dt.date) -> list[_Listed]:
    """Rows of the classified subquery `c` matching `conds`, with their task, unit, deadline
    phrase and latest check-in known on `as_of`, in document order."""
    latest = aliased(Checkin)
    latest_id = (select(latest.id)
                 .where(latest.assignment_id == c.c.assignment_id, latest.reported_on <= as_of)
                 .order_by(latest.reported_on.desc(), latest.id.desc()).limit(1)
                 .correlate_except(latest).scalar_subquery())
    q = (select(c, Task.path.label("task_path"), Task.text.label("task_text"), Unit.name.label("unit_name"),
                Deadline.phrase.label("deadline_phrase"),
                Checkin.reported_on.label("ci_reported_on"), Checkin.status.label("ci_status"),
                Checkin.progress.label("ci_progress"), Checkin.result.label("ci_result"),
                Checkin.difficulties.label("ci_difficulties"), Checkin.proposals.label("ci_proposals"))
         .join(Assignment, Assignment.id == c.c.assignment_id)
         .join(Task, Task.id == c.c.task_id)
         .join(Unit, Unit.id == c.c.unit_id)
         .join(Deadline, Deadline.id == Assignment.deadline_id)
         .outerjoin(Checkin, Checkin.id == latest_id)
         .where(*conds))
    found = s.execute(q).all()
    titles = _titles(s, {r.directive_id for r in found})
    listed = [_Listed(_row(r, titles[r.directive_id], as_of), r.unit_id, _document_order(r)) for r in found]
    return sorted(listed, key=lambda x: x.order)


def _titles(s: Session, directive_ids: set[int]) -> dict[int, str]:
    if not directive_ids:
        return {}
    return {d.id: d.title for d in s.scalars(select(Directive).where(Directive.id.in_(directive_ids)))}


def _document_order(r) -> tuple:
    """Directive (signing date, undated last, the same on every backend), task, unit."""
    return (r.signed_on is None, r.signed_on or dt.date.min, r.directive_id, r.position,
            bytes(r.unit_sort_key or b""), r.assignment_id)


def _row(r, directive_title: str, as_of: dt.date) -> Row:
    st = standing_from_row(r, as_of)
    return Row(
        assignment_id=r.assignment_id, directive_title=directive_title, task_path=r.task_path,
        task_text=r.task_text, unit_name=r.unit_name, role=r.role, category=st.category.value,
        flags=_flags(st), deadline_kind=r.kind, deadline_phrase=r.deadline_phrase,
        due=st.due, original_due=st.original_due, completed_on=st.completed_on,
        days_late=st.days_late(as_of),
        last_reported_on=r.ci_reported_on, last_status=r.ci_status, last_progress=r.ci_progress,
        last_result=r.ci_result or "", difficulties=r.ci_difficulties or "", proposals=r.ci_proposals or "",
    )


def _flags(st: Standing) -> tuple[str, ...]:
    """The flags as the assignment list shows them (FLAGS order)."""
    on = (st.due_soon, st.awaiting_confirmation, st.returned, st.reported_in_period is False)
    return tuple(flag for flag, set_ in zip(FLAGS, on) if set_)


def _rows(listed) -> tuple[Row, ...]:
    return tuple(x.row for x in listed)


def _by_lateness(listed) -> list[_Listed]:
    """The overdue ones, most days late first, then in document order."""
    overdue = [x for x in listed if x.row.category == Category.OVERDUE.value]
    return sorted(overdue, key=lambda x: (-(x.row.days_late or 0), x.order))


def _by_due(listed) -> list[_Listed]:
    return sorted(listed, key=lambda x: (x.row.due, x.order))


# --- extensions -------------------------------------------------------------------------------


def _extensions(s: Session, directive: Directive | None, period: Period) -> tuple[ExtensionRow, ...]:
    """Extensions granted within the period, each with the due date it replaced: the one
    granted just before it, else the assigned one (the same rule as core.status)."""
    e, prior = Extension, aliased(Extension)
    granted = ExtensionStatus.GRANTED.value
    old_due = (select(prior.new_due)
               .where(prior.assignment_id == e.assignment_id, prior.status == granted,
                      or_(prior.decided_on < e.decided_on,
                          and_(prior.decided_on == e.decided_on, prior.id < e.id)))
               .order_by(prior.decided_on.desc(), prior.id.desc()).limit(1)
               .correlate_except(prior).scalar_subquery())
    q = (select(e, func.coalesce(old_due, Deadline.due).label("old_due"), Task.path, Task.text,
                Task.position, Unit.name, Unit.sort_key, Directive)
         .join(Assignment, Assignment.id == e.assignment_id)
         .join(Task, Task.id == Assignment.task_id)
         .join(Directive, Directive.id == Task.directive_id)
         .join(Unit, Unit.id == Assignment.unit_id)
         .join(Deadline, Deadline.id == Assignment.deadline_id)
         .where(e.status == granted, e.decided_on >= period.start, e.decided_on <= period.end))
    if directive is not None:
        q = q.where(Task.directive_id == directive.id)
    found = s.execute(q).all()
    found.sort(key=lambda r: (r.Extension.decided_on, r.Directive.signed_on is None,
                              r.Directive.signed_on or dt.date.min, r.Directive.id, r.position,
                              bytes(r.sort_key or b""), r.Extension.id))
    return tuple(ExtensionRow(
        assignment_id=r.Extension.assignment_id, directive_title=r.Directive.title, task_path=r.path,
        task_text=r.text, unit_name=r.name, old_due=r.old_due, new_due=r.Extension.new_due,
        decided_on=r.Extension.decided_on, reason=r.Extension.reason or "",
    ) for r in found)


# --- reminders --------------------------------------------------------------------------------


def build_reminder(s: Session, *, unit_id: int, as_of: dt.date, made_on: dt.date,
                   directive_id: int | None = None, organisation: Organisation | None = None) -> ReminderData:
    """A reminder letter to one unit: what it is late on and what falls due within days,
    as of `as_of`, for one directive or all."""
    unit = s.get(Unit, unit_id)
    if unit is None:
        raise NotFoundError(f"Không có đơn vị mã số {unit_id}.")
    directive = _directive_or_none(s, directive_id)
    c, conds = _classified(s, _scope(directive), as_of)
    owed = or_(c.c.category == Category.OVERDUE.value, c.c.due_soon)
    listed = _fetch(s, c, [*conds, c.c.unit_id == unit.id, owed], as_of)
    return ReminderData(
        version=REPORT_VERSION,
        organisation=organisation or organisation_of(s),
        unit_name=unit.name, as_of=as_of, made_on=made_on,
        directive_title=directive.title if directive else None,
        overdue=_rows(_by_lateness(listed)),
        due_soon=_rows(_by_due(x for x in listed if "due_soon" in x.row.flags)),
        reply_by=reply_by(as_of),
    )


def reply_by(as_of: dt.date) -> dt.date:
    """The first report date of the default cycle at least REPLY_MIN_DAYS after `as_of`: the
    unit answers in time for the Office's next report."""
    return period_containing(get_cycle(None), as_of + dt.timedelta(days=REPLY_MIN_DAYS)).end


def units_to_remind(s: Session, as_of: dt.date, directive_id: int | None = None) -> list[tuple[int, str, int]]:
    """(unit id, name, overdue count) of every unit with an overdue assignment as of `as_of`,
    most overdue first, then in Vietnamese name order."""
    scope = _scope(_directive_or_none(s, directive_id))
    return [(uid, name, n) for name, uid, n in overdue_by_unit(s, scope, as_of)]
