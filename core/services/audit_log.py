"""Reading the audit log: who changed what, when. Any registered clerk may read it.

The rows are written by core.services.audit (an ORM listener); here they are filtered in SQL,
newest first, with the clerk's display name, and described in one short Vietnamese line.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from core.errors import ValidationError
from core.models import AuditEntry, Base, Clerk
from core.services.workspace import Workspace
from core.text import printable

ACTION_VERBS = {"insert": "thêm", "update": "sửa", "delete": "xóa"}
VALUE_WIDTH = 30     # characters of one old or new value in a description
FIELDS_SHOWN = 4     # changed fields named in one description
NOISE_FIELDS = {"version"}  # bumped by every update; says nothing to a clerk


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime                 # UTC, naive
    business_date: dt.date | None   # the workspace's date when the change was made
    clerk_id: int | None
    os_user: str | None
    clerk_name: str | None
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def author(self) -> str:
        return self.clerk_name or self.os_user or "(không rõ)"


def list_audit(ws: Workspace, *, entity: str | None = None, os_user: str | None = None,
               since: dt.date | None = None, until: dt.date | None = None,
               limit: int = 50) -> list[AuditRow]:
    """The newest `limit` changes matching every filter given; dates are business dates."""
    _check_filters(entity, since, until, limit)
    query = _filtered(select(AuditEntry, Clerk.display_name).outerjoin(Clerk, AuditEntry.clerk_id == Clerk.id),
                      entity, os_user, since, until)
    with ws.session() as s:
        ws.acting_clerk(s)  # unknown or disabled OS users are refused
        rows = s.execute(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)).all()
        return [_row(entry, name) for entry, name in rows]


def _check_filters(entity: str | None, since: dt.date | None, until: dt.date | None, limit: int) -> None:
    if limit is None or limit <= 0:
        raise ValidationError(f"--limit phải là số dương, không phải «{limit}».")
    if entity is not None and entity not in Base.metadata.tables:
        known = ", ".join(sorted(t for t in Base.metadata.tables if t != AuditEntry.__tablename__))
        raise ValidationError(f"Không có loại bản ghi «{entity}». Các loại: {known}.")
    if since and until and since > until:
        raise ValidationError(f"Từ ngày {since:%d/%m/%Y} sau đến ngày {until:%d/%m/%Y}.")


def _filtered(query: Select, entity, os_user, since, until) -> Select:
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    if os_user is not None:
        query = query.where(AuditEntry.os_user == os_user.strip())
    if since is not None:
        query = query.where(AuditEntry.business_date >= since)
    if until is not None:
        query = query.where(AuditEntry.business_date <= until)
    return query


def _row(entry: AuditEntry, clerk_name: str | None) -> AuditRow:
    return AuditRow(entry.id, entry.at, entry.business_date, entry.clerk_id, entry.os_user, clerk_name,
                    entry.action, entry.entity, entry.entity_id, entry.before, entry.after)


# --- one line per change --------------------------------------------------------------------


def describe_change(row: AuditRow) -> str:
    """E.g. «sửa checkins #12: progress 40 → 60», «thêm checkins #13», «xóa clerk_units»."""
    verb = ACTION_VERBS.get(row.action, row.action)
    target = f"{row.entity} #{row.entity_id}" if row.entity_id else row.entity
    line = f"{verb} {target}"
    if row.action == "update":
        changes = _changes(row.before or {}, row.after or {})
        if changes:
            line += ": " + changes
    return printable(line)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    keys = [k for k in after if k not in NOISE_FIELDS] or list(after)
    parts = [f"{k} {_shown(before.get(k))} → {_shown(after.get(k))}" for k in keys[:FIELDS_SHOWN]]
    if len(keys) > FIELDS_SHOWN:
        parts.append(f"… (+{len(keys) - FIELDS_SHOWN})")
    return "; ".join(parts)


def _shown(value: Any) -> str:
    """A value on one short line: strings as they are, the rest as JSON."""
    if value is None:
        return "∅"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(printable(text).split())
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1].rstrip() + "…"
