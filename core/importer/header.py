"""Where each document of a file starts, and what its header says.

A file may hold several documents (a cover letter carrying two conclusions, seed 003) or one
document with an attachment (a decision carrying its plan, seed 000: one document). A new
document starts at a title ("KẾT LUẬN", "KẾ HOẠCH"…) once the current one has a body, unless
the title is an attachment ("(Kèm theo Quyết định số …)"). Its header — issuer lines, number,
place and date — is read from the lines around the title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from core.deadlines import parse_period
from core.docnumber import DOC_TYPES, find_doc_numbers, parse_doc_number
from core.errors import DondocError
from core.importer.lines import Line
from core.periods import cycle_from_phrase
from core.text import canonical_tones, fold

__all__ = ["Segment", "segment_documents", "Header", "read_header"]

_TITLES = {
    "ke hoach": "Kế hoạch", "quyet dinh": "Quyết định", "chi thi": "Chỉ thị", "ket luan": "Kết luận",
    "nghi quyet": "Nghị quyết", "thong bao": "Thông báo", "cong van": "Công văn", "bao cao": "Báo cáo",
    "huong dan": "Hướng dẫn", "cong dien": "Công điện", "chuong trinh": "Chương trình",
    "to trinh": "Tờ trình", "quy che": "Quy chế", "quy dinh": "Quy định", "phuong an": "Phương án",
    "de an": "Đề án",
}
_MOTTO = re.compile(r"^(?:cong hoa xa hoi chu nghia viet nam|doc lap\W+tu do\W+hanh phuc|dang cong san viet nam)")
_NUMBER_LINE = re.compile(r"^(?:Số|SỐ|So)\s*[:.]?\s*(?P<rest>.*)$")
_DATE_LINE = re.compile(
    r"^(?P<place>[^,\d]{2,40}?)\s*,\s*[Nn]gày\s*(?P<d>[\d.…_ ]*?)\s*tháng\s*(?P<m>[\d.…_ ]*?)\s*năm\s*(?P<y>\d{4})"
)
_ATTACH = re.compile(
    r"^\(?\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo\s+(?:Quyết\s+định|Công\s+văn|Kế\s+hoạch|Nghị\s+quyết|Chỉ\s+thị|"
    r"Thông\s+báo|Văn\s+bản|Tờ\s+trình|Kết\s+luận)"
)
_APPENDIX = re.compile(r"^PHỤ\s+LỤC\b|^Phụ\s+lục(?:\s+\w+)?\s*$|^Phụ\s+lục\s*:")
_RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?", re.IGNORECASE)
_KINH_GUI = re.compile(r"^Kính\s+gửi\s*:?", re.IGNORECASE)
_VV = re.compile(r"^(?:V/v|V/V|Về\s+việc)\s*:?\s*(?P<s>.*)$")
_PREAMBLE = re.compile(
    r"^(?:Căn\s+cứ|Thực\s+hiện|Theo|Triển\s+khai|Ngày\s+\d|Để|Nhằm|Trên\s+cơ\s+sở|Qua|Sau\s+khi|"
    r"Thời\s+gian\s+qua|Hiện\s+nay|Xét|Nhận\s+được|Trong\s+thời\s+gian|Tiếp\s+theo|Vừa\s+qua)(?!\w)"
)
_SIGN_TITLES = re.compile(
    r"^(?:TM\.?|KT\.?|Q\.|TL\.?|TUQ\.?|T/M|K/T)\s|^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|BÍ\s+THƯ|GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|"
    r"CHÁNH\s+VĂN\s+PHÒNG|PHÓ\s+TRƯỞNG\s+BAN)\b"
)
_HEADS_CAPS = re.compile(
    r"^(?:BAN|SỞ|ỦY BAN|UỶ BAN|UBND|VĂN PHÒNG|BỘ|CÔNG AN|HỘI ĐỒNG|ĐẢNG ỦY|ĐẢNG UỶ|TỈNH ỦY|TỈNH UỶ|"
    r"THÀNH ỦY|HUYỆN ỦY|CỤC|TRUNG TÂM|BAN CHỈ ĐẠO|THANH TRA|CHI CỤC)\b"
)
_LOCALITY_CAPS = re.compile(r"^(?:TỈNH|HUYỆN|THÀNH PHỐ|THỊ XÃ|XÃ|PHƯỜNG|QUẬN|THỊ TRẤN)\b(?!\s+(?:ỦY|UỶ)\b)")


def is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def title_of(line: Line) -> str | None:
    """The document type a title line announces ("KẾ HOẠCH" → "Kế hoạch"), else None."""
    if line.blank or line.cells is not None or line.labelled:
        return None
    s = line.text.strip()
    if not is_caps(s) or s.endswith(":") or len(s.split()) > 14:
        return None
    f = fold(s)
    for key, name in _TITLES.items():
        if f == key or (f.startswith(key + " ") and len(key.split()) <= len(f.split())):
            rest = f[len(key):].strip()
            if not rest or rest.startswith("cua ") or len(rest.split()) >= 2:
                return name
    return None


@dataclass
class Segment:
    """One document: line range, title line, and where its parts are."""

    start: int
    end: int  # exclusive
    title: int | None = None  # index into lines
    attachments: list[int] = field(default_factory=list)  # title lines of attached documents


def _has_body(lines: list[Line], lo: int, hi: int) -> bool:
    for ln in lines[lo:hi]:
        if ln.label_kind in ("roman", "num", "dieu") and not ln.blank:
            return True
    return False


def _is_attachment(lines: list[Line], t: int) -> bool:
    seen = 0
    for ln in lines[t + 1:t + 12]:
        if ln.blank:
            continue
        if _ATTACH.match(ln.text):
            return True
        seen += 1
        if seen >= 4:
            break
    return False


def _header_like(ln: Line) -> bool:
    if ln.blank or ln.cells is not None:
        return True
    s = ln.text
    return bool(is_caps(s) or _NUMBER_LINE.match(s) or _DATE_LINE.match(s) or _MOTTO.match(fold(s)))


def segment_documents(lines: list[Line]) -> list[Segment]:
    titles = [i for i, ln in enumerate(lines) if title_of(ln)]
    segments = [Segment(0, len(lines))]
    for t in titles:
        cur = segments[-1]
        if cur.title is None and not _has_body(lines, cur.start, t):
            cur.title = t
            continue
        if not _has_body(lines, cur.start, t) or (cur.title is not None and t - cur.title < 4):
            continue
        if _is_attachment(lines, t):
            cur.attachments.append(t)
            continue
        # Walk back over the new document's header lines (issuer, number, date, motto).
        start = t
        k = t - 1
        steps = 0
        while k > cur.start and steps < 25:
            ln = lines[k]
            if not _header_like(ln) or (not ln.blank and _SIGN_TITLES.match(ln.text)):
                break
            if not ln.blank:
                start = k
            k -= 1
            steps += 1
        cur.end = start
        segments.append(Segment(start, len(lines), title=t))
    return segments


# --------------------------------------------------------------------------- header fields

@dataclass
class Header:
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    signed_on: date | None = None
    place: str | None = None
    summary: str | None = None
    year: int | None = None
    body_start: int = 0  # first line of the body (preamble included)
    issuer_from_title: bool = False
    notes: dict[str, str] = field(default_factory=dict)


def _clean_number(rest: str) -> tuple[str | None, str | None]:
    """(number as printed, type code) from the text after "Số:"; number None when blank."""
    s = re.sub(r"\s+", " ", rest).strip().rstrip(".,;")
    s = re.sub(r"^[.…_ ]+(?=/)", "", s)
    s = re.sub(r"\s*([/\-])\s*", r"\1", s)
    m = re.match(r"^(\S+)", s)
    if not m:
        return None, None
    token = m.group(1)
    code = None
    cm = re.search(r"/([^\W\d_]+)-", token) or re.search(r"^\d+-([^\W\d_]+)/", token)
    if cm:
        code = cm.group(1)
    if token.startswith("/"):
        return None, code
    try:
        dn = parse_doc_number(token)
    except DondocError:
        return None, None
    return token, dn.type_code or code


_CAP_WORDS = {
    "ubnd": "UBND", "hđnd": "HĐND", "mttq": "MTTQ",
}
_PHRASES = [
    "Ban Chỉ đạo", "Ban Thường vụ", "Ban Chấp hành", "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Đảng bộ",
    "Mặt trận Tổ quốc Việt Nam", "Hội đồng nhân dân", "Văn phòng", "Bộ Chỉ huy Quân sự",
    "Ban Tuyên giáo", "Ban Dân vận", "Công an", "Sở", "Ủy ban Mặt trận Tổ quốc", "Ủy ban",
]


def caps_to_name(s: str) -> str:
    """"ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" → "UBND tỉnh Bắc Giang"."""
    s = canonical_tones(" ".join(s.split())).strip(" ,.;:")
    s = re.sub(r"(?i)ủy ban nhân dân", "UBND", s)
    words = s.split()
    out: list[str] = []
    for w in words:
        lw = w.lower()
        if lw in _CAP_WORDS:
            out.append(_CAP_WORDS[lw])
        elif w.isupper() and any(ch.isdigit() for ch in w):
            out.append(w)
        else:
            out.append(lw)
    s = " ".join(out)
    for ph in _PHRASES:
        s = re.sub(r"(?<!\w)" + re.escape(ph.lower()) + r"(?!\w)", ph, s)
    # Place names after a locality word are title-cased: "tỉnh bắc giang" → "tỉnh Bắc Giang".
    s = re.sub(
        r"(?<!\w)(tỉnh|huyện|thành phố|thị xã|quận|Tỉnh ủy|Thành ủy|Huyện ủy)((?:\s+(?!ủy\b)[^\W\d_]+)+)$",
        lambda m: m.group(1) + "".join(" " + x[:1].upper() + x[1:] for x in m.group(2).split()), s,
    )
    return s[:1].upper() + s[1:] if s else s


def _issuer_from_caps(lines: list[str]) -> str | None:
    names: list[str] = []
    for s in lines:
        if names and (names[-1].endswith(",") or _LOCALITY_CAPS.match(s) or not _HEADS_CAPS.match(s)):
            names[-1] = names[-1] + " " + s
        else:
            names.append(s)
    if not names:
        return None
    return caps_to_name(names[-1])


_ISSUER_IN_BODY = re.compile(
    r"(?P<u>(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?:tỉnh|huyện|thành\s+phố|thị\s+xã|xã)"
    r"(?:\s+[A-ZĐ][^\s,.;]*){0,3})\s+ban\s+hành"
)


def read_header(lines: list[Line], seg: Segment) -> Header:
    h = Header(body_start=seg.start)
    t = seg.title
    lo, hi = seg.start, seg.end
    if t is not None:
        h.doc_type = title_of(lines[t])
    # The header zone: up to the first labelled line or preamble sentence after the title.
    zone_end = hi
    summary: list[str] = []
    after_title = t if t is not None else lo - 1
    k = after_title + 1
    if t is not None:
        # Summary lines follow the title; "CỦA BAN THƯỜNG VỤ TỈNH ỦY" names the issuer.
        first = True
        while k < hi:
            ln = lines[k]
            if ln.blank:
                k += 1
                continue
            s = ln.text
            if ln.labelled or ln.cells is not None or _NUMBER_LINE.match(s) or _DATE_LINE.match(s) \
                    or _MOTTO.match(fold(s)) or _KINH_GUI.match(s) or _ATTACH.match(s):
                break
            if is_caps(s) and s.startswith(("CỦA ", "Của ")) and _HEADS_CAPS.match(s[4:].strip()):
                if h.issuer is None:
                    h.issuer = caps_to_name(s[4:])
                    h.issuer_from_title = True
                k += 1
                continue
            continues = s[:1].islower() or s[:1].isdigit() or (is_caps(s) and summary and is_caps(summary[-1])
                                            and not _HEADS_CAPS.match(s))
            if not first and not continues:
                break
            if not first and _PREAMBLE.match(s):
                break
            if first and is_caps(s) and _HEADS_CAPS.match(s) and len(s.split()) <= 8:
                break  # the enacting authority ("ỦY BAN NHÂN DÂN TỈNH TRÀ VINH"), not a summary
            summary.append(s)
            first = False
            k += 1
    for j in range(max(lo, k), hi):
        ln = lines[j]
        if ln.blank or ln.cells is not None:
            continue
        s = ln.text
        if ln.label_kind in ("roman", "num", "dieu", "letter"):
            zone_end = j
            break
        if _PREAMBLE.match(s) or (not is_caps(s) and len(s.split()) >= 25 and not _VV.match(s)):
            zone_end = j
            break
    h.body_start = zone_end
    pre_title: list[str] = []
    for j in range(lo, zone_end):
        ln = lines[j]
        if ln.blank or ln.cells is not None:
            continue
        s = ln.text
        if h.number is None and (m := _NUMBER_LINE.match(s)):
            number, code = _clean_number(m.group("rest"))
            if number or code:
                h.number = number
                if h.doc_type is None and code:
                    h.doc_type = DOC_TYPES.get(code) or DOC_TYPES.get(code.replace("D", "Đ"))
                    try:
                        if number and parse_doc_number(number).shape == "letter":
                            h.doc_type = "Công văn"
                    except DondocError:
                        pass
            continue
        if h.place is None and (m := _DATE_LINE.match(s)):
            h.place = m.group("place").strip(" *")
            h.year = int(m.group("y"))
            d, mo = m.group("d").strip(), m.group("m").strip()
            if d.isdigit() and mo.isdigit():
                try:
                    h.signed_on = date(h.year, int(mo), int(d))
                except ValueError:
                    h.notes["signed_on"] = f"Ngày ký «{s}» không hợp lệ."
            continue
        if (m := _VV.match(s)) and not summary:
            summary.append(m.group("s"))
            for ln2 in lines[j + 1:j + 4]:
                if ln2.blank or not ln2.text[:1].islower():
                    break
                summary.append(ln2.text)
            if h.doc_type is None:
                h.doc_type = "Công văn"
            continue
        if (t is None or j < t) and is_caps(s) and not _MOTTO.match(fold(s)) and not title_of(ln) \
                and not _SIGN_TITLES.match(s) and not s.startswith(("KÍNH GỬI", "V/V")):
            pre_title.append(s)
    if h.issuer is None:
        h.issuer = _issuer_from_caps(pre_title)
    if h.issuer is None:
        text = " ".join(lines[j].text for j in range(zone_end, min(hi, zone_end + 30)) if not lines[j].blank)
        m = _ISSUER_IN_BODY.search(text)
        if m:
            u = re.sub(r"(?i)ủy ban nhân dân|uỷ ban nhân dân", "UBND", m.group("u"))
            if re.fullmatch(r"UBND\s+tỉnh", u) and h.place:
                u = f"{u} {h.place}"
            h.issuer = u
    if h.doc_type is None and h.number:
        try:
            h.doc_type = parse_doc_number(h.number).doc_type
        except DondocError:
            pass
    if h.year is None and h.number:
        try:
            h.year = parse_doc_number(h.number).year
        except DondocError:
            pass
    if summary and all(is_caps(x) for x in summary):
        summary = [caps_to_name(" ".join(summary))]
    elif summary:
        first = caps_to_name(summary[0]) if is_caps(summary[0]) else summary[0]
        summary = [first] + [x.lower() if is_caps(x) else x for x in summary[1:]]
    h.summary = " ".join(" ".join(summary).split()) or None
    return h


# --------------------------------------------------------------------------- body-level fields

_REF_RE = re.compile(
    r"(?P<type>Nghị\s+quyết|Quyết\s+định|Chỉ\s+thị|Kết\s+luận|Kế\s+hoạch|Công\s+văn|Thông\s+báo|Công\s+điện|"
    r"Nghị\s+định|Thông\s+tư|Chương\s+trình|Hướng\s+dẫn|Văn\s+bản|Thông\s+tri)\s+(?:số\s*:?\s*)?"
    r"(?P<num>\d[\w/\-.]*[\w])(?P<date>\s+ngày\s+(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?"
)
_REF_OWNER = re.compile(r"\s+của\s+")
_REF_STOP = re.compile(
    r"\s+(?:về|ban\s+hành|tại|trên|nhằm|triển\s+khai|thực\s+hiện|như\s+sau|và|để|thì|phê\s+duyệt|quy\s+định|"
    r"hướng\s+dẫn|sửa\s+đổi|bổ\s+sung|đối\s+với|v/v|về\s+việc|giao|yêu\s+cầu)(?!\w)|[;.(:]|,\s+(?!chống)"
)
_PARENT_VERBS = re.compile(r"(?:^|[;.]\s*|\n)\s*(?:Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Theo)\s+(?!đề\s+nghị)", re.IGNORECASE)


def parent_references(texts: list[str]) -> list[str]:
    """Documents this one implements: "Thực hiện Nghị quyết số 38/NQ-CP ngày 17/3/2022 của
    Chính phủ …" → "Nghị quyết số 38/NQ-CP ngày 17/3/2022 của Chính phủ"."""
    out: list[str] = []
    seen: set[str] = set()
    for text in texts:
        if not text:
            continue
        for vm in _PARENT_VERBS.finditer(text):
            # the sentence that the verb opens
            end = len(text)
            stop = re.compile(r"[;]|\.\s").search(text, vm.end())
            if stop:
                end = stop.start()
            sentence = text[vm.end():end]
            for m in _REF_RE.finditer(sentence):
                num = m.group("num")
                if not find_doc_numbers(num) and not re.search(r"/", num):
                    continue
                ref = sentence[m.start():m.end()]
                rest = sentence[m.end():]
                om = _REF_OWNER.match(rest)
                if om:
                    sm = _REF_STOP.search(rest, om.end())
                    owner_end = sm.start() if sm else len(rest)
                    owner = rest[:owner_end]
                    if len(owner) <= 110:
                        ref += owner
                ref = " ".join(ref.split())
                key = fold(re.sub(r"\s", "", num))
                if key not in seen:
                    seen.add(key)
                    out.append(ref)
    return out




