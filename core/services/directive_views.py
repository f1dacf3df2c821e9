"""Read models for the directives section: the list, one directive's task tree, one task.

Categories come from core.status.classified_query (all in SQL), grouped per directive or per
task; only the few rows a screen shows are loaded.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from core.errors import NotFoundError
from core.models import Assignment, AssignmentState, Deadline, Directive, NodeKind, Task, Unit
from core.periods import get_cycle
from core.services.assignments import period_starts
from core.services.directives import NEWEST_FIRST
from core.services.workspace import Workspace
from core.status import Category, Standing, classified_query, facts_query, group_key, standing_from_row

CATEGORIES = tuple(c.value for c in Category)


def _empty_counts() -> dict[str, int]:
    return {c: 0 for c in CATEGORIES}


def share_on_time(counts: dict[str, int]) -> float | None:
    """Done on time over the assignments that can be done (recurring ones never are)."""
    total = sum(counts.get(c, 0) for c in CATEGORIES) - counts.get(Category.RECURRING.value, 0)
    if total <= 0:
        return None
    return counts.get(Category.DONE_ON_TIME.value, 0) / total


@dataclass
class DirectiveSummary:
    id: int
    title: str
    doc_type: str
    number_text: str | None
    signed_on: dt.date | None
    issuer: str
    summary: str
    tasks: int
    counts: dict[str, int] = field(default_factory=_empty_counts)

    @property
    def assignments(self) -> int:
        return sum(self.counts.values())

    @property
    def share_on_time(self) -> float | None:
        return share_on_time(self.counts)


def _counts_by(s: Session, as_of: dt.date, key: str, *where) -> dict[int, dict[str, int]]:
    """Category counts as of `as_of` grouped by `key` ("directive_id" or "task_id")."""
    facts = facts_query(as_of, period_starts(s, as_of))
    if where:
        facts = facts.where(*where)
    c = classified_query(as_of, facts=facts).subquery("c")
    group = group_key(c.c[key])
    q = select(group, c.c.category, func.count()).group_by(group, c.c.category)
    out: dict[int, dict[str, int]] = {}
    for key, category, n in s.execute(q):
        out.setdefault(key, _empty_counts())[category] = n
    return out


def known_on(as_of: dt.date) -> ColumnElement[bool]:
    """A directive the Office had on `as_of`: it gave out a task by then (a letter received on
    08/09 is not listed as of 01/09); one with no assignment, by its signing date if any."""
    given = select(Assignment.id).join(Task, Task.id == Assignment.task_id).where(
        Task.directive_id == Directive.id)
    return or_(given.where(Assignment.assigned_on <= as_of).exists(),
               and_(~given.exists(), or_(Directive.signed_on.is_(None), Directive.signed_on <= as_of)))


def directive_summaries(s: Session, as_of: dt.date) -> list[DirectiveSummary]:
    counts = _counts_by(s, as_of, "directive_id")
    n_tasks = dict(s.execute(select(Task.directive_id, func.count())
                             .where(Task.kind == NodeKind.TASK.value).group_by(Task.directive_id)).all())
    out = []
    q = select(Directive).where(known_on(as_of)).order_by(*NEWEST_FIRST)
    for d in s.scalars(q):
        out.append(DirectiveSummary(
            id=d.id, title=d.title, doc_type=d.doc_type, number_text=d.number_text,
            signed_on=d.signed_on, issuer=d.issuer, summary=d.summary, tasks=n_tasks.get(d.id, 0),
            counts=counts.get(d.id, _empty_counts())))
    return out


def load_directive_list(ws: Workspace) -> list[DirectiveSummary]:
    with ws.session() as s:
        return directive_summaries(s, ws.today)


# --- one directive --------------------------------------------------------------------------


@dataclass
class TaskNode:
    id: int
    parent_id: int | None
    kind: str              # section | task
    label: str
    path: str
    text: str
    deadline_kind: str | None
    deadline_phrase: str | None
    due: dt.date | None
    inherited: bool
    counts: dict[str, int] = field(default_factory=_empty_counts)

    @property
    def is_task(self) -> bool:
        return self.kind == NodeKind.TASK.value


@dataclass
class DirectiveDetail:
    id: int
    as_of: dt.date
    title: str
    doc_type: str
    number_text: str | None
    signed_on: dt.date | None
    issuer: str
    signer: str | None
    summary: str
    reporting_cycle: str | None
    reporting_phrase: str | None
    cycle_name: str | None
    period_phrase: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    parent_refs: list[str]
    nodes: list[TaskNode]
    counts: dict[str, int]

    @property
    def share_on_time(self) -> float | None:
        return share_on_time(self.counts)


def directive_detail(s: Session, directive_id: int, as_of: dt.date) -> DirectiveDetail:
    d = s.get(Directive, directive_id)
    if d is None:
        raise NotFoundError(f"Không có văn bản mã số {directive_id}.")
    per_task = _counts_by(s, as_of, "task_id", AssignmentState.directive_id == d.id)
    q = (select(Task, Deadline)
         .outerjoin(Deadline, Deadline.id == Task.deadline_id)
         .where(Task.directive_id == d.id)
         .order_by(Task.position))
    nodes = []
    total = _empty_counts()
    for t, dl in s.execute(q):
        counts = per_task.get(t.id, _empty_counts())
        for k, v in counts.items():
            total[k] += v
        nodes.append(TaskNode(
            id=t.id, parent_id=t.parent_id, kind=t.kind, label=t.label, path=t.path, text=t.text,
            deadline_kind=dl.kind if dl else None, deadline_phrase=dl.phrase if dl else None,
            due=dl.due if dl else None, inherited=bool(dl and dl.inherited), counts=counts))
    return DirectiveDetail(
        id=d.id, as_of=as_of, title=d.title, doc_type=d.doc_type, number_text=d.number_text,
        signed_on=d.signed_on, issuer=d.issuer, signer=d.signer, summary=d.summary,
        reporting_cycle=d.reporting_cycle, reporting_phrase=d.reporting_phrase,
        cycle_name=get_cycle(d.reporting_cycle).name if d.reporting_cycle else None,
        period_phrase=d.period_phrase, period_start=d.period_start, period_end=d.period_end,
        parent_refs=list(d.parent_refs or []), nodes=nodes, counts=total)


def load_directive_detail(ws: Workspace, directive_id: int) -> DirectiveDetail:
    with ws.session() as s:
        return directive_detail(s, directive_id, ws.today)


# --- assignments of one task ----------------------------------------------------------------


@dataclass
class TaskAssignment:
    id: int
    unit_id: int
    unit_name: str
    role: str
    mode: str
    via_group: str | None
    deadline_phrase: str | None
    standing: Standing
    flags: list[str] = field(default_factory=list)


def task_assignments(s: Session, task_id: int, as_of: dt.date) -> list[TaskAssignment]:
    facts = facts_query(as_of, period_starts(s, as_of)).where(AssignmentState.task_id == task_id)
    c = classified_query(as_of, facts=facts).subquery("c")
    group = Unit.__table__.alias("grp")
    q = (select(c, Assignment.unit_id, Assignment.role, Assignment.mode, Unit.name,
                group.c.name.label("group_name"), Deadline.phrase)
         .join(Assignment, Assignment.id == c.c.assignment_id)
         .join(Unit, Unit.id == Assignment.unit_id)
         .outerjoin(group, group.c.id == Assignment.via_group_id)
         .join(Deadline, Deadline.id == Assignment.deadline_id)
         .order_by(Assignment.role.desc(), Assignment.id))  # lead before coordinating
    out = []
    for r in s.execute(q):
        st = standing_from_row(r, as_of)
        flags = [name for name, on in (("due_soon", st.due_soon), ("awaiting", st.awaiting_confirmation),
                                       ("returned", st.returned),
                                       ("unreported", st.reported_in_period is False)) if on]
        out.append(TaskAssignment(id=r.assignment_id, unit_id=r.unit_id, unit_name=r.name, role=r.role,
                                  mode=r.mode, via_group=r.group_name, deadline_phrase=r.phrase,
                                  standing=st, flags=flags))
    return out


def load_task_assignments(ws: Workspace, task_id: int) -> list[TaskAssignment]:
    with ws.session() as s:
        return task_assignments(s, task_id, ws.today)


# --- one task -------------------------------------------------------------------------------


@dataclass
class TaskView:
    id: int
    as_of: dt.date
    directive_id: int
    directive_title: str
    kind: str
    path: str
    text: str
    assignment_line: str | None
    deadline_kind: str | None
    deadline_phrase: str | None
    deadline_start: dt.date | None
    due: dt.date | None
    inherited: bool
    directive_period_phrase: str | None
    assignments: list[TaskAssignment]


def task_view(s: Session, task_id: int, as_of: dt.date) -> TaskView:
    t = s.get(Task, task_id)
    if t is None:
        raise NotFoundError(f"Không có nhiệm vụ mã số {task_id}.")
    dl = t.deadline
    d = t.directive
    return TaskView(
        id=t.id, as_of=as_of, directive_id=d.id, directive_title=d.title, kind=t.kind, path=t.path,
        text=t.text, assignment_line=t.assignment_line,
        deadline_kind=dl.kind if dl else None, deadline_phrase=dl.phrase if dl else None,
        deadline_start=dl.start if dl else None, due=dl.due if dl else None,
        inherited=bool(dl and dl.inherited), directive_period_phrase=d.period_phrase,
        assignments=task_assignments(s, t.id, as_of))


def load_task_view(ws: Workspace, task_id: int) -> TaskView:
    with ws.session() as s:
        return task_view(s, task_id, ws.today)
