"""parse_text: the whole pipeline from text to an ImportDraft."""
from __future__ import annotations

import re
import unicodedata

from core.importer.header import (
    _APPENDIX,
    _ATTACH,
    _RECIPIENTS,
    find_period,
    find_reporting,
    parent_references,
    read_header,
    segment_documents,
)
from core.importer.lines import Line, clean_lines, join_paragraphs
from core.importer.model import DraftDocument, DraftNode, ImportDraft, Reporting
from core.importer.tree import Node, Para, TaskExtractor, build_tree, is_closing
from core.importer.unitnames import UnitReader
from core.text import fold

__all__ = ["parse_text"]



def _is_person(s: str) -> bool:
    """"Trần Tuệ Hiền": 2–5 capitalised words of letters, none a title or unit word."""
    words = s.split()
    if not 2 <= len(words) <= 5 or len(s) > 40:
        return False
    for w in words:
        if not (w.isalpha() and len(w) >= 2 and w[0].isupper() and w[1:].islower()):
            return False
    return not any(w.lower() in _NOT_NAME for w in words)
_NOT_NAME = {"nơi", "nhận", "lưu", "kính", "gửi", "ban", "sở", "phòng", "ủy", "uỷ", "tỉnh", "như", "trên",
             "tịch", "các", "giám", "đốc", "bộ", "báo", "đài", "trực", "kiêm", "viên", "ký", "thay",
             "quyền", "trưởng", "thư", "chí", "huyện", "xã"}


def parse_text(text: str, source_name: str | None = None) -> ImportDraft:
    """A draft of every document in `text` (one file); never writes anything."""
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = clean_lines(text)
    segments = segment_documents(lines)
    documents: list[DraftDocument] = []
    for seg in segments:
        doc = _parse_segment(lines, seg)
        if doc is not None:
            documents.append(doc)
    if not documents:
        documents.append(DraftDocument(doc_type=None))
        documents[0].flag("tasks", "Không tìm thấy nội dung văn bản.")
    _link_bundles(documents, lines, segments)
    return ImportDraft(documents=documents, source_name=source_name)


def _parse_segment(lines: list[Line], seg) -> DraftDocument | None:
    header = read_header(lines, seg)
    doc = DraftDocument(
        doc_type=header.doc_type, number=header.number, issuer=header.issuer,
        signed_on=header.signed_on, place=header.place, summary=header.summary,
    )
    for name, note in header.notes.items():
        doc.flag(name, note)
    year = header.year
    body_lo = header.body_start
    # Parts: the main body until "Nơi nhận", attached documents, appendices (tables only).
    recipients = next((j for j in range(body_lo, seg.end) if not lines[j].blank
                       and lines[j].cells is None and _RECIPIENTS.match(lines[j].text)), None)
    # An attached document starts at its "(Kèm theo Quyết định số …)" line.
    cuts = sorted(j for j in range(body_lo, seg.end) if not lines[j].blank and lines[j].cells is None
                  and not lines[j].labelled and _ATTACH.match(lines[j].text))
    appendix = [j for j in range(body_lo, seg.end) if not lines[j].blank and lines[j].cells is None
                and not lines[j].labelled and _APPENDIX.match(lines[j].text)]
    main_end = min([x for x in [recipients, *cuts, *appendix] if x is not None] + [seg.end])
    parts: list[tuple[int, int, str]] = [(body_lo, main_end, "main")]
    starts = sorted(set(cuts) | set(appendix))
    for i, t in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else seg.end
        lo = t + 1
        rec = next((j for j in range(lo, end) if not lines[j].blank and lines[j].cells is None
                    and _RECIPIENTS.match(lines[j].text)), None)
        parts.append((lo, rec if rec is not None else end, "appendix" if t in appendix else "attachment"))

    seg_text = "\n".join(ln.raw for ln in lines[seg.start:seg.end] if not ln.blank)
    reader = UnitReader()
    reader.abbrev = reader.abbreviation_definitions(seg_text)
    heading_cache: dict[str, bool] = {}

    def is_heading(text: str) -> bool:
        if text not in heading_cache:
            heading_cache[text] = not text.rstrip().endswith((".", ";", ":")) and \
                reader.heading_units(text) is not None
        return heading_cache[text]

    trees: list[tuple[Node, str]] = []
    all_paras: list[Para] = []
    for lo, hi, kind in parts:
        paras = join_paragraphs(lines[lo:hi], is_heading)
        if kind == "appendix":
            paras = [p for p in paras if p.cells is not None]
        all_paras.extend(paras)
        trees.append((build_tree(paras), kind))

    # Period: a "THỜI GIAN THỰC HIỆN" section, or the summary's "giai đoạn 2021 - 2025".
    period_texts = []
    for root, _ in trees:
        for node in _iter_nodes(root):
            if re.search(r"thời\s+gian\s+thực\s+hiện", node.text, re.IGNORECASE):
                period_texts.append(node.text)
                period_texts.extend(p.text for p in node.items if isinstance(p, Para))
    # A plan's period does not date its signature: without a signing year, a date written
    # without a year stays unread rather than guessed.
    doc.period = find_period(doc.summary, period_texts, year)

    preamble = []
    main_root = trees[0][0]
    for it in main_root.items:
        if isinstance(it, Node):
            break
        if isinstance(it, Para):
            preamble.append(it.text)
    doc.parent_refs = parent_references([doc.summary or ""] + preamble)

    texts = [p.text for p in all_paras if p.cells is None]
    rep = find_reporting(texts, doc.issuer)
    if rep:
        doc.reporting = Reporting(cycle=rep[0], phrase=rep[1])

    used: set[str] = set()
    nodes: list[DraftNode] = []
    for root, kind in trees:
        closing = _closing_paragraphs(root)
        extractor = TaskExtractor(reader, year, doc.period, used, closing)
        nodes.extend(extractor.run(root))
    _complete_names(nodes)
    doc.nodes = nodes
    doc.signer = _signer(lines, recipients if recipients is not None else main_end, seg.end, starts)

    if doc.doc_type is None:
        doc.flag("doc_type", "Không thấy tên loại văn bản (Kế hoạch, Quyết định…).")
    if doc.number is None:
        doc.flag("number", "Văn bản không ghi số, ký hiệu (hoặc để trống).")
    if doc.signed_on is None:
        doc.flag("signed_on", "Không thấy ngày ký.")
    if doc.issuer is None:
        doc.flag("issuer", "Không thấy cơ quan ban hành.")
    if not doc.tasks:
        doc.flag("tasks", "Không tìm thấy nhiệm vụ nào có đơn vị được giao.")
    return doc


