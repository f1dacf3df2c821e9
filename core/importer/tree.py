"""The outline of a directive and the tasks in it.

Paragraphs become a tree by their labels (II → 1 → 1.3 → a) → bullets). Unlabelled
paragraphs belong to the item above them; after a run of items they are an assignment line
for that run ("Sở Tài chính tham mưu UBND tỉnh trước ngày 17/8/2021."). Then, top down, an
item is either one task (its sub-items only elaborate it) or is split into its sub-items
(when a sub-item names its own unit or deadline, when the item is a unit heading such as
"1. Sở Y tế", or when an opening line "Chủ trì, phối hợp với …:" hands units down).
The rules follow the annotation guide in ../shared/gold/README.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.deadlines import Deadline, DeadlineKind, find_deadline, parse_deadline
from core.errors import DondocError
from core.importer.lines import LETTERS, Para
from core.importer.model import DraftNode
from core.importer.unitnames import Assignment, UnitReader, canon_unit, is_vague_unit
from core.text import fold

__all__ = ["Node", "build_tree", "TaskExtractor", "BULLETS"]

BULLETS = ("dash", "plus", "dot", "arrow")

# "- Cơ quan chủ trì: Sở Tư pháp.", "- Thời gian hoàn thành: Quý II/2024.": attributes of the item
# above, not sub-items.
FIELD_LINE = re.compile(
    r"^(?:(?:[Cc]ơ\s+quan|[Đđ]ơn\s+vị|[Bb]ộ\s+phận)\s+(?:chủ\s+trì|thực\s+hiện|phối\s+hợp|chịu\s+trách\s+nhiệm|"
    r"tham\s+mưu|được\s+giao)|[Cc]hủ\s+trì|[Pp]hối\s+hợp|[Tt]hời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành))?|"
    r"[Tt]hời\s+hạn(?:\s+hoàn\s+thành)?|[Tt]iến\s+độ|[Ss]ản\s+phẩm|[Kk]ết\s+quả|[Kk]inh\s+phí|[Nn]guồn\s+kinh\s+phí)\s*:"
)


@dataclass(eq=False)
class Table:
    rows: list[list[str]] = field(default_factory=list)
    first_line: int = 0


@dataclass(eq=False)
class Node:
    kind: str  # root | roman | dieu | num | letter | pnum | pletter | dash | plus | dot | arrow
    label: str | None
    depth: int
    text: str
    parent: "Node | None" = None
    items: list = field(default_factory=list)  # Node | Para | Table, in order
    ref: str = ""
    first_line: int = 0
    relabelled_from: str | None = None  # a letter printed twice, read as the next one

    @property
    def children(self) -> list["Node"]:
        return [it for it in self.items if isinstance(it, Node)]

    @property
    def key(self):
        return (self.kind, self.depth) if self.kind == "num" else self.kind

    def printed_label(self) -> str:
        if self.kind == "roman":
            return f"{self.label}."
        if self.kind == "num":
            return f"{self.label}."
        if self.kind in ("letter",):
            return f"{self.label})"
        if self.kind in ("pnum", "pletter"):
            return f"({self.label})"
        if self.kind in BULLETS:
            return "-" if self.kind != "plus" else "+"
        return self.label or ""


def _ancestors(node: "Node"):
    while node is not None:
        yield node
        node = node.parent


# --------------------------------------------------------------------------- building

def build_tree(paras: list[Para]) -> Node:
    root = Node("root", None, 0, "")
    stack: list[Node] = [root]
    table: Table | None = None
    for p in paras:
        if p.cells is not None:
            if table is None:
                table = Table(first_line=p.first_line)
                stack[-1].items.append(table)
            table.rows.append(p.cells)
            continue
        table = None
        if p.labelled and p.label_kind in BULLETS and FIELD_LINE.match(p.text) and len(stack) > 1:
            p = Para(p.text, first_line=p.first_line, lines=p.lines)
            top = stack[-1]
            if top.kind in BULLETS and not top.children and FIELD_LINE.match(top.text):
                stack.pop()
            stack[-1].items.append(p)
            continue
        if p.labelled:
            kind = p.label_kind
            if kind in ("roman", "dieu"):
                del stack[1:]
            elif kind == "num":
                for i in range(1, len(stack)):
                    if stack[i].kind == "num" and stack[i].depth >= p.depth:
                        del stack[i:]
                        break
            else:
                for i in range(len(stack) - 1, 0, -1):
                    if stack[i].key == kind:
                        del stack[i:]
                        break
            node = Node(kind, p.label, p.depth, p.text, parent=stack[-1], first_line=p.first_line)
            stack[-1].items.append(node)
            stack.append(node)
        else:
            top = stack[-1]
            # After a bullet, a new paragraph speaks for the run of bullets, not the last one.
            if top.kind in BULLETS and not top.children and len(stack) > 1:
                stack.pop()
                top = stack[-1]
            top.items.append(p)
    _relocate_trailing(root)
    return root


def _has_trailing(node: Node) -> bool:
    kids = [i for i, it in enumerate(node.items) if isinstance(it, Node)]
    if not kids:
        return any(isinstance(it, Para) for it in node.items)
    return any(isinstance(it, Para) for it in node.items[kids[-1] + 1:])


def _relocate_trailing(node: Node) -> None:
    """A line after the last sub-item of c) in "a) … b) … c) … <line>" speaks for the whole
    item when a) and b) had no such line of their own (parallel items are written alike)."""
    for child in node.children:
        _relocate_trailing(child)
    if node.parent is None or node.kind in ("root", "roman", "dieu"):
        return
    kids = [i for i, it in enumerate(node.items) if isinstance(it, Node)]
    cut = kids[-1] + 1 if kids else 0
    tail = node.items[cut:]
    if not tail or not all(isinstance(it, Para) for it in tail):
        return
    siblings = node.parent.children
    pos = siblings.index(node)
    before = [s for s in siblings[:pos] if s.key == node.key]
    if not before or any(_has_trailing(s) for s in before):
        return
    if pos != len(siblings) - 1:
        return
    if not kids and (node.kind in BULLETS or any(s.children for s in before)):
        return  # a leaf among items that have sub-items keeps its own line
    del node.items[cut:]
    at = node.parent.items.index(node)
    node.parent.items[at + 1:at + 1] = tail


# --------------------------------------------------------------------------- extraction

_OBJECTIVE = re.compile(
    r"^(?:mục\s+tiêu|mục\s+đích|yêu\s+cầu|quan\s+điểm|căn\s+cứ|sự\s+cần\s+thiết|tình\s+hình|"
    r"kết\s+quả|đánh\s+giá|đặc\s+điểm|phạm\s+vi|đối\s+tượng)(?:\W|$)",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:(?:Trong\s+)?[Qq]uá\s+trình\s+(?:triển\s+khai\s+)?(?:tổ\s+chức\s+)?thực\s+hiện"
    r"|(?:Kế\s+hoạch|Chỉ\s+thị|Quyết\s+định|Công\s+văn|Thông\s+báo|Kết\s+luận|Nghị\s+quyết)\s+này"
    r"|Yêu\s+cầu\s+(?:Thủ\s+trưởng|các)|(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+tỉnh\s+yêu\s+cầu"
    r"|Đề\s+nghị\s+các\s+(?:cơ\s+quan|đơn\s+vị|sở|địa\s+phương)|Trên\s+đây\s+là|Nhận\s+được"
    r"|Nơi\s+nhận)"
)
_ENACTING = re.compile(r"chịu\s+trách\s+nhiệm\s+thi\s+hành|có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ|bãi\s+bỏ")
_DIFFICULTY = re.compile(r"khó\s+khăn,?\s+vướng\s+mắc")
_EVERY_AFTER_VERB = re.compile(
    r"(?:thực\s+hiện|triển\s+khai|tổ\s+chức|báo\s+cáo|kiểm\s+tra|cập\s+nhật)\s+(?:định\s+kỳ\s+)?"
    r"(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm)(?=\s*[.;,)\n]|\s*$)"
)
_FIELD = re.compile(
    r"(?:[Tt]hời\s+gian(?:\s+thực\s+hiện|\s+hoàn\s+thành)?|[Tt]hời\s+hạn(?:\s+hoàn\s+thành)?|[Tt]iến\s+độ)\s*:\s*"
    r"(?P<v>[^.;\n()]{2,60})"
)


def is_closing(text: str) -> bool:
    return bool(_CLOSING.match(text) or _DIFFICULTY.search(text))


@dataclass
class Ctx:
    """Units and deadline words an item inherits."""

    assign: Assignment
    deadline_texts: list[str] = field(default_factory=list)
    shared: bool = False  # from a line that serves several items
    source: str = ""


@dataclass
class _Run:
    lines: list[str]
    children: list[Node]


def _joined(texts: list[str]) -> str:
    return "\n".join(t for t in texts if t and t.strip())


class TaskExtractor:
    """Walks one outline and produces section and task nodes."""

    def __init__(self, reader: UnitReader, year: int | None, period: Deadline | None,
                 used_refs: set[str], closing: set[int]):
        self.reader = reader
        self.year = year
        self.period = period
        self.used = used_refs
        self.closing = closing  # ids of closing paragraphs
        self.out: list[DraftNode] = []
        self._cache: dict[str, Assignment] = {}
        self._dl_cache: dict[str, Deadline] = {}
        self._head_cache: dict[str, Assignment | None] = {}

    # ------------------------------------------------------------------ helpers
    def read(self, text: str) -> Assignment:
        if text not in self._cache:
            self._cache[text] = self.reader.read(text)
        return self._cache[text]

    def deadline_in(self, text: str) -> Deadline:
        if not text or not text.strip():
            return Deadline(DeadlineKind.NONE)
        if text not in self._dl_cache:
            d = self._field_deadline(text) or find_deadline(text, doc_year=self.year, period=None)
            if d.kind is DeadlineKind.NONE and (m := _EVERY_AFTER_VERB.search(text)):
                # "… thực hiện hằng tuần": core reads "hằng tuần" at a clause start only
                d = Deadline(DeadlineKind.RECURRING, phrase=m.group(0))
            self._dl_cache[text] = d
        return self._dl_cache[text]

    def _field_deadline(self, text: str) -> Deadline | None:
        """"Thời gian: năm 2023 - 2024", "Thời hạn: Quý III/2023": after such a field the
        bare forms count, as in a form field (core's strict parse_deadline)."""
        for m in _FIELD.finditer(text):
            value = m.group("v").strip(" *_")
            try:
                d = parse_deadline(value, doc_year=self.year)
            except DondocError:
                continue
            if d.kind is not DeadlineKind.NONE:
                return d
        return None

    def heading(self, text: str) -> Assignment | None:
        if text not in self._head_cache:
            self._head_cache[text] = self.reader.heading_units(text)
        return self._head_cache[text]

    def assign_refs(self, node: Node) -> None:
        bullet_count = 0
        children = node.children
        for i, child in enumerate(children):
            if child.kind == "letter" and i > 0 and children[i - 1].kind == "letter" \
                    and child.label == children[i - 1].label:
                # "d) … d) … e)": a letter printed twice where the next one was meant ("đ").
                later = {c.label for c in children[i + 1:] if c.kind == "letter"}
                pos = LETTERS.index(child.label) if child.label in LETTERS else -1
                if 0 <= pos < len(LETTERS) - 1 and LETTERS[pos + 1] not in later:
                    child.relabelled_from = child.label
                    child.label = LETTERS[pos + 1]
            if child.kind in BULLETS:
                bullet_count += 1
                child.ref = f"{node.ref}-{bullet_count}" if node.ref else f"-{bullet_count}"
                child.label = f"-{bullet_count}"
            elif child.kind in ("roman", "dieu"):
                child.ref = child.label
            elif child.kind == "num":
                anc = node
                while anc.kind == "num":
                    anc = anc.parent
                base = anc.ref if anc is not None else ""
                child.ref = f"{base}.{child.label}" if base else child.label
            else:
                child.ref = f"{node.ref}.{child.label}" if node.ref else child.label
            while child.ref in self.used:
                child.ref += "'"
            self.used.add(child.ref)
            self.assign_refs(child)

    def _paras(self, node: Node):
        return [it for it in node.items if isinstance(it, Para) and id(it) not in self.closing]

    def _layout(self, node: Node):
        """Own lines (before the first sub-item), openings, and runs of sub-items with the
        line after them."""
        own: list[str] = []
        openings: dict[int, Ctx] = {}
        runs: list[_Run] = []
        tables: list[Table] = []
        pending: list[Node] = []
        opening: Ctx | None = None
        seen_child = False
        items = [it for it in node.items if not (isinstance(it, Para) and id(it) in self.closing)]
        last_was_run = False
        for idx, it in enumerate(items):
            if isinstance(it, Node):
                seen_child = True
                pending.append(it)
                if opening is not None:
                    openings[id(it)] = opening
                last_was_run = False
                continue
            if isinstance(it, Table):
                tables.append(it)
                continue
            text = it.text
            nxt = items[idx + 1] if idx + 1 < len(items) else None
            if text.rstrip().endswith(":") and isinstance(nxt, Node):
                head = self.heading(text)
                a = head or self.read(text)
                if a.has_units:
                    opening = Ctx(a, [text], shared=True, source="opening")
                    last_was_run = False
                    continue
            if not seen_child:
                own.append(text)
            elif pending:
                runs.append(_Run([text], pending))
                pending = []
                last_was_run = True
            elif runs and last_was_run:
                runs[-1].lines.append(text)
            else:
                runs.append(_Run([text], []))
                last_was_run = True
        return own, openings, runs, tables

    def _self_assigns(self, child: Node) -> bool:
        if child.kind != "root" and self.heading(child.text):
            return True
        own, _, _, _ = self._layout(child)
        text = _joined([child.text] + own)
        if self.read(text).has_units:
            return True
        return self.deadline_in(text).kind is not DeadlineKind.NONE

    def _subtree_text(self, node: Node) -> list[str]:
        out = []
        for it in node.items:
            if isinstance(it, Node):
                label = it.printed_label()
                out.append(f"{label} {it.text}".strip())
                out.extend(self._subtree_text(it))
            elif isinstance(it, Para) and id(it) not in self.closing:
                out.append(it.text)
            elif isinstance(it, Table):
                out.extend(" | ".join(c for c in row if c) for row in it.rows)
        return out

    # ------------------------------------------------------------------ the walk
    def run(self, root: Node) -> list[DraftNode]:
        self.assign_refs(root)
        self._walk(root, [], None)
        return self.out

    def _excluded(self, node: Node) -> bool:
        if node.kind not in ("roman", "num", "letter", "dieu"):
            return False
        text = node.text.strip()
        if node.kind == "dieu" and _ENACTING.search(text):
            return True  # "… chịu trách nhiệm thi hành Quyết định này", "… có hiệu lực …"
        return len(text.split()) <= 10 and bool(_OBJECTIVE.match(text))

    def _walk(self, node: Node, ctxs: list[Ctx], parent_ref: str | None) -> bool:
        """Emit tasks under `node`; True when it emitted any (so it is kept as a section)."""
        if self._excluded(node):
            return False
        is_root = node.kind == "root"
        own, openings, runs, tables = self._layout(node)
        children = node.children
        heading = None if is_root else self.heading(node.text)
        own_text = "" if (heading or is_root) else node.text
        text_assign = self.read(own_text) if own_text else Assignment()
        lines_assign = self.read(_joined(own)) if own and not is_root else Assignment()
        own_assign = text_assign.merged(lines_assign)
        ends_colon = node.text.rstrip().endswith(":")
        opening_self = None
        if own_text and ends_colon and text_assign.has_units and children:
            opening_self = Ctx(text_assign, [own_text], shared=True, source="opening")
        run_units = [r for r in runs if self.read(_joined(r.lines)).has_units
                     or self.deadline_in(_joined(r.lines)).kind is not DeadlineKind.NONE]
        ctx_lead = any(c.assign.lead for c in ctxs)

        emitted = False
        if is_root:
            for child in children:
                emitted |= self._walk(child, [], None)
            emitted |= self._tables(node, tables, ctxs, None)
            if not children:
                emitted |= self._root_paragraphs(node)
            return emitted

        if not children:
            return self._emit_task(node, own_assign, own, ctxs, heading, parent_ref,
                                   text_lines=[node.text] + own) | self._tables(node, tables, ctxs, node.ref)

        child_self = any(self._self_assigns(c) for c in children)
        covered_all = len(run_units) == 1 and set(map(id, run_units[0].children)) == set(map(id, children))
        split_by_runs = bool(run_units) and not covered_all
        own_has = own_assign.has_units and not (ends_colon and not own)
        split = bool(heading or openings or opening_self or child_self or split_by_runs
                     or (own_has and run_units))
        has_any = own_assign.has_units or bool(run_units) or ctx_lead or heading
        if not split and has_any:
            run_lines = [ln for r in runs for ln in r.lines]
            whole = own_assign.merged(self.read(_joined(run_lines))) if run_lines else own_assign
            return self._emit_task(node, whole, own + run_lines, ctxs, heading, parent_ref,
                                   text_lines=[node.text] + self._subtree_text(node)) \
                | self._tables(node, tables, ctxs, node.ref)

        # Split: the item itself is a task only when it has its own assignment line.
        my_ref = node.ref
        placeholder = DraftNode(ref=my_ref, label=node.label or "", kind="section", text=node.text.strip(),
                                parent_ref=parent_ref)
        self.out.append(placeholder)
        self_task = False
        if own_has and not heading and not opening_self:
            self_task = self._emit_task(node, own_assign, own, ctxs, None, parent_ref,
                                        text_lines=[node.text] + own, replace=placeholder)
        base: list[Ctx] = []
        if heading:
            base.append(Ctx(heading, [], shared=True, source="heading"))
        if opening_self:
            base.append(opening_self)
        if own_assign.has_units and not opening_self:
            base.append(Ctx(Assignment(own_assign.lead, own_assign.coordinating, own_assign.requested),
                            [], shared=True, source="parent"))
        run_of = {}
        for r in runs:
            for c in r.children:
                run_of[id(c)] = r
        for child in children:
            cctx: list[Ctx] = []
            r = run_of.get(id(child))
            if r is not None:
                text = _joined(r.lines)
                cctx.append(Ctx(self.read(text), [text], shared=len(r.children) > 1, source="run"))
            if id(child) in openings:
                cctx.append(openings[id(child)])
            emitted |= self._walk(child, cctx + base + ctxs, my_ref)
        emitted |= self._tables(node, tables, base + ctxs, my_ref)
        if not emitted and not self_task:
            self.out.remove(placeholder)
            return False
        return True

    # ------------------------------------------------------------------ tasks
    def _emit_task(self, node: Node, own_assign: Assignment, own_lines: list[str],
                   ctxs: list[Ctx], heading: Assignment | None, parent_ref: str | None,
                   text_lines: list[str], replace: DraftNode | None = None) -> bool:
        """One task for `node`: its own units, else the nearest inherited ones; its deadline;
        the fields the clerk should check. False when no unit is assigned at all."""
        run_ctx = next((c for c in ctxs if c.source == "run" and not c.shared), None)
        own = own_assign
        own_line_texts = list(own_lines)
        if run_ctx is not None:  # a line that follows only this item is its own
            own = own.merged(run_ctx.assign)
            own_line_texts += run_ctx.deadline_texts
            ctxs = [c for c in ctxs if c is not run_ctx]
            text_lines = text_lines + run_ctx.deadline_texts
        chain = ([Ctx(heading, [], source="heading")] if heading else []) + ctxs
        lead, coord, requested = list(own.lead), list(own.coordinating), list(own.requested)
        lead_from = None
        if not lead:
            for i, c in enumerate(chain):
                if c.assign.lead:
                    lead = list(c.assign.lead)
                    requested = list(c.assign.requested)
                    lead_from = c
                    if not coord:
                        # "Chủ trì, phối hợp với X:" above the items names X for each of them
                        for c2 in chain[:i + 1]:
                            if c2.assign.coordinating:
                                coord = [x for x in c2.assign.coordinating if x not in lead]
                                break
                    break
        if not lead:
            return False
        coord = [c for c in coord if c not in lead]
        dn = replace or DraftNode(ref=node.ref, label=node.label or "", kind="task", text="",
                                  parent_ref=parent_ref)
        dn.kind = "task"
        dn.text = "\n".join(t.strip() for t in text_lines if t and t.strip())
        dn.lead, dn.coordinating, dn.requested = lead, coord, [r for r in requested if r in lead]
        lines = own.lines or (lead_from.assign.lines if lead_from else [])
        dn.assignment_line = " ".join(lines) or None
        # Deadline: the item's own assignment line, its own words, a shared line, then what it
        # inherits; the directive's period last.
        sources = [_joined(own_line_texts), node.text]
        sources += [t for c in ctxs for t in c.deadline_texts]
        deadline = None
        for src in sources:
            d = self.deadline_in(src)
            if d.kind is not DeadlineKind.NONE:
                deadline = d
                break
        if deadline is None:
            if self.period is not None:
                deadline = Deadline(DeadlineKind.DATE, due=self.period.due, start=self.period.start,
                                    phrase=self.period.phrase, inherited=True)
                dn.flag("deadline", "Lấy theo thời gian thực hiện chung của văn bản.")
            else:
                deadline = Deadline(DeadlineKind.NONE)
                dn.flag("deadline", "Văn bản không ghi thời hạn cho nhiệm vụ này; cần đặt hạn.")
        elif deadline.kind is DeadlineKind.IMMEDIATE:
            dn.flag("deadline", f"Chỉ ghi «{deadline.phrase}», chưa có ngày cụ thể; cần đặt hạn.")
        dn.deadline = deadline
        if lead_from is not None and lead_from.shared and lead_from.source == "run":
            dn.flag("lead", "Đơn vị lấy từ dòng giao việc chung cho nhiều mục; cần kiểm tra.")
        dropped = own.dropped + (lead_from.assign.dropped if lead_from else [])
        if dropped:
            dn.flag("coordinating", "Đã bỏ cụm chung chung không chỉ rõ đơn vị: "
                    + "; ".join(f"«{d}»" for d in dict.fromkeys(dropped)) + ".")
        if "'" in dn.ref:
            dn.flag("ref", f"Số thứ tự «{node.label}» lặp lại trong văn bản; đã đánh dấu để phân biệt.")
        for anc in _ancestors(node):
            if anc.relabelled_from:
                dn.flag("ref", f"Mục «{anc.relabelled_from})» in lặp; đã hiểu là «{anc.label})».")
                break
        if replace is None:
            self.out.append(dn)
        return True

    def _root_paragraphs(self, root: Node) -> bool:
        """A letter with no numbered items: each paragraph that assigns work is a task."""
        emitted = False
        paras = self._paras(root)
        n = 0
        for p in paras:
            text = p.text
            if text.rstrip().endswith(":") and n == 0:
                continue
            a = self.read(text)
            if not a.lead:
                continue
            n += 1
            node = Node("para", str(n), 0, text, parent=root, first_line=p.first_line)
            node.ref = f"¶{n}"
            while node.ref in self.used:
                node.ref += "'"
            self.used.add(node.ref)
            emitted |= self._emit_task(node, a, [], [], None, None, text_lines=[text])
        return emitted

    # ------------------------------------------------------------------ tables of tasks
    _COLS = {
        "task": re.compile(r"nhiem vu|noi dung|cong viec"),
        "lead": re.compile(r"chu tri|don vi thuc hien|co quan thuc hien|don vi thuc hien|trach nhiem|don vi giao"),
        "coord": re.compile(r"phoi hop"),
        "deadline": re.compile(r"thoi gian|thoi han|tien do|han hoan thanh|hoan thanh"),
        "stt": re.compile(r"^(?:stt|tt|so tt|so thu tu)$"),
    }

    def _tables(self, node: Node, tables: list[Table], ctxs: list[Ctx], parent_ref: str | None) -> bool:
        emitted = False
        for table in tables:
            emitted |= self._table(node, table, parent_ref)
        return emitted

    def _table(self, node: Node, table: Table, parent_ref: str | None) -> bool:
        cols: dict[str, int] = {}
        start = None
        for i, row in enumerate(table.rows[:5]):
            found = {}
            for j, cell in enumerate(row):
                f = fold(cell)
                for role, rx in self._COLS.items():
                    if role not in found and rx.search(f) and not (role == "deadline" and "lead" in found and found["lead"] == j):
                        if role == "task" and ("chu tri" in f or "phoi hop" in f):
                            continue
                        found[role] = j
                        break
            if "task" in found and "lead" in found:
                cols, start = found, i
                break
        if start is None:
            return False
        base = node.ref if node.kind != "root" else "PL"
        group = base
        group_node: DraftNode | None = None  # a group row ("I | Hạ tầng số"), kept as a section
        emitted = False
        row_no = 0
        for row in table.rows[start + 1:]:
            cells = row + [""] * (max(cols.values()) + 1 - len(row))
            task_text = cells[cols["task"]].strip()
            lead_text = cells[cols["lead"]].strip()
            stt = cells[cols["stt"]].strip().rstrip(".") if "stt" in cols else ""
            if not task_text:
                continue
            if not lead_text and not (cols.get("deadline") is not None and cells[cols["deadline"]].strip()):
                # a group row ("I | Nhiệm vụ về y tế")
                label = stt or task_text[:20]
                group = f"{base}.{label}" if base else label
                while group in self.used:
                    group += "'"
                self.used.add(group)
                group_node = DraftNode(ref=group, label=label, kind="section", text=task_text,
                                       parent_ref=parent_ref)
                continue
            row_no += 1
            label = stt or str(row_no)
            ref = f"{group}.{label}" if group else label
            while ref in self.used:
                ref += "'"
            self.used.add(ref)
            lead = self._cell_units(lead_text)
            coord = self._cell_units(cells[cols["coord"]]) if "coord" in cols else Assignment()
            a = Assignment(lead.lead, [c for c in coord.lead + coord.coordinating if c not in lead.lead],
                           lead.requested, lead.dropped + coord.dropped, [lead_text])
            tnode = Node("row", label, 0, task_text, parent=node)
            tnode.ref = ref
            dl_text = cells[cols["deadline"]].strip() if "deadline" in cols else ""
            dl = self._cell_deadline(dl_text)
            if group_node is not None and all(x is not group_node for x in self.out):
                self.out.append(group_node)
            ok = self._emit_task(tnode, a, [dl_text] if dl_text else [], [], None,
                                 group_node.ref if group_node else parent_ref, text_lines=[task_text])
            if ok and dl is not None:
                self.out[-1].deadline = dl
                self.out[-1].uncertain = [u for u in self.out[-1].uncertain if u != "deadline"]
                self.out[-1].reasons.pop("deadline", None)
            emitted |= ok
        return emitted

    def _cell_units(self, text: str) -> Assignment:
        text = text.strip()
        if not text:
            return Assignment()
        a = Assignment()
        units, _ = self.reader.unit_list(self.reader._prepare(text), 0)
        for u in units:
            name = canon_unit(u.raw, self.reader.abbrev)
            if is_vague_unit(name):
                a.dropped.append(name)
            elif name not in a.lead:
                a.lead.append(name)
        if not a.lead:
            b = self.read(text)
            a = Assignment(b.lead + b.coordinating, [], b.requested, b.dropped)
        return a

    def _cell_deadline(self, text: str) -> Deadline | None:
        if not text:
            return None
        try:
            return parse_deadline(text, doc_year=self.year)
        except DondocError:
            d = self.deadline_in(text)
            return d if d.kind is not DeadlineKind.NONE else None
