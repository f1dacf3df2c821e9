"""An audit row for every write, taken from the ORM itself so no service can forget one.

After each flush, every inserted, updated or deleted model (except the log itself) is
written to audit_log with its values before and after, and the actor the service put in
`session.info["actor"]`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from core.models import AuditEntry, Base

# payload: an issued report's figures — large, and kept whole in its own row anyway.
_SKIP_COLUMNS = {"sort_key", "name_folded", "alias_folded", "text_folded", "summary_folded", "payload"}


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def _values(obj: Base, *, old: bool) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIP_COLUMNS:
            continue
        if old:
            hist = state.attrs[attr.key].history
            if hist.deleted:
                out[attr.key] = _plain(hist.deleted[0])
            elif hist.unchanged:
                out[attr.key] = _plain(hist.unchanged[0])
        else:
            out[attr.key] = _plain(getattr(obj, attr.key, None))
    out.update(_links(obj, old=old))
    return out


def _links(obj: Base, *, old: bool) -> dict[str, list]:
    """Many-to-many links (a clerk's units) as lists of names, when they changed in this
    flush: their rows live in an association table no model stands for."""
    state = inspect(obj)
    out: dict[str, list] = {}
    for rel in state.mapper.relationships:
        if rel.secondary is None:
            continue
        hist = state.attrs[rel.key].history
        if not (hist.added or hist.deleted):
            continue
        items = [*hist.unchanged, *(hist.deleted if old else hist.added)]
        out[rel.key] = sorted(str(getattr(i, "name", None) or _entity_id(i)) for i in items)
    return out


def _entity_id(obj: Base) -> str | None:
    state = inspect(obj)
    # New rows have no identity key yet in after_flush; their primary key is already set.
    ident = state.identity or state.mapper.primary_key_from_instance(obj)
    if ident is None or all(i is None for i in ident):
        return None
    return ",".join(str(i) for i in ident)


@event.listens_for(Session, "after_flush")
def _record(session: Session, _flush_context) -> None:
    actor = session.info.get("actor") or {}
    rows: list[dict[str, Any]] = []
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)

    def add(action: str, obj: Base, before, after) -> None:
        if isinstance(obj, AuditEntry):
            return
        rows.append({
            "at": now,
            "business_date": actor.get("business_date"),
            "clerk_id": actor.get("clerk_id"),
            "os_user": actor.get("os_user"),
            "action": action,
            "entity": obj.__tablename__,
            "entity_id": _entity_id(obj),
            "before": before,
            "after": after,
        })

    for obj in session.new:
        add("insert", obj, None, _values(obj, old=False))
    for obj in session.dirty:
        if not session.is_modified(obj):
            continue
        before, after = _values(obj, old=True), _values(obj, old=False)
        changed = {k for k in after if before.get(k) != after.get(k)}
        if changed:
            add("update", obj, {k: before.get(k) for k in changed}, {k: after[k] for k in changed})
    for obj in session.deleted:
        add("delete", obj, _values(obj, old=True), None)
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)
