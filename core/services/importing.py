"""Importing a directive file: plan it, let the clerk decide, commit it in one transaction.

`plan_import(ws, path)` reads and parses the file (core.importer) and checks the draft against
the workspace: every unit name is resolved on the document's date; a name that is unknown,
ambiguous or vague becomes a `UnitProblem` with up to five suggestions; a directive already
stored (same number and issuer; for one with no number, same type, issuer, date and summary)
makes the document an update of that directive. Nothing is written.

`commit_import(ws, plan, choices)` writes what the clerk decided (`ImportChoices`: per unknown
name map / new / drop; per task accepted or dropped, and corrected text, units and deadline)
in ONE transaction: an error anywhere leaves nothing written. Only the Office (or an
administrator) may import. Bundled documents are stored with `parent_id` = the cover letter.
Updating an existing directive never duplicates it: tasks are matched by their reference; a
task or an assignment that has check-ins, decisions or extensions is never deleted.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from core.deadlines import Deadline as DeadlineValue
from core.deadlines import DeadlineKind, parse_deadline
from core.docnumber import parse_doc_number
from core.errors import AmbiguousError, DondocError, UnknownUnitError, ValidationError
from core.importer import DraftDocument, DraftNode, ImportDraft, import_file, suggest_units
from core.importer.export import document_to_store_draft
from core.models import (
    Assignment,
    AssignmentMode,
    AssignmentRole,
    Checkin,
    Confirmation,
    Deadline,
    Directive,
    Extension,
    NodeKind,
    Task,
    Unit,
)
from core.services.directives import store_directive
from core.services.permissions import require_office
from core.services.task_edit import split_unit_names
from core.services.units import unit_records
from core.services.workspace import Workspace
from core.services.write_service import write_service
from core.text import fold, nfc, normalise_space
from core.units import Resolution, UnitRecord, UnitResolver, VagueUnitError, unit_key

__all__ = [
    "UnitOption",
    "UnitProblem",
    "PlannedUnit",
    "PlannedTask",
    "PlannedUpdate",
    "PlannedDocument",
    "ImportPlan",
    "UnitChoice",
    "TaskChoice",
    "ImportChoices",
    "StoredImport",
    "ImportResult",
    "ImportChoicesError",
    "plan_import",
    "plan_draft",
    "commit_import",
    "unresolved_problems",
    "unit_label",
    "name_key",
    "draft_title",
]

SUGGESTIONS = 5
NEW_UNIT_KIND = "other"


class ImportChoicesError(ValidationError):
    """The clerk has not decided what some unknown unit names are; nothing was written."""

    def __init__(self, message: str, problems: list[UnitProblem]):
        super().__init__(message)
        self.problems = problems


# --- the plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitOption:
    """A known unit offered for an unknown name."""

    unit_id: int
    name: str
    label: str  # the name, with its validity when another unit has the same name


@dataclass
class UnitProblem:
    """A unit name in the file that does not resolve to exactly one known unit."""

    name: str                      # as written in the file
    kind: str                      # unknown | ambiguous | vague
    message: str                   # the resolver's Vietnamese explanation
    suggestions: list[UnitOption]  # closest known units, best first (at most 5)
    tasks: list[tuple[int, str]] = field(default_factory=list)  # (document index, task ref)


@dataclass(frozen=True)
class PlannedUnit:
    name: str              # as written
    role: str              # lead | coordinating
    requested: bool        # "Đề nghị X" rather than "Giao X"
    unit_id: int | None    # None: a problem the clerk must decide
    unit_name: str | None
    members: int = 0       # a group: how many member units get an assignment


@dataclass
class PlannedTask:
    document: int
    node: DraftNode
    units: list[PlannedUnit]
    uncertain: list[str]          # the parser's fields to check, plus units not found
    reasons: dict[str, str]       # field name -> Vietnamese reason

    @property
    def ref(self) -> str:
        return self.node.ref

    @property
    def text(self) -> str:
        return self.node.text

    @property
    def deadline(self) -> DeadlineValue:
        return self.node.deadline or DeadlineValue(DeadlineKind.NONE)

    @property
    def problems(self) -> list[str]:
        return [u.name for u in self.units if u.unit_id is None]


@dataclass
class PlannedUpdate:
    """What importing the document again would do to the directive already stored."""

    directive_id: int
    title: str
    matched: list[str]   # task refs present in both
    added: list[str]     # tasks only in the file
    missing: list[str]   # tasks only in the database: removed, unless they have history
    kept: list[str]      # of `missing`, those with check-ins, decisions or extensions (kept)


@dataclass
class PlannedDocument:
    index: int
    draft: DraftDocument
    title: str
    on: dt.date | None         # the date unit names are resolved on
    year: int | None           # the year of dates written without one
    bundled_in: int | None     # index of the cover letter that carries it
    update: PlannedUpdate | None
    tasks: list[PlannedTask]

    @property
    def nodes(self) -> list[DraftNode]:
        return self.draft.nodes


@dataclass
class ImportPlan:
    source_file: str
    source_name: str
    draft: ImportDraft
    documents: list[PlannedDocument]
    problems: list[UnitProblem]
    units: tuple[UnitRecord, ...] = field(default=(), repr=False)  # to check the clerk's edits

    @property
    def tasks(self) -> list[PlannedTask]:
        return [t for d in self.documents for t in d.tasks]

    @property
    def updates(self) -> list[PlannedDocument]:
        return [d for d in self.documents if d.update is not None]

    def problem(self, name: str) -> UnitProblem | None:
        key = name_key(name)
        return next((p for p in self.problems if name_key(p.name) == key), None)

    def task(self, document: int, ref: str) -> PlannedTask | None:
        return next((t for t in self.documents[document].tasks if t.ref == ref), None)


# --- the clerk's choices ----------------------------------------------------------------------


@dataclass(frozen=True)
class UnitChoice:
    action: str                 # map | new | drop
    unit_id: int | None = None  # map: the known unit
    name: str | None = None     # new: the unit's name (default: as written)

    @classmethod
    def map_to(cls, unit_id: int) -> UnitChoice:
        return cls("map", unit_id=unit_id)

    @classmethod
    def new(cls, name: str | None = None) -> UnitChoice:
        return cls("new", name=name)

    @classmethod
    def drop(cls) -> UnitChoice:
        return cls("drop")


@dataclass
class TaskChoice:
    """Accept or drop a task; None fields keep what the file says. Units are a list of names
    or one string separated by «;» (as the form field is typed)."""

    accepted: bool = True
    text: str | None = None
    lead: str | list[str] | None = None
    coordinating: str | list[str] | None = None
    deadline_phrase: str | None = None  # re-read with the document's year; "" = its period


@dataclass
class ImportChoices:
    units: dict[str, UnitChoice] = field(default_factory=dict)   # by the name as written
    tasks: dict[tuple[int, str], TaskChoice] = field(default_factory=dict)  # (document, ref)
    update: bool = False  # allowed to update directives already stored

    def unit_choice(self, name: str) -> UnitChoice | None:
        if name in self.units:
            return self.units[name]
        key = name_key(name)
        return next((c for n, c in self.units.items() if name_key(n) == key), None)

    def task_choice(self, document: int, ref: str) -> TaskChoice:
        return self.tasks.get((document, ref)) or TaskChoice()


# --- the result -------------------------------------------------------------------------------


@dataclass
class StoredImport:
    document: int
    directive_id: int
    title: str
    updated: bool                  # False: a new directive
    tasks: int = 0                 # tasks of the directive after the import
    assignments: int = 0           # assignments created
    tasks_added: list[str] = field(default_factory=list)
    tasks_changed: list[str] = field(default_factory=list)
    tasks_removed: list[str] = field(default_factory=list)
    tasks_kept: list[str] = field(default_factory=list)          # not in the file, kept: history
    assignments_removed: int = 0
    assignments_kept: list[str] = field(default_factory=list)    # "II.1.3 · Sở Y tế": history


@dataclass
class ImportResult:
    documents: list[StoredImport]
    units_created: list[str]
    tasks_dropped: int
    warnings: list[str]

    @property
    def tasks(self) -> int:
        return sum(d.tasks for d in self.documents)

    @property
    def assignments(self) -> int:
        return sum(d.assignments for d in self.documents)


# --- helpers ----------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """How two spellings of one unknown name are recognised as the same name."""
    return fold(normalise_space(nfc(name or "") or ""))


def _ddmmyyyy(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def unit_label(record: UnitRecord, records: tuple[UnitRecord, ...] | list[UnitRecord]) -> str:
    """The unit's name; with its validity when another unit bears the same name (the
    departments before and after the 2025 mergers)."""
    same = [r for r in records if r.id != record.id and fold(r.name) == fold(record.name)]
    if not same or not (record.valid_from or record.valid_to):
        return record.name
    if record.valid_from and record.valid_to:
        span = f"{_ddmmyyyy(record.valid_from)}–{_ddmmyyyy(record.valid_to)}"
    elif record.valid_to:
        span = f"đến {_ddmmyyyy(record.valid_to)}"
    else:
        span = f"từ {_ddmmyyyy(record.valid_from)}"
    return f"{record.name} ({span})"


def draft_title(doc: DraftDocument) -> str:
    kind = doc.doc_type or "Văn bản"
    if doc.number:
        return f"{kind} {doc.number}"
    if doc.signed_on:
        return f"{kind} ngày {_ddmmyyyy(doc.signed_on)}"
    return f"{kind} (không số, không ngày)"


def _ids_on(record: UnitRecord, by_id: dict[int, UnitRecord], on: dt.date | None) -> tuple[int, ...]:
    """What assignments go to: the unit, or a group's members that exist on `on`."""
    if not record.member_ids:
        return (record.id,)
    ids = tuple(record.member_ids)
    if on is None:
        return ids
    current = tuple(i for i in ids if i in by_id and by_id[i].valid_on(on))
    return current or ids


