"""Deadlines as Vietnamese directives write them.

Public API
----------
- ``parse_date(text, default_year=None) -> date``: one calendar date, in any of the ways
  clerks write one (``13/5/2022``, ``13-5-22``, ``13.5.2022``, ``ngày 13 tháng 5 năm 2022``,
  ``2022-05-13``, ``13/5`` with a default year).
- ``parse_deadline(phrase, *, doc_year=None, period=None) -> Deadline``: strict; the whole
  phrase must be a deadline expression (a form field, or a span the importer cut out).
- ``find_deadline(text, *, doc_year=None, period=None) -> Deadline``: lenient; finds the
  deadline expression inside a longer sentence.  Never raises on odd text.
- ``parse_period(text, *, doc_year=None) -> Deadline | None``: a directive's own period
  ("THỜI GIAN THỰC HIỆN: Năm 2022 - 2023").

Rules chosen for ambiguous cases (documented so the clerk and the tests agree)
------------------------------------------------------------------------------
- Priority when several expressions appear: an explicit date > until an event > recurring >
  immediate.  Among several dates the first one in the text wins (it is usually the unit's own
  milestone).  Adjacent expressions are merged: "trong tháng 8/2021 cho đến hết năm 2021" is one
  date range; "triển khai ngay và duy trì thường xuyên cho đến khi công bố hết dịch" is one
  until-event phrase.
- "trước D" is the day before D; "trước tháng M" the last day of the month before; the same for
  quarters and years.  "từ D" alone gives no deadline (only the start of a range).
- A bare "ngày D" counts as a deadline except when it dates a document reference: the word
  before it is a document number ("1068/CĐ-TTg ngày 05/8/2021", "14-KL/TU ngày 06/9/2021") or it
  is followed by "của ..." ("ngày 17/3/2022 của Chính phủ"), or it is a signing line
  ("Bình Phước, ngày 14 tháng 8 năm 2021").
- In find_deadline a month, quarter or year needs a preposition ("trong", "đến (hết)", "trước",
  "hết", "chậm nhất"); a bare "năm 2021" in prose is not a deadline.  parse_deadline (strict)
  accepts the bare forms ("tháng 8/2021", "quý 3 năm 2022", "Năm 2022 - 2023", "20/8/2021").
- "thường xuyên" is recurring when it qualifies the unit's own action:
  (a) "xác định (đây) là nhiệm vụ thường xuyên"; (b) after "Thời gian thực hiện:"/"Thời hạn:";
  (c) at the start of a sentence, clause or list item ("Thường xuyên rà soát…", "…; thường xuyên
  kiểm tra…"); (d) directly before an action verb ("phối hợp … thường xuyên kiểm tra");
  (e) after "thực hiện / triển khai / tiến hành" at the end of a clause ("Thực hiện thường
  xuyên.") or after "duy trì".  After a noun ("giám sát thường xuyên, định kỳ", "ứng trực thường
  xuyên đường dây nóng") it is an adjective and gives nothing.
- "định kỳ" is recurring only with a cycle: "định kỳ hằng tuần", "định kỳ ngày 15 và 30 hàng
  tháng", "định kỳ 6 tháng"; "thanh tra định kỳ, đột xuất" gives nothing.  "Hằng tuần …" at the
  start of a clause is recurring too.
- "ngay" / "khẩn trương" is immediate, except conditions: "ngay khi/sau khi/tại/từ/trong/cả/nếu…",
  "kích hoạt ngay", or a clause that is itself a condition (contains "trường hợp", "nếu", "khi",
  "sẵn sàng" before the word).
- "(cho) đến khi …" and "trong thời gian có dịch …" are until-event.
- A date without a year takes ``doc_year``; without one, find_deadline skips the expression and
  parse_deadline raises InvalidDateError.  Two-digit years: 00–69 → 2000s, 70–99 → 1900s.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from core.errors import DeadlinePhraseError, InvalidDateError

__all__ = [
    "DeadlineKind",
    "Deadline",
    "parse_date",
    "parse_deadline",
    "find_deadline",
    "parse_period",
]


class DeadlineKind(StrEnum):
    DATE = "date"
    RECURRING = "recurring"
    IMMEDIATE = "immediate"
    UNTIL_EVENT = "until_event"
    NONE = "none"


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due: date | None = None
    start: date | None = None
    phrase: str | None = None  # the words as written that gave it
    inherited: bool = False  # True when taken from the directive's own period

    @property
    def needs_date(self) -> bool:
        """Immediate or no deadline: the clerk should set a date."""
        return self.kind in (DeadlineKind.IMMEDIATE, DeadlineKind.NONE)


# ---------------------------------------------------------------------------- text helpers

def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold(text: str) -> str:
    """Lower-case without changing the length, so indices map back to the NFC text."""
    out = []
    for ch in text:
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


_ACCEPTED_DATES = "13/5/2022, 13-5-2022, 13.5.2022, 13/5/22, ngày 13 tháng 5 năm 2022, 2022-05-13"

# ---------------------------------------------------------------------------- dates

_DASH = r"[-–—]"
_DATE_ISO = r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
_DATE_WORD = (
    r"(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})"
    r"(?:(?:\s*,)?\s*năm\s+(?P<wy>\d{4})|\s*/\s*(?P<wy2>\d{4}))?(?!\d)"
)
_DATE_NUM = (
    r"(?<![\w/.\-])(?P<nd>\d{1,2})(?P<ns>[/.\-])(?P<nm>\d{1,2})"
    r"(?:(?P=ns)(?P<ny>\d{4}|\d{2}))?(?!\d)(?![/\-]\d)"
)
_DATE = rf"(?:{_DATE_ISO}|{_DATE_WORD}|{_DATE_NUM})"

_DATE_FULL_RE = re.compile(rf"(?:ngày\s+)?{_DATE}")


def _year_of(raw_year: str | None, default_year: int | None, text: str) -> int:
    if raw_year is None:
        if default_year is None:
            raise InvalidDateError(
                f"Ngày không hợp lệ: «{text}» (thiếu năm; hãy ghi đủ ngày, tháng, năm, "
                f"ví dụ 13/5/2022)."
            )
        return default_year
    year = int(raw_year)
    if len(raw_year) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make_date(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= year <= 9999:
        raise InvalidDateError(f"Ngày không hợp lệ: «{text}» (năm {year} không hợp lệ).")
    if not 1 <= month <= 12:
        raise InvalidDateError(
            f"Ngày không hợp lệ: «{text}» (không có tháng {month}; tháng phải từ 1 đến 12)."
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        if day == 0:
            reason = "không có ngày 0"
        elif month == 2 and day == 29:
            reason = f"tháng 2 năm {year} không có ngày 29 vì năm {year} không nhuận"
        else:
            reason = f"tháng {month} năm {year} không có ngày {day}"
        raise InvalidDateError(f"Ngày không hợp lệ: «{text}» ({reason}).")
    return date(year, month, day)


def _date_from_match(m: re.Match, default_year: int | None, text: str) -> date:
    g = m.groupdict()
    if g.get("iy"):
        return _make_date(int(g["iy"]), int(g["im"]), int(g["id"]), text)
    if g.get("wd"):
        y = _year_of(g.get("wy") or g.get("wy2"), default_year, text)
        return _make_date(y, int(g["wm"]), int(g["wd"]), text)
    y = _year_of(g.get("ny"), default_year, text)
    return _make_date(y, int(g["nm"]), int(g["nd"]), text)


def parse_date(text: str, default_year: int | None = None) -> date:
    """Read one date; raise InvalidDateError naming the text and why it is wrong."""
    raw = _nfc(text or "").strip()
    cleaned = _fold(raw).strip(" \t\r\n*_.,;:")
    cleaned = re.sub(r"\s+", " ", cleaned)
    m = _DATE_FULL_RE.fullmatch(cleaned)
    if not m:
        raise InvalidDateError(
            f"Không đọc được ngày «{raw}»; các dạng được chấp nhận: {_ACCEPTED_DATES}."
        )
    return _date_from_match(m, default_year, raw)


# ---------------------------------------------------------------------------- periods

def _month_last(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_TRIG = (
    r"(?P<trig>(?:hoàn\s+thành\s+)?trước"
    r"|(?:hoàn\s+thành\s+)?chậm\s+nhất(?:\s+là)?(?:\s+vào)?"
    r"|(?:hoàn\s+thành\s+)?(?:cho\s+)?(?:đến|tới)(?:\s+hết)?"
    r"|(?:hoàn\s+thành\s+)?trong(?:\s+thời\s+gian)?"
    r"|(?:kể\s+)?từ|hết|hạn\s+chót|thời\s+hạn|hạn)"
)
_TRIG_SEP = r"(?:\s*:\s*|\s+)(?:là\s+)?"

_DAY_RE = re.compile(rf"(?<!\w)(?:{_TRIG}{_TRIG_SEP})?(?P<ngay>ngày\s+)?{_DATE}")
_MONTH_RE = re.compile(
    rf"(?<!\w)(?:{_TRIG}{_TRIG_SEP})?tháng\s+(?P<m1>\d{{1,2}})"
    rf"(?:\s*(?:{_DASH}|đến|và)\s*(?:tháng\s+)?(?P<m2>\d{{1,2}}))?"
    r"(?:\s*/\s*(?P<y>\d{4})|(?:\s*,)?\s*năm\s+(?P<y2>\d{4}))?(?![\d/])"
)
_QUARTER_RE = re.compile(
    rf"(?<!\w)(?:{_TRIG}{_TRIG_SEP})?q(?:uý|úy|uí|úi)\s+(?P<q>iv|i{{1,3}}|[1-4])(?!\w)"
    r"(?:\s*/\s*(?P<y>\d{4})|(?:\s*,)?\s*năm\s+(?P<y2>\d{4}))?(?!\d)"
)
_YEAR_RE = re.compile(
    rf"(?<!\w)(?:{_TRIG}{_TRIG_SEP})?năm\s+(?P<y1>\d{{4}})"
    rf"(?:\s*(?:{_DASH}|đến)\s*(?:năm\s+)?(?P<y2>\d{{4}}))?(?!\d)"
)
# "Thực hiện trong thời gian 2 năm (2022 - 2023)", "giai đoạn 2022 - 2025"
_SPAN_RE = re.compile(
    r"(?<!\w)(?:(?:thực\s+hiện\s+)?trong\s+thời\s+gian\s+\d{1,2}\s+năm\s*\(\s*(?:năm\s+)?"
    rf"(?P<a1>\d{{4}})\s*(?:{_DASH}|đến)\s*(?:năm\s+)?(?P<a2>\d{{4}})\s*\)"
    r"|giai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?"
    rf"(?P<b1>\d{{4}})\s*(?:{_DASH}|đến)\s*(?:năm\s+)?(?P<b2>\d{{4}}))(?!\d)"
)


def _trig_class(trig: str | None) -> str:
    if not trig:
        return "bare"
    t = re.sub(r"\s+", " ", trig)
    if "trước" in t:
        return "before"
    if "chậm nhất" in t or "hạn" in t:
        return "on"
    if "đến" in t or "tới" in t or t == "hết":
        return "until"
    if "trong" in t:
        return "in"
    return "from"  # từ, kể từ


@dataclass
class _Cand:
    start: int
    end: int
    kind: DeadlineKind
    due: date | None = None
    begin: date | None = None
    cls: str = ""  # trigger class for dates: before / on / until / in / from / bare
    pstart: date | None = None  # the period named (for merging ranges)


def _period_cand(s: int, e: int, cls: str, pstart: date, pend: date) -> _Cand:
    if cls == "before":
        return _Cand(s, e, DeadlineKind.DATE, due=pstart - timedelta(days=1), cls=cls)
    if cls == "from":
        return _Cand(s, e, DeadlineKind.DATE, due=None, begin=pstart, cls=cls, pstart=pstart)
    begin = pstart if (cls in ("in", "bare") and pstart != pend) else None
    return _Cand(s, e, DeadlineKind.DATE, due=pend, begin=begin, cls=cls, pstart=pstart)


_DOCREF_BEFORE_RE = re.compile(
    r"(?:\d+\s*[/\-]\s*\S*[^\W\d_]\S*|\d+/\d{4}/\S+)[\s,]*\Z"
)
_DOCREF_AFTER_RE = re.compile(r"\s*(?:của|do|về\s+việc|v/v)(?!\w)")
_SIGNING_BEFORE_RE = re.compile(r"[A-ZĐ][^\s,]*\s*,\s*\Z")


def _is_docref(text: str, folded: str, s: int, e: int, word_form: bool) -> bool:
    before = text[max(0, s - 60):s]
    if _DOCREF_BEFORE_RE.search(before):
        return True
    if _DOCREF_AFTER_RE.match(folded, e):
        return True
    if word_form and _SIGNING_BEFORE_RE.search(before):
        return True
    return False


def _scan_dates(text: str, folded: str, doc_year: int | None, strict: bool) -> list[_Cand]:
    out: list[_Cand] = []

    def attempt(fn):
        try:
            c = fn()
        except InvalidDateError:
            if strict:
                raise
            return
        if c is not None:
            out.append(c)

    for m in _DAY_RE.finditer(folded):
        def day(m=m):
            cls = _trig_class(m.group("trig"))
            has_ngay = m.group("ngay") is not None
            s, e = m.span()
            if cls == "bare":
                if not has_ngay and not strict:
                    return None
                if has_ngay and _is_docref(text, folded, s, e, m.group("wd") is not None):
                    return None
            if cls == "in" and not has_ngay and not strict:
                return None
            d = _date_from_match(m, doc_year, text[m.start("ngay") if has_ngay else s:e].strip())
            return _period_cand(s, e, cls, d, d)
        attempt(day)

    for m in _MONTH_RE.finditer(folded):
        def month(m=m):
            cls = _trig_class(m.group("trig"))
            if cls == "bare" and not strict:
                return None
            s, e = m.span()
            raw = text[s:e]
            y = _year_of(m.group("y") or m.group("y2"), doc_year, raw)
            m1 = int(m.group("m1"))
            m2 = int(m.group("m2") or m1)
            for mm in (m1, m2):
                if not 1 <= mm <= 12:
                    raise InvalidDateError(
                        f"Ngày không hợp lệ: «{raw}» (không có tháng {mm}; tháng phải từ 1 đến 12)."
                    )
            if m2 < m1:
                raise InvalidDateError(f"Ngày không hợp lệ: «{raw}» (tháng {m2} đứng trước tháng {m1}).")
            return _period_cand(s, e, cls, date(y, m1, 1), _month_last(y, m2))
        attempt(month)

    for m in _QUARTER_RE.finditer(folded):
        def quarter(m=m):
            cls = _trig_class(m.group("trig"))
            if cls == "bare" and not strict:
                return None
            s, e = m.span()
            q = m.group("q")
            qn = _ROMAN[q] if q in _ROMAN else int(q)
            y = _year_of(m.group("y") or m.group("y2"), doc_year, text[s:e])
            return _period_cand(s, e, cls, date(y, 3 * qn - 2, 1), _month_last(y, 3 * qn))
        attempt(quarter)

    for m in _YEAR_RE.finditer(folded):
        def year(m=m):
            cls = _trig_class(m.group("trig"))
            if cls == "bare" and not strict:
                return None
            s, e = m.span()
            y1 = int(m.group("y1"))
            y2 = int(m.group("y2") or y1)
            if y2 < y1 or y1 < 1:
                raise InvalidDateError(f"Ngày không hợp lệ: «{text[s:e]}» (năm {y2} trước năm {y1}).")
            return _period_cand(s, e, cls, date(y1, 1, 1), date(y2, 12, 31))
        attempt(year)

    for m in _SPAN_RE.finditer(folded):
        def span(m=m):
            y1 = int(m.group("a1") or m.group("b1"))
            y2 = int(m.group("a2") or m.group("b2"))
            if y2 < y1 or y1 < 1:
                raise InvalidDateError(f"Ngày không hợp lệ: «{text[m.start():m.end()]}» (năm {y2} trước năm {y1}).")
            return _period_cand(m.start(), m.end(), "in", date(y1, 1, 1), date(y2, 12, 31))
        attempt(span)
    return out


# ---------------------------------------------------------------------------- non-date kinds

_TX_RE = re.compile(r"(?<!\w)thường\s+xuyên(?!\w)")
_TX_TASK_BEFORE = re.compile(r"xác\s+định\s+(?:đây\s+)?là\s+(?:một\s+)?nhiệm\s+vụ\s+\Z")
_TX_FIELD_BEFORE = re.compile(r"(?:thời\s+gian\s+thực\s+hiện|thời\s+hạn)\s*:?[\s*_]*\Z")
_CLAUSE_START_BEFORE = re.compile(
    r"(?:\A|[.;:!?\n(]|^[ \t>#]*(?:[-+•–]|[a-zđ]\)|\d+(?:\.\d+)*\.?\)?|[ivxlc]+\.)"
    r"|(?<!\w)đồng\s+thời\s*,?)[\s*_\"“]*\Z",
    re.MULTILINE,
)
_TX_EXTEND = re.compile(r"\s*,\s*(?:định\s+kỳ|liên\s+tục)(?!\w)")
_ACTION_VERBS = (
    "kiểm tra|rà soát|theo dõi|tổ chức|cập nhật|tuyên truyền|đôn đốc|giám sát|báo cáo|đánh giá|"
    "nắm|phối hợp|thông tin|cung cấp|chỉ đạo|tuần tra|triển khai|thực hiện|quán triệt|trao đổi|"
    "chủ động|nghiêm túc|tiến hành|bám sát|duy trì|tập huấn|củng cố|kiện toàn|xây dựng|vận động|"
    "hướng dẫn|phổ biến|nhắc nhở|thanh tra|xử lý|tham mưu|làm việc|khảo sát|vệ sinh|khử khuẩn|"
    "nâng cao|tăng cường|quan tâm|chăm lo|liên hệ|trực|truyền thông|phát hiện|điều chỉnh"
)
_TX_VERB_AFTER = re.compile(
    r"(?:\s*,\s*(?:định\s+kỳ|liên\s+tục|chủ\s+động))*\s+(?:" + _ACTION_VERBS.replace(" ", r"\s+") + r")(?!\w)"
)
_TX_EXEC_BEFORE = re.compile(
    r"(?:(?:tổ\s+chức\s+)?(?:triển\s+khai\s+)?(?:thực\s+hiện|tiến\s+hành|triển\s+khai)\s+)\Z"
)
_TX_DUYTRI_BEFORE = re.compile(r"duy\s+trì\s+\Z")
_CLAUSE_END_AFTER = re.compile(
    r"(?:\s*,\s*(?:liên\s+tục|lâu\s+dài|định\s+kỳ))?[\s*_]*(?:[.;!?\n)\"”]|\Z)"
)
_PERIODIC_RE = re.compile(
    r"(?<!\w)định\s+kỳ\s+(?:"
    r"(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)"
    r"|(?:vào\s+)?(?:các\s+)?ngày\s+\d{1,2}(?:\s*(?:,|và)\s*\d{1,2}){0,5}\s+(?:hằng|hàng|mỗi)\s+(?:tháng|tuần|quý)"
    r"|\d{1,2}\s+(?:ngày|tuần|tháng)(?:\s*(?:/|một)\s*lần)?"
    r")(?!\w)"
)
_EACH_RE = re.compile(r"(?<!\w)(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm)(?!\w)")

_IMM_RE = re.compile(
    r"(?<!\w)(?:(?:tổ\s+chức\s+)?(?:triển\s+khai\s+)?(?:thực\s+hiện\s+)?)?"
    r"(?P<w>ngay(?:\s+lập\s+tức)?|khẩn\s+trương)(?!\w)"
)
_NGAY_COND_AFTER = re.compile(
    r"\s+(?:khi|sau|tại|từ|trong|cả|đầu|bên|cạnh|trên|dưới|nếu|giữa|lúc|thời\s+điểm|sát|ở|hôm|"
    r"trước|khi|lúc|đó|chỗ|tức\s+khắc\s+khi)(?!\w)"
)
_KICH_HOAT_BEFORE = re.compile(r"kích\s+hoạt\s+\Z")
_COND_IN_CLAUSE = re.compile(r"(?<!\w)(?:trường\s+hợp|nếu|khi|sẵn\s+sàng)(?!\w)")

_UNTIL_EVENT_RE = re.compile(
    r"(?<!\w)(?:(?:cho\s+)?(?:đến|tới)\s+(?:khi|lúc)(?!\w)[^.;,\n()]{1,80}"
    r"|trong\s+(?:suốt\s+)?(?:thời\s+gian|giai\s+đoạn)\s+(?:có|còn|xảy\s+ra|diễn\s+ra)\s+dịch"
    r"(?:\s+bệnh)?(?:\s+covid(?:\s*-\s*19)?)?(?!\w))"
)


def _clause_start(folded: str, s: int) -> int:
    lo = max(0, s - 200)
    for i in range(s - 1, lo - 1, -1):
        if folded[i] in ".;!?\n":
            return i + 1
    return lo


def _scan_other(text: str, folded: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _TX_RE.finditer(folded):
        s, e = m.span()
        lo = max(0, s - 80)
        rec = False
        if mm := _TX_TASK_BEFORE.search(folded, lo, s):
            s, rec = mm.start(), True
        elif _TX_FIELD_BEFORE.search(folded, lo, s):
            rec = True
        elif _CLAUSE_START_BEFORE.search(folded, lo, s):
            rec = True
        elif _TX_VERB_AFTER.match(folded, e):
            rec = True
        elif (mm := _TX_EXEC_BEFORE.search(folded, lo, s)) and _CLAUSE_END_AFTER.match(folded, e):
            s, rec = mm.start(), True
        elif mm := _TX_DUYTRI_BEFORE.search(folded, lo, s):
            s, rec = mm.start(), True
        if rec:
            if ext := _TX_EXTEND.match(folded, e):
                e = ext.end()
            out.append(_Cand(s, e, DeadlineKind.RECURRING))
    for m in _PERIODIC_RE.finditer(folded):
        out.append(_Cand(m.start(), m.end(), DeadlineKind.RECURRING))
    for m in _EACH_RE.finditer(folded):
        if _CLAUSE_START_BEFORE.search(folded, max(0, m.start() - 80), m.start()):
            out.append(_Cand(m.start(), m.end(), DeadlineKind.RECURRING))
    for m in _IMM_RE.finditer(folded):
        ws, we = m.span("w")
        word = m.group("w")
        if word.startswith("ngay") and "lập" not in word and _NGAY_COND_AFTER.match(folded, we):
            continue
        if _KICH_HOAT_BEFORE.search(folded, max(0, ws - 20), ws):
            continue
        if _COND_IN_CLAUSE.search(folded, _clause_start(folded, m.start()), m.start()):
            continue
        out.append(_Cand(m.start(), m.end(), DeadlineKind.IMMEDIATE))
    for m in _UNTIL_EVENT_RE.finditer(folded):
        s, e = m.span()
        while e > s and folded[e - 1] in " \t*_\"”":
            e -= 1
        out.append(_Cand(s, e, DeadlineKind.UNTIL_EVENT))
    return out


# ---------------------------------------------------------------------------- resolution

_RANK = {
    DeadlineKind.UNTIL_EVENT: 3,
    DeadlineKind.RECURRING: 2,
    DeadlineKind.IMMEDIATE: 1,
}
_RANGE_GAP = re.compile(r"[\s,]*(?:và\s+)?\Z")
_CHAIN_GAP = re.compile(r"[\s,]*(?:và\s+)?(?:(?:duy\s+trì|tiếp\s+tục)\s+)?[\s,]*\Z")


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Drop overlaps (longer first at the same start), then merge adjacent expressions."""
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Cand] = []
    last_end = -1
    for c in cands:
        if c.start >= last_end:
            kept.append(c)
            last_end = c.end
    return kept


