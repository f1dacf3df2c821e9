"""`dondoc backup` and `dondoc restore` (db/backup.py) through the CLI, on each backend.

The demo is built at most once per backend: the SQLite one is conftest's session template;
the PostgreSQL one only where the round trip needs a PostgreSQL source.
"""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from sqlalchemy import func, select, text

from core.models import Base, Clerk
from db.engine import Database, sqlite_url
from db.migrate import SCHEMA_HEAD
from conftest import BACKENDS, _empty_pg, fresh_pg_schema
from test_cli import run


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")   # messages with paths on one line


@pytest.fixture
def sqlite_source(tmp_path, sqlite_demo_template) -> str:
    """A copy of the demo on a SQLite file."""
    path = tmp_path / "source.sqlite3"
    shutil.copy(sqlite_demo_template, path)
    return str(path)


@pytest.fixture(scope="module")
def demo_dump(tmp_path_factory, sqlite_demo_template) -> str:
    """The demo as a .json dump (read-only for tests)."""
    from db.backup import backup

    path = tmp_path_factory.mktemp("dump") / "demo.json"
    backup(sqlite_demo_template, path)
    return str(path)


@pytest.fixture
def other_empty_url(db, tmp_path, sqlite_template):
    """A second empty, migrated database on the same backend as `db`."""
    if db.is_sqlite:
        path = tmp_path / "other.sqlite3"
        shutil.copy(sqlite_template, path)
        yield sqlite_url(path)
        return
    with fresh_pg_schema("dondoc_restore") as url:
        yield url


def tables_of(path) -> dict:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    assert data["format"] == "dondoc-backup" and data["schema"] == SCHEMA_HEAD
    return data["tables"]


