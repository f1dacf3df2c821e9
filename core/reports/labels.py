"""Every Vietnamese word the report and reminder outputs print, and the cell texts they share.

One place for the wording, so the .docx, .xlsx, .csv and Markdown outputs name things the
same way (and the way the dashboard does). Dates are written dd/mm/yyyy in tables and running
text; the place-and-date line of a document uses the long form of Decree 30/2020/NĐ-CP.

`clean()` is the one text-safety helper: every piece of user or document text goes through it
before any writer sees it.
"""
from __future__ import annotations

import datetime as dt
import re

from core.reports.model import CATEGORY_KEYS, FLAG_KEYS, Counts, ReportData, Row, UnitSection
from core.text import printable

# --- categories, flags, statuses, roles ---------------------------------------------------------

CATEGORY_LABELS = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện trong hạn",
    "overdue": "Quá hạn",
    "recurring": "Thường xuyên",
}
FLAG_LABELS = {
    "due_soon": "Sắp đến hạn",
    "awaiting": "Chờ xác nhận",
    "returned": "Bị trả lại",
    "unreported": "Chưa báo cáo",
}
# The flags as rows of the overall figures table, spelt out.
FLAG_LONG_LABELS = {
    "due_soon": "Sắp đến hạn (trong 5 ngày tới)",
    "awaiting": "Đã báo cáo hoàn thành, chờ xác nhận",
    "returned": "Bị trả lại, phải thực hiện lại",
    "unreported": "Thường xuyên chưa báo cáo trong kỳ",
}
STATUS_LABELS = {
    "not_started": "Chưa triển khai",
    "in_progress": "Đang thực hiện",
    "blocked": "Vướng mắc",
    "done": "Đã hoàn thành",
}
ROLE_LABELS = {"lead": "Chủ trì", "coordinating": "Phối hợp"}
# A deadline that is not a date, as the "Hạn" cell shows it.
DEADLINE_KIND_LABELS = {
    "recurring": "Thường xuyên",
    "immediate": "Ngay (chưa có ngày)",
    "until_event": "Đến khi có sự kiện",
    "none": "Chưa có hạn",
}
assert set(CATEGORY_LABELS) == set(CATEGORY_KEYS) and set(FLAG_LABELS) == set(FLAG_KEYS)

# --- the document frame (Decree 30) -------------------------------------------------------------

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_PREFIX = "Số:"
NUMBER_BLANK = "……"  # the clerk writes the number in by hand when it is issued
RECIPIENTS = "Nơi nhận:"
ARCHIVE_LINE = "- Lưu: VT."
PAGE_LABEL = "Trang"

# --- the period report --------------------------------------------------------------------------

REPORT_TYPE = "BÁO CÁO"
REPORT_TYPE_CODE = "BC"
REPORT_SUMMARY = "Kết quả thực hiện {directive}, kỳ từ ngày {start} đến ngày {end}"
REPORT_OPENING = ("Thực hiện nhiệm vụ theo dõi, đôn đốc việc thực hiện {directive}, "
                  "{issuer} báo cáo kết quả thực hiện kỳ từ ngày {start} đến ngày {end} "
                  "(số liệu tính đến hết ngày {end}) như sau:")
REPORT_RECIPIENT_LINES = ("- Các đơn vị được giao nhiệm vụ;",)

SECTION_OVERALL = "I. KẾT QUẢ CHUNG"
SECTION_UNITS = "II. KẾT QUẢ THỰC HIỆN CỦA CÁC ĐƠN VỊ"
SECTION_LISTS = "III. CÁC NHIỆM VỤ CẦN LƯU Ý"
UNITS_SUMMARY_TITLE = "1. Tổng hợp theo đơn vị"
UNITS_DETAIL_TITLE = "2. Chi tiết theo đơn vị"
TREND_TITLE = "Diễn biến qua các kỳ báo cáo:"

