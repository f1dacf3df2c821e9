"""`dondoc import` through tui.cli.main: the dry run (no database), refusals, --map, --new-units,
--drop-unknown and --update, on each backend."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.importer import draft_to_json, import_file
from core.models import Assignment, AuditEntry, Checkin, Clerk, Directive, Role, Task, Unit
from core.services.workspace import os_user
from tests.test_cli import plan_db, run  # noqa: F401  (the same fixture and runner)

SEEDS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("*.txt"))
SEED = {p.name[:3]: p for p in SEEDS}
TCVN3 = (
    "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n"
    "Uû ban nh©n d©n tØnh B×nh Ph­íc\nKÕ ho¹ch triÓn khai thùc hiÖn NghÞ quyÕt cña Ban ChÊp hµnh §¶ng bé tØnh\n"
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    for var in ("DONDOC_TODAY", "DONDOC_DATABASE_URL", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DONDOC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "100")


def counts(db) -> tuple[int, ...]:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(m))
                     for m in (Directive, Task, Assignment, Unit, Checkin, AuditEntry))


# --- the dry run ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_dry_run_json_is_the_draft(capsys, tmp_path, seed):
    code, out, err = run(capsys, "import", str(seed), "--dry-run", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data == json.loads(json.dumps(draft_to_json(import_file(seed)), ensure_ascii=False))
    assert "\\u" not in out  # Vietnamese as written, not escaped
    for doc in data["documents"]:
        assert set(doc) == {"doc_type", "number", "issuer", "signed_on", "place", "summary", "signer",
                            "parent_refs", "period", "reporting", "tasks"}
        assert doc["tasks"]
        for t in doc["tasks"]:
            assert set(t) == {"ref", "text", "lead", "coordinating", "deadline", "uncertain"}
            assert set(t["deadline"]) == {"kind", "start", "due", "phrase"}
            assert t["deadline"]["kind"] in ("date", "recurring", "immediate", "until_event", "none")
    # no database was needed or made
    assert not (tmp_path / "data").exists()


def test_dry_run_for_people(capsys, tmp_path):
    code, out, err = run(capsys, "import", str(SEED["003"]), "--dry-run")
    assert code == 0, err
    out = " ".join(out.split())  # rich wraps long lines
    assert "3 văn bản, 25 nhiệm vụ" in out and "chạy thử, không ghi gì" in out
    assert "[2] Kết luận 13-KL/BCĐ" in out and "(kèm theo văn bản [1])" in out
    assert "Chủ trì: Sở Y tế" in out and "? thời hạn:" in out and "Hạn: không có hạn" in out
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("name,data,words", [
    ("cu.txt", (TCVN3 * 3).encode("latin-1"), "TCVN3"),
    ("trong.txt", b"", "trống"),
    ("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "nhị phân"),
])
def test_unreadable_files_are_refused_with_the_reason(capsys, plan_db, tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    for extra in (["--dry-run", "--json"], ["--db", plan_db.url, "--new-units"]):
        before = counts(plan_db)
        code, out, err = run(capsys, "import", str(path), *extra)
        assert code != 0 and out == ""
        assert err.startswith("Lỗi: ") and words in err
        assert counts(plan_db) == before


# --- importing ----------------------------------------------------------------------------------


def test_unknown_units_stop_the_import_with_suggestions(capsys, plan_db):
    before = counts(plan_db)
    code, out, err = run(capsys, "--db", plan_db.url, "import", str(SEED["003"]))
    assert code == 2 and out == ""
    assert "«Ban Quản lý các Khu công nghiệp Đồng Nai»" in err and "có phải: Ban Quản lý Khu kinh tế" in err
    assert "--map" in err and "--new-units" in err and "--drop-unknown" in err and "Chưa ghi gì." in err
    assert counts(plan_db) == before


def test_map_and_new_units(capsys, plan_db):
    code, out, err = run(capsys, "--db", plan_db.url, "import", str(SEED["003"]),
                         "--map", "Ban Quản lý các Khu công nghiệp Đồng Nai=Ban Quản lý Khu kinh tế", "--new-units")
    assert code == 0, err
    assert "Đã nhập 3 văn bản" in out and "Kết luận 13-KL/BCĐ (mã số 3, kèm theo mã số 2)" in out
    assert "Đã tạo 1 đơn vị mới" in out
    with plan_db.session() as s:
        names = set(s.scalars(select(Unit.name)))
        assert "Ban Quản lý các Khu công nghiệp Đồng Nai" not in names
        assert "Các sở, ban, ngành, cơ quan, đơn vị" in names
        assert s.scalar(select(func.count()).select_from(Directive).where(Directive.parent_id == 2)) == 2


def test_map_names_a_known_unit_and_an_unknown_name(capsys, plan_db):
    before = counts(plan_db)
    code, _out, err = run(capsys, "--db", plan_db.url, "import", str(SEED["003"]),
                          "--map", "Không có tên này=Sở Y tế", "--new-units")
    assert code == 2 and "không phải tên đơn vị lạ" in err and "«Ban Quản lý các Khu công nghiệp Đồng Nai»" in err
    code, _out, err = run(capsys, "--db", plan_db.url, "import", str(SEED["003"]),
                          "--map", "Ban Quản lý các Khu công nghiệp Đồng Nai=Sở Không Có", "--new-units")
    assert code == 2 and "Không tìm thấy đơn vị «Sở Không Có»" in err
    code, _out, err = run(capsys, "--db", plan_db.url, "import", str(SEED["003"]), "--map", "Sở Y tế")
    assert code == 2 and "Tên lạ=Tên có sẵn" in err
    assert counts(plan_db) == before


def test_existing_directive_needs_update(capsys, plan_db):
    before = counts(plan_db)
    code, _out, err = run(capsys, "--db", plan_db.url, "import", str(SEED["002"]), "--drop-unknown")
    assert code == 2 and "đã có trong cơ sở dữ liệu (mã số 1)" in err and "--update" in err
    assert counts(plan_db) == before
    code, out, err = run(capsys, "--db", plan_db.url, "import", str(SEED["002"]), "--update",
                         "--map", "Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp=Ủy ban MTTQ Việt Nam cấp huyện")
    assert code == 0, err
    assert "Cập nhật Kế hoạch ngày 14/08/2021 (mã số 1): 55 nhiệm vụ" in out
    after = counts(plan_db)
    assert after[0] == before[0] and after[1] == before[1]  # no duplicate directive, no new task


def test_json_result_and_the_role_check(capsys, plan_db):
    code, out, err = run(capsys, "--db", plan_db.url, "import", str(SEED["000"]), "--drop-unknown", "--json")
    assert code == 0, err
    data = json.loads(out)
    [doc] = data["documents"]
    assert doc["title"] == "Quyết định 855/QĐ-UBND" and doc["updated"] is False and doc["tasks"] == 60
    with plan_db.session() as s:
        s.scalar(select(Clerk).where(Clerk.os_user == os_user())).role = Role.UNIT.value
    before = counts(plan_db)
    code, _out, err = run(capsys, "--db", plan_db.url, "import", str(SEED["001"]), "--new-units")
    assert code == 3 and "Chỉ Văn phòng mới được nhập văn bản chỉ đạo" in err and "cán bộ đơn vị" in err
    assert counts(plan_db) == before


def test_dry_run_takes_no_import_options(capsys):
    code, _out, err = run(capsys, "import", str(SEED["002"]), "--dry-run", "--update")
    assert code == 2 and "--dry-run" in err
