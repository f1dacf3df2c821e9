"""Form building blocks: a labelled field that checks its value as the clerk types and
explains a rejected value in Vietnamese under it, and the modal form every form screen shares.

A field's `validator(value)` returns None when the value is fine, or the message to show
(raising a DondocError counts as its message). `interpret(value)` may return a short
description shown (dim) under a good value: the date a deadline phrase means, the units a
list of names resolves to.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from core.errors import DondocError
from core.services.workspace import parse_user_date
from tui import strings as S
from tui.base import DataModal, literal
from tui.widgets.key_bar import KeyBar

Validator = Callable[[Any], "str | None"]


class FormField(Horizontal):
    """A label on the left; the input and its note (error or interpretation) on the right."""

    DEFAULT_CSS = """
    FormField { height: auto; margin-bottom: 1; }
    FormField.-short { margin-bottom: 0; }
    FormField > .field-label { width: 20; height: auto; padding-right: 1; color: $text-muted; }
    FormField > .field-body { width: 1fr; height: auto; }
    FormField .field-note { height: auto; color: $text-muted; }
    FormField .field-note.-error { color: $error; }
    FormField TextArea { height: 3; }
    FormField Input, FormField Select { width: 1fr; }
    """

    def __init__(self, label: str, widget: Widget, *, validator: Validator | None = None,
                 interpret: Callable[[Any], str | None] | None = None, hint: str = "",
                 id: str | None = None):
        super().__init__(id=id)
        self.label = label
        self.widget = widget
        self.validator = validator
        self.interpret = interpret
        self.hint = hint
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.label, classes="field-label")
        with Vertical(classes="field-body"):
            yield self.widget
            yield Static(self.hint, classes="field-note")

    def on_mount(self) -> None:
        self.set_class(not isinstance(self.widget, TextArea), "-short")
        self._set_note(self.hint, error=False)

    def _set_note(self, content, *, error: bool) -> None:
        note = self.query_one(".field-note", Static)
        note.update(content)
        note.set_class(error, "-error")
        note.display = bool(str(content))

    @property
    def value(self) -> Any:
        w = self.widget
        if isinstance(w, TextArea):
            return w.text
        if isinstance(w, Select):
            return None if w.value is Select.NULL else w.value
        return w.value

    @value.setter
    def value(self, new: Any) -> None:
        w = self.widget
        if isinstance(w, TextArea):
            w.load_text(new or "")
        else:
            w.value = new

    @property
    def note_text(self) -> str:
        content = self.query_one(".field-note", Static).content
        return str(content)

    def check(self) -> bool:
        """Validate the current value and show why it is refused (or what it means)."""
        if not self.display:
            self.error = None
            return True
        message: str | None = None
        try:
            message = self.validator(self.value) if self.validator else None
        except DondocError as exc:
            message = str(exc)
        self.error = message
        if message:
            self._set_note(literal(message), error=True)
            return False
        described = None
        if self.interpret is not None:
            try:
                described = self.interpret(self.value)
            except DondocError as exc:  # pragma: no cover - validator already refused
                described = str(exc)
        self._set_note(literal(described) if described else self.hint, error=False)
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.check()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.check()

    def on_select_changed(self, event: Select.Changed) -> None:
        # bubbles on to the form, which may show or hide other fields
        self.check()


def text_input(value: str = "", *, id: str, placeholder: str = "") -> Input:
    return Input(value=value, placeholder=placeholder, id=id, compact=True)


def text_area(value: str = "", *, id: str, placeholder: str = "") -> TextArea:
    return TextArea(value, id=id, compact=True, placeholder=placeholder, soft_wrap=True,
                    show_line_numbers=False, highlight_cursor_line=False)


def date_validator(what: str, *, required: bool = True,
                   extra: Callable[[dt.date], str | None] | None = None) -> Validator:
    """dd/mm/yyyy (or the other ways clerks write a date): the message of parse_user_date."""

    def check(value: str) -> str | None:
        text = (value or "").strip()
        if not text:
            return S.FORM_DATE_MISSING.format(what=what.capitalize()) if required else None
        day = parse_user_date(text, what)
        return extra(day) if extra else None

    return check


def required_validator(message: str) -> Validator:
    def check(value: str) -> str | None:
        return None if (value or "").strip() else message

    return check


def fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class FormScreen(DataModal):
    """A modal form: loads what it shows in a worker, validates as typed, saves in a worker.

    A DondocError raised by the save is caught inside the worker and shown in the form, with
    every value still as typed; the form is dismissed with True only when it saved."""

    DEFAULT_CSS = """
    FormScreen > .form-dialog { width: 110; max-width: 100%; height: auto; max-height: 1fr;
                                border: thick $primary; background: $panel; padding: 0 1; }
    FormScreen .form-title { text-style: bold; height: 1; }
    FormScreen .form-header { height: auto; margin-bottom: 1; }
    FormScreen .form-body { height: auto; }
    FormScreen.-small > .form-dialog { height: 1fr; }
    FormScreen.-small .form-body { height: 1fr; }
    FormScreen .form-error { color: $error; height: auto; }
    FormScreen .form-buttons { height: 1; align-horizontal: right; }
    FormScreen .form-buttons Button { margin-left: 1; min-width: 10; }
    """
    BINDINGS = [
        Binding("escape", "cancel", S.FORM_KEY_CANCEL, id="form-cancel"),
        Binding("ctrl+s", "save", S.FORM_KEY_SAVE, id="form-save", priority=True),
    ]
    TITLE_TEXT = ""

    def __init__(self) -> None:
        super().__init__()
        self.info: Any = None
        self.saving = False

    # --- to override ---------------------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    def start_loading(self) -> None:  # pragma: no cover - overridden
        pass

    def save_call(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:  # pragma: no cover
        return None

    def form_checks(self) -> list[str]:
        """Checks across fields; each returned string is a reason not to save."""
        return []

    # --- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-dialog"):
            yield Static(self.TITLE_TEXT, classes="form-title", id="form-title")
            yield Static(S.LOADING, classes="form-header", id="form-header")
            with VerticalScroll(classes="form-body", id="form-body"):
                yield from self.compose_fields()
            yield Static("", classes="form-error", id="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(S.FORM_CANCEL, id="form-cancel-button", compact=True)
                yield Button(S.FORM_SAVE, variant="primary", id="form-save-button", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self._fit()
        self.start_loading()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # small terminals: the dialog takes the whole height and its fields scroll
        self.set_class(self.app.size.height < 34, "-small")

    def fields(self) -> list[FormField]:
        return list(self.query(FormField))

    def field(self, field_id: str) -> FormField:
        return self.query_one(f"#{field_id}", FormField)

    def set_header(self, text: Text | str) -> None:
        self.query_one("#form-header", Static).update(text)

    def show_form_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(literal(message) if message else "")

    @property
    def form_error(self) -> str:
        return str(self.query_one("#form-error", Static).content)

    # --- saving --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "save":
            return True if self.info is not None and not self.saving else None
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "form-save-button":
            event.stop()
            self.action_save()
        elif event.button.id == "form-cancel-button":
            event.stop()
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        if self.info is None or self.saving:
            return
        bad = [f for f in self.fields() if not f.check()]
        problems = self.form_checks()
        if bad or problems:
            self.show_form_error(problems[0] if problems and not bad else S.FORM_FIX_FIELDS)
            if bad:
                bad[0].widget.focus()
            return
        call = self.save_call()
        if call is None:
            return
        fn, args = call
        self.saving = True
        self.show_form_error(S.FORM_SAVING)
        self.refresh_bindings()

        def work(ws, *a):
            try:
                return fn(ws, *a)
            except DondocError as exc:  # shown in the form; nothing was written
                return exc

        self.load(work, *args, then=self._saved, group="form-save")

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.refresh_bindings()
        if isinstance(result, DondocError):
            self.show_form_error(S.FORM_NOT_SAVED.format(message=str(result)))
            return
        self.app.notify(S.SAVED)
        self.dismiss(True)

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR and event.worker.group == "form-save":
            self.saving = False
            self.show_form_error("")
            self.refresh_bindings()
        # (Textual runs WorkerMixin's handler — the error dialog — after this one by itself.)


def assignment_header(info) -> Text:
    """The header of an assignment form (core.services.assignment_info.AssignmentInfo)."""
    text = Text()
    text.append(S.FORM_HDR_TASK.format(path=""), style="bold")
    text.append_text(literal(info.task_path))
    text.append(" · ", style="dim")
    text.append_text(literal(info.directive_title))
    text.append("\n")
    text.append_text(literal(info.excerpt))
    text.append("\n")
    text.append(f"{S.FORM_HDR_UNIT}: ", style="dim")
    text.append_text(literal(info.unit_name))
    text.append(f" ({S.ROLE.get(info.role, info.role)})", style="dim")
    text.append(f" · {S.FORM_HDR_DUE}: ", style="dim")
    if info.due:
        text.append(fmt(info.due))
        if info.original_due and info.original_due != info.due:
            text.append(" " + S.FORM_HDR_EXTENDED.format(date=fmt(info.original_due)), style="dim")
    else:
        text.append(S.DEADLINE_KIND.get(info.deadline_kind, S.FORM_HDR_NO_DUE))
    text.append("\n")
    text.append(S.FORM_HDR_STANDING.format(date=fmt(info.as_of)) + ": ", style="dim")
    style = {"overdue": "bold red", "done_on_time": "green", "done_late": "yellow"}.get(info.category, "")
    text.append(S.CATEGORY.get(info.category, info.category), style=style)
    for flag in info.flags:
        text.append(" · " + S.FLAG.get(flag, flag), style="italic")
    return text
