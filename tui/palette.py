"""Ctrl+P: jump to a section, a directive, a unit or a task; change the as-of date."""
from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui import strings as S

SECTIONS = [("dashboard", S.SECTION_DASHBOARD), ("directives", S.SECTION_DIRECTIVES),
            ("assignments", S.SECTION_ASSIGNMENTS), ("units", S.SECTION_UNITS),
            ("calendar", S.SECTION_CALENDAR)]
PALETTE_SECTION = S.PALETTE_SECTION
PALETTE_AS_OF = S.PALETTE_AS_OF
PALETTE_DIRECTIVE = S.PALETTE_DIRECTIVE
PALETTE_UNIT = S.PALETTE_UNIT
PALETTE_TASK = S.PALETTE_TASK


class DondocCommands(Provider):
    """Commands from the workspace, searched diacritic-insensitively."""

    async def startup(self) -> None:
        app = self.app
        self._items = await asyncio.to_thread(_load_items, app.ws)

    def _static(self):
        app = self.app
        for mode, name in SECTIONS:
            yield PALETTE_SECTION.format(name=name), partial(app.switch_mode, mode)
        yield PALETTE_AS_OF, app.action_as_of
        yield S.PALETTE_IMPORT, partial(_import, app)
        yield S.PALETTE_REPORT, partial(_report, app)
        yield S.PALETTE_ISSUED, partial(_issued, app)

    async def discover(self) -> Hits:
        for text, action in self._static():
            yield DiscoveryHit(text, action)

    async def search(self, query: str) -> Hits:
        from core.text import fold

        matcher = self.matcher(query)
        folded = fold(query)
        items = list(self._static()) + [(label, partial(_open, self.app, kind, ident))
                                        for label, kind, ident in self._items]
        for text, action in items:
            score = matcher.match(text)
            if score <= 0 and folded and folded in fold(text):
                score = 0.5
            if score > 0:
                yield Hit(score, matcher.highlight(text), action, text=text)


def _load_items(ws):
    from sqlalchemy import select

    from core.models import Directive, NodeKind, Task, Unit
    from core.text import printable

    items = []
    with ws.session() as s:
        for d in s.scalars(select(Directive)):
            items.append((printable(PALETTE_DIRECTIVE.format(title=d.title) + " — " + d.summary[:60]),
                          "directive", d.id))
        for u in s.scalars(select(Unit).order_by(Unit.sort_key)):
            items.append((printable(PALETTE_UNIT.format(name=u.name)), "unit", u.id))
        for t in s.scalars(select(Task).where(Task.kind == NodeKind.TASK.value).order_by(Task.directive_id,
                                                                                           Task.position)):
            items.append((printable(PALETTE_TASK.format(path=t.path, text=t.text[:50])), "task", t.id))
    return items


def _import(app) -> None:
    from tui.screens.import_screen import open_import

    open_import(app)


def _report(app) -> None:
    from tui.screens.report_screen import ReportScreen

    directive_id = getattr(app.screen, "directive_id", None)  # the dashboard's chosen directive
    app.push_screen(ReportScreen(directive_id if isinstance(directive_id, int) else None))


def _issued(app) -> None:
    from tui.screens.issued_reports import IssuedReportsScreen

    app.push_screen(IssuedReportsScreen())


def _open(app, kind: str, ident: int) -> None:
    if kind == "directive":
        from tui.screens.directive_detail import DirectiveDetailScreen

        app.push_screen(DirectiveDetailScreen(ident))
    elif kind == "unit":
        from tui.screens.unit_detail import UnitDetailScreen

        app.push_screen(UnitDetailScreen(ident))
    else:
        from tui.screens.task_detail import TaskDetailScreen

        app.push_screen(TaskDetailScreen(ident))