def _merge(kept: list[_Cand], folded: str) -> list[_Cand]:
    merged: list[_Cand] = []
    for c in kept:
        if merged:
            p = merged[-1]
            gap = folded[p.end:c.start]
            if (
                p.kind is DeadlineKind.DATE and c.kind is DeadlineKind.DATE
                and p.cls in ("in", "from", "bare") and c.cls == "until"
                and _RANGE_GAP.match(gap) and c.due is not None
                and (p.pstart is None or p.pstart <= c.due)
            ):
                merged[-1] = _Cand(p.start, c.end, DeadlineKind.DATE, due=c.due,
                                   begin=p.pstart, cls="range", pstart=p.pstart)
                continue
            if p.kind in _RANK and c.kind in _RANK and _CHAIN_GAP.match(gap):
                kind = p.kind if _RANK[p.kind] >= _RANK[c.kind] else c.kind
                merged[-1] = _Cand(p.start, c.end, kind)
                continue
        merged.append(c)
    return merged


def _choose(merged: list[_Cand]) -> _Cand | None:
    dates = [c for c in merged if c.kind is DeadlineKind.DATE and c.due is not None]
    if dates:
        return dates[0]
    others = [c for c in merged if c.kind in _RANK]
    if not others:
        return None
    best = max(_RANK[c.kind] for c in others)
    return next(c for c in others if _RANK[c.kind] == best)


