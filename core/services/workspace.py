"""A workspace: one database, the business date ("today", or an as-of date) and the clerk.

Every service takes a Workspace and opens its own short-lived session through it, one
transaction per user action.
"""
from __future__ import annotations

import datetime as dt
import os
import pwd
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

import core.services.audit  # noqa: F401  (registers the audit listener)
from core.errors import InvalidDateError, PermissionDeniedError
from core.models import Clerk, Role, Setting
from core.services.permissions import require_clerk
from db.engine import Database
from db.migrate import ensure_schema

ENV_TODAY = "DONDOC_TODAY"
SETTING_TODAY = "workspace_today"  # set by the demo: its data lives in 2021


def os_user() -> str:
    """The OS account running dondoc (from the uid, not from spoofable variables)."""
    return pwd.getpwuid(os.geteuid()).pw_name


def parse_user_date(text: str, what: str = "ngày") -> dt.date:
    """A date typed by a clerk: 01/09/2021, 1-9-2021 or 2021-09-01."""
    text = (text or "").strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    from core.deadlines import parse_date  # ≈0.02 s of patterns: only for a date not in ISO form

    try:
        return parse_date(text)
    except InvalidDateError as exc:
        raise InvalidDateError(f"{what.capitalize()}: {exc}") from exc


@dataclass
class Workspace:
    db: Database
    today: dt.date
    os_user: str = field(default_factory=os_user)
    today_source: str = "clock"  # clock | option | env | workspace

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session() as s:
            s.info["actor"] = {"os_user": self.os_user, "business_date": self.today}
            yield s

    def clerk(self, s: Session) -> Clerk | None:
        clerk = s.scalar(select(Clerk).where(Clerk.os_user == self.os_user))
        s.info["actor"]["clerk_id"] = clerk.id if clerk else None
        return clerk

    def acting_clerk(self, s: Session) -> Clerk:
        """The clerk for a write; a clear refusal for an unknown OS user (in a workspace with no
        administrator yet, the refusal says how the first one is made)."""
        clerk = self.clerk(s)
        if clerk is None and not s.scalar(select(Clerk.id).where(Clerk.role == Role.ADMIN.value, Clerk.active.is_(True))
                                          .limit(1)):
            raise PermissionDeniedError(
                f"Không gian làm việc này chưa có quản trị viên. Người cài đặt máy chủ tạo quản trị viên "
                f"đầu tiên (chính người dùng hệ thống «{self.os_user}») bằng lệnh "
                f"«dondoc clerk init --name \"Họ và tên\"», rồi thêm các cán bộ khác bằng «dondoc clerk add».")
        return require_clerk(clerk, self.os_user)


def open_workspace(url: str | None = None, *, as_of: str | dt.date | None = None,
                   user: str | None = None, upgrade: bool = True) -> Workspace:
    """Open (and on first use create or upgrade) the workspace database.

    The business date is --as-of, else DONDOC_TODAY, else the workspace's own setting (the
    demo fixes one), else the clock."""
    db = Database(url)
    if upgrade:
        ensure_schema(db.engine)
    today, source = _resolve_today(db, as_of)
    return Workspace(db=db, today=today, os_user=user or os_user(), today_source=source)


def _resolve_today(db: Database, as_of: str | dt.date | None) -> tuple[dt.date, str]:
    if isinstance(as_of, dt.date):
        return as_of, "option"
    if as_of:
        return parse_user_date(as_of, "ngày xem (--as-of)"), "option"
    env = os.environ.get(ENV_TODAY, "").strip()
    if env:
        return parse_user_date(env, f"ngày xem ({ENV_TODAY})"), "env"
    with db.session() as s:
        setting = s.get(Setting, SETTING_TODAY)
        if setting:
            return dt.date.fromisoformat(setting.value), "workspace"
    return dt.date.today(), "clock"
