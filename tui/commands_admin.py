"""`dondoc clerk add|list|disable` and `dondoc audit`: thin printing over core services.

The permission checks live in core.services.clerks and core.services.audit_log; here we only
print (literal text, never Rich markup from data) and close the workspace.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from rich.table import Table
from rich.text import Text

from core.services.workspace import Workspace
from tui.cli_render import console, ddmmyyyy, dump_json, safe

WorkspaceFactory = Callable[[], Workspace]


def _with_workspace(ws_factory: WorkspaceFactory, action: Callable[[Workspace], int]) -> int:
    ws = ws_factory()
    try:
        return action(ws)
    finally:
        ws.db.dispose()


# --- dondoc clerk ---------------------------------------------------------------------------


def clerk(args, ws_factory: WorkspaceFactory) -> int:
    action = {"add": _clerk_add, "list": _clerk_list, "disable": _clerk_disable,
              "init": _clerk_init}[args.clerk_command]
    return _with_workspace(ws_factory, lambda ws: action(ws, args))


def _clerk_add(ws: Workspace, args) -> int:
    from core.services.clerks import add_clerk

    info = add_clerk(ws, args.os_user, args.name, args.role, args.unit)
    line = f"Đã thêm cán bộ «{info.display_name}» (tài khoản {info.os_user}, quyền {info.role_label})"
    if info.units:
        line += ", đơn vị: " + "; ".join(info.units)
    console().print(safe(line + "."))
    return 0


def _clerk_init(ws: Workspace, args) -> int:
    from core.services.clerks import make_first_admin

    info = make_first_admin(ws, args.name)
    console().print(safe(f"Tài khoản {info.os_user} («{info.display_name}») là quản trị viên của không gian "
                         "làm việc. Thêm cán bộ: dondoc clerk add TÀI_KHOẢN --name \"…\" --role …"))
    return 0


def _clerk_list(ws: Workspace, args) -> int:
    from core.services.clerks import list_clerks

    clerks = list_clerks(ws)
    out = console()
    table = Table(header_style="bold", expand=True)
    table.add_column("Tài khoản", no_wrap=True, overflow="ellipsis", max_width=20)
    table.add_column("Họ tên", ratio=2, overflow="ellipsis")
    table.add_column("Quyền", no_wrap=True)
    table.add_column("Đơn vị", ratio=2, overflow="ellipsis")
    for c in clerks:
        name = safe(c.display_name)
        if not c.active:
            name.append(" (đã khóa)", style="dim")
        table.add_row(safe(c.os_user), name, c.role_label, safe("; ".join(c.units)),
                      style=None if c.active else "dim")
    out.print(table)
    active = sum(c.active for c in clerks)
    out.print(Text(f"{len(clerks)} cán bộ, {active} đang hoạt động.", style="dim"))
    return 0


def _clerk_disable(ws: Workspace, args) -> int:
    from core.services.clerks import disable_clerk

    info = disable_clerk(ws, args.os_user)
    console().print(safe(f"Đã khóa cán bộ «{info.display_name}» (tài khoản {info.os_user}). "
                         "Lịch sử thay đổi của cán bộ vẫn được giữ."))
    return 0


# --- dondoc audit ---------------------------------------------------------------------------


def audit(args, ws_factory: WorkspaceFactory) -> int:
    return _with_workspace(ws_factory, lambda ws: _audit(ws, args))


def _audit(ws: Workspace, args) -> int:
    from core.services.audit_log import list_audit

    rows = list_audit(ws, entity=args.entity, os_user=args.user, since=args.since, until=args.until,
                      limit=args.limit)
    if args.json:
        dump_json({"count": len(rows), "filters": _filters_json(args),
                   "entries": [_audit_json(r) for r in rows]}, records="entries")
        return 0
    out = console()
    if not rows:
        out.print("Không có thay đổi nào khớp điều kiện lọc.")
        return 0
    out.print(_audit_table(rows))
    more = " Có thể còn thay đổi cũ hơn: tăng --limit." if len(rows) == args.limit else ""
    out.print(Text(f"{len(rows)} thay đổi, mới nhất trước.{more}", style="dim"))
    return 0


def _audit_table(rows) -> Table:
    from core.services.audit_log import describe_change

    table = Table(header_style="bold", expand=True)
    table.add_column("Mã", justify="right", no_wrap=True)
    table.add_column("Ngày", no_wrap=True)
    table.add_column("Cán bộ", ratio=1, overflow="ellipsis", max_width=22)
    table.add_column("Thay đổi", ratio=2, overflow="fold")
    for r in rows:
        table.add_row(str(r.id), ddmmyyyy(r.business_date or r.at.date()), safe(r.author),
                      safe(describe_change(r)))
    return table


def _filters_json(args) -> dict[str, Any]:
    return {"entity": args.entity, "user": args.user, "since": args.since, "until": args.until,
            "limit": args.limit}


def _audit_json(r) -> dict[str, Any]:
    from core.services.audit_log import describe_change

    return {
        "id": r.id,
        "at": r.at.replace(tzinfo=dt.timezone.utc),  # stored as naive UTC
        "business_date": r.business_date,
        "os_user": r.os_user,
        "clerk_id": r.clerk_id,
        "clerk": r.clerk_name,
        "action": r.action,
        "entity": r.entity,
        "entity_id": r.entity_id,
        "before": r.before,
        "after": r.after,
        "description": describe_change(r),
    }
