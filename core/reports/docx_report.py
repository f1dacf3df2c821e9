"""The period report as a .docx (BÁO CÁO, Decree 30/2020/NĐ-CP layout), written from a
ReportData value alone.

Sections: I. overall figures (this period against the previous one, the on-time rate, the
trend); II. per unit (a summary table, then each unit's assignments with their latest
check-in); III. the lists a reader acts on (overdue, completed, due next period, extensions,
recurring not reported, awaiting confirmation). Long texts are shortened in the document (the
.xlsx keeps them whole): a task to TASK_LIMIT characters, a result to RESULT_LIMIT.
"""
from __future__ import annotations

from docx.document import Document as DocxDocument

from core.reports import labels as L
from core.reports.model import CATEGORY_KEYS, FLAG_KEYS, Counts, ExtensionRow, ReportData, Row
from core.reports.officedoc import (
    Span,
    Target,
    add_data_table,
    add_document_header,
    add_document_title,
    add_heading,
    add_recipients_and_signature,
    add_text,
    new_document,
    save_document,
)

TASK_LIMIT = 300        # a task's text in section II
LIST_TASK_LIMIT = 160   # in the lists of section III, which repeat section II
RESULT_LIMIT = 500      # a check-in's result, difficulties and proposals


def write_report_docx(data: ReportData, target: Target) -> None:
    """Write the report to a path or a binary file; the same data gives the same bytes."""
    save_document(build_report_document(data), target, data.made_on)


def build_report_document(data: ReportData) -> DocxDocument:
    org = data.organisation
    summary = L.report_summary(data)
    doc = new_document(f"{L.REPORT_TYPE} {summary}")
    add_document_header(doc, org, L.document_number(data.number, L.REPORT_TYPE_CODE, org.symbol), data.made_on)
    add_document_title(doc, L.REPORT_TYPE, summary)
    add_text(doc, L.REPORT_OPENING.format(directive=L.one_line(data.directive_label),
                                          issuer=L.issuer_in_text(org), start=L.short_date(data.period.start),
                                          end=L.short_date(data.period.end)))
    if note := L.limits_note(data):
        add_text(doc, note)
    _overall_section(doc, data)
    _units_section(doc, data)
    _lists_section(doc, data)
    add_recipients_and_signature(doc, org, [L.superior_recipient(org.parent), *L.REPORT_RECIPIENT_LINES])
    return doc


# --- I. overall figures -------------------------------------------------------------------------


def _overall_section(doc: DocxDocument, data: ReportData) -> None:
    add_heading(doc, L.SECTION_OVERALL)
    now, before = data.counts, data.previous_counts
    headers = (L.COL_NO, L.COL_CONTENT, L.COL_PREVIOUS.format(date=L.short_date(data.previous.end)),
               L.COL_CURRENT.format(date=L.short_date(data.period.end)), L.COL_CHANGE)
    def figures(key: str) -> list:
        return [before.get(key), now.get(key), L.signed(now.get(key) - before.get(key))]

    rows: list[list] = [[str(i), L.CATEGORY_LABELS[k], *figures(k)] for i, k in enumerate(CATEGORY_KEYS, 1)]
    rows.append(["", L.TOTAL_ROW, before.total, now.total, L.signed(now.total - before.total)])
    rows.append(["", [Span(L.WATCH_ROW + ":", bold=True, italic=True)], "", "", ""])
    rows += [["-", L.FLAG_LONG_LABELS[k], *figures(k)] for k in FLAG_KEYS]
    add_data_table(doc, headers, (1.0, 7.0, 2.7, 2.7, 2.6), rows, align="clccc", bold_rows=(len(CATEGORY_KEYS),))
    add_text(doc, L.RATE_LINE.format(now=_rate(now), before=_rate(before)), space_before=6)
    _trend(doc, data)


def _rate(counts: Counts) -> str:
    return L.percent(counts.on_time_rate) if counts.on_time_rate is not None else L.RATE_NONE


def _trend(doc: DocxDocument, data: ReportData) -> None:
    """The last periods side by side, when there is more than this one."""
    if len(data.trend) < 2:
        return
    add_text(doc, L.TREND_TITLE, keep_with_next=True)
    headers = (L.COL_NO, L.COL_PERIOD, L.COL_TOTAL, L.CATEGORY_LABELS["done_on_time"],
               L.CATEGORY_LABELS["done_late"], L.CATEGORY_LABELS["overdue"], L.COL_RATE)
    rows = [[str(i), f"{L.short_date(p.period.start)} - {L.short_date(p.period.end)}", p.counts.total,
             p.counts.done_on_time, p.counts.done_late, p.counts.overdue, L.percent(p.on_time_rate)]
            for i, p in enumerate(data.trend, 1)]
    add_data_table(doc, headers, (1.0, 4.6, 1.8, 2.2, 2.2, 2.0, 2.2), rows, align="cccccccc")


