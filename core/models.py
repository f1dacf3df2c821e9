"""The vocabulary of DOMAIN.md as SQLAlchemy 2 typed models.

History is kept, never overwritten: check-ins, confirmations and extensions are rows of their
own, so the standing of an assignment can be recomputed as of any date (core/status.py).
Every string column is NFC-normalised on the way in (NFCString), which is the database side
of "normalise at the boundary".
"""
from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from core.text import nfc

# Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class NFCString(TypeDecorator[str]):
    """A string stored in Unicode NFC whatever form the caller handed in."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return nfc(value)


class NFCShort(NFCString):
    impl = String(255)
    cache_ok = True


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# --- enumerations (stored as short strings) -----------------------------------------------


class Role(StrEnum):
    ADMIN = "admin"
    OFFICE = "office"
    UNIT = "unit"
    VIEWER = "viewer"


class AssignmentRole(StrEnum):
    LEAD = "lead"                  # chủ trì
    COORDINATING = "coordinating"  # phối hợp


class AssignmentMode(StrEnum):
    ORDERED = "giao"       # "Giao X": a state body is ordered
    REQUESTED = "de_nghi"  # "Đề nghị X": a party or mass body is asked


class CheckinStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"


class Decision(StrEnum):
    CONFIRM = "confirm"
    RETURN = "return"


class ExtensionStatus(StrEnum):
    REQUESTED = "requested"
    GRANTED = "granted"
    REFUSED = "refused"


class NodeKind(StrEnum):
    SECTION = "section"
    TASK = "task"


# --- units and clerks -----------------------------------------------------------------------


class Unit(Base):
    """A body that is given work. Renames and merges make a new row; the old one keeps its
    name, gets valid_to and points at its successor, so past tasks keep the name they had."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(NFCShort)
    short_name: Mapped[str | None] = mapped_column(NFCShort)
    kind: Mapped[str] = mapped_column(String(32), default="other")
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    sort_key: Mapped[bytes] = mapped_column(LargeBinary, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    aliases: Mapped[list[UnitAlias]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.id"
    )
    parent: Mapped[Unit | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    successor: Mapped[Unit | None] = relationship(remote_side=[id], foreign_keys=[successor_id])

    __mapper_args__ = {"version_id_col": version}


class UnitAlias(Base):
    """A short name, abbreviation or variant spelling that also means the unit."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(NFCShort)
    alias_folded: Mapped[str] = mapped_column(String(255), index=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")


class UnitGroupMember(Base):
    """Membership of a unit group ("UBND các huyện, thị xã, thành phố" → each district)."""

    __tablename__ = "unit_group_members"

    group_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True, index=True)


class Clerk(Base):
    """A person who uses dondoc; identified by the OS user that runs it."""

    __tablename__ = "clerks"

    id: Mapped[int] = mapped_column(primary_key=True)
    os_user: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(NFCShort)
    role: Mapped[str] = mapped_column(String(16), default=Role.VIEWER.value)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    units: Mapped[list[Unit]] = relationship(secondary="clerk_units")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint("role in ('admin','office','unit','viewer')", name="role"),)


class ClerkUnit(Base):
    __tablename__ = "clerk_units"

    clerk_id: Mapped[int] = mapped_column(ForeignKey("clerks.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)


# --- directives and tasks -------------------------------------------------------------------


class Directive(Base):
    """An official document that assigns work (Kế hoạch, Quyết định, Công văn, ...)."""

    __tablename__ = "directives"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(NFCShort)            # "Kế hoạch"
    number_text: Mapped[str | None] = mapped_column(NFCShort)  # "855/QĐ-UBND" as printed
    number: Mapped[int | None] = mapped_column(Integer)
    number_year: Mapped[int | None] = mapped_column(Integer)
    type_code: Mapped[str | None] = mapped_column(NFCShort)
    issuer_code: Mapped[str | None] = mapped_column(NFCShort)
    office_code: Mapped[str | None] = mapped_column(NFCShort)
    issuer: Mapped[str] = mapped_column(NFCShort)
    signed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    place: Mapped[str | None] = mapped_column(NFCShort)
    signer: Mapped[str | None] = mapped_column(NFCShort)
    summary: Mapped[str] = mapped_column(NFCString, default="")
    summary_folded: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("directives.id"))
    parent_refs: Mapped[list[str]] = mapped_column(JSON, default=list)
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    period_phrase: Mapped[str | None] = mapped_column(NFCString)
    reporting_cycle: Mapped[str | None] = mapped_column(String(32))  # core.periods cycle spec
    reporting_phrase: Mapped[str | None] = mapped_column(NFCString)
    source_file: Mapped[str | None] = mapped_column(NFCString)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    parent: Mapped[Directive | None] = relationship(remote_side=[id])
    tasks: Mapped[list[Task]] = relationship(
        back_populates="directive", cascade="all, delete-orphan", order_by="Task.position"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("issuer", "number_text"),
        Index("ix_directives_reporting_cycle", "reporting_cycle"),  # the cycles in use (migration 0010)
    )

    @property
    def title(self) -> str:
        return directive_title(self.doc_type, self.number_text, self.signed_on)


def directive_title(doc_type: str, number_text: str | None, signed_on: dt.date | None) -> str:
    """How a clerk names a directive: "Kế hoạch 14/08/2021" or "Quyết định 855/QĐ-UBND"
    (from its columns, for lists that need no Directive objects)."""
    if number_text:
        return f"{doc_type} {number_text}"
    if signed_on is None:
        return f"{doc_type} (không số, không ngày)"
    return f"{doc_type} ngày {signed_on:%d/%m/%Y}"


class Deadline(Base):
    """A deadline as the document wrote it (phrase) and as interpreted (kind, start, due).

    Rows are shared: a task's assignments point at the task's row unless one was given its
    own. Extensions never change a row; they are rows of their own."""

    __tablename__ = "deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[dt.date | None] = mapped_column(Date)
    due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    phrase: Mapped[str | None] = mapped_column(NFCString)
    inherited: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(
            "kind in ('date','recurring','immediate','until_event','none')", name="kind"
        ),
        CheckConstraint("kind <> 'date' or due is not null", name="date_has_due"),
    )


class Task(Base):
    """A node of a directive's item tree: a section heading or a task that assigns work."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), default=NodeKind.TASK.value)
    label: Mapped[str] = mapped_column(NFCShort)   # "1.3", "a", "-2"
    path: Mapped[str] = mapped_column(NFCShort)    # "II.1.3", "II.1.2-1"
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(NFCString)
    text_folded: Mapped[str] = mapped_column(Text, default="")
    assignment_line: Mapped[str | None] = mapped_column(NFCString)
    deadline_id: Mapped[int | None] = mapped_column(ForeignKey("deadlines.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    directive: Mapped[Directive] = relationship(back_populates="tasks")
    parent: Mapped[Task | None] = relationship(remote_side=[id])
    deadline: Mapped[Deadline | None] = relationship()
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Assignment.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("directive_id", "path"),
        Index("ix_tasks_directive_position", "directive_id", "position"),
    )


class Assignment(Base):
    """A task × a unit × a role. A task given to a group gets one row per member."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(16), default=AssignmentRole.LEAD.value)
    mode: Mapped[str] = mapped_column(String(16), default=AssignmentMode.ORDERED.value)
    via_group_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadlines.id"))
    assigned_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    task: Mapped[Task] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    via_group: Mapped[Unit | None] = relationship(foreign_keys=[via_group_id])
    deadline: Mapped[Deadline] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("task_id", "unit_id"),
        Index("ix_assignments_unit", "unit_id", "task_id"),
        Index("ix_assignments_deadline", "deadline_id"),
        CheckConstraint("role in ('lead','coordinating')", name="role"),
        CheckConstraint("mode in ('giao','de_nghi')", name="mode"),
    )


# --- history: check-ins, confirmations, extensions (append-only) ----------------------------


class Checkin(Base):
    """What a unit reported on an assignment at a date. Never edited: a newer one corrects."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    reported_on: Mapped[dt.date] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerks.id"))
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(NFCString, default="")
    difficulties: Mapped[str] = mapped_column(NFCString, default="")
    proposals: Mapped[str] = mapped_column(NFCString, default="")
    reference: Mapped[str] = mapped_column(NFCString, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    clerk: Mapped[Clerk | None] = relationship()

    __table_args__ = (
        Index("ix_checkins_assignment_date", "assignment_id", "reported_on", "id"),
        # By date, no row reads; by id within a day, so the latest check-ins are the index's
        # last entries (migration 0009).
        Index("ix_checkins_reported_on", "reported_on", "id", "assignment_id"),
        CheckConstraint("status in ('not_started','in_progress','blocked','done')", name="status"),
        CheckConstraint("progress is null or (progress >= 0 and progress <= 100)", name="progress"),
        CheckConstraint("status <> 'done' or completed_on is not null", name="done_has_date"),
    )


class Confirmation(Base):
    """The Office's decision on a completion report: confirm it, or return it with a reason."""

    __tablename__ = "confirmations"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id"), unique=True)
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(NFCString, default="")
    decided_on: Mapped[dt.date] = mapped_column(Date)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerks.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    __table_args__ = (
        Index("ix_confirmations_assignment_date", "assignment_id", "decided_on", "id"),
        CheckConstraint("decision in ('confirm','return')", name="decision"),
        CheckConstraint("decision <> 'return' or reason <> ''", name="return_has_reason"),
    )


class Extension(Base):
    """A request for a new due date and the Office's answer. The original due is kept."""

    __tablename__ = "extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    new_due: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(NFCString, default="")
    status: Mapped[str] = mapped_column(String(16), default=ExtensionStatus.REQUESTED.value)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("clerks.id"))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("clerks.id"))
    decision_note: Mapped[str] = mapped_column(NFCString, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_extensions_assignment_date", "assignment_id", "status", "decided_on", "id"),
        CheckConstraint("status in ('requested','granted','refused')", name="status"),
        CheckConstraint("status = 'requested' or decided_on is not null", name="decided_has_date"),
    )


