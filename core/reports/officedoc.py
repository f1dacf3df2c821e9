"""The layout of a Vietnamese administrative document (Decree 30/2020/NĐ-CP), shared by the
period report and the reminder letter, and the deterministic saving of OOXML packages.

The page: A4 portrait, margins 2 cm top and bottom, 3 cm left, 2 cm right; Times New Roman
everywhere (docDefaults, every style, the East-Asian slot too, or Word substitutes its theme
font); body 14 pt. Fonts and sizes live in a few named paragraph styles rather than on every
run, so a clerk who edits the draft in Word changes one style, not a thousand runs.

Determinism: core properties come from the document's date, and `package_bytes()` rewrites
the zip with fixed entry timestamps and order, so the same data always gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from copy import deepcopy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Union

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import element_class_lookup
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from core.reports import labels as L
from core.reports.model import Organisation

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_TOP_CM, MARGIN_BOTTOM_CM, MARGIN_LEFT_CM, MARGIN_RIGHT_CM = 2.0, 2.0, 3.0, 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM  # 16 cm
HEADER_WIDTHS_CM = (6.2, 9.8)      # issuer | national title
SIGNATURE_WIDTHS_CM = (8.0, 8.0)   # recipients | signature
AUTHOR = "dondoc"

# Paragraph styles this module defines (name → based on, size, bold, alignment, first-line indent).
STYLE_BODY = "DD Body"
STYLE_HEADING = "DD Heading"
STYLE_FRAME = "DD Frame"            # the header and signature blocks
STYLE_TABLE = "DD Table"
STYLE_TABLE_HEAD = "DD Table Head"
STYLE_RECIPIENTS = "DD Recipients"

Target = Union[str, Path, BinaryIO]


@dataclass(frozen=True)
class Span:
    """A piece of a table cell's line with its own emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


# A table cell: one string (may hold newlines), or a list of lines, each a string, a Span or
# a list of Spans.
Line = Union[str, Span, Sequence[Span]]
Cell = Union[str, int, None, Sequence[Line]]


# --- the document and its styles ----------------------------------------------------------------


def new_document(title: str) -> DocxDocument:
    """An empty A4 document with the Decree 30 margins, fonts and styles, and page numbers
    centred in the header from page 2 on."""
    doc = Document()
    _set_page(doc)
    _set_default_fonts(doc)
    _add_styles(doc)
    _add_page_numbers(doc)
    doc.core_properties.title = L.one_line(title)
    return doc


def _set_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_CM), Cm(MARGIN_BOTTOM_CM)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT_CM), Cm(MARGIN_RIGHT_CM)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)


def _set_fonts(rpr_owner) -> None:
    """Times New Roman in all four font slots, replacing any theme font (a theme attribute
    would win over the explicit name)."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _set_default_fonts(doc: DocxDocument) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    fonts.attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = rpr.find(qn("w:lang"))
    lang.attrib.clear()
    lang.set(qn("w:val"), "vi-VN")  # Vietnamese spelling check in Word
    normal = doc.styles["Normal"]
    _set_fonts(normal.element)
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    for name in ("Header", "Footer"):
        _set_fonts(doc.styles[name].element)


def _add_styles(doc: DocxDocument) -> None:
    specs = [
        # name, size, bold, alignment, first-line indent (cm), space after (pt)
        (STYLE_BODY, BODY_PT, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.0, 6),
        (STYLE_HEADING, BODY_PT, True, WD_ALIGN_PARAGRAPH.LEFT, 1.0, 6),
        (STYLE_FRAME, 13, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
        (STYLE_TABLE, TABLE_PT, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
        (STYLE_TABLE_HEAD, TABLE_PT, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
        (STYLE_RECIPIENTS, 11, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
    ]
    for name, size, bold, align, indent, after in specs:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        assert style.style_id == _style_id(name)
        style.base_style = doc.styles["Normal"]
        _set_fonts(style.element)
        style.font.size = Pt(size)
        style.font.bold = bold
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Cm(indent) if indent else None
        fmt.space_before, fmt.space_after = Pt(0), Pt(after)
        fmt.line_spacing = 1.0
    doc.styles[STYLE_HEADING].paragraph_format.keep_with_next = True
    doc.styles[STYLE_HEADING].paragraph_format.space_before = Pt(6)


def _add_page_numbers(doc: DocxDocument) -> None:
    """Decree 30: the page number centred in the top margin, not on the first page."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(BODY_PT)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


# --- paragraphs ---------------------------------------------------------------------------------