def _to_deadline(c: _Cand, text: str) -> Deadline:
    phrase = text[c.start:c.end].strip()
    if c.kind is DeadlineKind.DATE:
        return Deadline(DeadlineKind.DATE, due=c.due, start=c.begin, phrase=phrase)
    return Deadline(c.kind, phrase=phrase)


def _fallback(period: Deadline | None) -> Deadline:
    if period is not None:
        return replace(period, inherited=True)
    return Deadline(DeadlineKind.NONE)


def _scan(text: str, doc_year: int | None, strict: bool) -> tuple[str, list[_Cand], list[_Cand]]:
    folded = _fold(text)
    cands = _scan_dates(text, folded, doc_year, strict) + _scan_other(text, folded)
    kept = _select(cands)
    return folded, kept, _merge(kept, folded)


# ---------------------------------------------------------------------------- public

_EXAMPLES = (
    "«trước ngày 20/8/2021», «chậm nhất là ngày 18/8/2021», «ngày 16/8/2021», "
    "«trong tháng 8/2021», «trong tháng 8 - 9/2021», «đến hết tháng 4/2022», "
    "«trước tháng 9/2022», «đến hết quý I năm 2022», «năm 2022 - 2023», «thường xuyên», "
    "«ngay», «khẩn trương», «cho đến khi công bố hết dịch»"
)

