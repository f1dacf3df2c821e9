from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.errors import DondocError, UnknownUnitError  # noqa: E402
from core.text import sort_key  # noqa: E402
from core.units import (  # noqa: E402
    ABBREVIATIONS,
    UnitRecord,
    UnitResolver,
    VagueUnitError,
    allowed_edits,
    expand_abbreviations,
    is_vague,
    search,
    unit_key,
)

# ----------------------------------------------------------------------------- fixture

_DEPARTMENTS = [
    (1, "Văn phòng UBND tỉnh", "department", ("VP UBND tỉnh",)),
    (2, "Sở Y tế", "department", ()),
    (3, "Sở Tư pháp", "department", ()),
    (4, "Sở Nội vụ", "department", ()),
    (5, "Sở Ngoại vụ", "department", ()),
    (6, "Sở Tài chính", "department", ()),
    (7, "Sở Kế hoạch và Đầu tư", "department", ("Sở KH&ĐT",)),
    (8, "Sở Giao thông vận tải", "department", ("Sở GTVT",)),
    (9, "Sở Lao động - Thương binh và Xã hội", "department", ("Sở LĐ-TB&XH",)),
    (10, "Sở Giáo dục và Đào tạo", "department", ("Sở GD&ĐT",)),
    (11, "Sở Thông tin và Truyền thông", "department", ("Sở TT&TT",)),
    (12, "Sở Văn hóa, Thể thao và Du lịch", "department", ("Sở VH,TT&DL",)),
    (13, "Sở Nông nghiệp và Phát triển nông thôn", "department", ("Sở NN&PTNT",)),
    (14, "Sở Tài nguyên và Môi trường", "department", ("Sở TN&MT",)),
    (15, "Công an tỉnh", "force", ()),
    (16, "Bộ Chỉ huy Quân sự tỉnh", "force", ("BCHQS tỉnh",)),
    (17, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "force", ("BĐBP tỉnh",)),
    (18, "Ủy ban MTTQ Việt Nam tỉnh", "mass", ()),
    (19, "Ban Tuyên giáo Tỉnh ủy", "party", ()),
    (20, "Trung tâm Kiểm soát bệnh tật tỉnh", "department", ("CDC tỉnh", "CDC Bình Phước")),
    (21, "UBND tỉnh", "province", ()),
]
_DISTRICTS = [
    (101, "thành phố Đồng Xoài"),
    (102, "thị xã Bình Long"),
    (103, "thị xã Phước Long"),
    (104, "huyện Chơn Thành"),
    (105, "huyện Bù Đăng"),
    (106, "huyện Bù Đốp"),
    (107, "huyện Bù Gia Mập"),
    (108, "huyện Đồng Phú"),
    (109, "huyện Hớn Quản"),
    (110, "huyện Lộc Ninh"),
    (111, "huyện Phú Riềng"),
]
GROUP_ID = 200

UNITS = (
    [UnitRecord(i, n, k, a) for i, n, k, a in _DEPARTMENTS]
    + [
        UnitRecord(i, f"UBND {n}", "district", (n,), valid_to=date(2025, 6, 30))
        for i, n in _DISTRICTS
    ]
    + [
        UnitRecord(
            GROUP_ID,
            "UBND các huyện, thị xã, thành phố",
            "group",
            ("UBND các huyện, thị xã, thành phố trên địa bàn tỉnh",),
            member_ids=tuple(i for i, _ in _DISTRICTS),
        )
    ]
)
BY_ID = {u.id: u for u in UNITS}


@pytest.fixture(scope="module")
def resolver() -> UnitResolver:
    return UnitResolver(UNITS)


# ----------------------------------------------------------------------------- abbreviations

