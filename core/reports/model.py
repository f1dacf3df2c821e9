"""What a period report and a reminder letter contain, as plain data.

Why plain data: the figures are computed once from the database (core.reports.figures) and
every output — .docx, .xlsx, .csv, Markdown, the TUI preview — is written from this value
alone. An issued report stores `to_dict()`; re-exporting it later from `from_dict()` gives
the same file, whatever happened in the database since.

Dates are `datetime.date`; in the dict form they are ISO strings. Categories and flags are the
values of core.status (done_on_time, done_late, in_progress, overdue, recurring; due_soon,
awaiting, returned, unreported).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, get_args, get_origin, get_type_hints

REPORT_VERSION = 1

CATEGORY_KEYS = ("done_on_time", "done_late", "in_progress", "overdue", "recurring")
FLAG_KEYS = ("due_soon", "awaiting", "returned", "unreported")


@dataclass(frozen=True)
class Organisation:
    """Who issues the document (Decree 30 header, left column) and where."""

    parent: str          # the body above the issuer, upper case: "UBND TỈNH BÌNH PHƯỚC" ("" if none)
    name: str            # the issuer, upper case: "VĂN PHÒNG"
    place: str           # "Bình Phước" (place and date line)
    symbol: str          # the issuer's part of the number: "VP" → "Số: …/BC-VP"
    signer_title: str = "CHÁNH VĂN PHÒNG"   # signature block
    signer_name: str = ""                    # left blank for the clerk to fill


@dataclass(frozen=True)
class PeriodInfo:
    start: dt.date
    end: dt.date
    report_on: dt.date

    @property
    def label(self) -> str:
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


@dataclass(frozen=True)
class Counts:
    """Assignments per category and flag, as of one date."""

    done_on_time: int = 0
    done_late: int = 0
    in_progress: int = 0
    overdue: int = 0
    recurring: int = 0
    due_soon: int = 0
    awaiting: int = 0
    returned: int = 0
    unreported: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, k) for k in CATEGORY_KEYS)

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Share done on time among the assignments that have a due date and are done or
        overdue (None when there are none)."""
        judged = self.done_on_time + self.done_late + self.overdue
        return self.done_on_time / judged if judged else None

    def get(self, key: str) -> int:
        return getattr(self, key)


@dataclass(frozen=True)
class Row:
    """One assignment as the report shows it, as of the period's last day."""

    assignment_id: int
    directive_title: str        # "Kế hoạch ngày 14/08/2021"
    task_path: str              # "II.1.3"
    task_text: str
    unit_name: str
    role: str                   # lead | coordinating
    category: str               # a CATEGORY_KEYS value
    flags: tuple[str, ...]      # FLAG_KEYS values that apply
    deadline_kind: str          # date | recurring | immediate | until_event | none
    deadline_phrase: str | None  # as the document wrote it
    due: dt.date | None         # after extensions granted on or before the period's end
    original_due: dt.date | None  # as assigned (equal to `due` when not extended)
    completed_on: dt.date | None  # as reported by the unit (confirmed ones only count as done)
    days_late: int | None       # overdue: days past `due` at the period's end; done late: days
    last_reported_on: dt.date | None = None  # latest check-in on or before the period's end
    last_status: str | None = None           # not_started | in_progress | blocked | done
    last_progress: int | None = None
    last_result: str = ""
    difficulties: str = ""
    proposals: str = ""

    @property
    def extended(self) -> bool:
        return self.due != self.original_due


@dataclass(frozen=True)
class ExtensionRow:
    assignment_id: int
    directive_title: str
    task_path: str
    task_text: str
    unit_name: str
    old_due: dt.date | None
    new_due: dt.date
    decided_on: dt.date
    reason: str


@dataclass(frozen=True)
class UnitSection:
    unit_name: str
    counts: Counts
    previous: Counts            # as of the previous period's last day
    rows: tuple[Row, ...]       # its assignments not done at the previous period's end (open during
                                # this one, or completed within it), in directive/task order; when
                                # the report limits rows per unit, the most pressing first
    more_rows: int = 0          # such assignments left out by that limit


