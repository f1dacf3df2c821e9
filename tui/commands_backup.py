"""`dondoc backup FILE` and `dondoc restore FILE [--force]` (the logic is in db/backup.py)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.errors import ValidationError
from core.text import group_digits, nfc
from tui.cli_render import console, safe


def backup(args, url_fn: Callable[[], str | None]) -> int:
    from db import backup as logic

    outcome = logic.backup(url_fn(), _file(args))
    console().print(safe(f"Đã sao lưu vào {outcome.path} ({_what(outcome)}, lược đồ {outcome.schema})."))
    return 0


def restore(args, url_fn: Callable[[], str | None]) -> int:
    from db import backup as logic

    url = url_fn()
    outcome = logic.restore(url, _file(args), force=args.force)
    console().print(safe(f"Đã khôi phục {_what(outcome)} từ {outcome.path} vào {_location(url)} "
                         f"(lược đồ {outcome.schema})."))
    return 0


def _file(args) -> Path:
    name = (nfc(args.file) or "").strip()
    if not name:
        raise ValidationError("Thiếu tên tệp sao lưu.")
    return Path(name)


def _what(outcome) -> str:
    if outcome.kind != "json":
        return "bản sao SQLite"
    return f"{group_digits(outcome.total_rows)} dòng của {len(outcome.rows)} bảng"


def _location(url: str | None) -> str:
    from db.engine import Database

    db = Database(url)
    try:
        return db.location
    finally:
        db.dispose()
