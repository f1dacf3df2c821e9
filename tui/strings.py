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
HEADER_DISABLED_CLERK = "{name} (đã bị khóa)"
READ_ONLY_NOTICE = "{reason} Cho đến khi đó, bạn chỉ xem được, không ghi được gì."
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
TABLE_KEY_FIRST = "Đầu danh sách"
TABLE_KEY_LAST = "Cuối danh sách"
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
# Textual's own key descriptions, in Vietnamese.
HELP_BUILTIN = {
    "Copy selected text": "Sao chép đoạn đã chọn",
    "Quit": "Thoát",
    "Previous tab": "Thẻ trước",
    "Next tab": "Thẻ sau",
    "palette": "Lệnh",
    "Focus Next": "Ô tiếp theo",
    "Focus Previous": "Ô trước",
    "Cursor up": "Lên",
    "Cursor down": "Xuống",
    "Page up": "Trang trước",
    "Page down": "Trang sau",
    "Scroll up": "Cuộn lên",
    "Scroll down": "Cuộn xuống",
    "Select": "Chọn",
}
HELP_KEYS = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter", "ctrl+c": "Ctrl+C",
             "ctrl+q": "Ctrl+Q", "ctrl+p": "Ctrl+P", "ctrl+s": "Ctrl+S", "left": "←", "right": "→",
             "up": "↑", "down": "↓", "home": "Home", "end": "End", "left_square_bracket": "[",
             "right_square_bracket": "]"}

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
DAYS_LATE_SHORT = "{n}n"
FLAG_SHORT = {"due_soon": "sắp hạn", "awaiting": "chờ XN", "returned": "trả lại", "unreported": "chưa BC"}

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

# --- forms (check-in, decision, extension, task edit) ---------------------------------------
FORM_SAVE = "Lưu"
FORM_CANCEL = "Hủy"
FORM_KEY_SAVE = "Lưu"
FORM_KEY_CANCEL = "Hủy"
FORM_SAVING = "Đang lưu…"
FORM_FIX_FIELDS = "Chưa lưu: hãy sửa các ô có báo lỗi."
FORM_NOT_SAVED = "Chưa lưu: {message}"
FORM_HDR_TASK = "Nhiệm vụ {path}"
FORM_HDR_UNIT = "Đơn vị"
FORM_HDR_DUE = "Hạn"
FORM_HDR_NO_DUE = "không có ngày"
FORM_HDR_EXTENDED = "(hạn gốc {date})"
FORM_HDR_STANDING = "Tình trạng ngày {date}"
FORM_HDR_ROLE = "vai trò"
CHECKIN_TITLE = "Báo cáo tiến độ"
CHECKIN_STATUS = "Tình trạng"
CHECKIN_STATUS_OPTIONS = [
    ("Chưa triển khai", "not_started"),
    ("Đang thực hiện", "in_progress"),
    ("Gặp vướng mắc", "blocked"),
    ("Đã hoàn thành", "done"),
]
CHECKIN_PROGRESS = "Tiến độ (%)"
CHECKIN_PROGRESS_BAD = "Tiến độ phải từ 0 đến 100"
CHECKIN_PROGRESS_NOT_NUMBER = "Tiến độ phải là số nguyên từ 0 đến 100"
CHECKIN_COMPLETED_ON = "Ngày hoàn thành"
CHECKIN_COMPLETED_AFTER = "Ngày hoàn thành không được sau ngày báo cáo {date}"
CHECKIN_RESULT = "Kết quả thực hiện"
CHECKIN_DIFFICULTIES = "Khó khăn, vướng mắc"
CHECKIN_PROPOSALS = "Đề xuất, kiến nghị"
CHECKIN_REFERENCE = "Văn bản báo cáo"
CHECKIN_REFERENCE_HINT = "ví dụ: 123/BC-SYT ngày 30/08/2021"
CHECKIN_DATED = "Báo cáo ghi ngày {date}."
CHECKIN_LAST = "Lần báo cáo trước: {date} · {status}"
CHECKIN_CLOSED = "Nhiệm vụ đã được xác nhận hoàn thành; không thể báo cáo thêm."
DECISION_TITLE = "Xác nhận hoàn thành"
DECISION_REPORT = "Báo cáo hoàn thành chờ xác nhận"
DECISION_REPORTED_ON = "Ngày báo cáo"
DECISION_COMPLETED_ON = "Ngày hoàn thành"
DECISION_RESULT = "Kết quả"
DECISION_NO_RESULT = "(không ghi kết quả)"
DECISION_NONE = "Nhiệm vụ này không có báo cáo hoàn thành nào chờ xác nhận."
DECISION_CHOICE = "Quyết định"
DECISION_CONFIRM = "Xác nhận hoàn thành"
DECISION_RETURN = "Trả lại"
DECISION_REASON = "Lý do trả lại"
DECISION_REASON_HINT = "cần thực hiện lại những gì"
DECISION_REASON_REQUIRED = "Trả lại phải ghi lý do"
DECISION_WOULD_BE = "Nếu xác nhận: {category}"
EXT_TITLE = "Đề nghị gia hạn"
EXT_DECIDE_TITLE = "Xử lý đề nghị gia hạn"
EXT_CURRENT_DUE = "Hạn hiện tại"
EXT_NEW_DUE = "Hạn mới"
EXT_NEW_DUE_NOT_AFTER = "Hạn mới phải sau hạn hiện tại {date}"
EXT_NEW_DUE_PAST = "Hạn mới đã qua (hôm nay {date})"
EXT_REASON = "Lý do"
EXT_REASON_REQUIRED = "Phải ghi lý do đề nghị gia hạn"
EXT_PENDING = "Đề nghị ngày {date}: gia hạn đến {new_due}"
EXT_PENDING_WAIT = "Đã có đề nghị gia hạn đang chờ Văn phòng xử lý."
EXT_DECISION = "Quyết định"
EXT_GRANT = "Đồng ý gia hạn"
EXT_REFUSE = "Không đồng ý"
EXT_NOTE = "Ghi chú"
TASK_EDIT_TITLE = "Sửa nhiệm vụ {path}"
TASK_EDIT_TEXT = "Nội dung"
TASK_EDIT_TEXT_REQUIRED = "Nội dung không được để trống"
TASK_EDIT_LEAD = "Chủ trì"
TASK_EDIT_COORD = "Phối hợp"
TASK_EDIT_UNITS_HINT = "cách nhau bởi dấu «;» hoặc «,»"
TASK_EDIT_LEAD_REQUIRED = "Phải có ít nhất một đơn vị chủ trì"
TASK_EDIT_UNITS_OK = "{n} đơn vị: {names}"
TASK_EDIT_DEADLINE = "Thời hạn"
TASK_EDIT_DEADLINE_HINT = "như văn bản ghi, ví dụ: trước ngày 20/8/2021; thường xuyên"
TASK_EDIT_DEADLINE_DATE = "hạn {date}"
TASK_EDIT_DEADLINE_RANGE = "từ {start} đến {date}"
TASK_EDIT_DEADLINE_OTHER = "{kind}"
DATE_HINT = "dd/mm/yyyy"