class _Units:
    """The unit list of one session, with suggestions for names it does not know."""

    def __init__(self, records: list[UnitRecord]):
        self.records = tuple(records)
        self.resolver = UnitResolver(records)
        self.by_id = {r.id: r for r in records}
        # Names and aliases to suggest from; bare codes ("STC", "CA") only add noise to fuzzy
        # matching, and the suggestion shows the unit's name anyway.
        self._by_text: dict[str, list[UnitRecord]] = {}
        for r in records:
            for text in (r.name, *r.aliases):
                if text == r.name or len(text.split()) > 1 or len(text) > 5:
                    self._by_text.setdefault(text, []).append(r)

    def suggestions(self, name: str, on: dt.date | None) -> list[UnitOption]:
        found = suggest_units(name, list(self._by_text), limit=SUGGESTIONS * 3)
        out: list[UnitOption] = []
        seen: set[int] = set()
        for text in found:
            units = sorted(self._by_text[text], key=lambda r: (on is not None and not r.valid_on(on),
                                                               r.valid_to is not None, r.id))
            for r in units:
                if r.id not in seen:
                    seen.add(r.id)
                    out.append(UnitOption(r.id, r.name, unit_label(r, self.records)))
        # units valid on the document's date first, keeping the similarity order otherwise
        if on is not None:
            out.sort(key=lambda o: not self.by_id[o.unit_id].valid_on(on))
        return out[:SUGGESTIONS]

    def resolution(self, record: UnitRecord, on: dt.date | None) -> Resolution:
        return Resolution(record, _ids_on(record, self.by_id, on), 100.0, True)

    def add(self, record: UnitRecord) -> None:
        self.records = self.records + (record,)
        self.by_id[record.id] = record


