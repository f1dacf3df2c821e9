"""The CLI commands: each opens short-lived sessions through core services and prints."""
from __future__ import annotations

import datetime as dt

from core.errors import DondocError, ValidationError
from core.services.workspace import Workspace
from tui.cli_render import (
    FLAG_LABELS,
    KIND_LABELS,
    ROLE_LABELS,
    assignment_json,
    assignments_table,
    bar,
    category_text,
    console,
    ddmmyyyy,
    dump_json,
    safe,
    short,
    status_label,
    table_widths,
)


def _as_of_note(ws: Workspace) -> str:
    source = {"option": "theo --as-of", "env": "theo DONDOC_TODAY", "workspace": "ngày của dữ liệu mẫu",
              "clock": "hôm nay"}[ws.today_source]
    return f"Ngày xem {ddmmyyyy(ws.today)} ({source})"


# --- dondoc tasks ---------------------------------------------------------------------------


def tasks(ws: Workspace, args) -> int:
    from core.services.assignments import AssignmentFilter, iter_assignments

    if args.limit is not None and args.limit <= 0:
        raise ValidationError(f"--limit phải là số dương, không phải «{args.limit}».")
    flt = AssignmentFilter(unit=args.unit, directive=args.directive, category=args.category,
                           due_before=args.due_before, due_after=args.due_after, search=args.search,
                           flag=args.flag)
    # Written as read, part by part: `dondoc tasks` over a province's 150,000 assignments
    # holds one part at a time.
    with ws.session() as s:
        parts = iter_assignments(s, flt, ws.today, limit=args.limit)
        if args.json:
            written = 0

            def records():
                nonlocal written
                for part in parts:
                    written += len(part)
                    yield from (assignment_json(r, ws.today) for r in part)

            dump_json({"as_of": ws.today, "assignments": records()}, records="assignments",
                      after=lambda: {"count": written})
            return 0
        from rich.text import Text

        out = console()
        out.print(Text(_as_of_note(ws), style="dim"))
        shown = 0
        extended = False
        widths = None
        for part in parts:
            table = assignments_table(part, ws.today, out.width, header=shown == 0, widths=widths)
            out.print(table)
            widths = table_widths(table, widths)
            shown += len(part)
            extended = extended or any(r.standing.extended for r in part)
    if not shown:
        out.print("Không có phân công nào khớp điều kiện lọc.")
        return 0
    note = " (*) hạn đã được gia hạn." if extended else ""
    out.print(Text(f"{shown} phân công.{note}", style="dim"))
    return 0


# --- dondoc periods -------------------------------------------------------------------------


def periods(ws: Workspace, args) -> int:
    from rich.table import Table
    from rich.text import Text

    from core.services.directives import directive_cycle, directive_periods, find_directive

    with ws.session() as s:
        d = find_directive(s, args.directive)
        cycle = directive_cycle(d)
        until = max(ws.today, d.signed_on or ws.today) + dt.timedelta(days=31)
        items = directive_periods(d, until)
        title, phrase = d.title, d.reporting_phrase
    if args.json:
        dump_json({"directive": title, "cycle": cycle.code, "cycle_name": cycle.name, "phrase": phrase,
                   "periods": [{"start": p.start, "end": p.end, "report_on": p.report_on,
                                "current": ws.today in p} for p in items]})
        return 0
    out = console()
    out.print(safe(f"{title} — {cycle.name}"))
    if phrase:
        out.print(Text(f"«{phrase}»", style="dim"))
    table = Table(header_style="bold")
    table.add_column("Kỳ", justify="right")
    table.add_column("Từ ngày")
    table.add_column("Đến ngày")
    table.add_column("Ngày báo cáo")
    table.add_column("")
    for i, p in enumerate(items, 1):
        mark = "◀ kỳ hiện tại" if ws.today in p else ("đã qua" if p.end < ws.today else "")
        table.add_row(str(i), ddmmyyyy(p.start), ddmmyyyy(p.end), ddmmyyyy(p.report_on), mark)
    out.print(table)
    out.print(Text(_as_of_note(ws), style="dim"))
    return 0


# --- dondoc checkin / confirm ---------------------------------------------------------------


