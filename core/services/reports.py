"""Period reports and reminder letters for the CLI and the TUI: make them, write them in any
format, issue a report (store it as issued), re-export an issued one identically.

Issuing is one transaction: the file is written beside its name, hashed, the record stored,
and only then moved in place — a failure anywhere leaves neither a record nor a file.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from core.errors import NotFoundError, ValidationError
from core.models import Clerk, IssuedDocument
from core.reports.figures import build_reminder, build_report, units_to_remind
from core.reports.model import ReminderData, ReportData
from core.services.directives import find_directive
from core.services.permissions import require_office
from core.services.units import resolver
from core.services.workspace import Workspace
from core.services.write_service import write_service
from core.text import fold, nfc, normalise_space

FORMATS = ("docx", "xlsx", "csv", "md")
FORMAT_NAMES = {"docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "csv": "CSV (.csv)", "md": "Markdown (.md)"}
KIND_REPORT = "report"


def parse_format(text: str | None, target: str | Path | None = None) -> str:
    """The output format: as given, else from the file's extension, else docx."""
    value = (text or "").strip().lower().lstrip(".")
    if not value and target is not None:
        value = Path(target).suffix.lower().lstrip(".")
    value = value or "docx"
    if value not in FORMATS:
        raise ValidationError(f"Định dạng «{text or value}» không hỗ trợ. Chọn một trong: {', '.join(FORMATS)}.")
    return value


def _writer(fmt: str) -> Callable[[ReportData, str | Path | BinaryIO], None]:
    # Imported on use: python-docx and openpyxl cost start-up time the other commands don't need.
    if fmt == "docx":
        from core.reports.docx_report import write_report_docx
        return write_report_docx
    if fmt == "xlsx":
        from core.reports.xlsx_report import write_report_xlsx
        return write_report_xlsx
    if fmt == "csv":
        from core.reports.text_report import write_report_csv
        return write_report_csv
    from core.reports.text_report import report_markdown

    def write_md(data: ReportData, target) -> None:
        text = report_markdown(data).encode("utf-8")
        if hasattr(target, "write"):
            target.write(text)
        else:
            Path(target).write_bytes(text)
    return write_md


# --- making ---------------------------------------------------------------------------------


def make_report(ws: Workspace, *, directive: str | int | None = None, period_day: dt.date | None = None,
                trend_periods: int = 6) -> ReportData:
    """The report for the period containing `period_day` (default: the last period ended on
    the workspace's day), on one directive (its id, number or words of its summary) or all."""
    with ws.session() as s:
        directive_id = _directive_id(s, directive)
        day = period_day or _last_ended_period_day(s, directive_id, ws.today)
        return build_report(s, directive_id=directive_id, period_day=day, made_on=ws.today,
                            trend_periods=trend_periods,
                            alongside=ws.db.read_alongside)


def _last_ended_period_day(s, directive_id: int | None, today: dt.date) -> dt.date:
    """With no period asked for: the period ending today (report day), else the last one that
    has ended — a report's figures are as of its period's last day, which must not be later
    than the day the clerk is working on."""
    from core.models import Directive
    from core.periods import get_cycle, period_containing, previous_period

    directive = s.get(Directive, directive_id) if directive_id is not None else None
    cycle = get_cycle(directive.reporting_cycle if directive else None)
    period = period_containing(cycle, today)
    return today if period.end == today else previous_period(cycle, period).end


def load_report(ws: Workspace, directive_id: int | None, period_day: dt.date | None) -> ReportData:
    """`make_report` with positional arguments, for the TUI's workers."""
    return make_report(ws, directive=directive_id, period_day=period_day)


def _directive_id(s, directive: str | int | None) -> int | None:
    if directive is None or (isinstance(directive, str) and not directive.strip()):
        return None
    if isinstance(directive, int):
        return directive
    return find_directive(s, directive).id


def default_file_name(data: ReportData, fmt: str) -> str:
    """"bao-cao-vb1-20210830.docx": scope and the period's last day."""
    scope = f"vb{data.directive_id}-" if data.directive_id else ""
    return f"bao-cao-{scope}{data.period.end:%Y%m%d}.{fmt}"


def write_report(data: ReportData, fmt: str, target: str | Path | BinaryIO) -> None:
    _writer(parse_format(fmt))(data, target)


def report_bytes(data: ReportData, fmt: str) -> bytes:
    import io

    buffer = io.BytesIO()
    write_report(data, fmt, buffer)
    return buffer.getvalue()


