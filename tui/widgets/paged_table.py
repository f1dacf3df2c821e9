"""A DataTable that knows how many rows there are and holds only the pages scrolled so far.

The owner gives it the first page and whether more rows follow (`reset`), then answers
`NeedMore(offset)` messages — posted when the cursor comes near the last loaded row — with
`append(rows)`. The total may come later (`set_total`): the rows are drawn without waiting for
a count of every match. Rows are keyed by `row_key(row)`; cells come from `render(row)`."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

# Rows read per step: two screens at 120×40. Every keystroke in the filter redraws the first page,
# and a row costs about as much to lay out as to read.
PAGE_SIZE = 60
PREFETCH = 20  # ask for the next page when the cursor is this close to the end


class PagedTable(DataTable):
    # A row list: Home/End go to the first/last row (and End loads the next page).
    BINDINGS = [
        Binding("home", "scroll_top", show=False),
        Binding("end", "scroll_bottom", show=False),
    ]

    class NeedMore(Message):
        def __init__(self, table: PagedTable, offset: int) -> None:
            super().__init__()
            self.table = table
            self.offset = offset

    def __init__(self, render: Callable[[Any], Sequence[Any]], row_key: Callable[[Any], str],
                 page_size: int = PAGE_SIZE, **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._render = render
        self._row_key = row_key
        self.page_size = page_size
        self.total: int | None = 0  # None: not counted yet
        self.more = False  # rows follow the last loaded one
        self.rows_loaded: list[Any] = []
        self._pending: int | None = None  # offset asked for and not yet appended

    # --- content -------------------------------------------------------------------------------

    def set_columns(self, columns: Sequence[tuple[str, Any, int]]) -> None:
        """(key, label, width) per column; the rows already loaded are drawn again."""
        keep = self.cursor_row
        self.clear(columns=True)
        for key, label, width in columns:
            self.add_column(label, width=width, key=key)
        self._add(self.rows_loaded)
        if self.rows_loaded:
            self.move_cursor(row=min(keep, len(self.rows_loaded) - 1), animate=False)

    def reset(self, rows: Sequence[Any], total: int | None, more: bool = False,
              keep_cursor: bool = False) -> None:
        keep = self.cursor_row if keep_cursor else 0
        self.clear()
        self.rows_loaded = list(rows)
        self.total = total
        self.more = more if total is None else len(rows) < total
        self._pending = None
        self._add(rows)
        if rows:
            self.move_cursor(row=min(keep, len(rows) - 1), animate=False)
        self._maybe_more()

    def append(self, offset: int, rows: Sequence[Any], more: bool) -> None:
        if offset != len(self.rows_loaded):  # a stale page (the list was reset meanwhile)
            return
        self._pending = None
        self.rows_loaded.extend(rows)
        self._add(rows)
        self.more = more
        if not more:  # the end: the count is known (and the list may have shrunk since counted)
            self.total = len(self.rows_loaded)
        self._maybe_more()

    def set_total(self, total: int) -> None:
        """The count of every matching row, once it is known."""
        if not self.more:  # already at the end: the rows loaded are the count
            return
        self.total = max(total, len(self.rows_loaded) + 1)

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
        """(1-based row under the cursor, total rows or None if not counted yet) — (0, 0) when
        empty."""
        return (min(self.cursor_row, len(self.rows_loaded) - 1) + 1 if self.rows_loaded else 0, self.total)

    def _maybe_more(self) -> None:
        loaded = len(self.rows_loaded)
        if (self._pending is None and self.more
                and self.cursor_row >= loaded - PREFETCH):
            self._pending = loaded
            self.post_message(self.NeedMore(self, loaded))

    def watch_cursor_coordinate(self, old, new) -> None:
        super().watch_cursor_coordinate(old, new)
        self._maybe_more()
