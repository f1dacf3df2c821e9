"""Every string the TUI shows, in one module, so a translation can be added beside it.

Sections are appended per screen. Names are UPPER_SNAKE; format fields use str.format.
Text from documents or clerks never goes in here: it is data, shown literally.
"""
from __future__ import annotations

# --- app, header, sections ------------------------------------------------------------------
APP_TITLE = "dondoc"
APP_SUBTITLE = "Theo dõi, đôn đốc thực hiện văn bản chỉ đạo"
HEADER_AS_OF = "ngày {date}"
HEADER_AS_OF_PAST = "xem ngày {date}"
HEADER_UNKNOWN_CLERK = "{user} (chưa đăng ký)"
SECTION_DASHBOARD = "Tổng quan"
SECTION_DIRECTIVES = "Văn bản"
SECTION_ASSIGNMENTS = "Nhiệm vụ"
SECTION_UNITS = "Đơn vị"
SECTION_CALENDAR = "Lịch"

# --- common keys (footer labels) ------------------------------------------------------------
KEY_QUIT = "Thoát"
KEY_HELP = "Trợ giúp"
KEY_BACK = "Quay lại"
KEY_AS_OF = "Đổi ngày xem"
KEY_SEARCH = "Tìm"
KEY_PALETTE = "Lệnh"
PALETTE_PLACEHOLDER = "Tìm văn bản, đơn vị, nhiệm vụ hoặc lệnh…"
KEY_CHOOSE_DIRECTIVE = "Chọn văn bản"
KEY_REFRESH = "Làm mới"
KEY_OPEN = "Mở"
KEY_CHECKIN = "Báo cáo tiến độ"
KEY_CONFIRM = "Xác nhận"
KEY_EXTENSION = "Gia hạn"
KEY_EDIT = "Sửa"

# --- loading and errors ---------------------------------------------------------------------
LOADING = "Đang tải…"
EMPTY = "Không có dữ liệu."
ERROR_TITLE = "Có lỗi"
ERROR_UNEXPECTED = "Lỗi không mong đợi: {error}. Không có gì được ghi. Hãy thử lại hoặc báo quản trị viên."
ERROR_CLOSE = "Đóng"
SAVED = "Đã lưu."

# --- as-of dialog ---------------------------------------------------------------------------
AS_OF_TITLE = "Xem như vào ngày"
AS_OF_PROMPT = "Ngày (dd/mm/yyyy), để trống là hôm nay:"
AS_OF_APPLY = "Áp dụng"
AS_OF_CANCEL = "Hủy"
AS_OF_CHANGED = "Đang xem như ngày {date}."

# --- help -----------------------------------------------------------------------------------
HELP_TITLE = "Phím tắt — {screen}"
HELP_GLOBAL = "Mọi màn hình"
HELP_CLOSE = "Esc để đóng"
HELP_KEY = "Phím"
HELP_ACTION = "Việc"

# --- categories and flags (shown everywhere) ------------------------------------------------
CATEGORY = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện (trong hạn)",
    "overdue": "Quá hạn",
    "recurring": "Thường xuyên",
}
CATEGORY_SHORT = {
    "done_on_time": "Xong đúng hạn",
    "done_late": "Xong quá hạn",
    "in_progress": "Trong hạn",
    "overdue": "Quá hạn",
    "recurring": "Thường xuyên",
}
FLAG = {
    "due_soon": "sắp đến hạn",
    "awaiting": "chờ xác nhận",
    "returned": "bị trả lại",
    "unreported": "chưa báo cáo kỳ này",
}
DEADLINE_KIND = {
    "date": "có hạn",
    "recurring": "thường xuyên",
    "immediate": "ngay (chưa có ngày)",
    "until_event": "đến khi có sự kiện",
    "none": "không có hạn",
}
ROLE = {"lead": "chủ trì", "coordinating": "phối hợp"}
MODE = {"giao": "giao", "de_nghi": "đề nghị"}
DAYS_LATE = "{n} ngày"

# --- dashboard ------------------------------------------------------------------------------
DASH_PERIOD = "Kỳ báo cáo {label} · còn {left} ngày"
DASH_PERIOD_LAST_DAY = "Kỳ báo cáo {label} · hôm nay là ngày báo cáo"
DASH_PREVIOUS = "kỳ trước {label}"
DASH_STATUS = "Tình hình thực hiện"
DASH_OF_WHICH_DUE_SOON = "  trong đó sắp đến hạn"
DASH_RECURRING_UNREPORTED = "  chưa báo cáo kỳ này"
DASH_AWAITING = "Chờ xác nhận"
DASH_RETURNED = "Bị trả lại"
DASH_TOP_OVERDUE = "Quá hạn nhiều nhất"
DASH_OVERDUE = "Quá hạn"
DASH_DUE_THIS_PERIOD = "Đến hạn trong kỳ"
DASH_DUE_SOON = "Sắp đến hạn"
DASH_AWAITING_LIST = "Chờ xác nhận hoàn thành"
DASH_LATEST = "Báo cáo mới nhất"
DASH_ALL_DIRECTIVES = "Tất cả văn bản"
DASH_NO_ASSIGNMENTS = "Chưa có phân công nào."
