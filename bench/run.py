"""`make bench`: timings measured on this machine, median of several runs, written to
bench/results.json. Not a test: budgets are read from the figures, never asserted in pytest.

Measured: on the demo workspace — building it, the CLI query "overdue assignments of one
unit as of a date" as a whole process, the TUI probe (launch to dashboard drawn, section
switch, filter keystroke). On the province-scale workspace (`dondoc gen --scale province`,
150,000 assignments, 1.5 million check-ins; skipped with BENCH_PROVINCE=0), on SQLite and on
the PostgreSQL server of BENCH_POSTGRES_URL (default this machine's; "0" skips it) —
generating it, the same CLI query and TUI probe, the service calls behind each interaction,
the period report, and peak memory. BENCH_REGION=1 adds the region scale on PostgreSQL
(BENCH_REGION=keep: measure the region database built by an earlier run).
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


def tui_figures(env: dict[str, str], db: str, runs: int = 5, as_of: str = "2021-09-01") -> dict[str, dict]:
    """Medians of the TUI probe (launch to dashboard drawn; first section switch; filter
    keystroke; coming back to a section) and the largest peak memory of its runs."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        out = subprocess.run([sys.executable, str(ROOT / "bench" / "tui_probe.py"), db, as_of],
                             env=env, check=True, capture_output=True, text=True).stdout
        for key, value in json.loads(out.strip().splitlines()[-1]).items():
            samples.setdefault(key, []).append(value)
    return {key: ({"max_mb": max(v), "runs": len(v)} if key.endswith("_mb") else
                  {"median_s": round(statistics.median(v), 3), "min_s": min(v), "max_s": max(v), "runs": len(v)})
            for key, v in samples.items()}


def peak_rss_mb(cmd: list[str], env: dict[str, str]) -> float:
    """The peak memory of one run of a command (its own process, measured by the kernel)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
            "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], env=env, check=True, capture_output=True, text=True)
    return round(int(out.stdout.strip()) / 1024, 1)


def workspace_figures(dondoc: str, env: dict[str, str], scale: str, url: str, as_of: str,
                      build: bool = True) -> dict:
    """A generated workspace: generating it (unless `build` is False: measured as it is), the
    CLI query as a whole process, the TUI probe, the service calls behind each interaction,
    and the period report."""
    out: dict = {}
    if build:
        out["generate"] = median_of([dondoc, "gen", "--scale", scale, "--force", "--db", url], env, runs=1)
    # Ten provinces each have a Sở Y tế: the region asks for one by its full name.
    unit = "Sở Y tế" if scale == "province" else "Sở Y tế tỉnh Bình Phước"
    cli = [dondoc, "--db", url, "tasks", "--unit", unit, "--category", "overdue", "--json"]
    out["cli_overdue_of_one_unit"] = median_of(cli, env, runs=5)
    out["cli_peak_rss"] = {"max_mb": peak_rss_mb(cli, env), "runs": 1}
    out["tui"] = tui_figures(env, url, runs=3, as_of=as_of)
    probe = subprocess.run([sys.executable, str(ROOT / "bench" / "interactions.py"), url, unit],
                           env=env, check=True, capture_output=True, text=True).stdout
    out["interactions"] = {k: v for k, v in json.loads(probe.strip().splitlines()[-1]).items()
                           if k != "assignments"}
    out["report"] = report_figures(env, url, as_of)
    return out


def report_figures(env: dict[str, str], url: str, day: str) -> dict:
    """The largest directive's period report, and the report on every directive: figures, then
    .docx and .xlsx (bench/report_probe.py), and the probe's peak memory."""
    probe = subprocess.run([sys.executable, str(ROOT / "bench" / "report_probe.py"), url, day],
                           env=env, check=True, capture_output=True, text=True).stdout
    data = json.loads(probe.strip().splitlines()[-1])
    out = {k: v for k, v in data.items() if isinstance(v, dict)}
    out["peak_rss"] = {"max_mb": data["peak_rss_mb"], "runs": 1}
    return out