def checkin(ws: Workspace, args) -> int:
    from core.services.checkins import CheckinInput, find_assignment, record_checkin

    assignment_id = args.assignment
    if assignment_id is None:
        if not (args.directive and args.task and args.unit):
            raise ValidationError("Cần mã phân công, hoặc đủ ba tham số --directive, --task và --unit.")
        with ws.session() as s:
            assignment_id = find_assignment(s, args.directive, args.task, args.unit).id
    ci = record_checkin(ws, assignment_id, CheckinInput(
        status=args.status, progress=args.progress, result=args.result, difficulties=args.difficulties,
        proposals=args.proposals, reference=args.reference, completed_on=args.completed_on))
    if args.json:
        dump_json({"id": ci.id, "assignment_id": assignment_id, "reported_on": ci.reported_on,
                   "status": ci.status, "progress": ci.progress, "completed_on": ci.completed_on})
        return 0
    msg = (f"Đã ghi báo cáo tiến độ #{ci.id} cho phân công {assignment_id}: "
           f"{status_label(ci.status)}, ngày {ddmmyyyy(ci.reported_on)}.")
    if ci.status == "done":
        msg += " Chờ Văn phòng xác nhận hoàn thành."
    console().print(safe(msg))
    return 0


def confirm(ws: Workspace, args) -> int:
    from core.services.checkins import decide_completion

    decision = "return" if args.return_ else "confirm"
    row = decide_completion(ws, args.assignment, decision, args.reason)
    verb = "Đã trả lại" if decision == "return" else "Đã xác nhận hoàn thành"
    console().print(safe(f"{verb} phân công {args.assignment} (ngày {ddmmyyyy(row.decided_on)})."))
    return 0


# --- dondoc units / directives --------------------------------------------------------------


def units(ws: Workspace, args) -> int:
    from rich.table import Table
    from rich.text import Text

    from core.services.units import list_units

    with ws.session() as s:
        items = list_units(s, args.search, on=None if args.all else ws.today)
        data = [{"id": u.id, "name": u.name, "short_name": u.short_name, "kind": u.kind,
                 "is_group": u.is_group, "aliases": [a.alias for a in u.aliases],
                 "valid_from": u.valid_from, "valid_to": u.valid_to,
                 "successor": u.successor.name if u.successor else None} for u in items]
    if args.json:
        dump_json({"as_of": ws.today, "units": data}, records="units")
        return 0
    out = console()
    if not data:
        out.print(safe(f"Không có đơn vị nào khớp «{args.search}»." if args.search else "Chưa có đơn vị nào."))
        return 0
    table = Table(header_style="bold", expand=True)
    table.add_column("Mã", justify="right")
    table.add_column("Đơn vị", ratio=3)
    table.add_column("Viết tắt, tên khác", ratio=2, overflow="ellipsis")
    table.add_column("Hiệu lực", no_wrap=True)
    for u in data:
        name = safe(u["name"])
        if u["is_group"]:
            name.append(" (nhóm)", style="dim")
        if u["successor"]:
            name.append(f" → {u['successor']}", style="dim")
        valid = "" if not (u["valid_from"] or u["valid_to"]) else \
            f"{ddmmyyyy(u['valid_from']) if u['valid_from'] else ''}–{ddmmyyyy(u['valid_to']) if u['valid_to'] else ''}"
        table.add_row(str(u["id"]), name, safe(", ".join(u["aliases"])), valid)
    out.print(table)
    out.print(Text(f"{len(data)} đơn vị. {_as_of_note(ws)}.", style="dim"))
    return 0


def directives(ws: Workspace, args) -> int:
    from rich.table import Table

    from core.services.directives import list_directives, task_count

    with ws.session() as s:
        data = [{"id": d.id, "title": d.title, "doc_type": d.doc_type, "number": d.number_text,
                 "issuer": d.issuer, "signed_on": d.signed_on, "summary": d.summary,
                 "tasks": task_count(s, d.id), "reporting_cycle": d.reporting_cycle}
                for d in list_directives(s)]
    if args.json:
        dump_json({"directives": data}, records="directives")
        return 0
    out = console()
    table = Table(header_style="bold", expand=True)
    for col in ("Mã", "Văn bản", "Ngày", "Cơ quan ban hành", "Trích yếu", "Số NV"):
        table.add_column(col, overflow="ellipsis")
    for d in data:
        table.add_row(str(d["id"]), safe(d["title"]), ddmmyyyy(d["signed_on"]), safe(d["issuer"]),
                      safe(short(d["summary"], 120)), str(d["tasks"]))
    out.print(table)
    return 0


# --- dondoc (no command): the current period's summary --------------------------------------


