"""The `dondoc` command: a thin layer over core services.

Every command takes --db URL (or DONDOC_DATABASE_URL) and --as-of DATE (or DONDOC_TODAY).
Start-up imports only what the command needs; textual is never imported here.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
from collections.abc import Sequence

from core.errors import DondocError, InvalidDateError
from core.text import nfc

# Translations of argparse's own English messages, so every message a clerk sees is Vietnamese.
_ARGPARSE_VI = [
    ("the following arguments are required:", "thiếu tham số bắt buộc:"),
    ("unrecognized arguments:", "tham số không nhận ra:"),
    ("expected one argument", "cần một giá trị"),
    ("invalid choice:", "lựa chọn không hợp lệ:"),
    ("choose from", "chọn một trong"),
    ("invalid int value:", "không phải số nguyên:"),
    ("argument ", "tham số "),
    ("not allowed with argument", "không dùng cùng với tham số"),
    ("one of the arguments", "cần một trong các tham số"),
    ("is required", "là bắt buộc"),
]


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # noqa: D102 - argparse hook
        for en, vi in _ARGPARSE_VI:
            message = message.replace(en, vi)
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Lỗi: {message}\n")
        sys.exit(2)


def _date_arg(text: str) -> dt.date:
    from core.services.workspace import parse_user_date

    try:
        return parse_user_date(nfc(text) or "")
    except InvalidDateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _text_arg(text: str) -> str:
    return nfc(text) or ""


def build_parser() -> Parser:
    p = Parser(prog="dondoc", description="dondoc — theo dõi, đôn đốc thực hiện văn bản chỉ đạo.")
    p.add_argument("--db", metavar="URL", help="cơ sở dữ liệu (tệp SQLite hoặc postgresql://…); "
                   "mặc định DONDOC_DATABASE_URL hoặc tệp trong thư mục dữ liệu người dùng")
    p.add_argument("--demo", action="store_true", help="dùng cơ sở dữ liệu mẫu (xem «dondoc demo»)")
    p.add_argument("--as-of", metavar="NGÀY", help="xem (và ghi) như vào ngày này, vd. 01/09/2021; "
                   "mặc định DONDOC_TODAY hoặc hôm nay")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", parser_class=Parser)
    # --db, --demo and --as-of are also accepted after the command ("dondoc tasks --as-of …");
    # SUPPRESS keeps a value given before the command when none is given after it.
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--as-of", metavar="NGÀY", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    t = sub.add_parser("tasks", parents=[common], help="danh sách phân công nhiệm vụ, có lọc")
    t.add_argument("--unit", type=_text_arg, help="đơn vị hoặc nhóm đơn vị (tên, viết tắt)")
    t.add_argument("--directive", type=_text_arg, help="văn bản: mã số, số hiệu hoặc từ khóa")
    t.add_argument("--category", type=_text_arg,
                   help="done_on_time | done_late | in_progress | overdue | recurring")
    t.add_argument("--flag", help="due_soon | awaiting | returned | unreported")
    t.add_argument("--due-before", type=_date_arg, metavar="NGÀY", help="hạn đến ngày này")
    t.add_argument("--due-after", type=_date_arg, metavar="NGÀY", help="hạn từ ngày này")
    t.add_argument("--search", type=_text_arg, help="từ trong nội dung nhiệm vụ (không cần dấu)")
    t.add_argument("--limit", type=int, help="số dòng tối đa")
    t.add_argument("--json", action="store_true", help="in JSON")

    pe = sub.add_parser("periods", parents=[common], help="các kỳ báo cáo của một văn bản")
    pe.add_argument("--directive", required=True, type=_text_arg)
    pe.add_argument("--json", action="store_true")

    c = sub.add_parser("checkin", parents=[common], help="ghi báo cáo tiến độ của đơn vị cho một phân công")
    c.add_argument("assignment", nargs="?", type=int, help="mã phân công (cột Mã của «dondoc tasks»)")
    c.add_argument("--directive", type=_text_arg)
    c.add_argument("--task", type=_text_arg, help="mục nhiệm vụ, vd. II.1.3")
    c.add_argument("--unit", type=_text_arg)
    c.add_argument("--status", required=True, help="not_started | in_progress | blocked | done")
    c.add_argument("--progress", type=int, help="tiến độ %% (0–100)")
    c.add_argument("--result", type=_text_arg, default="", help="kết quả thực hiện")
    c.add_argument("--difficulties", type=_text_arg, default="", help="khó khăn, vướng mắc")
    c.add_argument("--proposals", type=_text_arg, default="", help="đề xuất, kiến nghị")
    c.add_argument("--reference", type=_text_arg, default="", help="văn bản báo cáo, vd. 123/BC-SYT")
    c.add_argument("--completed-on", type=_date_arg, metavar="NGÀY", help="ngày hoàn thành (khi done)")
    c.add_argument("--json", action="store_true")

    cf = sub.add_parser("confirm", parents=[common], help="Văn phòng xác nhận hoàn thành (hoặc trả lại với --return)")
    cf.add_argument("assignment", type=int)
    cf.add_argument("--return", dest="return_", action="store_true", help="trả lại để thực hiện lại")
    cf.add_argument("--reason", type=_text_arg, default="", help="lý do trả lại")

    u = sub.add_parser("units", parents=[common], help="danh sách đơn vị")
    u.add_argument("--search", type=_text_arg, help="tìm theo tên hoặc viết tắt (không cần dấu)")
    u.add_argument("--all", action="store_true", help="cả đơn vị đã giải thể, sáp nhập")
    u.add_argument("--json", action="store_true")

    sm = sub.add_parser("summary", parents=[common], help="in tóm tắt kỳ báo cáo hiện tại (không mở giao diện)")
    sm.set_defaults()

    d = sub.add_parser("directives", parents=[common], help="danh sách văn bản chỉ đạo")
    d.add_argument("--json", action="store_true")

    dm = sub.add_parser("demo", parents=[common], help="tạo cơ sở dữ liệu mẫu (Bình Phước, 2021)")
    dm.add_argument("--force", action="store_true", help="tạo lại nếu đã có")
    dm.add_argument("--if-missing", action="store_true", help="chỉ tạo khi chưa có")

    gn = sub.add_parser("gen", parents=[common], help="tạo không gian làm việc giả lập lớn (đo hiệu năng, kiểm thử)")
    gn.add_argument("--scale", required=True, choices=["tiny", "province", "region"],
                    help="tiny (kiểm thử) | province (một tỉnh, ~1,5 triệu báo cáo) | region (gấp 10, nên dùng PostgreSQL)")
    gn.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên; cùng hạt giống cho cùng dữ liệu (mặc định 1)")
    gn.add_argument("--force", action="store_true", help="xóa dữ liệu đã có rồi tạo lại")

    im = sub.add_parser("import", parents=[common], help="nhập văn bản chỉ đạo từ tệp .docx, .pdf, .txt, .md")
    im.add_argument("file", metavar="TỆP", help="tệp văn bản (.docx, .pdf có lớp chữ, .txt, .md)")
    im.add_argument("--dry-run", action="store_true", help="chỉ đọc tệp và in bản nháp, không ghi gì")
    im.add_argument("--json", action="store_true", help="in JSON")
    im.add_argument("--map", action="append", default=[], type=_text_arg, metavar="«TÊN LẠ=TÊN CÓ SẴN»",
                    help="dùng đơn vị có sẵn cho một tên đơn vị lạ trong văn bản (lặp lại được)")
    imu = im.add_mutually_exclusive_group()
    imu.add_argument("--new-units", action="store_true", help="tạo đơn vị mới cho các tên đơn vị lạ còn lại")
    imu.add_argument("--drop-unknown", action="store_true", help="bỏ các tên đơn vị lạ còn lại")
    im.add_argument("--update", action="store_true",
                    help="văn bản đã có (cùng số hiệu, cơ quan ban hành): cập nhật, không tạo bản trùng")

    rp_opts = Parser(add_help=False)
    rp_opts.add_argument("--directive", type=_text_arg, metavar="VĂN_BẢN",
                         help="mã số, số hiệu hoặc từ khóa trích yếu; bỏ trống: tất cả văn bản")
    rp_opts.add_argument("--period", type=_date_arg, metavar="NGÀY",
                         help="một ngày trong kỳ báo cáo, vd. 2021-08-30; mặc định ngày đang xem")
    rp_opts.add_argument("--format", metavar="ĐỊNH_DẠNG", help="docx | xlsx | csv | md (mặc định theo đuôi tệp, "
                         "không có thì docx)")
    rp_opts.add_argument("-o", "--output", metavar="TỆP", help="tệp ghi ra")
    rp = sub.add_parser("report", parents=[common, rp_opts], help="báo cáo kỳ (15 và 30 hàng tháng) ra .docx, .xlsx, .csv, .md")
    rps = rp.add_subparsers(dest="report_command", metavar="LỆNH", parser_class=Parser)
    ri = rps.add_parser("issue", parents=[common, rp_opts], help="ban hành: ghi số, lưu số liệu đã ban hành và tệp")
    ri.add_argument("--number", required=True, type=_text_arg, metavar="SỐ", help="số văn bản, vd. 25/BC-VP")
    rps.add_parser("list", parents=[common], help="các báo cáo đã ban hành")
    rx = rps.add_parser("export", parents=[common], help="ghi lại một báo cáo đã ban hành (giống hệt)")
    rx.add_argument("issued_id", type=int, metavar="MÃ_SỐ")
    rx.add_argument("-o", "--output", required=True, metavar="TỆP")
    rx.add_argument("--format", metavar="ĐỊNH_DẠNG")

    rm = sub.add_parser("remind", parents=[common], help="văn bản đôn đốc đơn vị có nhiệm vụ quá hạn (.docx)")
    rmu = rm.add_mutually_exclusive_group()
    rmu.add_argument("--unit", type=_text_arg, metavar="ĐƠN_VỊ", help="tên, tên viết tắt của đơn vị")
    rmu.add_argument("--all", action="store_true", help="mọi đơn vị có nhiệm vụ quá hạn")
    rm.add_argument("--directive", type=_text_arg, metavar="VĂN_BẢN", help="chỉ các nhiệm vụ của văn bản này")
    rm.add_argument("-o", "--output", metavar="THƯ_MỤC", help="thư mục ghi các tệp (mặc định thư mục hiện tại)")

    # Administration (issue 6): tui/commands_admin.py and tui/commands_backup.py.
    ck = sub.add_parser("clerk", parents=[common], help="cán bộ sử dụng dondoc (chỉ quản trị)")
    cks = ck.add_subparsers(dest="clerk_command", metavar="LỆNH", parser_class=Parser, required=True)
    cka = cks.add_parser("add", parents=[common], help="thêm cán bộ (tài khoản hệ điều hành)")
    cka.add_argument("os_user", metavar="TÀI_KHOẢN", help="tên tài khoản hệ điều hành của cán bộ")
    cka.add_argument("--name", required=True, type=_text_arg, metavar="HỌ_TÊN", help="họ tên hiển thị")
    cka.add_argument("--role", required=True, choices=["admin", "office", "unit", "viewer"],
                     help="admin (quản trị) | office (Văn phòng) | unit (cán bộ đơn vị) | viewer (chỉ xem)")
    cka.add_argument("--unit", action="append", default=[], type=_text_arg, metavar="ĐƠN_VỊ",
                     help="đơn vị của cán bộ đơn vị (lặp lại được)")
    cks.add_parser("list", parents=[common], help="danh sách cán bộ")
    cki = cks.add_parser("init", parents=[common],
                         help="nhận quyền quản trị cho tài khoản đang chạy (chỉ khi chưa có quản trị viên)")
    cki.add_argument("--name", required=True, type=_text_arg, metavar="HỌ_TÊN", help="họ tên hiển thị")
    ckd = cks.add_parser("disable", parents=[common], help="khóa một cán bộ (không xóa lịch sử)")
    ckd.add_argument("os_user", metavar="TÀI_KHOẢN")

    au = sub.add_parser("audit", parents=[common], help="nhật ký thay đổi: ai, khi nào, thay đổi gì")
    au.add_argument("--entity", metavar="BẢNG", help="chỉ một loại bản ghi, vd. checkins, tasks")
    au.add_argument("--user", type=_text_arg, metavar="TÀI_KHOẢN", help="chỉ thay đổi của một cán bộ")
    au.add_argument("--since", type=_date_arg, metavar="NGÀY", help="từ ngày")
    au.add_argument("--until", type=_date_arg, metavar="NGÀY", help="đến ngày")
    au.add_argument("--limit", type=int, default=50, metavar="N", help="số dòng tối đa (mặc định 50)")
    au.add_argument("--json", action="store_true", help="in JSON")

    bk = sub.add_parser("backup", parents=[common], help="sao lưu cơ sở dữ liệu ra tệp")
    bk.add_argument("file", metavar="TỆP", help=".sqlite3 (bản sao SQLite) hoặc .json (bản xuất dùng cho mọi CSDL)")
    rs = sub.add_parser("restore", parents=[common], help="khôi phục cơ sở dữ liệu từ tệp sao lưu")
    rs.add_argument("file", metavar="TỆP")
    rs.add_argument("--force", action="store_true", help="ghi đè cơ sở dữ liệu đã có dữ liệu")

    dbp = sub.add_parser("db", parents=[common], help="quản lý cơ sở dữ liệu")
    dbs = dbp.add_subparsers(dest="db_command", metavar="LỆNH", parser_class=Parser, required=True)
    dbs.add_parser("upgrade", parents=[common], help="nâng cấp lược đồ lên bản mới nhất (Alembic)")
    dbs.add_parser("current", parents=[common], help="phiên bản lược đồ hiện tại")
    return p


def entry() -> int:
    """The `dondoc` command. Start-up only adds long-lived objects (modules, mapped classes):
    the collector scanning them again and again cost ≈0.04 s of a 0.6 s CLI query, so it is
    paused until the command's modules are loaded, and what they built is then frozen out of
    later collections (`resume_collector`). The TUI resumes it once the dashboard is drawn."""
    gc.disable()
    try:
        return main()
    finally:
        gc.enable()


def resume_collector() -> None:
    """Ends the start-up pause of `entry` (if any): what exists now is kept out of every later
    collection (gc.freeze: it lives as long as the process), and the collector runs again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except DondocError as exc:
        from core.text import printable

        sys.stderr.write(f"Lỗi: {printable(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `dondoc tasks --json | head`: the reader has all it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0


def _url(args) -> str | None:
    if args.demo:
        from db.engine import demo_database_path, sqlite_url

        path = demo_database_path()
        if not path.exists():
            raise DondocError(f"Chưa có cơ sở dữ liệu mẫu ({path}). Tạo bằng lệnh «dondoc demo».")
        return sqlite_url(path)
    return args.db


def _dispatch(args) -> int:
    from tui import commands

    if args.command is not None:  # the TUI resumes the collector once its dashboard is drawn
        resume_collector()
    if args.command == "demo":
        return commands.demo(args)
    if args.command == "gen":
        return commands.gen(args)
    if args.command == "db":
        return commands.db(args, _url(args))
    if args.command == "import":
        from tui import commands_import

        return commands_import.run(args, lambda: _url(args))
    from core.services.workspace import open_workspace

    if args.command in ("backup", "restore"):
        from tui import commands_backup

        return getattr(commands_backup, args.command)(args, lambda: _url(args))
    if args.command in ("clerk", "audit"):
        from tui import commands_admin

        return getattr(commands_admin, args.command)(args, lambda: open_workspace(_url(args), as_of=args.as_of))
    if args.command in ("report", "remind"):
        from tui import commands_report

        run_it = commands_report.run if args.command == "report" else commands_report.remind
        return run_it(args, lambda: open_workspace(_url(args), as_of=args.as_of))
    ws = open_workspace(_url(args), as_of=args.as_of)
    if args.command is None:
        if sys.stdout.isatty() and sys.stdin.isatty():
            from tui.prefetch import start_dashboard

            first_screen = start_dashboard(ws)  # before Textual is imported: the two overlap
            from tui.app import run

            try:
                return run(ws, first_screen)
            finally:
                ws.db.dispose()
        resume_collector()
        args.command = "summary"  # not a terminal: print the summary instead
    handler = {
        "summary": commands.summary,
        "tasks": commands.tasks,
        "periods": commands.periods,
        "checkin": commands.checkin,
        "confirm": commands.confirm,
        "units": commands.units,
        "directives": commands.directives,
    }[args.command]
    try:
        return handler(ws, args)
    finally:
        ws.db.dispose()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