def _problem_kind(exc: Exception) -> str:
    if isinstance(exc, VagueUnitError):
        return "vague"
    if isinstance(exc, AmbiguousError):
        return "ambiguous"
    return "unknown"


def _resolve(units: _Units, name: str, on: dt.date | None) -> Resolution:
    return units.resolver.resolve(name, on=on)


# --- finding the directive already stored -----------------------------------------------------


def _issuer_key(text: str | None) -> str:
    return unit_key(text or "")


def _number_key(text: str) -> tuple[str, int | None]:
    """The folded number and symbol, and its number (to narrow the query) when it parses."""
    try:
        parsed = parse_doc_number(text)
    except DondocError:
        return fold(normalise_space(text)), None
    return fold(parsed.text), parsed.number


def find_existing(s: Session, doc: DraftDocument) -> Directive | None:
    """The stored directive this document is: same number and issuer; for a document with no
    number, same type, issuer and signing date and a matching summary."""
    issuer = _issuer_key(doc.issuer)
    if doc.number:
        key, number = _number_key(doc.number)
        q = select(Directive).where(Directive.number_text.is_not(None))
        if number is not None:
            q = q.where(Directive.number == number)
        for d in s.scalars(q.order_by(Directive.id)):
            if fold(d.number_text or "") == key and _issuer_key(d.issuer) == issuer:
                return d
        return None
    q = select(Directive).where(Directive.number_text.is_(None))
    q = q.where(Directive.signed_on == doc.signed_on) if doc.signed_on else q.where(Directive.signed_on.is_(None))
    summary = fold(normalise_space(doc.summary or ""))
    for d in s.scalars(q.order_by(Directive.id)):
        if fold(d.doc_type) != fold(doc.doc_type or "Văn bản") or _issuer_key(d.issuer) != issuer:
            continue
        theirs = fold(normalise_space(d.summary or ""))
        if summary == theirs or (summary and theirs and fuzz.ratio(summary, theirs) >= 90):
            return d
    return None


def _has_history(s: Session, assignment_ids: list[int]) -> set[int]:
    """Which of these assignments have check-ins, decisions or extensions."""
    if not assignment_ids:
        return set()
    out: set[int] = set()
    for model in (Checkin, Confirmation, Extension):
        out.update(s.scalars(select(model.assignment_id).where(model.assignment_id.in_(assignment_ids))))
    return out


