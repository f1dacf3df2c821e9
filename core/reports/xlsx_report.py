"""The period report as an .xlsx workbook, written from a ReportData value alone.

Sheets:
- "Tổng hợp": title rows, then one row per unit (TT, Đơn vị, one column per category, Tổng,
  Tỷ lệ đúng hạn) and a total row with the report's own totals.
- "Chi tiết": one row per assignment (labels.detail_rows: the unit sections' rows, then any
  row of the lists that no unit section holds), full texts, dates as real dates.
- "Gia hạn": the extensions granted in the period (they are not assignment rows).

Every sheet: Times New Roman, a bold header row, a row of column numbers under it carrying the
auto-filter, panes frozen below it, widths from the content (capped; long text wraps), dates
formatted dd/mm/yyyy. Text that a spreadsheet would take for a formula is stored as a string
with Excel's quote prefix, so it shows as typed and never runs.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from core.reports import labels as L
from core.reports.model import CATEGORY_KEYS, ExtensionRow, ReportData
from core.reports.officedoc import AUTHOR, Target, midnight, package_bytes, write_target

FONT = "Times New Roman"
SIZE = 12
DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0%"
MAX_WIDTH = 50      # characters: longer text wraps
MIN_WIDTH = 5
LINE_HEIGHT = 16    # points per line of 12 pt text
CELL_LIMIT = 32767  # characters Excel holds in one cell; longer text makes it "repair" the file
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
# Named cell styles, one assignment per cell (setting font, alignment and border one by one
# made a province-wide workbook slow).
TEXT, NUMBER, DATE, HEAD, COLUMN_NO = "dd-text", "dd-number", "dd-date", "dd-head", "dd-column-no"


def _register_styles(workbook: Workbook) -> None:
    """The named cell styles, and their style arrays for `_style_cell`."""
    top_centre = Alignment(horizontal="center", vertical="top")
    for name, font, alignment, number_format in (
        (TEXT, Font(name=FONT, size=SIZE), Alignment(wrap_text=True, vertical="top"), "General"),
        (NUMBER, Font(name=FONT, size=SIZE), top_centre, "General"),
        (DATE, Font(name=FONT, size=SIZE), top_centre, DATE_FORMAT),
        (HEAD, Font(name=FONT, size=SIZE, bold=True), CENTRED, "General"),
        (COLUMN_NO, Font(name=FONT, size=SIZE, italic=True), CENTRED, "General"),
    ):
        style = NamedStyle(name=name, font=font, alignment=alignment, border=GRID, number_format=number_format)
        workbook.add_named_style(style)
        # What `cell.style = name` copies into the cell — without looking the name up among
        # the workbook's styles each time (a third of the time of a province-wide workbook).
        setattr(workbook, _STYLE_ARRAYS, {**getattr(workbook, _STYLE_ARRAYS, {}), name: style.as_tuple()})


_STYLE_ARRAYS = "_dondoc_style_arrays"


def _style_cell(cell: Cell, name: str) -> Cell:
    """`cell.style = name` for a style of `_register_styles`: a copy of its style array."""
    cell._style = StyleArray(getattr(cell.parent.parent, _STYLE_ARRAYS)[name])
    return cell


def write_report_xlsx(data: ReportData, target: Target) -> None:
    """Write the workbook to a path or a binary file; the same data gives the same bytes."""
    write_target(target, report_xlsx_bytes(data))


def report_xlsx_bytes(data: ReportData) -> bytes:
    workbook = Workbook()
    _register_styles(workbook)
    _summary_sheet(workbook.active, data)
    _detail_sheet(workbook.create_sheet(L.SHEET_DETAIL), data)
    _extensions_sheet(workbook.create_sheet(L.SHEET_EXTENSIONS), data.extensions)
    props = workbook.properties
    props.creator = props.lastModifiedBy = AUTHOR
    props.created = props.modified = midnight(data.made_on)
    props.title = L.report_summary(data)
    # openpyxl's save_workbook() stamps `modified` with the clock; its writer does not.
    # Stored, not compressed: package_bytes() compresses every entry anew anyway.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(workbook, archive).save()
    return package_bytes(buffer.getvalue(), data.made_on)


# --- the sheets ---------------------------------------------------------------------------------


def _summary_sheet(ws: Worksheet, data: ReportData) -> None:
    ws.title = L.SHEET_SUMMARY
    headers = (L.COL_NO, L.COL_UNIT, *(L.CATEGORY_LABELS[k] for k in CATEGORY_KEYS), L.COL_TOTAL, L.COL_RATE)
    _title_rows(ws, data, len(headers))
    rows = [[i, L.one_line(u.unit_name), *(u.counts.get(k) for k in CATEGORY_KEYS), u.counts.total,
             u.counts.on_time_rate] for i, u in enumerate(data.units, 1)]
    first = _table(ws, 5, headers, rows)
    total = [None, L.TOTAL_ROW, *(data.counts.get(k) for k in CATEGORY_KEYS), data.counts.total,
             data.counts.on_time_rate]
    total_row = first + len(rows)
    for column, value in enumerate(total, 1):
        cell = _put(ws, total_row, column, value)
        cell.font, cell.border = Font(name=FONT, size=SIZE, bold=True), GRID
    for row in range(first, total_row + 1):
        ws.cell(row, len(headers)).number_format = PERCENT_FORMAT
    if note := L.limits_note(data):  # the detail sheet holds only the rows the report lists
        cell = _put(ws, total_row + 2, 1, note)
        cell.border = Border()
        ws.merge_cells(start_row=total_row + 2, start_column=1, end_row=total_row + 2, end_column=len(headers))
        ws.row_dimensions[total_row + 2].height = LINE_HEIGHT * 3
    _fit_widths(ws, headers, [*rows, total])
    _fit_heights(ws, 1, total_row)
    _fit_to_page_width(ws)


def _title_rows(ws: Worksheet, data: ReportData, width: int) -> None:
    """Issuer, title, the directive and the period, each merged across the table's width."""
    lines = [
        (L.issuer_line(data.organisation), False),
        (L.XLSX_TITLE, True),
        (L.one_line(data.directive_label), True),
        (L.XLSX_PERIOD.format(start=L.short_date(data.period.start), end=L.short_date(data.period.end)), False),
    ]
    for row, (text, bold) in enumerate(lines, 1):
        cell = _put(ws, row, 1, text)
        cell.font = Font(name=FONT, size=SIZE + 1 if bold else SIZE, bold=bold)
        cell.alignment, cell.border = CENTRED, Border()
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _detail_sheet(ws: Worksheet, data: ReportData) -> None:
    rows = [L.detail_values(i, r) for i, r in enumerate(L.detail_rows(data), 1)]
    _table(ws, 1, L.DETAIL_COLUMNS, rows)
    _fit_widths(ws, L.DETAIL_COLUMNS, rows)
    _fit_heights(ws, 1, len(rows) + 2)