class AssignmentState(Base):
    """Derived, never written by a service: how an assignment stands from `valid_from` up to
    (not including) `valid_to` — its unit, directive and deadline, and what its facts amount
    to. Rows change only on the days a fact changes the state (a completion reported, a
    decision, an extension granted) or when the assignment itself is edited.

    Why: lists and counts "as of D" over 150,000 assignments must read one narrow row per
    assignment, not join five tables and look up every fact. core/fact_states.py keeps the
    rows in step after every flush, with the pure rule of core/status.py. On SQLite the
    table is clustered by (valid_to, assignment_id), so the rows holding today are one
    contiguous range."""

    __tablename__ = "assignment_states"

    valid_to: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # date.max: still holds
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)                  # date.min: from the start
    task_id: Mapped[int] = mapped_column(Integer)
    directive_id: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    # Copies of what lists sort by (document order, unit name), so a sorted page needs no join.
    signed_on: Mapped[dt.date | None] = mapped_column(Date)            # the directive's
    position: Mapped[int] = mapped_column(Integer)                     # the task's
    unit_sort_key: Mapped[bytes] = mapped_column(LargeBinary)
    assigned_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))                      # the deadline's kind
    original_due: Mapped[dt.date | None] = mapped_column(Date)
    due: Mapped[dt.date | None] = mapped_column(Date)                  # after granted extensions
    reporting_cycle: Mapped[str | None] = mapped_column(String(32))    # the directive's
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)         # of the confirmed check-in
    awaiting: Mapped[bool] = mapped_column(Boolean, default=False)
    last_decision: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (
        Index("ix_assignment_states_assignment", "assignment_id", "valid_to"),
        Index("ix_assignment_states_unit", "unit_id", "valid_to"),
        Index("ix_assignment_states_directive", "directive_id", "valid_to"),
        Index("ix_assignment_states_task", "task_id", "valid_to"),
        # The list's default order (migration 0006): the first page is an index walk.
        Index("ix_assignment_states_due_order", text("(due IS NULL)"), "due", "signed_on", "directive_id",
              "position", "unit_sort_key", "assignment_id", "valid_from", "assigned_on", "task_id"),
        {"sqlite_with_rowid": False},
    )


