"""Placeholder: replaced by the real screen."""
from __future__ import annotations

from textual.widgets import Static

from tui import strings as S
from tui.base import SectionScreen


class TaskDetailScreen(SectionScreen):
    def __init__(self, task_id, assignment_id=None):
        super().__init__()

    def compose_body(self):
        yield Static(S.LOADING)