def add_text(container, text: str, style: str = STYLE_BODY, *, bold: bool | None = None,
             italic: bool | None = None, size: int | None = None, align=None, keep_with_next=False,
             space_before: int | None = None, space_after: int | None = None):
    """A paragraph of cleaned text in a style, with optional emphasis.

    In the body of a document, a copy of a paragraph prepared once per document and shape
    (style, emphasis, spacing), its text put in: a report has a thousand such paragraphs, and
    python-docx's API looks through every paragraph of the body to insert each one."""
    text = L.clean(text)
    shape = (style, bold, italic, size, align, keep_with_next, space_before, space_after)
    if not isinstance(container, DocxDocument) or not _one_text_element(text):
        return _add_text_slowly(container, text, *shape)
    prepared = container.__dict__.setdefault(_PARAGRAPHS_ATTR, {})
    if shape not in prepared:
        # Written once by python-docx with a stand-in text, then taken out to be copied.
        p = _add_text_slowly(container, "X", *shape)._p
        p.getparent().remove(p)
        prepared[shape] = p
    p = deepcopy(prepared[shape])
    t = p.find(_RUN_TEXT)
    if text:
        t.text = text
        if len(text.strip()) < len(text):  # as python-docx writes it
            t.set(_XML_SPACE, "preserve")
    else:  # python-docx adds no text element for ""
        t.getparent().remove(t)
    _append_block(container, p)
    return Paragraph(p, container._body)


# Per document: paragraph shape → the prepared paragraph (see add_text).
_PARAGRAPHS_ATTR = "_dondoc_paragraphs"
_RUN_TEXT = f"{qn('w:r')}/{qn('w:t')}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _one_text_element(text: str) -> bool:
    """Whether python-docx writes `text` as one w:t (tabs and line breaks are elements)."""
    return "\t" not in text and "\n" not in text and "\r" not in text


def _add_text_slowly(container, text: str, style: str, bold, italic, size, align, keep_with_next,
                     space_before, space_after):
    """add_text through python-docx's API (`text` already cleaned)."""
    paragraph = _new_paragraph(container, style)
    _add_run(paragraph, text, bold=bold, italic=italic, size=size)
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if keep_with_next:
        fmt.keep_with_next = True
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    return paragraph


def _append_block(doc: DocxDocument, element) -> None:
    """A paragraph or table at the end of the body, before its section properties (what
    python-docx does, without looking through the body's children for them)."""
    body = doc.element.body
    try:
        last = body[-1]  # from the end: len(body) would count every child
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(element)
    else:
        body.append(element)


def add_heading(doc: DocxDocument, text: str):
    return add_text(doc, text, STYLE_HEADING)


def _add_run(paragraph, text: str, *, bold=None, italic=None, size=None):
    run = paragraph.add_run(text)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if size is not None:
        run.font.size = Pt(size)
    return run


def _add_short_line(container, width_cm: float, column_cm: float) -> None:
    """The short horizontal line Decree 30 draws under the issuer, the motto and the summary:
    the top border of an empty, tiny paragraph, indented to the line's length."""
    paragraph = _new_paragraph(container, STYLE_FRAME)
    side = max(0.0, (column_cm - width_cm) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(side), Cm(side)
    fmt.space_before, fmt.space_after = Pt(4), Pt(0)  # clear of the descenders above
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(attr), value)
    border.append(top)
    paragraph._p.get_or_add_pPr().append(border)
    _add_run(paragraph, "", size=2)
    paragraph.paragraph_format.line_spacing = Pt(3)


def _style_id(name: str) -> str:
    """python-docx's id for a style it added: the name without spaces."""
    return name.replace(" ", "")


def _styled(paragraph, style: str):
    """Set a paragraph's style by id: python-docx's lookup by name scans every style each
    time, which made a long report take minutes."""
    paragraph._p.style = _style_id(style)
    return paragraph


def _new_paragraph(container, style: str):
    return _styled(container.add_paragraph(), style)


def _first_paragraph(cell: _Cell, style: str):
    return _styled(cell.paragraphs[0], style)


def _cell_text(cell: _Cell, text: str, style: str = STYLE_FRAME, *, first=False, **emphasis):
    paragraph = _first_paragraph(cell, style) if first else _new_paragraph(cell, style)
    _add_run(paragraph, L.clean(text), **emphasis)
    return paragraph


# --- the header (quốc hiệu, issuer, number, place and date) -------------------------------------


