"""Unit scorecards: counts per category, on-time rate, last check-in — per unit, in SQL.

One row per unit that has assignments (groups are never assigned: their members are).
Everything is aggregated in the database over `core.status.classified_query` as of a date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, null, select
from sqlalchemy.orm import Session, selectinload

from core.models import Assignment, AssignmentState, Checkin, Task, Unit, UnitGroupMember
from core.services.assignments import period_starts
from core.services.units import list_units, unit_history
from core.services.workspace import Workspace
from core.state_counts import among_units, latest_checkin_day, stored_counts
from core.status import Category, classified_query, facts_query, group_key
from core.text import sort_key
from db.engine import Alongside, read_in_turn

CATEGORIES = tuple(c.value for c in Category)


@dataclass
class Scorecard:
    unit_id: int
    name: str
    short_name: str | None
    counts: dict[str, int]
    last_checkin_on: dt.date | None = None
    sort_key: bytes = b""

    @property
    def total(self) -> int:
        return sum(self.counts.get(c, 0) for c in CATEGORIES)

    @property
    def overdue(self) -> int:
        return self.counts.get(Category.OVERDUE.value, 0)

    @property
    def done(self) -> int:
        return self.counts.get(Category.DONE_ON_TIME.value, 0) + self.counts.get(Category.DONE_LATE.value, 0)

    @property
    def on_time_rate(self) -> float | None:
        """Done on time / done; None when nothing is done yet."""
        return self.counts.get(Category.DONE_ON_TIME.value, 0) / self.done if self.done else None


SORTS = ("overdue", "name", "rate", "total")


def sort_scorecards(rows: list[Scorecard], how: str = "overdue") -> list[Scorecard]:
    """overdue: most overdue first; name: Vietnamese order; rate: worst on-time rate first;
    total: most assignments first. Ties always fall back to the Vietnamese name order."""
    if how == "name":
        return sorted(rows, key=lambda r: r.sort_key)
    if how == "rate":
        return sorted(rows, key=lambda r: (r.on_time_rate is None,
                                           r.on_time_rate if r.on_time_rate is not None else 0, r.sort_key))
    if how == "total":
        return sorted(rows, key=lambda r: (-r.total, r.sort_key))
    return sorted(rows, key=lambda r: (-r.overdue, r.sort_key))


def scorecards(s: Session, as_of: dt.date, *, unit_ids: set[int] | None = None,
               directive_id: int | None = None, alongside: Alongside = read_in_turn) -> list[Scorecard]:
    """One scorecard per unit with assignments as of `as_of` (optionally only `unit_ids`,
    only one directive), sorted by overdue count then name. Over every directive, from the
    stored counts and check-in days (core/state_counts.py); for one directive, counted, and
    with `alongside=db.read_alongside` the last fortnight's check-ins are read in a second
    session while `s` counts."""
    if unit_ids is not None and not unit_ids:
        return []
    if directive_id is None:  # every directive: the stored counts and check-in days
        return _cards(s, _counts_per_unit(s, as_of, unit_ids, None), None, as_of)
    with alongside(s, _latest_checkins, as_of, as_of - dt.timedelta(days=RECENT_DAYS[0]), None,
                   directive_id) as recent:
        counts = _counts_per_unit(s, as_of, unit_ids, directive_id)
        if not counts:
            return []
        last = _last_checkins(s, as_of, set(counts), directive_id, recent())
    return _cards(s, counts, last, as_of)


def _cards(s: Session, counts: dict[int, dict[str, int]], last: dict[int, dt.date] | None,
           as_of: dt.date) -> list[Scorecard]:
    """The units' scorecards from their counts and latest check-ins (`last`; None: read from
    the stored check-in days with the units' names, in the same statement)."""
    latest = latest_checkin_day(as_of) if last is None else null()
    units = s.execute(select(Unit.id, Unit.name, Unit.short_name, Unit.sort_key, latest)
                      .where(*among_units(Unit.id, set(counts)))).all()
    rows = [Scorecard(uid, name, short, counts[uid], day if last is None else last.get(uid), key or sort_key(name))
            for uid, name, short, key, day in units if uid in counts]
    return sort_scorecards(rows)


def _counts_per_unit(s: Session, as_of: dt.date, unit_ids: set[int] | None,
                     directive_id: int | None) -> dict[int, dict[str, int]]:
    """unit id → category → assignments, as of `as_of` (units with none left out)."""
    if directive_id is None:
        stored = stored_counts(s.connection(), as_of, unit_ids, period_starts(s, as_of))
        return {unit: {k: counts[k] for k in CATEGORIES} for unit, counts in stored.items()}
    return computed_counts_per_unit(s, as_of, unit_ids, directive_id)