# --- II. per unit -------------------------------------------------------------------------------


def _units_section(doc: DocxDocument, data: ReportData) -> None:
    add_heading(doc, L.SECTION_UNITS)
    add_heading(doc, L.UNITS_SUMMARY_TITLE)
    if not data.units:
        add_text(doc, L.NO_UNITS)
        return
    headers = (L.COL_NO, L.COL_UNIT, *(L.CATEGORY_LABELS[k] for k in CATEGORY_KEYS), L.COL_TOTAL)
    rows = [[str(i), L.one_line(u.unit_name), *(u.counts.get(k) for k in CATEGORY_KEYS), u.counts.total]
            for i, u in enumerate(data.units, 1)]
    rows.append(["", L.TOTAL_ROW, *(data.counts.get(k) for k in CATEGORY_KEYS), data.counts.total])
    add_data_table(doc, headers, (1.0, 4.0, 1.9, 1.9, 1.9, 1.6, 2.0, 1.7), rows, align="clcccccc",
                   bold_rows=(len(rows) - 1,), size=11)
    add_heading(doc, L.UNITS_DETAIL_TITLE)
    for i, unit in enumerate(data.units, 1):
        add_heading(doc, f"2.{i}. {L.one_line(unit.unit_name)}")
        add_text(doc, L.UNIT_LINE.format(total=unit.counts.total, parts=L.counts_parts(unit.counts)),
                 keep_with_next=True)
        add_text(doc, L.unit_change(unit, data.previous.end), keep_with_next=bool(unit.rows))
        if unit.rows:
            _unit_rows_table(doc, data, unit.rows)
        else:
            add_text(doc, L.UNIT_NO_ROWS)
        if unit.more_rows:
            add_text(doc, L.UNIT_MORE_ROWS.format(n=unit.more_rows), space_before=3)


def _unit_rows_table(doc: DocxDocument, data: ReportData, rows: tuple[Row, ...]) -> None:
    headers = (L.COL_NO, L.COL_TASK, L.COL_CATEGORY, L.COL_DUE, L.COL_LATEST)
    cells = [[str(i), _task_cell(data, r, TASK_LIMIT), _category_cell(r), due_cell(r), latest_cell(r)]
             for i, r in enumerate(rows, 1)]
    add_data_table(doc, headers, (1.0, 5.4, 2.6, 2.4, 4.6), cells, align="cllcl")


def task_cell(row: Row | ExtensionRow, limit: int, *, show_directive: bool) -> list:
    """The task's path and text; its directive when the document covers several; the role
    when the unit only coordinates."""
    lines: list = []
    if show_directive:
        lines.append(Span(L.one_line(row.directive_title), italic=True))
    lines.append(L.task_label(row.task_path, row.task_text, limit))
    if getattr(row, "role", "lead") == "coordinating":
        lines.append(Span(L.ROLE_COORDINATING, italic=True))
    return lines


def _task_cell(data: ReportData, row: Row | ExtensionRow, limit: int) -> list:
    show = data.directive_id is None or row.directive_title != data.directive_title
    return task_cell(row, limit, show_directive=show)


def _category_cell(row: Row) -> list:
    lines: list = [L.category_label(row.category)]
    if row.days_late:
        lines.append(Span(f"({L.DAYS_LATE.format(days=row.days_late)})", italic=True))
    lines += [Span(L.FLAG_LABELS.get(f, f), italic=True) for f in row.flags]
    return lines


def due_cell(row: Row) -> list:
    lines: list = [L.due_text(row)]
    if row.extended and row.original_due:
        lines.append(Span(L.EXTENDED_FROM.format(date=L.short_date(row.original_due)), italic=True))
    return lines


def latest_cell(row: Row, limit: int = RESULT_LIMIT, *, with_remarks: bool = True) -> list:
    """The latest check-in: its date and status, the result, then difficulties and proposals
    quoted, as the unit wrote them."""
    if not row.last_reported_on:
        return [Span(L.NO_CHECKIN, italic=True)]
    status = L.status_text(row) or "—"
    lines: list = [Span(L.LATEST_LINE.format(date=L.short_date(row.last_reported_on), status=status), italic=True)]
    if row.last_result.strip():
        lines.append(L.shorten(row.last_result, limit))
    remarks = ((L.DIFFICULTIES, row.difficulties), (L.PROPOSALS, row.proposals)) if with_remarks else ()
    for label, text in remarks:
        if text.strip():
            lines.append([Span(f"{label}: ", italic=True), Span(f"“{L.shorten(text, limit)}”")])
    return lines


# --- III. the lists -----------------------------------------------------------------------------