def summary(ws: Workspace, args) -> int:
    from rich.table import Table
    from rich.text import Text

    from core.periods import get_cycle, next_period, period_containing
    from core.services.assignments import AssignmentFilter, category_counts, list_assignments
    from core.status import Category
    from core.text import sort_key

    out = console()
    with ws.session() as s:
        clerk = ws.clerk(s)
        counts = category_counts(s, AssignmentFilter(), ws.today)
        overdue = list_assignments(s, AssignmentFilter(category="overdue"), ws.today)
    cycle = get_cycle(None)
    period = period_containing(cycle, ws.today)
    who = clerk.display_name if clerk else f"{ws.os_user} (chưa đăng ký)"
    out.print(safe(f"dondoc · {ws.db.location}"), style="bold")
    out.print(safe(f"{who} · {_as_of_note(ws)}"))
    left = (period.end - ws.today).days
    out.print(f"Kỳ báo cáo {period.label}, còn {left} ngày · kỳ sau "
              f"{next_period(cycle, period).label}")
    total = sum(counts[c.value] for c in Category)
    if total == 0:
        out.print("Chưa có phân công nào. Thử cơ sở dữ liệu mẫu: «dondoc demo», rồi «dondoc --demo».")
        return 0
    table = Table(title="Tình hình thực hiện", title_justify="left", show_header=False, box=None)
    table.add_column(min_width=26)
    table.add_column(justify="right")
    table.add_column()
    for c in Category:
        table.add_row(category_text(c), str(counts[c.value]), bar(counts[c.value], total))
        if c is Category.IN_PROGRESS:
            table.add_row("  trong đó sắp đến hạn", str(counts["due_soon"]), "")
        if c is Category.RECURRING:
            table.add_row("  trong đó chưa báo cáo kỳ này", str(counts["unreported"]), "")
    table.add_row("Chờ xác nhận hoàn thành", str(counts["awaiting"]), "")
    table.add_row("Bị trả lại", str(counts["returned"]), "")
    out.print(table)
    by_unit: dict[str, int] = {}
    for r in overdue:
        by_unit[r.unit_name] = by_unit.get(r.unit_name, 0) + 1
    if by_unit:
        top = Table(title="Quá hạn nhiều nhất", title_justify="left", show_header=False, box=None)
        top.add_column(min_width=30)
        top.add_column(justify="right")
        for name, n in sorted(by_unit.items(), key=lambda kv: (-kv[1], sort_key(kv[0])))[:5]:
            top.add_row(safe(name), str(n))
        out.print(top)
    if overdue:
        out.print(Text("Quá hạn", style="bold"))
        out.print(assignments_table(overdue[:10], ws.today, out.width))
        if len(overdue) > 10:
            out.print(Text(f"… và {len(overdue) - 10} phân công quá hạn khác: "
                           "dondoc tasks --category overdue", style="dim"))
    return 0


# --- dondoc demo / db -----------------------------------------------------------------------


def demo(args) -> int:
    """`dondoc demo`: the demo workspace, into demo.sqlite3 of the data directory unless --db
    names another database (a SQLite file or a server)."""
    from core.demo import build_demo
    from core.services.workspace import os_user
    from db.engine import demo_database_path, remove_sqlite_file, sqlite_url

    out = console()

    def build(db):
        return build_demo(db, os_user=os_user())

    if getattr(args, "db", None):
        built = _build_workspace(args.db, build, force=args.force, if_missing=args.if_missing)
        if built is None:
            out.print(safe(f"Cơ sở dữ liệu đã có dữ liệu, giữ nguyên: {args.db}"))
            return 0
        summary_, location = built
        view = f"dondoc --db {location}"
    else:
        path = demo_database_path()
        if path.exists():
            if args.if_missing:
                out.print(safe(f"Cơ sở dữ liệu mẫu đã có: {path}"))
                return 0
            if not args.force:
                raise DondocError(f"Cơ sở dữ liệu mẫu đã có: {path}. Dùng --force để tạo lại.")
            remove_sqlite_file(path)
        summary_, location = _build_workspace(sqlite_url(path), build, force=True)
        view = "dondoc --demo"
    out.print(safe(f"Đã tạo cơ sở dữ liệu mẫu: {location}"))
    out.print(safe(f"{summary_.units} đơn vị, {summary_.tasks} nhiệm vụ, {summary_.assignments} phân công, "
                   f"{summary_.checkins} báo cáo tiến độ, {summary_.decisions} xác nhận/trả lại, "
                   f"{summary_.extensions} gia hạn."))
    out.print(safe(f"Xem: {view}   ·   {view} tasks --category overdue"))
    return 0


