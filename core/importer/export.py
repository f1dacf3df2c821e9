"""The draft as JSON (what `dondoc import --dry-run --json` prints, what score.py reads) and
as the {"directive", "nodes"} draft that core.services.directives.store_directive stores."""
from __future__ import annotations

from core.deadlines import Deadline, DeadlineKind
from core.docnumber import DOC_TYPES
from core.importer.model import DraftDocument, DraftNode, ImportDraft

__all__ = ["draft_to_json", "document_to_json", "document_to_store_draft", "deadline_dict"]

_TYPE_CODES = {name: code for code, name in DOC_TYPES.items()}


def _iso(d) -> str | None:
    return d.isoformat() if d is not None else None


def deadline_dict(d: Deadline | None) -> dict:
    if d is None:
        d = Deadline(DeadlineKind.NONE)
    return {"kind": str(d.kind), "start": _iso(d.start), "due": _iso(d.due), "phrase": d.phrase}


def _period(doc: DraftDocument) -> dict | None:
    p = doc.period
    if p is None:
        return None
    return {"start": _iso(p.start), "end": _iso(p.due)}


def _reporting(doc: DraftDocument) -> dict | None:
    r = doc.reporting
    return None if r is None else {"cycle": r.cycle, "phrase": r.phrase}


def _task_json(t: DraftNode) -> dict:
    return {
        "ref": t.ref,
        "text": t.text,
        "lead": list(t.lead),
        "coordinating": list(t.coordinating),
        "deadline": deadline_dict(t.deadline),
        "uncertain": list(t.uncertain),
    }


def document_to_json(doc: DraftDocument) -> dict:
    return {
        "doc_type": doc.doc_type,
        "number": doc.number,
        "issuer": doc.issuer,
        "signed_on": _iso(doc.signed_on),
        "place": doc.place,
        "summary": doc.summary,
        "signer": doc.signer,
        "parent_refs": list(doc.parent_refs),
        "period": _period(doc),
        "reporting": _reporting(doc),
        "tasks": [_task_json(t) for t in doc.tasks],
    }


def draft_to_json(draft: ImportDraft) -> dict:
    """{"documents": [{doc_type, number, issuer, signed_on, place, summary, signer,
    parent_refs, period, reporting, tasks: [{ref, text, lead, coordinating, deadline,
    uncertain}]}]} with ISO dates."""
    return {"documents": [document_to_json(d) for d in draft.documents]}


def document_to_store_draft(doc: DraftDocument, source_file: str | None = None) -> dict:
    """{"directive": {...}, "nodes": [...]} for store_directive; sections are kept as nodes so
    the tree survives, parents before children."""
    period = None
    if doc.period is not None:
        period = {"start": _iso(doc.period.start), "end": _iso(doc.period.due), "phrase": doc.period.phrase}
    directive = {
        "doc_type": doc.doc_type or "Văn bản",
        "type_code": _TYPE_CODES.get(doc.doc_type or ""),
        "number": doc.number,
        "issuer": doc.issuer or "",
        "signed_on": _iso(doc.signed_on),
        "place": doc.place,
        "signer": doc.signer,
        "summary": doc.summary or "",
        "parent_refs": list(doc.parent_refs),
        "period": period,
        "reporting": _reporting(doc),
    }
    nodes = []
    for n in doc.nodes:
        item = {"ref": n.ref, "label": n.label, "kind": n.kind, "text": n.text}
        if n.is_task:
            item.update({
                "assignment_line": n.assignment_line,
                "lead": list(n.lead),
                "coordinating": list(n.coordinating),
                "requested": list(n.requested),
                "deadline": deadline_dict(n.deadline),
                "uncertain": list(n.uncertain),
            })
        nodes.append(item)
    out = {"directive": directive, "nodes": nodes}
    if source_file is not None:
        out["source_file"] = source_file
    return out
