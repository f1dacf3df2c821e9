"""The pattern every screen follows for database work.

A screen calls `self.load(fn, *args, then=callback)`: `fn(ws, *args)` runs in a thread
worker and opens its own short-lived session through core services; its result comes back
to `callback` on the UI thread. The UI never waits on the database. Any exception ends the
worker in ERROR state and the App turns it into one readable error dialog.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.screen import ModalScreen, Screen

from core.text import printable


def literal(value: Any) -> Text:
    """Text from documents or clerks, shown as written: no markup, no escape sequences."""
    return Text(printable("" if value is None else str(value)))


class WorkerMixin:
    """`load()` for screens and modal screens."""

    def load(self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None],
             group: str | None = None, exclusive: bool = True) -> None:
        app = self.app  # type: ignore[attr-defined]
        ws = app.ws

        def work() -> None:
            from textual.worker import get_current_worker

            result = fn(ws, *args)
            # A newer load of the same group cancelled this one: its answer is stale (the
            # clerk typed on), and delivering it late could overwrite the newer one.
            if not get_current_worker().is_cancelled:
                app.call_from_thread(then, result)

        self.run_worker(work, thread=True, group=group or type(self).__name__,  # type: ignore[attr-defined]
                        exclusive=exclusive, exit_on_error=False)

    def on_worker_state_changed(self, event) -> None:
        # Worker messages do not bubble: each screen hands its failures to the App's one handler.
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR:
            self.app.show_error(event.worker.error)  # type: ignore[attr-defined]


class DataScreen(WorkerMixin, Screen):
    """A screen that shows data as of the app's date and refreshes itself.

    Subclasses implement `refresh_data()`; it is called on mount, when the screen is shown
    again, when the as-of date changes, and on the app's refresh timer."""

    def refresh_data(self) -> None:  # pragma: no cover - overridden
        pass

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        if getattr(self, "_seen", False):
            self.refresh_data()
        self._seen = True


class DataModal(WorkerMixin, ModalScreen):
    """A modal screen (forms, dialogs) with the same worker pattern."""


class WriteFileDialog(DataModal):
    """A dialog that writes a file: Enter in its field or its GO_BUTTON writes (`action_write`),
    any other button or Esc closes it with None."""

    GO_BUTTON = ""

    def on_input_submitted(self, _event) -> None:
        self.action_write()

    def on_button_pressed(self, event) -> None:
        if event.button.id == self.GO_BUTTON:
            self.action_write()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_write(self) -> None:
        raise NotImplementedError


class SectionScreen(DataScreen):
    """A screen with the app header on top and the key footer below; subclasses implement
    `compose_body()`. Detail screens pushed on top of a section use it too."""

    def compose(self):
        from tui.widgets.header import AppHeader
        from tui.widgets.key_bar import KeyBar

        yield AppHeader()
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self):  # pragma: no cover - overridden
        yield from ()

    def on_mount(self) -> None:
        self.app.update_headers()
        super().on_mount()

    def on_screen_resume(self) -> None:
        self.app.update_headers()
        super().on_screen_resume()

    def on_resize(self) -> None:
        self.app.update_headers()