# --- directives (section 2), directive detail, task detail ---------------------------------
DIR_COL_NUMBER = "Số hiệu"
DIR_COL_TYPE = "Loại"
DIR_COL_DATE = "Ngày ký"
DIR_COL_ISSUER = "Cơ quan ban hành"
DIR_COL_SUMMARY = "Trích yếu"
DIR_COL_TASKS = "NV"
DIR_COL_ON_TIME = "Đúng hạn"
DIR_COUNT = "{n} văn bản · tỷ lệ hoàn thành đúng hạn tính trên phân công có hạn (trừ thường xuyên), đến ngày {date}"
DIR_NONE = "Chưa có văn bản nào. Nhập văn bản bằng lệnh «dondoc import»."
DIR_NO_NUMBER = "—"
DIR_KEY_ASSIGNMENTS = "Phân công của VB"
DIRD_TYPE_NUMBER = "{doc_type} số {number}"
DIRD_TYPE_NO_NUMBER = "{doc_type} (không số)"
DIRD_SIGNED = "ngày {date}"
DIRD_ISSUER = "Cơ quan ban hành: "
DIRD_SIGNER = "Người ký: "
DIRD_SUMMARY = "Trích yếu: "
DIRD_CYCLE = "Báo cáo: "
DIRD_CYCLE_NAMES = {"semi_monthly": "ngày 15 và 30 hàng tháng", "weekly": "hàng tuần",
                    "monthly": "hàng tháng", "half_yearly": "6 tháng", "yearly": "hàng năm"}
DIRD_NO_CYCLE = "không quy định kỳ báo cáo"
DIRD_PERIOD = "Thời gian thực hiện: "
DIRD_PARENTS = "Căn cứ: "
DIRD_TOTALS = "{n} phân công · đúng hạn {share}"
DIRD_LEGEND = "Đ đúng hạn · M xong quá hạn · T trong hạn · Q quá hạn · TX thường xuyên"
DIRD_CAT_LETTER = {"done_on_time": "Đ", "done_late": "M", "in_progress": "T", "overdue": "Q",
                   "recurring": "TX"}
