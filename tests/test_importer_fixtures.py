"""Documents composed for the importer (fixtures/importer/): other subjects, other shapes."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.deadlines import DeadlineKind
from core.importer import import_file, parse_text

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "importer"


def tasks_of(name):
    draft = import_file(FIX / name)
    assert len(draft.documents) == 1
    doc = draft.documents[0]
    return doc, {t.ref: t for t in doc.tasks}


def test_decision_with_articles_and_a_table_of_tasks():
    doc, t = tasks_of("qd_dieu_bang_nhiem_vu.txt")
    assert (doc.doc_type, doc.number, doc.signed_on) == ("Quyết định", "1234/QĐ-UBND", date(2023, 4, 5))
    assert doc.issuer == "UBND tỉnh Khánh Hòa"
    assert doc.signer == "Nguyễn Văn Minh"
    assert doc.parent_refs == ["Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ"]
    assert doc.reporting.cycle == "quarterly"
    assert set(t) == {"Điều 2", "PL.I.1", "PL.I.2", "PL.II.3", "PL.II.4", "PL.II.5"}
    assert t["Điều 2"].lead == ["Sở Thông tin và Truyền thông"]
    assert t["Điều 2"].coordinating == ["Văn phòng UBND tỉnh"]
    assert t["PL.I.1"].coordinating == ["Công an tỉnh"]
    assert t["PL.I.1"].deadline.due == date(2023, 9, 30)  # "Quý III/2023"
    assert t["PL.I.2"].deadline.due == date(2023, 9, 29)  # "Trước ngày 30/9/2023"
    assert t["PL.II.3"].coordinating == ["Sở Thông tin và Truyền thông"]  # "các sở, ngành liên quan" left out
    assert "coordinating" in t["PL.II.3"].uncertain
    assert t["PL.II.4"].lead == ["Các sở, ban, ngành tỉnh"]
    assert t["PL.II.4"].deadline.kind is DeadlineKind.RECURRING
    assert t["PL.II.5"].deadline.due == date(2023, 12, 31)


def test_letter_of_requests_without_numbered_items():
    doc, t = tasks_of("cong_van_de_nghi.txt")
    assert (doc.doc_type, doc.number) == ("Công văn", "2156/UBND-KTN")
    assert doc.summary == "chủ động ứng phó với bão số 4 và mưa lũ"
    assert doc.parent_refs == ["Công điện số 06/CĐ-TTg ngày 25/9/2022 của Thủ tướng Chính phủ"]
    assert list(t) == ["¶1", "¶2", "¶3", "¶4", "¶5"]  # the closing "Yêu cầu Thủ trưởng…" is no task
    assert t["¶1"].lead == ["UBND các huyện, thị xã, thành phố"]  # "Chủ tịch UBND các huyện…"
    assert t["¶1"].deadline.due == date(2022, 9, 27)
    assert t["¶2"].requested == ["Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]
    assert t["¶3"].coordinating == []  # "phối hợp với các địa phương"
    assert t["¶3"].deadline.due == date(2022, 9, 28)
    assert t["¶4"].lead == ["Sở Giao thông vận tải"] and t["¶4"].coordinating == ["Công an tỉnh"]
    assert t["¶4"].deadline.kind is DeadlineKind.NONE  # "ngay khi có mưa lớn" is a condition
    assert t["¶5"].lead == ["Báo Quảng Nam", "Đài Phát thanh và Truyền hình Quảng Nam"]


def test_plan_with_unit_headings_period_and_half_yearly_reports():
    doc, t = tasks_of("ke_hoach_don_vi.txt")
    assert doc.period.start == date(2023, 1, 1) and doc.period.due == date(2025, 12, 31)
    assert doc.reporting.cycle == "semi_annual"
    assert doc.signer == "Đặng Trí Dũng"  # a stray fragment above the name is skipped
    assert "I.1" not in t and "I.2" not in t  # MỤC ĐÍCH, YÊU CẦU
    assert t["II.1"].lead == ["Sở Xây dựng"]
    assert t["II.1"].coordinating == ["Sở Tài nguyên và Môi trường", "UBND các huyện, thành phố"]
    assert t["II.1"].deadline.due == date(2023, 6, 30)  # "trong quý II năm 2023"
    assert t["II.2"].deadline.due == date(2024, 12, 31)  # "Thời gian: năm 2023 - 2024"
    assert t["III.1.b"].coordinating == ["Sở Tài chính"]
    assert t["III.1.b"].deadline.inherited and t["III.1.b"].deadline.due == date(2025, 12, 31)
    assert t["III.1.c"].deadline.kind is DeadlineKind.RECURRING
    assert t["III.2.a"].lead == ["UBND các huyện, thành phố"]
    # A heading that runs over to the next line is still a heading, not a sentence.
    assert t["III.3"].lead == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]
    assert t["III.3"].requested == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]


def test_markdown_conversion_noise():
    doc, t = tasks_of("thong_bao_markdown_nhieu.md")
    assert (doc.doc_type, doc.number, doc.signed_on) == ("Thông báo", "87/TB-UBND", date(2024, 3, 10))
    assert doc.signer == "Lê Quang Huy"
    assert doc.reporting.cycle == "weekly"
    # "### **1. 1. Ban Quản lý … (BQLDA)**": label printed twice, abbreviation defined in place.
    assert set(t) == {"1.a", "1.b", "2-1", "2-2", "3", "4"}
    bql = "Ban Quản lý dự án đầu tư xây dựng tỉnh"
    assert t["1.a"].lead == [bql] and t["1.a"].coordinating == ["UBND thành phố Phổ Yên"]
    assert t["1.a"].deadline.due == date(2024, 3, 30)
    assert t["2-2"].coordinating == [bql, "Sở Tài nguyên và Môi trường"]  # "BQLDA" expanded
    assert t["2-2"].deadline.due == date(2024, 4, 30)  # italic "*Thời hạn: trong tháng 4/2024.*"
    assert t["4"].lead == [bql]
    assert all("Trang 2/3" not in x.text and "**" not in x.text for x in doc.tasks)


@pytest.mark.parametrize("name", ["qd_dieu_bang_nhiem_vu.txt", "cong_van_de_nghi.txt", "ke_hoach_don_vi.txt",
                                  "ke_hoach_truong_thong_tin.txt",
                                  "thong_bao_markdown_nhieu.md", "ke_hoach_pccc_rung.pdf"])
def test_every_task_has_a_unit_and_a_ref(name):
    doc, t = tasks_of(name)
    assert t
    for ref, task in t.items():
        assert ref and task.text.strip() and task.lead


def test_inline_shapes():
    text = (
        "KẾ HOẠCH\nKiểm tra năm 2024\n\n"
        "I. NHIỆM VỤ\n"
        "1. Công tác tuyên truyền\n"
        "a) In tờ rơi.\n"
        "b) Phát thanh trên loa xã.\n"
        "c) Treo băng rôn.\n"
        "Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Hội Nông dân tỉnh thực hiện trong quý I/2024.\n\n"
        "2. Sở Y tế\n"
        "đ) Kiểm tra bếp ăn.\n"
        "e) Báo cáo kết quả.\n"
    )
    doc = parse_text(text).documents[0]
    t = {x.ref: x for x in doc.tasks}
    # a) b) c) only describe one assignment written below them: one task.
    assert set(t) == {"I.1", "I.2.đ", "I.2.e"}
    assert t["I.1"].coordinating == ["Hội Nông dân tỉnh"]
    assert t["I.1"].deadline.due == date(2024, 3, 31)
    assert t["I.2.đ"].lead == ["Sở Y tế"]  # Vietnamese letters keep their own letter


def test_plan_with_field_lines_under_each_item():
    """"- Cơ quan chủ trì: …", "- Thời gian hoàn thành: …" describe the item above; fields also
    come in brackets or on one line."""
    doc, t = tasks_of("ke_hoach_truong_thong_tin.txt")
    assert set(t) == {"II.1.1", "II.1.2", "II.2.1", "II.2.2", "III"}
    assert t["II.1.1"].lead == ["Sở Tư pháp"]
    assert t["II.1.1"].coordinating == ["Công an tỉnh", "Văn phòng UBND tỉnh"]
    assert t["II.1.1"].deadline.due == date(2024, 6, 30)  # "Quý II/2024"
    assert t["II.1.2"].lead == ["Sở Thông tin và Truyền thông"] and t["II.1.2"].coordinating == ["Công an tỉnh"]
    assert t["II.1.2"].deadline.due == date(2024, 9, 30)
    assert t["II.2.1"].lead == ["UBND các huyện, thành phố, thị xã"]
    assert t["II.2.1"].deadline.due == date(2024, 12, 31)  # "thời hạn: năm 2024"
    assert t["II.2.2"].lead == ["Công an tỉnh"] and t["II.2.2"].deadline.due == date(2024, 10, 30)
    assert t["III"].lead == ["Công an tỉnh"]  # "(Thường trực Tổ công tác …)" is an aside
    assert t["III"].deadline.kind is DeadlineKind.RECURRING
    assert doc.reporting.cycle == "monthly"
    assert doc.signer == "Võ Trọng Hải"


def test_titles_before_units_caps_headings_and_inline_colons():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG\nSố: 09/CT-UBND\nAn Giang, ngày 02 tháng 6 năm 2024\n"
        "CHỈ THỊ\nVề tăng cường phòng chống dịch sốt xuất huyết\n"
        "1. Giám đốc Sở Y tế chỉ đạo các cơ sở y tế chuẩn bị thuốc; báo cáo UBND tỉnh trước ngày 15/6/2024.\n"
        "2. Chủ tịch UBND các huyện, thị xã, thành phố tổ chức chiến dịch diệt lăng quăng; thực hiện hằng tuần.\n"
        "3. Sở Giáo dục và Đào tạo: chủ trì, phối hợp với Sở Y tế tuyên truyền trong trường học.\n"
        "IV. PHÂN CÔNG\n1. SỞ TÀI CHÍNH\nBố trí kinh phí phòng chống dịch.\nThời gian thực hiện: tháng 7/2024\n"
        "2. CÔNG AN TỈNH\na) Bảo đảm an ninh trật tự tại các điểm tiêm.\nb) Phối hợp với Sở Y tế truy vết.\n"
    )
    doc = parse_text(text).documents[0]
    assert (doc.doc_type, doc.number, doc.issuer) == ("Chỉ thị", "09/CT-UBND", "UBND tỉnh An Giang")
    t = {x.ref: x for x in doc.tasks}
    assert t["1"].lead == ["Sở Y tế"] and t["1"].deadline.due == date(2024, 6, 14)
    assert t["2"].lead == ["UBND các huyện, thị xã, thành phố"]
    assert t["2"].deadline.kind is DeadlineKind.RECURRING
    assert t["3"].lead == ["Sở Giáo dục và Đào tạo"] and t["3"].coordinating == ["Sở Y tế"]
    assert t["IV.1"].lead == ["Sở Tài chính"] and t["IV.1"].deadline.due == date(2024, 7, 31)
    assert t["IV.2.b"].lead == ["Công an tỉnh"] and t["IV.2.b"].coordinating == ["Sở Y tế"]