_FILLER_RE = re.compile(
    r"(?<!\w)(?:thời\s+gian\s+thực\s+hiện|thời\s+gian|thời\s+hạn|hoàn\s+thành|thực\s+hiện|"
    r"triển\s+khai|tổ\s+chức|bắt\s+đầu|duy\s+trì|tiếp\s+tục|báo\s+cáo|xong|là|và|cho|hết|phải)(?!\w)"
)


def parse_deadline(
    phrase: str, *, doc_year: int | None = None, period: Deadline | None = None
) -> Deadline:
    """Strict: the whole phrase must be a deadline expression.

    Raises DeadlinePhraseError for words the grammar does not know, InvalidDateError for a date
    that does not exist or lacks a year (with no ``doc_year``)."""
    text = _nfc(phrase or "").strip()
    if not text.strip(" \t\r\n*_.,;:-–"):
        return _fallback(period)
    folded, kept, merged = _scan(text, doc_year, strict=True)
    rest = []
    pos = 0
    for c in kept:
        rest.append(folded[pos:c.start])
        pos = c.end
    rest.append(folded[pos:])
    leftover = _FILLER_RE.sub(" ", " ".join(rest))
    chosen = _choose(merged)
    if chosen is None or re.search(r"\w", leftover):
        raise DeadlinePhraseError(
            f"Không hiểu thời hạn «{text}». Các dạng được chấp nhận, ví dụ: {_EXAMPLES}."
        )
    return _to_deadline(chosen, text)