DIRD_TREE_ROOT = "Nhiệm vụ"
DIRD_NO_ASSIGNMENTS = "Mục này không có phân công (đề mục)."
DIRD_PICK_TASK = "Chọn một nhiệm vụ trong cây để xem phân công."
DIRD_COL_UNIT = "Đơn vị"
DIRD_COL_ROLE = "Vai trò"
DIRD_COL_DUE = "Hạn"
DIRD_COL_STANDING = "Tình trạng"
DIRD_VIA_GROUP = "qua «{group}»"
TASKD_TITLE = "{path} · {directive}"
TASKD_DEADLINE = "Thời hạn: "
TASKD_DEADLINE_NONE = "không ghi thời hạn"
TASKD_INHERITED = "kế thừa thời hạn của văn bản"
TASKD_DUE_ON = "hạn {date}"
TASKD_FROM_TO = "từ {start} đến {end}"
TASKD_ASSIGNMENT_LINE = "Phân công: "
TASKD_TIMELINE = "Diễn biến — {unit}"
TASKD_TIMELINE_TASK = "Diễn biến của nhiệm vụ"
TASKD_TIMELINE_EMPTY = "Chưa có diễn biến nào đến ngày xem."
TASKD_HIDDEN = "{n} mục sau ngày xem {date} không hiển thị."
TASKD_ENTRY = {
    "checkin": "Báo cáo tiến độ",
    "extension_requested": "Đề nghị gia hạn",
    "extension_granted": "Đồng ý gia hạn",
    "extension_refused": "Không đồng ý gia hạn",
    "confirm": "Xác nhận hoàn thành",
    "return": "Trả lại, thực hiện lại",
    "audit": "Nhật ký",
}
TASKD_AUDIT_ACTION = {"insert": "thêm", "update": "sửa", "delete": "xóa"}
TASKD_AUDIT_ENTITY = {"checkins": "báo cáo tiến độ", "confirmations": "xác nhận", "extensions": "gia hạn",
                      "assignments": "phân công", "tasks": "nhiệm vụ", "deadlines": "thời hạn"}
TASKD_COMPLETED_ON = "hoàn thành ngày {date}"
TASKD_RESULT = "Kết quả: "
TASKD_DIFFICULTIES = "Khó khăn, vướng mắc: "
TASKD_PROPOSALS = "Đề xuất, kiến nghị: "
TASKD_REFERENCE = "Văn bản báo cáo: "
TASKD_REASON = "Lý do: "
TASKD_NOTE = "Ý kiến: "
TASKD_DUE_CHANGE = "hạn {old} → {new}"
TASKD_BY = "bởi {clerk}"
TASKD_NO_ASSIGNMENT = "Chưa chọn phân công."

# --- units (section 4), unit detail ---------------------------------------------------------
UNITS_TITLE = "Đơn vị · {n} đơn vị có phân công"
UNITS_TITLE_SEARCH = "Đơn vị · tìm «{q}» · {n} đơn vị"
UNITS_SEARCH_PLACEHOLDER = "Tìm theo tên hoặc tên viết tắt (không cần dấu)…"
UNITS_SORT = {"overdue": "quá hạn nhiều nhất", "name": "tên A–Z", "rate": "tỷ lệ đúng hạn thấp nhất",
              "total": "nhiều phân công nhất"}
