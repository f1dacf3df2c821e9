"""Nhập văn bản: the draft of a directive file as a tree (documents → sections → tasks), each
task with its units, roles and deadline, and what the clerk should check marked with the
reason. The clerk accepts or drops each task (Space), corrects one (e), decides what each
unknown unit name means (Enter on it, or u), and stores it all in one transaction (Ctrl+S).

Parsing and storing run in workers (core.services.importing); nothing is written before Ctrl+S.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from core.deadlines import Deadline, DeadlineKind
from core.services.importing import (
    ImportChoices,
    ImportPlan,
    ImportResult,
    PlannedDocument,
    PlannedTask,
    TaskChoice,
    UnitChoice,
    UnitProblem,
    commit_import,
    name_key,
    plan_import,
    unresolved_problems,
)
from tui import strings as S
from tui.base import SectionScreen, literal
from tui.screens.import_task_form import choice_label, describe_deadline


@dataclass(frozen=True)
class Item:
    """What a tree node stands for."""

    kind: str              # problems | problem | doc | node
    doc: int = -1
    ref: str = ""          # node: the item's reference
    name: str = ""         # problem: the unit name as written


def first_line(text: str, limit: int = 90) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _fmt(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _short_due(d: Deadline) -> str:
    if d.kind is DeadlineKind.DATE and d.due is not None:
        return d.due.strftime("%d/%m/%y")
    return S.IMP_DUE_SHORT.get(str(d.kind), str(d.kind))


def open_import(app) -> None:
    """The file picker, then the import screen; a clear refusal for clerks who may not import."""
    if not app.is_office():
        from core.errors import PermissionDeniedError
        from core.services.permissions import ROLE_LABELS

        role = ROLE_LABELS.get(app.clerk_role or "", S.IMP_ROLE_NONE)
        app.show_error(PermissionDeniedError(S.IMP_REFUSED.format(name=app.clerk_name, role=role)))
        return
    from tui.screens.file_picker import FilePicker

    def pick(folder: Path) -> None:
        # A file that cannot be read brings the picker back in its folder, under the reason.
        def chosen(path: Path | None) -> None:
            if path is not None:
                app.push_screen(ImportScreen(path, on_unreadable=pick))

        app.push_screen(FilePicker(folder), chosen)

    pick(Path.cwd())


class ImportScreen(SectionScreen):
    HELP_TITLE = S.IMP_TITLE
    DEFAULT_CSS = """
    ImportScreen #imp-info { height: auto; max-height: 2; padding: 0 1; }
    ImportScreen #imp-body { height: 1fr; layout: horizontal; }
    ImportScreen #imp-tree { width: 3fr; height: 1fr; border: round $primary; overflow-x: hidden; }
    ImportScreen #imp-detail { width: 2fr; height: 1fr; border: round $primary; padding: 0 1; }
    ImportScreen.narrow #imp-body { layout: vertical; }
    ImportScreen.narrow #imp-tree { width: 100%; height: 1fr; }
    ImportScreen.narrow #imp-detail { width: 100%; height: 9; }
    """
    BINDINGS = [
        Binding("escape", "back", S.KEY_BACK, id="imp-back"),
        Binding("space", "toggle", S.IMP_KEY_TOGGLE, id="imp-toggle", key_display=S.IMP_KEY_SPACE, priority=True),
        Binding("e", "edit", S.IMP_KEY_EDIT, id="imp-edit"),
        Binding("u", "unit", S.IMP_KEY_UNIT, id="imp-unit"),
        Binding("ctrl+s", "commit", S.IMP_KEY_COMMIT, id="imp-commit", priority=True),
    ]

    def __init__(self, path: Path | str, on_unreadable: Callable[[Path], None] | None = None):
        super().__init__()
        self.path = Path(path)
        self.on_unreadable = on_unreadable
        self.plan: ImportPlan | None = None
        self.loading = False
        self.committing = False
        self.unit_choices: dict[str, UnitChoice] = {}
        self.task_choices: dict[tuple[int, str], TaskChoice] = {}
        self.nodes: dict[Any, TreeNode] = {}

    def compose_body(self) -> ComposeResult:
        yield Static(literal(S.IMP_READING.format(name=self.path.name)), id="imp-info")
        with Container(id="imp-body"):
            tree: Tree = Tree(S.IMP_TREE_TITLE, id="imp-tree")
            tree.show_root = False
            tree.auto_expand = False
            tree.border_title = S.IMP_TREE_TITLE
            yield tree
            with VerticalScroll(id="imp-detail"):
                yield Static("", id="imp-detail-text")

    def on_mount(self) -> None:
        self._set_narrow()
        self.query_one("#imp-detail", VerticalScroll).border_title = S.IMP_DETAIL_TITLE

    def on_resize(self) -> None:
        self._set_narrow()

    def _set_narrow(self) -> None:
        self.set_class(self.app.size.width < 110, "narrow")

    # --- planning ----------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        # Planned once: the clerk's choices live on this screen, so resuming must not re-plan.
        if self.plan is None and not self.loading:
            self.loading = True
            self.load(plan_import, str(self.path), then=self.show_plan, group="imp-plan")

    def show_plan(self, plan: ImportPlan) -> None:
        self.loading = False
        self.plan = plan
        self._fill_tree()
        self._update_info()
        self.refresh_bindings()

    def on_worker_state_changed(self, event) -> None:
        # Textual also runs the base class's handler (WorkerMixin: the error dialog) after this
        # one, unless prevented — so no super() call here.
        from textual.worker import WorkerState

        if event.state != WorkerState.ERROR:
            return
        if event.worker.group == "imp-plan":
            # A file that cannot be read: back to the picker (or where the clerk was), then the
            # reason on top of it.
            event.prevent_default()
            self.loading = False
            if self.app.screen is self:
                self.app.pop_screen()
                if self.on_unreadable is not None:
                    self.on_unreadable(self.path.parent)
            self.app.show_error(event.worker.error)
        elif event.worker.group == "imp-commit":
            self.committing = False
            self._update_info()
            self.refresh_bindings()

    # --- state -------------------------------------------------------------------------------------

    def choice(self, doc: int, ref: str) -> TaskChoice:
        return self.task_choices.get((doc, ref)) or TaskChoice()

    def unit_choice(self, name: str) -> UnitChoice | None:
        key = name_key(name)
        return next((c for n, c in self.unit_choices.items() if name_key(n) == key), None)

    def choices(self, update: bool = False) -> ImportChoices:
        return ImportChoices(units=dict(self.unit_choices), tasks=dict(self.task_choices), update=update)

    def pending(self) -> list[UnitProblem]:
        return unresolved_problems(self.plan, self.choices()) if self.plan else []

    def _task_names(self, t: PlannedTask) -> tuple[list[str], list[str]]:
        """The lead and coordinating names as they stand (edited or as in the file)."""
        c = self.choice(t.document, t.ref)
        out = []
        for edited, original in ((c.lead, t.node.lead), (c.coordinating, t.node.coordinating)):
            if edited is None:
                out.append(list(original))
            elif isinstance(edited, str):
                out.append([n.strip() for n in edited.replace("\n", ";").split(";") if n.strip()])
            else:
                out.append(list(edited))
        return out[0], out[1]

    def _task_pending(self, t: PlannedTask) -> list[str]:
        lead, coord = self._task_names(t)
        return [n for n in lead + coord if self.plan.problem(n) is not None and self.unit_choice(n) is None]

    def _open_flags(self, t: PlannedTask) -> list[str]:
        """The fields still to check: those the clerk has not corrected."""
        c = self.choice(t.document, t.ref)
        edited = {"text": c.text, "lead": c.lead, "coordinating": c.coordinating, "deadline": c.deadline_phrase}
        return [f for f in t.uncertain if edited.get(f) is None]

    def _task_deadline(self, t: PlannedTask, pdoc: PlannedDocument) -> Deadline:
        c = self.choice(t.document, t.ref)
        if c.deadline_phrase is None:
            return t.deadline
        from core.deadlines import parse_deadline

        return parse_deadline(c.deadline_phrase, doc_year=pdoc.year, period=pdoc.draft.period)

    # --- the tree ----------------------------------------------------------------------------------

    def _fill_tree(self) -> None:
        plan = self.plan
        tree = self.query_one("#imp-tree", Tree)
        tree.clear()
        self.nodes = {}
        if plan.problems:
            head = tree.root.add(self._problems_label(), data=Item("problems"), expand=True)
            self.nodes["problems"] = head
            for p in plan.problems:
                self.nodes[("problem", name_key(p.name))] = head.add_leaf(
                    self._problem_label(p), data=Item("problem", name=p.name))
        for d in plan.documents:
            doc_node = tree.root.add(self._doc_label(d), data=Item("doc", d.index), expand=True)
            self.nodes[("doc", d.index)] = doc_node
            parents = {n.parent_ref for n in d.nodes}
            tasks = {t.ref: t for t in d.tasks}
            for n in d.nodes:
                above = self.nodes.get(("node", d.index, n.parent_ref)) if n.parent_ref else None
                above = above or doc_node
                label = self._task_label(d, tasks[n.ref]) if n.ref in tasks else self._section_label(n)
                item = Item("node", d.index, n.ref)
                if n.ref in parents:
                    self.nodes[("node", d.index, n.ref)] = above.add(label, data=item, expand=True)
                else:
                    self.nodes[("node", d.index, n.ref)] = above.add_leaf(label, data=item)
        tree.root.expand()
        first = next((t for t in plan.tasks), None)
        target = self.nodes.get("problems") or (self.nodes.get(("node", first.document, first.ref)) if first else None)
        if target is not None:
            self.call_after_refresh(tree.move_cursor, target)
        tree.focus()

    def _problems_label(self) -> Text:
        n = len(self.plan.problems)
        pending = len(self.pending())
        return Text(S.IMP_PROBLEMS_NODE.format(n=n, pending=pending), style="bold red" if pending else "bold")

    def _problem_label(self, p: UnitProblem) -> Text:
        choice = self.unit_choice(p.name)
        text = Text()
        text.append("! " if choice is None else "✓ ", style="bold red" if choice is None else "green")
        text.append("«")
        text.append_text(literal(p.name))
        text.append("» → ")
        text.append(choice_label(choice, self.plan), style="dim" if choice is None else "")
        return text

    def _doc_label(self, d: PlannedDocument) -> Text:
        text = Text()
        text.append(f"[{d.index + 1}] ", style="bold")
        title = literal(d.title)
        title.stylize("bold")
        text.append_text(title)
        text.append(" · " + (_fmt(d.draft.signed_on) or S.IMP_NO_DATE), style="dim")
        text.append(" · " + S.IMP_DOC_TASKS.format(n=len(d.tasks)), style="dim")
        if d.bundled_in is not None:
            text.append(" · " + S.IMP_DOC_BUNDLED.format(n=d.bundled_in + 1), style="dim")
        if d.update is not None:
            text.append(" · " + S.IMP_DOC_UPDATE.format(id=d.update.directive_id), style="bold yellow")
        return text

    def _section_label(self, n) -> Text:
        text = literal(n.ref)
        text.stylize("bold")
        text.append(" ")
        text.append_text(literal(first_line(n.text)))
        return text

    def _task_label(self, d: PlannedDocument, t: PlannedTask) -> Text:
        c = self.choice(d.index, t.ref)
        text = Text()
        text.append(S.IMP_CHECK_ON if c.accepted else S.IMP_CHECK_OFF, style="bold green" if c.accepted else "dim")
        text.append(" ")
        ref = literal(t.ref)
        ref.stylize("bold")
        text.append_text(ref)
        if c.accepted and self._task_pending(t):
            text.append(" !", style="bold red")
        elif c.accepted and self._open_flags(t):
            text.append(" ?", style="bold yellow")
        text.append(" ")
        try:
            due = _short_due(self._task_deadline(t, d))
        except Exception:  # noqa: BLE001 - the form checked it; show the phrase instead
            due = c.deadline_phrase or ""
        text.append(due, style="cyan")
        lead, _coord = self._task_names(t)
        if lead:
            text.append(" ")
            text.append_text(literal(lead[0]))
            if len(lead) > 1:
                text.append(f" +{len(lead) - 1}")
        text.append(" · ", style="dim")
        body = literal(first_line(c.text if c.text is not None else t.text))
        body.stylize("dim")
        text.append_text(body)
        if not c.accepted:
            text.stylize("dim strike")
        return text

    def _relabel(self) -> None:
        plan = self.plan
        if plan is None:
            return
        if "problems" in self.nodes:
            self.nodes["problems"].set_label(self._problems_label())
            for p in plan.problems:
                self.nodes[("problem", name_key(p.name))].set_label(self._problem_label(p))
        for d in plan.documents:
            for t in d.tasks:
                node = self.nodes.get(("node", d.index, t.ref))
                if node is not None:
                    node.set_label(self._task_label(d, t))
        self._update_info()
        self._show_detail()

    def _update_info(self) -> None:
        plan = self.plan
        if plan is None:
            return
        tasks = plan.tasks
        chosen = sum(1 for t in tasks if self.choice(t.document, t.ref).accepted)
        text = literal(S.IMP_INFO.format(name=plan.source_name, docs=len(plan.documents), tasks=len(tasks),
                                         chosen=chosen))
        pending = len(self.pending())
        if pending:
            text.append(S.IMP_INFO_PENDING.format(n=pending), style="bold red")
        if plan.updates:
            text.append(S.IMP_INFO_UPDATE.format(n=len(plan.updates)), style="bold yellow")
        if self.committing:
            text.append(" · " + S.IMP_SAVING, style="bold")
        self.query_one("#imp-info", Static).update(text)

    # --- the detail panel --------------------------------------------------------------------------

    def current(self) -> Item | None:
        node = self.query_one("#imp-tree", Tree).cursor_node
        return node.data if node is not None and isinstance(node.data, Item) else None

    def current_task(self) -> tuple[PlannedDocument, PlannedTask] | None:
        item = self.current()
        if self.plan is None or item is None or item.kind != "node":
            return None
        d = self.plan.documents[item.doc]
        t = next((t for t in d.tasks if t.ref == item.ref), None)
        return (d, t) if t is not None else None

    def on_tree_node_highlighted(self, _event: Tree.NodeHighlighted) -> None:
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        item = self.current()
        panel = self.query_one("#imp-detail-text", Static)
        if self.plan is None or item is None:
            panel.update("")
            return
        if item.kind == "problems":
            panel.update(Text(S.IMP_PROBLEM_HINT))
        elif item.kind == "problem":
            panel.update(self._problem_detail(self.plan.problem(item.name)))
        elif item.kind == "doc":
            panel.update(self._doc_detail(self.plan.documents[item.doc]))
        else:
            found = self.current_task()
            if found is not None:
                panel.update(self._task_detail(*found))
            else:
                n = next(n for n in self.plan.documents[item.doc].nodes if n.ref == item.ref)
                text = literal(n.ref)
                text.stylize("bold")
                text.append("\n")
                text.append_text(literal(n.text))
                panel.update(text)

    def _problem_detail(self, p: UnitProblem) -> Text:
        text = literal(S.IMP_PROBLEM_TITLE.format(name=p.name))
        text.stylize("bold")
        text.append("\n" + S.IMP_PROBLEM_KIND.get(p.kind, ""), style="dim")
        text.append("\n")
        text.append(S.IMP_PROBLEM_CHOICE, style="dim")
        choice = self.unit_choice(p.name)
        text.append(choice_label(choice, self.plan), style="bold red" if choice is None else "bold green")
        refs = ", ".join(dict.fromkeys(f"[{d + 1}] {r}" for d, r in p.tasks))
        text.append("\n")
        text.append_text(literal(S.IMP_PROBLEM_USED.format(refs=refs)))
        text.append("\n")
        if p.suggestions:
            text.append(S.IMP_PROBLEM_SUGGESTIONS, style="dim")
            text.append_text(literal("; ".join(o.label for o in p.suggestions)))
        else:
            text.append(S.IMP_PROBLEM_NO_SUGGESTION, style="dim")
        text.append("\n" + S.IMP_PROBLEM_HINT, style="italic")
        return text

    def _doc_detail(self, d: PlannedDocument) -> Text:
        doc = d.draft
        text = literal(d.title)
        text.stylize("bold")

        def line(label: str, value) -> None:
            if value:
                text.append("\n" + label, style="dim")
                text.append_text(literal(value))

        line(S.IMP_DOC_ISSUER, doc.issuer)
        line(S.IMP_DOC_SIGNED, _fmt(doc.signed_on))
        line(S.IMP_DOC_SIGNER, doc.signer)
        line(S.IMP_DOC_SUMMARY, doc.summary)
        for ref in doc.parent_refs:
            line(S.IMP_DOC_PARENT, ref)
        if doc.period is not None:
            line(S.IMP_DOC_PERIOD, describe_deadline(doc.period) + S.IMP_DEADLINE_PHRASE.format(
                phrase=doc.period.phrase or ""))
        if doc.reporting is not None:
            cycle = S.DIRD_CYCLE_NAMES.get(doc.reporting.cycle or "", doc.reporting.cycle or "")
            line(S.IMP_DOC_REPORTING, f"{cycle} «{doc.reporting.phrase}»")
        for name in doc.uncertain:
            text.append("\n" + S.IMP_UNCERTAIN.format(field=S.IMP_FIELD.get(name, name)), style="bold yellow")
            text.append_text(literal(doc.reasons.get(name, "")))
        if d.bundled_in is not None:
            cover = self.plan.documents[d.bundled_in]
            text.append("\n")
            text.append_text(literal(S.IMP_DOC_BUNDLE_OF.format(n=d.bundled_in + 1, title=cover.title)))
        text.append("\n")
        if d.update is not None:
            u = d.update
            start = len(text)
            text.append_text(literal(S.IMP_DOC_EXISTS.format(
                id=u.directive_id, title=u.title, matched=len(u.matched), added=len(u.added),
                removed=len(u.missing) - len(u.kept), kept=len(u.kept))))
            text.stylize("bold yellow", start)
        else:
            text.append(S.IMP_DOC_IS_NEW, style="green")
        return text

    def _task_detail(self, d: PlannedDocument, t: PlannedTask) -> Text:
        c = self.choice(d.index, t.ref)
        text = literal(t.ref)
        text.stylize("bold")
        text.append(" · ")
        text.append(S.IMP_TASK_ACCEPTED if c.accepted else S.IMP_TASK_DROPPED,
                    style="green" if c.accepted else "bold red")
        edited = any(v is not None for v in (c.text, c.lead, c.coordinating, c.deadline_phrase))
        if edited:
            text.append(S.IMP_TASK_EDITED, style="italic")
        # units, deadline and what to check first: on a small screen they show without scrolling
        lead, coord = self._task_names(t)
        resolved = {name_key(u.name): u for u in t.units}
        requested = {name_key(n) for n in t.node.requested}
        for label, names in ((S.IMP_LEAD, lead), (S.IMP_COORD, coord)):
            text.append("\n" + label, style="dim")
            if not names:
                text.append(S.IMP_NONE)
            for i, name in enumerate(names):
                if i:
                    text.append("; ")
                text.append_text(literal(name))
                unit = resolved.get(name_key(name))
                problem = self.plan.problem(name)
                if problem is not None:
                    choice = self.unit_choice(name)
                    text.append(S.IMP_UNIT_MISSING.format(choice=choice_label(choice, self.plan)),
                                style="bold red" if choice is None else "yellow")
                elif unit is not None and unit.unit_name and fold_differs(unit.unit_name, name):
                    text.append(S.IMP_UNIT_MAPPED.format(name=unit.unit_name), style="dim")
                if unit is not None and unit.members:
                    text.append(S.IMP_GROUP.format(n=unit.members), style="dim")
                if name_key(name) in requested:
                    text.append(S.IMP_REQUESTED, style="dim")
        text.append("\n" + S.IMP_DEADLINE, style="dim")
        try:
            deadline = self._task_deadline(t, d)
        except Exception:  # noqa: BLE001
            deadline = t.deadline
        text.append(describe_deadline(deadline), style="cyan")
        if deadline.phrase:
            text.append_text(literal(S.IMP_DEADLINE_PHRASE.format(phrase=deadline.phrase)))
        if deadline.inherited:
            text.append(S.IMP_DEADLINE_INHERITED, style="dim")
        for name in self._open_flags(t):
            text.append("\n" + S.IMP_UNCERTAIN.format(field=S.IMP_FIELD.get(name, name)), style="bold yellow")
            text.append_text(literal(t.reasons.get(name, "")))
        text.append("\n")
        text.append_text(literal(c.text if c.text is not None else t.text))
        return text

    # --- keys --------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("toggle", "edit", "unit", "commit") and (self.plan is None or self.committing):
            return None
        item = self.current()
        if action == "toggle":
            return True if item is not None and item.kind in ("doc", "node") else None
        if action == "edit":
            return True if self.current_task() is not None else None
        if action == "unit":
            return True if self.plan.problems else None
        return True

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        item = event.node.data
        if not isinstance(item, Item):
            return
        if item.kind == "problem":
            self._choose_unit(item.name)
        elif item.kind == "node" and self.current_task() is not None:
            self.action_edit()
        elif event.node.allow_expand:
            event.node.toggle()

    def action_toggle(self) -> None:
        item = self.current()
        if self.plan is None or item is None or item.kind not in ("doc", "node"):
            return
        d = self.plan.documents[item.doc]
        if item.kind == "doc":
            refs = [t.ref for t in d.tasks]
        elif any(t.ref == item.ref for t in d.tasks):
            refs = [item.ref]  # a task: itself only (its sub-items have their own boxes)
        else:
            prefix_of = {n.ref: n.parent_ref for n in d.nodes}

            def under(ref: str) -> bool:
                while ref:
                    if ref == item.ref:
                        return True
                    ref = prefix_of.get(ref)
                return False

            refs = [t.ref for t in d.tasks if under(t.ref)]
        if not refs:
            return
        accept = not all(self.choice(d.index, r).accepted for r in refs)
        for r in refs:
            c = self.choice(d.index, r)
            self.task_choices[(d.index, r)] = TaskChoice(accept, c.text, c.lead, c.coordinating, c.deadline_phrase)
        self._relabel()
        self.refresh_bindings()

    def action_edit(self) -> None:
        from tui.screens.import_task_form import ImportTaskForm

        found = self.current_task()
        if found is None:
            return
        d, t = found

        def done(values) -> None:
            if not values:
                return
            c = self.choice(d.index, t.ref)
            lead0 = "; ".join(t.node.lead)
            coord0 = "; ".join(t.node.coordinating)
            phrase0 = "" if t.deadline.inherited or not t.deadline.phrase else t.deadline.phrase
            self.task_choices[(d.index, t.ref)] = TaskChoice(
                accepted=c.accepted,
                text=None if values["text"].strip() == t.text.strip() else values["text"],
                lead=None if values["lead"].strip() == lead0 else values["lead"],
                coordinating=None if values["coordinating"].strip() == coord0 else values["coordinating"],
                deadline_phrase=None if values["deadline_phrase"].strip() == phrase0 else values["deadline_phrase"],
            )
            self._relabel()

        self.app.push_screen(ImportTaskForm(self.plan, d, t, self.choice(d.index, t.ref), self.unit_choices), done)

    def action_unit(self) -> None:
        if self.plan is None or not self.plan.problems:
            return
        item = self.current()
        if item is not None and item.kind == "problem":
            self._choose_unit(item.name)
            return
        found = self.current_task()
        if found is not None and self._task_pending(found[1]):
            self._choose_unit(self._task_pending(found[1])[0])
            return
        pending = self.pending() or self.plan.problems
        node = self.nodes.get(("problem", name_key(pending[0].name)))
        if node is not None:
            self.query_one("#imp-tree", Tree).move_cursor(node)
        self._choose_unit(pending[0].name)

    def _choose_unit(self, name: str) -> None:
        from tui.screens.unit_choice import UnitChoiceModal

        problem = self.plan.problem(name)
        if problem is None:
            return

        def done(choice: UnitChoice | None) -> None:
            if choice is None:
                return
            for n in [n for n in self.unit_choices if name_key(n) == name_key(problem.name)]:
                del self.unit_choices[n]
            self.unit_choices[problem.name] = choice
            self._relabel()
            item = self.current()
            pending = self.pending()
            if item is not None and item.kind == "problem" and pending:
                # on to the next name still to decide, so «u» again continues the list
                node = self.nodes.get(("problem", name_key(pending[0].name)))
                if node is not None:
                    self.query_one("#imp-tree", Tree).move_cursor(node)

        self.app.push_screen(UnitChoiceModal(problem, self.plan.units), done)

    def action_back(self) -> None:
        self.app.pop_screen()

    # --- storing -----------------------------------------------------------------------------------

    def action_commit(self) -> None:
        if self.plan is None or self.committing:
            return
        pending = self.pending()
        if pending:
            self.app.notify(S.IMP_PENDING.format(n=len(pending)), severity="warning")
            node = self.nodes.get(("problem", name_key(pending[0].name)))
            if node is not None:
                self.query_one("#imp-tree", Tree).move_cursor(node)
            return
        if not any(self.choice(t.document, t.ref).accepted for t in self.plan.tasks):
            self.app.notify(S.IMP_NOTHING, severity="warning")
            return
        if self.plan.updates:
            from tui.screens.confirm_dialog import ConfirmDialog

            message = "\n".join(S.IMP_CONFIRM_UPDATE.format(title=d.title, id=d.update.directive_id)
                                for d in self.plan.updates)

            def answered(yes: bool) -> None:
                if yes:
                    self._commit(update=True)

            self.app.push_screen(ConfirmDialog(S.IMP_CONFIRM_TITLE, message, S.IMP_CONFIRM_YES,
                                               S.IMP_CONFIRM_NO), answered)
            return
        self._commit(update=False)

    def _commit(self, update: bool) -> None:
        self.committing = True
        self._update_info()
        self.refresh_bindings()
        self.load(commit_import, self.plan, self.choices(update), then=self._committed, group="imp-commit")

    def _committed(self, result: ImportResult) -> None:
        from tui.screens.message_dialog import MessageDialog

        self.committing = False
        self.app.push_screen(MessageDialog(S.IMP_DONE_TITLE, result_text(result, self.plan)),
                             lambda _: self._finish(result))

    def _finish(self, result: ImportResult) -> None:
        from core.services.assignments import AssignmentFilter

        app = self.app
        if app.screen is self:
            app.pop_screen()
        if app.current_mode != "directives":
            app.switch_mode("directives")
        screen = app.screen
        if result.documents and hasattr(screen, "apply_filter"):
            screen.apply_filter(AssignmentFilter(directive=str(result.documents[0].directive_id)))
        if hasattr(screen, "refresh_data"):
            screen.refresh_data()


def fold_differs(a: str, b: str) -> bool:
    return name_key(a) != name_key(b)


def result_text(result: ImportResult, plan: ImportPlan) -> Text:
    text = Text()
    for d in result.documents:
        if text:
            text.append("\n")
        if d.updated:
            line = S.IMP_DONE_UPDATE.format(title=d.title, id=d.directive_id, tasks=d.tasks,
                                            added=len(d.tasks_added), changed=len(d.tasks_changed),
                                            removed=len(d.tasks_removed), a_added=d.assignments,
                                            a_removed=d.assignments_removed)
        else:
            line = S.IMP_DONE_NEW.format(title=d.title, id=d.directive_id, tasks=d.tasks,
                                         assignments=d.assignments)
        text.append_text(literal(line))
        if d.tasks_kept:
            text.append("\n  ")
            text.append_text(literal(S.IMP_DONE_KEPT.format(n=len(d.tasks_kept), refs=", ".join(d.tasks_kept))))
        if d.assignments_kept:
            text.append("\n  " + S.IMP_DONE_KEPT_ASSIGNMENTS.format(n=len(d.assignments_kept)))
    if result.units_created:
        text.append("\n")
        text.append_text(literal(S.IMP_DONE_UNITS.format(n=len(result.units_created),
                                                         names="; ".join(result.units_created))))
    if result.tasks_dropped:
        text.append("\n" + S.IMP_DONE_DROPPED.format(n=result.tasks_dropped))
    for w in result.warnings:
        text.append("\n")
        start = len(text)
        text.append_text(literal(S.IMP_DONE_WARNING.format(text=w)))
        text.stylize("yellow", start)
    return text
