"""Choose a directive file: type a path (completed as typed) or walk a directory tree that shows
only folders and .txt .md .docx .pdf files. Starts in the current directory."""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input, Static

from tui import strings as S
from tui.base import literal
from tui.widgets.key_bar import KeyBar

EXTENSIONS = (".txt", ".md", ".docx", ".pdf")


def _shown(path: Path) -> bool:
    if path.name.startswith("."):
        return False
    try:
        return path.is_dir() or path.suffix.lower() in EXTENSIONS
    except OSError:
        return False


class ImportFileTree(DirectoryTree):
    """A directory tree of folders and importable files only (plain marks, not emoji: PuTTY)."""

    ICON_NODE_EXPANDED = "- "
    ICON_NODE = "+ "
    ICON_FILE = "  "

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if _shown(p)]


class PathSuggester(Suggester):
    """Completes the last part of a typed path from what is on disk (folders end with «/»)."""

    def __init__(self, root) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.root = root  # a callable: the folder relative paths start from

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = os.path.expanduser(value)
        head, _, prefix = typed.rpartition("/")
        folder = Path(head or ("/" if typed.startswith("/") else "."))
        if not folder.is_absolute():
            folder = self.root() / folder
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return None
        for name in names:
            if not name.startswith(prefix) or name == prefix or name.startswith("."):
                continue
            path = folder / name
            if not _shown(path):
                continue
            return value + name[len(prefix):] + ("/" if path.is_dir() else "")
        return None


class FilePicker(ModalScreen[Path | None]):
    DEFAULT_CSS = """
    FilePicker #fp-dialog { width: 90; max-width: 100%; height: 90%; border: thick $primary;
                            background: $panel; padding: 0 1; }
    FilePicker #fp-hint { color: $text-muted; height: auto; }
    FilePicker #fp-note { color: $error; height: auto; }
    FilePicker #fp-path { margin: 1 0 0 0; }
    FilePicker #fp-tree { height: 1fr; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", S.KEY_BACK, id="fp-cancel"),
        Binding("backspace", "up", S.FP_KEY_UP, id="fp-up", show=False),
    ]

    def __init__(self, start: Path | None = None):
        super().__init__()
        self.root = (start or Path.cwd()).resolve()

    def compose(self) -> ComposeResult:
        with Vertical(id="fp-dialog"):
            yield Static(S.FP_TITLE, classes="dialog-title")
            yield Static(S.FP_HINT, id="fp-hint")
            yield Input(placeholder=S.FP_PLACEHOLDER, id="fp-path", compact=True,
                        suggester=PathSuggester(lambda: self.root))
            yield Static("", id="fp-note")
            yield ImportFileTree(self.root, id="fp-tree")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_root()
        self.query_one("#fp-path", Input).focus()

    def _show_root(self) -> None:
        self.query_one("#fp-tree", ImportFileTree).border_title = literal(str(self.root))

    def _note(self, message: str) -> None:
        self.query_one("#fp-note", Static).update(literal(message))

    def _go(self, folder: Path) -> None:
        self.root = folder.resolve()
        tree = self.query_one("#fp-tree", ImportFileTree)
        tree.path = self.root
        self._show_root()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = os.path.expanduser(event.value.strip())
        if not typed:
            self.query_one("#fp-tree").focus()
            return
        path = Path(typed)
        if not path.is_absolute():
            path = self.root / path
        if path.is_dir():
            self._go(path)
            event.input.value = ""
            self._note("")
            return
        if not path.is_file():
            self._note(S.FP_NOT_FOUND.format(path=typed))
            return
        if path.suffix.lower() not in EXTENSIONS:
            self._note(S.FP_BAD_TYPE.format(name=path.name))
            return
        self.dismiss(path)

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss(Path(event.path))

    def action_up(self) -> None:
        if self.focused is self.query_one("#fp-path", Input):
            return
        self._go(self.root.parent)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "up":
            return not isinstance(self.focused, Input)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)
