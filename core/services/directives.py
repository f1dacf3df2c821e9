"""Directives: finding one from what a clerk types, listing, and storing a whole directive
(its item tree, deadlines and assignments) from a draft, in one transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.errors import AmbiguousError, NotFoundError, ValidationError
from core.models import (
    Assignment,
    AssignmentMode,
    AssignmentRole,
    Deadline,
    Directive,
    NodeKind,
    Task,
)
from core.periods import Cycle, get_cycle, periods_between
from core.text import fold, nfc
from core.units import UnitResolver

if TYPE_CHECKING:
    from core.deadlines import Deadline as DeadlineValue


def find_directive(s: Session, ref: str) -> Directive:
    """A directive from its id ("3" or "#3"), its number ("855/QĐ-UBND", folded match) or
    words of its type and summary (diacritic-insensitive; must match exactly one)."""
    text = nfc((ref or "").strip()) or ""
    if not text:
        raise ValidationError("Chưa nhập văn bản (số hiệu, mã số hoặc từ khóa trích yếu).")
    if text.lstrip("#").isdigit():
        found = s.get(Directive, int(text.lstrip("#")))
        if found is None:
            raise NotFoundError(f"Không có văn bản mã số {text.lstrip('#')}.")
        return found
    key = fold(text)
    by_number = [d for d in s.scalars(select(Directive).where(Directive.number_text.is_not(None)))
                 if fold(d.number_text or "") == key]
    if len(by_number) == 1:
        return by_number[0]
    words = key.split()
    q = select(Directive)
    for w in words:
        q = q.where(Directive.summary_folded.contains(w, autoescape=True))
    hits = list(s.scalars(q.limit(6)))
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFoundError(f"Không tìm thấy văn bản «{text}». Xem danh sách: «dondoc directives».")
    names = "; ".join(f"#{d.id} {d.title}" for d in hits[:5])
    raise AmbiguousError(f"«{text}» khớp với nhiều văn bản: {names}. Hãy ghi số hiệu hoặc mã số.")


# How directives are listed: newest first, the undated last.
NEWEST_FIRST = (Directive.signed_on.desc().nulls_last(), Directive.id)


def list_directives(s: Session) -> list[Directive]:
    return list(s.scalars(select(Directive).order_by(*NEWEST_FIRST)))


def directive_cycle(directive: Directive) -> Cycle:
    return get_cycle(directive.reporting_cycle)


def directive_periods(directive: Directive, until: dt.date) -> list:
    """The directive's reporting periods from its signing date to `until`."""
    start = directive.signed_on or until
    return periods_between(directive_cycle(directive), start, max(start, until))


def task_count(s: Session, directive_id: int) -> int:
    return s.scalar(select(func.count()).select_from(Task).where(
        Task.directive_id == directive_id, Task.kind == NodeKind.TASK.value)) or 0


# --- storing a directive from a draft ------------------------------------------------------


@dataclass
class StoredDirective:
    directive: Directive
    tasks: int
    assignments: int


def _deadline_row(value: dict[str, Any] | DeadlineValue | None) -> Deadline:
    # Imported here: the deadline parser's patterns take ≈0.02 s to build, and a CLI query
    # that never stores a directive does without them.
    from core.deadlines import Deadline as DeadlineValue
    from core.deadlines import DeadlineKind

    if value is None:
        return Deadline(kind=DeadlineKind.NONE.value)
    if isinstance(value, DeadlineValue):
        return Deadline(kind=str(value.kind), start=value.start, due=value.due,
                        phrase=value.phrase, inherited=value.inherited)
    def d(v):
        return dt.date.fromisoformat(v) if isinstance(v, str) else v
    kind = DeadlineKind(value.get("kind") or "none")
    return Deadline(kind=kind.value, start=d(value.get("start")), due=d(value.get("due")),
                    phrase=value.get("phrase"), inherited=bool(value.get("inherited", False)))