COL_NO = "TT"
COL_CONTENT = "Nội dung"
COL_PREVIOUS = "Kỳ trước\n(đến {date})"
COL_CURRENT = "Kỳ này\n(đến {date})"
COL_CHANGE = "Tăng (+), giảm (−)"
COL_UNIT = "Đơn vị"
COL_TOTAL = "Tổng số"
COL_RATE = "Tỷ lệ đúng hạn"
COL_TASK = "Nhiệm vụ"
COL_CATEGORY = "Phân loại"
COL_DUE = "Thời hạn"
COL_LATEST = "Kết quả thực hiện (báo cáo gần nhất)"
COL_DAYS_LATE = "Số ngày trễ"
COL_COMPLETED_ON = "Ngày hoàn thành"
COL_OUTCOME = "Đánh giá"
COL_SITUATION = "Tình hình thực hiện"
COL_OLD_DUE = "Hạn cũ"
COL_NEW_DUE = "Hạn mới"
COL_DECIDED_ON = "Ngày gia hạn"
COL_REASON = "Lý do"
COL_LAST_REPORT = "Báo cáo gần nhất"
COL_REPORTED_DONE = "Báo cáo hoàn thành"
COL_PERIOD = "Kỳ báo cáo"

TOTAL_ROW = "Tổng cộng"
WATCH_ROW = "Cần lưu ý"
RATE_LINE = ("Tỷ lệ hoàn thành đúng hạn (trên số nhiệm vụ đã hoàn thành hoặc đã quá hạn): {now} "
             "(kỳ trước: {before}).")
RATE_NONE = "chưa có nhiệm vụ đến hạn để đánh giá"
UNIT_LINE = "Tổng số {total} nhiệm vụ: {parts}."
UNIT_NO_ROWS = "Không có nhiệm vụ đang thực hiện hoặc hoàn thành trong kỳ."
UNIT_CHANGE = "So với ngày {date}: {parts}."
UNIT_NO_CHANGE = "không thay đổi"
UNIT_MORE_ROWS = "Còn {n} nhiệm vụ khác của đơn vị chưa nêu trong bảng trên."
LIST_MORE_ROWS = "Còn {n} nhiệm vụ khác thuộc danh sách này chưa nêu trong bảng trên."
LIMITS_NOTE = ("Số liệu tổng hợp tính đủ mọi nhiệm vụ. Để báo cáo gọn, phần chi tiết nêu {units}{lists}; "
               "báo cáo theo từng văn bản nêu đủ mọi nhiệm vụ.")
LIMITS_UNITS = "mỗi đơn vị tối đa {n} nhiệm vụ cần chú ý nhất (quá hạn lâu nhất trước)"
LIMITS_LISTS = "mỗi danh sách {n} nhiệm vụ đầu tiên theo thứ tự hạn xử lý"
NO_UNITS = "Chưa có đơn vị nào được giao nhiệm vụ."
EXTENDED_FROM = "gia hạn từ {date}"
DAYS_LATE = "trễ {days} ngày"
ROLE_COORDINATING = "(phối hợp)"
LATEST_LINE = "Báo cáo ngày {date}: {status}"
NO_CHECKIN = "Chưa có báo cáo"
DIFFICULTIES = "Khó khăn, vướng mắc"
PROPOSALS = "Đề xuất, kiến nghị"
ON_TIME = "Đúng hạn"
LATE = "Quá hạn {days} ngày"

# The lists of section III: key → (title, sentence when empty).
LIST_TITLES = {
    "overdue": ("Nhiệm vụ quá hạn chưa hoàn thành", "Không có nhiệm vụ quá hạn chưa hoàn thành."),
    "completed": ("Nhiệm vụ hoàn thành trong kỳ", "Không có nhiệm vụ hoàn thành trong kỳ."),
    "due_next": ("Nhiệm vụ đến hạn trong kỳ tới, từ ngày {start} đến ngày {end}",
                 "Không có nhiệm vụ đến hạn trong kỳ tới."),
    "extensions": ("Nhiệm vụ được gia hạn trong kỳ", "Không có nhiệm vụ được gia hạn trong kỳ."),
    "unreported": ("Nhiệm vụ thường xuyên chưa báo cáo trong kỳ",
                   "Các nhiệm vụ thường xuyên đều đã được báo cáo trong kỳ."),
    "awaiting": ("Nhiệm vụ đã báo cáo hoàn thành, chờ xác nhận",
                 "Không có nhiệm vụ chờ xác nhận hoàn thành."),
}