UNITS_SORTED_BY = "xếp theo {how}"
UNITS_KEY_SORT = "Sắp xếp"
UNITS_KEY_CLEAR = "Bỏ lọc"
UNITS_COL_NAME = "Đơn vị"
UNITS_COL_ON_TIME = "Đúng hạn"
UNITS_COL_LATE = "Xong trễ"
UNITS_COL_IN_PROGRESS = "Trong hạn"
UNITS_COL_OVERDUE = "Quá hạn"
UNITS_COL_RECURRING = "T.xuyên"
UNITS_COL_RATE = "Tỷ lệ"
UNITS_COL_LAST = "BC gần nhất"
UNITS_COL_TOTAL = "Tổng"
UNITS_NONE = "Không có đơn vị nào khớp."
UNIT_KIND = {
    "department": "Sở, ngành", "district": "Cấp huyện", "mass_org": "Tổ chức đoàn thể",
    "force": "Lực lượng vũ trang", "people_committee": "UBND", "steering": "Ban Chỉ đạo",
    "office": "Văn phòng", "commune_collective": "Cấp xã", "party": "Cơ quan Đảng",
    "media": "Báo chí, phát thanh", "agency": "Cơ quan", "other": "Khác", "group": "Nhóm đơn vị",
}
UNIT_DETAIL_KIND = "Loại"
UNIT_DETAIL_ALIASES = "Tên khác"
UNIT_DETAIL_VALIDITY = "Hiệu lực"
UNIT_DETAIL_VALID_FROM_TO = "từ {start} đến {end}"
UNIT_DETAIL_ALWAYS = "đang hoạt động"
UNIT_DETAIL_START = "trước đây"
UNIT_DETAIL_NOW = "nay"
UNIT_DETAIL_HISTORY = "Lịch sử"
UNIT_DETAIL_NO_HISTORY = "không đổi tên, sáp nhập"
UNIT_DETAIL_GROUPS = "Thuộc nhóm"
UNIT_DETAIL_MEMBERS = "Thành viên"
UNIT_DETAIL_SCORE = "Kết quả"
UNIT_DETAIL_SCORE_LINE = ("Đúng hạn {on_time} · Xong trễ {late} · Trong hạn {in_progress} · "
                          "Quá hạn {overdue} · Thường xuyên {recurring}")
UNIT_DETAIL_RATE = "tỷ lệ đúng hạn {rate}"
UNIT_DETAIL_LAST = "báo cáo gần nhất {date}"
UNIT_DETAIL_NO_ASSIGNMENTS = "Chưa có phân công nào."
UNIT_DETAIL_ASSIGNMENTS = "Phân công ({n})"
UNIT_KEY_ALL_ASSIGNMENTS = "Xem ở Nhiệm vụ"

# --- calendar (section 5), day detail -------------------------------------------------------
CAL_MONTH_TITLE = "Tháng {month}/{year}"
CAL_WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
CAL_LEGEND = "số = việc đến hạn · đỏ = còn quá hạn · ◆ ngày báo cáo 15/30 · ◇ báo cáo theo văn bản"
CAL_LEGEND_SHORT = "số việc đến hạn · ◆ ngày báo cáo"
CAL_KEY_PREV = "Tháng trước"
CAL_KEY_NEXT = "Tháng sau"
CAL_KEY_TODAY = "Về tháng đang xem"
CAL_KEY_OPEN_DAY = "Xem ngày"
CAL_SELECTED = "{weekday} {date}"
CAL_SELECTED_DUE = "{n} việc đến hạn"
CAL_SELECTED_OVERDUE = "{n} còn quá hạn"
CAL_SELECTED_DONE = "{n} đã xong"
CAL_SELECTED_NONE = "không có việc đến hạn"
CAL_REPORT_DAY = "ngày báo cáo: {names}"
CAL_OFF_DAY = "ngày nghỉ"
CAL_HOLIDAY = "ngày lễ"
CAL_WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
CAL_MONTH_TOTAL = "Cả tháng: {n} việc đến hạn, {overdue} còn quá hạn"
DAY_TITLE = "Ngày {date} · {weekday}"
DAY_DUE = "{n} việc đến hạn trong ngày"
DAY_IS_REPORT = "Là ngày báo cáo: {names}"
DAY_NOT_REPORT = "Không phải ngày báo cáo"
DAY_OFF = "ngày nghỉ"
DAY_NONE = "Không có việc nào đến hạn ngày này."
# units: narrow (80-column) column headers
UNITS_COL_SHORT = {"overdue": "Q.hạn", "in_progress": "T.hạn", "done_on_time": "Đúng", "done_late": "Trễ",
                   "recurring": "TX", "rate": "Tỷ lệ", "last": "BC cuối", "total": "Tổng"}
TASK_EDIT_STORED_NOW = "Nội dung đang lưu (do người khác sửa): "

