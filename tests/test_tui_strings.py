"""Every string the TUI shows lives in tui/strings.py (so a translation can be added)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIETNAMESE = re.compile("[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]", re.I)
# Literals that read data rather than show text (patterns matched against document titles).
ALLOWED = {("tui/screens/assignments.py", r"^(.*?) ngày (\d\d/\d\d)/\d\d(\d\d)$")}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def test_no_vietnamese_literal_outside_strings_module():
    offenders = []
    # The command line (cli*.py, commands*.py) is not the TUI: it prints its own messages.
    files = [p for p in (ROOT / "tui").rglob("*.py")
             if p.name != "strings.py" and not p.name.startswith(("cli", "commands"))]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                    and VIETNAMESE.search(node.value) and (rel, node.value) not in ALLOWED):
                offenders.append(f"{rel}:{node.lineno}: {node.value[:40]!r}")
    assert offenders == []


def test_no_string_name_is_defined_twice():
    """Sections append to strings.py; a second definition would silently replace the first."""
    tree = ast.parse((ROOT / "tui" / "strings.py").read_text(encoding="utf-8"))
    names = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
             if isinstance(t, ast.Name)]
    assert sorted({n for n in names if names.count(n) > 1}) == []