def add_document_header(doc: DocxDocument, organisation: Organisation, number_line: str,
                        made_on: dt.date, subject: str | None = None) -> Table:
    """The two-column header without borders. Row 1: parent body over the issuer (bold) with a
    short line | national title over the motto with a line. Row 2: "Số: …" (and, for a
    letter, its "V/v …" subject) | place and date in italics, so both sit on one level."""
    table = _borderless_table(doc, 2, HEADER_WIDTHS_CM)
    left, right = table.cell(0, 0), table.cell(0, 1)
    parent, issuer = L.one_line(organisation.parent).upper(), L.one_line(organisation.name).upper()
    if parent:
        _cell_text(left, parent, first=True, size=13)
        _cell_text(left, issuer, bold=True, size=13)
    else:
        _cell_text(left, issuer, first=True, bold=True, size=13)
    _add_short_line(left, 2.0, HEADER_WIDTHS_CM[0])
    _cell_text(right, L.NATIONAL_TITLE, first=True, bold=True, size=12)
    _cell_text(right, L.NATIONAL_MOTTO, bold=True, size=13)
    _add_short_line(right, 5.6, HEADER_WIDTHS_CM[1])
    number_cell, date_cell = table.cell(1, 0), table.cell(1, 1)
    _cell_text(number_cell, number_line, first=True, size=13).paragraph_format.space_before = Pt(6)
    if subject:
        _cell_text(number_cell, subject, size=12)
    date = _cell_text(date_cell, L.place_and_date(organisation.place, made_on), first=True, italic=True, size=14)
    date.paragraph_format.space_before = Pt(6)
    return table


def add_document_title(doc: DocxDocument, doc_type: str, summary: str) -> None:
    """The document type and its summary, centred and bold, with a short line under them."""
    add_text(doc, doc_type, STYLE_FRAME, bold=True, size=14, space_before=18, keep_with_next=True)
    add_text(doc, summary, STYLE_FRAME, bold=True, size=14, keep_with_next=True)
    _add_short_line(doc, 4.0, TEXT_WIDTH_CM)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(12)


# --- the recipients and the signature -----------------------------------------------------------


def add_recipients_and_signature(doc: DocxDocument, organisation: Organisation,
                                 recipient_lines: Sequence[str]) -> Table:
    """"Nơi nhận:" with its "- …;" lines and "- Lưu: VT." bottom left; the signer's title
    (bold, upper case), room to sign and the name bottom right. No borders; the row never
    breaks across pages, nor goes to a page of its own."""
    _keep_last_block_with_next(doc)
    _new_paragraph(doc, STYLE_FRAME).paragraph_format.keep_with_next = True
    table = _borderless_table(doc, 1, SIGNATURE_WIDTHS_CM)
    _cant_split(table.rows[0])
    left, right = table.cell(0, 0), table.cell(0, 1)
    _cell_text(left, L.RECIPIENTS, STYLE_RECIPIENTS, first=True, bold=True, italic=True, size=12)
    for line in (*recipient_lines, L.ARCHIVE_LINE):
        _cell_text(left, line, STYLE_RECIPIENTS)
    # "KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG": a title may take two lines.
    title_lines = [t.strip() for t in L.clean(organisation.signer_title).upper().splitlines() if t.strip()]
    for i, title_line in enumerate(title_lines or [""]):
        _cell_text(right, title_line, first=i == 0, bold=True, size=14)
    for _ in range(4):  # room for the signature and the seal
        _cell_text(right, "", size=14)
    _cell_text(right, L.one_line(organisation.signer_name), bold=True, size=14)
    _add_run(_new_paragraph(doc, STYLE_FRAME), "", size=1)  # Word wants the body to end with a paragraph
    return table


def _keep_last_block_with_next(doc: DocxDocument) -> None:
    """The last paragraph, or the last table row, stays on the signature's page."""
    last = doc.element.body[-2] if doc.element.body[-1].tag == qn("w:sectPr") else doc.element.body[-1]
    if last.tag == qn("w:tbl"):
        last = last.findall(qn("w:tr"))[-1]
    for p in last.iter(qn("w:p")):
        Paragraph(p, None).paragraph_format.keep_with_next = True


# --- tables -------------------------------------------------------------------------------------


def _borderless_table(doc: DocxDocument, rows: int, widths_cm: Sequence[float]) -> Table:
    """A layout table: the default table style of the template has no borders."""
    table = doc.add_table(rows=rows, cols=len(widths_cm))
    _fix_widths(table, widths_cm)
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


def _fix_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Fixed layout with the grid and every cell's width set: Word reads the cells', LibreOffice
    the grid's."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _repeat_as_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:tblHeader"))


def _cant_split(row) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))