# --- assignments (section 3) ----------------------------------------------------------------
ASSIGN_COL_ID = "Mã"
ASSIGN_COL_DIRECTIVE = "Văn bản"
ASSIGN_COL_PATH = "Mục"
ASSIGN_COL_TASK = "Nhiệm vụ"
ASSIGN_COL_UNIT = "Đơn vị"
ASSIGN_COL_ROLE = "Vai trò"
ASSIGN_COL_DUE = "Hạn"
ASSIGN_COL_STANDING = "Tình trạng"
ASSIGN_ROLE_SHORT = {"lead": "CT", "coordinating": "PH"}
ASSIGN_UNIT_PLACEHOLDER = "Đơn vị (tên/viết tắt)"
ASSIGN_CATEGORY_ALL = "Mọi tình trạng"
ASSIGN_DIRECTIVE_ALL = "Mọi văn bản"
ASSIGN_FLAG_ALL = "Mọi cờ"
ASSIGN_DUE_FROM = "Hạn từ"
ASSIGN_DUE_TO = "đến ngày"
ASSIGN_SEARCH_PLACEHOLDER = "Tìm trong nhiệm vụ (/)"
ASSIGN_BAD_DATE = "{what}: «{text}» không phải ngày dd/mm/yyyy."
ASSIGN_BAD_RANGE = "Hạn từ {start} sau hạn đến {end}."
ASSIGN_POSITION = "{n}/{total}"
ASSIGN_COUNTING = "…"  # the total, while it is being counted
ASSIGN_LOADED = "đã tải {loaded}"
ASSIGN_SORTED = "xếp theo {column} {arrow}"
ASSIGN_NONE = "Không có nhiệm vụ nào khớp bộ lọc."
ASSIGN_KEY_SORT = "Sắp xếp"
ASSIGN_KEY_REVERSE = "Đảo thứ tự"
ASSIGN_KEY_CLEAR = "Bỏ lọc"
ASSIGN_KEY_SAVE_FILTER = "Lưu bộ lọc"
ASSIGN_KEY_SAVED_FILTERS = "Bộ lọc đã lưu"
ASSIGN_KEY_TABLE = "Về bảng"
ASSIGN_SAVE_TITLE = "Lưu bộ lọc hiện tại"
ASSIGN_SAVE_PROMPT = "Tên bộ lọc:"
ASSIGN_SAVE = "Lưu"
ASSIGN_CANCEL = "Hủy"
ASSIGN_SAVED = "Đã lưu bộ lọc «{name}»."
ASSIGN_FILTERS_TITLE = "Bộ lọc đã lưu"
ASSIGN_FILTERS_HINT = "Enter: áp dụng · Del: xóa · Esc: đóng"
ASSIGN_FILTERS_EMPTY = "Chưa lưu bộ lọc nào. Nhấn f trên danh sách nhiệm vụ để lưu."
ASSIGN_FILTER_APPLIED = "Đã áp dụng bộ lọc «{name}»."
ASSIGN_FILTER_DELETED = "Đã xóa bộ lọc."
ASSIGN_KEY_APPLY = "Áp dụng"
ASSIGN_KEY_DELETE = "Xóa"
DIR_COUNT_LINE = "{n} văn bản · đúng hạn: tỷ lệ phân công xong đúng hạn (trừ thường xuyên)"
UNIT_DETAIL_VALID_FROM = "từ {start}"
UNIT_DETAIL_VALID_TO = "đến {end}"
ASSIGN_COL_ROLE_SHORT = "CT/PH"
CHECKIN_TITLE_DATED = "Báo cáo tiến độ · ghi ngày {date}"
CHECKIN_PROGRESS_PLACEHOLDER = "0–100"

# --- shared tables, palette, pickers ---------------------------------------------------------
COL_DATE = "Ngày"
COL_PATH = "Mục"
COL_TASK = "Nhiệm vụ"
COL_UNIT = "Đơn vị"
COL_DUE = "Hạn"
COL_STANDING = "Tình trạng"
COL_RESULT = "Kết quả"
CHECKIN_STATUS_NAMES = {"not_started": "Chưa triển khai", "in_progress": "Đang thực hiện", "blocked": "Vướng mắc",
                        "done": "Đã hoàn thành"}
PALETTE_SECTION = "Chuyển đến: {name}"
PALETTE_AS_OF = "Đổi ngày xem…"
PALETTE_DIRECTIVE = "Văn bản: {title}"
PALETTE_UNIT = "Đơn vị: {name}"
PALETTE_TASK = "Nhiệm vụ {path}: {text}"
PICKER_TITLE = "Chọn văn bản"
FORM_DATE_MISSING = "{what}: chưa nhập ngày (dd/mm/yyyy)."