# --- the reminder letter ------------------------------------------------------------------------

REMINDER_SUBJECT = "V/v đôn đốc thực hiện nhiệm vụ"
REMINDER_TO = "Kính gửi: {unit}."
ALL_DIRECTIVES = "các văn bản chỉ đạo đang theo dõi"
REMINDER_OPENING = ("Qua theo dõi tình hình thực hiện các nhiệm vụ được giao tại {directive}, "
                    "tính đến ngày {as_of}, {unit} còn {overdue} nhiệm vụ quá hạn chưa hoàn thành "
                    "và {due_soon} nhiệm vụ sắp đến hạn, cụ thể như sau:")
REMINDER_OVERDUE_TITLE = "1. Nhiệm vụ quá hạn chưa hoàn thành"
REMINDER_DUE_SOON_TITLE = "2. Nhiệm vụ sắp đến hạn"
REMINDER_NO_OVERDUE = "Không có nhiệm vụ quá hạn."
REMINDER_NO_DUE_SOON = "Không có nhiệm vụ sắp đến hạn."
REMINDER_REQUEST = ("Đề nghị {unit} khẩn trương chỉ đạo tổ chức thực hiện, hoàn thành các nhiệm vụ nêu trên; "
                    "báo cáo kết quả thực hiện (nêu rõ khó khăn, vướng mắc và đề xuất, kiến nghị, nếu có) "
                    "bằng văn bản chậm nhất ngày {reply_by} để tổng hợp, báo cáo theo quy định.")
REMINDER_CLOSING = "Trân trọng./."
REMINDER_RECIPIENT_LINES = ("- Như trên;",)

# --- the detail table (.xlsx "Chi tiết" and .csv) -----------------------------------------------

DETAIL_COLUMNS = (
    "TT", "Văn bản", "Nhiệm vụ", "Nội dung", "Đơn vị", "Vai trò", "Phân loại", "Lưu ý",
    "Hạn", "Hạn ban đầu", "Ngày hoàn thành", "Số ngày trễ", "Báo cáo gần nhất", "Tình trạng",
    "Kết quả", "Khó khăn", "Đề xuất",
)
SHEET_SUMMARY = "Tổng hợp"
SHEET_DETAIL = "Chi tiết"
SHEET_EXTENSIONS = "Gia hạn"
XLSX_TITLE = "TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ"
XLSX_PERIOD = "Kỳ báo cáo từ ngày {start} đến ngày {end}; số liệu tính đến hết ngày {end}."
EXTENSION_COLUMNS = ("TT", "Văn bản", "Nhiệm vụ", "Nội dung", "Đơn vị", "Hạn cũ", "Hạn mới",
                     "Ngày gia hạn", "Lý do")

# --- dates and numbers --------------------------------------------------------------------------


def short_date(d: dt.date | None) -> str:
    """30/08/2021 — the form of every date in tables and running text ("" for none)."""
    return f"{d:%d/%m/%Y}" if d else ""


def long_date(d: dt.date) -> str:
    """"ngày 05 tháng 02 năm 2021": Decree 30 writes a day below 10 and the months 1 and 2
    with a leading zero, so the date cannot be altered by hand."""
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def place_and_date(place: str, d: dt.date) -> str:
    """"Bình Phước, ngày 30 tháng 8 năm 2021"."""
    place = clean(place).strip()
    return f"{place}, {long_date(d)}" if place else long_date(d).capitalize()


def percent(rate: float | None) -> str:
    """75,0% (Vietnamese decimal comma); "–" when there is nothing to judge."""
    if rate is None:
        return "–"
    return f"{rate * 100:.1f}%".replace(".", ",")


def signed(n: int) -> str:
    """+3, −2 (a true minus sign), 0: the change column."""
    if n > 0:
        return f"+{n}"
    if n < 0:
        return f"−{-n}"
    return "0"


