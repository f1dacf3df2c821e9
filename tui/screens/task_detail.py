"""One task: its full text, its deadline as written and as read, its assignments and, for the
selected assignment, the history known on the as-of date."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from core.services.directive_views import TaskAssignment, TaskView, load_task_view
from core.services.timeline import Timeline, TimelineEntry, load_timeline
from tui import strings as S
from tui.base import SectionScreen, literal
from tui.screens.directive_detail import fill_assignment_table, fmt
from tui.widgets.assignment_table import status_label

ENTRY_STYLE = {"checkin": "cyan", "extension_requested": "yellow", "extension_granted": "green",
               "extension_refused": "red", "confirm": "green", "return": "bold red", "audit": "dim"}


class TaskDetailScreen(SectionScreen):
    HELP_TITLE = S.SECTION_ASSIGNMENTS
    DEFAULT_CSS = """
    TaskDetailScreen #td-info-box { height: auto; max-height: 35%; padding: 0 1; }
    TaskDetailScreen #td-info { height: auto; }
    TaskDetailScreen #td-assignments { height: auto; max-height: 30%; border: round $primary; }
    TaskDetailScreen #td-timeline-box { height: 1fr; border: round $primary; padding: 0 1; }
    TaskDetailScreen #td-timeline { height: auto; }
    """
    BINDINGS = [
        Binding("escape", "back", S.KEY_BACK, id="td-back"),
        Binding("n", "checkin", S.KEY_CHECKIN, id="td-checkin"),
        Binding("x", "decide", S.KEY_CONFIRM, id="td-confirm"),
        Binding("g", "extension", S.KEY_EXTENSION, id="td-extension"),
        Binding("e", "edit", S.KEY_EDIT, id="td-edit"),
        Binding("r", "refresh", S.KEY_REFRESH, id="td-refresh", show=False),
    ]

    def __init__(self, task_id: int, assignment_id: int | None = None):
        super().__init__()
        self.task_id = task_id
        self.assignment_id = assignment_id
        self.data: TaskView | None = None
        self.timeline: Timeline | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="td-info-box"):
            yield Static(S.LOADING, id="td-info")
        yield DataTable(id="td-assignments", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="td-timeline-box"):
            yield Static("", id="td-timeline")

    # --- data ----------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.load(load_task_view, self.task_id, then=self.show)

    def action_refresh(self) -> None:
        self.refresh_data()

    def show(self, data: TaskView) -> None:
        self.data = data
        self.query_one("#td-info", Static).update(self._info(data))
        ids = [a.id for a in data.assignments]
        if self.assignment_id not in ids:
            self.assignment_id = ids[0] if ids else None
        self._fill_table()
        self.query_one("#td-assignments", DataTable).focus()
        self._load_timeline()
        self.refresh_bindings()

    def _fill_table(self) -> None:
        if self.data is None:
            return
        table = self.query_one("#td-assignments", DataTable)
        width = table.size.width or self.app.size.width
        fill_assignment_table(table, self.data.assignments, self.data.as_of, max(width, 50), self.assignment_id)
        table.border_title = f"{S.DIRD_COL_UNIT} · {len(self.data.assignments)}"

    def on_resize(self) -> None:
        self._fill_table()

    def _load_timeline(self) -> None:
        self.load(load_timeline, self.task_id, self.assignment_id, then=self._show_timeline,
                  group="td-timeline")

    def _info(self, t: TaskView) -> Text:
        text = Text()
        text.append_text(literal(S.TASKD_TITLE.format(path=t.path, directive=t.directive_title)))
        text.stylize("bold")
        text.append("\n" + S.TASKD_DEADLINE, style="dim")
        if t.deadline_phrase:
            text.append("«")
            text.append_text(literal(t.deadline_phrase))
            text.append("» → ")
        kind = t.deadline_kind or "none"
        if kind == "date" and t.due:
            if t.deadline_start:
                text.append(S.TASKD_FROM_TO.format(start=fmt(t.deadline_start), end=fmt(t.due)), style="bold")
            else:
                text.append(S.TASKD_DUE_ON.format(date=fmt(t.due)), style="bold")
        else:
            text.append(S.DEADLINE_KIND.get(kind, kind) if t.deadline_phrase or kind != "none"
                        else S.TASKD_DEADLINE_NONE, style="bold")
        if t.inherited:
            text.append(" · " + S.TASKD_INHERITED, style="italic")
            if t.directive_period_phrase:
                text.append(" (")
                text.append_text(literal(t.directive_period_phrase))
                text.append(")")
        if t.assignment_line:
            text.append("\n" + S.TASKD_ASSIGNMENT_LINE, style="dim")
            text.append_text(literal(t.assignment_line))
        text.append("\n")
        text.append_text(literal(t.text))
        return text

    # --- timeline ------------------------------------------------------------------------------

    def _show_timeline(self, tl: Timeline) -> None:
        if tl.assignment_id != self.assignment_id:
            return
        self.timeline = tl
        box = self.query_one("#td-timeline-box", VerticalScroll)
        a = self.current_assignment()
        box.border_title = (literal(S.TASKD_TIMELINE.format(unit=a.unit_name)) if a
                            else S.TASKD_TIMELINE_TASK)
        text = Text()
        for e in tl.entries:
            if text:
                text.append("\n")
            text.append_text(self._entry(e))
        if not tl.entries:
            text.append(S.TASKD_TIMELINE_EMPTY, style="dim")
        if tl.hidden:
            text.append("\n" + S.TASKD_HIDDEN.format(n=tl.hidden, date=fmt(tl.as_of)), style="dim")
        self.query_one("#td-timeline", Static).update(text)

    def _entry(self, e: TimelineEntry) -> Text:
        text = Text()
        text.append(fmt(e.on) + "  ", style="bold")
        text.append(S.TASKD_ENTRY[e.kind], style=ENTRY_STYLE[e.kind])
        if e.kind == "checkin":
            text.append(" · " + status_label(e.status, e.progress))
            if e.completed_on:
                text.append(" · " + S.TASKD_COMPLETED_ON.format(date=fmt(e.completed_on)))
        elif e.kind.startswith("extension"):
            text.append(" · " + S.TASKD_DUE_CHANGE.format(old=fmt(e.original_due), new=fmt(e.new_due)))
        elif e.kind == "audit":
            text.append(" · " + S.TASKD_AUDIT_ACTION.get(e.action or "", e.action or ""), style="dim")
            text.append(" " + S.TASKD_AUDIT_ENTITY.get(e.entity or "", e.entity or ""), style="dim")
            if e.entity_id:
                text.append(f" #{e.entity_id}", style="dim")
            if e.action == "update" and e.changes:
                text.append(" (" + ", ".join(sorted(e.changes)) + ")", style="dim")
        if e.clerk:
            text.append(" · ")
            text.append_text(literal(S.TASKD_BY.format(clerk=e.clerk)))
        for label, value in ((S.TASKD_RESULT, e.result), (S.TASKD_DIFFICULTIES, e.difficulties),
                             (S.TASKD_PROPOSALS, e.proposals), (S.TASKD_REFERENCE, e.reference),
                             (S.TASKD_REASON, e.reason), (S.TASKD_NOTE, e.note)):
            if value:
                text.append("\n    " + label, style="dim")
                text.append_text(literal(" ".join(value.split())))
        return text

    # --- selection -----------------------------------------------------------------------------

    def current_assignment(self) -> TaskAssignment | None:
        if self.data is None or self.assignment_id is None:
            return None
        return next((a for a in self.data.assignments if a.id == self.assignment_id), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key is None or event.row_key.value is None:
            return
        aid = int(event.row_key.value)
        if aid != self.assignment_id:
            self.assignment_id = aid
            self._load_timeline()
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()

    def check_action(self, action: str, parameters) -> bool | None:
        a = self.current_assignment()
        app = self.app
        if action in ("checkin", "extension"):
            return True if a is not None and app.can_report_for(a.unit_id) else None
        if action == "decide":
            return True if app.is_office() and a is not None and "awaiting" in a.flags else None
        if action == "edit":
            return True if app.is_office() and self.data is not None else None
        return True

    # --- actions -------------------------------------------------------------------------------

    def _after_form(self, saved) -> None:
        if saved:
            self.refresh_data()

    def action_checkin(self) -> None:
        from tui.screens.checkin_form import CheckinForm

        if self.check_action("checkin", ()) and self.assignment_id is not None:
            self.app.push_screen(CheckinForm(self.assignment_id), self._after_form)

    def action_decide(self) -> None:
        from tui.screens.decision_form import DecisionForm

        if self.check_action("decide", ()) and self.assignment_id is not None:
            self.app.push_screen(DecisionForm(self.assignment_id), self._after_form)

    def action_extension(self) -> None:
        from tui.screens.extension_form import ExtensionForm

        if self.check_action("extension", ()) and self.assignment_id is not None:
            self.app.push_screen(ExtensionForm(self.assignment_id), self._after_form)

    def action_edit(self) -> None:
        from tui.screens.task_edit_form import TaskEditForm

        if self.check_action("edit", ()):
            self.app.push_screen(TaskEditForm(self.task_id), self._after_form)

    def action_back(self) -> None:
        self.app.pop_screen()
