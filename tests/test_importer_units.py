"""Unit names in sentences: roles, groups, vague phrases, abbreviations, suggestions."""
from __future__ import annotations

import pytest

from core.importer import suggest_units
from core.importer.lines import LETTERS, clean_lines, join_paragraphs, parse_label
from core.importer.unitnames import UnitReader, canon_unit, is_vague_unit, tones
from core.text import canonical_tones


@pytest.fixture
def reader():
    return UnitReader()


@pytest.mark.parametrize("text,lead,coord", [
    ("Sở Y tế chủ trì, phối hợp với Công an tỉnh, BCHQS tỉnh và các cơ quan liên quan thực hiện.",
     ["Sở Y tế"], ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]),
    ("Sở Thông tin và Truyền thông chủ trì phối hợp Sở Y tế, UBND huyện, thị xã, thành phố thực hiện.",
     ["Sở Thông tin và Truyền thông"], ["Sở Y tế", "UBND các huyện, thị xã, thành phố"]),
    ("Giao Văn phòng UBND tỉnh chủ trì, phối hợp Sở Y tế và các cơ quan, đơn vị liên quan theo dõi.",
     ["Văn phòng UBND tỉnh"], ["Sở Y tế"]),
    ("Sở Văn hóa, Thể thao và Du lịch, UBND các huyện, thị xã, thành phố tuyên truyền.",
     ["Sở Văn hóa, Thể thao và Du lịch", "UBND các huyện, thị xã, thành phố"], []),
    ("Đoàn kiểm tra liên ngành do Công an tỉnh làm trưởng đoàn kiểm tra, hướng dẫn.", ["Công an tỉnh"], []),
    ("Các huyện, thị xã, thành phố thành lập các tổ công tác liên ngành.",
     ["UBND các huyện, thị xã, thành phố"], []),
    ("Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh giao Ban cán sự Đảng UBND tỉnh tập trung chỉ đạo:",
     ["Ban cán sự Đảng UBND tỉnh"], []),
    ("Đối với công tác tầm soát diện rộng, Sở Y tế chủ trì, phối hợp UBND các huyện, thành phố thực hiện.",
     ["Sở Y tế"], ["UBND các huyện, thành phố"]),
    ("Rà soát, cập nhật hướng dẫn của Bộ Giao thông vận tải, Bộ Y tế tham mưu UBND tỉnh.", [], []),
    ("Lực lượng tham gia: Tổ Covid cộng đồng và các lực lượng khác.", [], []),
    ("Giao Tổ kiểm tra 1324 (thành lập theo Quyết định số 1324/QĐ-UBND) kiểm tra việc thực hiện.",
     ["Tổ kiểm tra 1324"], []),
    ("Sở Lao động – Thương Binh và Xã hội, Sờ Tư pháp thực hiện.",
     ["Sở Lao động - Thương binh và Xã hội", "Sở Tư pháp"], []),
])
def test_roles_in_sentences(reader, text, lead, coord):
    a = reader.read(text)
    assert a.lead == lead
    assert a.coordinating == coord


def test_requested_units_and_merged_media_name(reader):
    a = reader.read("Đề nghị Ban Tuyên giáo Tỉnh uỷ, Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh triển khai. "
                    "Đài Phát thanh - Truyền hình và Báo Bình Phước triển khai thực hiện thường xuyên.")
    assert a.requested == ["Ban Tuyên giáo Tỉnh ủy", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]
    assert a.lead[-1] == "Đài Phát thanh - Truyền hình và Báo Bình Phước"


def test_vague_phrases_are_dropped_and_reported(reader):
    a = reader.read("Các sở, ban, ngành có liên quan, UBND các huyện, thị xã, thành phố. Thực hiện thường xuyên.")
    assert a.lead == ["UBND các huyện, thị xã, thành phố"]
    assert a.dropped == ["Các sở, ban, ngành có liên quan"]


@pytest.mark.parametrize("name,vague", [
    ("các cơ quan liên quan", True), ("chính quyền các cấp", True), ("các địa phương", True),
    ("các sở, ngành tỉnh có liên quan", True), ("các lực lượng chức năng liên quan", True),
    ("Các cơ quan khác", True), ("các ngành", True), ("Các sở, ban, ngành tỉnh", False),
    ("Các sở, ban, ngành, đoàn thể", False), ("UBND các cấp", False), ("Sở Y tế", False),
    ("Các Trung tâm Y tế huyện", False),
])
def test_vague(name, vague):
    assert is_vague_unit(name) is vague


def test_a_heading_group_with_khac_is_kept():
    assert not is_vague_unit("Các Sở ngành khác", heading=True)
    assert is_vague_unit("Các Sở ngành khác")