# --- importing a directive (file picker, import screen, its dialogs) ------------------------
DIR_KEY_IMPORT = "Nhập văn bản"
PALETTE_IMPORT = "Nhập văn bản…"
FP_TITLE = "Chọn tệp văn bản để nhập"
FP_HINT = "Gõ đường dẫn (→ để nhận gợi ý) rồi Enter, hoặc Tab xuống cây thư mục. Tệp .docx .pdf .txt .md"
FP_PLACEHOLDER = "tên tệp hoặc đường dẫn, vd. chi_thi.docx"
FP_NOT_FOUND = "Không có tệp «{path}»."
FP_BAD_TYPE = "«{name}» không phải tệp .docx, .pdf, .txt hoặc .md."
FP_KEY_CHOOSE = "Chọn"
FP_KEY_UP = "Thư mục cha"
IMP_TITLE = "Nhập văn bản"
IMP_READING = "Đang đọc tệp «{name}»…"
IMP_INFO = "{name} · {docs} văn bản · chọn {chosen}/{tasks} nhiệm vụ"
IMP_INFO_PENDING = " · {n} đơn vị lạ chưa xử lý"
IMP_INFO_UPDATE = " · cập nhật {n} văn bản đã có"
IMP_TREE_TITLE = "Bản nháp"
IMP_DETAIL_TITLE = "Chi tiết"
IMP_KEY_TOGGLE = "Chọn/Bỏ"
IMP_KEY_EDIT = "Sửa"
IMP_KEY_UNIT = "Đơn vị lạ"
IMP_KEY_COMMIT = "Lưu vào CSDL"
IMP_PROBLEMS_NODE = "Đơn vị chưa có trong danh mục ({n}, còn {pending} chưa xử lý)"
IMP_CHOICE_NONE = "chưa chọn"
IMP_CHOICE_MAP = "dùng «{name}»"
IMP_CHOICE_NEW = "tạo đơn vị mới"
IMP_CHOICE_DROP = "bỏ tên này"
IMP_DOC_TASKS = "{n} NV"
IMP_DOC_UPDATE = "cập nhật VB mã số {id}"
IMP_DOC_BUNDLED = "kèm theo [{n}]"
IMP_DOC_NEW = "văn bản mới"
IMP_NO_DATE = "không ngày"
IMP_CHECK_ON = "[x]"
IMP_CHECK_OFF = "[ ]"
IMP_TASK_ACCEPTED = "Đã chọn — sẽ lưu (Space: bỏ)"
IMP_TASK_DROPPED = "Đã bỏ — sẽ không lưu (Space: chọn lại)"
IMP_TASK_EDITED = " · đã sửa"
IMP_LEAD = "Chủ trì: "
IMP_COORD = "Phối hợp: "
IMP_NONE = "—"
IMP_REQUESTED = " (đề nghị)"
IMP_GROUP = " ({n} đơn vị)"
IMP_UNIT_MISSING = " (chưa có trong danh mục: {choice})"
IMP_UNIT_MAPPED = " → {name}"
IMP_DEADLINE = "Thời hạn: "
IMP_DEADLINE_PHRASE = " («{phrase}»)"
IMP_DEADLINE_INHERITED = " — theo thời gian thực hiện của văn bản"
IMP_FIELD = {"ref": "số mục", "text": "nội dung", "lead": "chủ trì", "coordinating": "phối hợp",
             "deadline": "thời hạn", "number": "số hiệu", "signed_on": "ngày ký",
             "issuer": "cơ quan ban hành", "doc_type": "loại văn bản", "tasks": "nhiệm vụ"}
IMP_UNCERTAIN = "? {field}: "
IMP_DOC_ISSUER = "Cơ quan ban hành: "
IMP_DOC_SIGNED = "Ngày ký: "
IMP_DOC_SIGNER = "Người ký: "
IMP_DOC_SUMMARY = "Trích yếu: "
IMP_DOC_PARENT = "Căn cứ: "
IMP_DOC_REPORTING = "Báo cáo: "
IMP_DOC_PERIOD = "Thời gian thực hiện: "
IMP_DOC_BUNDLE_OF = "Văn bản kèm theo văn bản [{n}] «{title}»; được lưu riêng, liên kết với văn bản đó."
IMP_DOC_EXISTS = ("Đã có trong cơ sở dữ liệu: mã số {id} «{title}». Lưu sẽ CẬP NHẬT văn bản đó, không tạo bản "
                  "trùng: {matched} nhiệm vụ khớp, {added} mới, {removed} sẽ bỏ, {kept} giữ lại vì đã có báo cáo.")
IMP_DOC_IS_NEW = "Chưa có trong cơ sở dữ liệu: lưu sẽ tạo văn bản mới."
IMP_PROBLEM_TITLE = "Tên đơn vị «{name}»"
IMP_PROBLEM_KIND = {"unknown": "Chưa có trong danh mục đơn vị.", "ambiguous": "Ứng với nhiều đơn vị.",
                    "vague": "Không chỉ rõ đơn vị nào."}
