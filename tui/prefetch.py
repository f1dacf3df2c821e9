"""The first screen's data, read while Textual itself is still being imported.

Importing Textual and building the app take most of a second; the dashboard's figures take
about as long at province scale, mostly inside SQLite (which lets other threads run). Started
first, in a thread of its own, the read overlaps the start-up instead of following it. The
dashboard takes the answer if it asks for the same thing; otherwise it reads as usual.
Nothing here imports Textual.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from core.services.workspace import Workspace


class Prefetch:
    """`fn(ws, *args)` running in a thread; the answer comes with the data stamp read before
    it (as a screen's own reads do), so a write meanwhile still shows as a change."""

    def __init__(self, ws: Workspace, fn: Callable[..., Any], *args: Any):
        self.key = (fn, args)
        self.future: Future = Future()
        self._taken = False
        threading.Thread(target=self._run, args=(ws, fn, args), daemon=True, name="dondoc-prefetch").start()

    def _run(self, ws: Workspace, fn: Callable[..., Any], args: tuple) -> None:
        try:
            stamp = (ws.db.data_stamp(), ws.today)
            self.future.set_result((stamp, fn(ws, *args)))
        except BaseException as exc:  # handed to whoever takes it: the app's error dialog
            self.future.set_exception(exc)

    def take(self, fn: Callable[..., Any], args: tuple) -> Future | None:
        """The future of (stamp, answer) if this is what was read, once; else None."""
        if self._taken or self.key != (fn, args):
            return None
        self._taken = True
        return self.future


def start_dashboard(ws: Workspace) -> Prefetch:
    """What the dashboard shows first: every directive, the figures and the overdue list."""
    from core.services.dashboard import load_dashboard

    return Prefetch(ws, load_dashboard, None, ("overdue",))