def test_abbreviation_table_shape():
    assert all(isinstance(a, str) and isinstance(e, str) for a, e in ABBREVIATIONS)
    abbrs = {a for a, _ in ABBREVIATIONS}
    for required in ["UBND", "HĐND", "BCĐ", "VP", "TU", "BTV", "MTTQ", "BCHQS", "BĐBP", "CA",
                     "LĐ-TB&XH", "KH&ĐT", "TT&TT", "VH,TT&DL", "GD&ĐT", "NN&PTNT", "TN&MT",
                     "GTVT", "KH&CN", "BQL", "KCN", "KKT", "CDC", "UBMTTQ"]:
        assert required in abbrs


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("BCHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐ - TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
        ("UBND huyện Bù Đăng", "Ủy ban nhân dân huyện Bù Đăng"),
        ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
        ("BCĐ tỉnh", "Ban Chỉ đạo tỉnh"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("BTV TU", "Ban Thường vụ Tỉnh ủy"),
        ("CA tỉnh", "Công an tỉnh"),
        ("Bộ Chỉ huy BĐBP tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở GTVT", "Sở Giao thông vận tải"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("BQL các KCN", "Ban Quản lý các Khu công nghiệp"),
        ("BQL KKT", "Ban Quản lý Khu kinh tế"),
        ("CDC tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh"),
        ("UBMTTQVN tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("UBMTTQ tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("Ủy ban MTTQVN tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        # whole tokens only, and case-sensitive: ordinary words stay
        ("ca bệnh", "ca bệnh"),
        ("UBNDX", "UBNDX"),
        ("Tu bổ", "Tu bổ"),
    ],
)
def test_expand_abbreviations(raw, expected):
    assert expand_abbreviations(raw) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("UBND tỉnh", "Uỷ ban nhân dân tỉnh"),
        ("UBND tỉnh", "ubnd tinh"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐ-TB&XH", "so ld-tb&xh"),
        ("Sở LĐ-TB&XH", "Sở LĐ - TB & XH"),
        ("BCHQS tỉnh", "bcHqs tinh"),
        ("Giao Sở Y tế", "Sở Y tế"),
        ("Đề nghị Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("Ủy ban MTTQ tỉnh", "Ủy ban MTTQ Việt Nam tỉnh"),
        ("- Sở Y tế:", "Sở Y tế"),
        ("Sở Y tế;", "sở y tế."),
        ("Sở Văn hoá, Thể thao và Du lịch", "Sở VH,TT&DL"),
    ],
)
def test_unit_key_equal(a, b):
    assert unit_key(a) == unit_key(b)


def test_unit_key_values():
    assert unit_key("UBND tỉnh") == "ubnd tinh"
    assert unit_key("Sở Y tế") == "so y te"
    assert unit_key("Sở Giao thông vận tải") == "so giao thong van tai"  # "Giao" kept here
    assert unit_key("Sở Nội vụ") != unit_key("Sở Ngoại vụ")


# ----------------------------------------------------------------------------- resolve

@pytest.mark.parametrize(
    "text, unit_id",
    [
        ("Sở Y tế", 2),
        ("So y te", 2),
        ("SỞ Y TẾ", 2),
        ("Giao Sở Y tế", 2),
        ("Sờ Tư pháp", 3),
        ("Sở Nội vụ", 4),
        ("Sở Ngoại vụ", 5),
        ("Sở Giao thông vân tải", 8),
        ("Sở GTVT", 8),
        ("Sở LĐ-TB&XH", 9),
        ("Sở LĐTBXH", 9),
        ("Sở Lao động, Thương binh và Xã hội", 9),
        ("Sở VH,TT&DL", 12),
        ("Sở Văn hoá, Thể thao và Du lịch", 12),
        ("BCHQS tỉnh", 16),
        ("Bộ Chỉ huy BĐBP tỉnh", 17),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", 18),
        ("Đề nghị Ủy ban MTTQ tỉnh", 18),
        ("UBMTTQVN tỉnh", 18),
        ("Ban Tuyên giáo Tỉnh ủy", 19),
        ("Ban Tuyên giáo TU", 19),
        ("CDC tỉnh", 20),
        ("Ủy ban nhân dân tỉnh", 21),
        ("Văn phòng Ủy ban nhân dân tỉnh", 1),
        ("UBND huyện Bù Đăng", 105),
        ("Ủy ban nhân dân huyện Bù Đăng", 105),
        ("huyện Bù Đăng", 105),
        ("UBND thành phố Đồng Xoài", 101),
        ("UBND thị xã Phước Long", 103),
        # diacritic-only differences are exact after folding
        ("Sở Tư phap", 3),
        ("UBND huyện Bù Gia Mâp", 107),
        ("Bộ Chỉ huy Quân sư tỉnh", 16),
    ],
)
def test_resolve_exact(resolver, text, unit_id):
    r = resolver.resolve(text)
    assert r.unit.id == unit_id
    assert r.unit_ids == (unit_id,)
    assert r.exact and r.score == 100


@pytest.mark.parametrize(
    "text, unit_id",
    [
        ("Sở Y tế tỉnh Bình Phước", 2),  # trailing province
        ("Công an", 15),
        ("Công an tỉnh Bình Phước", 15),
        ("Sở Kế hoạch Đầu tư", 7),  # "và" left out
        ("Sở Giao thông vận tả", 8),  # one letter missing
        ("Sở Tài chinhh", 6),
        ("Sở Tư phapp", 3),
        ("Sở Tài nguyen và Môi trườg", 14),
        ("UBND huyện Bù Gia Mậo", 107),
        ("UBND huyện Lộc Ninhh", 110),
        ("Bộ Chỉ huy Quân sựu tỉnh", 16),
    ],
)
def test_resolve_fuzzy(resolver, text, unit_id):
    r = resolver.resolve(text)
    assert r.unit.id == unit_id
    assert not r.exact
    assert 0 < r.score < 100


def test_names_that_differ_only_in_diacritics_are_told_apart_by_them():
    """Two communes whose keys fold alike ("Thạnh Tiến", "Thành Tiến"): the name typed with
    its diacritics picks its own; typed without them it is ambiguous and says so; a loose
    key (trailing "tỉnh …") still finds a unit whose name is unique."""
    from core.errors import AmbiguousError

    units = UnitResolver([UnitRecord(1, "Xã Thạnh Tiến", "commune", ()),
                          UnitRecord(2, "Xã Thành Tiến", "commune", ()),
                          UnitRecord(3, "Sở Y tế", "department", ())])
    assert units.resolve("Xã Thạnh Tiến").unit.id == 1
    assert units.resolve("xã thành tiến").unit.id == 2
    with pytest.raises(AmbiguousError, match="Xã Thành Tiến; Xã Thạnh Tiến"):
        units.resolve("Xa Thanh Tien")
    loose = units.resolve("Sở Y tế tỉnh Bình Phước")
    assert loose.unit.id == 3 and not loose.exact


def test_resolve_group(resolver):
    r = resolver.resolve("UBND các huyện, thị xã, thành phố")
    assert r.unit.id == GROUP_ID
    assert r.unit_ids == tuple(range(101, 112))
    assert len(r.unit_ids) == 11
    assert resolver.resolve("Ủy ban nhân dân các huyện, thị xã, thành phố").unit_ids == r.unit_ids
    assert resolver.resolve(
        "UBND các huyện, thị xã, thành phố trên địa bàn tỉnh"
    ).unit.id == GROUP_ID


@pytest.mark.parametrize(
    "text",
    ["Bộ Quốc phòng", "Sở Công Thương", "Ngân hàng Nhà nước", "UBND huyện Bù Đà", "xyz", ""],
)
def test_resolve_unknown(resolver, text):
    with pytest.raises(UnknownUnitError) as exc:
        resolver.resolve(text)
    err = exc.value
    assert err.text == text
    assert len(err.suggestions) <= 3
    assert all(s in {u.name for u in UNITS} for s in err.suggestions)
    assert "Không tìm thấy đơn vị" in str(err)


def test_unknown_suggests_closest(resolver):
    with pytest.raises(UnknownUnitError) as exc:
        resolver.resolve("UBND huyện Bù")
    assert any("Bù" in s for s in exc.value.suggestions)
    with pytest.raises(UnknownUnitError) as exc:
        resolver.resolve("Bộ Quốc phòng")
    assert exc.value.suggestions  # something close, e.g. Bộ Chỉ huy Quân sự tỉnh


def test_ngoai_vu_never_noi_vu_even_alone():
    only_noi_vu = UnitResolver([BY_ID[4], BY_ID[2]])
    with pytest.raises(UnknownUnitError) as exc:
        only_noi_vu.resolve("Sở Ngoại vụ")
    assert exc.value.suggestions[0] == "Sở Nội vụ"
    only_ngoai_vu = UnitResolver([BY_ID[5], BY_ID[2]])
    with pytest.raises(UnknownUnitError):
        only_ngoai_vu.resolve("Sở Nội vụ")


VAGUE = [
    "các cơ quan liên quan",
    "các đơn vị liên quan",
    "các sở, ngành tỉnh có liên quan",
    "các sở, ngành tỉnh liên quan",
    "chính quyền các cấp",
    "các địa phương",
    "các lực lượng chức năng liên quan",
    "các cơ quan khác",
    "Các cơ quan, đơn vị có liên quan",
    "CAC DON VI LIEN QUAN",
    "các sở, ban, ngành, đoàn thể tỉnh có liên quan",
    "Giao các cơ quan liên quan",
]


@pytest.mark.parametrize("text", VAGUE)
def test_is_vague(text):
    assert is_vague(text)


@pytest.mark.parametrize(
    "text",
    ["Sở Y tế", "Công an tỉnh", "UBND các huyện, thị xã, thành phố", "các sở, ban, ngành tỉnh",
     "Ban Tuyên giáo Tỉnh ủy", "cơ quan báo chí"],
)
def test_not_vague(text):
    assert not is_vague(text)


@pytest.mark.parametrize("text", VAGUE)
def test_resolve_vague_raises_distinct_error(resolver, text):
    with pytest.raises(VagueUnitError) as exc:
        resolver.resolve(text)
    assert not isinstance(exc.value, UnknownUnitError)
    assert isinstance(exc.value, DondocError)
    assert text in str(exc.value)


# ----------------------------------------------------------------------------- history

def test_resolve_prefers_unit_valid_on_date():
    old = UnitRecord(1, "Sở Y tế", "department", valid_to=date(2025, 6, 30))
    new = UnitRecord(2, "Sở Y tế", "department", valid_from=date(2025, 7, 1))
    res = UnitResolver([old, new])
    assert res.resolve("Sở Y tế", on=date(2021, 8, 20)).unit.id == 1
    assert res.resolve("Sở Y tế", on=date(2025, 8, 1)).unit.id == 2
    assert res.resolve("Sở Y tế").unit.id == 2  # no date: the current one
    assert res.resolve("So y te", on=date(2021, 1, 1)).unit.id == 1


def test_resolve_name_beats_alias():
    a = UnitRecord(1, "Sở Y tế", "department")
    b = UnitRecord(2, "Trung tâm Y tế", "department", aliases=("Sở Y tế",))
    assert UnitResolver([a, b]).resolve("Sở Y tế").unit.id == 1


# ----------------------------------------------------------------------------- suggest

def test_suggest(resolver):
    out = resolver.suggest("Sở Nội vụ")
    assert out[0][0].id == 4 and out[0][1] == 100
    assert len(out) <= 3
    assert len({u.id for u, _ in out}) == len(out)
    assert [s for _, s in out] == sorted((s for _, s in out), reverse=True)
    assert len(resolver.suggest("Sở", limit=5)) <= 5


# ----------------------------------------------------------------------------- search

def test_search_diacritic_insensitive():
    names = [u.name for u in search("so y te", UNITS)]
    assert names == ["Sở Y tế"]


def test_search_alias():
    assert [u.id for u in search("bcHqs", UNITS)] == [16]
    assert [u.id for u in search("gtvt", UNITS)] == [8]


def test_search_vietnamese_order():
    found = search("huyen", UNITS)
    names = [u.name for u in found]
    assert names == sorted(names, key=sort_key)
    assert names[:3] == ["UBND các huyện, thị xã, thành phố", "UBND huyện Bù Đăng",
                         "UBND huyện Bù Đốp"]
    assert "UBND huyện Phú Riềng" in names


def test_search_bu():
    names = [u.name for u in search("bu", UNITS)]
    assert names == ["UBND huyện Bù Đăng", "UBND huyện Bù Đốp", "UBND huyện Bù Gia Mập"]


def test_search_empty_lists_all_sorted():
    out = search("", UNITS)
    assert len(out) == len(UNITS)
    assert [sort_key(u.name) for u in out] == sorted(sort_key(u.name) for u in out)


def test_search_no_match():
    assert search("Bộ Quốc phòng", UNITS) == []


# ----------------------------------------------------------------------------- properties

@settings(max_examples=100, deadline=None)
@given(st.sampled_from(UNITS), st.sampled_from(["upper", "lower", "nfd", "fold", "giao"]))
def test_every_name_resolves_to_itself_in_any_form(resolver, unit, form):
    import unicodedata

    from core.text import fold

    name = unit.name
    variant = {
        "upper": name.upper(),
        "lower": name.lower(),
        "nfd": unicodedata.normalize("NFD", name),
        "fold": fold(name),
        "giao": "Giao " + name,
    }[form]
    assert resolver.resolve(variant).unit.id == unit.id


def test_allowed_edits():
    assert allowed_edits(7) == 1
    assert allowed_edits(21) == 2
    assert allowed_edits(40) == 3


# ------------------------------------------------- abbreviations: one scan = one at a time


def _abbreviations_one_at_a_time(text: str, pairs) -> str:
    """The plain reading of the list: each abbreviation replaced in turn, in the list's order."""
    import re

    for abbr, expansion in pairs:
        chunks = re.findall(r"\w+", abbr)
        body = r"(?:\s*[-&,]\s*)?".join(re.escape(c) for c in chunks)
        text = re.sub(rf"(?<![\w&]){body}(?![\w&])", lambda _m, e=expansion: e, text)
    return text


_PIECES = [a for a, _ in ABBREVIATIONS] + ["Sở", "tỉnh", "huyện", "-", "&", ",", " ", "và", "LĐ - TB & XH",
                                            "UBNDtỉnh", "BCH-QS", "x", "Ủy ban", "&ĐT"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join))
def test_abbreviations_in_one_scan_are_the_same_as_one_at_a_time(text):
    assert expand_abbreviations(text) == _abbreviations_one_at_a_time(text, ABBREVIATIONS)
