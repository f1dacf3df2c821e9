"""Keeps assignment_states (the timeline of what each assignment's facts amount to) in step
with the facts themselves.

Why: a list or a count "as of D" over 150,000 assignments cannot afford a subquery per fact
table per row. The timeline is derived with the pure rule of core/status.py, so it can never
disagree with it, and it is recomputed for an assignment whenever one of its check-ins,
decisions or extensions is written through the ORM (a session listener, so no service can
forget it). Bulk loads that bypass the ORM call `rebuild_states` themselves.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain

from sqlalchemy import Connection, delete, event, insert, select
from sqlalchemy.orm import Session

from core.models import Assignment, AssignmentState, Checkin, Confirmation, Extension
from core.status import CheckinFact, DecisionFact, ExtensionFact, History, fact_timeline

_FACT_MODELS = (Checkin, Confirmation, Extension)
_CHUNK = 2000  # assignments per round trip when rebuilding many


@event.listens_for(Session, "after_flush")
def _facts_flushed(session: Session, _flush_context) -> None:
    touched = {
        obj.assignment_id
        for obj in chain(session.new, session.dirty, session.deleted)
        if isinstance(obj, _FACT_MODELS) and obj.assignment_id is not None
    }
    if touched:
        rebuild_states(session.connection(), touched)


def timeline_rows(assignment_id: int, history: History) -> list[dict]:
    return [
        {"assignment_id": assignment_id, "valid_from": start, "valid_to": end,
         "extended_due": st.extended_due, "confirmed": st.confirmed, "completed_on": st.completed_on,
         "awaiting": st.awaiting, "last_decision": st.last_decision,
         "last_reported_on": st.last_reported_on}
        for start, end, st in fact_timeline(history)
    ]


def _histories(conn: Connection, where_checkin, where_confirmation, where_extension) -> dict[int, History]:
    checkins: dict[int, list[CheckinFact]] = defaultdict(list)
    decisions: dict[int, list[DecisionFact]] = defaultdict(list)
    extensions: dict[int, list[ExtensionFact]] = defaultdict(list)
    c, f, e = Checkin, Confirmation, Extension
    for row in conn.execute(select(c.assignment_id, c.id, c.reported_on, c.status, c.completed_on)
                            .where(where_checkin).order_by(c.assignment_id, c.id)):
        checkins[row[0]].append(CheckinFact(row[1], row[2], row[3], row[4]))
    for row in conn.execute(select(f.assignment_id, f.id, f.checkin_id, f.decided_on, f.decision)
                            .where(where_confirmation).order_by(f.assignment_id, f.id)):
        decisions[row[0]].append(DecisionFact(row[1], row[2], row[3], row[4]))
    for row in conn.execute(select(e.assignment_id, e.id, e.new_due, e.status, e.decided_on)
                            .where(where_extension, e.status == "granted").order_by(e.assignment_id, e.id)):
        extensions[row[0]].append(ExtensionFact(row[1], row[2], row[3], row[4]))
    # The deadline does not enter the timeline (it is joined when queried), so kind/due are unused.
    return {
        aid: History(kind="date", due=None, checkins=tuple(checkins[aid]),
                     decisions=tuple(decisions[aid]), extensions=tuple(extensions[aid]))
        for aid in set(checkins) | set(decisions) | set(extensions)
    }


def _write(conn: Connection, histories: dict[int, History]) -> int:
    rows = [r for aid in sorted(histories) for r in timeline_rows(aid, histories[aid])]
    if rows:
        conn.execute(insert(AssignmentState.__table__), rows)
    return len(rows)


def rebuild_states(conn: Connection, assignment_ids: Iterable[int]) -> int:
    """Recompute the timeline of the given assignments; returns the rows written."""
    ids = sorted(set(assignment_ids))
    written = 0
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        conn.execute(delete(AssignmentState.__table__).where(AssignmentState.assignment_id.in_(chunk)))
        written += _write(conn, _histories(
            conn, Checkin.assignment_id.in_(chunk), Confirmation.assignment_id.in_(chunk),
            Extension.assignment_id.in_(chunk)))
    return written


def _id_ranges(conn: Connection) -> Iterator[tuple[int, int]]:
    ids = conn.execute(select(Assignment.id).order_by(Assignment.id)).scalars().all()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        yield chunk[0], chunk[-1]


def rebuild_all_states(conn: Connection) -> int:
    """Recompute every timeline (after a bulk load, or by a migration); returns rows written."""
    conn.execute(delete(AssignmentState.__table__))
    written = 0
    for lo, hi in _id_ranges(conn):
        written += _write(conn, _histories(
            conn, Checkin.assignment_id.between(lo, hi), Confirmation.assignment_id.between(lo, hi),
            Extension.assignment_id.between(lo, hi)))
    return written


def state_on(conn: Connection, assignment_id: int, day: dt.date) -> AssignmentState | None:
    """The stored state of one assignment on a day (None: no facts yet). For tests and tools."""
    return conn.execute(select(AssignmentState.__table__).where(
        AssignmentState.assignment_id == assignment_id, AssignmentState.valid_from <= day,
        AssignmentState.valid_to > day)).first()
