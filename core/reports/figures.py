"""The figures of a period report and of a reminder letter, computed from the database.

Everything is judged "as of" a day with the project's own rule (core/status.py through the
classified query of core/services/assignments.py), so the report's counts are the dashboard's
counts for the same scope and day, and facts dated after the period's end never change it.

Why the shape of the queries: a province holds 150,000 assignments and 1.5 million
check-ins. The counts of every day a report needs (its day, the previous period's end, the
trend) come from ONE grouped pass over the stored states (`_count`); details are fetched
only for the assignments listed — those still open at the previous period's end — with their
latest check-in looked up by index, one row each, in one statement. No assignment's history
is ever loaded into Python.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import BigInteger, and_, case, cast, exists, func, literal, literal_column, or_, select
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
    directive_title,
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
    overdue_by_unit,
    period_starts,
)
from core.status import (
    Category,
    Standing,
    classified_query,
    current_on,
    facts_query,
    flag_exprs,
    group_key,
    held_span_exprs,
    overdue_from_expr,
    reported_expr,
    settled_category_expr,
    standing_from_row,
)
from db.engine import Alongside, read_in_turn

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
                 limits: Limits | None = None, alongside: Alongside = read_in_turn) -> ReportData:
    """The report on one directive (or all of them) for the reporting period containing
    `period_day`, everything as of that period's last day. `limits` defaults to every row for
    one directive and to ALL_DIRECTIVES_LIMITS for all of them.

    With `alongside=db.read_alongside` (db.engine.Database), a limited report ranks its rows
    in a second session while `s` counts: the two long statements of a report on every
    directive, on two cores at once."""
    if trend_periods < 0:
        raise ValidationError(f"Số kỳ của biểu đồ xu hướng phải từ 0 trở lên, không phải «{trend_periods}».")
    directive = _directive_or_none(s, directive_id)
    limits = limits or (NO_LIMITS if directive else ALL_DIRECTIVES_LIMITS)
    cycle = get_cycle(directive.reporting_cycle if directive else None)
    period = period_containing(cycle, period_day)
    previous, following = previous_period(cycle, period), next_period(cycle, period)
    windows = _trend_windows(cycle, period, trend_periods)
    limited = limits.unit_rows is not None or limits.list_rows is not None
    # Counts per unit at both ends (their sums are the totals); the other trend points need
    # the categories only; a limited report also needs how many rows each unit and list has.
    # One pass over the assignments in scope counts them all.
    ends = (period.end, previous.end)

    def count() -> _Tally:
        return _count(s, directive, ends, [p.end for p in windows if p.end not in ends],
                      _Lists(period.end, previous.end, following) if limited else None)

    if limited:  # both statements read the whole scope; neither needs the other's result
        with alongside(s, _limited_rows, directive.id if directive else None, period.end, previous.end,
                       following, limits) as found:
            tally = count()
            picked = _picked(found(), limits, tally, period.end)
    else:
        tally = count()
        picked = _Picked(_open_rows(s, directive, period.end, previous.end))
    now, before = tally.per_unit[period.end], tally.per_unit[previous.end]
    totals = {period.end: _sum(now.values()), previous.end: _sum(before.values())}
    trend_counts = {p.end: _categories_only(totals[p.end]) if p.end in totals else tally.totals[p.end]
                    for p in windows}
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


# The categories that do not depend on the day, coded as small integers in SQL (0: still open).
_SETTLED = (None, Category.RECURRING.value, Category.DONE_ON_TIME.value, Category.DONE_LATE.value)


@dataclass(frozen=True)
class _Lists:
    """What a limited report lists, to be counted: the rows of its report day `as_of` not yet
    done at `previous_end` (`_open_rows`), per unit and per list."""

    as_of: dt.date
    previous_end: dt.date
    following: Period


@dataclass
class _Tally:
    per_unit: dict[dt.date, dict[int, Counts]]  # unit day → unit id → Counts (units with none left out)
    totals: dict[dt.date, Counts]               # category day → Counts (categories only)
    unit_rows: dict[int, int] = dataclasses.field(default_factory=dict)  # unit id → rows listed in full
    list_rows: dict[str, int] = dataclasses.field(default_factory=dict)  # list key → rows listed in full


def _count(s: Session, directive: Directive | None, unit_days: Sequence[dt.date],
           category_days: Sequence[dt.date], lists: _Lists | None = None) -> _Tally:
    """Counts as of several days in ONE grouped pass over the stored states: per unit with the
    flags for each of `unit_days`, per category only for each of `category_days`; with
    `lists`, also the rows the report lists in full per unit and per list.

    Each state row in scope is read once. What it counts for on every day asked about follows
    from a few small integers, each one CASE over its columns (core.status: the rule of the
    assignment list): the days it holds (first..last), the category that does not depend on
    the day (recurring, done on time or late; else open), from which day an open one is
    overdue, its awaiting/returned flag, on which unit days it is due soon; for `lists`,
    whether it was still undone at the previous period's end and whether it falls due in the
    next period. Rows are grouped by unit and those integers, packed into one key (a sort on
    one key is cheaper than on seven) — ten thousand groups for a province — and the days are
    told apart here. Only "unreported" (recurring, no check-in in the period) needs the
    check-ins: it is counted per group, for the unit days alone."""
    st, t = AssignmentState, AssignmentState.__table__
    days = sorted(set(unit_days) | set(category_days))
    unit_days = sorted(set(unit_days))
    if not days:
        return _Tally(per_unit={}, totals={})
    first, last = held_span_exprs(days, st)
    base = len(days) + 1  # first, last + 1 and overdue_from run from 0 to len(days)
    flags = {day: flag_exprs(t, day) for day in unit_days}
    marks = flag_exprs(t, days[-1])  # awaiting and returned do not depend on the day
    # BIGINT: the packed key would outgrow PostgreSQL's integer with a long trend.
    settled = cast(case({v: i for i, v in enumerate(_SETTLED) if v}, value=settled_category_expr(t), else_=0),
                   BigInteger)
    marked = case((marks["awaiting"], 1), (marks["returned"], 2), else_=0)
    soon = sum((case((flags[day]["due_soon"], 1 << j), else_=0) for j, day in enumerate(unit_days)), literal(0))
    key = ((((settled * 3 + marked) * (1 << len(unit_days)) + soon) * base + overdue_from_expr(t, days)) * base
           + first) * base + last + 1
    if lists is not None:
        undone = case((_confirmed_on(lists.previous_end), 0), else_=1)
        due_next = case((and_(st.due >= lists.following.start, st.due <= lists.following.end), 1), else_=0)
        key = (key * 2 + undone) * 2 + due_next
    unit = group_key(st.unit_id)
    unreported = [func.count().filter(and_(st.kind == "recurring", current_on(day, st),
                                           ~reported_expr(day, period_starts(s, day), st)))
                  for day in unit_days]
    q = (select(unit, key.label("k"), func.count(), *unreported)
         .where(st.valid_to > days[0], st.valid_from <= days[-1], st.assigned_on <= days[-1]))
    if directive is not None:
        q = q.where(st.directive_id == directive.id)
    # Tallies are lists in Counts' field order, added to in place.
    per_unit: list[dict[int, list[int]]] = [{} for _ in unit_days]
    totals = {k: [0] * len(_FIELDS) for k, day in enumerate(days) if day in category_days}
    unit_index = [unit_days.index(day) if day in unit_days else None for day in days]
    listed_k = days.index(lists.as_of) if lists is not None else None
    unit_rows: dict[int, int] = {}
    list_rows = dict.fromkeys(_LIST_KEYS, 0)
    for unit_id, packed, n, *unreported_n in s.execute(q.group_by(unit, "k")):
        undone = due_next_k = 0
        if lists is not None:
            packed, due_next_k = divmod(packed, 2)
            packed, undone = divmod(packed, 2)
        packed, last_k = divmod(packed, base)
        packed, first_k = divmod(packed, base)
        packed, overdue_k = divmod(packed, base)
        packed, soon_bits = divmod(packed, 1 << len(unit_days))
        settled_k, marked_k = divmod(packed, 3)
        for k in range(first_k, last_k):  # the days it holds (last_k is last + 1)
            field = _SETTLED_FIELD[settled_k] if settled_k else _OVERDUE if k >= overdue_k else _IN_PROGRESS
            if k in totals:
                totals[k][field] += n
            j = unit_index[k]
            if j is None:
                continue
            tally = per_unit[j].get(unit_id)
            if tally is None:
                tally = per_unit[j][unit_id] = [0] * len(_FIELDS)
            tally[field] += n
            if soon_bits >> j & 1:
                tally[_DUE_SOON] += n
            if marked_k:
                tally[_AWAITING if marked_k == 1 else _RETURNED] += n
            tally[_UNREPORTED] += unreported_n[j]
            if k == listed_k and undone:
                unit_rows[unit_id] = unit_rows.get(unit_id, 0) + n
                category = _FIELDS[field]
                for key, yes in (("overdue", field == _OVERDUE), ("completed", category in DONE),
                                 ("due_next", category not in DONE and due_next_k),
                                 ("unreported", True), ("awaiting", marked_k == 1)):
                    if yes:
                        list_rows[key] += unreported_n[j] if key == "unreported" else n
    return _Tally(per_unit={day: {uid: Counts(*tally) for uid, tally in per_unit[j].items()}
                            for j, day in enumerate(unit_days)},
                  totals={days[k]: Counts(*tally) for k, tally in totals.items()},
                  unit_rows=unit_rows, list_rows=list_rows)


_FIELDS = tuple(Counts.__dataclass_fields__)  # done_on_time, …, recurring, due_soon, …, unreported
_SETTLED_FIELD = tuple(None if c is None else _FIELDS.index(c) for c in _SETTLED)
_OVERDUE, _IN_PROGRESS = _FIELDS.index(Category.OVERDUE.value), _FIELDS.index(Category.IN_PROGRESS.value)
_DUE_SOON, _AWAITING, _RETURNED, _UNREPORTED = (_FIELDS.index(flag) for flag in FLAGS)


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


def _facts(s: Session, directive_id: int | None, as_of: dt.date):
    """The assignment list's facts (core.status) as of `as_of`, of one directive or all: what
    a report covers, as the list and the dashboard filter it."""
    facts = facts_query(as_of, period_starts(s, as_of))
    return facts if directive_id is None else facts.where(AssignmentState.directive_id == directive_id)


def _open_rows(s: Session, directive: Directive | None, as_of: dt.date, previous_end: dt.date) -> list[_Listed]:
    """The assignments in scope not yet done at the previous period's end (so: open during
    the period, or completed within it), as of `as_of`, in document order. Those finished
    earlier are only counted."""
    facts = _facts(s, directive.id if directive else None, as_of).where(~_confirmed_on(previous_end))
    return _fetch(s, classified_query(as_of, facts=facts).subquery("c"), [], as_of)


@dataclass
class _Picked:
    """The rows a report lists, fetched in full; with limits, the ranks and totals that say
    which of them each unit section shows and how many each list had."""

    listed: list[_Listed]
    unit_rank: dict[int, int] | None = None   # assignment id → rank within its unit (limited only)
    unit_totals: dict[int, int] = dataclasses.field(default_factory=dict)  # unit id → rows it had
    totals: dict[str, int] = dataclasses.field(default_factory=dict)       # list key → rows it had


_LIST_KEYS = ("overdue", "completed", "due_next", "unreported", "awaiting")  # those of assignment rows


def _limited_rows(s: Session, directive_id: int | None, as_of: dt.date, previous_end: dt.date,
                  following: Period, limits: Limits) -> list:
    """The open rows a limited report shows, ranked in SQL and fetched with their details in
    one statement: per unit the first `unit_rows` (overdue, most days late first; then
    awaiting confirmation or returned; then in progress by due date; recurring; done), and
    per list the first `list_rows` by due date (`_due_order`). Two window sorts: every list
    shares one. How many rows each unit and list has comes with the counts (`_count`)."""
    facts = _facts(s, directive_id, as_of)
    o = classified_query(as_of, facts=facts.where(~_confirmed_on(previous_end))).subquery("o").c
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
    # Sorted, not walked: a CASE rather than `due IS NULL`, and `unit_id + 0`, are not the
    # expressions of the due-order and unit indexes, which SQLite would otherwise read row by
    # row in their order (a random read each, far slower than one scan and a sort). Constants
    # written out, not bound: SQLite shares one sort between windows only when their ORDER BY
    # terms are the same expressions, and two bound parameters never are.
    zero, one = literal_column("0"), literal_column("1")
    by_due = (case((o.due.is_(None), one), else_=zero), o.due, o.assignment_id)
    flags = {key: case((pred, 1), else_=0) for key, pred in preds.items()}
    ranked = select(
        o.assignment_id,
        func.row_number().over(partition_by=o.unit_id + zero, order_by=(pressing, *by_due)).label("unit_rank"),
        *(flag.label(f"is_{key}") for key, flag in flags.items()),
        *(func.sum(flag).over(order_by=by_due, rows=(None, 0)).label(f"{key}_rank") for key, flag in flags.items()),
    ).subquery("r")
    r = ranked.c
    unit_rows = limits.unit_rows if limits.unit_rows is not None else 1 << 30
    list_rows = limits.list_rows if limits.list_rows is not None else 1 << 30
    shown = or_(r.unit_rank <= unit_rows, *(and_(r[f"is_{key}"] == 1, r[f"{key}_rank"] <= list_rows) for key in preds))
    # The rows shown, then each one's details (its state by the assignment index).
    c = classified_query(as_of, facts=facts).subquery("c")
    q = _details(c, as_of).add_columns(r.unit_rank).join(ranked, r.assignment_id == c.c.assignment_id)
    # `= 1` rather than the condition itself: PostgreSQL then expects few rows (an equality
    # on an expression) and looks each one's details up by index instead of hashing tables.
    return s.execute(q.where(case((shown, 1), else_=0) == 1)).all()


def _picked(found: list, limits: Limits, tally: _Tally, as_of: dt.date) -> _Picked:
    """The rows `_limited_rows` found, with their ranks in their units, and how many rows each
    unit and list has in all (from the counting pass)."""
    unit_rows = limits.unit_rows if limits.unit_rows is not None else 1 << 30
    picked = _Picked(listed=_listed(found, as_of), unit_rank={}, totals=dict.fromkeys(_LIST_KEYS, 0))
    for row in found:
        if row.unit_rank <= unit_rows:
            picked.unit_rank[row.assignment_id] = row.unit_rank
        # The counts may come from another snapshot (a second session, or PostgreSQL's read
        # committed): a fact recorded in between can leave a unit out — then no "… và N việc
        # khác" is said for it; the next report is right.
        picked.unit_totals[row.unit_id] = tally.unit_rows.get(row.unit_id, 0)
    if found:
        picked.totals = dict(tally.list_rows)
    return picked


def _due_order(x: _Listed) -> tuple:
    """A limited report's list order (its SQL ranking's): by due date, none last, then id."""
    return (x.row.due is None, x.row.due or dt.date.min, x.row.assignment_id)


def _confirmed_on(day: dt.date):
    """Whether the assignment of the state row AssignmentState (the one holding on a later day,
    as in `facts_query`) had its completion confirmed on `day`. When that row already held on
    `day` — most rows: a row changes only with a fact — its own `confirmed` says so; only the
    others look up the row that held then, by the assignment index."""
    st, held = AssignmentState, aliased(AssignmentState, name="held")
    looked_up = exists(select(held.assignment_id).where(
        held.assignment_id == st.assignment_id, held.valid_from <= day, held.valid_to > day, held.confirmed)
    ).correlate(st)
    return case((st.valid_from <= day, st.confirmed), else_=looked_up)


def _details(c, as_of: dt.date):
    """The rows of the classified subquery `c` with their task, unit, deadline phrase,
    directive and latest check-in known on `as_of` (looked up by index, one row each)."""
    latest = aliased(Checkin)
    latest_id = (select(latest.id)
                 .where(latest.assignment_id == c.c.assignment_id, latest.reported_on <= as_of)
                 .order_by(latest.reported_on.desc(), latest.id.desc()).limit(1)
                 .correlate_except(latest).scalar_subquery())
    return (select(c, Task.path.label("task_path"), Task.text.label("task_text"), Unit.name.label("unit_name"),
                   Deadline.phrase.label("deadline_phrase"), Directive.doc_type.label("d_doc_type"),
                   Directive.number_text.label("d_number_text"), Directive.signed_on.label("d_signed_on"),
                   Checkin.reported_on.label("ci_reported_on"), Checkin.status.label("ci_status"),
                   Checkin.progress.label("ci_progress"), Checkin.result.label("ci_result"),
                   Checkin.difficulties.label("ci_difficulties"), Checkin.proposals.label("ci_proposals"))
            .join(Assignment, Assignment.id == c.c.assignment_id)
            .join(Task, Task.id == c.c.task_id)
            .join(Unit, Unit.id == c.c.unit_id)
            .join(Deadline, Deadline.id == Assignment.deadline_id)
            .join(Directive, Directive.id == c.c.directive_id)
            .outerjoin(Checkin, Checkin.id == latest_id))


def _fetch(s: Session, c, conds: list, as_of: dt.date) -> list[_Listed]:
    """Rows of the classified subquery `c` matching `conds`, with their details, in document
    order; one statement."""
    return _listed(s.execute(_details(c, as_of).where(*conds)).all(), as_of)


def _listed(found, as_of: dt.date) -> list[_Listed]:
    titles: dict[int, str] = {}
    for r in found:
        if r.directive_id not in titles:
            titles[r.directive_id] = directive_title(r.d_doc_type, r.d_number_text, r.d_signed_on)
    listed = [_Listed(_row(r, titles[r.directive_id], as_of), r.unit_id, _document_order(r)) for r in found]
    return sorted(listed, key=lambda x: x.order)


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
