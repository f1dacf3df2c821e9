"""Named filters of the assignment list, kept per clerk (table saved_filters)."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import NotFoundError, ValidationError
from core.models import SavedFilter
from core.services.assignments import AssignmentFilter
from core.text import fold, nfc, normalise_space

NAME_MAX = 80


@dataclass
class StoredFilter:
    id: int
    name: str
    filter: AssignmentFilter


def filter_to_json(flt: AssignmentFilter) -> dict:
    out = {}
    for k, v in asdict(flt).items():
        if v in (None, ""):
            continue
        out[k] = v.isoformat() if isinstance(v, dt.date) else v
    return out


def filter_from_json(data: dict) -> AssignmentFilter:
    known = {f.name for f in fields(AssignmentFilter)}
    kw = {k: v for k, v in (data or {}).items() if k in known and v not in (None, "")}
    for k in ("due_before", "due_after"):
        if isinstance(kw.get(k), str):
            kw[k] = dt.date.fromisoformat(kw[k])
    return AssignmentFilter(**kw)


def _clean_name(name: str) -> str:
    name = normalise_space(nfc(name or "") or "")
    if not name:
        raise ValidationError("Chưa nhập tên bộ lọc.")
    if len(name) > NAME_MAX:
        raise ValidationError(f"Tên bộ lọc dài quá {NAME_MAX} ký tự.")
    return name


def _owned(s: Session, clerk_id: int | None):
    q = select(SavedFilter)
    return q.where(SavedFilter.clerk_id.is_(None) if clerk_id is None else SavedFilter.clerk_id == clerk_id)


def save_filter(s: Session, clerk_id: int | None, name: str, flt: AssignmentFilter) -> StoredFilter:
    """Store `flt` under `name` for the clerk; names are unique per clerk (ignoring case and
    diacritics), a duplicate is refused with a Vietnamese message."""
    name = _clean_name(name)
    for other in s.scalars(_owned(s, clerk_id)):
        if fold(other.name) == fold(name):
            raise ValidationError(f"Đã có bộ lọc tên «{other.name}». Hãy chọn tên khác.")
    row = SavedFilter(clerk_id=clerk_id, name=name, filter=filter_to_json(flt))
    s.add(row)
    s.flush()
    return StoredFilter(id=row.id, name=row.name, filter=filter_from_json(row.filter))


def list_filters(s: Session, clerk_id: int | None) -> list[StoredFilter]:
    from core.text import sort_key

    rows = list(s.scalars(_owned(s, clerk_id)))
    rows.sort(key=lambda r: sort_key(r.name))
    return [StoredFilter(id=r.id, name=r.name, filter=filter_from_json(r.filter)) for r in rows]


def delete_filter(s: Session, clerk_id: int | None, filter_id: int) -> None:
    row = s.get(SavedFilter, filter_id)
    if row is None or row.clerk_id != clerk_id:
        raise NotFoundError("Không có bộ lọc này (có thể đã bị xóa).")
    s.delete(row)
    s.flush()


# --- for the TUI: the clerk comes from the workspace -------------------------------------------

def _clerk_id(ws, s: Session) -> int | None:
    clerk = ws.clerk(s)
    return clerk.id if clerk else None


def save_for_clerk(ws, name: str, flt: AssignmentFilter) -> StoredFilter:
    with ws.session() as s:
        return save_filter(s, _clerk_id(ws, s), name, flt)


def list_for_clerk(ws) -> list[StoredFilter]:
    with ws.session() as s:
        return list_filters(s, _clerk_id(ws, s))


def delete_for_clerk(ws, filter_id: int) -> bool:
    with ws.session() as s:
        delete_filter(s, _clerk_id(ws, s), filter_id)
    return True
