"""`make bench`: timings measured on this machine, median of several runs, written to
bench/results.json. Not a test: budgets are read from the figures, never asserted in pytest.

Measured: on the demo workspace — building it, the CLI query "overdue assignments of one
unit as of a date" as a whole process, the TUI probe (launch to dashboard drawn, section
switch, filter keystroke). On the province-scale workspace (`dondoc gen --scale province`,
150,000 assignments, 1.5 million check-ins; skipped with BENCH_PROVINCE=0) — generating it,
the same CLI query and TUI probe, and the service calls behind each interaction.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_of(cmd: list[str], env: dict[str, str], runs: int = RUNS) -> dict[str, float]:
    times = [timed(cmd, env) for _ in range(runs)]
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "max_s": round(max(times), 3), "runs": runs}


def tui_figures(env: dict[str, str], demo: Path, runs: int = 5, as_of: str = "2021-09-01") -> dict[str, float]:
    """Medians of the TUI probe (launch to dashboard drawn; section switch; filter keystroke)."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        out = subprocess.run([sys.executable, str(ROOT / "bench" / "tui_probe.py"), str(demo), as_of],
                             env=env, check=True, capture_output=True, text=True).stdout
        for key, value in json.loads(out.strip().splitlines()[-1]).items():
            samples.setdefault(key, []).append(value)
    return {key: {"median_s": round(statistics.median(v), 3), "min_s": min(v), "max_s": max(v), "runs": len(v)}
            for key, v in samples.items()}


def province_figures(dondoc: str, env: dict[str, str], path: Path) -> dict:
    url = f"sqlite:///{path}"
    out: dict = {"generate": median_of([dondoc, "gen", "--scale", "province", "--force", "--db", url], env, runs=1)}
    out["cli_overdue_of_one_unit"] = median_of(
        [dondoc, "--db", url, "tasks", "--unit", "Sở Y tế", "--category", "overdue", "--json"], env, runs=5)
    out["tui"] = tui_figures(env, path, runs=3, as_of="2024-01-15")
    probe = subprocess.run([sys.executable, str(ROOT / "bench" / "interactions.py"), url],
                           env=env, check=True, capture_output=True, text=True).stdout
    out["interactions"] = {k: v for k, v in json.loads(probe.strip().splitlines()[-1]).items()
                           if k != "assignments"}
    out["report"] = report_figures(env, url, "2024-01-15")
    return out


def report_figures(env: dict[str, str], url: str, day: str) -> dict:
    """The largest directive's period report: figures, then .docx and .xlsx (bench/report_probe.py)."""
    probe = subprocess.run([sys.executable, str(ROOT / "bench" / "report_probe.py"), url, day],
                           env=env, check=True, capture_output=True, text=True).stdout
    return {k: v for k, v in json.loads(probe.strip().splitlines()[-1]).items() if isinstance(v, dict)}


def main() -> int:
    dondoc = str(Path(sys.executable).with_name("dondoc"))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DONDOC_DATA_DIR=tmp, COLUMNS="80")
        env.pop("DONDOC_DATABASE_URL", None)
        results = {
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "platform": platform.platform()},
            "demo_build": median_of([dondoc, "demo", "--force"], env, runs=3),
            "cli_overdue_of_one_unit": median_of(
                [dondoc, "--demo", "tasks", "--unit", "Sở Y tế", "--as-of", "2021-09-01",
                 "--category", "overdue", "--json"], env),
            "cli_summary": median_of([dondoc, "--demo"], env),
            "cli_report_docx": median_of(
                [dondoc, "--demo", "report", "--period", "2021-08-30", "-o", str(Path(tmp) / "bc.docx")], env),
            "tui": tui_figures(env, Path(tmp) / "demo.sqlite3"),
            "import_50kb_to_draft": json.loads(subprocess.run(
                [sys.executable, str(ROOT / "bench" / "import_probe.py")], env=env, check=True,
                capture_output=True, text=True).stdout.strip().splitlines()[-1]),
        }
        if os.environ.get("BENCH_PROVINCE", "1") != "0":
            results["province"] = province_figures(dondoc, env, Path(tmp) / "province.sqlite")
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    flat = {k: v for k, v in results.items() if k not in ("machine", "tui", "province")}
    flat.update({f"tui_{k}": v for k, v in results["tui"].items()})
    for key, value in results.get("province", {}).items():
        if isinstance(value, dict) and "median_s" in value:
            flat[f"province_{key}"] = value
        elif isinstance(value, dict):
            flat.update({f"province_{key}_{k}": v for k, v in value.items()})
    for name, r in flat.items():
        print(f"{name:34} median {r['median_s']:.3f} s  (min {r['min_s']:.3f}, max {r['max_s']:.3f}, {r['runs']} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