def add_data_table(doc: DocxDocument, headers: Sequence[str], widths_cm: Sequence[float],
                   rows: Sequence[Sequence[Cell]], *, align: str | None = None,
                   bold_rows: Sequence[int] = (), size: int | None = None) -> Table:
    """A bordered table: a header row, a row of column numbers "(1) (2) …", both repeated on
    every page, then the rows. `align` gives each column's alignment ("l", "c", "r"); rows whose
    index is in `bold_rows` (e.g. a total) are bold."""
    assert len(headers) == len(widths_cm), "one width per column"
    align = align or "l" * len(headers)
    shape = _table_shape(doc, tuple(headers), tuple(widths_cm), align, size)
    # The whole table as XML text, parsed once: python-docx's per-element API cost seconds for
    # a few hundred rows (every child insert searches its siblings), and even copying a
    # prepared row and filling it element by element cost more than the text. Each row is the
    # prepared body row's XML (see _row_prototype) with the cell's lines and runs in it.
    xml = [shape.head]
    empty_text = False
    for index, values in enumerate(rows):
        bold = True if index in bold_rows else None
        xml.append(shape.row_open)
        for (cell_open, paragraph_open), value in zip(shape.cells, values, strict=True):
            xml.append(cell_open)
            for line in _lines(value):
                xml.append(paragraph_open)
                for span in line:
                    text = L.clean(span.text)
                    empty_text |= not text
                    xml.append(_run_xml(text, span.bold or bold, span.italic, size))
                xml.append("</w:p>")
            xml.append("</w:tc>")
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    tbl = _parse_block("".join(xml))
    if empty_text:  # a run's empty text is written <w:t ...></w:t>, as lxml writes text ""
        for t in tbl.iter(qn("w:t")):
            if t.text is None:
                t.text = ""
    _append_block(doc, tbl)
    return Table(tbl, doc._body)


@dataclass(frozen=True)
class _TableShape:
    """A data table's XML text: up to its first body row, then a body row's pieces."""

    head: str                        # <w:tbl> with its properties, grid and the two header rows
    row_open: str                    # <w:tr> with its properties
    cells: tuple[tuple[str, str], ...]  # per column: <w:tc> with its properties; <w:p> with its


# (headers, widths, align, size) → _TableShape. The text depends on nothing else (every
# document starts from new_document()), so it is kept for the next document too; a few
# hundred shapes at most, some KB each.
_SHAPES: dict[tuple, _TableShape] = {}
_SHAPES_KEPT = 256


def _table_shape(doc: DocxDocument, headers: tuple[str, ...], widths_cm: tuple[float, ...], align: str,
                 size: int | None) -> _TableShape:
    """A table shape's XML text, built once with python-docx (see _table_skeleton): a report
    with a table per unit has hundreds of identical headers, and building each through the
    API took ~30 ms."""
    key = (headers, widths_cm, align, size)
    shape = _SHAPES.get(key)
    if shape is None:
        tbl, tr = _table_skeleton(doc, headers, widths_cm, align, size)
        head = _xml(tbl)
        # Only the w: namespace, declared by the document's root (see _parse_block).
        assert head.startswith("<w:tbl>") and head.endswith("</w:tbl>") and "xmlns" not in head, head
        assert not re.search(r"</?(?!w:)\w+:", head), head
        # The body row: <w:tr><w:trPr/> then per column <w:tc><w:tcPr/><w:p><w:pPr/></w:p></w:tc>.
        assert not tr.attrib and tr[0].tag == qn("w:trPr"), _xml(tr)
        cells = []
        for tc in tr[1:]:
            assert tc.tag == qn("w:tc") and not tc.attrib and len(tc) == 2, _xml(tc)
            tc_pr, p = tc
            assert p.tag == qn("w:p") and not p.attrib and len(p) == 1, _xml(p)
            cells.append(("<w:tc>" + _xml(tc_pr), "<w:p>" + _xml(p[0])))
        shape = _TableShape(head=head[:-len("</w:tbl>")], row_open="<w:tr>" + _xml(tr[0]), cells=tuple(cells))
        if len(_SHAPES) >= _SHAPES_KEPT:
            _SHAPES.clear()
        _SHAPES[key] = shape
    return shape


_NS_DECLARATION = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


def _xml(element) -> str:
    """An element as lxml writes it, without the namespace declarations it carries as a
    subtree of its own (the document's root declares them)."""
    text = etree.tostring(element, encoding="unicode")
    end = text.index(">")
    return _NS_DECLARATION.sub("", text[:end]) + text[end:]


