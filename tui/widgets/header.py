"""The header: product, sections, as-of date and the clerk's name — always visible."""
from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import Static

from tui import strings as S

SECTIONS = [("1", S.SECTION_DASHBOARD, "dashboard"), ("2", S.SECTION_DIRECTIVES, "directives"),
            ("3", S.SECTION_ASSIGNMENTS, "assignments"), ("4", S.SECTION_UNITS, "units"),
            ("5", S.SECTION_CALENDAR, "calendar")]


class AppHeader(Static):
    DEFAULT_CSS = """
    AppHeader { height: 2; background: $primary-background; color: $text; padding: 0 1; }
    """

    def show(self, *, clerk: str, as_of: dt.date, today_is_clock: bool, mode: str) -> None:
        top = Text()
        top.append(S.APP_TITLE, style="bold")
        top.append(" · " + S.APP_SUBTITLE, style="dim")
        date = as_of.strftime("%d/%m/%Y")
        right = Text()
        right.append(clerk)  # a Text append never interprets markup
        right.append(" · ")
        right.append((S.HEADER_AS_OF if today_is_clock else S.HEADER_AS_OF_PAST).format(date=date),
                     style="bold" if today_is_clock else "bold yellow")
        width = max(self.size.width - 2, 40)
        if top.cell_len + right.cell_len + 1 > width:  # narrow window: drop the subtitle
            top = Text(S.APP_TITLE, style="bold")
        pad = max(1, width - top.cell_len - right.cell_len)
        line1 = top + Text(" " * pad) + right
        line2 = Text()
        for key, label, name in SECTIONS:
            current = name == mode
            line2.append(f" {key} ", style="bold reverse" if current else "bold #ffa62b")
            line2.append(f" {label} ", style="bold reverse" if current else "")
            line2.append(" ")
        self.update(Text("\n").join([line1, line2]))