class _CountKey:
    """The key both count tables share after their day or month: one unit, one category,
    these flags (core/state_counts.KEY_COLUMNS)."""

    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(16), primary_key=True)
    due_soon: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    awaiting: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    returned: Mapped[bool] = mapped_column(Boolean, primary_key=True)


class UnitCountChange(_CountKey, Base):
    """Derived (core/state_counts.py): by how much, on `day`, the number of one unit's
    assignments standing in one category with these flags changes. Counts as of D are the
    latest month's mark plus this month's changes up to D, so the dashboard and the units'
    scorecards never read every assignment of a region."""

    __tablename__ = "unit_count_changes"

    # First in the key (sort_order: a mixin's columns would otherwise come first): counts
    # read one month's rows by a range of days.
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True, sort_order=-1)
    change: Mapped[int] = mapped_column(Integer, sort_order=1)

    __table_args__ = ({"sqlite_with_rowid": False},)


class UnitCountMark(_CountKey, Base):
    """Derived: the count of one unit's assignments in one category with these flags on the
    day before `month` (its first day) begins — every change dated before it, added up."""

    __tablename__ = "unit_count_marks"

    month: Mapped[dt.date] = mapped_column(Date, primary_key=True, sort_order=-1)
    n: Mapped[int] = mapped_column(Integer, sort_order=1)

    __table_args__ = ({"sqlite_with_rowid": False},)