def _run_xml(text: str, bold, italic, size) -> str:
    """A run's XML: its properties (bold, italic, then the size as w:sz and w:szCs), its text
    kept with its spaces. `text` is cleaned (no character XML cannot hold, no carriage return
    for the parser to turn into a newline)."""
    props = _RUN_PROPERTIES.get((bool(bold), bool(italic), size))
    if props is None:
        props = ""
        if bold or italic or size:
            props = "<w:rPr>" + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + (
                f'<w:sz w:val="{int(size * 2)}"/><w:szCs w:val="{int(size * 2)}"/>' if size else "") + "</w:rPr>"
        _RUN_PROPERTIES[(bool(bold), bool(italic), size)] = props
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


_RUN_PROPERTIES: dict[tuple, str] = {}
# python-docx's parser (its element classes), keeping every text node as it is.
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
_PARSER.set_element_class_lookup(element_class_lookup)


def _parse_block(xml: str):
    """A table's XML text (written without namespace declarations) as an element, its root
    declaring the w: namespace. Moved into the document, lxml drops that declaration (the
    document's root declares it) and re-points every node to the document's at once; parsed
    under a declaring wrapper instead, each node's namespace is looked up on its own, which
    cost half a second for the tables of a province-wide report."""
    assert xml.startswith("<w:tbl>")
    return etree.fromstring(f'<w:tbl {nsdecls("w")}>' + xml[len("<w:tbl>"):], _PARSER)


def _table_skeleton(doc: DocxDocument, headers: tuple[str, ...], widths_cm: tuple[float, ...], align: str,
                    size: int | None):
    """The empty table (borders, widths, the header rows) and its body row prototype, built
    with python-docx and taken out of the document (`_table_shape` keeps them as text)."""
    table = doc.add_table(rows=2, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for i, header in enumerate(headers):
        _fill(table.cell(0, i), header, STYLE_TABLE_HEAD, size=size)
        _fill(table.cell(1, i), f"({i + 1})", STYLE_TABLE_HEAD, italic=True, bold=False, size=size)
    for header_row in table.rows:
        _repeat_as_header(header_row)
        _cant_split(header_row)
    _fix_widths(table, widths_cm)
    for row in table.rows[:2]:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    prototype = _row_prototype(table, align)
    tbl = table._tbl
    tbl.getparent().remove(tbl)
    return tbl, prototype


def _row_prototype(table: Table, align: str):
    """An empty body row — cells with their widths, paragraph style and alignment, never split
    across pages — taken out of the table (its XML is every body row's frame)."""
    row = table.add_row()
    _cant_split(row)  # a row moves to the next page whole (Word splits one taller than a page)
    for column, cell in enumerate(row.cells):
        cell.width = table.columns[column].width
        paragraph = _first_paragraph(cell, STYLE_TABLE)
        paragraph.alignment = _ALIGN[align[column]]
    tr = row._tr
    tr.getparent().remove(tr)
    return tr


_ALIGN = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT,
          "j": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _fill(cell: _Cell, value: Cell, style: str, *, bold=None, italic=None, size=None, align=None) -> None:
    """Write a cell's lines, one paragraph each; spans keep their emphasis."""
    for i, line in enumerate(_lines(value)):
        paragraph = _first_paragraph(cell, style) if i == 0 else _new_paragraph(cell, style)
        if align is not None:
            paragraph.alignment = align
        for span in line:
            _add_run(paragraph, L.clean(span.text), bold=span.bold or bold, italic=span.italic or italic,
                     size=size)


def _lines(value: Cell) -> list[list[Span]]:
    if value is None:
        return [[Span("")]]
    if isinstance(value, (str, int)):
        return [[Span(str(value))]]
    lines = []
    for line in value:
        if isinstance(line, str):
            lines.append([Span(line)])
        elif isinstance(line, Span):
            lines.append([line])
        else:
            lines.append(list(line))
    return lines or [[Span("")]]


# --- saving -------------------------------------------------------------------------------------


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def save_document(doc: DocxDocument, target: Target, made_on: dt.date) -> None:
    """Save with core properties from the document's date and a normalised zip."""
    props = doc.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.created = props.modified = midnight(made_on)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    write_target(target, package_bytes(buffer.getvalue(), made_on))


# Entries every reader looks for first; the rest follow in name order.
_FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")


def package_bytes(raw: bytes, stamp: dt.date) -> bytes:
    """The same OOXML package with every entry dated `stamp` at 00:00, in a fixed order, with
    fixed attributes: the bytes depend on the content alone."""
    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    order = [n for n in _FIRST_ENTRIES if n in entries] + sorted(n for n in entries if n not in _FIRST_ENTRIES)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            package.writestr(info, entries[name])
    return out.getvalue()


def write_target(target: Target, data: bytes) -> None:
    """Write bytes to a path or to an open binary file."""
    if hasattr(target, "write"):
        target.write(data)
    else:
        Path(target).write_bytes(data)
