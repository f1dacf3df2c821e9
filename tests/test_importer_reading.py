"""Reading files: encodings, Word, PDF, and the Vietnamese errors for files that cannot be read."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from core.errors import DondocError
from core.importer import ImportDocumentError, draft_to_json, parse_text, read_document
from core.importer.reading import detect_legacy_encoding

FIX = Path(__file__).resolve().parents[1] / "fixtures"

SAMPLE = (
    "ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC\nSố: 15/KH-UBND\nBình Phước, ngày 02 tháng 3 năm 2023\n\n"
    "KẾ HOẠCH\nKiểm tra an toàn thực phẩm năm 2023\n\n"
    "1. Sở Y tế chủ trì, phối hợp với Sở Công Thương kiểm tra các bếp ăn tập thể, hoàn thành trước ngày 30/4/2023.\n"
    "2. Giao UBND các huyện, thị xã, thành phố tuyên truyền thường xuyên.\n"
)

# The same words as a TCVN3 (ABC) and a VNI Windows file show them when read as Latin-1.
TCVN3 = (
    "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n"
    "Uû ban nh©n d©n tØnh B×nh Ph­íc\nKÕ ho¹ch triÓn khai thùc hiÖn NghÞ quyÕt cña Ban ChÊp hµnh §¶ng bé tØnh\n"
)
VNI = (
    "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\n"
    "UÛy ban nhaân daân tænh Bình Phöôùc\nKeá hoaïch trieån khai thöïc hieän Nghò quyeát cuûa Ban Chaáp haønh Ñaûng boä tænh\n"
)


def write(tmp_path, name, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --------------------------------------------------------------------------- plain text

@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
])
def test_text_encodings_read_the_same(tmp_path, encoding, prefix):
    p = write(tmp_path, "kh.txt", prefix + SAMPLE.encode(encoding))
    text = read_document(p)
    assert text == SAMPLE
    doc = parse_text(text).documents[0]
    assert doc.number == "15/KH-UBND"
    assert [t.lead for t in doc.tasks] == [["Sở Y tế"], ["UBND các huyện, thị xã, thành phố"]]


def test_utf16_without_bom_is_recognised(tmp_path):
    p = write(tmp_path, "kh.txt", SAMPLE.encode("utf-16-le"))
    assert read_document(p) == SAMPLE


def test_text_is_nfc_normalised_and_newlines_unified(tmp_path):
    nfd = unicodedata.normalize("NFD", SAMPLE).replace("\n", "\r\n")
    p = write(tmp_path, "kh.md", nfd.encode("utf-8"))
    text = read_document(p)
    assert text == SAMPLE
    assert unicodedata.is_normalized("NFC", text)


# --------------------------------------------------------------------------- docx

def _make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    for line in ["ỦY BAN NHÂN DÂN", "TỈNH BẾN TRE", "Số: 77/KH-UBND", "Bến Tre, ngày 03 tháng 7 năm 2023",
                 "KẾ HOẠCH", "Phát triển du lịch cộng đồng năm 2023", "I. NHIỆM VỤ"]:
        d.add_paragraph(line)
    # Word numbers these itself ("1.", "2."): the text of the paragraph has no number.
    d.add_paragraph("Sở Văn hóa, Thể thao và Du lịch", style="List Number")
    d.add_paragraph("Chủ trì xây dựng bộ tiêu chí điểm du lịch cộng đồng, hoàn thành trong tháng 9/2023.",
                    style="List Bullet")
    d.add_paragraph("UBND các huyện, thành phố", style="List Number")
    d.add_paragraph("Phối hợp với Sở Văn hóa, Thể thao và Du lịch hỗ trợ hộ dân làm du lịch.", style="List Bullet")
    d.add_paragraph("II. DANH MỤC NHIỆM VỤ")
    rows = [["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"],
            ["1", "Tổ chức lễ hội dừa", "UBND huyện Giồng Trôm", "Sở Công Thương", "Tháng 8/2023"],
            ["2", "Đào tạo hướng dẫn viên", "Sở Lao động - Thương binh và Xã hội", "", "Quý IV/2023"]]
    table = d.add_table(rows=len(rows), cols=5)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.rows[i].cells[j].text = cell
    d.add_paragraph("Nơi nhận:")
    d.add_paragraph("Nguyễn Văn Hiếu")
    d.save(str(path))


def test_docx_keeps_word_numbering_and_tables(tmp_path):
    p = tmp_path / "kehoach.docx"
    _make_docx(p)
    text = read_document(p)
    assert "1. Sở Văn hóa, Thể thao và Du lịch" in text
    assert "2. UBND các huyện, thành phố" in text
    assert "- Chủ trì xây dựng bộ tiêu chí" in text
    assert "1\tTổ chức lễ hội dừa\tUBND huyện Giồng Trôm\tSở Công Thương\tTháng 8/2023" in text
    doc = parse_text(text).documents[0]
    assert (doc.doc_type, doc.number, doc.issuer) == ("Kế hoạch", "77/KH-UBND", "UBND tỉnh Bến Tre")
    by_ref = {t.ref: t for t in doc.tasks}
    assert by_ref["I.1-1"].lead == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert by_ref["I.1-1"].deadline.due.isoformat() == "2023-09-30"
    assert by_ref["I.2-1"].coordinating == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert by_ref["II.1"].lead == ["UBND huyện Giồng Trôm"]
    assert by_ref["II.1"].coordinating == ["Sở Công Thương"]
    assert by_ref["II.1"].deadline.due.isoformat() == "2023-08-31"
    assert by_ref["II.2"].deadline.due.isoformat() == "2023-12-31"  # "Quý IV/2023"
    assert doc.signer == "Nguyễn Văn Hiếu"


def test_a_zip_that_is_not_a_word_file(tmp_path):
    import zipfile

    p = tmp_path / "x.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(ImportDocumentError, match="không phải văn bản Word"):
        read_document(p)


def test_old_word_format_asks_for_docx(tmp_path):
    p = write(tmp_path, "cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ImportDocumentError, match=r"Word cũ \(\.doc\).*\.docx"):
        read_document(p)


# --------------------------------------------------------------------------- pdf

def test_pdf_with_a_text_layer():
    text = read_document(FIX / "importer" / "ke_hoach_pccc_rung.pdf")
    assert "Sở Nông nghiệp và Phát triển nông thôn" in text
    data = draft_to_json(parse_text(text))
    doc = data["documents"][0]
    assert (doc["doc_type"], doc["number"], doc["signed_on"]) == ("Kế hoạch", "56/KH-UBND", "2024-02-20")
    tasks = {t["ref"]: t for t in doc["tasks"]}
    assert tasks["II.1.a"]["lead"] == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert tasks["II.1.a"]["coordinating"] == ["Công an tỉnh"]
    assert tasks["II.1.a"]["deadline"]["due"] == "2024-03-14"  # "hoàn thành trước ngày 15/3/2024" over a line break
    assert tasks["II.1.b"]["deadline"]["kind"] == "recurring"
    assert tasks["II.2"]["deadline"]["due"] == "2024-03-31"
    assert "I.1" not in tasks  # MỤC ĐÍCH, YÊU CẦU


def test_scanned_pdf_without_text_layer(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    w.add_blank_page(width=595, height=842)
    p = tmp_path / "scan.pdf"
    with open(p, "wb") as fh:
        w.write(fh)
    with pytest.raises(ImportDocumentError) as err:
        read_document(p)
    msg = str(err.value)
    assert "không có lớp chữ" in msg and "OCR" in msg and "bản Word" in msg


def test_damaged_pdf(tmp_path):
    p = write(tmp_path, "hong.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%garbage")
    with pytest.raises(ImportDocumentError, match="PDF"):
        read_document(p)


# --------------------------------------------------------------------------- errors

def test_empty_and_blank_files(tmp_path):
    for data in (b"", b"   \n\n\t  \r\n"):
        p = write(tmp_path, "rong.txt", data)
        with pytest.raises(ImportDocumentError, match="trống"):
            read_document(p)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ImportDocumentError, match="Không tìm thấy tệp"):
        read_document(tmp_path / "khong-co.txt")
    with pytest.raises(ImportDocumentError, match="thư mục"):
        read_document(tmp_path)


def test_binary_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    p = write(tmp_path, "anh.txt", png)
    with pytest.raises(ImportDocumentError, match="không phải văn bản"):
        read_document(p)


def test_unreadable_bytes_in_an_unknown_8_bit_encoding(tmp_path):
    p = write(tmp_path, "nga.txt", ("Привет, это текст в кодировке Windows-1251. " * 20).encode("cp1251"))
    with pytest.raises(ImportDocumentError, match="UTF-8"):
        read_document(p)


@pytest.mark.parametrize("sample,name", [(TCVN3, "TCVN3"), (VNI, "VNI")])
def test_legacy_vietnamese_encodings_are_named(tmp_path, sample, name):
    p = write(tmp_path, "cu.txt", (sample * 3).encode("latin-1"))  # an 8-bit file
    with pytest.raises(ImportDocumentError) as err:
        read_document(p)
    msg = str(err.value)
    assert name in msg and "Unikey" in msg and "Unicode" in msg
    # The same text pasted into a UTF-8 file is caught as well.
    p2 = write(tmp_path, "dan.txt", (sample * 3).encode("utf-8"))
    with pytest.raises(ImportDocumentError, match=name):
        read_document(p2)


def test_unicode_text_is_not_taken_for_a_legacy_encoding():
    for p in sorted((FIX / "seeds").glob("*.txt")):
        assert detect_legacy_encoding(p.read_text(encoding="utf-8")) is None, p.name
    quoted = "Văn bản «Sở Y tế» © 2021 · 2×3 § 5 µg ® — Hoà bình, khoẻ mạnh, Thuỷ lợi. " * 5
    assert detect_legacy_encoding(quoted) is None


def test_import_error_is_a_dondoc_error():
    assert issubclass(ImportDocumentError, DondocError)
