"""The history of one assignment in date order: check-ins, extensions, confirmations/returns
and the audit entries that touch it (or its task and deadline).

Only facts dated on or before the as-of date are history; later ones are counted as hidden,
so a clerk looking at an earlier date sees what was known then.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from core.errors import NotFoundError
from core.models import Assignment, AuditEntry, Checkin, Clerk, Confirmation, Extension, Task
from core.services.workspace import Workspace

FACT_ENTITIES = ("checkins", "confirmations", "extensions")

# kinds of entries, in the order they sort within one day
KINDS = ("audit", "checkin", "extension_requested", "extension_granted", "extension_refused",
         "confirm", "return")


@dataclass
class TimelineEntry:
    on: dt.date
    kind: str                       # one of KINDS
    clerk: str | None = None
    # check-in
    status: str | None = None
    progress: int | None = None
    completed_on: dt.date | None = None
    result: str = ""
    difficulties: str = ""
    proposals: str = ""
    reference: str = ""
    # extension
    original_due: dt.date | None = None
    new_due: dt.date | None = None
    # extension reason, decision note, return reason
    reason: str = ""
    note: str = ""
    # audit
    action: str | None = None
    entity: str | None = None
    entity_id: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    order: int = 0                  # id of the underlying row, for a stable order


@dataclass
class Timeline:
    assignment_id: int | None
    task_id: int
    as_of: dt.date
    entries: list[TimelineEntry]
    hidden: int                     # facts dated after as_of


def audit_entries(s: Session, assignment_id: int | None, task_id: int) -> list[AuditEntry]:
    """Audit rows about an assignment (its own row and its check-ins, confirmations and
    extensions, found by the assignment id in the values before/after) and about its task
    and the deadline rows they use."""
    task = s.get(Task, task_id)
    if task is None:
        raise NotFoundError(f"Không có nhiệm vụ mã số {task_id}.")
    deadline_ids = {task.deadline_id}
    conds = [and_(AuditEntry.entity == "tasks", AuditEntry.entity_id == str(task_id))]
    if assignment_id is not None:
        a = s.get(Assignment, assignment_id)
        if a is None:
            raise NotFoundError(f"Không có phân công mã số {assignment_id}.")
        deadline_ids.add(a.deadline_id)
        conds.append(and_(AuditEntry.entity == "assignments", AuditEntry.entity_id == str(assignment_id)))
        conds.append(and_(
            AuditEntry.entity.in_(FACT_ENTITIES),
            or_(AuditEntry.after["assignment_id"].as_integer() == assignment_id,
                AuditEntry.before["assignment_id"].as_integer() == assignment_id)))
    ids = [str(i) for i in deadline_ids if i is not None]
    if ids:
        conds.append(and_(AuditEntry.entity == "deadlines", AuditEntry.entity_id.in_(ids)))
    return list(s.scalars(select(AuditEntry).where(or_(*conds)).order_by(AuditEntry.at, AuditEntry.id)))


def audit_date(entry: AuditEntry) -> dt.date:
    """The business date of a change; rows written without one (imports) by their clock date."""
    return entry.business_date or entry.at.date()


def timeline_of(s: Session, task_id: int, assignment_id: int | None, as_of: dt.date, *,
                include_fact_inserts: bool = False) -> Timeline:
    """Entries dated on or before `as_of` in date order, and how many later ones exist.

    The audit rows that record the insertion of a check-in, confirmation or extension repeat
    the fact itself; they are left out unless `include_fact_inserts`."""
    names = dict(s.execute(select(Clerk.id, Clerk.display_name)).all())
    entries: list[TimelineEntry] = []
    if assignment_id is not None:
        a = s.get(Assignment, assignment_id)
        if a is None:
            raise NotFoundError(f"Không có phân công mã số {assignment_id}.")
        original_due = a.deadline.due
        for c in s.scalars(select(Checkin).where(Checkin.assignment_id == assignment_id)):
            entries.append(TimelineEntry(
                on=c.reported_on, kind="checkin", clerk=names.get(c.clerk_id), status=c.status,
                progress=c.progress, completed_on=c.completed_on, result=c.result,
                difficulties=c.difficulties, proposals=c.proposals, reference=c.reference, order=c.id))
        for d in s.scalars(select(Confirmation).where(Confirmation.assignment_id == assignment_id)):
            entries.append(TimelineEntry(on=d.decided_on, kind=d.decision, clerk=names.get(d.clerk_id),
                                         reason=d.reason, order=d.id))
        for e in s.scalars(select(Extension).where(Extension.assignment_id == assignment_id)):
            entries.append(TimelineEntry(on=e.requested_on, kind="extension_requested",
                                         clerk=names.get(e.requested_by), original_due=original_due,
                                         new_due=e.new_due, reason=e.reason, order=e.id))
            if e.status in ("granted", "refused") and e.decided_on is not None:
                entries.append(TimelineEntry(on=e.decided_on, kind=f"extension_{e.status}",
                                             clerk=names.get(e.decided_by), original_due=original_due,
                                             new_due=e.new_due, reason=e.reason, note=e.decision_note,
                                             order=e.id))
    for row in audit_entries(s, assignment_id, task_id):
        if not include_fact_inserts and row.action == "insert" and row.entity in FACT_ENTITIES:
            continue
        changes = dict(row.after or row.before or {})
        entries.append(TimelineEntry(
            on=audit_date(row), kind="audit", clerk=names.get(row.clerk_id) or row.os_user,
            action=row.action, entity=row.entity, entity_id=row.entity_id, changes=changes,
            order=row.id))
    entries.sort(key=lambda e: (e.on, KINDS.index(e.kind), e.order))
    shown = [e for e in entries if e.on <= as_of]
    return Timeline(assignment_id=assignment_id, task_id=task_id, as_of=as_of, entries=shown,
                    hidden=len(entries) - len(shown))


def load_timeline(ws: Workspace, task_id: int, assignment_id: int | None) -> Timeline:
    with ws.session() as s:
        return timeline_of(s, task_id, assignment_id, ws.today)