def find_period(summary: str | None, section_texts: list[str], year: int | None):
    """The directive's own period: a "THỜI GIAN THỰC HIỆN" section, else "giai đoạn 2021 -
    2025" or "năm 2021 - 2025" in the summary."""
    for text in section_texts:
        p = parse_period(text, doc_year=year)
        if p is not None:
            return p
    if summary:
        m = re.search(r"(?:giai\s+đoạn|năm)\s+(?:từ\s+)?\d{4}\s*(?:[-–]|đến)\s*(?:năm\s+)?\d{4}", summary)
        if m:
            return parse_period(summary[m.start():m.end()], doc_year=year)
    return None


_CYCLE_WORDS = re.compile(
    r"định\s+kỳ|(?:hằng|hàng|mỗi)\s+(?:tuần|tháng|quý|năm)|(?:6|sáu)\s+tháng\s+(?:một\s+lần|/\s*lần)"
    r"|ngày\s+\d{1,2}\s+(?:hằng|hàng)\s+tháng",
    re.IGNORECASE,
)
_TARGET = re.compile(r"báo\s+cáo(?:\s+\w+){0,4}?\s+(?:về|cho|lên|gửi)\s+(?P<t>[^,;.()]{2,60})", re.IGNORECASE)
_TARGET_OK = re.compile(
    r"UBND\s+tỉnh|Ủy\s+ban\s+nhân\s+dân\s+tỉnh|Uỷ\s+ban\s+nhân\s+dân\s+tỉnh|Ban\s+Chỉ\s+đạo|Ban\s+Thường\s+vụ|"
    r"Thường\s+trực|Tỉnh\s+ủy|Tỉnh\s+uỷ|Chủ\s+tịch|Văn\s+phòng|cơ\s+quan\s+ban\s+hành",
    re.IGNORECASE,
)


