"""The report and reminder writers (core/reports/*_report.py, reminder_docx.py): files read
back with python-docx and openpyxl, checked for the Decree 30 layout, fonts, every figure,
Vietnamese text, determinism, and hostile text that must neither break a file nor be
interpreted."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile

import docx
import openpyxl
import pytest
from docx.shared import Cm, Pt

D = dt.date

from core.reports import labels as L
from core.reports.docx_report import write_report_docx
from core.reports.model import CATEGORY_KEYS, FLAG_KEYS, Counts, Omitted, ReminderData, UnitSection
from core.reports.reminder_docx import write_reminder_docx
from core.reports.text_report import md_cell, md_text, report_csv, report_markdown, write_report_csv
from core.reports.xlsx_report import MAX_WIDTH, write_report_xlsx
from tests.report_samples import (
    HOSTILE,
    empty_reminder,
    empty_report,
    hostile_reminder,
    hostile_report,
    sample_reminder,
    sample_report,
)

TNR = "Times New Roman"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]")


# --- helpers ------------------------------------------------------------------------------------


def docx_bytes(writer, data) -> bytes:
    out = io.BytesIO()
    writer(data, out)
    return out.getvalue()


def open_docx(writer, data):
    return docx.Document(io.BytesIO(docx_bytes(writer, data)))


def xlsx_book(data):
    out = io.BytesIO()
    write_report_xlsx(data, out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def blocks(document):
    """Body paragraphs and tables in document order."""
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            yield docx.text.paragraph.Paragraph(child, document)
        elif child.tag == f"{W}tbl":
            yield docx.table.Table(child, document)


def all_paragraphs(document):
    """Every paragraph of the body, tables included, and of the headers."""
    def walk(container):
        for block in blocks_of(container):
            if isinstance(block, docx.table.Table):
                for row in block.rows:
                    for cell in row.cells:
                        yield from walk(cell)
            else:
                yield block
    yield from walk(document)
    for section in document.sections:
        yield from section.header.paragraphs


def blocks_of(container):
    if isinstance(container, docx.document.Document):
        return list(blocks(container))
    return [*container.paragraphs, *container.tables]


def full_text(document) -> str:
    return "\n".join(p.text for p in all_paragraphs(document))


def effective(run, paragraph, attribute: str):
    """A run's font name, size or boldness, as Word resolves it: the run, then the paragraph's style
    chain (python-docx reports None for an inherited value)."""
    value = getattr(run.font, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attribute)
        style = style.base_style
    return value


def alignment(paragraph):
    """A paragraph's alignment, its own or its style's."""
    style = paragraph.style
    value = paragraph.alignment
    while value is None and style is not None:
        value = style.paragraph_format.alignment
        style = style.base_style
    return value


def data_tables(document):
    """The bordered tables (the frame's header and signature tables have no style)."""
    return [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]


def row_texts(table, index):
    return [c.text for c in table.rows[index].cells]


def paragraph_after(document, text_start: str):
    """The block that follows the first paragraph starting with `text_start`."""
    items = list(blocks(document))
    for i, block in enumerate(items):
        if isinstance(block, docx.text.paragraph.Paragraph) and block.text.startswith(text_start):
            return items[i + 1]
    raise AssertionError(f"no paragraph starting with {text_start!r}")


def blocks_after(document, text_start: str, n: int) -> list:
    """The n blocks that follow the first paragraph starting with `text_start`."""
    items = list(blocks(document))
    for i, block in enumerate(items):
        if isinstance(block, docx.text.paragraph.Paragraph) and block.text.startswith(text_start):
            return items[i + 1:i + 1 + n]
    raise AssertionError(f"no paragraph starting with {text_start!r}")


def assert_clean_text(text: str) -> None:
    assert not BAD_CHARS.search(text), repr(BAD_CHARS.search(text).group())
    assert "\x1b" not in text
    assert unicodedata.normalize("NFC", text) == text


# --- labels -------------------------------------------------------------------------------------


def test_dates_numbers_and_document_numbers_are_written_the_vietnamese_way():
    assert L.short_date(dt.date(2021, 8, 5)) == "05/08/2021"
    assert L.long_date(dt.date(2021, 8, 30)) == "ngày 30 tháng 8 năm 2021"
    assert L.long_date(dt.date(2022, 2, 5)) == "ngày 05 tháng 02 năm 2022"  # Decree 30: leading zeros
    assert L.place_and_date("Bình Phước", dt.date(2021, 8, 30)) == "Bình Phước, ngày 30 tháng 8 năm 2021"
    assert (L.signed(3), L.signed(-2), L.signed(0)) == ("+3", "−2", "0")
    assert (L.percent(2 / 3), L.percent(None)) == ("66,7%", "–")
    assert L.document_number(None, "BC", "VP") == "Số: ……/BC-VP"
    assert L.document_number("25/BC-VP", "BC", "VP") == "Số: 25/BC-VP"
    assert L.document_number(None, None, "VP") == "Số: ……/VP"


def test_labels_name_every_category_flag_status_and_role():
    assert [L.CATEGORY_LABELS[k] for k in CATEGORY_KEYS] == [
        "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn", "Quá hạn", "Thường xuyên"]
    assert [L.FLAG_LABELS[k] for k in FLAG_KEYS] == ["Sắp đến hạn", "Chờ xác nhận", "Bị trả lại", "Chưa báo cáo"]
    assert set(L.STATUS_LABELS) == {"not_started", "in_progress", "blocked", "done"}
    assert L.ROLE_LABELS == {"lead": "Chủ trì", "coordinating": "Phối hợp"}


def test_clean_drops_what_xml_and_terminals_cannot_take_and_keeps_the_rest():
    assert L.clean("a\x07b\x1b[31mc\x00d\x0be\ud800f\ufffe") == "abcdef"
    assert L.clean("dòng 1\ndòng\t2") == "dòng 1\ndòng\t2"
    assert L.clean(HOSTILE["decomposed"]) == "Thủ tướng"
    assert L.clean("[bold]x[/]") == "[bold]x[/]"  # markup stays text; nothing here renders it
    assert L.clean(None) == ""


def test_shorten_cuts_at_a_word_and_never_exceeds_the_limit():
    text = "Tăng cường kiểm soát các chốt kiểm dịch ra, vào tỉnh " * 10
    short = L.shorten(text, 60)
    assert len(short) <= 60 and short.endswith("…") and not short[:-1].endswith(" ")
    assert text.startswith(short[:-1])
    assert len(L.shorten("x" * 500, 40)) == 40
    assert L.shorten("ngắn", 40) == "ngắn"


def test_formula_detection_covers_every_spreadsheet_trigger():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert L.looks_like_formula(text)
    assert not L.looks_like_formula("Sở Y tế")


def test_issuer_is_put_into_a_sentence():
    assert L.issuer_in_text(sample_report().organisation) == "Văn phòng UBND tỉnh Bình Phước"


# --- the report as .docx ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report():
    return sample_report()


@pytest.fixture(scope="module")
def report_doc(report):
    return open_docx(write_report_docx, report)


def test_report_page_is_a4_portrait_with_decree_30_margins(report_doc):
    section = report_doc.sections[0]
    close = lambda a, b: abs(a - b) < Cm(0.01)  # noqa: E731 (twips rounding)
    assert close(section.page_width, Cm(21)) and close(section.page_height, Cm(29.7))
    assert close(section.top_margin, Cm(2)) and close(section.bottom_margin, Cm(2))
    assert close(section.left_margin, Cm(3)) and close(section.right_margin, Cm(2))


def test_report_is_times_new_roman_everywhere_east_asian_slot_included(report_doc):
    for paragraph in all_paragraphs(report_doc):
        for run in paragraph.runs:
            assert effective(run, paragraph, "name") == TNR, (paragraph.text, run.text)
    defaults = report_doc.styles.element.find(f"{W}docDefaults").find(f"{W}rPrDefault").find(f"{W}rPr")
    fonts = defaults.find(f"{W}rFonts")
    assert {fonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {TNR}
    assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]
    normal = report_doc.styles["Normal"].element.rPr.rFonts
    assert normal.get(f"{W}eastAsia") == TNR


def test_report_body_is_14_pt_and_tables_12_or_less(report_doc):
    sizes = set()
    for paragraph in all_paragraphs(report_doc):
        for run in paragraph.runs:
            if run.text.strip():
                sizes.add(effective(run, paragraph, "size"))
    assert sizes <= {Pt(n) for n in (11, 12, 13, 14)}
    assert report_doc.styles["DD Body"].font.size == Pt(14)
    body = [p for p in report_doc.paragraphs if p.style.name == "DD Body" and p.text]
    assert body and all(effective(r, p, "size") == Pt(14) for p in body for r in p.runs)


def test_report_header_table_has_the_decree_30_texts_and_no_borders(report, report_doc):
    header = report_doc.tables[0]
    issuer = [p for p in header.cell(0, 0).paragraphs if p.text]
    assert [p.text for p in issuer] == ["UBND TỈNH BÌNH PHƯỚC", "VĂN PHÒNG"]
    assert not issuer[0].runs[0].bold and issuer[1].runs[0].bold
    assert effective(issuer[0].runs[0], issuer[0], "size") == Pt(13)
    nation = [p for p in header.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in nation] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all(p.runs[0].bold for p in nation)
    assert effective(nation[0].runs[0], nation[0], "size") == Pt(12)
    assert effective(nation[1].runs[0], nation[1], "size") == Pt(13)
    assert header.cell(1, 0).text == "Số: ……/BC-VP"
    date = header.cell(1, 1).paragraphs[0]
    assert date.text == "Bình Phước, ngày 30 tháng 8 năm 2021" and date.runs[0].italic
    assert header.style is None or header.style.name != "Table Grid"
    assert header._tbl.find(f"{W}tblPr").find(f"{W}tblBorders") is None
    # the short lines under the issuer and the motto are paragraph borders
    lines = [p for p in header._tbl.iter(f"{W}pBdr")]
    assert len(lines) == 2


def test_report_number_comes_from_the_data_when_issued():
    document = open_docx(write_report_docx, sample_report(number="25/BC-VP"))
    assert document.tables[0].cell(1, 0).text == "Số: 25/BC-VP"


def test_report_title_and_summary_are_centred_and_bold(report, report_doc):
    title = next(p for p in report_doc.paragraphs if p.text == "BÁO CÁO")
    summary = paragraph_after(report_doc, "BÁO CÁO")
    assert alignment(title) == alignment(summary) == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold and summary.runs[0].bold
    assert effective(title.runs[0], title, "size") == Pt(14)
    assert summary.text == (f"Kết quả thực hiện {report.directive_label}, "
                            "kỳ từ ngày 16/08/2021 đến ngày 30/08/2021")


def test_every_data_table_has_a_repeated_header_and_a_row_of_column_numbers(report_doc):
    tables = data_tables(report_doc)
    assert len(tables) >= 10
    for table in tables:
        columns = len(table.columns)
        assert row_texts(table, 1) == [f"({i})" for i in range(1, columns + 1)]
        for row in table.rows[:2]:
            assert row._tr.trPr.find(f"{W}tblHeader") is not None
        assert all(effective(c.paragraphs[0].runs[0], c.paragraphs[0], "bold") for c in table.rows[0].cells)
        widths = [c.width for c in table.columns]
        assert abs(sum(widths) - Cm(16)) < Cm(0.05), widths  # the text width, no more
        assert min(widths) >= Cm(0.9)


def test_overall_figures_table_matches_the_data(report, report_doc):
    table = paragraph_after(report_doc, "I. KẾT QUẢ CHUNG")
    rows = {row_texts(table, i)[1]: row_texts(table, i)[2:] for i in range(2, len(table.rows))}
    now, before = report.counts, report.previous_counts
    for key in CATEGORY_KEYS:
        assert rows[L.CATEGORY_LABELS[key]] == [str(before.get(key)), str(now.get(key)),
                                                L.signed(now.get(key) - before.get(key))]
    for key in FLAG_KEYS:
        assert rows[L.FLAG_LONG_LABELS[key]][:2] == [str(before.get(key)), str(now.get(key))]
    assert rows["Tổng cộng"] == [str(before.total), str(now.total), "0"]
    assert "−5" in rows["Đang thực hiện trong hạn"]
    assert "Tỷ lệ hoàn thành đúng hạn" in full_text(report_doc)
    assert f"{L.percent(now.on_time_rate)} (kỳ trước: {L.percent(before.on_time_rate)})" in full_text(report_doc)


def test_trend_table_has_a_row_per_period(report, report_doc):
    table = paragraph_after(report_doc, L.TREND_TITLE)
    assert len(table.rows) == 2 + len(report.trend)
    for i, point in enumerate(report.trend):
        texts = row_texts(table, i + 2)
        assert texts[1] == f"{point.period.start:%d/%m/%Y} - {point.period.end:%d/%m/%Y}"
        assert texts[2:] == [str(point.counts.total), str(point.counts.done_on_time), str(point.counts.done_late),
                             str(point.counts.overdue), L.percent(point.on_time_rate)]


def test_units_summary_table_matches_every_units_counts(report, report_doc):
    table = paragraph_after(report_doc, "1. Tổng hợp theo đơn vị")
    assert row_texts(table, 0) == ["TT", "Đơn vị", *L.CATEGORY_LABELS.values(), "Tổng số"]
    for i, unit in enumerate(report.units):
        figures = [str(unit.counts.get(k)) for k in CATEGORY_KEYS]
        assert row_texts(table, i + 2) == [str(i + 1), unit.unit_name, *figures, str(unit.counts.total)]
    total = row_texts(table, len(report.units) + 2)
    figures = [str(report.counts.get(k)) for k in CATEGORY_KEYS]
    assert total == ["", "Tổng cộng", *figures, str(report.counts.total)]
    assert all(r.bold for c in table.rows[-1].cells for r in c.paragraphs[0].runs if r.text)


def test_each_unit_has_a_heading_and_a_table_of_its_rows(report, report_doc):
    for i, unit in enumerate(report.units, 1):
        after_heading, change, following = blocks_after(report_doc, f"2.{i}. {unit.unit_name}", 3)
        assert after_heading.text.startswith(f"Tổng số {unit.counts.total} nhiệm vụ")
        assert change.text == L.unit_change(unit, report.previous.end)
        if unit.rows:
            assert len(following.rows) == len(unit.rows) + 2
            assert [row_texts(following, j + 2)[0] for j in range(len(unit.rows))] == \
                   [str(j) for j in range(1, len(unit.rows) + 1)]
        else:
            assert following.text == L.UNIT_NO_ROWS


def test_unit_lines_say_what_moved_since_the_previous_period(report):
    """Per unit, the change from the previous period: the categories that moved, signed."""
    unit = UnitSection("Sở X", Counts(done_on_time=5, overdue=1, in_progress=2),
                       Counts(done_on_time=3, overdue=2, in_progress=2), rows=())
    assert L.unit_change(unit, D(2021, 8, 15)) == \
        "So với ngày 15/08/2021: hoàn thành đúng hạn +2, quá hạn −1."
    assert L.unit_change(dataclasses.replace(unit, previous=unit.counts), D(2021, 8, 15)) == \
        "So với ngày 15/08/2021: không thay đổi."


def test_a_limited_report_says_what_it_left_out_in_every_format(report):
    """A report on every directive lists a few rows per unit and per list: the opening says
    so, each unit and each list says how many more there are, list headings count them all."""
    sy_te = report.units[0]
    units = (dataclasses.replace(sy_te, more_rows=7), *report.units[1:])
    data = dataclasses.replace(report, units=units, unit_row_limit=5, list_row_limit=30,
                               omitted=Omitted(overdue=12))
    note = L.limits_note(data)
    assert "tối đa 5 nhiệm vụ" in note and "30 nhiệm vụ đầu tiên" in note
    overdue_title = L.LIST_TITLES["overdue"][0]
    texts = [p.text for p in open_docx(write_report_docx, data).paragraphs]
    assert note in texts
    assert L.UNIT_MORE_ROWS.format(n=7) in texts and L.LIST_MORE_ROWS.format(n=12) in texts
    assert f"1. {overdue_title} ({len(report.overdue) + 12})" in texts
    markdown = report_markdown(data)
    for line in (note, L.UNIT_MORE_ROWS.format(n=7), L.LIST_MORE_ROWS.format(n=12)):
        assert f"\n{md_text(line)}\n" in markdown, line
    assert f"\n### 1. {overdue_title} ({len(report.overdue) + 12})\n" in markdown
    summary = xlsx_book(data).worksheets[0]
    assert note in [c.value for row in summary.iter_rows() for c in row]
    # The full report says nothing of the kind.
    assert L.limits_note(report) == "" and note not in [p.text for p in open_docx(write_report_docx, report).paragraphs]


def test_unit_rows_show_category_due_extension_and_the_latest_check_in(report_doc):
    table = blocks_after(report_doc, "2.1. Sở Y tế", 3)[-1]
    first = row_texts(table, 2)
    assert first[1].startswith("II.1.1. Chủ trì, phối hợp") and first[1].endswith("…")
    assert len(first[1]) <= 310
    assert first[2] == "Quá hạn\n(trễ 10 ngày)"
    assert first[3] == "20/08/2021"
    assert first[4].startswith("Báo cáo ngày 25/08/2021: Vướng mắc (60%)\nĐã rà soát 9/11")
    assert "Khó khăn, vướng mắc: “Thiếu nhân lực y tế cơ sở" in first[4]
    assert "Đề xuất, kiến nghị: “Đề nghị UBND tỉnh" in first[4]
    extended = row_texts(table, 5)
    assert extended[2] == "Đang thực hiện trong hạn\nSắp đến hạn\nChờ xác nhận"
    assert extended[3] == "03/09/2021\ngia hạn từ 27/08/2021"
    recurring = row_texts(table, 6)
    assert recurring[3] == "Thường xuyên"
    no_checkin = blocks_after(report_doc, "2.3. Sở Thông tin", 3)[-1]
    assert row_texts(no_checkin, 2)[4] == "Chưa có báo cáo"
    assert row_texts(no_checkin, 3)[3] == "Ngay (chưa có ngày)"


def test_lists_show_their_rows_and_an_empty_list_is_one_sentence(report, report_doc):
    overdue = paragraph_after(report_doc, "1. Nhiệm vụ quá hạn chưa hoàn thành (3)")
    assert [row_texts(overdue, i + 2)[4] for i in range(3)] == ["29", "10", "2"]
    assert [row_texts(overdue, i + 2)[2] for i in range(3)] == [r.unit_name for r in report.overdue]
    completed = paragraph_after(report_doc, "2. Nhiệm vụ hoàn thành trong kỳ (3)")
    assert [row_texts(completed, i + 2)[5] for i in range(3)] == ["Đúng hạn", "Quá hạn 4 ngày", "Đúng hạn"]
    extensions = paragraph_after(report_doc, "4. Nhiệm vụ được gia hạn trong kỳ (2)")
    assert row_texts(extensions, 2)[3:5] == ["27/08/2021", "03/09/2021"]
    assert "Ngày gia hạn: 26/08/2021" in row_texts(extensions, 2)[5]
    due_next = paragraph_after(report_doc, "3. Nhiệm vụ đến hạn trong kỳ tới, từ ngày 31/08/2021 đến ngày 15/09")
    assert len(due_next.rows) == 2 + len(report.due_next)
    empty = paragraph_after(report_doc, "6. Nhiệm vụ đã báo cáo hoàn thành, chờ xác nhận")
    assert isinstance(empty, docx.text.paragraph.Paragraph)
    assert empty.text == "Không có nhiệm vụ chờ xác nhận hoàn thành."


def test_an_empty_report_has_no_empty_tables():
    document = open_docx(write_report_docx, empty_report())
    text = full_text(document)
    for _, when_empty in L.LIST_TITLES.values():
        assert when_empty in text
    assert L.NO_UNITS in text
    assert all(len(t.rows) > 2 for t in data_tables(document) if "Tổng cộng" not in row_texts(t, len(t.rows) - 1))


def test_report_ends_with_recipients_and_signature(report_doc):
    block = report_doc.tables[-1]
    left, right = block.cell(0, 0), block.cell(0, 1)
    recipients = [p.text for p in left.paragraphs]
    assert recipients == ["Nơi nhận:", "- Thường trực UBND tỉnh (b/c);", "- Các đơn vị được giao nhiệm vụ;",
                          "- Lưu: VT."]
    first = left.paragraphs[0].runs[0]
    assert first.bold and first.italic and first.font.size == Pt(12)
    signature = [p.text for p in right.paragraphs]
    assert signature[:2] == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    assert signature[-1] == "Nguyễn Văn Lộc" and signature.count("") >= 3
    assert all(p.runs[0].bold for p in right.paragraphs if p.text)
    assert block._tbl.find(f"{W}tblPr").find(f"{W}tblBorders") is None
    last_words = paragraph_after(report_doc, "6. Nhiệm vụ đã báo cáo hoàn thành")
    assert last_words.paragraph_format.keep_with_next  # the signature never stands alone on a page


def test_page_numbers_are_in_the_header_from_page_2(report_doc):
    section = report_doc.sections[0]
    assert section.different_first_page_header_footer
    instructions = [e.text for e in section.header._element.iter(f"{W}instrText")]
    assert instructions == [" PAGE "]
    assert not section.first_page_header.paragraphs[0].text


def test_report_text_is_vietnamese_nfc_with_diacritics(report_doc):
    text = full_text(report_doc)
    assert_clean_text(text)
    for phrase in ("Hoàn thành đúng hạn", "Đang thực hiện trong hạn", "Ủy ban MTTQ Việt Nam tỉnh",
                   "UBND thành phố Đồng Xoài", "Độc lập - Tự do - Hạnh phúc", "Tổng cộng"):
        assert phrase in text


# --- determinism --------------------------------------------------------------------------------


def _round_trip(data):
    return type(data).from_dict(json.loads(json.dumps(data.to_dict())))


@pytest.mark.parametrize("make", [sample_report, hostile_report, empty_report])
def test_report_files_are_byte_identical_across_writes_and_from_the_stored_dict(make):
    data = make()
    for writer in (write_report_docx, write_report_xlsx, write_report_csv):
        first = docx_bytes(writer, data)
        assert docx_bytes(writer, data) == first, writer.__name__
        assert docx_bytes(writer, _round_trip(data)) == first, writer.__name__
    assert report_markdown(_round_trip(data)) == report_markdown(data)


def test_reminder_is_byte_identical_across_writes_and_from_the_stored_dict():
    data = sample_reminder()
    first = docx_bytes(write_reminder_docx, data)
    assert docx_bytes(write_reminder_docx, data) == first
    assert docx_bytes(write_reminder_docx, _round_trip(data)) == first
    assert isinstance(_round_trip(data), ReminderData)


@pytest.mark.parametrize("writer", [write_report_docx, write_report_xlsx])
def test_packages_are_dated_by_the_report_not_the_clock(writer):
    data = sample_report()
    package = zipfile.ZipFile(io.BytesIO(docx_bytes(writer, data)))
    names = package.namelist()
    assert names[0] == "[Content_Types].xml" and names[1] == "_rels/.rels"
    assert {i.date_time for i in package.infolist()} == {(2021, 8, 30, 0, 0, 0)}
    core = package.read("docProps/core.xml").decode()
    assert "2021-08-30T00:00:00Z" in core and "dondoc" in core
    assert str(dt.date.today().year) not in core or dt.date.today().year == 2021


def test_docx_core_properties(report_doc):
    props = report_doc.core_properties
    assert props.author == "dondoc"
    assert props.created == props.modified == dt.datetime(2021, 8, 30, tzinfo=props.created.tzinfo)


def test_writers_accept_a_path(tmp_path):
    data = sample_report()
    write_report_docx(data, tmp_path / "a.docx")
    write_report_xlsx(data, str(tmp_path / "a.xlsx"))
    write_reminder_docx(sample_reminder(), tmp_path / "a-dd.docx")
    assert (tmp_path / "a.docx").read_bytes() == docx_bytes(write_report_docx, data)
    assert docx.Document(tmp_path / "a-dd.docx").tables
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames == ["Tổng hợp", "Chi tiết", "Gia hạn"]


# --- the reminder letter ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reminder_doc():
    return open_docx(write_reminder_docx, sample_reminder())


def test_reminder_is_a_letter_with_its_subject_under_the_number(reminder_doc):
    header = reminder_doc.tables[0]
    assert [p.text for p in header.cell(1, 0).paragraphs] == ["Số: ……/VP", "V/v đôn đốc thực hiện nhiệm vụ"]
    assert header.cell(1, 1).text == "Bình Phước, ngày 31 tháng 8 năm 2021"
    assert [p.text for p in header.cell(0, 1).paragraphs if p.text][0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    texts = [p.text for p in reminder_doc.paragraphs]
    assert "BÁO CÁO" not in texts
    to = next(p for p in reminder_doc.paragraphs if p.text.startswith("Kính gửi"))
    assert to.text == "Kính gửi: Sở Y tế." and alignment(to) == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER


def test_reminder_lists_overdue_with_days_late_and_due_soon(reminder_doc):
    data = sample_reminder()
    text = full_text(reminder_doc)
    assert "Sở Y tế còn 2 nhiệm vụ quá hạn chưa hoàn thành và 1 nhiệm vụ sắp đến hạn" in text
    overdue = paragraph_after(reminder_doc, "1. Nhiệm vụ quá hạn chưa hoàn thành")
    assert row_texts(overdue, 0) == ["TT", "Nhiệm vụ", "Thời hạn", "Số ngày trễ", L.COL_LATEST]
    assert [row_texts(overdue, i + 2)[3] for i in range(2)] == [str(r.days_late) for r in data.overdue]
    assert row_texts(overdue, 3)[2] == "27/08/2021\ngia hạn từ 20/08/2021"
    due_soon = paragraph_after(reminder_doc, "2. Nhiệm vụ sắp đến hạn")
    assert row_texts(due_soon, 2)[1].startswith("II.1.4. Bảo đảm cung ứng")
    assert "chậm nhất ngày 15/09/2021" in text
    assert [p.text for p in reminder_doc.tables[-1].cell(0, 0).paragraphs][-1] == "- Lưu: VT."
    assert_clean_text(text)
    for paragraph in all_paragraphs(reminder_doc):
        for run in paragraph.runs:
            assert effective(run, paragraph, "name") == TNR


def test_an_empty_reminder_says_so_and_names_every_directive():
    document = open_docx(write_reminder_docx, empty_reminder())
    text = full_text(document)
    assert "Không có nhiệm vụ quá hạn." in text and "Không có nhiệm vụ sắp đến hạn." in text
    assert "các văn bản chỉ đạo đang theo dõi" in text
    assert not data_tables(document)


def test_a_hostile_reminder_opens_and_shows_the_text_as_text():
    document = open_docx(write_reminder_docx, hostile_reminder())
    text = full_text(document)
    assert_clean_text(text)
    assert "Kính gửi: Sở Y tếChuông kêuChữ đỏ." in text
    assert HOSTILE["formula"] in text and "[bold]x[/]" in text


# --- the report as .xlsx ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(report):
    return xlsx_book(report)


def test_summary_sheet_has_a_row_per_unit_and_the_totals(report, book):
    ws = book["Tổng hợp"]
    assert book.sheetnames == ["Tổng hợp", "Chi tiết", "Gia hạn"]
    assert ws["A1"].value == "UBND TỈNH BÌNH PHƯỚC - VĂN PHÒNG"
    assert ws["A3"].value == report.directive_label
    header = [c.value for c in ws[5]]
    assert header == ["TT", "Đơn vị", *L.CATEGORY_LABELS.values(), "Tổng số", "Tỷ lệ đúng hạn"]
    assert [c.value for c in ws[6]] == [f"({i})" for i in range(1, 10)]
    for i, unit in enumerate(report.units):
        values = [c.value for c in ws[7 + i]]
        figures = [unit.counts.get(k) for k in CATEGORY_KEYS]
        assert values[:8] == [i + 1, unit.unit_name, *figures, unit.counts.total]
        rate = unit.counts.on_time_rate
        assert values[8] == (pytest.approx(rate) if rate is not None else None)
    total = [c.value for c in ws[7 + len(report.units)]]
    assert total[1:8] == ["Tổng cộng", *(report.counts.get(k) for k in CATEGORY_KEYS), report.counts.total]
    assert total[8] == pytest.approx(report.counts.on_time_rate)
    assert ws.cell(7, 9).number_format == "0.0%"
    assert ws.freeze_panes == "A7"
    assert ws.auto_filter.ref == f"A6:I{6 + len(report.units)}"


def test_detail_sheet_has_one_row_per_assignment_with_real_dates(report, book):
    ws = book["Chi tiết"]
    assert [c.value for c in ws[1]] == list(L.DETAIL_COLUMNS)
    assert [c.value for c in ws[2]] == [f"({i})" for i in range(1, len(L.DETAIL_COLUMNS) + 1)]
    rows = L.detail_rows(report)
    assert len(rows) == sum(len(u.rows) for u in report.units)
    assert ws.max_row == 2 + len(rows)
    col = {name: i for i, name in enumerate(L.DETAIL_COLUMNS)}
    for n, row in enumerate(rows):
        values = [c.value for c in ws[3 + n]]
        assert values[col["TT"]] == n + 1
        assert values[col["Đơn vị"]] == row.unit_name
        assert values[col["Phân loại"]] == L.CATEGORY_LABELS[row.category]
        assert values[col["Số ngày trễ"]] == row.days_late
        if row.due:
            assert values[col["Hạn"]] == dt.datetime.combine(row.due, dt.time())
            assert ws.cell(3 + n, col["Hạn"] + 1).number_format == "dd/mm/yyyy"
        assert values[col["Nội dung"]] == row.task_text  # whole, not shortened
    extended = next(n for n, r in enumerate(rows) if r.assignment_id == 104)
    assert ws.cell(3 + extended, col["Hạn ban đầu"] + 1).value == dt.datetime(2021, 8, 27)
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == f"A2:Q{2 + len(rows)}"


def test_detail_rows_include_list_rows_that_no_unit_holds():
    base = sample_report()
    stray = base.overdue[0].__class__(**{**base.overdue[0].__dict__, "assignment_id": 999})
    data = sample_report(overdue=(*base.overdue, stray))
    rows = L.detail_rows(data)
    assert [r.assignment_id for r in rows].count(999) == 1 and rows[-1].assignment_id == 999
    assert len({r.assignment_id for r in rows}) == len(rows)


def test_xlsx_fonts_header_and_widths(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == TNR, (ws.title, cell.coordinate)
        widths = [ws.column_dimensions[c].width for c in ws.column_dimensions]
        assert widths and max(widths) <= MAX_WIDTH and min(widths) >= 5
    ws = book["Chi tiết"]
    assert all(c.font.b for c in ws[1])
    assert ws.column_dimensions["D"].width == MAX_WIDTH and ws["D3"].alignment.wrap_text  # long text wraps
    assert ws.row_dimensions[3].height > ws.row_dimensions[4].height  # and its row is taller


def test_extensions_sheet(report, book):
    ws = book["Gia hạn"]
    assert [c.value for c in ws[1]] == list(L.EXTENSION_COLUMNS)
    dates = [dt.datetime(2021, 8, 27), dt.datetime(2021, 9, 3), dt.datetime(2021, 8, 26)]
    assert [c.value for c in ws[3]][5:8] == dates
    assert ws.max_row == 2 + len(report.extensions)


def test_xlsx_properties_come_from_the_report(book):
    assert book.properties.creator == "dondoc"
    assert book.properties.created == book.properties.modified == dt.datetime(2021, 8, 30)


# --- hostile text -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile():
    return hostile_report()


def test_hostile_docx_opens_and_keeps_the_text_as_text(hostile):
    document = open_docx(write_report_docx, hostile)
    text = full_text(document)
    assert_clean_text(text)
    assert "[bold]x[/] [red]đỏ[/red]" in text
    assert HOSTILE["formula"] in text and "Chuông kêu" in text and "Chữ đỏ" in text
    assert "Số: 25/BC-VP" in text
    assert "Thủ tướng" in text  # NFD made NFC


def test_hostile_xlsx_stores_formula_looking_cells_as_quoted_text(hostile):
    out = io.BytesIO()
    write_report_xlsx(hostile, out)
    package = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    for name in package.namelist():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in package.read(name).decode()  # no formula anywhere
    ws = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["Chi tiết"]
    seen = 0
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, str):
                assert_clean_text(cell.value)
                if L.looks_like_formula(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                    seen += 1
    assert seen >= 5
    assert any(c.value == HOSTILE["formula"] for row in ws.iter_rows() for c in row)


def test_hostile_csv_neutralises_formulas_and_drops_controls(hostile, tmp_path):
    path = tmp_path / "r.csv"
    write_report_csv(hostile, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text == report_csv(hostile)
    assert_clean_text(text.replace("\r\n", "\n").replace("\t", " "))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(L.DETAIL_COLUMNS)
    assert len(rows) == 1 + len(L.detail_rows(hostile))
    for row in rows[1:]:
        assert len(row) == len(L.DETAIL_COLUMNS)
        for value in row:
            assert not L.looks_like_formula(value), value
    cells = [v for row in rows[1:] for v in row]
    assert "'" + HOSTILE["formula"] in cells and "'+1" in cells and "'-1 nhiệm vụ" in cells


def test_csv_has_the_detail_rows_with_dates_dd_mm_yyyy(report):
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    col = {name: i for i, name in enumerate(L.DETAIL_COLUMNS)}
    first = rows[1]
    assert first[col["Hạn"]] == "20/08/2021" and first[col["Số ngày trễ"]] == "10"
    assert first[col["Đơn vị"]] == "Sở Y tế" and first[col["Vai trò"]] == "Chủ trì"
    multi_line = next(r for r in rows if r[col["Kết quả"]].startswith("Đã cấp 35 tấn gạo"))
    assert multi_line[col["Kết quả"]] == "Đã cấp 35 tấn gạo, 12.000 phần quà.\nTiếp tục vận động các nhà hảo tâm."


# --- Markdown -----------------------------------------------------------------------------------


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_has_the_headings_figures_and_lists(report):
    text = report_markdown(report)
    for heading in ("# BÁO CÁO", "## I. KẾT QUẢ CHUNG", "## II. KẾT QUẢ THỰC HIỆN CỦA CÁC ĐƠN VỊ",
                    "#### 2.1. Sở Y tế", "## III. CÁC NHIỆM VỤ CẦN LƯU Ý",
                    "### 1. Nhiệm vụ quá hạn chưa hoàn thành (3)"):
        assert f"\n{heading}\n" in f"\n{text}"
    assert "| 3 | Đang thực hiện trong hạn | 11 | 6 | −5 |" in text
    assert f"|  | Tổng cộng | {report.previous_counts.total} | {report.counts.total} | 0 |" in text
    assert "Không có nhiệm vụ chờ xác nhận hoàn thành." in text
    assert "Bình Phước, ngày 30 tháng 8 năm 2021" in text


def test_markdown_tables_keep_their_shape_with_hostile_text(hostile):
    text = report_markdown(hostile)
    assert_clean_text(text.replace("\n", " "))
    table = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            table.append(_unescaped_pipes(line))
        elif table:
            assert len(set(table)) == 1, table  # every row as many cells as the header
            table = []
    assert r"a \| b<br>c" in md_cell(HOSTILE["pipe"])
    assert md_cell("[bold]x[/]") == r"\[bold\]x\[/\]"
    assert md_cell("<script>") == r"\<script\>"
    assert "\\[bold\\]x\\[/\\]" in text


def test_markdown_of_an_empty_report():
    text = report_markdown(empty_report())
    assert "Chưa có đơn vị nào được giao nhiệm vụ." in text
    assert "Không có nhiệm vụ quá hạn chưa hoàn thành." in text
