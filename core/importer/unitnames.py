"""Finding the units a sentence assigns work to, and writing their names one way.

A unit name starts with a head word ("Sở", "UBND", "Ban", "Công an", "Bộ Chỉ huy"…) and runs
until the predicate starts (a verb such as "chủ trì", "tham mưu", "triển khai"), a separator
followed by another unit, or punctuation. Departments are read against the list of sectors
("Sở Giao thông vận tải"), so their names end exactly. Group phrases ("các sở, ban, ngành
tỉnh", "UBND các huyện, thị xã, thành phố") are one unit; vague ones ("các cơ quan liên
quan", "chính quyền các cấp") are dropped, as DOMAIN.md asks.

Roles come from the sentence's shape:
- subject at the start of a clause, or after "Giao"/"Đề nghị" → lead ("Đề nghị" also marks
  the unit as requested rather than ordered);
- "X chủ trì, phối hợp (với) Y", "phối hợp (chặt chẽ) với Y" anywhere → Y coordinates;
- "do X chủ trì / làm trưởng đoàn" → X leads.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from core.text import fold
from core.units import ABBREVIATIONS, is_vague

__all__ = [
    "Assignment",
    "UnitReader",
    "canon_unit",
    "is_vague_unit",
    "suggest_units",
]

_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"

# --------------------------------------------------------------------------- sectors

SECTORS = [
    "Y tế", "Tài chính", "Kế hoạch và Đầu tư", "Nội vụ", "Tư pháp", "Công Thương",
    "Giao thông vận tải", "Xây dựng", "Tài nguyên và Môi trường", "Thông tin và Truyền thông",
    "Lao động - Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch", "Văn hóa và Thể thao",
    "Khoa học và Công nghệ", "Giáo dục và Đào tạo", "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường", "Ngoại vụ", "Du lịch", "Dân tộc và Tôn giáo", "Quốc phòng",
    "Công an", "Ngoại giao", "Khoa học, Công nghệ và Đổi mới sáng tạo", "Văn hóa, Thể thao",
    "Giáo dục", "Văn hóa", "Nông nghiệp", "Lao động", "Thông tin", "Giao thông - Vận tải",
    "Kế hoạch - Đầu tư", "Giao thông", "Tài nguyên - Môi trường",
]
_SECTOR_ALIASES = {
    "Giao thông - Vận tải": "Giao thông vận tải",
    "Kế hoạch - Đầu tư": "Kế hoạch và Đầu tư",
    "Tài nguyên - Môi trường": "Tài nguyên và Môi trường",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội", "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "LĐ-TBXH": "Lao động - Thương binh và Xã hội",
    "KH&ĐT": "Kế hoạch và Đầu tư", "KHĐT": "Kế hoạch và Đầu tư",
    "TT&TT": "Thông tin và Truyền thông", "TTTT": "Thông tin và Truyền thông",
    "VH,TT&DL": "Văn hóa, Thể thao và Du lịch", "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "VH-TT&DL": "Văn hóa, Thể thao và Du lịch",
    "GD&ĐT": "Giáo dục và Đào tạo", "GDĐT": "Giáo dục và Đào tạo",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn", "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "TN&MT": "Tài nguyên và Môi trường", "TNMT": "Tài nguyên và Môi trường",
    "GTVT": "Giao thông vận tải", "KH&CN": "Khoa học và Công nghệ", "KHCN": "Khoa học và Công nghệ",
}
# "ngành y tế" names the department ("Sở Y tế"); only whole sectors qualify.
_SECTOR_OF_NGANH = {
    "y tế": "Y tế", "giáo dục": "Giáo dục và Đào tạo", "giáo dục và đào tạo": "Giáo dục và Đào tạo",
    "tài chính": "Tài chính", "công thương": "Công Thương", "tư pháp": "Tư pháp",
    "giao thông vận tải": "Giao thông vận tải", "xây dựng": "Xây dựng", "nội vụ": "Nội vụ",
}


def _flex(name: str) -> str:
    out = []
    for tok in re.split(r"(\s*-\s*|\s*,\s*|\s*&\s*|\s+)", name):
        if not tok:
            continue
        if tok.strip() == "-":
            out.append(r"\s*[-–]\s*")
        elif tok.strip() == ",":
            out.append(r"\s*,\s*")
        elif tok.strip() == "&":
            out.append(r"\s*&\s*")
        elif tok.isspace():
            out.append(r"\s+")
        else:
            out.append(re.escape(tok))
    return "".join(out)


_ALL_SECTORS = sorted(set(SECTORS) | set(_SECTOR_ALIASES), key=len, reverse=True)
_SECTOR_RE = re.compile(
    r"(?P<sector>" + "|".join(_flex(s) for s in _ALL_SECTORS) + r")(?![\w&])", re.IGNORECASE
)
_SECTOR_CANON = {fold(s): _SECTOR_ALIASES.get(s, s) for s in _ALL_SECTORS}


def _canon_sector(text: str) -> str:
    key = fold(re.sub(r"\s*[-–]\s*", " - ", re.sub(r"\s*([,&])\s*", r"\1 ", text)).replace("& ", "&"))
    for s in _ALL_SECTORS:
        if fold(re.sub(r"\s*([,&])\s*", r"\1 ", s).replace("& ", "&")) == key:
            return _SECTOR_ALIASES.get(s, s)
    return _SECTOR_CANON.get(fold(text), text)


# --------------------------------------------------------------------------- lexicons

# Words that start the predicate after a subject ("Sở Y tế | chủ trì…"), lower case only.
_VERBS = """
chủ trì;phối hợp;chịu trách nhiệm;có trách nhiệm;tham mưu;triển khai;thực hiện;tổ chức;xây dựng;
hướng dẫn;theo;căn cứ;hoàn chỉnh;hoàn thành;hoàn thiện;báo cáo;chỉ đạo;tuyên truyền;thành lập;
lãnh đạo;nghiên cứu;tăng cường;đôn đốc;có;kiểm tra;thiết lập;củng cố;chuẩn bị;đánh giá;
tiếp tục;khẩn trương;rà soát;bố trí;cập nhật;lưu ý;cần;phải;đảm bảo;bảo đảm;quản lý;hỗ trợ;
theo dõi;giám sát;đề xuất;trình;ban hành;phân bổ;tập trung;chủ động;nắm;vận động;huy động;làm;
được;sẽ;đã;là;đẩy mạnh;nâng cao;xử lý;kịp thời;thường xuyên;định kỳ;duy trì;cung cấp;tiếp nhận;
kết nối;điều phối;phát huy;quán triệt;đề nghị;giao;yêu cầu;tạo;tham gia;sớm;ngay;khuyến khích;
mở rộng;phát động;ứng dụng;tầm soát;chăm lo;chăm sóc;xác định;lập;khảo sát;ưu tiên;tiến hành;
sửa đổi;bổ sung;công bố;kiện toàn;quyết định;điều chỉnh;thống kê;tổng hợp;mua sắm;thẩm định;
kiên quyết;ra;chịu;trong;tại;để;nhằm;về;với;khi;trên;đối với;cùng với;cho;nhưng;mà;thì;hoặc;
gửi;tuyên;biên soạn;phát hành;in;đăng;vừa;luôn;tích cực;nghiêm túc;quyết liệt;cũng;đều;chưa;
không;tự;bám sát;hằng;hàng;sắp xếp;giải quyết;thanh tra;xem xét;phê duyệt;thông báo;
truy vết;xét nghiệm;tiêm;điều tra;kiểm soát chặt;tuần tra;phát hiện;ngăn chặn;đấu tranh;
định hướng;vận hành;soạn thảo;dự thảo;chuyển;phân công;phân loại;tính toán;tổ;tuyển;
đào tạo;bồi dưỡng;tập huấn;diễn tập;xác minh;giải ngân;cấp phát;thanh toán;chi trả;
cân đối;đăng ký;khai báo;tiếp cận;lấy;đưa;đón;vận chuyển;đặt;nêu;góp;ký;hoàn;tiếp;
""".replace("\n", "")
_VERB_LIST = sorted({v.strip() for v in _VERBS.split(";") if v.strip()}, key=len, reverse=True)
_VERB_BY_FIRST: dict[str, list[list[str]]] = {}
for _v in _VERB_LIST:
    _parts = _v.split()
    _VERB_BY_FIRST.setdefault(_parts[0], []).append(_parts)
# Verbs strong enough to show that a unit list after a comma is a subject.
_STRONG = re.compile(
    r"\s*(?:chủ trì|phối hợp|chịu trách nhiệm|có trách nhiệm|tham mưu|triển khai|thực hiện|tổ chức|"
    r"xây dựng|hướng dẫn|bố trí|thành lập|khẩn trương|tiếp tục|chỉ đạo|rà soát|có văn bản|kiểm tra|"
    r"theo dõi|hoàn chỉnh|hoàn thành|chuẩn bị|nghiên cứu|đôn đốc|báo cáo|lãnh đạo|tăng cường|cần|phải)(?!\w)"
)

_LEVEL = r"(?:huyện|quận|thị\s+xã|thành\s+phố|xã|phường|thị\s+trấn)"
_LEVEL_WORDS = {"huyện", "quận", "xã", "phường", "tỉnh", "cấp", "thành", "thị", "phố", "trấn"}
_PLACE_BEFORE = {"tỉnh", "huyện", "xã", "phố", "phường", "quận", "trấn", "ủy", "uỷ"}

_TITLE_RE = re.compile(
    r"(?:(?:Phó\s+)?(?:Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Chánh|Trưởng\s+ban|Bí\s+thư|Cục\s+trưởng|"
    r"Chỉ\s+huy\s+trưởng|Tổng\s+Biên\s+tập|Người\s+đứng\s+đầu|Lãnh\s+đạo)"
    r"|(?:[Cc]ác\s+)?(?:[Đđ]ồng\s+chí))(?=[\s,])\s*,?\s*"
)

_GROUP_NOUN = (r"(?:[Ss]ở|[Bb]an|[Nn]gành|[Cc]ơ\s+quan|[Đđ]ơn\s+vị|[Đđ]oàn\s+thể|[Đđ]ịa\s+phương|[Hh]ội|"
               r"[Tt]ổ\s+chức|[Dd]oanh\s+nghiệp|[Ll]ực\s+lượng|[Cc]ấp\s+ủy|[Cc]ấp\s+uỷ|[Cc]hính\s+quyền|[Cc]á\s+nhân)")
_GROUP_RE = re.compile(
    rf"(?:[Tt]ất\s+cả\s+)?[Cc]ác\s+{_GROUP_NOUN}(?:(?:\s*,\s*|\s+|\s+và\s+){_GROUP_NOUN})*"
    r"(?:\s+(?:tỉnh|thành\s+phố|huyện|[Tt]rung\s+ương|cấp\s+tỉnh|các\s+cấp|chức\s+năng|thành\s+viên|trực\s+thuộc))?"
    r"(?:\s+(?:có\s+)?liên\s+quan|\s+khác)?(?!\w)"
)
_LEVEL_GROUP_RE = re.compile(rf"[Cc]ác\s+{_LEVEL}(?:\s*[,/]\s*{_LEVEL})*(?!\w)")

_UBND_RE = re.compile(
    r"(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|ỦY\s+BAN\s+NHÂN\s+DÂN)"
    rf"(?:\s+(?:các\s+cấp|cấp\s+(?:tỉnh|huyện|xã)(?:\s*,\s*cấp\s+(?:huyện|xã))*|cùng\s+cấp|"
    rf"(?:các\s+)?(?:tỉnh|{_LEVEL}|TX|TP)(?:\s*[,/]\s*(?:{_LEVEL}|TX|TP))*"
    rf"(?:\s+[{_UP}][\w]*){{0,4}}))?(?!\w)"
)
_SO_RE = re.compile(r"(?:Sở|Sờ|SỞ)\s+")
_BO_RE = re.compile(r"Bộ\s+(?!Chỉ\b|đội\b|phận\b|CHQS\b)")
_NGANH_RE = re.compile(r"[Nn]gành\s+")
_CA_RE = re.compile(
    rf"Công\s+an(?:\s+(?:tỉnh|các\s+cấp|cấp\s+(?:tỉnh|huyện|xã)|{_LEVEL})(?:\s+[{_UP}]\w*){{0,3}})?(?!\w)"
)
_BCH_RE = re.compile(r"(?:Bộ\s+Chỉ\s+huy|Bộ\s+CHQS|BCHQS|BCH\s+BĐBP|BĐBP|Bộ\s+đội\s+Biên\s+phòng)(?!\w)")
_MTTQ_RE = re.compile(
    r"(?:UBMTTQVN|UBMTTQ|Ủy\s+ban\s+MTTQVN|Uỷ\s+ban\s+MTTQVN|Ủy\s+ban\s+MTTQ|Uỷ\s+ban\s+MTTQ|"
    r"Ủy\s+ban\s+Mặt\s+trận\s+Tổ\s+quốc|Uỷ\s+ban\s+Mặt\s+trận\s+Tổ\s+quốc|Ủy\s+Mặt\s+trận\s+Tổ\s+quốc|"
    r"Mặt\s+trận\s+Tổ\s+quốc|Mặt\s+trận\s+tổ\s+quốc|MTTQVN|MTTQ)(?!\w)"
)
# Heads that need a complement ("Ban" + "Tuyên giáo…"); the words that show it is no unit.
_GENERIC_HEADS = [
    ("Văn phòng", True), ("Ban", True), ("Thanh tra", True), ("Tổng cục", True), ("Chi cục", True),
    ("Cục", True), ("Trung tâm", True), ("Bệnh viện", True), ("Đài", True), ("Báo", True),
    ("Hội", True), ("Liên đoàn", True), ("Liên minh", True), ("Tỉnh đoàn", False), ("Tỉnh Đoàn", False),
    ("Đoàn Thanh niên", True), ("Đoàn đại biểu", True), ("Đảng đoàn", True), ("Đảng ủy", True),
    ("Đảng uỷ", True), ("Ủy ban Kiểm tra", True), ("Ủy ban", True), ("Uỷ ban", True),
    ("Bảo hiểm xã hội", False), ("BHXH", False), ("Kho bạc", True), ("Ngân hàng", True),
    ("Cảng vụ", True), ("Tổ", True), ("Viện", True), ("Tòa án", True), ("Toà án", True),
    ("Trường", True), ("Tỉnh ủy", False), ("Tỉnh uỷ", False), ("Thành ủy", False), ("Huyện ủy", False),
    ("Quân khu", True), ("Bộ Tư lệnh", True), ("Học viện", True), ("Đại học", True),
    ("Thường trực", True), ("Công ty", True), ("Tổng công ty", True), ("Điện lực", False),
    ("Bưu điện", False), ("Viễn thông", False), ("Chi nhánh", True), ("Hải quan", False),
    ("Ban chỉ đạo", True), ("ban chỉ đạo", True), ("Ban Chỉ đạo", True), ("BCĐ", True), ("BQL", True),
    ("VP", True), ("CDC", False),
]
_GENERIC_HEADS.sort(key=lambda h: len(h[0]), reverse=True)
_GENERIC_RE = re.compile(
    r"(?:(?P<plural>[Cc]ác)\s+)?(?P<head>" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h, _ in _GENERIC_HEADS)
    + r")(?=[\s,.;:]|$)"
)
_GENERIC_FORCED = {fold(h): forced for h, forced in _GENERIC_HEADS}
# "Báo cáo", "Tổ chức", "Ban hành", "Trường hợp", "Hội nghị": the head word is part of a verb.
_NOT_A_UNIT_AFTER = {"cáo", "chức", "hành", "hợp", "nghị", "thảo", "thi", "chợ", "diễn", "bố", "ngày",
                     "đầu", "sơ", "cuối", "lúc", "viên", "phận"}
_THANH_TRA_OK = re.compile(rf"\s+(?:tỉnh|{_LEVEL}|Sở|Chính|Bộ|[{_UP}])")

_TOKEN_RE = re.compile(r"[\w][\w&/’'\-]*[\w]|[\w]|[,;:()\[\]]|[-–—]|[.!?…]")


# Tone placement: core.text.canonical_tones does it word by word; this does the same for the
# only words it changes (final "oa", "oe", "uy" with the tone on the second vowel), fast.
_TONE_RE = re.compile(r"(?<![qQ])(?P<v>[oO])(?P<t>[àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ])(?!\w)"
                      r"|(?<![qQ])(?P<u>[uU])(?P<y>[ỳýỷỹỵỲÝỶỸỴ])(?!\w)")


def _shift(m: re.Match) -> str:
    first = m.group("v") or m.group("u")
    second = m.group("t") or m.group("y")
    d = unicodedata.normalize("NFD", second)
    base, tone = d[0], d[1:]
    return unicodedata.normalize("NFC", first + tone) + base


def tones(text: str) -> str:
    """Same result as core.text.canonical_tones ("hoà" → "hòa", "Uỷ" → "Ủy"), in one regex pass."""
    return _TONE_RE.sub(_shift, text) if text else text


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _is_cap(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())


@dataclass
class _Unit:
    raw: str
    start: int
    end: int
    requested: bool = False


@dataclass
class Assignment:
    """Units a piece of text assigns; `lines` are the clauses that named them."""

    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # vague phrases left out
    lines: list[str] = field(default_factory=list)
    chair_only: bool = False  # "Chủ trì, phối hợp với Y…" with no subject: the lead is inherited

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.coordinating)

    def merged(self, other: "Assignment") -> "Assignment":
        out = Assignment(list(self.lead), list(self.coordinating), list(self.requested),
                         list(self.dropped), list(self.lines), self.chair_only or other.chair_only)
        for name in other.lead:
            if name not in out.lead:
                out.lead.append(name)
        for name in other.requested:
            if name not in out.requested:
                out.requested.append(name)
        for name in other.coordinating:
            if name not in out.coordinating and name not in out.lead:
                out.coordinating.append(name)
        out.coordinating = [c for c in out.coordinating if c not in out.lead]
        for d in other.dropped:
            if d not in out.dropped:
                out.dropped.append(d)
        for line in other.lines:
            if line not in out.lines:
                out.lines.append(line)
        return out


# --------------------------------------------------------------------------- names

_CASING = [
    "Bộ Chỉ huy Quân sự", "Bộ Chỉ huy Bộ đội Biên phòng", "Bộ đội Biên phòng",
    "Trung tâm Kiểm soát bệnh tật", "Ban Quản lý Khu kinh tế", "Ban Quản lý các Khu công nghiệp",
    "Ban Tuyên giáo", "Ban Dân vận", "Ban Tổ chức", "Ban Chỉ đạo", "Ban Thường vụ", "Tỉnh ủy",
    "Mặt trận Tổ quốc Việt Nam", "Mặt trận Tổ quốc", "Đài Phát thanh - Truyền hình",
    "Đài Phát thanh và Truyền hình", "Bảo hiểm xã hội", "Công an", "Văn phòng", "Ủy ban Kiểm tra",
]
_CASING_RE = [(re.compile(r"(?<!\w)" + _flex(c) + r"(?!\w)", re.IGNORECASE), c) for c in _CASING]
# core.units.ABBREVIATIONS as one alternation (longest first), "UBND" left out: unit names
# keep "UBND" as DOMAIN.md writes them.
_ABBR_LIST = [(a, e) for a, e in ABBREVIATIONS if e != "Ủy ban nhân dân"]
_ABBR_RE = re.compile(
    r"(?<![\w&])(?:" + "|".join(
        f"(?P<a{i}>" + r"\s*[-&,]?\s*".join(re.escape(ch) for ch in re.findall(r"\w+", a)) + ")"
        for i, (a, _) in enumerate(_ABBR_LIST)
    ) + r")(?![\w&])"
)
_HAS_CAPS_RUN = re.compile(r"[A-ZĐ]{2}")


def _abbr_sub(m: re.Match) -> str:
    return _ABBR_LIST[int(m.lastgroup[1:])][1]


def expand_abbrev(text: str, extra: dict[str, str] | None = None) -> str:
    """Abbreviations written out, "UBND" kept (the form DOMAIN.md uses in unit names)."""
    if not text or not _HAS_CAPS_RUN.search(text):
        return text
    if extra:
        for abbr, full in sorted(extra.items(), key=lambda kv: -len(kv[0])):
            text = re.sub(r"(?<![\w&])" + re.escape(abbr) + r"(?![\w&])", full, text)
    return _ABBR_RE.sub(_abbr_sub, text)


def canon_unit(raw: str, extra: dict[str, str] | None = None) -> str:
    """One way of writing a unit name: tones canonical, abbreviations expanded, "UBND" for
    "Ủy ban nhân dân", dashes spaced, "UBND huyện, thị xã, thành phố" → "UBND các …"."""
    s = " ".join(tones(raw).split())
    s = s.strip(" ,.;:-–")
    while True:
        m = _TITLE_RE.match(s)
        if not m or m.end() >= len(s):
            break
        s = s[m.end():]
    s = re.sub(r"^Sờ(?=\s)", "Sở", s)
    s = re.sub(r"\s*[–—]\s*", " - ", s)
    s = re.sub(r"(?<=\w)\s+-\s*(?=\w)|(?<=\w)\s*-\s+(?=\w)", " - ", s)
    s = expand_abbrev(s, extra)
    s = re.sub(r"(?i)ủy ban nhân dân|uỷ ban nhân dân", "UBND", s)
    m = re.match(r"^(Sở|Bộ|[Nn]gành)\s+(.*)$", s)
    if m:
        sec = _SECTOR_RE.match(m.group(2))
        if sec:
            sector = _canon_sector(sec.group("sector"))
            rest = m.group(2)[sec.end():]
            head = "Sở" if m.group(1).lower() == "ngành" else m.group(1)
            if m.group(1).lower() == "ngành":
                sector = _SECTOR_OF_NGANH.get(sector.lower(), sector)
            s = f"{head} {sector}{rest}"
    for rx, canon in _CASING_RE:
        s = rx.sub(canon, s)
    s = re.sub(rf"^UBND\s+((?:{_LEVEL}|TX|TP)(?:\s*,\s*(?:{_LEVEL}|TX|TP))+)$", r"UBND các \1", s)
    s = re.sub(rf"^[Cc]ác\s+({_LEVEL}(?:\s*[,/]\s*{_LEVEL})*)$", r"UBND các \1", s)
    # "các huyện, thành ủy" is short for "các huyện ủy, thành ủy"
    m = re.match(r"^[Cc]ác\s+((?:huyện|thị|thành)(?:\s*,\s*(?:huyện|thị|thành))*)\s+ủy\b(.*)$", s)
    if m:
        s = "Các " + ", ".join(p.strip() + " ủy" for p in m.group(1).split(",")) + m.group(2)
    s = re.sub(r"\bTX\b", "thị xã", s)
    s = re.sub(r"\bTP\b", "thành phố", s)
    s = re.sub(r"\s*,\s*", ", ", s)
    if s and s[0].islower():
        s = s[0].upper() + s[1:]
    return s


_DEFINITE_GROUP = re.compile(r"\b(?:so|ban|nganh|doan the)\b")


def is_vague_unit(name: str, heading: bool = False) -> bool:
    """Phrases that name no unit in particular. In a heading ("10. Các Sở ngành khác") a
    group with "khác" means the remaining departments and is kept."""
    f = fold(name)
    if not f:
        return True
    if _GROUP_RE.fullmatch(name.strip()) or _GROUP_RE.fullmatch(name.strip()[:1].lower() + name.strip()[1:]):
        if f.endswith("lien quan") or (f.endswith(" khac") and not heading):
            return True
        nouns = _DEFINITE_GROUP.findall(f)
        # "các sở", "các sở, ban, ngành" are definite; "các ngành", "các ban" alone are not.
        return not nouns or (len(nouns) == 1 and nouns[0] != "so")
    if f.startswith(("chinh quyen", "cap uy", "cac cap", "luc luong", "dia phuong", "co quan chuc nang")):
        return True
    if f.endswith("lien quan"):
        return True
    try:
        return is_vague(name) and not (heading and f.endswith(" khac"))
    except Exception:  # pragma: no cover - defensive
        return False


def suggest_units(name: str, candidates, limit: int = 5, cutoff: float = 60.0) -> list[str]:
    """Closest known unit names for one the importer did not recognise (the caller decides).

    Compares diacritic-folded names with rapidfuzz's WRatio; best first, each name once. WRatio
    gives every name that shares a run of words the same 85.5, so ties go to the name sharing
    the most words ("Ban Quản lý các Khu công nghiệp" → "Ban Quản lý Khu kinh tế" first)."""
    cands = [c for c in dict.fromkeys(candidates or []) if isinstance(c, str) and c.strip()]
    key = fold(canon_unit(name)) if name else ""
    if not key or not cands:
        return []
    keys = [fold(canon_unit(c)) for c in cands]
    scored = process.extract(key, keys, scorer=fuzz.WRatio, limit=None, score_cutoff=cutoff)
    scored.sort(key=lambda t: (-t[1], -fuzz.token_set_ratio(key, t[0]), t[2]))
    out: list[str] = []
    for _, _, idx in scored:
        if cands[idx] not in out:
            out.append(cands[idx])
        if len(out) >= limit:
            break
    return out


# --------------------------------------------------------------------------- the reader

_CONNECTOR = re.compile(
    r"^(?:Đồng\s+thời|Trong\s+đó|Ngoài\s+ra|Bên\s+cạnh\s+đó|Theo\s+đó|Riêng|Đặc\s+biệt|Sau\s+đó|"
    r"Mặt\s+khác|Trên\s+cơ\s+sở\s+đó)\s*,?\s*"
)
_ASSIGN_START = re.compile(r"^(?P<v>Giao|Đề\s+nghị|Yêu\s+cầu)\s+")
_ASSIGN_MID = re.compile(r"(?<![\w])(?<!theo\s)(?P<v>giao|Giao|đề\s+nghị|Đề\s+nghị)\s+(?!của\b|hỗ\b)")
_COORD = re.compile(r"(?<!\w)[Pp]hối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+(?:với|cùng))?\s+")
_CHAIR_START = re.compile(r"^(?:[Cc]hủ\s+trì|[Tt]iếp\s+tục\s+chủ\s+trì)(?!\w)")
_DO_CHAIR = re.compile(r"(?<!\w)do\s+")
_DO_AFTER = re.compile(r"\s*(?:chủ\s+trì|làm\s+[Tt]rưởng|phụ\s+trách|là\s+cơ\s+quan\s+chủ\s+trì|làm\s+chủ)")
_FIELD_COORD = re.compile(r"phối\s+hợp\s*:$", re.IGNORECASE)
_FIELD_OTHER = re.compile(r"(?:sản\s+phẩm|kết\s+quả|kinh\s+phí|nội\s+dung)\s*:$", re.IGNORECASE)
_PARTICIPANTS = re.compile(r"(?:tham\s+gia|[Tt]hành\s+phần|[Pp]hối\s+hợp)\s*$")
_CLAUSE_SPLIT = re.compile(r"(?<=[.;:!?])\s+|(?<=[.;!?])$|\n+")
_HEADING_PREFIX = re.compile(
    r"^(?P<p>Đề\s+nghị|Giao|Trách\s+nhiệm\s+của|Nhiệm\s+vụ\s+của|Đối\s+với|Giao\s+nhiệm\s+vụ\s+cho)\s+"
)


class UnitReader:
    """Reads unit lists out of sentences, with the document's own abbreviations."""

    def __init__(self, abbreviations: dict[str, str] | None = None):
        self._abbr_re = None
        self.abbrev = dict(abbreviations or {})

    @property
    def abbrev(self) -> dict[str, str]:
        return self._abbrev

    @abbrev.setter
    def abbrev(self, value: dict[str, str]) -> None:
        """Abbreviations the document defines ("… (BQLDA)"): each one is a unit by itself."""
        self._abbrev = dict(value or {})
        keys = sorted(self._abbrev, key=len, reverse=True)
        self._abbr_re = re.compile(
            r"(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w&])") if keys else None

    # ------------------------------------------------------------------ one unit
    def _unit_at(self, s: str, pos: int) -> tuple[int, int] | None:
        """(start, end) of one unit name starting at `pos` (after spaces), or None."""
        n = len(s)
        while pos < n and s[pos] == " ":
            pos += 1
        # titles: "Giám đốc Sở Y tế", "Chủ tịch UBND…", "Giám đốc, Thủ trưởng các sở…"
        for _ in range(3):
            m = _TITLE_RE.match(s, pos)
            if not m:
                break
            pos = m.end()
        if self._abbr_re is not None:
            m = self._abbr_re.match(s, pos)
            if m:
                return pos, m.end()
        for rx in (_GROUP_RE, _LEVEL_GROUP_RE):
            m = rx.match(s, pos)
            if m:
                return pos, m.end()
        m = _UBND_RE.match(s, pos)
        if m:
            return pos, m.end()
        m = _MTTQ_RE.match(s, pos)
        if m:
            return pos, self._tail(s, m.end(), forced=False)
        m = _BCH_RE.match(s, pos)
        if m:
            return pos, self._tail(s, m.end(), forced=False)
        m = _CA_RE.match(s, pos)
        if m:
            return pos, m.end()
        for rx in (_SO_RE, _BO_RE, _NGANH_RE):
            m = rx.match(s, pos)
            if m:
                sec = _SECTOR_RE.match(s, m.end())
                if sec:
                    end = sec.end()
                    tail = re.compile(rf"\s+(?:tỉnh|thành\s+phố)(?:\s+[{_UP}]\w*){{0,3}}(?!\w)").match(s, end)
                    return pos, tail.end() if tail else end
                if rx is _SO_RE:
                    return pos, self._tail(s, m.end(), forced=True)
                return None
        m = _GENERIC_RE.match(s, pos)
        if m:
            head = m.group("head")
            after = s[m.end():m.end() + 12].split()
            if after and after[0].strip(",.;:").lower() in _NOT_A_UNIT_AFTER:
                return None
            if fold(head) == "thanh tra" and not _THANH_TRA_OK.match(s, m.end()):
                return None
            forced = _GENERIC_FORCED.get(fold(head), True)
            end = self._tail(s, m.end(), forced=forced, head=head)
            if forced and end <= m.end():
                return None
            return pos, end
        return None

    def _tail(self, s: str, pos: int, forced: bool, head: str = "") -> int:
        """Where a name that began before `pos` ends."""
        tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(s, pos, min(len(s), pos + 240))]
        end = pos
        i = 0
        count = 0
        terminal = False
        prev = ""
        while i < len(tokens) and count < 16:
            tok, ts, te = tokens[i]
            low = tok.lower()
            if tok in (";", ":", "(", ")", "[", "]", ".", "!", "?", "…"):
                break
            if tok == ",":
                nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
                if nxt == "chống" and prev == "phòng":
                    end = tokens[i + 1][2]
                    prev = nxt
                    i += 2
                    count += 1
                    continue
                break
            if tok in ("-", "–", "—"):
                nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
                if prev and _is_cap(nxt) and not self._starts_unit(s, tokens[i + 1][1]):
                    end = tokens[i + 1][2]
                    prev = nxt
                    i += 2
                    count += 1
                    continue
                break
            if tok == "và":
                nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
                if head == "Đài" and nxt == "Báo" and not terminal:
                    i += 1
                    continue
                if _is_cap(nxt) and not self._starts_unit(s, tokens[i + 1][1]) and not terminal:
                    i += 1
                    continue
                break
            first = count == 0
            if first and forced:
                verb = self._verb_at(tokens, i)
                step = verb if verb else 1
                end = tokens[i + step - 1][2]
                prev = tokens[i + step - 1][0]
                i += step
                count += step
                continue
            if tok[0].islower():
                if self._verb_at(tokens, i):
                    break
                if terminal and low not in _LEVEL_WORDS and low not in ("các", "cùng", "trực", "thuộc", "và"):
                    break
            elif terminal and not _is_cap(tok):
                break
            end = te
            if tok == "tỉnh" or (tok[0].isupper() and prev.lower() in _PLACE_BEFORE and prev != "Tỉnh") \
                    or (low in ("ủy", "uỷ") and prev in ("Tỉnh", "Thành", "Huyện")):
                terminal = True
            prev = tok
            i += 1
            count += 1
        return end

    @staticmethod
    def _verb_at(tokens, i: int) -> int:
        """Number of tokens of a predicate verb starting at token i (0 if none)."""
        first = tokens[i][0]
        if not first or not first[0].islower():
            return 0
        for parts in _VERB_BY_FIRST.get(first, ()):
            k = len(parts)
            if i + k <= len(tokens) and all(tokens[i + j][0] == parts[j] for j in range(k)):
                return k
        return 0

    def _unit_ends_at(self, s: str, at: int) -> bool:
        lo = max(0, at - 120)
        for m in re.finditer(rf"(?<!\w)(?:[{_UP}]|các\s)", s[lo:at]):
            span = self._unit_at(s, lo + m.start())
            if span and span[1] == at:
                return True
        return False

    def _starts_unit(self, s: str, pos: int) -> bool:
        return self._unit_at(s, pos) is not None

    # ------------------------------------------------------------------ unit lists
    _LEVEL_EXT = re.compile(
        rf"\s*,\s*(?P<w>(?:{_LEVEL}|TX|TP|cấp\s+(?:huyện|xã)|thành\s+ủy|huyện\s+ủy|"
        r"đảng\s+ủy(?:\s+trực\s+thuộc)?|ban|ngành|đoàn\s+thể))(?=\s|[,.;:]|$)"
    )
    _ENDS_LEVEL = re.compile(rf"(?:{_LEVEL}|tỉnh|cấp\s+huyện|thành\s+ủy|[Ss]ở|ban|ngành|đoàn\s+thể)$")

    def unit_list(self, s: str, pos: int) -> tuple[list[_Unit], int]:
        """Consecutive unit names from `pos`: "A, B và C" → [A, B, C] and where the list ends."""
        units: list[_Unit] = []
        n = len(s)
        while pos < n:
            span = self._unit_at(s, pos)
            if span is None:
                break
            ustart, uend = span
            # group continuations: "Ủy ban MTTQ Việt Nam tỉnh, huyện"
            while True:
                m = self._LEVEL_EXT.match(s, uend)
                if m and self._ENDS_LEVEL.search(s[ustart:uend]):
                    uend = m.end()
                else:
                    break
            units.append(_Unit(s[ustart:uend], ustart, uend))
            pos = uend
            m = re.compile(r"\s*(?:,|và|cùng\s+với|cùng|với|;)?\s*(?:và\s+)?").match(s, pos)
            nxt = m.end() if m else pos
            if nxt == pos or not self._starts_unit(s, nxt):
                break
            pos = nxt
        return units, pos

    # ------------------------------------------------------------------ roles
    _PAREN = re.compile(r"\([^()]{0,300}\)")
    _PAREN_FIELDS = re.compile(r"(?:chủ\s+trì|phối\s+hợp|thực\s+hiện|thời\s+gian|thời\s+hạn)\s*:", re.IGNORECASE)

    def _asides(self, text: str) -> str:
        """Brackets removed, except those that hold fields ("(cơ quan chủ trì: …; thời gian: …)")."""
        def sub(m: re.Match) -> str:
            inner = m.group(0)[1:-1]
            return f"; {inner}; " if self._PAREN_FIELDS.search(inner) else " "
        for _ in range(2):
            text = self._PAREN.sub(sub, text)
        return text

    def _prepare(self, text: str) -> str:
        """Tones canonical, abbreviations written out, asides in brackets removed (units named
        there — "(qua Sở Y tế)", "(do lực lượng Công an chủ trì)" — are not assigned)."""
        if not text:
            return ""
        s = self._asides(tones(text))
        s = re.sub(r"[ \t]{2,}", " ", s)
        return expand_abbrev(s)

    def clauses(self, text: str) -> list[str]:
        return [c.strip() for c in _CLAUSE_SPLIT.split(text or "") if c and c.strip()]

    def read(self, text: str) -> Assignment:
        """The units `text` assigns, with their roles."""
        out = Assignment()
        prev_clause = ""
        text = self._asides(text or "")
        for clause in self.clauses(text):
            a = self._read_clause(clause, prev_clause)
            out = out.merged(a)
            prev_clause = clause
        return out

    def _read_clause(self, clause: str, prev_clause: str) -> Assignment:
        s = self._prepare(clause)
        a = Assignment()
        field = prev_clause.rstrip()
        if field.endswith(":"):
            if _FIELD_COORD.search(field):  # "Cơ quan phối hợp: …"
                units, _ = self.unit_list(s, 0)
                for u in units:
                    self._add(a, u, "coord")
                if a.has_units or a.dropped:
                    a.lines.append(prev_clause + " " + clause)
                return a
            if _PARTICIPANTS.search(field.rstrip(":").rstrip()) or _FIELD_OTHER.search(field):
                return a  # "Lực lượng tham gia: …" lists helpers; "Sản phẩm: …" no units
        m = _CONNECTOR.match(s)
        pos = m.end() if m else 0
        leads: list[_Unit] = []
        requested = False
        m = _ASSIGN_START.match(s, pos)
        if m:
            units, _ = self.unit_list(s, m.end())
            requested = m.group("v").startswith("Đề")
            leads = units
            for u in units:
                u.requested = requested
        else:
            units, end = self.unit_list(s, pos)
            if units and self._subject_ok(s, end):
                leads = units
            elif _CHAIR_START.match(s, pos):
                a.chair_only = True
            elif not re.match(r"[Pp]hối\s+hợp", s[pos:]):
                # "Đối với …, Sở Y tế chủ trì…": a subject after an opening phrase — but not a
                # unit that merely continues an enumeration ("hướng dẫn của Bộ GTVT, Bộ Y tế").
                for cm in re.finditer(r",\s*", s[:300]):
                    if self._unit_ends_at(s, cm.start()):
                        break
                    units, end = self.unit_list(s, cm.end())
                    if units and _STRONG.match(s, end):
                        leads = units
                        break
        # "…, giao Sở Y tế …" / "Ban Chỉ đạo … giao Ban cán sự …": the one given the work leads.
        for gm in _ASSIGN_MID.finditer(s):
            if gm.start() == pos and m is not None:
                continue
            units, _ = self.unit_list(s, gm.end())
            if units:
                req = gm.group("v").lower().startswith("đề")
                for u in units:
                    u.requested = req
                leads = units if not leads or leads[0].start < gm.start() else leads + units
        for dm in _DO_CHAIR.finditer(s):
            units, end = self.unit_list(s, dm.end())
            if units and _DO_AFTER.match(s, end):
                leads = leads + units
        coords: list[_Unit] = []
        for cm in _COORD.finditer(s):
            units, _ = self.unit_list(s, cm.end())
            coords.extend(units)
        for u in leads:
            self._add(a, u, "lead")
        for u in coords:
            self._add(a, u, "coord")
        if a.has_units or a.dropped:
            a.lines.append(clause)
        return a

    @staticmethod
    def _subject_ok(s: str, end: int) -> bool:
        rest = s[end:].lstrip()
        if not rest or rest[0] in ".;:!?(":
            return True
        if rest.startswith(("của ", "về ", "tại ", "trong ", "ở ", "với ")):
            return False
        return rest[0].islower() or rest[0] == ","

    def _add(self, a: Assignment, u: _Unit, role: str) -> None:
        name = canon_unit(u.raw, self.abbrev)
        if not name or is_vague_unit(name):
            if name and name not in a.dropped:
                a.dropped.append(name)
            return
        if role == "lead":
            if name not in a.lead:
                a.lead.append(name)
            if u.requested and name not in a.requested:
                a.requested.append(name)
            if name in a.coordinating:
                a.coordinating.remove(name)
        elif name not in a.lead and name not in a.coordinating:
            a.coordinating.append(name)

    def heading_units(self, text: str) -> Assignment | None:
        """A heading that is only unit names ("1. Sở Y tế", "12. Đề nghị Ủy ban MTTQ tỉnh",
        "* Trách nhiệm của UBND cấp huyện:") → those units lead the items under it."""
        if len(text) > 200:
            return None
        if _is_caps(text):  # "1. SỞ Y TẾ", "2. CÔNG AN TỈNH"
            from core.importer.header import caps_to_name
            text = caps_to_name(text)
        s = self._prepare(text).strip().rstrip(":.").strip()
        if not s:
            return None
        requested = False
        m = _HEADING_PREFIX.match(s)
        pos = 0
        if m:
            requested = m.group("p").startswith("Đề")
            pos = m.end()
        units, end = self.unit_list(s, pos)
        rest = s[end:].strip()
        if len(units) == 1 and rest and self._name_continues(rest) and len(s.split()) <= 14:
            units[0].raw = s[units[0].start:].strip()
            rest = ""
        if rest.startswith("và ") or rest.startswith(", "):
            rest2 = re.sub(r"^(?:và|,)\s+", "", rest)
            if re.fullmatch(r"các\s+(?:tổ\s+chức\s+thành\s+viên|đơn\s+vị\s+trực\s+thuộc|cơ\s+quan\s+liên\s+quan)", rest2):
                rest = ""
        if not units or rest:
            return None
        a = Assignment()
        for u in units:
            name = canon_unit(u.raw, self.abbrev)
            if not name or is_vague_unit(name, heading=True):
                if name:
                    a.dropped.append(name)
                continue
            a.lead.append(name)
            if requested:
                a.requested.append(name)
        if not a.lead:
            return None
        a.lines.append(text.strip())
        return a

    _NAME_END = re.compile(rf"(?:tỉnh|huyện|thành\s+phố|thị\s+xã|[{_UP}]\w*)$")
    _PREDICATE = re.compile(r"(?<!\w)(?:chủ\s+trì|phối\s+hợp|tham\s+mưu|chịu\s+trách\s+nhiệm|triển\s+khai|"
                            r"thực\s+hiện|có\s+trách\s+nhiệm|báo\s+cáo)(?!\w)")

    def _name_continues(self, rest: str) -> bool:
        """"(Ban Quản lý dự án đầu tư) xây dựng tỉnh": words left after a name that still end
        like a name (a locality or a proper noun) and hold no predicate."""
        return (len(rest.split()) <= 5 and not re.search(r"[,;:.()]", rest)
                and bool(self._NAME_END.search(rest)) and not self._PREDICATE.search(rest))

    def abbreviation_definitions(self, text: str) -> dict[str, str]:
        """Abbreviations the document defines: "Bộ Chỉ huy Quân sự tỉnh (BCHQS)",
        "… (sau đây gọi tắt là Sở LĐTBXH)"."""
        found: dict[str, str] = {}
        rx = re.compile(
            r"\(\s*(?:sau\s+đây\s+)?(?:gọi\s+tắt\s+là\s+|viết\s+tắt\s+là\s+|gọi\s+là\s+)?"
            r"(?P<abbr>[A-ZĐ][A-ZĐ0-9&\-]{1,10}(?:\s+(?:tỉnh|huyện))?)\s*\)"
        )
        s = tones(text)
        for m in rx.finditer(s):
            abbr = m.group("abbr").strip()
            lo = max(0, m.start() - 100)
            before = s[lo:m.start()].rstrip()
            stop = lo + len(before)
            for hm in re.finditer(rf"(?<!\w)[{_UP}]", before):
                span = self._unit_at(s, lo + hm.start())
                if not span:
                    continue
                if abs(span[1] - stop) <= 1 or self._name_continues(s[span[1]:stop].strip()):
                    found[abbr] = canon_unit(s[span[0]:stop])
                    break
        return found