def find_reporting(texts: list[str], issuer: str | None):
    """The directive's own reporting duty: "định kỳ ngày 15 và 30 hàng tháng báo cáo kết quả
    về UBND tỉnh" → (cycle code, phrase). A unit's duty to report to someone else (a
    department) is not the directive's cycle."""
    best = None
    for text in texts:
        for clause in re.split(r"[.;\n]", text or ""):
            if "báo cáo" not in clause.lower():
                continue
            cw = _CYCLE_WORDS.search(clause)
            if not cw:
                continue
            tm = _TARGET.search(clause)
            if tm and not _TARGET_OK.search(tm.group("t")) and not (
                issuer and fold(issuer)[:12] and fold(issuer)[:12] in fold(tm.group("t"))
            ):
                continue
            phrase = clause[cw.start():].strip(" ,")
            if len(phrase) < 12 or "báo cáo" not in phrase.lower():
                # "báo cáo định kỳ hằng tháng": the cycle follows the verb
                rm = re.search(r"báo\s+cáo", clause, re.IGNORECASE)
                phrase = clause[min(rm.start(), cw.start()):].strip(" ,") if rm else phrase
            cycle = cycle_from_phrase(phrase)
            if cycle is None:
                continue
            best = (cycle.code, " ".join(phrase.split()))
    return best