def postgres_url(database: str) -> str | None:
    """A database of its own on the PostgreSQL server of BENCH_POSTGRES_URL (default: this
    machine's, trust auth), created if missing; None when no server answers."""
    base = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    if base in ("", "0"):
        return None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    admin_url = make_url(base).set(drivername="postgresql+psycopg")
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if not conn.execute(text("select 1 from pg_database where datname = :d"), {"d": database}).first():
                conn.execute(text(f'create database "{database}"'))
        admin.dispose()
    except OperationalError as exc:
        print(f"PostgreSQL not measured: {exc.orig}", file=sys.stderr)
        return None
    return admin_url.set(database=database).render_as_string(hide_password=False)


def main() -> int:
    dondoc = str(Path(sys.executable).with_name("dondoc"))
    with tempfile.TemporaryDirectory() as tmp:
        # Its own cache too: the first CLI query by unit keeps the units' resolver there for
        # the next ones (core/services/units.py), as a clerk's first query does.
        env = dict(os.environ, DONDOC_DATA_DIR=tmp, DONDOC_CACHE_DIR=str(Path(tmp) / "cache"), COLUMNS="80")
        env.pop("DONDOC_DATABASE_URL", None)
        results = {
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "platform": platform.platform()},
            # This virtual machine's speed drifts (by 2× within an hour): a fixed piece of work
            # measured with the rest says how fast it was during this run.
            "speed_reference_import_sqlalchemy_orm": median_of(
                [sys.executable, "-c", "import sqlalchemy.orm"], env),
            "demo_build": median_of([dondoc, "demo", "--force"], env, runs=3),
            "cli_overdue_of_one_unit": median_of(
                [dondoc, "--demo", "tasks", "--unit", "Sở Y tế", "--as-of", "2021-09-01",
                 "--category", "overdue", "--json"], env),
            "cli_summary": median_of([dondoc, "--demo"], env),
            "cli_report_docx": median_of(
                [dondoc, "--demo", "report", "--period", "2021-08-30", "-o", str(Path(tmp) / "bc.docx")], env),
            "tui": tui_figures(env, str(Path(tmp) / "demo.sqlite3")),
            "import_50kb_to_draft": json.loads(subprocess.run(
                [sys.executable, str(ROOT / "bench" / "import_probe.py")], env=env, check=True,
                capture_output=True, text=True).stdout.strip().splitlines()[-1]),
        }
        # The generated workspaces' data day (core/generate.py TODAY).
        as_of = "2024-01-15"
        if os.environ.get("BENCH_PROVINCE", "1") != "0":
            results["province"] = workspace_figures(
                dondoc, env, "province", f"sqlite:///{Path(tmp) / 'province.sqlite'}", as_of)
            pg = postgres_url("dondoc_bench_province")
            if pg:
                results["province_postgresql"] = workspace_figures(dondoc, env, "province", pg, as_of)
        region = os.environ.get("BENCH_REGION", "0")  # ten provinces: a quarter of an hour to build
        if region != "0":
            pg = postgres_url("dondoc_bench_region")
            if pg:  # BENCH_REGION=keep measures the region database an earlier run built
                results["region_postgresql"] = workspace_figures(dondoc, env, "region", pg, as_of,
                                                                 build=region != "keep")
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name, value in _flatten(results):
        if "median_s" in value:
            print(f"{name:44} median {value['median_s']:.3f} s  (min {value['min_s']:.3f}, "
                  f"max {value['max_s']:.3f}, {value['runs']} runs)")
        elif "max_mb" in value:
            print(f"{name:44} peak {value['max_mb']:.0f} MB")
    return 0


def _flatten(tree: dict, prefix: str = ""):
    for key, value in tree.items():
        if not isinstance(value, dict) or key == "machine":
            continue
        if "median_s" in value or "max_mb" in value:
            yield prefix + key, value
        else:
            yield from _flatten(value, f"{prefix}{key}.")


if __name__ == "__main__":
    sys.exit(main())
