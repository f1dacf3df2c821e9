"""`dondoc report …` and `dondoc remind …`: the period report and the reminder letters.

    dondoc report [--directive REF] [--period NGÀY] [--format docx|xlsx|csv|md] [-o TỆP]
    dondoc report issue --number 25/BC-VP [same options]   (stores it as issued)
    dondoc report list                                      (the reports issued)
    dondoc report export MÃ_SỐ -o TỆP [--format …]          (an issued one, identical)
    dondoc remind (--unit TÊN | --all) [-o THƯ_MỤC] [--directive REF]
"""
from __future__ import annotations

from pathlib import Path

from rich.table import Table

from core.errors import ValidationError
from tui.cli_render import console, ddmmyyyy, safe

CATEGORY_ROWS = [
    ("done_on_time", "Hoàn thành đúng hạn"), ("done_late", "Hoàn thành quá hạn"),
    ("in_progress", "Đang thực hiện trong hạn"), ("overdue", "Quá hạn"), ("recurring", "Thường xuyên"),
]


def _print_figures(out, data) -> None:
    table = Table(title=None, show_edge=False, pad_edge=False)
    table.add_column("Phân loại")
    table.add_column(f"Kỳ trước (đến {ddmmyyyy(data.previous.end)})", justify="right")
    table.add_column(f"Kỳ này (đến {ddmmyyyy(data.period.end)})", justify="right")
    for key, label in CATEGORY_ROWS:
        table.add_row(label, str(data.previous_counts.get(key)), str(data.counts.get(key)))
    table.add_row("Tổng số", str(data.previous_counts.total), str(data.counts.total))
    out.print(table)


def run(args, ws_factory) -> int:
    from core.services import reports

    out = console()
    command = getattr(args, "report_command", None)
    ws = ws_factory()
    if command == "list":
        rows = reports.list_issued(ws)
        if not rows:
            out.print("Chưa có báo cáo nào được ban hành.")
            return 0
        for r in rows:
            period = f"{ddmmyyyy(r.period_start)}–{ddmmyyyy(r.period_end)}"
            out.print(safe(f"#{r.id}  Số {r.number}  ngày {ddmmyyyy(r.issued_on)}  kỳ {period}  "
                           f"{r.directive_title or 'tất cả văn bản'}  ({r.file_format}, {r.file_name})"
                           + (f"  — {r.issued_by}" if r.issued_by else "")))
        return 0
    if command == "export":
        path, same = reports.reexport_issued(ws, args.issued_id, args.output, args.format)
        out.print(safe(f"Đã ghi lại báo cáo đã ban hành mã số {args.issued_id}: {path}"))
        out.print("Giống hệt tệp đã ban hành." if same else
                  "Khác định dạng với tệp đã ban hành; số liệu vẫn là số liệu đã ban hành.")
        return 0

    fmt = reports.parse_format(args.format, args.output)
    data = reports.make_report(ws, directive=args.directive, period_day=args.period)
    target = Path(args.output or reports.default_file_name(data, fmt))
    if command == "issue":
        issued = reports.issue_report(ws, data, number=args.number, fmt=fmt, target=target)
        out.print(safe(f"Đã ban hành báo cáo số {issued.number} (mã số {issued.id}), "
                       f"kỳ {data.period.label}: {target}"))
    else:
        reports.export_report(data, fmt, target)
        out.print(safe(f"Đã ghi báo cáo kỳ {data.period.label} ({reports.FORMAT_NAMES[fmt]}): {target}"))
    out.print(safe(f"Phạm vi: {data.directive_title or 'tất cả văn bản'}; số liệu tính đến hết ngày "
                   f"{ddmmyyyy(data.period.end)}."))
    _print_figures(out, data)
    return 0


def remind(args, ws_factory) -> int:
    from core.services import reports

    if not args.unit and not args.all:
        raise ValidationError("Chọn đơn vị nhận văn bản đôn đốc (--unit TÊN) hoặc --all cho mọi đơn vị có "
                              "nhiệm vụ quá hạn.")
    out = console()
    ws = ws_factory()
    letters = reports.make_reminders(ws, unit=args.unit, directive=args.directive)
    letters = [x for x in letters if x.overdue or x.due_soon]
    if not letters:
        out.print(safe(f"Không có đơn vị nào có nhiệm vụ quá hạn hoặc sắp đến hạn vào ngày {ddmmyyyy(ws.today)}; "
                       "không tạo văn bản nào."))
        return 0
    folder = Path(args.output or ".")
    paths = reports.write_reminders(letters, folder)
    for letter, path in zip(letters, paths):
        out.print(safe(f"{letter.unit_name}: {len(letter.overdue)} quá hạn, {len(letter.due_soon)} sắp đến hạn → {path}"))
    out.print(safe(f"Đã tạo {len(paths)} văn bản đôn đốc trong {folder}."))
    return 0