def _lists_section(doc: DocxDocument, data: ReportData) -> None:
    add_heading(doc, L.SECTION_LISTS)
    writers = (("overdue", data.overdue, _overdue_table), ("completed", data.completed, _completed_table),
               ("due_next", data.due_next, _due_next_table), ("extensions", data.extensions, _extensions_table),
               ("unreported", data.unreported, _unreported_table), ("awaiting", data.awaiting, _awaiting_table))
    for number, (key, rows, write_table) in enumerate(writers, 1):
        title, when_empty = L.LIST_TITLES[key]
        title = title.format(start=L.short_date(data.next.start), end=L.short_date(data.next.end))
        if rows:
            add_heading(doc, f"{number}. {title} ({data.list_total(key)})")
            write_table(doc, data, rows)
            if omitted := getattr(data.omitted, key):
                add_text(doc, L.LIST_MORE_ROWS.format(n=omitted), space_before=3)
        else:
            add_heading(doc, f"{number}. {title}")
            add_text(doc, when_empty)


def _unit_cell(row: Row | ExtensionRow) -> str:
    return L.one_line(row.unit_name)


def _overdue_table(doc, data, rows) -> None:
    headers = (L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_DUE, L.COL_DAYS_LATE)
    cells = [[str(i), _task_cell(data, r, LIST_TASK_LIMIT), _unit_cell(r), due_cell(r), r.days_late]
             for i, r in enumerate(rows, 1)]
    add_data_table(doc, headers, (1.0, 6.6, 3.6, 2.4, 2.4), cells, align="cllcc")


def _completed_table(doc, data, rows) -> None:
    headers = (L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_DUE, L.COL_COMPLETED_ON, L.COL_OUTCOME)
    cells = [[str(i), _task_cell(data, r, LIST_TASK_LIMIT), _unit_cell(r), due_cell(r),
              L.short_date(r.completed_on), _outcome(r)] for i, r in enumerate(rows, 1)]
    add_data_table(doc, headers, (1.0, 5.0, 3.0, 2.4, 2.4, 2.2), cells, align="cllccc")


def _outcome(row: Row) -> str:
    if row.category == "done_late":
        return L.LATE.format(days=row.days_late) if row.days_late else L.CATEGORY_LABELS["done_late"]
    return L.ON_TIME if row.category == "done_on_time" else L.category_label(row.category)


def _due_next_table(doc, data, rows) -> None:
    headers = (L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_DUE, L.COL_SITUATION)
    cells = [[str(i), _task_cell(data, r, LIST_TASK_LIMIT), _unit_cell(r), due_cell(r), _situation(r)]
             for i, r in enumerate(rows, 1)]
    add_data_table(doc, headers, (1.0, 5.6, 3.0, 2.4, 4.0), cells, align="cllcl")


def _situation(row: Row) -> list:
    lines: list = [L.status_text(row) or L.NO_CHECKIN]
    lines += [Span(L.FLAG_LABELS.get(f, f), italic=True) for f in row.flags]
    return lines


def _extensions_table(doc, data, rows: tuple[ExtensionRow, ...]) -> None:
    headers = (L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_OLD_DUE, L.COL_NEW_DUE, L.COL_REASON)
    cells = [[str(i), _task_cell(data, e, LIST_TASK_LIMIT), _unit_cell(e), L.short_date(e.old_due),
              L.short_date(e.new_due), _reason_cell(e)] for i, e in enumerate(rows, 1)]
    add_data_table(doc, headers, (1.0, 4.2, 2.8, 2.4, 2.4, 3.2), cells, align="cllccl")


def _reason_cell(extension: ExtensionRow) -> list:
    decided = f"{L.COL_DECIDED_ON}: {L.short_date(extension.decided_on)}"
    return [Span(decided, italic=True), L.shorten(extension.reason, RESULT_LIMIT)]


def _unreported_table(doc, data, rows) -> None:
    headers = (L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_LAST_REPORT)
    cells = [[str(i), _task_cell(data, r, LIST_TASK_LIMIT), _unit_cell(r),
              L.short_date(r.last_reported_on) or L.NO_CHECKIN] for i, r in enumerate(rows, 1)]
    add_data_table(doc, headers, (1.0, 7.4, 4.2, 3.4), cells, align="cllc")


def _awaiting_table(doc, data, rows) -> None:
    headers = (L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_DUE, L.COL_REPORTED_DONE)
    cells = [[str(i), _task_cell(data, r, LIST_TASK_LIMIT), _unit_cell(r), due_cell(r),
              [L.short_date(r.last_reported_on),
               Span(f"{L.COL_COMPLETED_ON.lower()}: {L.short_date(r.completed_on)}", italic=True)
               if r.completed_on else ""]]
             for i, r in enumerate(rows, 1)]
    add_data_table(doc, headers, (1.0, 5.6, 3.0, 2.4, 4.0), cells, align="cllcc")