def _write_in_place(target: Path, content: bytes) -> None:
    """Beside the name first, then moved: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(content)
    os.replace(partial, target)


def export_report(data: ReportData, fmt: str, target: str | Path) -> Path:
    path = Path(target)
    _write_in_place(path, report_bytes(data, fmt))
    return path


# --- issuing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedReport:
    id: int
    number: str
    issued_on: dt.date
    directive_title: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    file_format: str
    file_name: str
    sha256: str
    issued_by: str | None = None   # the clerk's name (None: the clerk record is gone)


def _issued(row: IssuedDocument, s: Session) -> IssuedReport:
    clerk = s.get(Clerk, row.clerk_id) if row.clerk_id else None
    return IssuedReport(row.id, row.number, row.issued_on, row.payload.get("directive_title"),
                        row.period_start, row.period_end, row.file_format, row.file_name, row.sha256,
                        clerk.display_name if clerk else None)


_NUMBER = re.compile(r"^\d{1,6}/[A-ZĐ0-9][A-ZĐ0-9&.\-]*$", re.IGNORECASE)


def check_number(text: str) -> str:
    """A document number as Decree 30 writes it: "25/BC-VP"."""
    number = normalise_space(nfc(text or "") or "") or ""
    if number.lower().startswith("số"):
        number = number[2:].lstrip(" :").strip()
    if not number:
        raise ValidationError("Chưa có số văn bản (ví dụ «25/BC-VP»).")
    if not _NUMBER.match(number):
        raise ValidationError(f"Số văn bản «{number}» không đúng dạng «số/ký hiệu», ví dụ «25/BC-VP».")
    return number


@write_service
def issue_report(ws: Workspace, data: ReportData, *, number: str, fmt: str, target: str | Path) -> IssuedReport:
    """Number the report, write the file, store what was issued — one transaction. The Office
    only; a number already used this year for another report is refused."""
    number = check_number(number)
    fmt = parse_format(fmt, target)
    path = Path(target)
    with ws.session() as s:
        clerk = ws.acting_clerk(s)
        require_office(clerk, "ban hành báo cáo")
        for row in s.scalars(select(IssuedDocument).where(
                IssuedDocument.kind == KIND_REPORT, extract("year", IssuedDocument.issued_on) == ws.today.year)):
            if fold(row.number) == fold(number):
                raise ValidationError(f"Số {row.number} đã dùng cho báo cáo ban hành ngày {row.issued_on:%d/%m/%Y} "
                                      f"(mã số {row.id}). Chọn số khác. Chưa ghi gì.")
        issued = replace(data, number=number, made_on=ws.today)
        content = report_bytes(issued, fmt)
        row = IssuedDocument(
            kind=KIND_REPORT, number=number, issued_on=ws.today, directive_id=issued.directive_id,
            period_start=issued.period.start, period_end=issued.period.end, payload=issued.to_dict(),
            file_format=fmt, file_name=path.name, sha256=hashlib.sha256(content).hexdigest(), clerk_id=clerk.id)
        s.add(row)
        s.flush()
        result = _issued(row, s)
        _write_in_place(path, content)  # last: an error above leaves no file; one here, no record
    return result


def list_issued(ws: Workspace) -> list[IssuedReport]:
    with ws.session() as s:
        rows = s.scalars(select(IssuedDocument).where(IssuedDocument.kind == KIND_REPORT)
                         .order_by(IssuedDocument.issued_on.desc(), IssuedDocument.id.desc()))
        return [_issued(r, s) for r in rows]


def load_issued(ws: Workspace, issued_id: int) -> tuple[IssuedReport, ReportData]:
    with ws.session() as s:
        row = s.get(IssuedDocument, issued_id)
        if row is None or row.kind != KIND_REPORT:
            raise NotFoundError(f"Không có báo cáo đã ban hành mã số {issued_id}.")
        return _issued(row, s), ReportData.from_dict(row.payload)


def reexport_issued(ws: Workspace, issued_id: int, target: str | Path, fmt: str | None = None) -> tuple[Path, bool]:
    """An issued report written again from what was stored. Returns the path and whether the
    file is identical to the one issued (same format: it must be)."""
    info, data = load_issued(ws, issued_id)
    fmt = parse_format(fmt, target) if fmt or Path(target).suffix else info.file_format
    content = report_bytes(data, fmt)
    same = fmt == info.file_format and hashlib.sha256(content).hexdigest() == info.sha256
    path = Path(target)
    _write_in_place(path, content)
    return path, same


# --- reminders ------------------------------------------------------------------------------


def make_reminders(ws: Workspace, *, unit: str | None = None, directive: str | int | None = None,
                   as_of: dt.date | None = None) -> list[ReminderData]:
    """Reminder letters as of a day: to one unit (its name, abbreviation…) or to every unit
    with overdue work (most overdue first)."""
    day = as_of or ws.today
    with ws.session() as s:
        directive_id = _directive_id(s, directive)
        if unit:
            found = resolver(s).resolve(unit, on=day)
            unit_ids = list(found.unit_ids)  # a group ("UBND các huyện…"): a letter to each member
        else:
            unit_ids = [uid for uid, _name, _n in units_to_remind(s, day, directive_id)]
        return [build_reminder(s, unit_id=uid, as_of=day, made_on=ws.today, directive_id=directive_id)
                for uid in unit_ids]


def reminder_file_name(data: ReminderData) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(data.unit_name)).strip("-") or "don-vi"
    return f"don-doc-{slug}-{data.as_of:%Y%m%d}.docx"


def write_reminders(letters: list[ReminderData], folder: str | Path,
                    progress: Callable[[int, int], None] | None = None) -> list[Path]:
    from core.reports.reminder_docx import write_reminder_docx
    import io

    out: list[Path] = []
    for i, letter in enumerate(letters, 1):
        buffer = io.BytesIO()
        write_reminder_docx(letter, buffer)
        path = Path(folder) / reminder_file_name(letter)
        _write_in_place(path, buffer.getvalue())
        out.append(path)
        if progress:
            progress(i, len(letters))
    return out
