"""Reading a directive file into Unicode text: .txt/.md, .docx, .pdf.

Every failure is an ImportDocumentError whose Vietnamese message says what the clerk can do
(save as .docx, run OCR, convert a TCVN3/VNI file with Unikey…).
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from core.importer.errors import ImportDocumentError

__all__ = ["read_document", "decode_text", "detect_legacy_encoding"]

_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def read_document(path: str | Path) -> str:
    """The text of a directive file, NFC-normalised, lines separated by "\\n"."""
    p = Path(path)
    name = p.name
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ImportDocumentError(f"Không tìm thấy tệp «{name}».") from None
    except IsADirectoryError:
        raise ImportDocumentError(f"«{name}» là một thư mục, không phải tệp văn bản.") from None
    except OSError as exc:
        raise ImportDocumentError(f"Không mở được tệp «{name}»: {exc.strerror or exc}.") from None
    if not data.strip():
        raise ImportDocumentError(f"Tệp «{name}» trống, không có nội dung để nhập.")

    suffix = p.suffix.lower()
    kind = _sniff(data)
    if kind == "pdf":
        text = _read_pdf(p, name)
    elif kind == "zip":
        if not _is_docx(p):
            raise ImportDocumentError(
                f"Tệp «{name}» là tệp nén, không phải văn bản Word (.docx). "
                "Hãy giải nén hoặc chọn đúng tệp văn bản."
            )
        text = _read_docx(p, name)
    elif kind == "ole":
        raise ImportDocumentError(
            f"Tệp «{name}» là định dạng Word cũ (.doc). Hãy mở bằng Word hoặc LibreOffice và "
            "lưu lại dưới dạng .docx rồi nhập lại."
        )
    elif kind == "rtf":
        raise ImportDocumentError(
            f"Tệp «{name}» là định dạng RTF. Hãy lưu lại dưới dạng .docx hoặc .txt (UTF-8) rồi nhập lại."
        )
    elif kind == "binary":
        raise ImportDocumentError(
            f"Tệp «{name}» không phải văn bản (có vẻ là tệp nhị phân: ảnh, chương trình…). "
            "Hãy chọn tệp .docx, .pdf có lớp chữ, hoặc .txt."
        )
    else:
        if suffix not in _TEXT_SUFFIXES and suffix not in (".docx", ".pdf"):
            # An unknown suffix holding text is accepted: clerks rename files freely.
            pass
        text = decode_text(data, name)

    text = _normalise(text)
    if not text.strip():
        raise ImportDocumentError(f"Tệp «{name}» không có chữ nào để nhập.")
    return text


# --------------------------------------------------------------------------- sniffing

def _sniff(data: bytes) -> str:
    head = data[:8]
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return "text"
    sample = data[:4096]
    if b"\x00" in sample:
        return "text" if _utf16_guess(sample) else "binary"
    # Control bytes other than tab/newline/form feed are a sign of a binary file.
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(8, len(sample) // 50):
        return "binary"
    return "text"


def _utf16_guess(sample: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has every other byte zero."""
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    guess = None
    # Vietnamese text is a third or more ASCII (spaces, plain letters): zero high bytes.
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.02 * len(even):
        guess = "utf-16-le"
    elif even.count(0) > 0.3 * len(even) and odd.count(0) < 0.02 * len(odd):
        guess = "utf-16-be"
    if guess is None:
        return None
    text = sample[: len(sample) // 2 * 2].decode(guess, errors="replace")
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return guess if good >= 0.95 * len(text) else None


# --------------------------------------------------------------------------- plain text

def decode_text(data: bytes, name: str = "tệp") -> str:
    """Bytes of a text file → str: UTF-8 (with or without BOM) or UTF-16 (BOM, or guessed)."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8", name)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16", name)
    elif (guess := _utf16_guess(data[:4096])) is not None:
        text = _strict(data, guess, name)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Not UTF-8: an 8-bit file. Legacy Vietnamese fonts are the usual culprit.
            latin = data.decode("latin-1")
            legacy = detect_legacy_encoding(latin)
            if legacy:
                raise ImportDocumentError(_legacy_message(name, legacy)) from None
            raise ImportDocumentError(
                f"Không đọc được chữ trong tệp «{name}»: tệp không dùng bảng mã Unicode (UTF-8). "
                "Hãy mở tệp và lưu lại với bảng mã UTF-8 (trong Word: Lưu thành .docx), rồi nhập lại."
            ) from None
    legacy = detect_legacy_encoding(text)
    if legacy:
        raise ImportDocumentError(_legacy_message(name, legacy))
    return text


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportDocumentError(
            f"Tệp «{name}» có byte không đọc được theo bảng mã {encoding.upper()}; "
            "tệp có thể bị hỏng. Hãy lưu lại tệp với bảng mã UTF-8 rồi nhập lại."
        ) from None


def _legacy_message(name: str, legacy: str) -> str:
    return (
        f"Tệp «{name}» có vẻ được gõ bằng bảng mã cũ {legacy}, không phải Unicode, nên chữ "
        "tiếng Việt sẽ bị sai. Hãy chuyển mã sang Unicode bằng công cụ chuyển mã của Unikey "
        f"(Unikey Toolkit: nguồn {legacy.split()[0]}, đích Unicode) hoặc đổi phông trong Word, "
        "rồi nhập lại."
    )


# --------------------------------------------------------------------------- legacy encodings
# TCVN3 (ABC) puts whole Vietnamese letters on Latin-1 code points ("nh©n d©n tØnh" for "nhân
# dân tỉnh"); VNI writes a base letter followed by a mark ("nhaân daân", "Vieät"). Detection
# decodes the text both ways and keeps the reading that yields clearly more Vietnamese.

_TCVN3_LOWER = {
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "®": "đ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "«": "ô", "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "\xad": "ư", "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
}

# VNI: a base letter followed by one mark character; hat and breve come with the tone.
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_VNI_HAT = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
_VNI_TONE = {"ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_SINGLE = {"ñ": "đ", "ô": "ơ", "ö": "ư", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
_VNI_SEQ = re.compile(
    r"(?P<h>[aeoAEO])(?P<hm>[âáàåãäÂÁÀÅÃÄ])"
    r"|(?P<b>[aA])(?P<bm>[êéèúüëÊÉÈÚÜË])"
    r"|(?P<p>[aeiouyAEIOUYôöÔÖ])(?P<pm>[øùûõïØÙÛÕÏ])"
    r"|(?P<s>[ñôöæóòîÑÔÖÆÓÒÎ])"
)


def _vni_sub(m: re.Match) -> str:
    def cased(base: str, like: str) -> str:
        return base.upper() if like.isupper() else base
    if m.group("h"):
        base = cased({"a": "â", "e": "ê", "o": "ô"}[m.group("h").lower()], m.group("h"))
        return unicodedata.normalize("NFC", base + _VNI_HAT[m.group("hm").lower()])
    if m.group("b"):
        return unicodedata.normalize("NFC", cased("ă", m.group("b")) + _VNI_BREVE[m.group("bm").lower()])
    if m.group("p"):
        ch = m.group("p")
        base = cased(_VNI_SINGLE.get(ch.lower(), ch.lower()), ch)
        return unicodedata.normalize("NFC", base + _VNI_TONE[m.group("pm").lower()])
    ch = m.group("s")
    return cased(_VNI_SINGLE[ch.lower()], ch)


def _decode_vni(text: str) -> str:
    return _VNI_SEQ.sub(_vni_sub, text)


# Characters that Unicode Vietnamese never uses but both legacy encodings do.
_FOREIGN = set("¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇËÎÏÐÑÖ×ØÜÞßåæçëîïñö÷øûüþ¡¢£¤¥¦§äÄ")
# Of those, the ones a Unicode text may carry as punctuation or symbols (« », ·, ×, §, ©, ®):
# they count only inside a word.
_SYMBOLS = set("«»·×§©®µ¬¨¶")


def _foreign_count(text: str) -> int:
    n = 0
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch not in _FOREIGN:
            continue
        prev_letter = i > 0 and text[i - 1].isalpha() and text[i - 1] not in _FOREIGN
        next_letter = i < last and text[i + 1].isalpha()
        if prev_letter or (next_letter and ch not in _SYMBOLS):
            n += 1
    return n


def _decode_tcvn3(text: str) -> str:
    return "".join(_TCVN3_LOWER.get(ch, ch) for ch in text)


_TONE_MARKS = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:uyê|uya|iêu|yêu|oai|oay|oao|uây|uôi|ươi|ươu|oeo|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|"
    r"oo|ua|uâ|uê|ui|uô|uơ|ươ|ưa|ưi|ưu|uy|yê|[aăâeêioôơuưy])"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_WORD = re.compile(r"[^\W\d_]+")


def _viet_score(text: str) -> int:
    """Words that read as Vietnamese syllables minus those that cannot: the right decoding of
    a legacy file scores far above the raw text and above the wrong decoding."""
    score = 0
    for w in _WORD.findall(text):
        if w.isascii():
            continue
        d = "".join(ch for ch in unicodedata.normalize("NFD", w.lower()) if ch not in _TONE_MARKS)
        base = unicodedata.normalize("NFC", d)
        tones = sum(1 for ch in unicodedata.normalize("NFD", w) if ch in _TONE_MARKS)
        score += 1 if (tones <= 1 and _SYLLABLE.fullmatch(base)) else -1
    return score


def detect_legacy_encoding(text: str) -> str | None:
    """"TCVN3 (ABC)" or "VNI" when the text looks typed in that legacy encoding, else None."""
    if not text:
        return None
    sample = text[:200_000]
    foreign = _foreign_count(sample)
    letters = sum(1 for ch in sample if ch.isalpha())
    if foreign < 5 or foreign < letters * 0.005:
        return None
    base = _viet_score(sample)
    tcvn = _viet_score(_decode_tcvn3(sample))
    vni = _viet_score(_decode_vni(sample))
    best, label = max((tcvn, "TCVN3 (ABC)"), (vni, "VNI"))
    if best - base >= max(4, foreign // 3):
        return label
    return None


# --------------------------------------------------------------------------- docx

def _is_docx(p: Path) -> bool:
    try:
        with zipfile.ZipFile(p) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _read_docx(p: Path, name: str) -> str:
    try:
        import docx  # python-docx; imported here so plain-text imports stay fast
        from docx.oxml.ns import qn
        document = docx.Document(str(p))
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise ImportDocumentError(
            f"Không đọc được tệp Word «{name}» (tệp có thể bị hỏng): {type(exc).__name__}. "
            "Hãy mở bằng Word hoặc LibreOffice, lưu lại dưới dạng .docx rồi nhập lại."
        ) from None
    numbering = _Numbering(document, qn)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag
        if tag == qn("w:p"):
            lines.append(numbering.prefix(child) + _p_text(child, qn))
        elif tag == qn("w:tbl"):
            lines.append("")
            lines.extend(_table_lines(child, qn))
            lines.append("")
    return "\n".join(lines)


def _p_text(p, qn) -> str:
    parts: list[str] = []
    for el in p.iter():
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag in (qn("w:tab"), qn("w:ptab")):
            parts.append(" ")
        elif el.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


def _table_lines(tbl, qn) -> list[str]:
    """One line per row, cells separated by tabs (merged cells once)."""
    rows = []
    for tr in tbl.iterchildren(qn("w:tr")):
        cells = []
        for tc in tr.iterchildren(qn("w:tc")):
            paras = [_p_text(p, qn) for p in tc.iter(qn("w:p"))]
            cell = " ".join(" ".join(x.split()) for x in paras if x.strip())
            cells.append(cell)
        if any(cells):
            rows.append("\t".join(cells))
    return rows


class _Numbering:
    """Renders Word's automatic list numbers ("1.", "a)", "1.2.") that are not in the text."""

    def __init__(self, document, qn):
        self.qn = qn
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str | None, int]] = {}  # list styles ("List Number")
        try:
            for st in document.styles.element.iterchildren(qn("w:style")):
                ppr = st.find(qn("w:pPr"))
                numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
                if numpr is None:
                    continue
                nid = numpr.find(qn("w:numId"))
                ilvl = numpr.find(qn("w:ilvl"))
                self.style_num[st.get(qn("w:styleId"))] = (
                    nid.get(qn("w:val")) if nid is not None else None,
                    int(ilvl.get(qn("w:val"))) if ilvl is not None else 0,
                )
        except (KeyError, AttributeError, ValueError):
            self.style_num = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iterchildren(qn("w:abstractNum")):
            aid = an.get(qn("w:abstractNumId"))
            levels = {}
            for lvl in an.iterchildren(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                fmt = self._val(lvl, "w:numFmt") or "decimal"
                text = self._val(lvl, "w:lvlText") or ""
                start = int(self._val(lvl, "w:start") or "1")
                levels[ilvl] = (fmt, text, start)
            abstract[aid] = levels
        for num in root.iterchildren(qn("w:num")):
            nid = num.get(qn("w:numId"))
            aid_el = num.find(qn("w:abstractNumId"))
            aid = aid_el.get(qn("w:val")) if aid_el is not None else None
            for ilvl, spec in abstract.get(aid, {}).items():
                self.formats[(nid, ilvl)] = spec

    def _val(self, el, tag):
        child = el.find(self.qn(tag))
        return child.get(self.qn("w:val")) if child is not None else None

    def prefix(self, p) -> str:
        qn = self.qn
        ppr = p.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        nid, ilvl = None, 0
        if ppr is not None and ppr.find(qn("w:pStyle")) is not None:
            nid, ilvl = self.style_num.get(ppr.find(qn("w:pStyle")).get(qn("w:val")), (None, 0))
        if numpr is not None:
            nid_el = numpr.find(qn("w:numId"))
            ilvl_el = numpr.find(qn("w:ilvl"))
            nid = nid_el.get(qn("w:val")) if nid_el is not None else nid
            ilvl = int(ilvl_el.get(qn("w:val"))) if ilvl_el is not None else ilvl
        if nid is None:
            return ""
        spec = self.formats.get((nid, ilvl))
        if nid in (None, "0") or spec is None:
            return ""
        counters = self.counters.setdefault(nid, [0] * 9)
        for lvl in range(9):
            if lvl > ilvl:
                counters[lvl] = 0
        fmt, text, start = spec
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return ""

        def render(m: re.Match) -> str:
            lvl = int(m.group(1)) - 1
            lspec = self.formats.get((nid, lvl), ("decimal", "", 1))
            value = counters[lvl] or lspec[2]
            return _format_number(value, lspec[0])

        out = re.sub(r"%(\d)", render, text).strip()
        return out + " " if out else ""


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(ord("a") + r) + s
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        s = ""
        m = n
        for v, sym in [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                       (90, "xc"), (50, "l"), (40, "xl")] + vals:
            while m >= v:
                s += sym
                m -= v
        return s if fmt == "lowerRoman" else s.upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


# --------------------------------------------------------------------------- pdf

def _read_pdf(p: Path, name: str) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise ImportDocumentError("Chưa cài thư viện đọc PDF (pypdf).") from None
    try:
        reader = PdfReader(str(p))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise ImportDocumentError(
                    f"Tệp PDF «{name}» có mật khẩu. Hãy bỏ mật khẩu hoặc dùng bản Word của văn bản."
                )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportDocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError) as exc:
        raise ImportDocumentError(
            f"Không đọc được tệp PDF «{name}» (tệp có thể bị hỏng): {type(exc).__name__}. "
            "Hãy dùng bản Word (.docx) của văn bản."
        ) from None
    text = "\n\f\n".join(pages)
    letters = sum(1 for ch in text if ch.isalpha())
    if not pages or letters < max(20, 10 * len(pages)):
        raise ImportDocumentError(
            f"Tệp PDF «{name}» không có lớp chữ (có lẽ là bản quét, chỉ có hình ảnh), nên không "
            "đọc được nội dung. Hãy dùng bản Word của văn bản hoặc chạy nhận dạng chữ (OCR) cho "
            "tệp PDF rồi nhập lại."
        )
    legacy = detect_legacy_encoding(text)
    if legacy:
        raise ImportDocumentError(_legacy_message(name, legacy))
    return text


# --------------------------------------------------------------------------- normalisation

_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff]")


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _CONTROL_RE.sub("", text)
    return unicodedata.normalize("NFC", text)