def find_deadline(
    text: str, *, doc_year: int | None = None, period: Deadline | None = None
) -> Deadline:
    """Lenient: the deadline expression inside a longer sentence, or the period / NONE."""
    if not isinstance(text, str) or not text:
        return _fallback(period)
    nfc = _nfc(text)
    try:
        _, _, merged = _scan(nfc, doc_year, strict=False)
    except (InvalidDateError, ValueError, OverflowError):  # pragma: no cover - defensive
        return _fallback(period)
    chosen = _choose(merged)
    if chosen is None:
        return _fallback(period)
    return _to_deadline(chosen, nfc)


_PERIOD_FIELD_RE = re.compile(
    r"(?<!\w)thời\s+gian\s+thực\s+hiện\s*:?[\s*_]*(?:trong\s+)?(?:từ\s+)?(?:năm\s+)?(?P<y1>\d{4})"
    rf"(?:\s*(?:{_DASH}|đến)\s*(?:năm\s+)?(?P<y2>\d{{4}}))?(?!\d)"
)
_PERIOD_BARE_RE = re.compile(
    r"(?:trong\s+)?(?:(?:năm\s+)(?P<y1>\d{4})(?:\s*(?:[-–—]|đến)\s*(?:năm\s+)?(?P<y2>\d{4}))?"
    r"|(?P<r1>\d{4})\s*[-–—]\s*(?P<r2>\d{4}))"
)


