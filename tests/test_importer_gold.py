"""The importer against the hand-made answer keys, scored by ../shared/gold/score.py itself."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.importer import draft_to_json, import_file

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "fixtures" / "seeds"
GOLD = ROOT / "fixtures" / "gold"
SCORER = ROOT / "fixtures" / "gold" / "score.py"  # a copy of ../shared/gold/score.py

FIGURES = re.compile(
    r"tasks (?P<matched>\d+)/(?P<gold>\d+) pred (?P<pred>\d+) P (?P<p>[\d.]+) R (?P<r>[\d.]+) "
    r"F1 (?P<f1>[\d.]+) lead (?P<lead>[\d.]+) coord (?P<coord>[\d.]+) deadline (?P<deadline>[\d.]+) "
    r"meta (?P<meta>[\d.]+)"
)


def _score(seed: str, tmp_path: Path) -> tuple[int, dict[str, float], str]:
    draft = import_file(SEEDS / f"{seed}.txt")
    pred = tmp_path / f"{seed}.pred.json"
    pred.write_text(json.dumps(draft_to_json(draft), ensure_ascii=False), encoding="utf-8")
    gold = GOLD / f"{seed}.gold.json"
    out = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred),
         "--min-f1", "0.95", "--min-lead", "0.95", "--min-deadline", "0.95", "-v"],
        capture_output=True, text=True, timeout=120,
    )
    last = out.stdout.strip().splitlines()[-1]
    m = FIGURES.search(last)
    assert m, out.stdout + out.stderr
    figures = {k: float(v) for k, v in m.groupdict().items()}
    return out.returncode, figures, out.stdout


@pytest.mark.parametrize("seed", ["001_9e8a56f8ff9447c5", "002_873e37694dc3bec6"])
def test_gold_scores_pass_the_thresholds(seed, tmp_path):
    code, figures, report = _score(seed, tmp_path)
    assert code == 0, report
    assert figures["f1"] >= 0.95, report
    assert figures["lead"] >= 0.95, report
    assert figures["deadline"] >= 0.95, report
    assert figures["coord"] >= 0.90, report
    assert figures["meta"] == 1.0, report
    # Every task of the key is found, and nothing that is not a task is reported.
    assert figures["matched"] == figures["gold"], report
    assert figures["pred"] == figures["gold"], report