def _planned_update(s: Session, d: Directive, doc: DraftDocument) -> PlannedUpdate:
    stored = {t.path: t for t in d.tasks if t.kind == NodeKind.TASK.value}
    refs = [t.ref for t in doc.tasks]
    missing = [p for p in stored if p not in set(refs)]
    ids = [a.id for p in missing for a in stored[p].assignments]
    history = _has_history(s, ids)
    kept = [p for p in missing if any(a.id in history for a in stored[p].assignments)]
    return PlannedUpdate(d.id, d.title, [r for r in refs if r in stored], [r for r in refs if r not in stored],
                         missing, kept)


# --- planning ---------------------------------------------------------------------------------


def plan_import(ws: Workspace, path: str | Path) -> ImportPlan:
    """Read, parse and check a file against the workspace; nothing is written.

    ImportDocumentError (Vietnamese) for a file that is not a readable directive."""
    draft = import_file(path)
    return plan_draft(ws, draft, str(path))


def plan_draft(ws: Workspace, draft: ImportDraft, source_file: str | None = None) -> ImportPlan:
    with ws.session() as s:
        units = _Units(unit_records(s))
        problems: dict[str, UnitProblem] = {}
        documents: list[PlannedDocument] = []
        for i, doc in enumerate(draft.documents):
            cover = draft.documents[doc.bundled_in] if doc.bundled_in is not None else None
            on = doc.signed_on or (cover.signed_on if cover else None) or ws.today
            year = doc.year or (cover.year if cover else None) or on.year
            existing = find_existing(s, doc)
            update = _planned_update(s, existing, doc) if existing is not None else None
            tasks = [_plan_task(i, node, units, on, problems) for node in doc.tasks]
            documents.append(PlannedDocument(i, doc, draft_title(doc), on, year, doc.bundled_in, update, tasks))
    name = draft.source_name or (Path(source_file).name if source_file else "")
    return ImportPlan(source_file=source_file or name, source_name=name, draft=draft, documents=documents,
                      problems=list(problems.values()), units=units.records)


def _plan_task(index: int, node: DraftNode, units: _Units, on: dt.date | None,
               problems: dict[str, UnitProblem]) -> PlannedTask:
    requested = {name_key(n) for n in node.requested}
    planned: list[PlannedUnit] = []
    uncertain = list(node.uncertain)
    reasons = dict(node.reasons)
    for role, names in ((AssignmentRole.LEAD.value, node.lead), (AssignmentRole.COORDINATING.value, node.coordinating)):
        missing: list[str] = []
        for name in names:
            try:
                res = _resolve(units, name, on)
            except (UnknownUnitError, AmbiguousError, VagueUnitError) as exc:
                key = name_key(name)
                problem = problems.get(key)
                if problem is None:
                    problem = problems[key] = UnitProblem(name, _problem_kind(exc), str(exc),
                                                          units.suggestions(name, on))
                problem.tasks.append((index, node.ref))
                planned.append(PlannedUnit(name, role, name_key(name) in requested, None, None))
                missing.append(name)
                continue
            planned.append(PlannedUnit(name, role, name_key(name) in requested, res.unit.id, res.unit.name,
                                       len(res.unit.member_ids)))
        if missing:
            why = "Chưa rõ đơn vị: " + "; ".join(f"«{n}»" for n in missing) + " (cần chọn đơn vị)."
            if role in uncertain:
                reasons[role] = f"{reasons.get(role, '')} {why}".strip()
            else:
                uncertain.append(role)
                reasons[role] = why
    return PlannedTask(index, node, planned, uncertain, reasons)


def unresolved_problems(plan: ImportPlan, choices: ImportChoices) -> list[UnitProblem]:
    """The unknown names still used by an accepted task that have no choice yet."""
    out: list[UnitProblem] = []
    for p in plan.problems:
        if choices.unit_choice(p.name) is not None:
            continue
        used = False
        for doc_index, ref in p.tasks:
            choice = choices.task_choice(doc_index, ref)
            if not choice.accepted:
                continue
            task = plan.task(doc_index, ref)
            names = list(task.node.lead if choice.lead is None else []) + \
                list(task.node.coordinating if choice.coordinating is None else [])
            key = name_key(p.name)
            for value in (choice.lead, choice.coordinating):
                if isinstance(value, str):
                    # typed: the name may hold commas, so look for it in the whole field
                    if key in {name_key(x) for x in value.replace("\n", ";").split(";")}:
                        names.append(p.name)
                elif value is not None:
                    names += value
            if any(name_key(n) == key for n in names):
                used = True
                break
        if used:
            out.append(p)
    return out


