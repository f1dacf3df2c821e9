"""The `dondoc` command line through tui.cli.main, on each backend."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from rich.cells import cell_len
from sqlalchemy import func, select

from core.demo import SEED_002_FILE, UNITS_FILE, add_clerks, load_directive, load_json, load_units
from core.models import AuditEntry, Checkin, Clerk, Confirmation, Role, Task
from core.services.workspace import os_user
from tui.cli import main

HOSTILE = "[bold red]X[/] \x1b[2J\x1b]0;pwn\x07 \x9b31m tail"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    for var in ("DONDOC_TODAY", "DONDOC_DATABASE_URL", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def plan_db(db):
    """Units, clerks and the plan of 14/08/2021 without history; the OS user running the
    tests is an Office clerk, so CLI writes are allowed."""
    with db.session() as s:
        units = load_units(s, load_json(UNITS_FILE))
        add_clerks(s, units, "tester")
        load_directive(s, SEED_002_FILE)
        s.add(Clerk(os_user=os_user(), display_name="Cán bộ kiểm thử", role=Role.OFFICE.value))
    return db


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def run_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


def counts(db) -> tuple[int, ...]:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Checkin, Confirmation, AuditEntry))


def plan_dues() -> dict[str, str | None]:
    return {n["ref"]: (n.get("deadline") or {}).get("due") for n in load_json(SEED_002_FILE)["nodes"]}


# --- tasks ----------------------------------------------------------------------------------


def test_tasks_and_summary_on_the_demo(demo_db, capsys):
    """One demo build: overdue JSON checked against the plan, the 80-column table, the summary."""
    url = demo_db.url
    data = run_json(capsys, "--db", url, "tasks", "--as-of", "2021-09-01", "--category", "overdue", "--json")
    rows = data["assignments"]
    assert data["as_of"] == "2021-09-01" and data["count"] == len(rows) > 0
    dues = plan_dues()
    as_of = dt.date(2021, 9, 1)
    extended = 0
    for r in rows:
        assert r["category"] == "overdue" and r["category_label"] == "Quá hạn"
        due = dt.date.fromisoformat(r["deadline"]["due"])
        assert due < as_of
        assert r["days_late"] == (as_of - due).days
        plan = dues[r["task"]]
        assert r["deadline"]["original_due"] == plan
        if r["deadline"]["due"] != plan:  # a granted extension
            extended += 1
            assert due > dt.date.fromisoformat(plan)
    assert "Sở Y tế" in {r["unit"] for r in rows}

    # the same with --as-of before the command; and narrowed to one unit, folded
    same = run_json(capsys, "--db", url, "--as-of", "01/09/2021", "tasks", "--category", "qua han", "--json")
    assert [r["id"] for r in same["assignments"]] == [r["id"] for r in rows]
    syt = run_json(capsys, "--db", url, "tasks", "--as-of", "2021-09-01", "--category", "overdue",
                   "--unit", "so y te", "--json")["assignments"]
    assert syt and {r["unit"] for r in syt} == {"Sở Y tế"}
    assert {r["id"] for r in syt} == {r["id"] for r in rows if r["unit"] == "Sở Y tế"}

    # the table for people, in a PuTTY-sized window (COLUMNS=80)
    code, out, err = run(capsys, "--db", url, "tasks", "--as-of", "2021-09-01", "--category", "overdue")
    assert code == 0, err
    assert "Quá hạn" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80

    # no command: the summary of the demo's own day
    code, out, err = run(capsys, "--db", url)
    assert code == 0, err
    assert "Tình hình thực hiện" in out and "Quá hạn" in out
    assert "01/09/2021" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_json_lists_are_one_record_per_line(plan_db, capsys):
    """`--json` of a list: valid JSON whose records each sit on one line (grep-able), for
    tasks, units, directives and an empty result alike."""
    url = plan_db.url
    for argv, key in ((["tasks", "--unit", "Sở Y tế"], "assignments"), (["units"], "units"),
                      (["directives"], "directives"), (["tasks", "--search", "không có việc này"], "assignments")):
        code, out, err = run(capsys, "--db", url, "--as-of", "2021-09-01", *argv, "--json")
        assert code == 0, err
        data = json.loads(out)
        lines = out.splitlines()
        # `[` alone opens a list of records; an empty one is `[]` (`[],` when a count follows)
        opening = lines.index(f'  "{key}": [') if data[key] else next(
            i for i, line in enumerate(lines) if line in (f'  "{key}": []', f'  "{key}": [],'))
        records = lines[opening + 1: opening + 1 + len(data[key])]
        assert [json.loads(line.strip().rstrip(",")) for line in records] == data[key]
    assert len(json.loads(run(capsys, "--db", url, "units", "--json")[1])["units"]) > 10


def test_the_command_pauses_the_collector_while_it_starts(plan_db, capsys, monkeypatch):
    """`dondoc` (tui.cli.entry) runs with the collector paused until the command's modules are
    loaded, then freezes them and resumes it — also after a command that fails."""
    import gc
    import sys

    from tui import cli

    seen = []
    resume = cli.resume_collector

    def spy():
        seen.append(gc.isenabled())
        resume()
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0))

    monkeypatch.setattr(cli, "resume_collector", spy)
    try:
        for argv, code in ((["tasks", "--unit", "Sở Y tế", "--json"], 0), (["tasks", "--limit", "0"], 2)):
            seen.clear()
            monkeypatch.setattr(sys, "argv", ["dondoc", "--db", plan_db.url, *argv])
            assert cli.entry() == code
            assert seen == [False, (True, True)] and gc.isenabled()
    finally:
        gc.unfreeze()
    assert "--limit phải là số dương" in capsys.readouterr().err


# --- periods and units ----------------------------------------------------------------------


def test_periods_and_units(plan_db, capsys):
    url = plan_db.url
    data = run_json(capsys, "--db", url, "--as-of", "2021-09-01", "periods", "--directive", "1", "--json")
    periods = data["periods"]
    current = [p for p in periods if p["current"]]
    assert current == [{"start": "2021-08-31", "end": "2021-09-15", "report_on": "2021-09-15", "current": True}]
    for prev, nxt in zip(periods, periods[1:]):
        assert dt.date.fromisoformat(nxt["start"]) == dt.date.fromisoformat(prev["end"]) + dt.timedelta(days=1)
    assert periods[0]["start"] <= "2021-08-14" <= periods[0]["end"]
    # the same directive found by words of its summary
    by_words = run_json(capsys, "--db", url, "--as-of", "2021-09-01", "periods", "--directive", "05-NQ/TU", "--json")
    assert by_words["periods"] == periods

    names = [u["name"] for u in run_json(capsys, "--db", url, "--as-of", "2021-09-01", "units", "--search", "so y te", "--json")["units"]]
    assert "Sở Y tế" in names and "Sở Y tế tỉnh Đồng Nai" not in names  # not yet in 2021
    names = [u["name"] for u in run_json(capsys, "--db", url, "--as-of", "2021-09-01", "units", "--search", "bchqs", "--json")["units"]]
    assert names == ["Bộ Chỉ huy Quân sự tỉnh"]
    code, out, _ = run(capsys, "--db", url, "--as-of", "2021-09-01", "units", "--search", "bchqs")
    assert code == 0 and "Bộ Chỉ huy Quân sự tỉnh" in out


# --- checkin ----------------------------------------------------------------------------------


def test_checkin_by_id_and_by_reference(plan_db, capsys):
    db = plan_db
    url = db.url
    rows = run_json(capsys, "--db", url, "--as-of", "2021-08-20", "tasks", "--unit", "so y te",
                    "--search", "kich ban ung pho", "--json")["assignments"]
    a = next(r["id"] for r in rows if r["task"] == "II.1.1")

    data = run_json(capsys, "--db", url, "--as-of", "2021-08-20", "checkin", str(a), "--status", "in_progress",
                    "--progress", "30", "--result", "Đã xây dựng dự thảo kịch bản.", "--json")
    assert (data["assignment_id"], data["status"], data["progress"], data["reported_on"]) == \
        (a, "in_progress", 30, "2021-08-20")

    code, out, err = run(capsys, "--db", url, "--as-of", "2021-08-21", "checkin", "--directive", "05-NQ/TU",
                         "--task", "II.1.1", "--unit", "SYT", "--status", "done", "--completed-on", "21/08/2021")
    assert code == 0, err
    out = " ".join(out.split())
    assert "Chờ Văn phòng xác nhận" in out and f"phân công {a}:" in out
    with db.session() as s:
        stored = s.scalars(select(Checkin).where(Checkin.assignment_id == a).order_by(Checkin.id)).all()
    assert [(c.status, c.progress, c.reported_on, c.completed_on) for c in stored] == [
        ("in_progress", 30, dt.date(2021, 8, 20), None),
        ("done", 100, dt.date(2021, 8, 21), dt.date(2021, 8, 21)),
    ]
    assert stored[0].result == "Đã xây dựng dự thảo kịch bản."
    shown = run_json(capsys, "--db", url, "--as-of", "2021-08-21", "tasks", "--flag", "awaiting", "--json")
    assert [r["id"] for r in shown["assignments"]] == [a]


BAD_INPUTS = [
    (["--as-of", "2021-08-20", "checkin", "--directive", "1", "--task", "II.1.1", "--unit", "Sở Không Tồn Tại",
      "--status", "done"], "«Sở Không Tồn Tại»", 2),
    (["--as-of", "31/02/2021", "checkin", "1", "--status", "in_progress"], "«31/02/2021»", 2),
    (["--as-of", "2021-08-20", "checkin", "1", "--status", "in_progress", "--progress", "150"], "«150»", 2),
    (["--as-of", "2021-08-20", "checkin", "99999", "--status", "in_progress"], "99999", 2),
    (["--as-of", "2021-08-20", "checkin", "1", "--status", "xong rồi"], "«xong rồi»", 2),
    (["--as-of", "2021-08-20", "checkin", "1"], "thiếu tham số bắt buộc", 2),
    (["--as-of", "2021-08-20", "checkin", "1", "--status", "done", "--completed-on", "30/02/2021"],
     "30/02/2021", 2),
]


def test_checkin_bad_input(plan_db, capsys):
    """Each bad input: "Lỗi: …" in Vietnamese on stderr naming it, exit 2, nothing written."""
    for args, needle, code in BAD_INPUTS:
        before = counts(plan_db)
        got, out, err = run(capsys, "--db", plan_db.url, *args)
        assert got == code, (args, err)
        assert "Lỗi: " in err and needle in err, (args, err)
        assert "Traceback" not in err and "error:" not in err and "required" not in err
        assert out == ""
        assert counts(plan_db) == before, args


# --- terminal safety --------------------------------------------------------------------------


def test_hostile_text_is_printed_literally(plan_db, capsys):
    db = plan_db
    url = db.url
    code, _, err = run(capsys, "--db", url, "--as-of", "2021-08-20", "checkin", "--directive", "1", "--task",
                       "II.1.3", "--unit", "Sở Y tế", "--status", "blocked", "--result", HOSTILE,
                       "--difficulties", HOSTILE, "--proposals", HOSTILE, "--json")
    assert code == 0, err
    with db.session() as s:
        assert s.scalar(select(Checkin.result).where(Checkin.status == "blocked")) == HOSTILE
        task = s.scalar(select(Task).where(Task.directive_id == 1, Task.path == "II.1.3"))
        task.text = HOSTILE + " " + task.text

    outputs = []
    for argv in (["tasks", "--unit", "Sở Y tế"], ["tasks", "--unit", "Sở Y tế", "--json"],
                 ["tasks", "--search", "bold red"], []):
        code, out, err = run(capsys, "--db", url, "--as-of", "2021-08-20", *argv)
        assert code == 0, err
        outputs.append(out)
        for ch in ("\x1b", "\x9b", "\x07"):
            assert ch not in out and ch not in err
    table, js, searched, _summary = outputs
    assert "[bold red]X[/]" in table and "[bold red]X[/]" in searched
    rows = json.loads(js)["assignments"]
    hit = next(r for r in rows if r["task"] == "II.1.3")
    assert hit["text"].startswith("[bold red]X[/] \x1b[2J")  # JSON keeps the data, escaped
    assert hit["last_checkin"]["status"] == "blocked"


# --- db -------------------------------------------------------------------------------------


def test_db_upgrade_is_idempotent(db_url, tmp_path, capsys):
    from db.migrate import head_revision

    head = head_revision()
    fresh = str(tmp_path / "fresh.sqlite3")
    code, out, err = run(capsys, "--db", fresh, "db", "upgrade")
    assert code == 0, err
    assert "Đã nâng cấp" in out and head in out
    for url in (fresh, db_url):
        for _ in range(2):
            code, out, err = run(capsys, "--db", url, "db", "upgrade")
            assert code == 0, err
            assert "đã là bản mới nhất" in out and head in out
        code, out, err = run(capsys, "--db", url, "db", "current")
        assert code == 0, err
        assert head in out and "mới nhất" in out and "cần nâng cấp" not in out
