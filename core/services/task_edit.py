"""The Office edits one task: its text, its units (lead and coordinating) and its deadline.

`load_task_for_edit` returns the current values and the versions it read;
`save_task_edit` writes everything in ONE transaction and refuses (ConflictError) when another
clerk changed the task meanwhile, so the clerk can look again without losing what was typed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from core.deadlines import DeadlineKind, parse_deadline
from core.errors import ConflictError, NotFoundError, ValidationError
from core.models import (
    Assignment,
    AssignmentMode,
    AssignmentRole,
    AuditEntry,
    Checkin,
    Clerk,
    Confirmation,
    Deadline,
    Extension,
    NodeKind,
    Task,
)
from core.services.permissions import require_office
from core.services.units import unit_records
from core.services.workspace import Workspace
from core.services.write_service import write_service
from core.text import nfc
from core.units import Resolution, UnitRecord, UnitResolver

SEPARATORS = ";\n"


@dataclass(frozen=True)
class TaskEditData:
    task_id: int
    path: str
    directive_title: str
    doc_year: int | None
    signed_on: dt.date | None
    text: str
    lead: str             # unit names, "; "-separated (a group is named once)
    coordinating: str
    deadline_phrase: str
    deadline_kind: str
    deadline_due: dt.date | None
    task_version: int
    deadline_version: int | None
    units: tuple[UnitRecord, ...] = field(default=(), repr=False)  # for validation as typed


@dataclass(frozen=True)
class TaskEditResult:
    task_version: int
    deadline_version: int | None
    deadline_replaced: bool
    added: tuple[str, ...]
    removed: tuple[str, ...]


def _get_task(s: Session, task_id: int) -> Task:
    task = s.get(Task, task_id)
    if task is None or task.kind != NodeKind.TASK.value:
        raise NotFoundError(f"Không có nhiệm vụ mã số {task_id}.")
    return task


def _names(assignments: list[Assignment], role: str) -> str:
    names: list[str] = []
    for a in assignments:
        if a.role != role:
            continue
        name = a.via_group.name if a.via_group is not None else a.unit.name
        if name not in names:
            names.append(name)
    return "; ".join(names)


def load_task_for_edit(ws: Workspace, task_id: int) -> TaskEditData:
    with ws.session() as s:
        task = _get_task(s, task_id)
        d = task.directive
        dl = task.deadline
        return TaskEditData(
            task_id=task.id, path=task.path, directive_title=d.title,
            doc_year=d.signed_on.year if d.signed_on else None, signed_on=d.signed_on,
            text=task.text or "",
            lead=_names(task.assignments, AssignmentRole.LEAD.value),
            coordinating=_names(task.assignments, AssignmentRole.COORDINATING.value),
            deadline_phrase=(dl.phrase or "") if dl else "",
            deadline_kind=dl.kind if dl else DeadlineKind.NONE.value,
            deadline_due=dl.due if dl else None,
            task_version=task.version, deadline_version=dl.version if dl else None,
            units=tuple(unit_records(s)),
        )


def split_unit_names(text: str, resolver: UnitResolver | None = None,
                     on: dt.date | None = None) -> list[str]:
    """Names typed in one field: separated by «;», new lines or commas. A comma inside a
    unit's own name («UBND các huyện, thị xã, thành phố») is kept when the joined pieces name
    a unit exactly."""
    text = nfc(text or "") or ""
    parts: list[str] = []
    for chunk in text.replace("\n", ";").split(";"):
        pieces = [p.strip() for p in chunk.split(",")]
        i = 0
        while i < len(pieces):
            taken = 1
            if resolver is not None:
                for j in range(len(pieces), i + 1, -1):
                    joined = ", ".join(pieces[i:j])
                    try:
                        if resolver.resolve(joined, on=on).exact:
                            taken = j - i
                            break
                    except Exception:  # noqa: BLE001 - not a name: try a shorter span
                        continue
            name = ", ".join(pieces[i:i + taken]).strip()
            if name:
                parts.append(name)
            i += taken
    return parts


def resolve_names(resolver: UnitResolver, text: str, on: dt.date | None) -> list[Resolution]:
    """Every name of a field resolved; the first unknown or vague one raises its own error."""
    return [resolver.resolve(name, on=on) for name in split_unit_names(text, resolver, on)]


def parse_phrase(phrase: str, doc_year: int | None):
    return parse_deadline(nfc(phrase or "") or "", doc_year=doc_year)


def _who_changed(s: Session, task: Task) -> str:
    ids = [str(task.id)]
    row = s.scalar(select(AuditEntry).where(
        or_((AuditEntry.entity == "tasks") & (AuditEntry.entity_id.in_(ids)),
            (AuditEntry.entity == "deadlines") & (AuditEntry.entity_id == str(task.deadline_id))))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1))
    if row is None:
        return "Nhiệm vụ đã được một cán bộ khác sửa"
    clerk = s.get(Clerk, row.clerk_id) if row.clerk_id else None
    who = clerk.display_name if clerk else (row.os_user or "?")
    at = row.at.replace(tzinfo=dt.timezone.utc).astimezone()
    return f"Nhiệm vụ đã được «{who}» sửa lúc {at:%H:%M} ngày {at:%d/%m/%Y}"


def _has_history(s: Session, a: Assignment) -> bool:
    return bool(s.scalar(select(
        exists().where(Checkin.assignment_id == a.id)
        | exists().where(Confirmation.assignment_id == a.id)
        | exists().where(Extension.assignment_id == a.id))))


@write_service
def save_task_edit(ws: Workspace, task_id: int, *, text: str, lead: str, coordinating: str,
                   deadline_phrase: str, expected_task_version: int,
                   expected_deadline_version: int | None) -> TaskEditResult:
    """One transaction: check versions, update the text, replace the deadline when its phrase
    changed, and add or remove assignments so the units match what was typed."""
    text = (nfc(text or "") or "").strip()
    phrase = (nfc(deadline_phrase or "") or "").strip()
    with ws.session() as s:
        clerk = ws.acting_clerk(s)
        require_office(clerk, "sửa nhiệm vụ")
        task = _get_task(s, task_id)
        old_dl = task.deadline
        if task.version != expected_task_version or (
                old_dl is not None and old_dl.version != expected_deadline_version):
            raise ConflictError(
                f"{_who_changed(s, task)}; hãy xem lại — nội dung bạn nhập vẫn được giữ.")
        if not text:
            raise ValidationError("Nội dung nhiệm vụ không được để trống.")
        directive = task.directive
        on = directive.signed_on
        resolver = UnitResolver(unit_records(s))
        lead_res = resolve_names(resolver, lead, on)
        coord_res = resolve_names(resolver, coordinating, on)
        if not lead_res:
            raise ValidationError("Nhiệm vụ phải có ít nhất một đơn vị chủ trì.")

        s.autoflush = False  # one UPDATE of the task (and one version step) per save
        changed = False
        if text != task.text:
            task.text = text
            changed = True

        replaced = False
        if old_dl is None or phrase != (old_dl.phrase or "").strip():
            value = parse_phrase(phrase, on.year if on else None)
            row = Deadline(kind=str(value.kind), start=value.start, due=value.due,
                           phrase=phrase or None, inherited=False)
            s.add(row)
            old_id = task.deadline_id
            task.deadline = row
            for a in task.assignments:
                if a.deadline_id == old_id:
                    a.deadline = row
            replaced = changed = True
        deadline = task.deadline

        wanted: dict[int, tuple[str, int | None]] = {}
        for role, results in ((AssignmentRole.LEAD.value, lead_res),
                              (AssignmentRole.COORDINATING.value, coord_res)):
            for res in results:
                group_id = res.unit.id if res.unit.member_ids else None
                for unit_id in res.unit_ids:
                    wanted.setdefault(unit_id, (role, group_id))
        current = {a.unit_id: a for a in task.assignments}
        names = {r.id: r.name for r in resolver.records}
        added: list[str] = []
        removed: list[str] = []
        for unit_id, a in list(current.items()):
            if unit_id in wanted:
                role, group_id = wanted[unit_id]
                if a.role != role:
                    a.role = role
                    changed = True
                if a.via_group_id != group_id:
                    a.via_group_id = group_id
                    changed = True
                continue
            if _has_history(s, a):
                raise ValidationError(
                    f"Không thể bỏ đơn vị «{a.unit.name}» khỏi nhiệm vụ {task.path}: đơn vị đã có "
                    "báo cáo tiến độ hoặc quyết định về nhiệm vụ này (lịch sử được giữ nguyên).")
            removed.append(a.unit.name)
            s.delete(a)  # explicit, so the audit log sees the delete
            task.assignments.remove(a)
            changed = True
        for unit_id, (role, group_id) in wanted.items():
            if unit_id in current:
                continue
            s.add(Assignment(task=task, unit_id=unit_id, role=role, mode=AssignmentMode.ORDERED.value,
                             via_group_id=group_id, deadline=deadline,
                             assigned_on=on or ws.today))
            added.append(names.get(unit_id, str(unit_id)))
            changed = True
        if changed and not s.is_modified(task, include_collections=False):
            flag_modified(task, "text")  # the task's version moves with any part of the edit
        s.flush()
        s.autoflush = True
        return TaskEditResult(task_version=task.version,
                              deadline_version=deadline.version if deadline else None,
                              deadline_replaced=replaced, added=tuple(added), removed=tuple(removed))


__all__ = ["TaskEditData", "TaskEditResult", "load_task_for_edit", "save_task_edit",
           "split_unit_names", "resolve_names", "parse_phrase"]
