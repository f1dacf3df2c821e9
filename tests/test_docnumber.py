"""Tests for core/docnumber.py."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.docnumber import DOC_TYPES, DocNumber, find_doc_numbers, parse_doc_number
from core.errors import DocNumberError


@pytest.mark.parametrize(
    "text, number, year, type_code, issuer, office, shape, canon, doc_type",
    [
        ("855/QĐ-UBND", 855, None, "QĐ", "UBND", None, "state", "855/QĐ-UBND", "Quyết định"),
        ("Số: 855/QĐ-UBND", 855, None, "QĐ", "UBND", None, "state", "855/QĐ-UBND", "Quyết định"),
        ("855 /QĐ-UBND", 855, None, "QĐ", "UBND", None, "state", "855/QĐ-UBND", "Quyết định"),
        ("Số: **855** /QĐ-UBND", 855, None, "QĐ", "UBND", None, "state", "855/QĐ-UBND", "Quyết định"),
        ("855/QD-UBND", 855, None, "QĐ", "UBND", None, "state", "855/QĐ-UBND", "Quyết định"),
        ("số 855 / QĐ - UBND", 855, None, "QĐ", "UBND", None, "state", "855/QĐ-UBND", "Quyết định"),
        ("1068/CĐ-TTg", 1068, None, "CĐ", "TTg", None, "state", "1068/CĐ-TTg", "Công điện"),
        ("1099/CD-TTg", 1099, None, "CĐ", "TTg", None, "state", "1099/CĐ-TTg", "Công điện"),
        ("7/CT-TTg", 7, None, "CT", "TTg", None, "state", "07/CT-TTg", "Chỉ thị"),
        ("12/TTr-SYT", 12, None, "TTr", "SYT", None, "state", "12/TTr-SYT", "Tờ trình"),
        ("3/CTr-UBND", 3, None, "CTr", "UBND", None, "state", "03/CTr-UBND", "Chương trình"),
        ("2686/QĐ-BCĐQG", 2686, None, "QĐ", "BCĐQG", None, "state", "2686/QĐ-BCĐQG", "Quyết định"),
        ("Số:             /KH-UBND", None, None, "KH", "UBND", None, "state", "/KH-UBND", "Kế hoạch"),
        ("Số: /KH-UBND", None, None, "KH", "UBND", None, "state", "/KH-UBND", "Kế hoạch"),
        ("Số:...../KH-UBND", None, None, "KH", "UBND", None, "state", "/KH-UBND", "Kế hoạch"),
        ("18/2016/QĐ-UBND", 18, 2016, "QĐ", "UBND", None, "legal", "18/2016/QĐ-UBND", "Quyết định"),
        ("18/2008/NQ-QH12", 18, 2008, "NQ", "QH12", None, "legal", "18/2008/NQ-QH12", "Nghị quyết"),
        ("30/2021/QH15", 30, 2021, None, "QH15", None, "legal", "30/2021/QH15", None),
        ("13-KL/BCĐ", 13, None, "KL", "BCĐ", None, "party", "13-KL/BCĐ", "Kết luận"),
        ("Số 13-KL/BCĐ", 13, None, "KL", "BCĐ", None, "party", "13-KL/BCĐ", "Kết luận"),
        ("05-NQ/TU", 5, None, "NQ", "TU", None, "party", "05-NQ/TU", "Nghị quyết"),
        ("5-NQ/TU", 5, None, "NQ", "TU", None, "party", "05-NQ/TU", "Nghị quyết"),
        ("10822/UBND-KGVX", 10822, None, None, "UBND", "KGVX", "letter", "10822/UBND-KGVX", "Công văn"),
        ("Số: 10822/UBND-KGVX", 10822, None, None, "UBND", "KGVX", "letter", "10822/UBND-KGVX", "Công văn"),
        ("123/SYT-NVY", 123, None, None, "SYT", "NVY", "letter", "123/SYT-NVY", "Công văn"),
    ],
)
def test_parse_doc_number(text, number, year, type_code, issuer, office, shape, canon, doc_type):
    for v in (text, unicodedata.normalize("NFD", text)):
        dn = parse_doc_number(v)
        assert (dn.number, dn.year, dn.type_code, dn.issuer_code, dn.office_code, dn.shape) == (
            number, year, type_code, issuer, office, shape)
        assert dn.text == canon
        assert dn.doc_type == doc_type
        assert parse_doc_number(dn.text) == dn  # canonical text reads back the same


@pytest.mark.parametrize("text", ["855", "abc/xyz", "QĐ-UBND/855", "", "   ", "855/", "/", "855/QĐ", "13-XYZ/TU", "Số:"])
def test_parse_doc_number_malformed(text):
    with pytest.raises(DocNumberError) as exc:
        parse_doc_number(text)
    msg = str(exc.value)
    assert f"«{text.strip()}»" in msg
    assert "855/QĐ-UBND" in msg and "18/2016/QĐ-UBND" in msg and "13-KL/BCĐ" in msg


def test_doc_types_table():
    expected = {
        "KH": "Kế hoạch", "QĐ": "Quyết định", "CT": "Chỉ thị", "KL": "Kết luận", "NQ": "Nghị quyết",
        "TB": "Thông báo", "BC": "Báo cáo", "CĐ": "Công điện", "HD": "Hướng dẫn", "TTr": "Tờ trình",
        "CV": "Công văn", "QC": "Quy chế", "CTr": "Chương trình",
    }
    for k, v in expected.items():
        assert DOC_TYPES[k] == v


def test_find_doc_numbers_in_prose():
    text = (
        "Căn cứ Nghị quyết số 38/NQ-CP ngày 17/3/2022 của Chính phủ; Kết luận số 13-KL/TU ngày 02/9/2021; "
        "Công văn số 10569/UBND-KGVX ngày 31/8/2021; Nghị quyết số 18/2008/NQ-QH12 ngày 03/6/2008; "
        "trong tháng 8 - 9/2021; Covid-19; xã/phường/thị trấn; 24/7."
    )
    found = find_doc_numbers(text)
    assert [t for t, _ in found] == ["38/NQ-CP", "13-KL/TU", "10569/UBND-KGVX", "18/2008/NQ-QH12"]
    assert [d.shape for _, d in found] == ["state", "party", "letter", "legal"]
    for t, d in found:
        assert t in text and isinstance(d, DocNumber)


def test_find_doc_numbers_seed():
    text = open("/work/shared/seeds/003_97638d16cfa20c5e.txt", encoding="utf-8").read()
    found = [d.text for _, d in find_doc_numbers(text)]
    assert "10822/UBND-KGVX" in found and "13-KL/BCĐ" in found and "1099/CĐ-TTg" in found


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_find_doc_numbers_never_raises(text):
    for t, d in find_doc_numbers(text):
        assert t in unicodedata.normalize("NFC", text)
        assert isinstance(d, DocNumber)


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(1, 99999),
    code=st.sampled_from(sorted(DOC_TYPES)),
    issuer=st.sampled_from(["UBND", "BCĐ", "TTg", "SYT", "HĐND"]),
    year=st.integers(1990, 2030),
)
def test_roundtrip_shapes(n, code, issuer, year):
    for dn in (
        DocNumber(n, None, code, issuer, None, "state"),
        DocNumber(n, year, code, issuer, None, "legal"),
        DocNumber(n, None, code, issuer, None, "party"),
    ):
        assert parse_doc_number(dn.text) == dn
        assert parse_doc_number("Số: " + dn.text) == dn
