"""Who may do what. Enforced here, in core, whatever surface the request came from."""
from __future__ import annotations

from core.errors import PermissionDeniedError
from core.models import Clerk, Role

ROLE_LABELS = {
    Role.ADMIN.value: "quản trị",
    Role.OFFICE.value: "Văn phòng",
    Role.UNIT.value: "cán bộ đơn vị",
    Role.VIEWER.value: "chỉ xem",
}


def require_clerk(clerk: Clerk | None, os_user: str) -> Clerk:
    if clerk is None:
        raise PermissionDeniedError(
            f"Người dùng hệ thống «{os_user}» chưa được đăng ký là cán bộ của dondoc. "
            "Đề nghị quản trị viên thêm bằng lệnh «dondoc clerk add»."
        )
    if not clerk.active:
        raise PermissionDeniedError(f"Tài khoản cán bộ «{clerk.display_name}» đã bị khóa.")
    return clerk


def can_report_for(clerk: Clerk, unit_id: int) -> bool:
    if clerk.role in (Role.ADMIN.value, Role.OFFICE.value):
        return True
    if clerk.role == Role.UNIT.value:
        return any(u.id == unit_id for u in clerk.units)
    return False


def require_report_for(clerk: Clerk, unit_id: int, unit_name: str) -> None:
    if not can_report_for(clerk, unit_id):
        raise PermissionDeniedError(
            f"Cán bộ «{clerk.display_name}» ({ROLE_LABELS.get(clerk.role, clerk.role)}) "
            f"không được báo cáo thay cho đơn vị «{unit_name}»."
        )


def require_office(clerk: Clerk, action: str) -> None:
    if clerk.role not in (Role.ADMIN.value, Role.OFFICE.value):
        raise PermissionDeniedError(
            f"Chỉ Văn phòng mới được {action}; cán bộ «{clerk.display_name}» "
            f"có quyền {ROLE_LABELS.get(clerk.role, clerk.role)}."
        )
