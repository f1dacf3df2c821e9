"""Document numbers and symbols ("Số và ký hiệu văn bản").

Four shapes are read:

- ``state``  — ``855/QĐ-UBND``: number / type code - issuer (administrative documents);
- ``legal``  — ``18/2016/QĐ-UBND``: number / year / type code - issuer (legal documents;
  also ``30/2021/QH15`` with no type code);
- ``party``  — ``13-KL/BCĐ``, ``05-NQ/TU``: number - type code / issuer (Party documents);
- ``letter`` — ``10822/UBND-KGVX``: number / issuer - office (công văn, which carry no type code).

The number may be left blank on a draft ("Số: /KH-UBND", "Số: ...../KH-UBND"); it is then None.
Input may carry "Số:", markdown emphasis (``**855** /QĐ-UBND``), spaces around the separators,
NFD diacritics, and "D" typed for "Đ" in a type code ("QD" → "QĐ").

Canonical text writes numbers below 10 with a leading zero ("05-NQ/TU", "07/CT-TTg"), as the
rules on administrative documents require.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.errors import DocNumberError

__all__ = ["DOC_TYPES", "DocNumber", "parse_doc_number", "find_doc_numbers"]

DOC_TYPES: dict[str, str] = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "NQ": "Nghị quyết",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "CĐ": "Công điện",
    "HD": "Hướng dẫn",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "QC": "Quy chế",
    "CTr": "Chương trình",
    # Common codes of documents that directives cite.
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "QyĐ": "Quy định",
}

SHAPES_HELP = (
    "855/QĐ-UBND (số/loại-cơ quan), 18/2016/QĐ-UBND (số/năm/loại-cơ quan), "
    "13-KL/BCĐ (số-loại/cơ quan, văn bản của Đảng), 10822/UBND-KGVX (công văn: số/cơ quan-đơn vị)"
)


def _fold_code(code: str) -> str:
    return code.replace("Đ", "D").replace("đ", "d").upper()


_TYPE_BY_FOLD = {_fold_code(k): k for k in DOC_TYPES}


def _type_code(code: str) -> str | None:
    """The canonical type code for a typed one (case-insensitive, D for Đ), or None."""
    return _TYPE_BY_FOLD.get(_fold_code(code))


@dataclass(frozen=True)
class DocNumber:
    number: int | None
    year: int | None
    type_code: str | None
    issuer_code: str
    office_code: str | None
    shape: str  # "state" | "legal" | "party" | "letter"

    @property
    def text(self) -> str:
        """The canonical printed form."""
        num = "" if self.number is None else f"{self.number:02d}"
        if self.shape == "party":
            return f"{num}-{self.type_code}/{self.issuer_code}"
        if self.shape == "letter":
            return f"{num}/{self.issuer_code}-{self.office_code}"
        if self.shape == "legal":
            tail = f"{self.type_code}-{self.issuer_code}" if self.type_code else self.issuer_code
            return f"{num}/{self.year}/{tail}"
        return f"{num}/{self.type_code}-{self.issuer_code}"

    @property
    def doc_type(self) -> str | None:
        """The Vietnamese name of the document type; "Công văn" for a letter."""
        if self.shape == "letter":
            return "Công văn"
        if self.type_code is None:
            return None
        return DOC_TYPES.get(self.type_code)

    def __str__(self) -> str:
        return self.text


_CODE = r"[^\W\d_][^\W_]*"  # letters, then letters or digits ("UBND", "BCĐ", "TTg", "QH15")
_SP = r"[ \t]*"

_LEGAL = rf"(?P<num>\d{{1,6}}){_SP}/{_SP}(?P<year>\d{{4}}){_SP}/{_SP}(?:(?P<ltype>{_CODE}){_SP}-{_SP})?(?P<lissuer>{_CODE})"
_PARTY = rf"(?P<pnum>\d{{1,6}}){_SP}-{_SP}(?P<ptype>{_CODE}){_SP}/{_SP}(?P<pissuer>{_CODE})"
_SLASH = rf"(?P<snum>\d{{1,6}})?{_SP}/{_SP}(?P<a>{_CODE}){_SP}-{_SP}(?P<b>{_CODE}(?:-{_CODE})*)"

_FULL_RE = re.compile(rf"(?:{_LEGAL}|{_PARTY}|{_SLASH})")

_FIND_LEGAL = re.compile(rf"(?<![\w/\-]){_LEGAL}(?![\w/])")
_FIND_PARTY = re.compile(rf"(?<![\w/\-]){_PARTY}(?![\w/\-])")
_FIND_SLASH = re.compile(
    rf"(?<![\w/\-])(?P<snum>\d{{1,6}}){_SP}/{_SP}(?P<a>{_CODE}){_SP}-{_SP}(?P<b>{_CODE}(?:-{_CODE})*)(?![\w/])"
)


def _error(text: str, why: str = "") -> DocNumberError:
    extra = f" ({why})" if why else ""
    return DocNumberError(
        f"Số, ký hiệu văn bản không hợp lệ: «{text}»{extra}. Các dạng được chấp nhận: {SHAPES_HELP}."
    )


def _from_match(m: re.Match, raw: str, strict: bool) -> DocNumber | None:
    g = m.groupdict()
    if g.get("year"):
        ltype = g.get("ltype")
        canon = _type_code(ltype) if ltype else None
        return DocNumber(int(g["num"]), int(g["year"]), canon or ltype, g["lissuer"], None, "legal")
    if g.get("ptype"):
        canon = _type_code(g["ptype"])
        if canon is None:
            if strict:
                raise _error(raw, f"«{g['ptype']}» không phải loại văn bản đã biết")
            return None
        return DocNumber(int(g["pnum"]), None, canon, g["pissuer"], None, "party")
    number = int(g["snum"]) if g.get("snum") else None
    a, b = g["a"], g["b"]
    canon = _type_code(a)
    if canon is not None:
        return DocNumber(number, None, canon, b, None, "state")
    if number is None and strict:
        raise _error(raw, "công văn phải có số")
    if number is None:
        return None
    return DocNumber(number, None, None, a, b, "letter")


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFC", text)
    s = re.sub(r"~~[^~]*~~", " ", s)  # struck-through text is not part of the number
    s = re.sub(r"[*_`]", "", s)
    s = s.strip()
    s = re.sub(r"^(?:số|so)\b\s*[:.]?\s*", "", s, flags=re.IGNORECASE)
    s = re.sub(r"^[.…\s]+(?=/)", "", s)  # "...../KH-UBND": blank number
    s = s.strip().rstrip(".,;")
    s = re.sub(r"\s*([/\-–])\s*", lambda m: "-" if m.group(1) == "–" else m.group(1), s)
    return s


def parse_doc_number(text: str) -> DocNumber:
    """Read a document number and symbol; raise DocNumberError (Vietnamese) when malformed."""
    if not isinstance(text, str):
        raise _error(str(text))
    raw = unicodedata.normalize("NFC", text).strip()
    cleaned = _clean(text)
    if not cleaned:
        raise _error(raw, "trống")
    m = _FULL_RE.fullmatch(cleaned)
    if not m:
        raise _error(raw)
    result = _from_match(m, raw, strict=True)
    assert result is not None
    return result


def find_doc_numbers(text: str) -> list[tuple[str, DocNumber]]:
    """References inside prose, in order: (the words as written, the number).

    E.g. "Nghị quyết số 38/NQ-CP ngày 17/3/2022" → [("38/NQ-CP", DocNumber(...))].
    A date such as 17/3/2022 is never taken for a number: every shape needs a letter code."""
    if not isinstance(text, str) or not text:
        return []
    nfc = unicodedata.normalize("NFC", text)
    found: list[tuple[int, int, DocNumber]] = []
    for rx in (_FIND_LEGAL, _FIND_PARTY, _FIND_SLASH):
        for m in rx.finditer(nfc):
            try:
                dn = _from_match(m, m.group(0), strict=False)
            except DocNumberError:  # pragma: no cover - strict=False never raises
                dn = None
            if dn is not None:
                found.append((m.start(), m.end(), dn))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[tuple[str, DocNumber]] = []
    last_end = -1
    for s, e, dn in found:
        if s >= last_end:
            out.append((nfc[s:e], dn))
            last_end = e
    return out