def _build_workspace(target: str, build, *, force: bool, if_missing: bool = False):
    """(what `build(db)` returned, where) for a workspace built into `target` (a URL or a file
    path); None when `if_missing` and the database already holds data.

    A SQLite file is built beside its name and moved in place only when complete; a file that
    is not a dondoc database, or one holding data, is replaced only with `force`. A server
    database holding data is refused unless `force`, which empties it first; if the build then
    fails it is emptied again, so no half-built workspace is left behind."""
    from sqlalchemy.engine import make_url

    from core.generate import empty_workspace, refuse_unless_empty
    from db.engine import Database, build_sqlite_file, resolve_url
    from db.migrate import ensure_schema

    url = resolve_url(target)
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        from pathlib import Path

        path = Path(u.database)
        if path.exists() and not force:
            from sqlalchemy import inspect
            from sqlalchemy.exc import SQLAlchemyError

            existing = Database(url)
            try:
                try:
                    tables = set(inspect(existing.engine).get_table_names())
                except SQLAlchemyError:
                    tables = {"?"}
                if tables and "directives" not in tables:
                    raise ValidationError(f"Tệp {path} đã có và không phải cơ sở dữ liệu dondoc; không ghi đè. "
                                          "Dùng --force để thay thế.")
                if if_missing and _holds_data(existing):
                    return None
                refuse_unless_empty(existing)
            finally:
                existing.dispose()
        return build_sqlite_file(path, build), str(path)
    database = Database(url)
    try:
        ensure_schema(database.engine)
        if if_missing and _holds_data(database):
            return None
        if refuse_unless_empty(database, force):
            empty_workspace(database)
        try:
            return build(database), database.location
        except BaseException:
            empty_workspace(database)
            raise
    finally:
        database.dispose()


def _holds_data(db) -> bool:
    from core.generate import existing_rows

    return any(existing_rows(db).values())


def gen(args) -> int:
    """`dondoc gen`: a synthetic workspace; into gen-<scale>.sqlite of the data directory unless
    --db names another database. A SQLite file is built beside its name and moved in place
    only when complete."""
    import time

    from core.generate import TODAY, generate
    from core.services.workspace import os_user
    from core.text import group_digits
    from db.engine import data_dir, sqlite_url

    out = console()

    def progress(line: str) -> None:
        out.print(safe(line))

    started = time.perf_counter()
    counts, location = _build_workspace(
        args.db or sqlite_url(data_dir() / f"gen-{args.scale}.sqlite"),
        lambda database: generate(database, args.scale, seed=args.seed, os_user=os_user(), progress=progress),
        force=args.force)
    seconds = time.perf_counter() - started
    n = group_digits
    secs = f"{seconds:.1f}".replace(".", ",")
    out.print(safe(f"Đã tạo không gian làm việc giả lập quy mô «{args.scale}» (hạt giống {args.seed}) "
                   f"trong {secs} giây: {location}"))
    out.print(safe(
        f"{n(counts['units'])} đơn vị, {n(counts['clerks'])} cán bộ, {n(counts['directives'])} văn bản chỉ đạo, "
        f"{n(counts['task_nodes'])} nhiệm vụ (và {n(counts['tasks'] - counts['task_nodes'])} đề mục), "
        f"{n(counts['assignments'])} phân công, {n(counts['checkins'])} báo cáo tiến độ, "
        f"{n(counts['confirmations'])} xác nhận/trả lại, {n(counts['extensions'])} gia hạn."))
    out.print(safe(f"Ngày làm việc của dữ liệu: {TODAY:%d/%m/%Y}. Xem: dondoc --db {location}"))
    return 0


def db(args, url: str | None) -> int:
    from db.engine import Database
    from db.migrate import current_revision, head_revision, upgrade

    database = Database(url)
    out = console()
    try:
        if args.db_command == "upgrade":
            before = current_revision(database.engine)
            upgrade(database.engine)
            after = current_revision(database.engine)
            if before == after:
                out.print(safe(f"Lược đồ đã là bản mới nhất ({after}) · {database.location}"))
            else:
                out.print(safe(f"Đã nâng cấp lược đồ {before or '(trống)'} → {after} · {database.location}"))
        else:
            cur = current_revision(database.engine)
            head = head_revision()
            state = "mới nhất" if cur == head else f"cần nâng cấp lên {head}"
            out.print(safe(f"Lược đồ: {cur or '(chưa tạo)'} ({state}) · {database.location}"))
    finally:
        database.dispose()
    return 0


__all__ = ["tasks", "periods", "checkin", "confirm", "units", "directives", "summary", "demo", "gen", "db",
           "FLAG_LABELS", "KIND_LABELS", "ROLE_LABELS"]
