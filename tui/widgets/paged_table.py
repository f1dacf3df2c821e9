"""A DataTable that knows how many rows there are and holds only a window of them.

The window is the rows read so far, a run of the whole list starting at `start`. The owner
gives it a first window (`reset`) and answers `NeedMore` messages: rows after the window as
the cursor nears its end (`append`), rows before it as the cursor nears its top (`prepend`),
and a new window when End or Home jumps to the last or first rows of the whole list (`reset`
again) — the rows in between are read only if the clerk scrolls into them, so the last row of
150,000 is one page away. The total may come later (`set_total`): the rows are drawn without
waiting for a count of every match. Rows are keyed by `row_key(row)`; cells from `render(row)`."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tui import strings as S

# Rows read per step: two screens at 120×40. Every keystroke in the filter redraws the first page,
# and a row costs about as much to lay out as to read.
PAGE_SIZE = 60
PREFETCH = 20  # ask for the next (or previous) page when the cursor is this close to the edge


class PagedTable(DataTable):
    BINDINGS = [
        Binding("home", "scroll_top", S.TABLE_KEY_FIRST, show=False),
        Binding("end", "scroll_bottom", S.TABLE_KEY_LAST, show=False),
    ]

    class NeedMore(Message):
        """Rows [offset, offset + limit) of the whole list are wanted: `where` is "after" or
        "before" the window (to `append` or `prepend`), or "first"/"last" for a new window."""

        def __init__(self, table: PagedTable, offset: int, limit: int, where: str = "after") -> None:
            super().__init__()
            self.table = table
            self.offset = offset
            self.limit = limit
            self.where = where

    def __init__(self, render: Callable[[Any], Sequence[Any]], row_key: Callable[[Any], str],
                 page_size: int = PAGE_SIZE, **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._render = render
        self._row_key = row_key
        self.page_size = page_size
        self.total: int | None = 0  # None: not counted yet
        self.start = 0  # the position in the whole list of the first row loaded
        self.more = False  # rows follow the last loaded one
        self.rows_loaded: list[Any] = []
        self._pending: int | None = None  # offset asked for after the window, not yet appended
        self._pending_before: int | None = None  # offset asked for before it, not yet prepended
        self._last_wanted = False  # End pressed before the rows were counted
        self._laying_out = False  # rows being put in: the cursor moves on its own meanwhile

    # --- content -------------------------------------------------------------------------------

    def set_columns(self, columns: Sequence[tuple[str, Any, int]]) -> None:
        """(key, label, width) per column; the rows already loaded are drawn again."""
        keep = self.cursor_row
        with self._laid_out():
            self.clear(columns=True)
            for key, label, width in columns:
                self.add_column(label, width=width, key=key)
        self._lay_out(keep)

    def reset(self, rows: Sequence[Any], total: int | None, more: bool = False, start: int = 0,
              cursor: int = 0) -> None:
        """A new window: `rows` from position `start` of the whole list, the cursor on its row
        `cursor` (-1: the last)."""
        self.rows_loaded = list(rows)
        self.start = start
        self.total = total
        self.more = more if total is None else start + len(rows) < total
        self._pending = self._pending_before = None
        self._last_wanted = False
        self._lay_out(len(rows) - 1 if cursor < 0 else cursor)

    def append(self, offset: int, rows: Sequence[Any], more: bool) -> None:
        if offset != self.start + len(self.rows_loaded):  # a stale page (the list was reset meanwhile)
            return
        self._pending = None
        rows = self._new(rows)
        self.rows_loaded.extend(rows)
        with self._laid_out():
            self._add(rows)
        self.more = more
        if not more:  # the end: the count is known (and the list may have shrunk since counted)
            self.total = self.start + len(self.rows_loaded)
        self._maybe_more()

    def prepend(self, offset: int, rows: Sequence[Any]) -> None:
        """The rows just before the window (a DataTable adds rows only at its end, so the
        window is laid out again; the cursor and the view stay on the same rows)."""
        if self._pending_before != offset:  # a stale page (the list was reset meanwhile)
            return
        self._pending_before = None
        # Rows written meanwhile may have moved a row of the window into this page.
        rows = self._new(rows)
        cursor, top = self.cursor_row + len(rows), self.scroll_y + len(rows)
        self.rows_loaded[:0] = rows
        self.start = offset
        self._lay_out(cursor)
        self.call_after_refresh(self.scroll_to, y=top, animate=False)

    def _lay_out(self, cursor: int) -> None:
        """Every loaded row put in the table anew, the cursor on row `cursor`; then the next
        or previous page asked for if the cursor is near an edge."""
        with self._laid_out():
            self.clear()
            self._add(self.rows_loaded)
            if self.rows_loaded:
                self.move_cursor(row=max(0, min(cursor, len(self.rows_loaded) - 1)), animate=False)
        self._maybe_more()

    @contextmanager
    def _laid_out(self) -> Iterator[None]:
        """Rows and columns being put in: the cursor moves on its own meanwhile, and no page
        is asked for until they are in (`_maybe_more` runs after)."""
        self._laying_out = True
        try:
            yield
        finally:
            self._laying_out = False

    def set_total(self, total: int) -> None:
        """The count of every matching row, once it is known."""
        if not self.more:  # already at the end: the rows loaded are the count
            return
        self.total = max(total, self.start + len(self.rows_loaded) + 1)
        if self._last_wanted:
            self._last_wanted = False
            self._want_last()

    # --- End and Home: the last and the first rows of the whole list ----------------------------

    def action_scroll_bottom(self) -> None:
        if not self.more:  # the last row is loaded
            super().action_scroll_bottom()
        elif self.total is None:  # being counted: the jump follows the count
            self._last_wanted = True
        else:
            self._want_last()

    def action_scroll_top(self) -> None:
        self._last_wanted = False
        if self.start == 0:
            super().action_scroll_top()
        else:
            self.post_message(self.NeedMore(self, 0, self.page_size, "first"))

    def _want_last(self) -> None:
        assert self.total is not None
        offset = max(0, self.total - self.page_size)
        self.post_message(self.NeedMore(self, offset, self.total - offset, "last"))

    def _new(self, rows: Sequence[Any]) -> list[Any]:
        """`rows` without those already in the table (a DataTable takes each key once)."""
        return [r for r in rows if self._row_key(r) not in self.rows]

    def _add(self, rows: Sequence[Any]) -> None:
        for row in rows:
            self.add_row(*self._render(row), key=self._row_key(row))

    # --- position --------------------------------------------------------------------------------

    def current(self) -> Any | None:
        if not self.rows_loaded or self.cursor_row < 0:
            return None
        return self.rows_loaded[min(self.cursor_row, len(self.rows_loaded) - 1)]

    @property
    def position(self) -> tuple[int, int]:
        """(1-based position in the whole list of the row under the cursor, total rows or None
        if not counted yet) — (0, 0) when empty."""
        if not self.rows_loaded:
            return (0, self.total)
        return (self.start + min(max(self.cursor_row, 0), len(self.rows_loaded) - 1) + 1, self.total)

    def _maybe_more(self) -> None:
        if self._laying_out:
            return
        loaded = len(self.rows_loaded)
        if (self._pending is None and self.more
                and self.cursor_row >= loaded - PREFETCH):
            self._pending = self.start + loaded
            self.post_message(self.NeedMore(self, self._pending, self.page_size))
        if self._pending_before is None and self.start > 0 and loaded and self.cursor_row < PREFETCH:
            self._pending_before = max(0, self.start - self.page_size)
            self.post_message(self.NeedMore(self, self._pending_before, self.start - self._pending_before, "before"))

    def watch_cursor_coordinate(self, old, new) -> None:
        super().watch_cursor_coordinate(old, new)
        self._maybe_more()
