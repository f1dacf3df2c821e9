"""One measurement, run by bench/run.py: a 50 KB directive (seed texts joined) to a draft,
in-process, median of several runs. Prints JSON."""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(runs: int = 7) -> dict:
    from core.importer import parse_text

    seeds = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
    text = ""
    while len(text.encode("utf-8")) < 50_000:
        for seed in seeds:
            text += seed.read_text(encoding="utf-8") + "\n"
    text = text.encode("utf-8")[:50_000].decode("utf-8", errors="ignore")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        parse_text(text, "bench.txt")
        times.append(time.perf_counter() - t)
    return {"bytes": len(text.encode("utf-8")), "median_s": round(statistics.median(times), 3),
            "min_s": round(min(times), 3), "max_s": round(max(times), 3), "runs": runs}


if __name__ == "__main__":
    print(json.dumps(main()))
