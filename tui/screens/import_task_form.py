"""Correct one task of an import before it is stored: its text, its lead and coordinating units
(names completed as typed, checked against the unit list) and its deadline phrase, re-read as
typed. Nothing is written here: the form hands the values back to the import screen."""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from core.deadlines import Deadline, DeadlineKind, parse_deadline
from core.services.importing import ImportPlan, PlannedDocument, PlannedTask, TaskChoice, UnitChoice, name_key
from core.services.task_edit import split_unit_names
from core.units import UnitResolver
from tui import strings as S
from tui.base import literal
from tui.widgets.form_fields import FormField, FormScreen, fmt, required_validator, text_area
from tui.widgets.unit_suggester import UnitNameSuggester


def describe_deadline(d: Deadline) -> str:
    if d.kind is DeadlineKind.DATE and d.due is not None:
        if d.start is not None:
            return S.TASK_EDIT_DEADLINE_RANGE.format(start=fmt(d.start), date=fmt(d.due))
        return S.TASK_EDIT_DEADLINE_DATE.format(date=fmt(d.due))
    return S.TASK_EDIT_DEADLINE_OTHER.format(kind=S.DEADLINE_KIND.get(str(d.kind), str(d.kind)))


def choice_label(choice: UnitChoice | None, plan: ImportPlan) -> str:
    if choice is None:
        return S.IMP_CHOICE_NONE
    if choice.action == "map":
        name = next((r.name for r in plan.units if r.id == choice.unit_id), str(choice.unit_id))
        return S.IMP_CHOICE_MAP.format(name=name)
    return S.IMP_CHOICE_NEW if choice.action == "new" else S.IMP_CHOICE_DROP


