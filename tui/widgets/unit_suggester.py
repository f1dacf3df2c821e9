"""Completion of unit names in a field that holds several, separated by «;»: the name being
typed is completed (diacritics and case need not match); → accepts the suggestion."""
from __future__ import annotations

from collections.abc import Iterable

from textual.suggester import Suggester

from core.text import fold, nfc


def _per_char(text: str) -> str:
    """Folded one character at a time, so positions in the folded text match the typed text."""
    out = []
    for ch in text:
        f = fold(ch) if ch.strip() else ch
        out.append(f if len(f) == 1 else ch)
    return "".join(out)


class UnitNameSuggester(Suggester):
    def __init__(self, names: Iterable[str]):
        super().__init__(use_cache=True, case_sensitive=True)
        unique = dict.fromkeys(n for n in names if n and n.strip())
        self.names = sorted(unique, key=len)
        self._folded = [_per_char(nfc(n) or "") for n in self.names]
        self._complete = set(self._folded)

    async def get_suggestion(self, value: str) -> str | None:
        value = nfc(value) or ""
        start = value.rfind(";") + 1
        while start < len(value) and value[start] == " ":
            start += 1
        typed = value[start:]
        if len(typed.strip()) < 2:
            return None
        key = _per_char(typed)
        if key in self._complete:
            return None  # already a whole name: no ghost text after it
        for name, folded in zip(self.names, self._folded):
            if len(name) > len(typed) and folded.startswith(key):
                return value[:start] + name  # accepting also restores the diacritics
        return None