@pytest.mark.parametrize("raw,canon", [
    ("Ủy ban nhân dân huyện, thành phố", "UBND các huyện, thành phố"),
    ("BCHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
    ("Ủy ban MTTQVN cùng cấp", "Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp"),
    ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
    ("ngành y tế", "Sở Y tế"),
    ("Đài Phát thanh- Truyền hình tỉnh", "Đài Phát thanh - Truyền hình tỉnh"),
    ("Bộ Chỉ huy quân sự tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
    ("Giám đốc Sở Y tế", "Sở Y tế"),
    ("Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố"),
    ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
])
def test_canonical_names(raw, canon):
    assert canon_unit(raw) == canon


def test_headings_that_name_units(reader):
    assert reader.heading_units("Sở Y tế").lead == ["Sở Y tế"]
    h = reader.heading_units("12. Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh".split(" ", 1)[1])
    assert h.lead == h.requested == ["Ủy ban Mặt trận Tổ quốc tỉnh"]
    assert reader.heading_units("Trách nhiệm của UBND cấp huyện:").lead == ["UBND cấp huyện"]
    assert reader.heading_units("Mục tiêu chung") is None
    assert reader.heading_units("Thực hiện nhiệm vụ phòng, chống dịch") is None
    assert reader.heading_units("Sở Y tế chủ trì thực hiện") is None


def test_document_defined_abbreviations(reader):
    defs = reader.abbreviation_definitions("Giao Ban Quản lý dự án đầu tư xây dựng tỉnh (BQLDA) chủ trì.")
    assert defs == {"BQLDA": "Ban Quản lý dự án đầu tư xây dựng tỉnh"}
    r = UnitReader(defs)
    assert r.read("Phối hợp với BQLDA và Sở Tài chính thực hiện.").coordinating == [
        "Ban Quản lý dự án đầu tư xây dựng tỉnh", "Sở Tài chính"]


def test_suggest_units_over_folded_names():
    known = ["Sở Y tế", "Sở Tài chính", "Ủy ban MTTQ Việt Nam cấp huyện", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]
    assert suggest_units("So Y te", known)[0] == "Sở Y tế"
    assert suggest_units("Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp", known)[0] == "Ủy ban MTTQ Việt Nam cấp huyện"
    assert suggest_units("BCHQS tinh", known)[0] == "Bộ Chỉ huy Quân sự tỉnh"
    assert suggest_units("", known) == [] and suggest_units("Sở Y tế", []) == []
    assert len(suggest_units("Sở", known, limit=2)) <= 2


def test_fast_tone_placement_matches_core():
    for word in ["hoà", "Hoà", "thuỷ", "Uỷ", "quý", "khoẻ", "hoá", "thoả", "tuý", "qua", "hoàng", "ủy"]:
        assert tones(word) == canonical_tones(word), word


# --------------------------------------------------------------------------- labels and lines

@pytest.mark.parametrize("line,kind,label,rest", [
    ("II. NỘI DUNG", "roman", "II", "NỘI DUNG"),
    ("1.3. Tiếp tục tổ chức", "num", "1.3", "Tiếp tục tổ chức"),
    ("2.1 Xây dựng kịch bản", "num", "2.1", "Xây dựng kịch bản"),
    ("2 - Về công tác tiêm chủng", "num", "2", "Về công tác tiêm chủng"),
    ("đ) Kiểm tra", "letter", "đ", "Kiểm tra"),
    ("Điều 2. Giao Sở Y tế", "dieu", "Điều 2", "Giao Sở Y tế"),
    ("- Căn cứ mức độ", "dash", "-", "Căn cứ mức độ"),
    ("+ Chủ trì", "plus", "+", "Chủ trì"),
    ("19 và huy động", None, None, "19 và huy động"),
    ("1.000 ca bệnh", None, None, "1.000 ca bệnh"),
    ("V/v triển khai", None, None, "V/v triển khai"),
])
def test_labels(line, kind, label, rest):
    k, lab, _, r = parse_label(line)
    assert (k, lab, r) == (kind, label, rest)


def test_letter_order_is_vietnamese():
    assert LETTERS[:7] == ["a", "b", "c", "d", "đ", "e", "g"]


def test_noise_and_broken_lines():
    text = (
        "## **1. 1. Sở Y tế**\n\n"
        "- Tiếp tục đẩy mạnh triển khai các hệ thống công nghệ thông tin phục vụ phòng, chống dịch\n"
        "COVID-19, bảo đảm an toàn.\n"
        "---\n\nTrang 2/5\n\n"
        "- Có thể chủ động áp dụng linh hoạt các biện pháp cần thiết (cấm, nghiêm\n\n"
        "cấm...) theo quy định. *Thời gian thực hiện: Thường xuyên.*\n"
    )
    paras = join_paragraphs(clean_lines(text))
    assert [(p.label_kind, p.label) for p in paras] == [("num", "1"), ("dash", "-"), ("dash", "-"), (None, None)]
    assert paras[0].text == "Sở Y tế"
    assert paras[1].text.endswith("chống dịch COVID-19, bảo đảm an toàn.")
    assert "nghiêm cấm...)" in paras[2].text
    assert paras[3].text == "Thời gian thực hiện: Thường xuyên."