def _unresolved_message(problems: list[UnitProblem]) -> str:
    lines = [f"Còn {len(problems)} tên đơn vị chưa có trong danh mục, chưa được xử lý; chưa ghi gì:"]
    for p in problems:
        line = f"- «{p.name}»"
        if p.suggestions:
            line += ": có phải " + "; ".join(o.label for o in p.suggestions) + "?"
        else:
            line += ": không có đơn vị nào gần giống."
        lines.append(line)
    lines.append("Hãy chọn cho mỗi tên: một đơn vị có sẵn, tạo đơn vị mới, hoặc bỏ tên đó.")
    return "\n".join(lines)


# --- committing -------------------------------------------------------------------------------


class _Committer:
    """One commit: the session, the unit list (grown by the units created) and the choices."""

    def __init__(self, s: Session, ws: Workspace, plan: ImportPlan, choices: ImportChoices):
        self.s = s
        self.ws = ws
        self.plan = plan
        self.choices = choices
        self.units = _Units(unit_records(s))
        self.created: dict[str, UnitRecord] = {}
        self.warnings: list[str] = []
        self.dropped_tasks = 0
        self.orphans: set[int | None] = set()  # deadline rows that may no longer be used

    # -- units
    def _new_unit(self, name: str) -> UnitRecord:
        key = name_key(name)
        if key in self.created:
            return self.created[key]
        unit = Unit(name=normalise_space(nfc(name) or ""), kind=NEW_UNIT_KIND, is_group=False)
        self.s.add(unit)
        self.s.flush()
        record = UnitRecord(id=unit.id, name=unit.name, kind=unit.kind)
        self.units.add(record)
        self.created[key] = record
        return record

    def resolve(self, name: str, on: dt.date | None, where: str) -> Resolution | None:
        """The unit a name means, by the clerk's choice or the resolver; None: dropped."""
        choice = self.choices.unit_choice(name)
        if choice is not None:
            if choice.action == "drop":
                return None
            if choice.action == "new":
                return self.units.resolution(self._new_unit(choice.name or name), on)
            if choice.action == "map":
                record = self.units.by_id.get(choice.unit_id) if choice.unit_id is not None else None
                if record is None:
                    raise ValidationError(f"{where}: đơn vị chọn cho «{name}» (mã số {choice.unit_id}) không còn "
                                          "trong danh mục.")
                return self.units.resolution(record, on)
            raise ValidationError(f"Lựa chọn không hợp lệ cho «{name}»: «{choice.action}».")
        try:
            return _resolve(self.units, name, on)
        except DondocError as exc:
            raise ValidationError(f"{where}: {exc}") from exc

    # -- the nodes to store, with the clerk's edits
    def final_nodes(self, pdoc: PlannedDocument) -> list[dict[str, Any]]:
        doc = pdoc.draft
        accepted = {t.ref: self.choices.task_choice(pdoc.index, t.ref).accepted for t in pdoc.tasks}
        self.dropped_tasks += sum(1 for v in accepted.values() if not v)
        # a dropped task that still has accepted tasks below it stays, as a heading
        parents = {m.ref: m.parent_ref for m in doc.nodes}
        below: set[str] = set()
        for n in doc.nodes:
            if n.is_task and accepted[n.ref]:
                parent = parents.get(n.ref)
                while parent and parent not in below:
                    below.add(parent)
                    parent = parents.get(parent)
        out: list[dict[str, Any]] = []
        for n in doc.nodes:
            item: dict[str, Any] = {"ref": n.ref, "label": n.label, "kind": n.kind, "text": n.text}
            if not n.is_task:
                out.append(item)
                continue
            if not accepted[n.ref]:
                if n.ref in below:
                    item["kind"] = NodeKind.SECTION.value
                    out.append(item)
                continue
            out.append(self._task_item(pdoc, n, item))
        return out

    def _task_item(self, pdoc: PlannedDocument, n: DraftNode, item: dict[str, Any]) -> dict[str, Any]:
        where = f"{pdoc.title}, nhiệm vụ {n.ref}"
        choice = self.choices.task_choice(pdoc.index, n.ref)
        if choice.text is not None:
            text = (nfc(choice.text) or "").strip()
            if not text:
                raise ValidationError(f"{where}: nội dung nhiệm vụ không được để trống.")
            item["text"] = text
        lead = n.lead if choice.lead is None else self.split(choice.lead, pdoc.on)
        coord = n.coordinating if choice.coordinating is None else self.split(choice.coordinating, pdoc.on)
        deadline = n.deadline or DeadlineValue(DeadlineKind.NONE)
        if choice.deadline_phrase is not None:
            phrase = (nfc(choice.deadline_phrase) or "").strip()
            try:
                deadline = parse_deadline(phrase, doc_year=pdoc.year, period=pdoc.draft.period)
            except DondocError as exc:
                raise ValidationError(f"{where}: {exc}") from exc
        requested = {name_key(r) for r in n.requested}
        resolved: list[tuple[str, str, Resolution, bool]] = []
        for role, names in ((AssignmentRole.LEAD.value, lead), (AssignmentRole.COORDINATING.value, coord)):
            for name in names:
                res = self.resolve(name, pdoc.on, where)
                if res is not None:
                    resolved.append((role, name, res, name_key(name) in requested))
        if not any(role == AssignmentRole.LEAD.value for role, *_ in resolved):
            if resolved:
                self.warnings.append(f"{where}: không còn đơn vị chủ trì; các đơn vị phối hợp được lưu "
                                     "như đơn vị thực hiện.")
                resolved = [(AssignmentRole.LEAD.value, *rest) for _role, *rest in resolved]
            else:
                self.warnings.append(f"{where}: không còn đơn vị nào được giao; nhiệm vụ được lưu "
                                     "không có phân công.")
        item.update({
            "assignment_line": n.assignment_line,
            "resolved": resolved,
            "lead": [name for role, name, _r, _q in resolved if role == AssignmentRole.LEAD.value],
            "coordinating": [name for role, name, _r, _q in resolved if role == AssignmentRole.COORDINATING.value],
            "requested": [name for _role, name, _r, q in resolved if q],
            "deadline": deadline,
        })
        return item

    def split(self, value: str | list[str], on: dt.date | None) -> list[str]:
        """Unit names typed in one field; a name the clerk already decided about (an unknown
        name, which may hold commas) is taken whole."""
        if not isinstance(value, str):
            return [n.strip() for n in value if n and n.strip()]
        decided = {name_key(p.name) for p in self.plan.problems} | {name_key(n) for n in self.choices.units}
        out: list[str] = []
        for chunk in (nfc(value) or "").replace("\n", ";").split(";"):
            chunk = chunk.strip()
            if not chunk:
                continue
            if name_key(chunk) in decided:
                out.append(chunk)
            else:
                out += split_unit_names(chunk, self.units.resolver, on)
        return out

    # -- storing a new directive
    def store_new(self, pdoc: PlannedDocument, nodes: list[dict[str, Any]], parent_id: int | None) -> StoredImport:
        draft = document_to_store_draft(pdoc.draft, source_file=self.plan.source_name)
        draft["nodes"] = nodes  # deadlines as core.deadlines values; "resolved" is ignored
        mapping = {name: res for n in nodes for _role, name, res, _q in n.get("resolved", [])}
        stored = store_directive(self.s, draft, _Resolved(mapping), today=self.ws.today)
        stored.directive.parent_id = parent_id
        self.s.flush()
        return StoredImport(pdoc.index, stored.directive.id, stored.directive.title, updated=False,
                            tasks=stored.tasks, assignments=stored.assignments)

    # -- updating a stored directive
    def update(self, pdoc: PlannedDocument, d: Directive, nodes: list[dict[str, Any]],
               parent_id: int | None) -> StoredImport:
        s = self.s
        result = StoredImport(pdoc.index, d.id, d.title, updated=True)
        meta = document_to_store_draft(pdoc.draft, source_file=self.plan.source_name)["directive"]
        period = meta.get("period") or {}
        reporting = meta.get("reporting") or {}
        header = {
            "doc_type": meta["doc_type"], "place": meta.get("place"), "signer": meta.get("signer"),
            "summary": meta.get("summary") or d.summary,
            "parent_refs": list(meta.get("parent_refs") or []),
            "period_start": dt.date.fromisoformat(period["start"]) if period.get("start") else None,
            "period_end": dt.date.fromisoformat(period["end"]) if period.get("end") else None,
            "period_phrase": period.get("phrase"),
            "reporting_cycle": reporting.get("cycle") or d.reporting_cycle,
            "reporting_phrase": reporting.get("phrase") or d.reporting_phrase,
            "source_file": self.plan.source_name,
        }
        if meta.get("signed_on"):
            header["signed_on"] = dt.date.fromisoformat(meta["signed_on"])
        if parent_id is not None:
            header["parent_id"] = parent_id
        for key, value in header.items():
            # what the file does not say keeps its stored value
            if value in (None, "", []):
                continue
            if getattr(d, key) != value:
                setattr(d, key, value)

        stored = {t.path: t for t in d.tasks}
        wanted_paths = {n["ref"] for n in nodes}
        assigned_on = d.signed_on or self.ws.today
        by_ref: dict[str, Task] = {}
        unit_names = {r.id: r.name for r in self.units.records}
        for position, n in enumerate(nodes):
            ref = n["ref"]
            parent = by_ref.get(_parent_ref(ref) or "")
            task = stored.get(ref)
            is_task = n["kind"] == NodeKind.TASK.value
            if task is None:
                task = Task(directive=d, parent=parent, kind=n["kind"], label=n.get("label") or ref,
                            path=ref, position=position, text=n.get("text") or "",
                            assignment_line=n.get("assignment_line"))
                s.add(task)
                by_ref[ref] = task
                if is_task:
                    task.deadline = _deadline_row(n["deadline"])
                    result.assignments += self._add_assignments(task, n, set(), assigned_on)
                    result.tasks_added.append(ref)
                continue
            by_ref[ref] = task
            changed = False
            for key, value in (("label", n.get("label") or ref), ("text", n.get("text") or ""),
                               ("position", position), ("parent", parent)):
                if getattr(task, key) is not value and getattr(task, key) != value:
                    setattr(task, key, value)
                    changed = changed or key == "text"
            if is_task and n.get("assignment_line") != task.assignment_line:
                task.assignment_line = n.get("assignment_line")
            if is_task:
                changed |= self._update_task(task, n, result, assigned_on, unit_names)
            elif task.kind == NodeKind.TASK.value:
                # a task that the file now shows as a heading: its assignments go, unless reported on
                changed |= self._update_task(task, {**n, "resolved": [], "deadline": None}, result,
                                             assigned_on, unit_names)
                if not task.assignments:
                    task.kind = NodeKind.SECTION.value
            if changed and task.kind == NodeKind.TASK.value:
                result.tasks_changed.append(ref)

        # what the file no longer has: deepest first, so children go before their parents
        missing = [t for p, t in stored.items() if p not in wanted_paths]
        missing.sort(key=lambda t: (-_depth(t.path), -t.position))
        kept_paths: set[str] = set()
        history = _has_history(s, [a.id for t in missing for a in t.assignments])
        extra = len(nodes)
        for t in missing:
            has_kept_child = any(_parent_ref(p) == t.path for p in kept_paths)
            reported = [a for a in t.assignments if a.id in history]
            if reported or has_kept_child:
                # reported on (or above something that was): kept whole, history and all
                kept_paths.add(t.path)
                if reported and t.kind == NodeKind.TASK.value:
                    result.tasks_kept.append(t.path)
                    result.assignments_kept += [f"{t.path} · {unit_names.get(a.unit_id, a.unit_id)}"
                                                for a in reported]
                continue
            if t.kind == NodeKind.TASK.value:
                result.tasks_removed.append(t.path)
                result.assignments_removed += len(t.assignments)
            self.orphans.update({t.deadline_id} | {a.deadline_id for a in t.assignments})
            for a in list(t.assignments):
                s.delete(a)
            s.delete(t)
        for t in missing:
            if t.path in kept_paths:
                t.position = extra
                extra += 1
        s.flush()
        self._delete_orphan_deadlines()
        result.tasks = s.scalar(select(func.count()).select_from(Task).where(
            Task.directive_id == d.id, Task.kind == NodeKind.TASK.value)) or 0
        result.tasks_kept.sort(key=lambda p: stored[p].position)
        result.tasks_removed.reverse()
        return result

    def _delete_orphan_deadlines(self) -> None:
        """Deadline rows that no task or assignment uses any more (replaced or deleted)."""
        for deadline_id in sorted(i for i in self.orphans if i is not None):
            used = self.s.scalar(select(
                exists().where(Task.deadline_id == deadline_id)
                | exists().where(Assignment.deadline_id == deadline_id)))
            if not used:
                row = self.s.get(Deadline, deadline_id)
                if row is not None:
                    self.s.delete(row)
        self.orphans.clear()
        self.s.flush()

    def _wanted(self, n: dict[str, Any]) -> dict[int, tuple[str, str, int | None]]:
        """unit id -> (role, mode, group id): a unit named twice keeps its first role."""
        wanted: dict[int, tuple[str, str, int | None]] = {}
        for role, _name, res, requested in n.get("resolved", []):
            group_id = res.unit.id if res.unit.member_ids else None
            mode = AssignmentMode.REQUESTED.value if requested else AssignmentMode.ORDERED.value
            for unit_id in res.unit_ids:
                wanted.setdefault(unit_id, (role, mode, group_id))
        return wanted

    def _add_assignments(self, task: Task, n: dict[str, Any], present: set[int], assigned_on: dt.date) -> int:
        added = 0
        for unit_id, (role, mode, group_id) in self._wanted(n).items():
            if unit_id in present:
                continue
            self.s.add(Assignment(task=task, unit_id=unit_id, role=role, mode=mode, via_group_id=group_id,
                                  deadline=task.deadline, assigned_on=assigned_on))
            added += 1
        return added

    def _update_task(self, task: Task, n: dict[str, Any], result: StoredImport, assigned_on: dt.date,
                     unit_names: dict[int, str]) -> bool:
        s = self.s
        changed = False
        if n.get("deadline") is not None:
            new = n["deadline"]
            old = task.deadline
            if old is None or (old.kind, old.start, old.due, old.phrase) != (str(new.kind), new.start, new.due,
                                                                               new.phrase):
                row = _deadline_row(new)
                s.add(row)
                old_id = task.deadline_id
                self.orphans.add(old_id)
                task.deadline = row
                for a in task.assignments:
                    if old_id is None or a.deadline_id == old_id:
                        a.deadline = row
                changed = True
        wanted = self._wanted(n)
        history = _has_history(s, [a.id for a in task.assignments])
        for a in list(task.assignments):
            if a.unit_id in wanted:
                role, mode, group_id = wanted[a.unit_id]
                for key, value in (("role", role), ("mode", mode), ("via_group_id", group_id)):
                    if getattr(a, key) != value:
                        setattr(a, key, value)
                        changed = True
                continue
            if a.id in history:
                result.assignments_kept.append(f"{task.path} · {unit_names.get(a.unit_id, a.unit_id)}")
                continue
            s.delete(a)
            task.assignments.remove(a)
            result.assignments_removed += 1
            changed = True
        if task.deadline is None and wanted:
            task.deadline = _deadline_row(DeadlineValue(DeadlineKind.NONE))
        added = self._add_assignments(task, n, {a.unit_id for a in task.assignments}, assigned_on)
        result.assignments += added
        return changed or added > 0