class ImportTaskForm(FormScreen):
    DEFAULT_CSS = """
    ImportTaskForm #f-imp-text TextArea { height: 5; }
    """

    def __init__(self, plan: ImportPlan, doc: PlannedDocument, task: PlannedTask, current: TaskChoice,
                 unit_choices: dict[str, UnitChoice]):
        super().__init__()
        self.plan = plan
        self.pdoc = doc
        self.ptask = task
        self.current = current
        self.unit_choices = unit_choices
        self.resolver = UnitResolver(plan.units)
        self.original_phrase = self._original_phrase()

    def _original_phrase(self) -> str:
        d = self.ptask.deadline
        return "" if d.inherited or not d.phrase else d.phrase

    def compose_fields(self) -> ComposeResult:
        names = [r.name for r in self.plan.units] + [a for r in self.plan.units for a in r.aliases]
        names += [p.name for p in self.plan.problems]
        suggester = UnitNameSuggester(names)
        yield FormField(S.TASK_EDIT_TEXT, text_area(id="imp-text"),
                        validator=required_validator(S.TASK_EDIT_TEXT_REQUIRED), id="f-imp-text")
        yield FormField(S.TASK_EDIT_LEAD, Input(id="imp-lead", compact=True, suggester=suggester),
                        validator=self._lead_error, interpret=self._describe_units,
                        hint=S.IMP_EDIT_UNITS_HINT, id="f-imp-lead")
        yield FormField(S.TASK_EDIT_COORD, Input(id="imp-coord", compact=True, suggester=suggester),
                        validator=self._units_error, interpret=self._describe_units,
                        hint=S.IMP_EDIT_UNITS_HINT, id="f-imp-coord")
        yield FormField(S.TASK_EDIT_DEADLINE, Input(id="imp-deadline", compact=True,
                                                    placeholder=S.TASK_EDIT_DEADLINE_HINT),
                        validator=self._deadline_error, interpret=self._describe_deadline,
                        hint=S.IMP_EDIT_DEADLINE_HINT, id="f-imp-deadline")

    # --- units -----------------------------------------------------------------------------------

    def _choice(self, name: str) -> UnitChoice | None:
        key = name_key(name)
        return next((c for n, c in self.unit_choices.items() if name_key(n) == key), None)

    def _names(self, value: str) -> list[str]:
        out: list[str] = []
        for chunk in (value or "").replace("\n", ";").split(";"):
            chunk = chunk.strip()
            if not chunk:
                continue
            if self.plan.problem(chunk) is not None:
                out.append(chunk)
            else:
                out += split_unit_names(chunk, self.resolver, self.pdoc.on)
        return out

    def _check(self, value: str) -> tuple[list[str], list[str]]:
        """(known unit names, notes on names the clerk decides about at the import screen);
        an unknown name typed here raises the resolver's error (with suggestions)."""
        known: list[str] = []
        notes: list[str] = []
        for name in self._names(value):
            problem = self.plan.problem(name)
            if problem is None:
                known.append(self.resolver.resolve(name, on=self.pdoc.on).unit.name)
                continue
            choice = self._choice(name)
            if choice is None:
                notes.append(S.IMP_EDIT_UNIT_PENDING.format(name=name))
            elif choice.action == "drop":
                notes.append(S.IMP_EDIT_UNIT_DROPPED.format(name=name))
            else:
                notes.append(S.IMP_EDIT_UNIT_CHOSEN.format(name=name, choice=choice_label(choice, self.plan)))
        return known, notes

    def _units_error(self, value: str) -> str | None:
        self._check(value)
        return None

    def _lead_error(self, value: str) -> str | None:
        if not self._names(value):
            return S.TASK_EDIT_LEAD_REQUIRED
        self._check(value)
        return None

    def _describe_units(self, value: str) -> str | None:
        known, notes = self._check(value)
        parts = []
        if known:
            parts.append(S.TASK_EDIT_UNITS_OK.format(n=len(known), names="; ".join(known)))
        return " · ".join(parts + notes) or None

    # --- deadline ----------------------------------------------------------------------------------

    def _parse(self, value: str) -> Deadline:
        if (value or "").strip() == self.original_phrase.strip():
            return self.ptask.deadline
        return parse_deadline(value or "", doc_year=self.pdoc.year, period=self.pdoc.draft.period)

    def _deadline_error(self, value: str) -> str | None:
        self._parse(value)
        return None

    def _describe_deadline(self, value: str) -> str | None:
        d = self._parse(value)
        text = describe_deadline(d)
        return text + (S.IMP_DEADLINE_INHERITED if d.inherited else "")

    # --- filling and handing back --------------------------------------------------------------------

    def start_loading(self) -> None:
        t, c = self.ptask, self.current
        self.query_one("#form-title", Static).update(literal(S.IMP_EDIT_TITLE.format(ref=t.ref)))
        header = Text()
        header.append_text(literal(self.pdoc.title))
        self.set_header(header)
        lead = c.lead if c.lead is not None else t.node.lead
        coord = c.coordinating if c.coordinating is not None else t.node.coordinating
        self.field("f-imp-text").value = c.text if c.text is not None else t.text
        self.field("f-imp-lead").value = lead if isinstance(lead, str) else "; ".join(lead)
        self.field("f-imp-coord").value = coord if isinstance(coord, str) else "; ".join(coord)
        self.field("f-imp-deadline").value = (c.deadline_phrase if c.deadline_phrase is not None
                                              else self.original_phrase)
        self.info = t
        for f in self.fields():
            f.check()
        self.refresh_bindings()
        self.query_one("#imp-text").focus()

    def values(self) -> dict[str, Any]:
        return {"text": self.field("f-imp-text").value, "lead": self.field("f-imp-lead").value,
                "coordinating": self.field("f-imp-coord").value,
                "deadline_phrase": self.field("f-imp-deadline").value}

    def action_save(self) -> None:
        if self.info is None:
            return
        bad = [f for f in self.fields() if not f.check()]
        if bad:
            self.show_form_error(S.FORM_FIX_FIELDS)
            bad[0].widget.focus()
            return
        self.dismiss(self.values())