def _iter_nodes(node: Node):
    for it in node.items:
        if isinstance(it, Node):
            yield it
            yield from _iter_nodes(it)


def _all_paras(node: Node, out: list):
    for it in node.items:
        if isinstance(it, Node):
            out.append(("node", it.first_line, it))
            _all_paras(it, out)
        elif isinstance(it, Para):
            out.append(("para", it.first_line, it))
    return out


def _closing_paragraphs(root: Node) -> set[int]:
    """Paragraphs after the last item that close the document ("Quá trình thực hiện có khó
    khăn, vướng mắc…", "Chỉ thị này được phổ biến…") are not part of any task."""
    entries = sorted(_all_paras(root, []), key=lambda e: e[1])
    last_node = max((e[1] for e in entries if e[0] == "node"), default=None)
    if last_node is None:
        closing = set()
        started = False
        for kind, _, obj in entries:
            if kind == "para" and (started or is_closing(obj.text)):
                started = True
                closing.add(id(obj))
        return closing
    closing: set[int] = set()
    started = False
    for kind, line, obj in entries:
        if kind != "para" or line <= last_node:
            continue
        if started or is_closing(obj.text):
            started = True
            closing.add(id(obj))
    return closing


def _complete_names(nodes: list[DraftNode]) -> None:
    """Names the document shortens once ("Bộ Chỉ huy Quân sự") take the full form it uses
    elsewhere ("Bộ Chỉ huy Quân sự tỉnh")."""
    names = {n for t in nodes for n in t.lead + t.coordinating}
    by_fold = {fold(n): n for n in names}
    fix = {}
    for n in names:
        if fold(n).startswith("cac "):
            continue  # "Các sở, ban, ngành" is not short for "Các sở, ban, ngành tỉnh"
        longer = by_fold.get(fold(n) + " tinh")
        if longer:
            fix[n] = longer
    if not fix:
        return
    for t in nodes:
        t.lead = list(dict.fromkeys(fix.get(n, n) for n in t.lead))
        t.coordinating = [c for c in dict.fromkeys(fix.get(n, n) for n in t.coordinating) if c not in t.lead]
        t.requested = list(dict.fromkeys(fix.get(n, n) for n in t.requested))


def _signer(lines: list[Line], lo: int, hi: int, stops: list[int]) -> str | None:
    end = min([s for s in stops if s > lo] + [hi])
    for j in range(lo, end):
        ln = lines[j]
        if ln.blank or ln.cells is not None:
            continue
        s = ln.text.strip()
        if _is_person(s):
            return s
    for j in range(lo - 1, max(0, lo - 15), -1):
        ln = lines[j]
        if ln.blank or ln.cells is not None:
            continue
        s = ln.text.strip()
        if _is_person(s):
            return s
    return None


def _link_bundles(documents: list[DraftDocument], lines: list[Line], segments) -> None:
    """A cover letter that says it carries attachments bundles the documents after it."""
    if len(documents) != len(segments):
        return
    letter = None
    for i, (doc, seg) in enumerate(zip(documents, segments)):
        seg_text = fold(" ".join(ln.text for ln in lines[seg.start:seg.end] if not ln.blank))
        if letter is not None and doc.doc_type != "Công văn":
            doc.bundled_in = letter
            continue
        carries = "dinh kem" in seg_text or "kem theo" in seg_text
        letter = i if (doc.doc_type in ("Công văn", "Thông báo", "Quyết định") and carries) else None

