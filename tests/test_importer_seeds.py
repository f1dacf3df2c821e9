"""The five real documents: header fields, task counts, and tasks checked by hand."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from core.deadlines import DeadlineKind
from core.importer import document_to_store_draft, draft_to_json, import_file

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


@pytest.fixture(scope="module")
def drafts():
    return {p.name[:3]: import_file(p) for p in sorted(SEEDS.glob("*.txt"))}


def task(doc, ref):
    found = [t for t in doc.tasks if t.ref == ref]
    assert found, f"no task {ref}; have {[t.ref for t in doc.tasks]}"
    return found[0]


# --------------------------------------------------------------------------- 000: decision + plan

def test_000_decision_carrying_its_plan_is_one_document(drafts):
    d = drafts["000"]
    assert len(d.documents) == 1
    doc = d.documents[0]
    assert doc.doc_type == "Quyết định"
    assert doc.number == "855/QĐ-UBND"
    assert doc.signed_on == date(2022, 5, 13)
    assert doc.place == "Trà Vinh"
    assert doc.issuer == "UBND tỉnh Trà Vinh"
    assert doc.signer == "Lê Thanh Bình"
    assert doc.parent_refs == ["Nghị quyết số 38/NQ-CP ngày 17/3/2022 của Chính phủ"]
    # "II. THỜI GIAN THỰC HIỆN: Năm 2022 - 2023."
    assert doc.period.start == date(2022, 1, 1) and doc.period.due == date(2023, 12, 31)
    # Section IV has 21 unit headings holding 56 lettered or plain items; plus Điều 2.
    assert 55 <= len(doc.tasks) <= 66


def test_000_unit_headings_lead_their_lettered_items(drafts):
    doc = drafts["000"].documents[0]
    a = task(doc, "IV.1.a")  # "1. Sở Y tế" / "a) Chủ trì, phối hợp với … UBND các huyện…"
    assert a.lead == ["Sở Y tế"]
    assert a.coordinating == ["UBND các huyện, thị xã, thành phố"]
    assert a.deadline.kind is DeadlineKind.RECURRING  # "thường xuyên, định kỳ kiểm tra"
    g = task(doc, "IV.1.g")  # "g) Phối hợp với Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh, …"
    assert g.lead == ["Sở Y tế"]
    assert set(g.coordinating) == {"Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"}
    # A shared opening line "Chủ trì, phối hợp với … và UBND các huyện…:" above a), b), c).
    for ref in ("IV.5.a", "IV.5.b", "IV.5.c"):
        t = task(doc, ref)
        assert t.lead == ["Sở Lao động - Thương binh và Xã hội"]
        assert t.coordinating == ["UBND các huyện, thị xã, thành phố"]
    # "16. Sờ Tư pháp" (typo mended), an item without letters under a unit heading.
    assert task(doc, "IV.16").lead == ["Sở Tư pháp"]
    assert task(doc, "IV.16").deadline.kind is DeadlineKind.RECURRING
    # "20. Đề nghị Ủy ban MTTQ Việt Nam tỉnh và các tổ chức thành viên"
    t = task(doc, "IV.20.a")
    assert t.lead == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"] and t.requested == t.lead
    assert t.coordinating == ["Sở Y tế"]  # "phối hợp với ngành y tế và chính quyền các cấp"
    # A task with no deadline of its own inherits the plan's period.
    b = task(doc, "IV.1.b")
    assert b.deadline.kind is DeadlineKind.DATE and b.deadline.due == date(2023, 12, 31)
    assert b.deadline.inherited


def test_000_objectives_and_enacting_clauses_are_not_tasks(drafts):
    doc = drafts["000"].documents[0]
    refs = {t.ref for t in doc.tasks}
    assert not any(r.startswith("I.") or r == "I" for r in refs)  # MỤC TIÊU
    assert "Điều 2" in refs  # "Giao Giám đốc Sở Y tế chủ trì…"
    assert "Điều 3" not in refs and "Điều 4" not in refs  # effect / "chịu trách nhiệm thi hành"
    assert task(doc, "Điều 2").lead == ["Sở Y tế"]


# --------------------------------------------------------------------------- 001 and 002

def test_001_header_without_number_or_date(drafts):
    doc = drafts["001"].documents[0]
    assert doc.doc_type == "Kế hoạch"
    assert doc.number is None  # "Số:             /KH-UBND"
    assert doc.signed_on is None  # "Bắc Giang, ngày       tháng      năm 2022"
    assert doc.issuer == "UBND tỉnh Bắc Giang"
    assert doc.parent_refs == ["Nghị quyết số 38/NQ-CP ngày 17/3/2022 của Chính phủ"]
    assert doc.period.due == date(2023, 12, 31)
    assert doc.period.phrase == "Thực hiện trong thời gian 2 năm (2022 - 2023)"
    assert len(doc.tasks) == 44
    t = task(doc, "V.5-2")  # "Triển khai thực hiện ngay nội dung hỗ trợ…"
    assert t.deadline.kind is DeadlineKind.IMMEDIATE
    assert "deadline" in t.uncertain
    t = task(doc, "V.9-1")  # "9. Đài Phát thanh- Truyền hình tỉnh, Báo Bắc Giang"
    assert t.lead == ["Đài Phát thanh - Truyền hình tỉnh", "Báo Bắc Giang"]
    assert task(doc, "V.11-1").lead == ["UBND các huyện, thành phố"]  # "Ủy ban nhân dân huyện, thành phố"
    assert task(doc, "V.10-1").lead == ["Các Sở ngành khác"]


def test_002_header_reporting_and_tasks(drafts):
    doc = drafts["002"].documents[0]
    assert (doc.doc_type, doc.number, doc.signed_on) == ("Kế hoạch", None, date(2021, 8, 14))
    assert doc.issuer == "UBND tỉnh Bình Phước"
    assert doc.signer == "Trần Tuệ Hiền"
    assert doc.reporting.cycle == "semi_monthly"
    assert doc.reporting.phrase == "định kỳ ngày 15 và 30 hàng tháng báo cáo kết quả về UBND tỉnh"
    assert doc.parent_refs == ["Nghị quyết số 05-NQ/TU ngày 05/8/2021 của Ban Chấp hành Đảng bộ tỉnh"]
    assert doc.period is None
    assert len(doc.tasks) == 55
    t = task(doc, "II.1.12")  # bullets elaborate one assignment line below them
    assert t.lead == ["Sở Y tế"]
    assert t.coordinating == ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]  # "BCHQS tỉnh" expanded
    assert t.deadline.due == date(2021, 8, 19)
    assert "coordinating" in t.uncertain  # "các cơ quan liên quan" was left out
    t = task(doc, "II.1.9")
    assert (t.deadline.start, t.deadline.due) == (date(2021, 8, 1), date(2021, 12, 31))
    assert task(doc, "II.1.6").deadline.kind is DeadlineKind.UNTIL_EVENT
    t = task(doc, "II.4.4")
    assert t.requested == ["Ban Tuyên giáo Tỉnh ủy", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]
    assert "Đài Phát thanh - Truyền hình và Báo Bình Phước" in t.lead
    # Star sub-headings name the unit of the bullets below them; bullets count on.
    assert task(doc, "II.1.2-5").lead == ["UBND cấp huyện"]
    assert task(doc, "II.1.2-6").lead == ["UBND cấp xã"]
    # "Bộ Chỉ huy Quân sự" written short once takes the document's full form.
    assert "Bộ Chỉ huy Quân sự tỉnh" in task(doc, "II.4.1").lead


def test_002_store_draft_is_close_to_the_hand_checked_dataset(drafts):
    mine = document_to_store_draft(drafts["002"].documents[0])
    ref = json.loads((SEEDS.parent / "seed_002.json").read_text(encoding="utf-8"))
    assert mine["directive"]["reporting"] == ref["directive"]["reporting"]
    for key in ("doc_type", "type_code", "number", "issuer", "signed_on", "place", "signer", "summary"):
        assert mine["directive"][key] == ref["directive"][key], key
    assert [n["ref"] for n in mine["nodes"]] == [n["ref"] for n in ref["nodes"]]
    assert [n["kind"] for n in mine["nodes"]] == [n["kind"] for n in ref["nodes"]]
    theirs = {n["ref"]: n for n in ref["nodes"] if n["kind"] == "task"}
    same_due = sum(
        (n["deadline"]["kind"], n["deadline"]["due"]) == (theirs[n["ref"]]["deadline"]["kind"],
                                                        theirs[n["ref"]]["deadline"]["due"])
        for n in mine["nodes"] if n["kind"] == "task"
    )
    assert same_due == len(theirs)


# --------------------------------------------------------------------------- 003: letter bundle

def test_003_cover_letter_bundles_two_conclusions(drafts):
    docs = drafts["003"].documents
    assert len(docs) == 3
    letter, kl13, kl14 = docs
    assert (letter.doc_type, letter.number, letter.signed_on) == ("Công văn", "10822/UBND-KGVX", date(2021, 9, 8))
    assert letter.issuer == "UBND tỉnh Đồng Nai"
    assert letter.summary.startswith("triển khai thực hiện Kết luận số 13, 14-KL/BCĐ")
    assert (kl13.doc_type, kl13.number, kl13.signed_on) == ("Kết luận", "13-KL/BCĐ", date(2021, 9, 2))
    assert (kl14.doc_type, kl14.number, kl14.signed_on) == ("Kết luận", "14-KL/BCĐ", date(2021, 9, 6))
    assert kl13.bundled_in == 0 and kl14.bundled_in == 0 and letter.bundled_in is None
    # The stamp "Số: 37224 P" on the received copy is not the number.
    assert kl14.number == "14-KL/BCĐ"
    assert kl13.reporting.cycle == "weekly" and kl14.reporting.cycle == "weekly"
    assert 10 <= len(letter.tasks) <= 16 and 3 <= len(kl13.tasks) <= 6 and 6 <= len(kl14.tasks) <= 10


def test_003_letter_tasks(drafts):
    letter = drafts["003"].documents[0]
    t = task(letter, "5")  # "Giao Sở KH&ĐT khẩn trương chủ trì, phối hợp … trước ngày 13 tháng 9 năm 2021"
    assert t.lead == ["Sở Kế hoạch và Đầu tư"]
    assert t.coordinating == ["Sở Công Thương", "Sở Tài chính", "Sở Y tế"]
    assert t.deadline.due == date(2021, 9, 12)
    t = task(letter, "2.c")  # under "2. Sở Y tế": "c) Phối hợp Bộ Chỉ huy quân sự tỉnh …"
    assert t.lead == ["Sở Y tế"] and t.coordinating == ["Bộ Chỉ huy Quân sự tỉnh"]
    t = task(letter, "3.a")  # "phấn đấu mục tiêu đến hết ngày 15/9/2021"
    assert t.lead == ["Sở Lao động - Thương binh và Xã hội"] and t.deadline.due == date(2021, 9, 15)
    assert task(letter, "6").lead == ["Công an tỉnh"]  # "phối hợp với các địa phương": vague
    assert task(letter, "6").coordinating == []
    # The closing "Quá trình thực hiện có khó khăn…" is no task and adds no unit.
    assert all("Quá trình thực hiện" not in t.text for t in letter.tasks)


def test_003_conclusions_tasks(drafts):
    kl13, kl14 = drafts["003"].documents[1:]
    assert task(kl13, "5").lead == ["Sở Y tế"] and task(kl13, "5").requested == ["Sở Y tế"]
    t = task(kl14, "1-2")
    assert t.lead == ["Ban Chỉ đạo phòng, chống dịch các huyện, thành phố"]
    assert set(t.coordinating) == {"Sở Y tế", "Trung tâm Kiểm soát bệnh tật tỉnh"}
    assert task(kl14, "2-2").deadline.kind is DeadlineKind.IMMEDIATE  # "phân bổ ngay"
    assert task(kl14, "3-4").deadline.due == date(2021, 9, 6)  # "trong ngày 06/9/2021"


# --------------------------------------------------------------------------- 004: party directive

def test_004_party_directive_without_number_or_date(drafts):
    docs = drafts["004"].documents
    assert len(docs) == 1
    doc = docs[0]
    assert doc.doc_type == "Chỉ thị"
    assert doc.number is None and doc.signed_on is None
    assert doc.issuer == "Ban Thường vụ Tỉnh ủy"
    assert doc.signer == "Nguyễn Đức Thanh"
    assert doc.summary.startswith("triển khai các hoạt động thích ứng an toàn")
    assert "number" in doc.uncertain and "signed_on" in doc.uncertain
    assert 15 <= len(doc.tasks) <= 28
    t = task(doc, "5")
    assert t.lead == ["Ban Tuyên giáo Tỉnh ủy"]
    assert t.coordinating == ["Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh"]
    t = task(doc, "6")  # three units in three sentences of one item
    assert set(t.lead) >= {"Ủy ban Kiểm tra Tỉnh ủy", "Ban Tổ chức Tỉnh ủy"}
    # Units named inside brackets (a list of information channels) are not assigned.
    assert all(not u.startswith("Đài truyền thanh") for t in doc.tasks for u in t.lead)
    # No period and no year: tasks without a deadline say so.
    assert task(doc, "2.b").deadline.kind is DeadlineKind.NONE
    assert "deadline" in task(doc, "2.b").uncertain


def test_every_seed_gives_valid_json(drafts):
    for key, d in drafts.items():
        data = draft_to_json(d)
        json.dumps(data, ensure_ascii=False)
        for doc in data["documents"]:
            assert set(doc) == {"doc_type", "number", "issuer", "signed_on", "place", "summary", "signer",
                                "parent_refs", "period", "reporting", "tasks"}
            refs = [t["ref"] for t in doc["tasks"]]
            assert len(refs) == len(set(refs)), key
            for t in doc["tasks"]:
                assert set(t) == {"ref", "text", "lead", "coordinating", "deadline", "uncertain"}
                assert t["lead"], (key, t["ref"])
                assert t["deadline"]["kind"] in ("date", "recurring", "immediate", "until_event", "none")
                if t["deadline"]["kind"] == "date":
                    assert date.fromisoformat(t["deadline"]["due"])