class _Resolved:
    """A resolver over the names already decided (what store_directive asks for)."""

    def __init__(self, mapping: dict[str, Resolution]):
        self.mapping = mapping

    def resolve(self, name: str, on: dt.date | None = None) -> Resolution:
        return self.mapping[name]


def _deadline_row(value: DeadlineValue) -> Deadline:
    return Deadline(kind=str(value.kind), start=value.start, due=value.due, phrase=value.phrase,
                    inherited=value.inherited)


def _parent_ref(ref: str) -> str | None:
    if "-" in ref:
        return ref.rsplit("-", 1)[0]
    if "." in ref:
        return ref.rsplit(".", 1)[0]
    return None


def _depth(ref: str) -> int:
    return ref.count(".") + ref.count("-")


@write_service
def commit_import(ws: Workspace, plan: ImportPlan, choices: ImportChoices | None = None) -> ImportResult:
    """Store the plan with the clerk's choices, in one transaction (nothing is written when
    anything fails). Office clerks and administrators only."""
    choices = choices or ImportChoices()
    with ws.session() as s:
        clerk = ws.acting_clerk(s)
        require_office(clerk, "nhập văn bản chỉ đạo")
        pending = unresolved_problems(plan, choices)
        if pending:
            raise ImportChoicesError(_unresolved_message(pending), pending)
        c = _Committer(s, ws, plan, choices)
        stored: dict[int, StoredImport] = {}
        order = sorted(plan.documents, key=lambda d: (d.bundled_in is not None, d.index))
        for pdoc in order:
            nodes = c.final_nodes(pdoc)
            parent_id = stored[pdoc.bundled_in].directive_id if pdoc.bundled_in in stored else None
            existing = find_existing(s, pdoc.draft)
            if existing is not None:
                if not choices.update:
                    raise ValidationError(
                        f"«{pdoc.title}» đã có trong cơ sở dữ liệu (văn bản mã số {existing.id}, "
                        f"«{existing.title}»). Chọn cập nhật văn bản đó; không tạo bản trùng. Chưa ghi gì.")
                stored[pdoc.index] = c.update(pdoc, existing, nodes, parent_id)
            else:
                stored[pdoc.index] = c.store_new(pdoc, nodes, parent_id)
            signed = pdoc.draft.signed_on
            if signed is not None and signed > ws.today:
                c.warnings.append(f"{pdoc.title} ký ngày {signed:%d/%m/%Y}, sau ngày đang xem {ws.today:%d/%m/%Y}: "
                                  "nhiệm vụ được giao từ ngày ký, nên văn bản chỉ hiện khi xem từ ngày đó.")
        s.flush()
        return ImportResult(documents=[stored[d.index] for d in plan.documents],
                            units_created=[r.name for r in c.created.values()],
                            tasks_dropped=c.dropped_tasks, warnings=c.warnings)
