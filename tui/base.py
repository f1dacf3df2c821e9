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
        ws = self.app.ws  # type: ignore[attr-defined]
        # The stamp is read first (a tuple is built left to right): a write during fn shows
        # as a change the next time the screen checks.
        self._read(lambda: ((ws.db.data_stamp(), ws.today), fn(ws, *args)), then, group, exclusive)

    def load_prefetched(self, future, then: Callable[[Any], None]) -> None:
        """Like `load`, for an answer tui/prefetch.py started reading before the app (it comes
        with its own stamp): waits for it in a worker, then hands it over the same way."""
        self._read(future.result, then, None, True)

    def _read(self, stamped: Callable[[], tuple], then: Callable[[Any], None], group: str | None,
              exclusive: bool) -> None:
        app = self.app  # type: ignore[attr-defined]

        def work() -> None:
            from textual.worker import get_current_worker

            stamp, result = stamped()
            # A newer load of the same group cancelled this one: its answer is stale (the
            # clerk typed on), and delivering it late could overwrite the newer one.
            if not get_current_worker().is_cancelled:
                app.call_from_thread(self._deliver, then, result, stamp)

        self.reading = True
        self.run_worker(work, thread=True, group=group or type(self).__name__,  # type: ignore[attr-defined]
                        exclusive=exclusive, exit_on_error=False)

    def _deliver(self, then: Callable[[Any], None], result: Any, stamp: tuple) -> None:
        self.reading = False
        then(result)
        first = getattr(self, "shown_stamp", None) is None
        self.shown_stamp = stamp
        if first and isinstance(self, DataScreen):  # drawn: the next section may be built
            self.app.call_after_refresh(self.app.prewarm_sections)  # type: ignore[attr-defined]

    def on_worker_state_changed(self, event) -> None:
        # Worker messages do not bubble: each screen hands its failures to the App's one handler.
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR:
            self.reading = False
            # A section built or checked in the background says nothing: it reads again, and
            # shows the error, when the clerk opens it (refresh_if_changed).
            if isinstance(self, Screen) and not isinstance(self, ModalScreen) and not self.is_current:
                return
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
            self.refresh_if_changed()
        self._seen = True

    def refresh_if_changed(self) -> None:
        """`refresh_data()` unless nothing was written (and the date is the same) since what is
        shown was read: coming back to a section, or the refresh timer, then costs one tiny
        query instead of re-reading a province's figures."""
        if not self.is_mounted:  # the timer can tick between a new screen's compose and mount
            return
        shown = getattr(self, "shown_stamp", None)
        if shown is None:  # nothing read yet: the first read is on its way, or it failed
            if not getattr(self, "reading", False):
                self.refresh_data()
            return
        app = self.app
        ws = app.ws

        def check() -> None:
            from textual.worker import get_current_worker

            now = (ws.db.data_stamp(), ws.today)
            if (now[0] is None or now != shown) and not get_current_worker().is_cancelled:
                app.call_from_thread(self.refresh_data)

        self.run_worker(check, thread=True, group="refresh-check", exclusive=True, exit_on_error=False)


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
    `compose_body()`. Detail screens pushed on top of a section use it too.

    Handlers (on_mount, on_screen_resume, on_resize) never call super(): Textual itself calls
    the handler of every class in the MRO, so a super() call would run the base's twice —
    for on_mount, a second read of the screen's data."""

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

    def on_screen_resume(self) -> None:
        self.app.update_headers()

    def on_resize(self) -> None:
        self.app.update_headers()
