"""From raw text to clean lines and paragraphs: noise removal, labels, joining broken lines.

Converted files carry noise — markdown emphasis and heading marks, HTML tags, page-break
lines, labels printed twice, lines broken in the middle of a sentence. This module removes
it and tells each line's label ("II.", "1.3.", "a)", "-", "Điều 2.") apart from its text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Line", "Para", "clean_lines", "join_paragraphs", "parse_label", "LETTERS"]

# Vietnamese letter order for "a)" labels: there is no f, j, w, z, and đ follows d.
LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"


@dataclass
class Line:
    """One cleaned source line."""

    text: str  # without the label
    raw: str  # cleaned text including the label
    index: int  # position among the source lines
    blank: bool = False
    cells: list[str] | None = None  # a table row
    label_kind: str | None = None  # roman | dieu | num | letter | pnum | bullet kind
    label: str | None = None  # "II", "1.3", "a", "-", "Điều 2"
    depth: int = 0  # for numbers: how many parts ("1.3" → 2)
    emph_tail: bool = False  # produced by splitting an emphasised tail off a line
    heading: bool = False  # a markdown heading ("## 2. Công an tỉnh"): never joined

    @property
    def labelled(self) -> bool:
        return self.label_kind is not None


@dataclass
class Para:
    """A paragraph: one labelled line plus its continuation lines, or unlabelled text."""

    text: str
    label_kind: str | None = None
    label: str | None = None
    depth: int = 0
    first_line: int = 0
    cells: list[str] | None = None
    lines: list[int] = field(default_factory=list)
    heading: bool = False

    @property
    def labelled(self) -> bool:
        return self.label_kind is not None


# --------------------------------------------------------------------------- cleaning

_HTML_SUP = re.compile(r"<sup>.*?</sup>", re.IGNORECASE | re.DOTALL)
_HTML_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,300})?/?>")
_STRIKE = re.compile(r"~~[^~\n]{0,200}~~")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|(?=\S))")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_ESCAPE = re.compile(r"\\([\\*_#`~\-.!\[\]()+|<>])")
_EMPH_TAIL = re.compile(
    r"^(?P<pre>.{20,}?[.…:;!?)\]”\"])\s*(?P<em>(?:\*{1,3}|_{1,2})(?=[^\s*_])(?P<body>[^*_\n]{3,400}?)(?:\*{1,3}|_{1,2}))\s*$"
)
_EMPH_MARKS = re.compile(r"\*+|(?<!\w)__?|__?(?!\w)")
_PAGE_LINE = re.compile(
    r"^(?:[-–—]?\s*\d{1,3}\s*[-–—]?|(?:trang|page)\s+\d{1,3}(?:\s*/\s*\d{1,3})?|[-=_*·.•]{3,}|\*|\\\*)$",
    re.IGNORECASE,
)
_MD_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


def _strip_markup(s: str) -> str:
    s = _HTML_SUP.sub("", s)
    s = _HTML_BR.sub(" ", s)
    s = _HTML_TAG.sub(" ", s)
    s = _STRIKE.sub(" ", s)
    s = s.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return s


def _strip_emphasis(s: str) -> str:
    s = _ESCAPE.sub(r"\1", s)
    s = _EMPH_MARKS.sub("", s)
    s = s.replace("`", "")
    return s


def _tidy(s: str) -> str:
    return _SPACES.sub(" ", s).strip()


# --------------------------------------------------------------------------- labels

_ROMAN_RE = re.compile(r"^(?P<r>X{0,3}(?:IX|IV|V?I{0,3}))\s*[.):\-–]\s*(?=\S)")
_DIEU_RE = re.compile(r"^Điều\s+(?P<n>\d{1,3})\s*[.:]\s*")
_NUM_RE = re.compile(
    r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,3})(?!\d)"
    r"(?:(?P<t>\s*\.(?!\d)|\s*\)|\s*[-–](?=\s*\S))|(?=\s))\s*"
)
_LETTER_RE = re.compile(rf"^(?P<l>[a-zđ])(?:\)|\.(?=\s+[{_UPPER}]))\s*")
_PAREN_RE = re.compile(r"^\((?P<p>\d{1,2}|[a-zđ])\)\s*")
_BULLET_RE = re.compile(r"^(?P<b>[-–—−+•●▪■◦○·➢►✓➤◆◇❖])\s*(?=\S)")
_BULLET_KIND = {"-": "dash", "–": "dash", "—": "dash", "−": "dash", "+": "plus",
                "•": "dot", "●": "dot", "▪": "dot", "■": "dot", "◦": "dot", "○": "dot",
                "·": "dot", "➢": "arrow", "►": "arrow", "✓": "arrow", "➤": "arrow",
                "◆": "dot", "◇": "dot", "❖": "dot"}


def parse_label(s: str) -> tuple[str | None, str | None, int, str]:
    """(kind, label, depth, rest) for a cleaned line; kind None when it has no label."""
    m = _DIEU_RE.match(s)
    if m:
        return "dieu", f"Điều {int(m['n'])}", 1, s[m.end():]
    m = _ROMAN_RE.match(s)
    if m and m["r"] and _valid_roman(m["r"]):
        rest = s[m.end():]
        # "V/v", "I-ốt": a roman numeral is followed by a capital or a digit, not a word.
        if rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "“\"(":
            return "roman", m["r"], 1, rest
    m = _NUM_RE.match(s)
    if m:
        number = re.sub(r"\s", "", m["n"])
        parts = number.split(".")
        rest = s[m.end():]
        single = len(parts) == 1
        if rest[:1].isdigit() and m["t"] and rest.startswith(m.group(0).strip()):
            rest = rest[len(m.group(0).strip()):].lstrip()  # "1. 1. Sở Y tế": printed twice
        if single and not m["t"]:
            pass  # "19 và …": a number without "." ")" or "-" is text
        elif rest and (rest[0].isalpha() or rest[0] in "“\"(*[") and not _looks_like_quantity(rest):
            return "num", number, len(parts), rest
    m = _LETTER_RE.match(s)
    if m and len(s) > m.end():
        return "letter", m["l"], 1, s[m.end():]
    m = _PAREN_RE.match(s)
    if m and len(s) > m.end():
        kind = "pnum" if m["p"].isdigit() else "pletter"
        return kind, m["p"], 1, s[m.end():]
    m = _BULLET_RE.match(s)
    if m:
        rest = s[m.end():]
        if rest and not rest[0].isdigit() or (rest[:1].isdigit() and not re.match(r"\d+\s*[-–]", rest)):
            return _BULLET_KIND[m["b"]], m["b"], 1, rest
    return None, None, 0, s


def _valid_roman(r: str) -> bool:
    return 0 < len(r) <= 5


_QUANTITY = re.compile(r"^(?:%|giờ|ngày|tháng|năm|người|ca|liều|giường|mũi|tuổi)(?!\w)")


def _looks_like_quantity(rest: str) -> bool:
    return bool(_QUANTITY.match(rest))


def _strip_repeated_label(kind: str, label: str, rest: str) -> str:
    """A label printed twice ("1. 1. Sở Y tế", "a) a) …") keeps one copy."""
    for _ in range(2):
        k2, l2, _d, r2 = parse_label(rest)
        if k2 == kind and l2 == label:
            rest = r2
        else:
            break
    return rest


# --------------------------------------------------------------------------- lines

def clean_lines(text: str) -> list[Line]:
    """Split into lines, remove markup and noise, parse labels, mark table rows."""
    out: list[Line] = []
    for index, raw in enumerate(text.split("\n")):
        if "\f" in raw:
            raw = raw.replace("\f", " ")
        stripped = raw.strip()
        if not stripped:
            out.append(Line("", "", index, blank=True))
            continue
        # Table rows: tab-separated cells (text exports, docx) or markdown pipes.
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
            if _MD_TABLE_SEP.match(stripped):
                out.append(Line("", "", index, blank=True))
                continue
            cells = [_tidy(_strip_emphasis(_strip_markup(c))) for c in stripped.strip("|").split("|")]
            out.append(Line("\t".join(cells), "\t".join(cells), index, cells=cells))
            continue
        if "\t" in stripped:
            cells = [_tidy(_strip_emphasis(_strip_markup(c))) for c in raw.split("\t")]
            if sum(1 for c in cells if c) >= 2 or (raw.startswith("\t") and any(cells)):
                out.append(Line("\t".join(cells), "\t".join(cells), index, cells=cells))
                continue
        s = _strip_markup(stripped)
        s = _MD_QUOTE.sub("", s)
        is_heading = bool(_MD_HEADING.match(s))
        s = _MD_HEADING.sub("", s)
        pieces = [s]
        m = _EMPH_TAIL.match(s)
        if m and m["body"].strip()[:1].isupper():
            pieces = [m["pre"], m["body"]]
        for k, piece in enumerate(pieces):
            clean = _tidy(_strip_emphasis(piece))
            if not clean or _PAGE_LINE.match(clean):
                out.append(Line("", "", index, blank=True))
                continue
            kind, label, depth, rest = parse_label(clean)
            if kind:
                rest = _strip_repeated_label(kind, label, rest).strip()
            line = Line(rest if kind else clean, clean, index, label_kind=kind, label=label,
                        depth=depth, emph_tail=k == 1, heading=is_heading)
            out.append(line)
    return out


# --------------------------------------------------------------------------- paragraphs

_END_PUNCT = re.compile(r"[.;:!?…]\s*[”\"»)]?\s*$")
def _starts_lower(s: str) -> bool:
    return bool(s) and s[0].isalpha() and s[0].islower()


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _words(s: str) -> int:
    return len(s.split())


def join_paragraphs(lines: list[Line], is_heading=None) -> list[Para]:
    """Join lines that continue a sentence broken by the converter.

    A line continues the paragraph above when it has no label and either starts in lower case
    (even across blank lines), or directly follows a line that ends without punctuation and is
    not a short heading; across a blank line a capitalised line continues only a long sentence
    left open."""
    paras: list[Para] = []
    cur: Para | None = None
    blanks = 0
    for ln in lines:
        if ln.blank:
            blanks += 1
            continue
        if ln.cells is not None:
            paras.append(Para(ln.text, cells=ln.cells, first_line=ln.index, lines=[ln.index]))
            cur = None
            blanks = 0
            continue
        if cur is not None and not ln.labelled and not ln.emph_tail and not ln.heading \
                and not cur.heading and _continues(cur, ln, blanks) \
                and not (is_heading and cur.labelled and ln.text[:1].isupper() and is_heading(cur.text)):
            sep = "" if cur.text.endswith("-") and not cur.text.endswith(" -") else " "
            cur.text = (cur.text + sep + ln.text).strip()
            cur.lines.append(ln.index)
        else:
            cur = Para(ln.text, ln.label_kind, ln.label, ln.depth, ln.index, lines=[ln.index],
                       heading=ln.heading)
            paras.append(cur)
        blanks = 0
    return paras


def _continues(cur: Para, ln: Line, blanks: int) -> bool:
    prev = cur.text
    nxt = ln.text
    if not prev:
        return True  # a label alone on its line: its text follows
    if blanks > 3:
        return False
    if _starts_lower(nxt) and not _is_caps(prev):
        return True
    if _END_PUNCT.search(prev) or _is_caps(nxt) or _is_caps(prev):
        return False
    short_heading = _words(prev) <= 12 and (cur.labelled or _words(prev) <= 6)
    if short_heading:
        return False
    if blanks == 0:
        return True
    return _words(prev) >= 12 and not prev.endswith(":")
