"""Sửa nhiệm vụ (Office): the task's text, its units and its deadline phrase."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from core.errors import ConflictError
from core.services.task_edit import (
    TaskEditData,
    load_task_for_edit,
    parse_phrase,
    resolve_names,
    save_task_edit,
)
from core.units import UnitResolver
from tui import strings as S
from tui.base import literal
from tui.widgets.form_fields import FormField, FormScreen, fmt, required_validator, text_area, text_input


class TaskEditForm(FormScreen):
    TITLE_TEXT = S.TASK_EDIT_TITLE.format(path="")
    DEFAULT_CSS = """
    TaskEditForm #f-text TextArea { height: 6; }
    """

    def __init__(self, task_id: int):
        super().__init__()
        self.task_id = task_id
        self.info: TaskEditData | None = None
        self.resolver: UnitResolver | None = None
        self.expected: tuple[int, int | None] | None = None

    def compose_fields(self) -> ComposeResult:
        yield FormField(S.TASK_EDIT_TEXT, text_area(id="task-text"),
                        validator=required_validator(S.TASK_EDIT_TEXT_REQUIRED), id="f-text")
        yield FormField(S.TASK_EDIT_LEAD, text_input(id="task-lead"), validator=self._lead_error,
                        interpret=self._describe_units, hint=S.TASK_EDIT_UNITS_HINT, id="f-lead")
        yield FormField(S.TASK_EDIT_COORD, text_input(id="task-coord"), validator=self._units_error,
                        interpret=self._describe_units, hint=S.TASK_EDIT_UNITS_HINT, id="f-coord")
        yield FormField(S.TASK_EDIT_DEADLINE, text_input(id="task-deadline", placeholder=S.TASK_EDIT_DEADLINE_HINT),
                        validator=self._deadline_error, interpret=self._describe_deadline,
                        hint=S.TASK_EDIT_DEADLINE_HINT, id="f-deadline")

    # --- validation as typed (pure: the unit list was loaded with the task) ---------------------

    def _resolve(self, value: str):
        if self.resolver is None:
            return []
        return resolve_names(self.resolver, value, self.info.signed_on if self.info else None)

    def _units_error(self, value: str) -> str | None:
        self._resolve(value)  # raises UnknownUnitError / VagueUnitError / AmbiguousError
        return None

    def _lead_error(self, value: str) -> str | None:
        if self.resolver is not None and not self._resolve(value):
            return S.TASK_EDIT_LEAD_REQUIRED
        return None

    def _describe_units(self, value: str) -> str | None:
        found = self._resolve(value)
        if not found:
            return None
        ids = {i for r in found for i in r.unit_ids}
        names = "; ".join(r.unit.name for r in found)
        return S.TASK_EDIT_UNITS_OK.format(n=len(ids), names=names)

    def _deadline_error(self, value: str) -> str | None:
        parse_phrase(value, self.info.doc_year if self.info else None)
        return None

    def _describe_deadline(self, value: str) -> str | None:
        d = parse_phrase(value, self.info.doc_year if self.info else None)
        if d.due is not None and d.start is not None:
            return S.TASK_EDIT_DEADLINE_RANGE.format(start=fmt(d.start), date=fmt(d.due))
        if d.due is not None:
            return S.TASK_EDIT_DEADLINE_DATE.format(date=fmt(d.due))
        return S.TASK_EDIT_DEADLINE_OTHER.format(kind=S.DEADLINE_KIND.get(str(d.kind), str(d.kind)))

    # --- loading and saving ------------------------------------------------------------------

    def start_loading(self) -> None:
        self.load(load_task_for_edit, self.task_id, then=self.show_info)

    def _header(self, data: TaskEditData, stored_changed: bool = False) -> Text:
        t = Text()
        t.append_text(literal(data.directive_title))
        if stored_changed:
            t.append("\n")
            t.append(S.TASK_EDIT_STORED_NOW, style="bold")
            t.append_text(literal(data.text[:200]))
            t.append(f"\n{S.TASK_EDIT_LEAD}: ", style="dim")
            t.append_text(literal(data.lead))
            t.append(f" · {S.TASK_EDIT_DEADLINE}: ", style="dim")
            t.append_text(literal(data.deadline_phrase or S.DEADLINE_KIND.get(data.deadline_kind, "")))
        return t

    def show_info(self, data: TaskEditData) -> None:
        self.resolver = UnitResolver(data.units)
        self.info = data
        self.expected = (data.task_version, data.deadline_version)
        self.query_one("#form-title", Static).update(literal(S.TASK_EDIT_TITLE.format(path=data.path)))
        self.set_header(self._header(data))
        self.field("f-text").value = data.text
        self.field("f-lead").value = data.lead
        self.field("f-coord").value = data.coordinating
        self.field("f-deadline").value = data.deadline_phrase
        for f in self.fields():
            f.check()
        self.refresh_bindings()
        self.query_one("#task-text").focus()

    def save_call(self):
        task_id = self.task_id
        task_version, deadline_version = self.expected
        values = dict(text=self.field("f-text").value, lead=self.field("f-lead").value,
                      coordinating=self.field("f-coord").value,
                      deadline_phrase=self.field("f-deadline").value,
                      expected_task_version=task_version, expected_deadline_version=deadline_version)

        def save(ws):
            return save_task_edit(ws, task_id, **values)

        return save, ()

    def _saved(self, result) -> None:
        super()._saved(result)
        if isinstance(result, ConflictError):
            # Show what is stored now; the typed values stay. Saving again overwrites it.
            self.load(load_task_for_edit, self.task_id, then=self._after_conflict, group="form-reload")

    def _after_conflict(self, data: TaskEditData) -> None:
        self.expected = (data.task_version, data.deadline_version)
        self.resolver = UnitResolver(data.units)
        self.set_header(self._header(data, stored_changed=True))
