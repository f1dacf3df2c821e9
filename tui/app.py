"""The dondoc TUI: sections as Textual modes, global keys, the as-of date, error handling.

Kept short on purpose: screens own their data (through workers, see tui/base.py) and their
keys; the App owns what is global — the workspace, the date, the clerk, and errors.
"""
from __future__ import annotations

import datetime as dt
import gc

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, TextArea
from textual.worker import Worker, WorkerState

from core.errors import DondocError, PermissionDeniedError
from core.services.permissions import require_clerk
from core.services.workspace import Workspace
from core.text import printable
from tui import strings as S
from tui.cli import resume_collector
from tui.palette import DondocCommands
from tui.prefetch import Prefetch
from tui.screens.dashboard import DashboardScreen

REFRESH_SECONDS = 30
COLLECTOR_PAUSE_MAX_SECONDS = 10
# Keys whose bindings move the focus: handled as they arrive (see DondocApp.on_event).
FOCUS_KEYS = ("tab", "shift+tab", "slash")


# The sections built in the background once the dashboard is drawn, the most used first.
PREWARM = ("assignments", "directives", "units", "calendar")


class DondocApp(App):
    TITLE = S.APP_TITLE
    SUB_TITLE = S.APP_SUBTITLE
    CSS_PATH = "app.tcss"
    COMMANDS = {DondocCommands}
    # Only the dashboard is imported at start-up; the other sections load when first opened.
    MODES = {
        "dashboard": DashboardScreen,
        "directives": lambda: _section("directives", "DirectivesScreen"),
        "assignments": lambda: _section("assignments", "AssignmentsScreen"),
        "units": lambda: _section("units", "UnitsScreen"),
        "calendar": lambda: _section("calendar", "CalendarScreen"),
    }
    DEFAULT_MODE = "dashboard"
    # Ctrl+H/I/J/M arrive as Backspace/Tab/Enter in PuTTY: never bound.
    BINDINGS = [
        Binding("1", "section('dashboard')", S.SECTION_DASHBOARD, id="section-dashboard", show=False),
        Binding("2", "section('directives')", S.SECTION_DIRECTIVES, id="section-directives", show=False),
        Binding("3", "section('assignments')", S.SECTION_ASSIGNMENTS, id="section-assignments", show=False),
        Binding("4", "section('units')", S.SECTION_UNITS, id="section-units", show=False),
        Binding("5", "section('calendar')", S.SECTION_CALENDAR, id="section-calendar", show=False),
        Binding("d", "as_of", S.KEY_AS_OF, id="as-of"),
        Binding("question_mark", "help", S.KEY_HELP, id="help", key_display="?"),
        Binding("q", "quit", S.KEY_QUIT, id="quit"),
        Binding("ctrl+p", "command_palette", S.KEY_PALETTE, id="palette", show=False, priority=True),
    ]

    def __init__(self, ws: Workspace, *, refresh_seconds: float | None = REFRESH_SECONDS,
                 prefetch: Prefetch | None = None, prewarm: tuple[str, ...] = PREWARM,
                 freeze_heap: bool = False):
        super().__init__()
        self.prewarm = prewarm  # sections built while the dashboard is shown (prewarm_sections)
        # `dondoc` freezes what start-up built once every section is built (prewarm_sections).
        # Off in tests: many apps in one process, and frozen cycles are never collected.
        self.freeze_heap = freeze_heap
        self.ws = ws
        self.prefetch = prefetch
        self.clerk_name = S.HEADER_UNKNOWN_CLERK.format(user=ws.os_user)
        self.clerk_role: str | None = None
        self.clerk_unit_ids: set[int] = set()
        self._refresh_seconds = refresh_seconds

    async def on_event(self, event: events.Event) -> None:
        """Keys typed in a burst act in the order typed. Keys that move the focus take effect
        before the next key is routed. Over SSH from
        PuTTY, keys typed quickly arrive in one read ("\t100"); Textual routes each key to the
        widget focused when it arrives, and runs an ordinary binding (Tab: next field, /: the
        search box) only later, so the keys after it went to the old field and were lost."""
        if (isinstance(event, events.Key) and not event.is_forwarded and event.key in FOCUS_KEYS
                and not (event.key == "slash" and isinstance(self.focused, (Input, TextArea)))):
            if await self._check_bindings(event.key, priority=True) or \
                    await self._check_bindings(event.key, priority=False):
                return
        if (isinstance(event, events.Key) and not event.is_forwarded and not event.is_printable
                and isinstance(self.focused, Input) and await self._in_field_order(self.focused, event.key)):
            return
        await super().on_event(event)

    async def _in_field_order(self, field: Input, key: str) -> bool:
        """An editing key of a text field (Backspace, Ctrl+U, ←, Enter…) is one of the field's
        own bindings, which Textual runs only when the key comes back from the field — after the
        letters typed behind it are already in. Queued on the field instead, it acts in turn."""
        if await self._check_bindings(key, priority=True):
            return True
        bindings = field._bindings.key_to_bindings.get(key)  # the field's own, not its parents'
        if not bindings:
            return False
        field.call_later(field.run_action, bindings[0].action)
        return True

    # --- start-up ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.run_worker(self._load_clerk, thread=True, exit_on_error=False, group="clerk")
        if self._refresh_seconds:
            self.set_interval(self._refresh_seconds, self.refresh_if_changed, name="refresh")
        # The collector paused by tui/cli.py:entry resumes once the dashboard is drawn
        # (prewarm_sections); at the latest by then, should its first read fail.
        self.set_timer(COLLECTOR_PAUSE_MAX_SECONDS, resume_collector, name="collector")

    def _load_clerk(self) -> None:
        with self.ws.session() as s:
            clerk = self.ws.clerk(s)
            try:
                require_clerk(clerk, self.ws.os_user)
            except PermissionDeniedError as refusal:
                # Not registered, or disabled: the workspace can be read, nothing written
                # (core refuses every write; the keys for them are greyed out).
                name = S.HEADER_DISABLED_CLERK.format(name=clerk.display_name) if clerk else self.clerk_name
                self.call_from_thread(self._set_clerk, (name, None, set()), str(refusal))
                return
            info = (clerk.display_name, clerk.role, {u.id for u in clerk.units})
        self.call_from_thread(self._set_clerk, info)

    def _set_clerk(self, info, refusal: str | None = None) -> None:
        self.clerk_name, self.clerk_role, self.clerk_unit_ids = info
        self.update_headers()
        self.screen.refresh_bindings()
        if refusal:
            self.notify(S.READ_ONLY_NOTICE.format(reason=refusal), severity="warning", timeout=20)

    # --- what every screen shares --------------------------------------------------------------

    @property
    def today_is_clock(self) -> bool:
        return self.ws.today_source == "clock" and self.ws.today == dt.date.today()

    def update_headers(self) -> None:
        from tui.widgets.header import AppHeader

        for header in self.screen.query(AppHeader):
            header.show(clerk=self.clerk_name, as_of=self.ws.today, today_is_clock=self.today_is_clock,
                        mode=self.current_mode)

    def refresh_current(self) -> None:
        screen = self.screen
        if hasattr(screen, "refresh_data"):
            screen.refresh_data()

    def take_prefetched(self, fn, args: tuple):
        """What tui/prefetch.py read before the app started, if it is `fn(ws, *args)`."""
        return self.prefetch.take(fn, args) if self.prefetch is not None else None

    def prewarm_sections(self) -> None:
        """Builds the next of the `prewarm` sections' screens, which reads its first rows,
        without showing it: the clerk's first switch to a section then costs what a return
        does (at province scale Nhiệm vụ ≈0.17 s, Văn bản ≈0.55 s, Đơn vị ≈0.49 s → ≈0.03 s).
        One at a time: each screen's first read, delivered, asks for the next (DataScreen),
        the dashboard's first — after it is drawn. A section already opened is left as it is.
        (textual is pinned: `_init_mode` is what switch_mode runs for a mode not shown yet.)"""
        if not self.screen_stack or self._exit:
            return
        resume_collector()  # the dashboard is drawn: start-up is over (tui/cli.py:entry)
        for mode in self.prewarm:
            if mode not in self._screen_stacks:
                self._init_mode(mode)
                return
        if self.freeze_heap:
            # What start-up built lives as long as the app: a full collection scanning it all
            # stalled a keystroke or a switch by ≈0.13 s at province scale. Once only: a
            # screen opened later (and closed) must stay collectable.
            self.freeze_heap = False
            gc.freeze()

    def refresh_if_changed(self) -> None:
        """The refresh timer: the current screen re-reads only if someone wrote meanwhile."""
        if not self.screen_stack:  # the app is closing
            return
        screen = self.screen
        if hasattr(screen, "refresh_if_changed"):
            screen.refresh_if_changed()

    def set_as_of(self, day: dt.date) -> None:
        self.ws.today = day
        self.ws.today_source = "option" if day != dt.date.today() else "clock"
        self.update_headers()
        self.refresh_current()
        self.notify(S.AS_OF_CHANGED.format(date=day.strftime("%d/%m/%Y")))

    def can_write(self) -> bool:
        return self.clerk_role in ("admin", "office", "unit")

    def is_office(self) -> bool:
        return self.clerk_role in ("admin", "office")

    def can_report_for(self, unit_id: int) -> bool:
        """Check-ins and extension requests: the Office for any unit, a unit's clerk for its
        own (core.services.permissions decides; this only greys the keys)."""
        return self.is_office() or (self.clerk_role == "unit" and unit_id in self.clerk_unit_ids)

    # --- actions -------------------------------------------------------------------------------

    def action_section(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_as_of(self) -> None:
        from tui.screens.as_of_dialog import AsOfDialog

        def done(day: dt.date | None) -> None:
            if day is not None:
                self.set_as_of(day)

        self.push_screen(AsOfDialog(self.ws.today), done)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=S.PALETTE_PLACEHOLDER, id="--command-palette"))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    # --- errors --------------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        self.show_error(event.worker.error)

    def show_error(self, error: BaseException | None) -> None:
        from tui.screens.error_dialog import ErrorDialog

        if isinstance(error, DondocError):
            message = str(error)
        else:
            message = S.ERROR_UNEXPECTED.format(error=f"{type(error).__name__}: {error}")
        self.push_screen(ErrorDialog(printable(message)))


def _section(module: str, name: str):
    from importlib import import_module

    from textual._context import active_app

    screen = getattr(import_module(f"tui.screens.{module}"), name)()
    # A section's screen is new, not stale: without this Textual re-parses every stylesheet
    # of the app and restyles every widget of the other sections before showing it (≈0.1 s
    # of a first switch at 80×24). Its own widgets are styled as they mount, as any widget is.
    # (textual is pinned; the snapshot tests show every section styled as before.)
    screen._css_update_count = active_app.get()._css_update_count
    return screen


def run(ws: Workspace, prefetch: Prefetch | None = None) -> int:
    DondocApp(ws, prefetch=prefetch, freeze_heap=True).run()
    return 0
