"""The period report as plain text: CSV (the detail rows) and Markdown (the whole report),
written from a ReportData value alone.

CSV: the columns of labels.DETAIL_COLUMNS, dates dd/mm/yyyy, CRLF line ends; on disk as UTF-8
with a byte-order mark, which is how Excel knows the file is UTF-8 and shows Vietnamese right.
A cell a spreadsheet would take for a formula (= + - @ tab CR first) gets a leading apostrophe.

Markdown: headings, the figures, per-unit tables and the lists. Inside table cells `|` and the
characters Markdown would act on are backslash-escaped and line breaks become <br>.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

from core.reports import labels as L
from core.reports.model import CATEGORY_KEYS, FLAG_KEYS, ExtensionRow, ReportData, Row
from core.reports.officedoc import Target, write_target

BOM = "\ufeff"


# --- CSV ----------------------------------------------------------------------------------------


def report_csv(data: ReportData) -> str:
    """The detail rows as CSV text (no byte-order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(L.DETAIL_COLUMNS)
    for n, row in enumerate(L.detail_rows(data), 1):
        writer.writerow([_csv_cell(v) for v in L.detail_values(n, row)])
    return out.getvalue()


def write_report_csv(data: ReportData, target: Target) -> None:
    """report_csv() as UTF-8 with a byte-order mark, to a path or a binary file."""
    write_target(target, (BOM + report_csv(data)).encode("utf-8"))


def _csv_cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return L.short_date(value)
    if isinstance(value, int):
        return value
    text = L.clean(str(value))
    return "'" + text if L.looks_like_formula(text) else text


# --- Markdown -----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_cell(text) -> str:
    """Text safe inside a Markdown table cell: cleaned, Markdown's active characters escaped,
    line breaks as <br>."""
    lines = (_MD_SPECIAL.sub(r"\\\1", " ".join(line.split())) for line in L.clean(str(text)).splitlines())
    return "<br>".join(line for line in lines if line)


def md_text(text) -> str:
    """Text safe in a heading or paragraph: one line, escaped like a cell."""
    return md_cell(L.one_line(str(text)))


def _md_table(headers, rows) -> list[str]:
    lines = ["| " + " | ".join(md_cell(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(md_cell(_md_value(v)) for v in row) + " |" for row in rows]
    return lines


def _md_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return L.short_date(value)
    return str(value)


def report_markdown(data: ReportData) -> str:
    org = data.organisation
    out = [f"# {L.REPORT_TYPE}", "", f"**{md_text(L.report_summary(data))}**", ""]
    out += [md_text(L.issuer_line(org)) + "  ",
            md_text(L.document_number(data.number, L.REPORT_TYPE_CODE, org.symbol)) + "  ",
            "*" + md_text(L.place_and_date(org.place, data.made_on)) + "*", ""]
    if note := L.limits_note(data):
        out += [md_text(note), ""]
    out += _md_overall(data) + _md_units(data) + _md_lists(data)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_overall(data: ReportData) -> list[str]:
    now, before = data.counts, data.previous_counts
    headers = (L.COL_NO, L.COL_CONTENT, L.COL_PREVIOUS.format(date=L.short_date(data.previous.end)),
               L.COL_CURRENT.format(date=L.short_date(data.period.end)), L.COL_CHANGE)
    rows = [[i, L.CATEGORY_LABELS[k], before.get(k), now.get(k), L.signed(now.get(k) - before.get(k))]
            for i, k in enumerate(CATEGORY_KEYS, 1)]
    rows.append(["", L.TOTAL_ROW, before.total, now.total, L.signed(now.total - before.total)])
    rows += [["-", L.FLAG_LONG_LABELS[k], before.get(k), now.get(k), L.signed(now.get(k) - before.get(k))]
             for k in FLAG_KEYS]
    rate = L.RATE_LINE.format(now=_rate(now.on_time_rate), before=_rate(before.on_time_rate))
    return [f"## {L.SECTION_OVERALL}", "", *_md_table(headers, rows), "", md_text(rate), ""]


def _rate(rate: float | None) -> str:
    return L.percent(rate) if rate is not None else L.RATE_NONE


def _md_units(data: ReportData) -> list[str]:
    out = [f"## {L.SECTION_UNITS}", "", f"### {L.UNITS_SUMMARY_TITLE}", ""]
    if not data.units:
        return out + [L.NO_UNITS, ""]
    headers = (L.COL_NO, L.COL_UNIT, *(L.CATEGORY_LABELS[k] for k in CATEGORY_KEYS), L.COL_TOTAL, L.COL_RATE)
    rows = [[i, u.unit_name, *(u.counts.get(k) for k in CATEGORY_KEYS), u.counts.total,
             L.percent(u.counts.on_time_rate)] for i, u in enumerate(data.units, 1)]
    rows.append(["", L.TOTAL_ROW, *(data.counts.get(k) for k in CATEGORY_KEYS), data.counts.total,
                 L.percent(data.counts.on_time_rate)])
    out += [*_md_table(headers, rows), "", f"### {L.UNITS_DETAIL_TITLE}", ""]
    for i, unit in enumerate(data.units, 1):
        out += [f"#### 2.{i}. {md_text(unit.unit_name)}", "",
                md_text(L.UNIT_LINE.format(total=unit.counts.total, parts=L.counts_parts(unit.counts))), "",
                md_text(L.unit_change(unit, data.previous.end)), ""]
        if unit.rows:
            out += [*_md_table((L.COL_NO, L.COL_TASK, L.COL_CATEGORY, L.COL_DUE, L.COL_LATEST),
                               [_md_unit_row(data, n, r) for n, r in enumerate(unit.rows, 1)]), ""]
        else:
            out += [L.UNIT_NO_ROWS, ""]
        if unit.more_rows:
            out += [md_text(L.UNIT_MORE_ROWS.format(n=unit.more_rows)), ""]
    return out


def _md_unit_row(data: ReportData, n: int, row: Row) -> list:
    category = "\n".join([L.category_label(row.category),
                          *([L.DAYS_LATE.format(days=row.days_late)] if row.days_late else []),
                          *(L.FLAG_LABELS.get(f, f) for f in row.flags)])
    return [n, _md_task(data, row), category, _md_due(row), _md_latest(row)]


def _md_task(data: ReportData, row: Row | ExtensionRow) -> str:
    """Path and full text; the directive when the report covers several; the role when the
    unit only coordinates."""
    lines = []
    if data.directive_id is None or row.directive_title != data.directive_title:
        lines.append(L.one_line(row.directive_title))
    lines.append(L.task_label(row.task_path, row.task_text, 100_000))
    if getattr(row, "role", "lead") == "coordinating":
        lines.append(L.ROLE_COORDINATING)
    return "\n".join(lines)


def _md_due(row: Row) -> str:
    if row.extended and row.original_due:
        return f"{L.due_text(row)}\n{L.EXTENDED_FROM.format(date=L.short_date(row.original_due))}"
    return L.due_text(row)


def _md_latest(row: Row) -> str:
    if not row.last_reported_on:
        return L.NO_CHECKIN
    lines = [L.LATEST_LINE.format(date=L.short_date(row.last_reported_on), status=L.status_text(row) or "—")]
    if row.last_result.strip():
        lines.append(row.last_result)
    lines += [f"{label}: “{text}”" for label, text in ((L.DIFFICULTIES, row.difficulties),
                                                       (L.PROPOSALS, row.proposals)) if text.strip()]
    return "\n".join(lines)


def _md_lists(data: ReportData) -> list[str]:
    out = [f"## {L.SECTION_LISTS}", ""]
    tables = {
        "overdue": ((L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_DUE, L.COL_DAYS_LATE),
                    lambda n, r: [n, _md_task(data, r), r.unit_name, _md_due(r), r.days_late]),
        "completed": ((L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_DUE, L.COL_COMPLETED_ON, L.COL_CATEGORY),
                      lambda n, r: [n, _md_task(data, r), r.unit_name, _md_due(r), r.completed_on,
                                    L.category_label(r.category)]),
        "due_next": ((L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_DUE, L.COL_SITUATION),
                     lambda n, r: [n, _md_task(data, r), r.unit_name, _md_due(r),
                                   L.status_text(r) or L.NO_CHECKIN]),
        "extensions": ((L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_OLD_DUE, L.COL_NEW_DUE, L.COL_DECIDED_ON,
                        L.COL_REASON),
                       lambda n, e: [n, _md_task(data, e), e.unit_name, e.old_due, e.new_due, e.decided_on,
                                     e.reason]),
        "unreported": ((L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_LAST_REPORT),
                       lambda n, r: [n, _md_task(data, r), r.unit_name, r.last_reported_on or L.NO_CHECKIN]),
        "awaiting": ((L.COL_NO, L.COL_TASK, L.COL_UNIT, L.COL_DUE, L.COL_REPORTED_DONE),
                     lambda n, r: [n, _md_task(data, r), r.unit_name, _md_due(r), r.last_reported_on]),
    }
    for number, key in enumerate(tables, 1):
        rows = getattr(data, key)
        title, when_empty = L.LIST_TITLES[key]
        title = title.format(start=L.short_date(data.next.start), end=L.short_date(data.next.end))
        headers, to_cells = tables[key]
        if rows:
            out += [f"### {number}. {title} ({data.list_total(key)})", "",
                    *_md_table(headers, [to_cells(n, r) for n, r in enumerate(rows, 1)]), ""]
            if omitted := getattr(data.omitted, key):
                out += [md_text(L.LIST_MORE_ROWS.format(n=omitted)), ""]
        else:
            out += [f"### {number}. {title}", "", when_empty, ""]
    return out