def computed_counts_per_unit(s: Session, as_of: dt.date, unit_ids: set[int] | None,
                             directive_id: int | None) -> dict[int, dict[str, int]]:
    """`_counts_per_unit` over the assignments themselves."""
    facts = facts_query(as_of, period_starts(s, as_of))
    if directive_id is not None:
        facts = facts.where(AssignmentState.directive_id == directive_id)
    if unit_ids is not None:
        facts = facts.where(AssignmentState.unit_id.in_(unit_ids))
    c = classified_query(as_of, facts=facts).subquery("c")
    unit = group_key(c.c.unit_id)
    counts: dict[int, dict[str, int]] = {}
    for unit_id, category, n in s.execute(select(unit, c.c.category, func.count()).group_by(unit, c.c.category)):
        counts.setdefault(unit_id, {k: 0 for k in CATEGORIES})[category] = n
    return counts


RECENT_DAYS = (14, 120)  # windows tried before a unit's whole history
# After the first window, when at most this share of the units is left, they are looked up in
# their own history at once: the list of every unit misses 4–7 % of them in the last fortnight
# (at province), and the wider window would read four months of everyone's check-ins
# (SQLite 0.2 s against 0.03 s, PostgreSQL 0.25 s against 0.11 s). One directive's units miss
# far more (20–90 %): the wider window is then the cheaper way.
FEW_LEFT_SHARE = 0.1


def _last_checkins(s: Session, as_of: dt.date, unit_ids: set[int], directive_id: int | None,
                   recent: dict[int, dt.date]) -> dict[int, dt.date]:
    """The date of each unit's latest check-in up to `as_of`, given `recent`: every unit's
    in the first window (RECENT_DAYS[0] days). Nearly every unit reported in the last weeks,
    so recent check-ins (a range of the reported_on index) are looked at first and only the
    units not found there are searched over their whole history — the same answer as one
    pass over every check-in (1.5 million in a province: 0.8 s), in a fraction."""
    found = {u: d for u, d in recent.items() if u in unit_ids}
    missing = set(unit_ids) - found.keys()
    for days in (*RECENT_DAYS[1:], None):
        if not missing:
            break
        if len(missing) <= FEW_LEFT_SHARE * len(unit_ids):
            days = None
        since = None if days is None else as_of - dt.timedelta(days=days)
        got = _latest_checkins(s, as_of, since, missing if days is None else None, directive_id)
        found |= {u: d for u, d in got.items() if u in missing}
        missing -= found.keys()
        if days is None:
            break
    return found


def _latest_checkins(s: Session, as_of: dt.date, since: dt.date | None, units: set[int] | None,
                     directive_id: int | None) -> dict[int, dt.date]:
    """unit id → its latest check-in up to `as_of`: after `since` for every unit (from the
    check-ins' date index, covering reported_on and assignment_id), or over the whole history
    of `units` (the few left: from their assignments)."""
    unit = group_key(Assignment.unit_id)
    q = (select(unit, func.max(Checkin.reported_on))
         .select_from(Checkin).join(Assignment, Checkin.assignment_id == Assignment.id)
         .where(Checkin.reported_on <= as_of, Assignment.assigned_on <= as_of)
         .group_by(unit))
    if since is not None:
        q = q.where(Checkin.reported_on > since)
    else:
        q = q.where(Assignment.unit_id.in_(units or ()))
    if directive_id is not None:
        q = q.join(Task, Task.id == Assignment.task_id).where(Task.directive_id == directive_id)
    return dict(s.execute(q).all())


@dataclass
class ScorecardList:
    as_of: dt.date
    search: str | None
    rows: list[Scorecard]


def load_scorecards(ws: Workspace, search: str | None = None,
                    directive_id: int | None = None) -> ScorecardList:
    """The units section: every unit with assignments, or those whose name or abbreviation
    matches `search` (diacritic-insensitive)."""
    as_of = ws.today
    with ws.session() as s:
        ids = None
        if search and search.strip():
            ids = {u.id for u in list_units(s, search.strip(), include_groups=False)}
        return ScorecardList(as_of, search, scorecards(s, as_of, unit_ids=ids, directive_id=directive_id,
                                                       alongside=ws.db.read_alongside))


# --- one unit ---------------------------------------------------------------------------------


@dataclass
class HistoryStep:
    unit_id: int
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    since: dt.date | None     # when this name took over from the previous one