@dataclass(frozen=True)
class TrendPoint:
    period: PeriodInfo
    on_time_rate: float | None
    counts: Counts              # categories only (the flags are not counted for past periods)


LIST_KEYS = ("overdue", "completed", "due_next", "extensions", "unreported", "awaiting")


@dataclass(frozen=True)
class Omitted:
    """Rows each list of a report left out because the report limits its lists (a report on
    every directive of a province would otherwise run to thousands of pages)."""

    overdue: int = 0
    completed: int = 0
    due_next: int = 0
    extensions: int = 0
    unreported: int = 0
    awaiting: int = 0


@dataclass(frozen=True)
class ReportData:
    version: int
    organisation: Organisation
    directive_id: int | None       # None: all directives
    directive_label: str           # "Kế hoạch ngày 14/08/2021 của UBND tỉnh Bình Phước về …" or
                                   # "các văn bản chỉ đạo đang theo dõi"
    directive_title: str | None    # short: "Kế hoạch ngày 14/08/2021"
    period: PeriodInfo
    previous: PeriodInfo
    next: PeriodInfo
    made_on: dt.date               # the day the report was produced (place and date line)
    counts: Counts                 # as of period.end
    previous_counts: Counts        # as of previous.end
    units: tuple[UnitSection, ...]                 # units with assignments, by unit order
    overdue: tuple[Row, ...]                       # most days late first
    completed: tuple[Row, ...]                     # completion confirmed within the period
    due_next: tuple[Row, ...]                      # not done, due within the next period
    extensions: tuple[ExtensionRow, ...]           # granted within the period
    unreported: tuple[Row, ...]                    # recurring, no check-in within the period
    awaiting: tuple[Row, ...]                      # reported done, not yet confirmed
    trend: tuple[TrendPoint, ...] = ()             # past periods, oldest first, ending with this one
    number: str | None = None      # set when issued: "25/BC-VP"
    unit_row_limit: int | None = None  # at most this many rows per unit section (None: all)
    list_row_limit: int | None = None  # at most this many rows per list (None: all)
    omitted: Omitted = Omitted()       # what the lists left out under that limit

    def list_total(self, key: str) -> int:
        """How many rows a list (LIST_KEYS) has, those left out included."""
        return len(getattr(self, key)) + getattr(self.omitted, key)

    @property
    def as_of(self) -> dt.date:
        return self.period.end

    def to_dict(self) -> dict[str, Any]:
        return _to_plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportData:
        return _from_plain(cls, data)


@dataclass(frozen=True)
class ReminderData:
    """A reminder letter (văn bản đôn đốc) to one unit."""

    version: int
    organisation: Organisation
    unit_name: str
    as_of: dt.date
    made_on: dt.date
    directive_title: str | None    # None: every directive
    overdue: tuple[Row, ...]
    due_soon: tuple[Row, ...]
    reply_by: dt.date              # the unit reports back by this day
    number: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _to_plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReminderData:
        return _from_plain(cls, data)


# --- plain form -------------------------------------------------------------------------------


def _to_plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_to_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@lru_cache(maxsize=None)
def _hints(tp: type) -> tuple[tuple[str, Any], ...]:
    """The fields of a dataclass with their resolved types (resolving is slow; done once)."""
    hints = get_type_hints(tp)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(tp))


def _from_plain(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{name: _from_plain(hint, data[name]) for name, hint in hints if name in data})
    if origin is tuple:
        inner = get_args(tp)[0]
        return tuple(_from_plain(inner, v) for v in data)
    args = [a for a in get_args(tp) if a is not type(None)]
    if args and origin is not None:  # Optional[X] / X | None
        return _from_plain(args[0], data)
    if tp is dt.date:
        return dt.date.fromisoformat(data)
    return data
