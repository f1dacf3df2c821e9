"""Who may use dondoc: an administrator adds, lists and disables clerks.

Every action is refused here, in core, unless the acting clerk is an active administrator,
whatever surface (CLI, TUI) asked. Each action is one transaction; the audit listener records
the change with the acting clerk. Clerks are never deleted: their history keeps their name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from core.errors import NotFoundError, PermissionDeniedError, ValidationError
from core.models import Clerk, Role, Unit
from core.services.permissions import ROLE_LABELS
from core.services.units import resolver
from core.services.workspace import Workspace
from core.text import nfc, normalise_space, printable, sort_key

OS_USER_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
NAME_MAX = 255


@dataclass(frozen=True)
class ClerkInfo:
    id: int
    os_user: str
    display_name: str
    role: str
    active: bool
    units: tuple[str, ...]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def _info(clerk: Clerk) -> ClerkInfo:
    units = tuple(sorted((u.name for u in clerk.units), key=sort_key))
    return ClerkInfo(clerk.id, clerk.os_user, clerk.display_name, clerk.role, clerk.active, units)


def require_admin(clerk: Clerk, action: str) -> None:
    if clerk.role != Role.ADMIN.value:
        raise PermissionDeniedError(
            f"Chỉ quản trị viên mới được {action}; cán bộ «{clerk.display_name}» "
            f"có quyền {ROLE_LABELS.get(clerk.role, clerk.role)}."
        )


def _acting_admin(ws: Workspace, s: Session, action: str) -> Clerk:
    clerk = ws.acting_clerk(s)  # refuses unknown and disabled OS users
    require_admin(clerk, action)
    return clerk


# --- validation -------------------------------------------------------------------------------


def _checked_os_user(os_user: str) -> str:
    os_user = (os_user or "").strip()
    if not OS_USER_PATTERN.fullmatch(os_user):
        raise ValidationError(
            f"Tên tài khoản «{os_user}» không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, "
            "dấu chấm, gạch dưới, gạch ngang, tối đa 64 ký tự."
        )
    return os_user


def _checked_name(display_name: str) -> str:
    name = normalise_space(printable(nfc(display_name or "")))  # no escape sequences in a name
    if not name:
        raise ValidationError("Cần ghi họ tên hiển thị của cán bộ (--name).")
    if len(name) > NAME_MAX:
        raise ValidationError(f"Họ tên dài quá {NAME_MAX} ký tự.")
    return name


def _checked_role(role: str) -> str:
    if role not in ROLE_LABELS:
        choices = ", ".join(f"{code} ({label})" for code, label in ROLE_LABELS.items())
        raise ValidationError(f"Quyền «{role}» không hợp lệ; chọn một trong: {choices}.")
    return role


def _resolved_units(ws: Workspace, s: Session, role: str, unit_names: list[str]) -> list[Unit]:
    """A unit clerk reports for at least one unit; the other roles are not tied to units."""
    names = [n for n in (normalise_space(nfc(n or "")) for n in unit_names) if n]
    if role != Role.UNIT.value:
        if names:
            raise ValidationError(
                f"Chỉ cán bộ đơn vị (unit) mới gắn với đơn vị; quyền {ROLE_LABELS[role]} "
                "không nhận --unit.")
        return []
    if not names:
        raise ValidationError("Cán bộ đơn vị (unit) cần ít nhất một đơn vị (--unit).")
    units: dict[int, Unit] = {}
    for name in names:
        unit = s.get(Unit, resolver(s).resolve(name, on=ws.today).unit.id)
        if unit.is_group:  # can_report_for matches single units, never a group
            raise ValidationError(f"«{unit.name}» là một nhóm đơn vị; hãy ghi từng đơn vị cụ thể.")
        units[unit.id] = unit
    return list(units.values())


def _find_clerk(s: Session, os_user: str) -> Clerk:
    clerk = s.scalar(select(Clerk).where(Clerk.os_user == os_user.strip()))
    if clerk is None:
        raise NotFoundError(f"Không có cán bộ nào dùng tài khoản «{os_user}».")
    return clerk


def _active_admin_count(s: Session) -> int:
    # Locking the active admins (PostgreSQL) serialises two admins disabling each other.
    ids = s.scalars(select(Clerk.id).where(Clerk.role == Role.ADMIN.value, Clerk.active.is_(True))
                    .with_for_update()).all()
    return len(ids)


# --- actions --------------------------------------------------------------------------------


def add_clerk(ws: Workspace, os_user: str, display_name: str, role: str,
              unit_names: list[str] | tuple[str, ...] = ()) -> ClerkInfo:
    with ws.session() as s:
        _acting_admin(ws, s, "thêm cán bộ")  # before validation: a non-admin learns nothing more
        os_user, name, role = _checked_os_user(os_user), _checked_name(display_name), _checked_role(role)
        if s.scalar(select(func.count()).select_from(Clerk).where(Clerk.os_user == os_user)):
            raise ValidationError(f"Tài khoản «{os_user}» đã là cán bộ của dondoc.")
        clerk = Clerk(os_user=os_user, display_name=name, role=role, active=True,
                      units=_resolved_units(ws, s, role, list(unit_names)))
        s.add(clerk)
        try:
            s.flush()
        except IntegrityError as exc:  # another admin added the same account meanwhile
            raise ValidationError(f"Tài khoản «{os_user}» đã là cán bộ của dondoc.") from exc
        return _info(clerk)


def make_first_admin(ws: Workspace, display_name: str) -> ClerkInfo:
    """Make the OS user running dondoc the workspace's administrator — only while it has no
    active administrator (a new, empty workspace; the person setting up the server). An
    existing clerk record of that user is promoted, a new one made otherwise."""
    with ws.session() as s:
        name = _checked_name(display_name)
        admins = s.scalars(select(Clerk).where(Clerk.role == Role.ADMIN.value, Clerk.active.is_(True))
                           .with_for_update()).all()
        if admins:
            raise PermissionDeniedError(
                f"Không gian làm việc đã có quản trị viên «{admins[0].display_name}» "
                f"(tài khoản {admins[0].os_user}); đề nghị quản trị viên thêm bạn bằng lệnh «dondoc clerk add».")
        os_user = _checked_os_user(ws.os_user)
        clerk = s.scalar(select(Clerk).where(Clerk.os_user == os_user))
        if clerk is None:
            clerk = Clerk(os_user=os_user, display_name=name, role=Role.ADMIN.value, active=True)
            s.add(clerk)
        else:
            clerk.display_name, clerk.role, clerk.active = name, Role.ADMIN.value, True
        s.flush()
        return _info(clerk)


def list_clerks(ws: Workspace) -> list[ClerkInfo]:
    """Every clerk, active ones first, by name."""
    with ws.session() as s:
        _acting_admin(ws, s, "xem danh sách cán bộ")
        clerks = s.scalars(select(Clerk).options(selectinload(Clerk.units))).all()
        infos = [_info(c) for c in clerks]
    return sorted(infos, key=lambda c: (not c.active, sort_key(c.display_name), c.os_user))


def disable_clerk(ws: Workspace, os_user: str) -> ClerkInfo:
    """Lock a clerk out; their history stays, with their name."""
    with ws.session() as s:
        actor = _acting_admin(ws, s, "khóa cán bộ")
        clerk = _find_clerk(s, os_user)
        if not clerk.active:
            raise ValidationError(f"Tài khoản «{clerk.os_user}» ({clerk.display_name}) đã bị khóa từ trước.")
        if clerk.role == Role.ADMIN.value and _active_admin_count(s) <= 1:
            raise ValidationError(
                f"Không thể khóa «{clerk.display_name}»: đây là quản trị viên cuối cùng còn hoạt động.")
        if clerk.id == actor.id:
            raise ValidationError(
                "Quản trị viên không thể tự khóa tài khoản của mình; đề nghị một quản trị viên khác.")
        clerk.active = False
        s.flush()
        return _info(clerk)
