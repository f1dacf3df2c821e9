"""The key line at the bottom of every screen: each shown binding as "key label", greyed out
where it cannot apply now; on a narrow screen the keys that do not fit give way to the
help key, which lists them all.

Why not Textual's Footer: it rebuilds one widget per key whenever the bindings change (every
row the cursor moves to), and styling those widgets cost more than the rest of a keystroke.
This is one widget that only re-renders its line. Clicking a key runs its action.
"""
from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, Binding, object, bool]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh()

    def _shown(self) -> list[tuple[Binding, object, bool]]:
        seen: set[str] = set()
        out = []
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append((binding, node, enabled))
        return out

    def render(self) -> Text:
        shown = self._shown()
        # On a narrow terminal the help key must stay visible (help lists every key), so it
        # goes last and the others are dropped from the end until it fits.
        shown.sort(key=lambda item: item[0].action == "help")
        while len(shown) > 1 and self._width_of(shown) > self.size.width > 0:
            shown.pop(-2)
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for binding, node, enabled in shown:
            start = line.cell_len + 1
            line.append(" ")
            line.append(self.app.get_key_display(binding), style="bold" if enabled else "dim")
            line.append(" " + binding.description + " ", style="" if enabled else "dim")
            self._spans.append((start, line.cell_len, binding, node, enabled))
        return line

    def _width_of(self, shown) -> int:
        return sum(len(self.app.get_key_display(b)) + len(b.description) + 3 for b, _n, _e in shown)

    async def on_click(self, event: events.Click) -> None:
        for start, end, binding, node, enabled in self._spans:
            if start <= event.x < end and enabled:
                await self.app.run_action(binding.action, node)
                return
