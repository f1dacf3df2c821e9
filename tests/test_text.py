from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.text import (  # noqa: E402
    canonical_tones,
    contains_folded,
    fold,
    group_digits,
    nfc,
    normalise_space,
    printable,
    sort_key,
)

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

# Vietnamese-heavy text strategy: letters with every tone, spaces, some punctuation/digits.
VI_CHARS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz"
    "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
    "àằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
    "ÀÁẢÃẠỦỤỲỶ 0123456789-,.()&/"
)
vi_text = st.text(alphabet=VI_CHARS, max_size=25)
any_text = st.text(max_size=40)
SETTINGS = settings(max_examples=150, deadline=None)


# ----------------------------------------------------------------------------- nfc

def test_nfc():
    assert nfc(None) is None
    assert nfc(NFD("Sở Y tế")) == "Sở Y tế"
    assert nfc("abc") == "abc"


# ----------------------------------------------------------------------------- tones

@pytest.mark.parametrize(
    "raw, expected",
    [
        ("hoà", "hòa"),
        ("Uỷ", "Ủy"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("thoả", "thỏa"),
        ("HOÀ", "HÒA"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("Văn hoá, Thể thao", "Văn hóa, Thể thao"),
        ("quý", "quý"),
        ("quả", "quả"),
        ("Quý", "Quý"),
        ("hoàn", "hoàn"),
        ("thuyết", "thuyết"),
        ("hòa", "hòa"),
        ("", ""),
    ],
)
def test_canonical_tones(raw, expected):
    assert canonical_tones(raw) == expected
    assert canonical_tones(NFD(raw)) == expected


@SETTINGS
@given(vi_text)
def test_canonical_tones_idempotent(s):
    once = canonical_tones(s)
    assert canonical_tones(once) == once
    assert canonical_tones(NFD(s)) == once


# ----------------------------------------------------------------------------- fold

@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Sở Y tế", "so y te"),
        ("hoà", "hoa"),
        ("hòa", "hoa"),
        ("ĐỒNG XOÀI", "dong xoai"),
        ("  Bù   Đăng\t", "bu dang"),
        ("Sở Lao động - Thương binh", "so lao dong - thuong binh"),
    ],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


def test_fold_hoa_variants_equal():
    assert fold("hoà") == fold("hòa") == fold(NFD("hoà"))


@pytest.mark.parametrize(
    "hay, needle, found",
    [
        ("Sở Y tế tỉnh Bình Phước", "so y te", True),
        ("Sở Y tế", "Y TẾ", True),
        ("Ủy ban nhân dân", "uy ban", True),
        ("Sở Tư pháp", "so y te", False),
        ("Đồng Xoài", "dong  xoai", True),
    ],
)
def test_contains_folded(hay, needle, found):
    assert contains_folded(hay, needle) is found


@SETTINGS
@given(any_text)
def test_fold_idempotent_and_form_insensitive(s):
    f = fold(s)
    assert fold(f) == f
    assert fold(NFD(s)) == f
    assert fold(unicodedata.normalize("NFC", s)) == f


# ----------------------------------------------------------------------------- sort_key

def _is_sorted(items):
    keys = [sort_key(x) for x in items]
    return all(a < b for a, b in zip(keys, keys[1:]))


@pytest.mark.parametrize(
    "ordered",
    [
        ["an", "ăn", "ân", "bà"],
        ["da", "đa", "e"],
        ["ma", "mà", "mả", "mã", "má", "mạ", "mac"],
        ["Sở Tài chính", "Sở Y tế"],
        ["Bù Đăng", "Bù Đốp", "Bù Gia Mập", "Chơn Thành", "Đồng Phú", "Đồng Xoài",
         "Hớn Quản", "Lộc Ninh", "Phú Riềng", "Phước Long"],
        ["e", "ê", "f", "g"],
        ["i", "j", "k"],
        ["v", "w", "x", "y", "z"],
        ["o", "ô", "ơ", "p"],
        ["u", "ư", "v"],
        ["a b", "a-b", "a1", "aa"],  # space/punctuation < digit < letter
        ["1", "9", "a"],
        ["an", "An", "ăn"],  # case is tertiary only
        ["ma", "Ma", "mà"],  # tone (secondary) outranks case (tertiary)
        ["Sở", "Sở Y tế"],  # a prefix sorts first
    ],
)
def test_sort_key_order(ordered):
    assert _is_sorted(ordered)
    assert all(isinstance(sort_key(x), bytes) for x in ordered)


def test_sort_key_districts_shuffled():
    names = ["Phước Long", "Bù Gia Mập", "Đồng Xoài", "Bù Đốp", "Chơn Thành", "Phú Riềng",
             "Bù Đăng", "Hớn Quản", "Lộc Ninh", "Đồng Phú", "Bình Long"]
    assert sorted(names, key=sort_key) == [
        "Bình Long", "Bù Đăng", "Bù Đốp", "Bù Gia Mập", "Chơn Thành", "Đồng Phú",
        "Đồng Xoài", "Hớn Quản", "Lộc Ninh", "Phú Riềng", "Phước Long",
    ]


def test_sort_key_canonical_tones_applied():
    assert sort_key("hoà") == sort_key("hòa")
    assert sort_key("Uỷ ban") == sort_key("Ủy ban")
    assert sort_key(NFD("Sở Y tế")) == sort_key("Sở Y tế")


@SETTINGS
@given(st.one_of(vi_text, any_text), st.one_of(vi_text, any_text), vi_text)
def test_sort_key_total_order(a, b, c):
    ka, kb, kc = sort_key(a), sort_key(b), sort_key(c)
    # consistent with equality on canonical text
    assert (ka == kb) == (canonical_tones(a) == canonical_tones(b))
    # antisymmetry/transitivity hold because keys are bytes; check the sort agrees
    if ka <= kb and kb <= kc:
        assert ka <= kc


@SETTINGS
@given(st.lists(vi_text, max_size=12))
def test_sort_stable_under_nfd(items):
    plain = sorted(items, key=sort_key)
    decomposed = sorted((NFD(x) for x in items), key=sort_key)
    assert [canonical_tones(x) for x in plain] == [canonical_tones(x) for x in decomposed]


@SETTINGS
@given(st.text(alphabet=VI_CHARS, min_size=1, max_size=10))
def test_sort_key_prefix_sorts_first(s):
    assert sort_key(s) < sort_key(s + "a")


# ----------------------------------------------------------------------------- printable

@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Sở Y tế", "Sở Y tế"),
        ("\x1b[31mđỏ\x1b[0m", "đỏ"),
        ("a\x1b[1;31;42mb", "ab"),
        ("\x1b]0;title\x07text", "text"),
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("x\x1bcy", "xy"),  # ESC c (reset)
        ("x\x1b(By", "xy"),  # charset designation
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("a\x85b\x9fc", "abc"),  # other C1
        ("dòng 1\ndòng 2\tcột", "dòng 1\ndòng 2\tcột"),
        ("a\rb\x00c\x07d\x08e\x7f", "abcde"),
        ("a\u202eb\u2066c\u2069d\u202a", "abcd"),
        ("[bold]đậm[/bold]", "[bold]đậm[/bold]"),
        (NFD("Sở Y tế"), "Sở Y tế"),
        ("\x1b", ""),
        ("a\x1b\x00[31mb", "a[31mb"),
    ],
)
def test_printable(raw, expected):
    assert printable(raw) == expected