def counts(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            return {t.name: conn.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
    finally:
        db.dispose()


def assert_same_tables(a: dict, b: dict) -> None:
    assert list(a) == list(b) == [t.name for t in Base.metadata.sorted_tables]
    for name in a:
        assert a[name]["columns"] == b[name]["columns"], name
        assert len(a[name]["rows"]) == len(b[name]["rows"]), name
        for row_a, row_b in zip(a[name]["rows"], b[name]["rows"]):
            assert row_a == row_b, name


# --- round trips ------------------------------------------------------------------------------


def test_json_round_trip_is_identical(db, other_empty_url, sqlite_demo_template, tmp_path, capsys):
    """demo → dump → restore into an empty database of the same backend → dump: the same rows."""
    if db.is_sqlite:
        shutil.copy(sqlite_demo_template, db.engine.url.database)
    else:
        from core.demo import build_demo

        build_demo(db, os_user="tester")
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    code, out, err = run(capsys, "--db", db.url, "backup", str(first))
    assert code == 0, err
    assert "Đã sao lưu vào" in out and "dòng của 22 bảng" in out and f"lược đồ {SCHEMA_HEAD}" in out
    assert not list(tmp_path.glob("*.tmp*"))      # written beside, then moved

    code, out, err = run(capsys, "--db", other_empty_url, "restore", str(first))
    assert code == 0, err
    assert "Đã khôi phục" in out and "dòng của 22 bảng" in out
    assert run(capsys, "--db", other_empty_url, "backup", str(second))[0] == 0

    dumped = tables_of(first)
    assert len(dumped["checkins"]["rows"]) > 1000 and dumped["assignment_states"]["rows"]
    assert_same_tables(dumped, tables_of(second))
    _next_id_follows_the_restored_ones(other_empty_url, len(dumped["clerks"]["rows"]))


def _next_id_follows_the_restored_ones(url: str, clerks: int) -> None:
    """On PostgreSQL the id sequences were reset; on both, a new row gets the next id."""
    db = Database(url)
    try:
        with db.session() as s:
            clerk = Clerk(os_user="moi.sau.khoi.phuc", display_name="Cán bộ mới", role="viewer")
            s.add(clerk)
            s.flush()
            assert clerk.id == clerks + 1
    finally:
        db.dispose()


@pytest.fixture(params=[b for b in BACKENDS if b == "postgresql"])
def pg_db(request, pg_schema_url):
    """An empty migrated PostgreSQL workspace (only where DONDOC_TEST_POSTGRES_URL is set, as
    in CI): these tests are about PostgreSQL itself."""
    _empty_pg(pg_schema_url)
    database = Database(pg_schema_url)
    yield database
    database.dispose()


def test_moving_a_workspace_from_sqlite_to_postgresql(pg_db, request, tmp_path, capsys):
    source = request.getfixturevalue("sqlite_source")
    dump, again = tmp_path / "ws.json", tmp_path / "again.json"
    assert run(capsys, "--db", source, "backup", str(dump))[0] == 0
    code, out, err = run(capsys, "--db", pg_db.url, "restore", str(dump))
    assert code == 0, err
    assert run(capsys, "--db", pg_db.url, "backup", str(again))[0] == 0
    assert_same_tables(tables_of(dump), tables_of(again))
    # The application sees the same workspace on both.
    query = ("tasks", "--as-of", "2021-09-01", "--category", "overdue", "--json")
    on_sqlite = run(capsys, "--db", source, *query)
    on_postgres = run(capsys, "--db", pg_db.url, *query)
    assert on_sqlite[0] == on_postgres[0] == 0 and on_sqlite[1] == on_postgres[1]


def test_reindented_dump_is_read_too(demo_dump, tmp_path, capsys):
    """A dump re-formatted by hand (not our line layout) is still a valid dump."""
    with open(demo_dump, encoding="utf-8") as f:
        data = json.load(f)
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    target = tmp_path / "target.sqlite3"
    code, _, err = run(capsys, "--db", str(target), "restore", str(pretty))
    assert code == 0, err
    assert counts(sqlite_url(target)) == {name: len(t["rows"]) for name, t in data["tables"].items()}


# --- SQLite files -----------------------------------------------------------------------------


def test_sqlite_online_backup_and_restoring_it(sqlite_source, tmp_path, capsys):
    copy = tmp_path / "copy.sqlite3"
    code, out, err = run(capsys, "--db", sqlite_source, "backup", str(copy))
    assert code == 0, err
    assert "bản sao SQLite" in out
    assert not copy.with_name("copy.sqlite3-wal").exists() and not list(tmp_path.glob("*.tmp*"))
    with sqlite3.connect(copy) as conn:   # a plain, self-contained SQLite file
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    expected = counts(sqlite_url(sqlite_source))
    assert expected["checkins"] > 1000 and counts(sqlite_url(copy)) == expected

    # Restoring the copy: into a new file; over data only with --force.
    target = tmp_path / "restored.sqlite3"
    assert run(capsys, "--db", str(target), "restore", str(copy))[0] == 0
    assert counts(sqlite_url(target)) == expected
    code, _, err = run(capsys, "--db", str(target), "restore", str(copy))
    assert code == 2 and "đã có dữ liệu" in err and "--force" in err
    code, out, err = run(capsys, "--db", str(target), "restore", str(copy), "--force")
    assert code == 0, err
    assert "Đã khôi phục bản sao SQLite" in out and counts(sqlite_url(target)) == expected


def test_backup_of_a_missing_sqlite_file_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "khong-co.sqlite3"
    code, _, err = run(capsys, "--db", str(missing), "backup", str(tmp_path / "x.json"))
    assert code == 5 and "Không có cơ sở dữ liệu" in err
    assert not missing.exists() and not (tmp_path / "x.json").exists()


def test_backup_onto_the_database_itself_is_refused(sqlite_source, capsys):
    code, _, err = run(capsys, "--db", sqlite_source, "backup", sqlite_source)
    assert code == 2 and "chính là cơ sở dữ liệu đang dùng" in err


def test_postgresql_backs_up_to_json_only(pg_db, tmp_path, capsys):
    code, _, err = run(capsys, "--db", pg_db.url, "backup", str(tmp_path / "ws.sqlite3"))
    assert code == 2 and ".json" in err and "pg_dump" in err
    assert not (tmp_path / "ws.sqlite3").exists()


# --- refusals -----------------------------------------------------------------------------------


def test_restore_over_data_needs_force(db, demo_dump, capsys):
    assert run(capsys, "--db", db.url, "restore", demo_dump)[0] == 0
    with db.session() as s:   # a change the refused restore must keep
        s.add(Clerk(os_user="them.sau", display_name="Thêm sau", role="viewer"))
    before = counts(db.url)

    code, out, err = run(capsys, "--db", db.url, "restore", demo_dump)
    assert code == 2 and out == ""
    assert err.startswith("Lỗi: ") and "đã có dữ liệu; không ghi gì" in err and "--force" in err
    assert counts(db.url) == before

    code, _, err = run(capsys, "--db", db.url, "restore", demo_dump, "--force")
    assert code == 0, err
    assert counts(db.url) == {name: len(t["rows"]) for name, t in tables_of(demo_dump).items()}


def test_dump_of_another_schema_revision_is_refused(db, demo_dump, tmp_path, capsys):
    old = tmp_path / "old.json"
    with open(demo_dump, encoding="utf-8") as f:
        lines = f.readlines()
    lines[0] = lines[0].replace(f'"schema": "{SCHEMA_HEAD}"', '"schema": "0002"')
    old.write_text("".join(lines), encoding="utf-8")
    code, _, err = run(capsys, "--db", db.url, "restore", str(old))
    assert code == 2 and "lược đồ 0002" in err and f"cần lược đồ {SCHEMA_HEAD}" in err
    assert not any(counts(db.url).values())


def test_truncated_dump_leaves_the_target_as_it_was(db, demo_dump, tmp_path, capsys):
    """The first tables are inserted before the cut is found: one transaction, all rolled back."""
    cut = tmp_path / "cut.json"
    with open(demo_dump, encoding="utf-8") as f:
        lines = f.readlines()
    cut.write_text("".join(lines[: len(lines) * 2 // 3]), encoding="utf-8")
    code, _, err = run(capsys, "--db", db.url, "restore", str(cut))
    assert code == 2 and "không phải bản sao lưu dondoc hợp lệ hoặc đã hỏng" in err and "cắt cụt" in err
    assert not any(counts(db.url).values())


@pytest.mark.parametrize("name, content, message", [
    ("rac.json", "đây không phải JSON", "không phải bản sao lưu dondoc hợp lệ"),
    ("khac.json", '{"format": "other", "tables": {}}', "không phải bản sao lưu dondoc hợp lệ"),
    ("rac.bak", "SQLite format 3 — giả", "không phải bản sao lưu dondoc"),
])
def test_unknown_or_corrupt_file_is_refused(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    target = tmp_path / "target.sqlite3"
    code, _, err = run(capsys, "--db", str(target), "restore", str(path))
    assert code == 2 and message in err and str(path) in err
    assert not target.exists()


def test_missing_backup_file(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "t.sqlite3"), "restore", str(tmp_path / "khong-co.json"))
    assert code == 2 and "Không có tệp sao lưu" in err


def test_sqlite_copy_cannot_go_into_postgresql(pg_db, sqlite_template, capsys):
    code, _, err = run(capsys, "--db", pg_db.url, "restore", sqlite_template)
    assert code == 2 and ".json" in err



def test_row_pointing_at_a_later_row_of_its_table(db, demo_dump, tmp_path, capsys):
    """A unit merged into a newer unit points forward: inserted as NULL, then set."""
    with open(demo_dump, encoding="utf-8") as f:
        data = json.load(f)
    units = data["tables"]["units"]
    successor = units["columns"].index("successor_id")
    last_id = units["rows"][-1][0]
    units["rows"][0][successor] = last_id
    forward = tmp_path / "forward.json"
    forward.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "--db", db.url, "restore", str(forward))
    assert code == 0, err
    with db.engine.connect() as conn:
        first = conn.execute(text("select id, successor_id from units order by id limit 1")).one()
    assert first.successor_id == last_id