def document_number(number: str | None, type_code: str | None, symbol: str) -> str:
    """"Số: 25/BC-VP", or "Số: ……/BC-VP" for the clerk to fill; a letter has no type code:
    "Số: ……/VP"."""
    if number:
        return f"{NUMBER_PREFIX} {clean(number).strip()}"
    symbol = clean(symbol).strip()
    tail = f"{type_code}-{symbol}" if type_code else symbol
    return f"{NUMBER_PREFIX} {NUMBER_BLANK}/{tail}"


def issuer_line(organisation) -> str:
    """"UBND TỈNH BÌNH PHƯỚC - VĂN PHÒNG": the header's left column on one line."""
    parts = (one_line(organisation.parent).upper(), one_line(organisation.name).upper())
    return " - ".join(p for p in parts if p)


def report_summary(data: ReportData) -> str:
    return REPORT_SUMMARY.format(directive=one_line(data.directive_label),
                                 start=short_date(data.period.start), end=short_date(data.period.end))


def superior_recipient(parent: str) -> str:
    """The body the issuer reports to, as a recipient line: "- Thường trực UBND tỉnh (b/c);"."""
    parent = one_line(parent)
    if parent.upper().startswith("UBND TỈNH"):
        return "- Thường trực UBND tỉnh (b/c);"
    if parent.upper().startswith("UBND"):
        return "- Thường trực UBND (b/c);"
    return f"- Lãnh đạo {parent} (b/c);" if parent else "- Lãnh đạo cơ quan (b/c);"


def issuer_in_text(organisation) -> str:
    """The issuer inside a sentence: "Văn phòng UBND tỉnh Bình Phước" from "VĂN PHÒNG" under
    "UBND TỈNH BÌNH PHƯỚC"; names are upper case in the header, so only the common words are
    lowered and the rest (place names) get capitals."""
    name = _sentence_case(one_line(organisation.name))
    parent = _sentence_case(one_line(organisation.parent))
    if name and parent:
        return f"{name} {parent}"
    return name or parent or "Cơ quan theo dõi"


# Upper-case header names put into a sentence: the common words are lowered, the known
# abbreviations kept, and any other word (a place name) capitalised.
_LOWER_WORDS = {"TỈNH", "THÀNH", "PHỐ", "HUYỆN", "XÃ", "THỊ", "PHƯỜNG", "QUẬN", "VÀ", "CỦA", "BAN", "SỞ",
                "PHÒNG", "VĂN", "CHỈ", "ĐẠO", "CHỐNG", "DỊCH", "CỤC", "TRUNG", "TÂM", "ỦY", "NHÂN", "DÂN",
                "TẾ", "HỘI", "ĐỒNG", "TỔ", "QUỐC", "MẶT", "TRẬN"}
_ABBREVIATIONS = {"UBND", "HĐND", "BCĐ", "VP", "TU", "BTV", "MTTQ", "BCHQS", "BĐBP", "CA", "COVID-19",
                  "KCN", "KKT", "BQL", "CDC"}


def _sentence_case(upper: str) -> str:
    out = []
    for i, word in enumerate(upper.split()):
        if word in _ABBREVIATIONS:
            out.append(word)
        elif word in _LOWER_WORDS and i > 0:
            out.append(word.lower())
        else:
            out.append(word.capitalize())
    return " ".join(out)


# --- text safety and shortening -----------------------------------------------------------------

# What printable() leaves that XML 1.0 still forbids: lone surrogates and U+FFFE/U+FFFF.
_XML_INVALID = re.compile("[\ud800-\udfff\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Text safe for every output: ANSI escapes, control characters (other than newline and
    tab) and bidi overrides removed, characters XML cannot hold dropped, NFC. python-docx and
    openpyxl raise on such characters, and a terminal preview would obey the escapes."""
    if not text:
        return ""
    return _XML_INVALID.sub("", printable(text))


def one_line(text: str | None) -> str:
    """clean() with every run of whitespace (newlines, tabs) made one space."""
    return " ".join(clean(text).split())


def shorten(text: str | None, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word boundary with "…"; a single word
    longer than that is cut where it must be."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read this cell as a formula (CSV injection)."""
    return text.startswith(_FORMULA_START)


