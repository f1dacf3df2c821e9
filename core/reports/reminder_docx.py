"""The reminder letter (văn bản đôn đốc) to one unit as a .docx, written from a ReminderData
value alone.

A letter (công văn) in the Decree 30 layout: no centred document type; its subject
"V/v đôn đốc thực hiện nhiệm vụ" under the number, "Kính gửi: <unit>" centred, a short
opening, the overdue assignments (with days late) and those due soon, the request to finish
and report back by `reply_by`, then the recipients and the signature.
"""
from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from core.reports import labels as L
from core.reports.docx_report import due_cell, latest_cell, task_cell
from core.reports.model import ReminderData, Row
from core.reports.officedoc import (
    Target,
    add_data_table,
    add_document_header,
    add_heading,
    add_recipients_and_signature,
    add_text,
    new_document,
    save_document,
)

TASK_LIMIT = 300
RESULT_LIMIT = 300


def write_reminder_docx(data: ReminderData, target: Target) -> None:
    """Write the letter to a path or a binary file; the same data gives the same bytes."""
    save_document(build_reminder_document(data), target, data.made_on)


def build_reminder_document(data: ReminderData) -> DocxDocument:
    org = data.organisation
    unit = L.one_line(data.unit_name)
    doc = new_document(f"{L.REMINDER_SUBJECT} - {unit}")
    add_document_header(doc, org, L.document_number(data.number, None, org.symbol), data.made_on,
                        subject=L.REMINDER_SUBJECT)
    add_text(doc, L.REMINDER_TO.format(unit=unit), align=WD_ALIGN_PARAGRAPH.CENTER, space_before=18,
             space_after=12).paragraph_format.first_line_indent = None
    directive = L.one_line(data.directive_title) if data.directive_title else L.ALL_DIRECTIVES
    add_text(doc, L.REMINDER_OPENING.format(directive=directive, as_of=L.short_date(data.as_of), unit=unit,
                                            overdue=len(data.overdue), due_soon=len(data.due_soon)))
    _overdue(doc, data)
    _due_soon(doc, data)
    add_text(doc, L.REMINDER_REQUEST.format(unit=unit, reply_by=L.short_date(data.reply_by)), space_before=6)
    add_text(doc, L.REMINDER_CLOSING)
    add_recipients_and_signature(doc, org, [*L.REMINDER_RECIPIENT_LINES, L.superior_recipient(org.parent)])
    return doc


def _overdue(doc: DocxDocument, data: ReminderData) -> None:
    add_heading(doc, L.REMINDER_OVERDUE_TITLE)
    if not data.overdue:
        add_text(doc, L.REMINDER_NO_OVERDUE)
        return
    headers = (L.COL_NO, L.COL_TASK, L.COL_DUE, L.COL_DAYS_LATE, L.COL_LATEST)
    rows = [[str(i), _task(data, r), due_cell(r), r.days_late, _latest(r)] for i, r in enumerate(data.overdue, 1)]
    add_data_table(doc, headers, (1.0, 6.4, 2.4, 2.0, 4.2), rows, align="clccl")


def _due_soon(doc: DocxDocument, data: ReminderData) -> None:
    add_heading(doc, L.REMINDER_DUE_SOON_TITLE)
    if not data.due_soon:
        add_text(doc, L.REMINDER_NO_DUE_SOON)
        return
    headers = (L.COL_NO, L.COL_TASK, L.COL_DUE, L.COL_LATEST)
    rows = [[str(i), _task(data, r), due_cell(r), _latest(r)] for i, r in enumerate(data.due_soon, 1)]
    add_data_table(doc, headers, (1.0, 8.4, 2.4, 4.2), rows, align="clcl")


def _task(data: ReminderData, row: Row) -> list:
    show = data.directive_title is None or row.directive_title != data.directive_title
    return task_cell(row, TASK_LIMIT, show_directive=show)


def _latest(row: Row) -> list:
    return latest_cell(row, RESULT_LIMIT, with_remarks=False)