def store_directive(s: Session, draft: dict[str, Any], resolver: UnitResolver, *,
                    today: dt.date | None = None) -> StoredDirective:
    """Store a directive draft: {"directive": {...}, "nodes": [{ref, label, kind, text,
    assignment_line, lead, coordinating, requested, deadline}]}.

    Unit names are resolved (groups expand to one assignment per member); an unknown unit
    raises before anything is written, since the caller's session rolls back. Assignments of
    an undated directive are dated `today` (the workspace's business date) when given."""
    from core.docnumber import parse_doc_number

    meta = draft["directive"]
    number_text = meta.get("number")
    parsed = parse_doc_number(number_text) if number_text else None
    signed_on = dt.date.fromisoformat(meta["signed_on"]) if meta.get("signed_on") else None
    period = meta.get("period") or {}
    reporting = meta.get("reporting") or {}
    cycle = reporting.get("cycle")
    if cycle:
        get_cycle(cycle)  # validates
    directive = Directive(
        doc_type=meta["doc_type"],
        number_text=parsed.text if parsed else None,
        number=parsed.number if parsed else None,
        number_year=parsed.year if parsed else None,
        type_code=(parsed.type_code if parsed else meta.get("type_code")),
        issuer_code=parsed.issuer_code if parsed else None,
        office_code=parsed.office_code if parsed else None,
        issuer=meta["issuer"],
        signed_on=signed_on,
        place=meta.get("place"),
        signer=meta.get("signer"),
        summary=meta.get("summary") or "",
        parent_refs=list(meta.get("parent_refs") or []),
        period_start=dt.date.fromisoformat(period["start"]) if period.get("start") else None,
        period_end=dt.date.fromisoformat(period["end"]) if period.get("end") else None,
        period_phrase=period.get("phrase"),
        reporting_cycle=cycle,
        reporting_phrase=reporting.get("phrase"),
        source_file=draft.get("source_file"),
    )
    s.add(directive)
    assigned_on = signed_on or today or dt.date.today()  # undated: the business date
    by_ref: dict[str, Task] = {}
    n_tasks = n_assignments = 0
    for position, node in enumerate(draft["nodes"]):
        ref = node["ref"]
        parent_ref = _parent_ref(ref)
        task = Task(
            directive=directive,
            parent=by_ref.get(parent_ref) if parent_ref else None,
            kind=node.get("kind", NodeKind.TASK.value),
            label=node.get("label") or ref.rsplit(".", 1)[-1],
            path=ref,
            position=position,
            text=node.get("text") or "",
            assignment_line=node.get("assignment_line"),
        )
        by_ref[ref] = task
        s.add(task)
        if task.kind != NodeKind.TASK.value:
            continue
        n_tasks += 1
        deadline = _deadline_row(node.get("deadline"))
        task.deadline = deadline
        requested = {fold(n) for n in node.get("requested") or []}
        seen: set[int] = set()
        for role, names in ((AssignmentRole.LEAD, node.get("lead") or []),
                            (AssignmentRole.COORDINATING, node.get("coordinating") or [])):
            for name in names:
                res = resolver.resolve(name, on=signed_on)
                group_id = res.unit.id if res.unit.member_ids else None
                mode = AssignmentMode.REQUESTED if fold(name) in requested else AssignmentMode.ORDERED
                for unit_id in res.unit_ids:
                    if unit_id in seen:
                        continue
                    seen.add(unit_id)
                    s.add(Assignment(task=task, unit_id=unit_id, role=role.value, mode=mode.value,
                                     via_group_id=group_id, deadline=deadline, assigned_on=assigned_on))
                    n_assignments += 1
    s.flush()
    return StoredDirective(directive, n_tasks, n_assignments)


def _parent_ref(ref: str) -> str | None:
    if "-" in ref:
        return ref.rsplit("-", 1)[0]
    if "." in ref:
        return ref.rsplit(".", 1)[0]
    return None
