"""One directive: its header, its task tree with a category summary per task, and the
assignments of the task under the cursor."""
from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import DataTable, Static, Tree

from core.services.directive_views import (
    DirectiveDetail,
    TaskAssignment,
    TaskNode,
    load_directive_detail,
    load_task_assignments,
)
from tui import strings as S
from tui.base import SectionScreen, literal
from tui.screens.directives import share_text

CATEGORY_STYLE = {"done_on_time": "green", "done_late": "yellow", "in_progress": "cyan",
                  "overdue": "bold red", "recurring": "magenta"}
ORDER = ("overdue", "in_progress", "done_late", "done_on_time", "recurring")


def fmt(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def counts_text(counts: dict[str, int]) -> Text:
    """"Q9 T2 M2 Đ2": the compact category summary of a task's assignments."""
    text = Text()
    for key in ORDER:
        n = counts.get(key, 0)
        if n:
            if text:
                text.append(" ")
            text.append(f"{S.DIRD_CAT_LETTER[key]}{n}", style=CATEGORY_STYLE[key])
    return text


def first_line(text: str, limit: int = 70) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def standing_cell(a: TaskAssignment, as_of: dt.date) -> Text:
    st = a.standing
    text = Text(S.CATEGORY_SHORT[st.category.value], style=CATEGORY_STYLE[st.category.value])
    late = st.days_late(as_of)
    if late and st.category.value == "overdue":
        text.append(" " + S.DAYS_LATE.format(n=late))
    if a.flags:
        text.append(" · " + ", ".join(S.FLAG[f] for f in a.flags), style="dim")
    return text


def due_cell(a: TaskAssignment, short: bool = False) -> str:
    due = a.standing.due
    if due is None:
        return S.DEADLINE_KIND["recurring"] if a.standing.category.value == "recurring" else "—"
    return due.strftime("%d/%m/%y" if short else "%d/%m/%Y") + ("*" if a.standing.extended else "")


def fill_assignment_table(table: DataTable, rows: list[TaskAssignment], as_of: dt.date, width: int,
                          select_id: int | None = None) -> None:
    """The assignments of one task: unit, role, giao/đề nghị, due, category and flags."""
    table.clear(columns=True)
    wide = width >= 100
    role_w, due_w = (17, 12) if wide else (12, 9)
    status_w = 30 if wide else 22
    unit_w = max(14, width - role_w - due_w - status_w - 2 * 5 - 2)
    table.add_column(S.DIRD_COL_UNIT, width=unit_w, key="unit")
    table.add_column(S.DIRD_COL_ROLE, width=role_w, key="role")
    table.add_column(S.DIRD_COL_DUE, width=due_w, key="due")
    table.add_column(S.DIRD_COL_STANDING, width=status_w, key="standing")
    for a in rows:
        role = Text(S.ROLE.get(a.role, a.role))
        role.append((" · " if wide else "·") + S.MODE.get(a.mode, a.mode), style="dim")
        table.add_row(literal(a.unit_name), role, due_cell(a, not wide), standing_cell(a, as_of), key=str(a.id))
    if select_id is not None:
        for i, a in enumerate(rows):
            if a.id == select_id:
                table.move_cursor(row=i)


def _assignments_of(ws, task_id: int) -> tuple[int, list[TaskAssignment]]:
    return task_id, load_task_assignments(ws, task_id)


class DirectiveDetailScreen(SectionScreen):
    HELP_TITLE = S.SECTION_DIRECTIVES
    DEFAULT_CSS = """
    DirectiveDetailScreen #dd-info { height: auto; max-height: 7; padding: 0 1; }
    DirectiveDetailScreen #dd-body { height: 1fr; layout: horizontal; }
    DirectiveDetailScreen #dd-tree { width: 3fr; height: 1fr; border: round $primary; }
    DirectiveDetailScreen #dd-assignments { width: 2fr; height: 1fr; border: round $primary; }
    DirectiveDetailScreen.narrow #dd-info { max-height: 4; text-wrap: nowrap; text-overflow: ellipsis; }
    DirectiveDetailScreen.narrow #dd-body { layout: vertical; }
    DirectiveDetailScreen.narrow #dd-tree { width: 100%; height: 1fr; }
    DirectiveDetailScreen.narrow #dd-assignments { width: 100%; height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", S.KEY_BACK, id="dd-back"),
        Binding("enter", "open", S.KEY_OPEN, id="dd-open"),
        Binding("a", "assignments", S.DIR_KEY_ASSIGNMENTS, id="dd-assignments"),
        Binding("r", "refresh", S.KEY_REFRESH, id="dd-refresh", show=False),
    ]

    def __init__(self, directive_id: int):
        super().__init__()
        self.directive_id = directive_id
        self.data: DirectiveDetail | None = None
        self.task_id: int | None = None
        self.assignments: list[TaskAssignment] = []

    def compose_body(self) -> ComposeResult:
        yield Static(S.LOADING, id="dd-info")
        with Container(id="dd-body"):
            tree: Tree = Tree(S.DIRD_TREE_ROOT, id="dd-tree")
            tree.show_root = False
            tree.auto_expand = False
            yield tree
            yield DataTable(id="dd-assignments", cursor_type="row", zebra_stripes=False)

    def on_mount(self) -> None:
        self._set_narrow()

    def on_resize(self) -> None:
        self._set_narrow()
        if self.task_id is not None and self.assignments:
            self._show_assignments((self.task_id, self.assignments))

    def _set_narrow(self) -> None:
        self.set_class(self.app.size.width < 110, "narrow")

    # --- data ----------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.load(load_directive_detail, self.directive_id, then=self.show)

    def action_refresh(self) -> None:
        self.refresh_data()

    def show(self, data: DirectiveDetail) -> None:
        self.data = data
        self.query_one("#dd-info", Static).update(self._info(data))
        self._fill_tree(data)
        if self.task_id is not None:
            self.load(_assignments_of, self.task_id, then=self._show_assignments, group="dd-assignments")
        self.refresh_bindings()

    def _info(self, d: DirectiveDetail) -> Text:
        text = Text()
        head = (S.DIRD_TYPE_NUMBER.format(doc_type=d.doc_type, number=d.number_text) if d.number_text
                else S.DIRD_TYPE_NO_NUMBER.format(doc_type=d.doc_type))
        text.append_text(literal(head))
        text.stylize("bold")
        text.append(" " + S.DIRD_SIGNED.format(date=fmt(d.signed_on)), style="bold")
        text.append(" · ")
        text.append_text(literal(d.issuer))
        if d.signer:
            text.append(" · " + S.DIRD_SIGNER, style="dim")
            text.append_text(literal(d.signer))
        text.append("\n" + S.DIRD_SUMMARY, style="dim")
        text.append_text(literal(" ".join(d.summary.split())))
        total = sum(d.counts.values())
        share = share_text(d.share_on_time)
        text.append("\n" + S.DIRD_TOTALS.format(n=total, share=share.plain), style="bold")
        text.append(" · ")
        text.append_text(counts_text(d.counts))
        text.append("  (" + S.DIRD_LEGEND + ")", style="dim")
        text.append("\n" + S.DIRD_CYCLE, style="dim")
        if d.cycle_name:
            text.append_text(literal(d.cycle_name))
            if d.reporting_phrase:
                text.append(" — «")
                text.append_text(literal(d.reporting_phrase))
                text.append("»")
        else:
            text.append(S.DIRD_NO_CYCLE)
        if d.period_phrase or d.period_end:
            text.append("\n" + S.DIRD_PERIOD, style="dim")
            text.append_text(literal(d.period_phrase or f"{fmt(d.period_start)} – {fmt(d.period_end)}"))
        for ref in d.parent_refs:
            text.append("\n" + S.DIRD_PARENTS, style="dim")
            text.append_text(literal(ref))
        return text

    def _node_label(self, n: TaskNode) -> Text:
        label = Text()
        label.append_text(literal(n.path))
        label.stylize("bold")
        if n.is_task:
            label.append(" ")
            summary = counts_text(n.counts)
            if summary:
                label.append_text(summary)
                label.append(" ")
            if n.deadline_phrase:
                label.append("[", style="dim")
                phrase = literal(first_line(n.deadline_phrase, 40))
                phrase.stylize("dim")
                label.append_text(phrase)
                label.append("] ", style="dim")
        else:
            label.append(" ")
        label.append_text(literal(first_line(n.text)))
        return label

    def _fill_tree(self, d: DirectiveDetail) -> None:
        tree = self.query_one("#dd-tree", Tree)
        cursor = self.task_id
        tree.clear()
        nodes = {}
        children = {n.parent_id for n in d.nodes}
        for n in d.nodes:
            parent = nodes.get(n.parent_id, tree.root)
            if n.id in children:
                nodes[n.id] = parent.add(self._node_label(n), data=n, expand=True)
            else:
                nodes[n.id] = parent.add_leaf(self._node_label(n), data=n)
        tree.root.expand()
        target = nodes.get(cursor) if cursor is not None else None
        if target is None:
            target = next((nodes[n.id] for n in d.nodes if n.is_task), None)
        if target is not None:
            self.call_after_refresh(tree.move_cursor, target)
        if self.focused is None:
            tree.focus()

    def _show_assignments(self, result: tuple[int, list[TaskAssignment]]) -> None:
        task_id, rows = result
        if task_id != self.task_id:  # an earlier load finishing late
            return
        self.assignments = rows
        table = self.query_one("#dd-assignments", DataTable)
        width = table.size.width or self.app.size.width
        keep = self._current_assignment_id()
        fill_assignment_table(table, rows, self.app.ws.today, max(width, 50), keep)
        node = self._current_node()
        if node is not None:
            table.border_title = literal(f"{node.path} · {len(rows)}")
        self.refresh_bindings()

    # --- selection -----------------------------------------------------------------------------

    def _current_node(self) -> TaskNode | None:
        tree = self.query_one("#dd-tree", Tree)
        node = tree.cursor_node
        return node.data if node is not None and isinstance(node.data, TaskNode) else None

    def _current_assignment_id(self) -> int | None:
        table = self.query_one("#dd-assignments", DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        n = event.node.data
        if not isinstance(n, TaskNode):
            return
        if n.id == self.task_id:
            return
        self.task_id = n.id
        table = self.query_one("#dd-assignments", DataTable)
        if not n.is_task:
            self.assignments = []
            table.clear(columns=True)
            table.border_title = literal(n.path)
            table.add_column(S.DIRD_NO_ASSIGNMENTS)
            self.refresh_bindings()
            return
        self.load(_assignments_of, n.id, then=self._show_assignments, group="dd-assignments")

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        n = event.node.data
        if isinstance(n, TaskNode) and n.is_task:
            self._open(n.id, None)
        elif event.node.allow_expand:
            event.node.toggle()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.task_id is not None and self.assignments:
            self._open(self.task_id, int(event.row_key.value))

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "open":
            n = self._current_node()
            return True if n is not None and n.is_task else None
        return True

    # --- actions -------------------------------------------------------------------------------

    def _open(self, task_id: int, assignment_id: int | None) -> None:
        from tui.screens.task_detail import TaskDetailScreen

        self.app.push_screen(TaskDetailScreen(task_id, assignment_id=assignment_id))

    def action_open(self) -> None:
        n = self._current_node()
        if n is None or not n.is_task:
            return
        assignment_id = None
        if self.focused is self.query_one("#dd-assignments", DataTable):
            assignment_id = self._current_assignment_id()
        self._open(n.id, assignment_id)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_assignments(self) -> None:
        from core.services.assignments import AssignmentFilter

        self.app.switch_mode("assignments")
        screen = self.app.screen
        if hasattr(screen, "apply_filter"):
            screen.apply_filter(AssignmentFilter(directive=str(self.directive_id)))