def _extensions_sheet(ws: Worksheet, extensions: Sequence[ExtensionRow]) -> None:
    rows = [[i, L.one_line(e.directive_title), L.one_line(e.task_path), L.clean(e.task_text),
             L.one_line(e.unit_name), e.old_due, e.new_due, e.decided_on, L.clean(e.reason)]
            for i, e in enumerate(extensions, 1)]
    _table(ws, 1, L.EXTENSION_COLUMNS, rows)
    _fit_widths(ws, L.EXTENSION_COLUMNS, rows)
    _fit_heights(ws, 1, len(rows) + 2)


# --- cells and tables ---------------------------------------------------------------------------


def _table(ws: Worksheet, header_row: int, headers: Sequence[str], rows: Sequence[Sequence]) -> int:
    """Header row, column-number row (with the auto-filter), data rows; panes frozen below
    the numbers. Returns the first data row."""
    numbers_row, first = header_row + 1, header_row + 2
    for column, header in enumerate(headers, 1):
        _style_cell(_put(ws, header_row, column, header), HEAD)
        _style_cell(_put(ws, numbers_row, column, f"({column})"), COLUMN_NO)
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, 1):
            _put(ws, first + offset, column, value)
    last_column = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{numbers_row}:{last_column}{max(first + len(rows) - 1, numbers_row)}"
    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{header_row}:{numbers_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    return first


def _fit_to_page_width(ws: Worksheet) -> None:
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _put(ws: Worksheet, row: int, column: int, value) -> Cell:
    """Write one value: dates as dates (dd/mm/yyyy), numbers as numbers, text cleaned and
    never a formula."""
    cell = ws._cells.get((row, column))
    if cell is None:  # ws.cell(row, column), without its checks: a province has 30,000 cells
        cell = Cell(ws, row=row, column=column)
        ws._add_cell(cell)
    styles = getattr(ws.parent, _STYLE_ARRAYS)
    # The value first: openpyxl registers a number format for a date it is given.
    if isinstance(value, dt.date):
        cell.value = value
        cell._style = StyleArray(styles[DATE])
    elif isinstance(value, (int, float)):
        cell.value = value
        cell._style = StyleArray(styles[NUMBER])
    elif value is None:
        cell._style = StyleArray(styles[TEXT])
    else:
        text = L.clean(str(value))[:CELL_LIMIT]
        cell.value = text
        cell._style = StyleArray(styles[TEXT])
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
        if L.looks_like_formula(text):
            cell.quotePrefix = True  # what Excel does for a typed '=…: shown as text
    return cell


def _fit_widths(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Each column as wide as its longest line, capped at MAX_WIDTH; a short header fits on
    one line, a long one wraps at its longest word; a date column fits dd/mm/yyyy."""
    measured: dict[tuple[type, object], int] = {}  # the same values recur (units, directives, dates)
    for column, header in enumerate(headers, 1):
        words = str(header).split()
        width = (len(header) if len(header) <= 12 else max(len(w) for w in words)) + 2
        for values in rows:
            value = values[column - 1]
            key = (type(value), value)  # not 1 == 1.0: an int and a float are measured apart
            n = measured.get(key)
            if n is None:
                n = measured[key] = _display_width(value)
            width = max(width, n)
        ws.column_dimensions[get_column_letter(column)].width = max(MIN_WIDTH, min(MAX_WIDTH, width))


def _display_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 12
    if isinstance(value, float):
        return 8
    return max((len(line) for line in L.clean(str(value)).splitlines()), default=0) + 2


def _fit_heights(ws: Worksheet, first_row: int, last_row: int) -> None:
    """Row heights for the wrapped text: neither Excel nor LibreOffice grows a row to fit on
    opening a file that does not say how high it is."""
    columns = ws.max_column
    widths = {c: ws.column_dimensions[get_column_letter(c)].width for c in range(1, columns + 1)}
    merged = {r.min_row: sum(widths[c] for c in range(r.min_col, r.max_col + 1)) for r in ws.merged_cells.ranges}
    cells, fonts = ws._cells, ws.parent._fonts
    for row in range(first_row, last_row + 1):
        for column in range(1, columns + 1):
            if (row, column) not in cells:
                ws.cell(row, column)  # a cell is made where there was none (and written, empty)
    lines = dict.fromkeys(range(first_row, last_row + 1), 1)
    counted: dict[tuple[str, float, bool], int] = {}  # the same texts recur (units, directives)
    for (row, column), cell in cells.items():
        value = cell._value
        if isinstance(value, str) and row in lines and column <= columns:
            # cell.font.b, without a style proxy per cell
            bold = bool(fonts[cell._style.fontId].b if cell._style is not None else cell.font.b)
            key = (value, merged.get(row, widths[column]), bold)
            n = counted.get(key)
            if n is None:
                n = counted[key] = _wrapped_lines(value, key[1], bold=bold)
            if n > lines[row]:
                lines[row] = n
    for row, n in lines.items():
        ws.row_dimensions[row].height = n * LINE_HEIGHT + 2


def _wrapped_lines(text: str, width: float, *, bold: bool) -> int:
    """How many lines `text` takes in a column `width` characters wide (bold is wider): the
    lines textwrap.wrap would make of each of its paragraphs."""
    usable = max(1, int((width - 1) * (0.9 if bold else 1.0)))
    return sum(_paragraph_lines(p, usable) for p in text.splitlines() or [""])


_CHUNKS = re.compile(r" +|[^ ]+")
# What textwrap treats otherwise than a space or a letter: other whitespace (a tab expands to
# several columns) and hyphens (a word breaks after one).
_NOT_PLAIN = re.compile("[-\t\n\x0b\x0c\r]")


def _paragraph_lines(text: str, width: int) -> int:
    """len(textwrap.wrap(text, width)) or 1, without making the lines. A text that fits is
    one line. Otherwise textwrap's own rule (TextWrapper._wrap_chunks: greedy, a space chunk
    dropped at either end of a line, a word longer than a line cut) over its chunks — which,
    in a text of spaces and other characters only, are the runs of spaces and of the others.
    With a tab or a hyphen (a quarter of the texts of a province-wide report), textwrap counts."""
    if _NOT_PLAIN.search(text):
        return len(textwrap.wrap(text, width)) or 1
    if len(text) <= width:
        return 1
    chunks = _CHUNKS.findall(text)
    chunks.reverse()
    lines = 0
    while chunks:
        if lines and chunks[-1].strip() == "":
            del chunks[-1]
        line: list[str] = []
        used = 0
        while chunks and used + len(chunks[-1]) <= width:
            line.append(chunks.pop())
            used += len(line[-1])
        if chunks and len(chunks[-1]) > width:  # cut the long word to what is left of the line
            chunk = chunks[-1]
            line.append(chunk[:width - used])
            chunks[-1] = chunk[width - used:]
        if line and line[-1].strip() == "":
            del line[-1]
        if line:
            lines += 1
    return lines or 1