@dataclass
class UnitDetail:
    as_of: dt.date
    id: int
    name: str
    short_name: str | None
    kind: str
    is_group: bool
    aliases: list[str]
    valid_from: dt.date | None
    valid_to: dt.date | None
    history: list[HistoryStep]           # predecessors, this unit, successors, in time
    groups: list[str]                    # the groups it belongs to
    members: list[str]                   # for a group: its members
    scorecard: Scorecard | None
    assignments: list = field(default_factory=list)  # AssignmentRow

    @property
    def predecessors(self) -> list[HistoryStep]:
        i = next(i for i, h in enumerate(self.history) if h.unit_id == self.id)
        return self.history[:i]

    @property
    def successors(self) -> list[HistoryStep]:
        i = next(i for i, h in enumerate(self.history) if h.unit_id == self.id)
        return self.history[i + 1:]


def load_unit_detail(ws: Workspace, unit_id: int) -> UnitDetail:
    from core.errors import NotFoundError
    from core.services.assignments import AssignmentFilter, list_assignments

    as_of = ws.today
    with ws.session() as s:
        unit = s.get(Unit, unit_id, options=[selectinload(Unit.aliases)])
        if unit is None:
            raise NotFoundError(f"Không tìm thấy đơn vị số {unit_id}.")
        chain = unit_history(s, unit)
        history = []
        for i, u in enumerate(chain):
            since = u.valid_from
            if since is None and i > 0 and chain[i - 1].valid_to is not None:
                since = chain[i - 1].valid_to + dt.timedelta(days=1)
            history.append(HistoryStep(u.id, u.name, u.valid_from, u.valid_to, since if i > 0 else u.valid_from))
        groups = s.scalars(select(Unit.name).join(UnitGroupMember, UnitGroupMember.group_id == Unit.id)
                           .where(UnitGroupMember.member_id == unit.id).order_by(Unit.sort_key)).all()
        members = s.scalars(select(Unit.name).join(UnitGroupMember, UnitGroupMember.member_id == Unit.id)
                            .where(UnitGroupMember.group_id == unit.id).order_by(Unit.sort_key)).all()
        aliases = [a.alias for a in unit.aliases]
        if unit.short_name and unit.short_name not in aliases:
            aliases.insert(0, unit.short_name)
        if unit.is_group:
            ids = set(s.scalars(select(UnitGroupMember.member_id).where(UnitGroupMember.group_id == unit.id)))
        else:
            ids = {unit.id}
        cards = scorecards(s, as_of, unit_ids=ids)
        card = _sum_cards(unit, cards)
        rows = _unit_assignments(s, unit, ids, as_of, card.total if card else 0)
        return UnitDetail(
            as_of=as_of, id=unit.id, name=unit.name, short_name=unit.short_name, kind=unit.kind,
            is_group=unit.is_group, aliases=aliases, valid_from=unit.valid_from, valid_to=unit.valid_to,
            history=history, groups=list(groups), members=list(members), scorecard=card, assignments=rows,
        )


def _sum_cards(unit: Unit, cards: list[Scorecard]) -> Scorecard | None:
    if not cards:
        return None
    if len(cards) == 1 and cards[0].unit_id == unit.id:
        return cards[0]
    counts = {k: sum(c.counts.get(k, 0) for c in cards) for k in CATEGORIES}
    last = max((c.last_checkin_on for c in cards if c.last_checkin_on), default=None)
    return Scorecard(unit.id, unit.name, unit.short_name, counts, last, unit.sort_key)


def _unit_assignments(s: Session, unit: Unit, ids: set[int], as_of: dt.date, expected: int) -> list:
    """The unit's assignments through list_assignments by its name; when the name resolves to
    another unit of the same name (a renamed or re-created unit), per directive instead."""
    from core.errors import DondocError
    from core.services.assignments import AssignmentFilter, list_assignments

    if not expected:
        return []
    try:
        rows = [r for r in list_assignments(s, AssignmentFilter(unit=unit.name), as_of) if r.unit_id in ids]
    except DondocError:
        rows = []
    if len(rows) == expected:
        return rows
    directive_ids = s.scalars(select(Task.directive_id).join(Assignment, Assignment.task_id == Task.id)
                              .where(Assignment.unit_id.in_(ids)).distinct()).all()
    rows = []
    for directive_id in sorted(directive_ids):
        rows += [r for r in list_assignments(s, AssignmentFilter(directive=str(directive_id)), as_of)
                 if r.unit_id in ids]
    rows.sort(key=lambda r: (r.standing.due is None, r.standing.due or dt.date.min, r.directive_id, r.task_path))
    return rows
