"""Placeholder: replaced by the real screen."""
from __future__ import annotations

from textual.widgets import Static

from tui import strings as S
from tui.base import SectionScreen


class UnitDetailScreen(SectionScreen):
    def __init__(self, unit_id):
        super().__init__()

    def compose_body(self):
        yield Static(S.LOADING)