IMP_PROBLEM_USED = "Dùng ở nhiệm vụ: {refs}"
IMP_PROBLEM_SUGGESTIONS = "Gần giống: "
IMP_PROBLEM_NO_SUGGESTION = "Không có đơn vị nào gần giống."
IMP_PROBLEM_CHOICE = "Đã chọn: "
IMP_PROBLEM_HINT = "Enter hoặc u: chọn đơn vị có sẵn, tạo mới hoặc bỏ tên này."
IMP_PENDING = "Còn {n} tên đơn vị chưa xử lý; hãy chọn cho từng tên trước khi lưu."
IMP_NOTHING = "Chưa chọn nhiệm vụ nào để lưu."
IMP_NO_PROBLEMS = "Mọi tên đơn vị đều đã có trong danh mục."
IMP_REFUSED = "Chỉ Văn phòng mới được nhập văn bản chỉ đạo; cán bộ «{name}» có quyền {role}."
IMP_SAVING = "Đang lưu…"
IMP_CONFIRM_TITLE = "Cập nhật văn bản đã có?"
IMP_CONFIRM_UPDATE = "«{title}» đã có (mã số {id}). Lưu sẽ cập nhật văn bản đó; nhiệm vụ đã có báo cáo được giữ lại."
IMP_CONFIRM_YES = "Cập nhật"
IMP_CONFIRM_NO = "Hủy"
IMP_DONE_TITLE = "Đã nhập văn bản"
IMP_DONE_NEW = "{title} (mã số {id}): {tasks} nhiệm vụ, {assignments} phân công."
IMP_DONE_UPDATE = ("Cập nhật {title} (mã số {id}): {tasks} nhiệm vụ; thêm {added}, sửa {changed}, bỏ {removed}; "
                   "phân công: thêm {a_added}, bỏ {a_removed}.")
IMP_DONE_KEPT = "Giữ lại {n} nhiệm vụ đã có báo cáo: {refs}."
IMP_DONE_KEPT_ASSIGNMENTS = "Giữ lại {n} phân công đã có báo cáo."
IMP_DONE_UNITS = "Đã tạo {n} đơn vị mới: {names}."
IMP_DONE_DROPPED = "Đã bỏ {n} nhiệm vụ."
IMP_DONE_WARNING = "Lưu ý: {text}"
IMP_DONE_CLOSE = "Đóng"
UNIT_CHOICE_TITLE = "Đơn vị «{name}»"
UNIT_CHOICE_SEARCH = "Tìm đơn vị khác (tên hoặc viết tắt)…"
UNIT_CHOICE_USE = "Dùng: {name}"
UNIT_CHOICE_NEW = "Tạo đơn vị mới «{name}»"
UNIT_CHOICE_DROP = "Bỏ tên này (không giao việc cho nó)"
UNIT_CHOICE_NONE_FOUND = "Không tìm thấy đơn vị nào khớp."
UNIT_CHOICE_KEY_SEARCH = "Tìm"
IMP_EDIT_TITLE = "Sửa nhiệm vụ {ref} trước khi lưu"
IMP_EDIT_UNITS_HINT = "cách nhau bởi «;» · → nhận gợi ý tên"
IMP_EDIT_UNIT_PENDING = "«{name}»: chưa có trong danh mục — chọn ở mục «Đơn vị chưa có trong danh mục»"
IMP_EDIT_UNIT_DROPPED = "«{name}» đã được chọn bỏ"
IMP_EDIT_UNIT_CHOSEN = "«{name}» → {choice}"
IMP_EDIT_DEADLINE_HINT = "như văn bản ghi; để trống: theo thời gian thực hiện của văn bản (nếu có)"
IMP_ROLE_NONE = "chưa được đăng ký"
IMP_KEY_SPACE = "Space"
IMP_DUE_SHORT = {"recurring": "th.xuyên", "immediate": "ngay", "until_event": "đến khi", "none": "chưa hạn"}