# --- cell texts shared by the outputs -----------------------------------------------------------


def category_label(key: str) -> str:
    return CATEGORY_LABELS.get(key, key)


def flags_text(flags: tuple[str, ...], sep: str = "; ") -> str:
    return sep.join(FLAG_LABELS.get(f, f) for f in flags)


def status_text(row: Row) -> str:
    """"Đang thực hiện (60%)" from the latest check-in, "" when there is none."""
    if not row.last_status:
        return ""
    status = STATUS_LABELS.get(row.last_status, row.last_status)
    return f"{status} ({row.last_progress}%)" if row.last_progress is not None else status


def due_text(row: Row) -> str:
    """The due date, or what stands for it when the deadline is not a date."""
    if row.due:
        return short_date(row.due)
    label = DEADLINE_KIND_LABELS.get(row.deadline_kind, "")
    if row.deadline_kind == "until_event" and row.deadline_phrase:
        return one_line(row.deadline_phrase)
    return label


def task_label(path: str, text: str, limit: int) -> str:
    """"II.1.3. Tăng cường …", the text shortened to `limit` characters."""
    path = one_line(path)
    body = shorten(text, limit)
    return f"{path.rstrip('.')}. {body}" if path else body


def limits_note(data: ReportData) -> str:
    """What a limited report leaves out, for its opening ("" when it lists every row)."""
    parts = []
    if data.unit_row_limit is not None:
        parts.append(LIMITS_UNITS.format(n=data.unit_row_limit))
    if data.list_row_limit is not None:
        parts.append(LIMITS_LISTS.format(n=data.list_row_limit))
    if not parts:
        return ""
    return LIMITS_NOTE.format(units=parts[0], lists=f" và {parts[1]}" if len(parts) > 1 else "")


def unit_change(unit: UnitSection, previous_end: dt.date) -> str:
    """"So với ngày 15/08/2021: hoàn thành đúng hạn +3, quá hạn -1.": the categories that moved."""
    parts = [f"{CATEGORY_LABELS[k][0].lower()}{CATEGORY_LABELS[k][1:]} {signed(unit.counts.get(k) - unit.previous.get(k))}"
             for k in CATEGORY_KEYS if unit.counts.get(k) != unit.previous.get(k)]
    return UNIT_CHANGE.format(date=short_date(previous_end), parts=", ".join(parts) or UNIT_NO_CHANGE)


def counts_parts(counts: Counts) -> str:
    """"3 hoàn thành đúng hạn, 1 quá hạn, …": the non-zero categories in lower case."""
    parts = [f"{counts.get(k)} {CATEGORY_LABELS[k][0].lower()}{CATEGORY_LABELS[k][1:]}"
             for k in CATEGORY_KEYS if counts.get(k)]
    return ", ".join(parts) or "không có nhiệm vụ"


def detail_rows(data: ReportData) -> list[Row]:
    """The rows of the detail table: every unit section's rows in unit order, then the rows of
    the lists (overdue, completed, due next, unreported, awaiting) that no unit section holds
    (figures.py puts every listed row in a unit section, but the data may come from elsewhere);
    each assignment once."""
    seen: set[int] = set()
    out: list[Row] = []
    lists = (data.overdue, data.completed, data.due_next, data.unreported, data.awaiting)
    for rows in (*(u.rows for u in data.units), *lists):
        for row in rows:
            if row.assignment_id not in seen:
                seen.add(row.assignment_id)
                out.append(row)
    return out


def detail_values(n: int, row: Row) -> list:
    """One detail row, in DETAIL_COLUMNS order: text cleaned, dates as dates, counts as ints."""
    return [
        n, one_line(row.directive_title), one_line(row.task_path), clean(row.task_text),
        one_line(row.unit_name), ROLE_LABELS.get(row.role, row.role), category_label(row.category),
        flags_text(row.flags), row.due or due_text(row), row.original_due if row.extended else None,
        row.completed_on, row.days_late, row.last_reported_on, status_text(row),
        clean(row.last_result), clean(row.difficulties), clean(row.proposals),
    ]