def _period_deadline(y1: int, y2: int | None, phrase: str) -> Deadline | None:
    y2 = y2 or y1
    if not (1900 <= y1 <= y2 <= 2200):
        return None
    return Deadline(DeadlineKind.DATE, due=date(y2, 12, 31), start=date(y1, 1, 1),
                    phrase=phrase.strip(" \t*_.,;:"))


def parse_period(text: str, *, doc_year: int | None = None) -> Deadline | None:
    """A directive's own period ("THỜI GIAN THỰC HIỆN: Năm 2022 - 2023") or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    nfc = _nfc(text)
    folded = _fold(nfc)
    if m := _PERIOD_FIELD_RE.search(folded):
        return _period_deadline(int(m["y1"]), int(m["y2"]) if m["y2"] else None, nfc[m.start():m.end()])
    if m := _SPAN_RE.search(folded):
        y1 = int(m["a1"] or m["b1"])
        y2 = int(m["a2"] or m["b2"])
        return _period_deadline(y1, y2, nfc[m.start():m.end()])
    stripped = folded.strip(" \t\r\n*_.,;:#")
    stripped = re.sub(r"^(?:[ivxlc]+|\d+)\.\s*", "", stripped)
    offset = folded.find(stripped)
    if m := _PERIOD_BARE_RE.fullmatch(stripped):
        y1 = int(m["y1"] or m["r1"])
        y2 = m["y2"] or m["r2"]
        return _period_deadline(y1, int(y2) if y2 else None, nfc[offset:offset + len(stripped)])
    return None