# --- report screen (Báo cáo kỳ) and its export dialog ----------------------------------------
REPORT_TITLE = "Báo cáo kỳ"
REPORT_ALL_DIRECTIVES = "Tất cả văn bản"
REPORT_PERIOD = "kỳ {period} · số liệu đến hết ngày {end}"
REPORT_KEY_PREVIOUS = "Kỳ trước"
REPORT_KEY_NEXT = "Kỳ sau"
REPORT_KEY_EXPORT = "Xuất / ban hành"
REPORT_KEY_OPEN = "Báo cáo kỳ"
REPORT_FIGURES = "Số liệu so với kỳ trước"
REPORT_COL_CATEGORY = "Phân loại"
REPORT_COL_BEFORE = "Đến {day}"
REPORT_COL_NOW = "Đến {day}"
REPORT_TOTAL = "Tổng số"
REPORT_UNITS = "Theo đơn vị"
REPORT_NO_UNITS = "Không có phân công nào trong phạm vi này."
REPORT_TREND = "Tỷ lệ hoàn thành đúng hạn qua các kỳ"
REPORT_LISTS = "Danh sách"
REPORT_LIST_OVERDUE = "Quá hạn"
REPORT_LIST_COMPLETED = "Hoàn thành trong kỳ"
REPORT_LIST_DUE_NEXT = "Đến hạn kỳ sau"
REPORT_LIST_EXTENSIONS = "Được gia hạn trong kỳ"
REPORT_LIST_UNREPORTED = "Thường xuyên chưa báo cáo kỳ này"
REPORT_LIST_AWAITING = "Chờ xác nhận hoàn thành"
REPORT_DAYS_LATE = "trễ {n} ngày"
REPORT_EXPORT_TITLE = "Xuất báo cáo"
REPORT_EXPORT_FORMAT = "Định dạng ({formats})"
REPORT_EXPORT_FILE = "Ghi vào tệp"
REPORT_EXPORT_NUMBER = "Số văn bản (để ban hành; để trống: bản nháp chưa có số)"
REPORT_EXPORT_NUMBER_HINT = "vd. 25/BC-VP"
REPORT_EXPORT_NO_FILE = "Chưa nhập tên tệp để ghi."
REPORT_KEY_WRITE = "Ghi tệp"
REPORT_WRITTEN = "Đã ghi báo cáo: {path}"
REPORT_ISSUED = "Đã ban hành báo cáo số {number} (mã số {id}): {path}"
PALETTE_REPORT = "Báo cáo kỳ… (xem, xuất .docx/.xlsx, ban hành)"

# --- issued reports (Báo cáo đã ban hành): the list, one re-opened, re-exporting it ----------
ISSUED_TITLE = "Báo cáo đã ban hành"
ISSUED_KEY_OPEN = "Đã ban hành"
ISSUED_KEY_REEXPORT = "Ghi lại tệp"
PALETTE_ISSUED = "Báo cáo đã ban hành… (xem lại, ghi lại tệp giống hệt)"
ISSUED_COUNT = "{n} báo cáo đã ban hành, mới nhất trước · Enter: xem lại · e: ghi lại tệp"
ISSUED_NONE = ("Chưa có báo cáo nào được ban hành. Ban hành ở Báo cáo kỳ (b ở Tổng quan): e, rồi nhập số "
               "văn bản.")
ISSUED_COL_ID = "Mã"
ISSUED_COL_NUMBER = "Số"
ISSUED_COL_DATE = "Ngày BH"
ISSUED_COL_SCOPE = "Phạm vi"
ISSUED_COL_PERIOD = "Kỳ báo cáo"
ISSUED_COL_FORMAT = "Tệp"
ISSUED_COL_FILE = "Tên tệp đã ban hành"
ISSUED_BANNER = "BẢN ĐÃ BAN HÀNH · Số {number} ngày {date} · số liệu đã lưu khi ban hành, không tính lại"
ISSUED_BY = " · người ban hành: {name}"
ISSUED_EXPORT_TITLE = "Ghi lại báo cáo đã ban hành"
ISSUED_EXPORT_INFO = "Số {number} ngày {date} · kỳ {period} · {scope}"
ISSUED_EXPORT_FILE = "Ghi vào tệp (đuôi .{fmt}: giống hệt bản đã ban hành)"
ISSUED_EXPORT_OTHER_FORMAT = "Đuôi khác .{fmt}: số liệu vẫn như đã ban hành, nhưng tệp sẽ không giống hệt."
ISSUED_EXPORT_DONE = "Đã ghi lại báo cáo số {number} (mã số {id}): {path}"
ISSUED_EXPORT_SAME = "Giống hệt tệp đã ban hành: mã SHA-256 lưu khi ban hành khớp."
ISSUED_EXPORT_DIFFERENT = "Khác định dạng với tệp đã ban hành; số liệu vẫn là số liệu đã ban hành."
