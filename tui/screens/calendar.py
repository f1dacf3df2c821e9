"""Placeholder: replaced by the real section screen."""
from __future__ import annotations

from textual.widgets import Static

from tui import strings as S
from tui.base import SectionScreen


class CalendarScreen(SectionScreen):
    HELP_TITLE = S.SECTION_CALENDAR

    def compose_body(self):
        yield Static(S.LOADING)

    def apply_filter(self, flt) -> None:  # used by other screens to drill in
        pass
