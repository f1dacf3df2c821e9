"""How the CLI shows things: rich tables for people, JSON for programs.

Text from documents and clerks is never trusted: it goes through core.text.printable (escape
sequences and control characters removed) and into rich Text objects, which never interpret
markup such as "[bold]".
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from typing import Any

from typing import TYPE_CHECKING

from core.status import CATEGORY_LABELS, Category
from core.text import printable

if TYPE_CHECKING:  # rich is imported when a table is printed: `--json` answers never need it
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

FLAG_LABELS = {
    "due_soon": "sắp đến hạn",
    "awaiting": "chờ xác nhận",
    "returned": "bị trả lại",
    "unreported": "chưa báo cáo kỳ này",
}
KIND_LABELS = {
    "date": "có hạn",
    "recurring": "thường xuyên",
    "immediate": "ngay (chưa có ngày)",
    "until_event": "đến khi có sự kiện",
    "none": "không có hạn",
}
ROLE_LABELS = {"lead": "chủ trì", "coordinating": "phối hợp"}
CATEGORY_STYLES = {
    Category.DONE_ON_TIME: "green",
    Category.DONE_LATE: "yellow",
    Category.IN_PROGRESS: "cyan",
    Category.OVERDUE: "bold red",
    Category.RECURRING: "magenta",
}


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    class CommandConsole(Console):
        def on_broken_pipe(self) -> None:
            """Rich exits with status 1; `tui.cli.main` ends every command alike (status 0)."""
            self.quiet = True
            raise BrokenPipeError

    return CommandConsole(stderr=stderr, highlight=False, emoji=False, markup=False)


def safe(value: Any) -> Text:
    """Literal, printable text (no markup, no escape sequences)."""
    from rich.text import Text

    return Text(printable("" if value is None else str(value)))


def ddmmyyyy(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def short(text: str, width: int) -> str:
    text = " ".join(printable(text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


_C1 = re.compile("[\u0080-\u009f\u2028\u2029]")


def dump_json(data: dict[str, Any], records: str | None = None,
              after: Callable[[], dict[str, Any]] | None = None) -> None:
    """JSON with Vietnamese kept readable; C0 controls are escaped by json, C1 by us.

    `records` names the key of a list written one record per line (`grep`-able, and written
    by json's compact encoder: its indenting one is pure Python, ≈0.015 s for a unit's 450
    assignments of a 0.5 s command). It is written last, as its records come: it may be any
    iterable, so a province's 150,000 assignments are never held at once. `after` gives the
    fields known once the records are written (their count), written after them."""
    def escaped(text: str) -> str:
        return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

    if records is None:
        sys.stdout.write(escaped(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)) + "\n")
        return

    def compact(value: Any) -> str:
        return escaped(json.dumps(value, ensure_ascii=False, default=_json_default))

    write = sys.stdout.write
    write("{\n" + "".join(f"  {compact(k)}: {compact(v)},\n" for k, v in data.items() if k != records)
          + f"  {compact(records)}: [")
    separator = "\n    "
    for record in data[records]:
        write(separator + compact(record))
        separator = ",\n    "
    write("]" if separator == "\n    " else "\n  ]")
    for k, v in (after() if after else {}).items():
        write(f",\n  {compact(k)}: {compact(v)}")
    write("\n}\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def category_text(category: Category) -> Text:
    from rich.text import Text

    return Text(CATEGORY_LABELS[category], style=CATEGORY_STYLES[category])


def assignment_json(row, as_of: dt.date) -> dict[str, Any]:
    st = row.standing
    return {
        "id": row.id,
        "directive_id": row.directive_id,
        "directive": row.directive_title,
        "task": row.task_path,
        "text": row.task_text,
        "unit": row.unit_name,
        "role": row.role,
        "mode": row.mode,
        "deadline": {
            "kind": row.deadline_kind,
            "phrase": row.deadline_phrase,
            "original_due": st.original_due,
            "due": st.due,
        },
        "category": st.category.value,
        "category_label": CATEGORY_LABELS[st.category],
        "flags": row.flags,
        "days_late": st.days_late(as_of),
        "completed_on": st.completed_on,
        "last_checkin": None if row.last_checkin_on is None else {
            "reported_on": row.last_checkin_on, "status": row.last_status, "progress": row.last_progress,
        },
    }


SHORT_FLAGS = {"due_soon": "sắp hạn", "awaiting": "chờ XN", "returned": "trả lại", "unreported": "chưa BC"}
SHORT_CATEGORY = {
    Category.DONE_ON_TIME: "Xong đúng hạn",
    Category.DONE_LATE: "Xong quá hạn",
    Category.IN_PROGRESS: "Trong hạn",
    Category.OVERDUE: "Quá hạn",
    Category.RECURRING: "Thường xuyên",
}


def assignments_table(rows, as_of: dt.date, width: int, header: bool = True,
                      widths: list[int] | None = None) -> Table:
    """The assignment list; below 120 columns it keeps to what fits a PuTTY window.

    A long list is printed as several tables, one per part read: the first with its
    `header`, the next ones at least as wide, column by column, as `widths` (`table_widths`
    of the ones before), so their columns line up."""
    from rich.table import Table
    from rich.text import Text

    wide = width >= 120
    table = Table(expand=True, pad_edge=False, header_style="bold", box=None, show_header=header)
    table.add_column("Mã", justify="right", no_wrap=True)
    table.add_column("Mục", no_wrap=True)
    table.add_column("Nhiệm vụ", ratio=3, overflow="ellipsis", no_wrap=True, min_width=12)
    table.add_column("Đơn vị", ratio=2, overflow="ellipsis", no_wrap=True, min_width=10,
                     max_width=None if wide else 22)
    table.add_column("Hạn", no_wrap=True)
    table.add_column("Tình trạng", no_wrap=True)
    for r in rows:
        st = r.standing
        if st.due:
            due = ddmmyyyy(st.due) if wide or st.due.year != as_of.year else st.due.strftime("%d/%m")
        else:
            due = KIND_LABELS.get(r.deadline_kind, r.deadline_kind) if wide else "—"
        if st.extended:
            due += "*"
        labels = CATEGORY_LABELS if wide else SHORT_CATEGORY
        status = Text(labels[st.category], style=CATEGORY_STYLES[st.category])
        late = st.days_late(as_of)
        if late and st.category is Category.OVERDUE:
            status.append(f" {late} ngày" if wide else f" {late}n")
        flags = [(FLAG_LABELS if wide else SHORT_FLAGS)[f] for f in r.flags]
        if flags:
            status.append(" · " + ", ".join(flags), style="dim")
        table.add_row(str(r.id), safe(r.task_path), safe(short(r.task_text, 200)), safe(r.unit_name),
                      due, status)
    for column, least in zip(table.columns, widths or ()):
        if column.ratio is None:  # the others share what is left, so they line up too
            column.min_width = max(column.min_width or 0, least)
    return table


def table_widths(table: Table, before: list[int] | None = None) -> list[int]:
    """Each column's widest cell, header included, and at least `before`'s."""
    from rich.cells import cell_len

    def width(cell: Any) -> int:
        return cell.cell_len if hasattr(cell, "cell_len") else cell_len(str(cell))

    measured = [max([width(column.header), *(width(c) for c in column.cells)]) for column in table.columns]
    return [max(pair) for pair in zip(measured, before or [0] * len(measured))]


def status_label(status: str | None) -> str:
    from core.services.checkins import STATUS_LABELS

    return STATUS_LABELS.get(status or "", status or "—")


def bar(count: int, total: int, width: int = 20) -> str:
    if total <= 0:
        return ""
    n = round(width * count / total)
    return "█" * n
