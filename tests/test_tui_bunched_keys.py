"""Keys that arrive together (PuTTY over a slow link sends "\\t100" in one read) land where the
clerk meant them: a key that moves the focus (Tab, Shift+Tab, /) takes effect before the
next key is routed. Posted here all at once, before the app handles any of them."""
from __future__ import annotations

from textual import events
from textual.widgets import Input

from conftest import make_app, settle
from tests.test_tui_forms import _assignment
from tui.screens.checkin_form import CheckinForm

CHARACTERS = {"tab": "\t", "shift+tab": None, "slash": "/", "space": " ", "backspace": "\x7f", "ctrl+u": "\x15",
              "left": None, "end": None, "enter": "\r"}


def _burst(app, *keys: str) -> None:
    """Post every key to the app at once, as one read from the terminal would."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key)))


async def test_a_burst_of_keys_fills_the_fields_in_turn(sqlite_demo):
    aid = _assignment(sqlite_demo, "II.1.3", "Sở Y tế")
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(CheckinForm(aid))
        await settle(pilot, 6)
        form = app.screen
        assert app.focused.id == "checkin-status"
        _burst(app, "tab", "4", "0", "tab", "a", "b", "shift+tab", "5")
        await settle(pilot, 6)
        # Back in the progress field its text is selected (as when tabbing in), so "5" replaces it.
        assert form.query_one("#checkin-progress", Input).value == "5"
        assert form.query_one("#checkin-result").text == "ab"
        assert app.focused.id == "checkin-progress"


async def test_slash_then_a_search_term_goes_into_the_search_box(sqlite_demo):
    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot, 6)
        sort_before = app.screen.sort
        # "s" would sort the table, "o" and the rest would be lost, had they reached it.
        _burst(app, "slash", "s", "o", "space", "y", "space", "t", "e")
        await settle(pilot, 6)
        assert app.screen.query_one("#flt-search", Input).value == "so y te"
        assert app.screen.sort == sort_before
        # In the search box, "/" is a character: "12/KH" is a document number.
        _burst(app, "space", "1", "2", "slash", "K", "H")
        await settle(pilot, 6)
        assert app.screen.query_one("#flt-search", Input).value == "so y te 12/KH"


async def test_editing_keys_in_a_burst_act_in_the_order_typed(sqlite_demo):
    """Backspace, Ctrl+U, ← … are the Input's own bindings; Textual ran them only once the key
    came back from the field, after the letters typed behind them were already in — «BSpace 2»
    on a selected date left the field empty (and Enter then meant «today»)."""
    from tui.screens.as_of_dialog import AsOfDialog

    app = make_app(sqlite_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, AsOfDialog)
        field = app.screen.query_one("#as-of-input", Input)
        # The date is selected when the dialog opens: Backspace clears it, then the new date.
        _burst(app, "backspace", "3", "1", "slash", "0", "2", "slash", "2", "0", "2", "1")
        await settle(pilot, 6)
        assert field.value == "31/02/2021"
        _burst(app, "ctrl+u", "1", "5", "slash", "0", "8", "slash", "2", "0", "2", "1", "left", "left", "backspace", "3")
        await settle(pilot, 6)
        assert field.value == "15/08/2321"
        _burst(app, "end", "backspace", "backspace", "backspace", "0", "2", "1", "enter")
        await settle(pilot, 6)
        assert str(app.ws.today) == "2021-08-15"