class CountMonth(Base):
    """Derived: the months whose marks are stored (a month with no rows in unit_count_marks
    may still be marked: every count was zero)."""

    __tablename__ = "count_months"

    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)


class RecurringReport(Base):
    """Derived: a recurring assignment's first check-in in one reporting period (from the day
    it was assigned), so "not yet reported this period" is counted without the check-ins."""

    __tablename__ = "recurring_reports"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True)
    period_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    reporting_cycle: Mapped[str] = mapped_column(String(32))  # the directive's; "" for none
    unit_id: Mapped[int] = mapped_column(Integer)
    reported_on: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (
        Index("ix_recurring_reports_period", "period_start", "reporting_cycle", "reported_on", "unit_id"),
    )


class UnitCheckinDay(Base):
    """Derived (core/state_counts.py): how many check-ins one unit's assignments have on a day,
    so each unit's latest check-in as of D is one index seek, not a read of every check-in of
    the last weeks (a region has 15 million)."""

    __tablename__ = "unit_checkin_days"

    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, sort_order=1)

    __table_args__ = ({"sqlite_with_rowid": False},)


# --- workspace settings and the audit log ---------------------------------------------------


class Setting(Base):
    """Workspace-wide settings (e.g. the demo's fixed "today")."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(NFCString)


class AuditEntry(Base):
    """Append-only: who changed what, when, with the values before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow, server_default=func.now())
    business_date: Mapped[dt.date | None] = mapped_column(Date)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerks.id"))
    os_user: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))     # insert | update | delete
    entity: Mapped[str] = mapped_column(String(32))     # table name
    entity_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_audit_entity", "entity", "entity_id"),
        Index("ix_audit_at", "at"),
    )


# --- derived columns, kept in step with the text they come from ------------------------------

from sqlalchemy import event as _event  # noqa: E402

from core.text import fold, sort_key  # noqa: E402


@_event.listens_for(Unit, "before_insert")
@_event.listens_for(Unit, "before_update")
def _unit_derived(_mapper, _conn, unit: Unit) -> None:
    unit.name_folded = fold(unit.name)
    unit.sort_key = sort_key(unit.name)


@_event.listens_for(UnitAlias, "before_insert")
@_event.listens_for(UnitAlias, "before_update")
def _alias_derived(_mapper, _conn, alias: UnitAlias) -> None:
    alias.alias_folded = fold(alias.alias)


@_event.listens_for(Task, "before_insert")
@_event.listens_for(Task, "before_update")
def _task_derived(_mapper, _conn, task: Task) -> None:
    task.text_folded = fold(task.text)


@_event.listens_for(Directive, "before_insert")
@_event.listens_for(Directive, "before_update")
def _directive_derived(_mapper, _conn, directive: Directive) -> None:
    directive.summary_folded = fold(" ".join(filter(None, [directive.doc_type, directive.number_text,
                                                           directive.summary])))


# --- saved filters (the assignment list) ------------------------------------------------------


class SavedFilter(Base):
    """A named filter of the assignment list, kept per clerk."""

    __tablename__ = "saved_filters"

    id: Mapped[int] = mapped_column(primary_key=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerks.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(NFCShort)
    filter: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    __table_args__ = (UniqueConstraint("clerk_id", "name"),)


class IssuedDocument(Base):
    """A report or reminder letter as issued: its number and date, the figures and tables as
    they were (core.reports.model, plain form) and the hash of the file given out, so it can
    be re-opened and re-exported identically whatever happened since."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))            # report | reminder
    number: Mapped[str] = mapped_column(NFCShort)            # "25/BC-VP"
    issued_on: Mapped[dt.date] = mapped_column(Date, index=True)
    directive_id: Mapped[int | None] = mapped_column(ForeignKey("directives.id", ondelete="SET NULL"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    file_format: Mapped[str] = mapped_column(String(8))      # docx | xlsx | csv | md
    file_name: Mapped[str] = mapped_column(NFCShort)
    sha256: Mapped[str] = mapped_column(String(64))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerks.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


# Keeps assignment_states in step with the facts (imported last: it needs the models above).
import core.fact_states  # noqa: E402,F401