def _safe(s: str) -> bool:
    for ch in s:
        o = ord(ch)
        if ch in "\n\t":
            continue
        if o < 0x20 or 0x7F <= o <= 0x9F or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
            return False
    return True


control_heavy = st.text(
    alphabet=st.sampled_from(
        list("\x1b[]();0123456789mHJK?\x07\\\n\t\r\x00\x9b\x9c\x9d\x85 ab\u202eđàP_^X")
    ),
    max_size=40,
)


@SETTINGS
@given(st.one_of(any_text, control_heavy))
def test_printable_safe_and_idempotent(s):
    out = printable(s)
    assert _safe(out)
    assert printable(out) == out
    assert unicodedata.is_normalized("NFC", out)


# ----------------------------------------------------------------------------- spaces

@pytest.mark.parametrize(
    "raw, expected",
    [("  a   b \n c\t", "a b c"), ("", ""), ("x", "x"), ("Sở\u00a0Y tế", "Sở Y tế")],
)
def test_normalise_space(raw, expected):
    assert normalise_space(raw) == expected


@pytest.mark.parametrize("n, expected", [(0, "0"), (999, "999"), (1000, "1.000"), (150032, "150.032"),
                                         (14999554, "14.999.554"), (-1234, "-1.234")])
def test_group_digits_writes_thousands_with_dots(n, expected):
    assert group_digits(n) == expected
