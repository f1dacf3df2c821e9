"""Clerk administration (admin only) and the audit log: services and CLI, on each backend.

No demo build: units, the demo's clerks and the plan of 14/08/2021 are loaded directly
("tester" is the administrator; vp.ha office, syt.binh unit clerk of Sở Y tế, xem.tuan viewer).
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from core.demo import SEED_002_FILE, UNITS_FILE, add_clerks, load_directive, load_json, load_units
from core.errors import NotFoundError, PermissionDeniedError, UnknownUnitError, ValidationError
from core.models import AuditEntry, Clerk, Role
from core.services.audit_log import AuditRow, describe_change, list_audit
from core.services.checkins import CheckinInput, find_assignment, record_checkin
from core.services.clerks import add_clerk, disable_clerk, list_clerks
from core.services.workspace import os_user
from tests.conftest import workspace
from tests.test_cli import HOSTILE, _clean_env, run, run_json  # noqa: F401  (_clean_env: autouse)

DAY = dt.date(2021, 9, 1)
ME = os_user()  # the CLI always acts as the real OS user


@pytest.fixture
def staff_db(db):
    """Units, the demo's clerks and the plan; the real OS user is not registered yet."""
    with db.session() as s:
        units = load_units(s, load_json(UNITS_FILE))
        add_clerks(s, units, "tester")
        load_directive(s, SEED_002_FILE)
    return db


def register_me(db, role: Role) -> None:
    with db.session() as s:
        clerk = s.scalar(select(Clerk).where(Clerk.os_user == ME))
        if clerk is None:
            s.add(Clerk(os_user=ME, display_name="Cán bộ kiểm thử", role=role.value))
        else:
            clerk.role = role.value


def clerk_row(db, user: str) -> Clerk | None:
    with db.session() as s:
        return s.scalar(select(Clerk).where(Clerk.os_user == user))


def audit_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- services: clerks -------------------------------------------------------------------------


def test_admin_adds_lists_and_disables_clerks(staff_db):
    db = staff_db
    admin = workspace(db, DAY, "tester")
    info = add_clerk(admin, "  ca.son ", "  Vũ   Văn Sơn ", "unit", ["Sở Y tế", "SYT", "Công an tỉnh"])
    assert (info.os_user, info.display_name, info.role, info.active) == ("ca.son", "Vũ Văn Sơn", "unit", True)
    assert info.units == ("Công an tỉnh", "Sở Y tế")  # the same unit named twice is kept once
    assert info.role_label == "cán bộ đơn vị"
    add_clerk(admin, "qt.lan", "Ngô Thị Lan", "admin")

    listed = {c.os_user: c for c in list_clerks(admin)}
    assert {"tester", "vp.ha", "syt.binh", "ca.son", "qt.lan"} <= set(listed)
    assert listed["syt.binh"].units == ("Sở Y tế",)

    disabled = disable_clerk(admin, "ca.son")
    assert disabled.active is False
    assert [c.os_user for c in list_clerks(admin)][-1] == "ca.son"  # disabled clerks last

    # Each action was one audited transaction with the administrator as author.
    rows = list_audit(admin, entity="clerks", os_user="tester")
    assert [r.action for r in rows] == ["update", "insert", "insert"]
    assert {r.clerk_name for r in rows} == {"Quản trị (tester)"}
    assert describe_change(rows[0]) == f"sửa clerks #{disabled.id}: active true → false"


@pytest.mark.parametrize("user", ["vp.ha", "syt.binh", "xem.tuan", "ghost"])
def test_only_registered_active_admins_manage_clerks(staff_db, user):
    ws = workspace(staff_db, DAY, user)
    before = audit_count(staff_db)
    for attempt in (lambda: add_clerk(ws, "moi", "Cán bộ mới", "viewer"), lambda: list_clerks(ws),
                    lambda: disable_clerk(ws, "xem.tuan" if user != "xem.tuan" else "vp.ha")):
        with pytest.raises(PermissionDeniedError) as exc:
            attempt()
        expected = "chưa được đăng ký" if user == "ghost" else "Chỉ quản trị viên mới được"
        assert expected in str(exc.value)
    assert audit_count(staff_db) == before and clerk_row(staff_db, "moi") is None


BAD_CLERKS = [
    (("ha có dấu", "Tên", "viewer", []), ValidationError, "không hợp lệ"),
    (("x" * 65, "Tên", "viewer", []), ValidationError, "tối đa 64"),
    (("", "Tên", "viewer", []), ValidationError, "không hợp lệ"),
    (("vp.ha", "Trùng", "office", []), ValidationError, "đã là cán bộ"),
    (("moi", "   ", "viewer", []), ValidationError, "họ tên"),
    (("moi", "Tên", "boss", []), ValidationError, "Quyền «boss» không hợp lệ"),
    (("moi", "Tên", "unit", []), ValidationError, "ít nhất một đơn vị"),
    (("moi", "Tên", "office", ["Sở Y tế"]), ValidationError, "không nhận --unit"),
    (("moi", "Tên", "unit", ["Sở Không Tồn Tại"]), UnknownUnitError, "«Sở Không Tồn Tại»"),
]


def test_bad_clerks_are_refused_in_vietnamese(staff_db):
    admin = workspace(staff_db, DAY, "tester")
    before = audit_count(staff_db)
    for (user, name, role, units), error, needle in BAD_CLERKS:
        with pytest.raises(error) as exc:
            add_clerk(admin, user, name, role, units)
        assert needle in str(exc.value), (user, str(exc.value))
    assert audit_count(staff_db) == before


def test_disabling_self_last_admin_and_the_disabled_clerks_next_write(staff_db):
    db = staff_db
    admin = workspace(db, DAY, "tester")
    with pytest.raises(ValidationError, match="quản trị viên cuối cùng"):
        disable_clerk(admin, "tester")
    add_clerk(admin, "qt.lan", "Ngô Thị Lan", "admin")
    with pytest.raises(ValidationError, match="không thể tự khóa"):
        disable_clerk(admin, "tester")
    with pytest.raises(NotFoundError, match="«khong.co»"):
        disable_clerk(admin, "khong.co")

    # A unit clerk reports, is disabled, and is refused on the next write and read.
    binh = workspace(db, DAY, "syt.binh")
    with db.session() as s:
        assignment_id = find_assignment(s, "05-NQ/TU", "II.1.1", "Sở Y tế").id
    record_checkin(binh, assignment_id, CheckinInput(status="in_progress", progress=40))
    disable_clerk(admin, "syt.binh")
    with pytest.raises(ValidationError, match="đã bị khóa từ trước"):
        disable_clerk(admin, "syt.binh")
    with pytest.raises(PermissionDeniedError, match="«Trần Văn Bình» đã bị khóa"):
        record_checkin(binh, assignment_id, CheckinInput(status="in_progress", progress=60))
    with pytest.raises(PermissionDeniedError, match="đã bị khóa"):
        list_audit(binh)

    # The other admin may now disable "tester"; the last one left may not disable themself.
    lan = workspace(db, DAY, "qt.lan")
    disable_clerk(lan, "tester")
    with pytest.raises(PermissionDeniedError, match="đã bị khóa"):
        list_clerks(admin)
    with pytest.raises(ValidationError, match="quản trị viên cuối cùng"):
        disable_clerk(lan, "qt.lan")


# --- services: the audit log ------------------------------------------------------------------


def test_audit_shows_checkin_authors_and_filters_in_sql(staff_db):
    db = staff_db
    with db.session() as s:
        assignment_id = find_assignment(s, "05-NQ/TU", "II.1.1", "Sở Y tế").id
    first = record_checkin(workspace(db, "2021-08-20", "syt.binh"), assignment_id,
                           CheckinInput(status="in_progress", progress=40))
    second = record_checkin(workspace(db, "2021-08-25", "vp.ha"), assignment_id,
                            CheckinInput(status="in_progress", progress=60))
    add_clerk(workspace(db, DAY, "tester"), "moi", "Cán bộ mới", "viewer")

    viewer = workspace(db, DAY, "xem.tuan")  # anyone registered may read
    rows = list_audit(viewer)
    assert [(r.entity, r.entity_id, r.clerk_name, r.os_user) for r in rows[:3]] == [
        ("clerks", str(rows[0].entity_id), "Quản trị (tester)", "tester"),
        ("checkins", str(second.id), "Nguyễn Thị Thu Hà", "vp.ha"),
        ("checkins", str(first.id), "Trần Văn Bình", "syt.binh"),
    ]
    assert rows[2].after["progress"] == 40 and rows[2].business_date == dt.date(2021, 8, 20)
    assert describe_change(rows[2]) == f"thêm checkins #{first.id}"

    def ids(**filters) -> list[str | None]:
        return [r.entity_id for r in list_audit(viewer, **filters)]

    assert ids(entity="checkins") == [str(second.id), str(first.id)]
    assert ids(os_user="syt.binh") == [str(first.id)]
    assert ids(entity="checkins", since=dt.date(2021, 8, 21)) == [str(second.id)]
    assert ids(entity="checkins", until=dt.date(2021, 8, 24)) == [str(first.id)]
    assert ids(since=dt.date(2021, 8, 20), until=dt.date(2021, 8, 20)) == [str(first.id)]
    assert ids(entity="checkins", limit=1) == [str(second.id)]
    assert ids(os_user="ghost") == []

    with pytest.raises(ValidationError, match="Không có loại bản ghi «khong_co»"):
        list_audit(viewer, entity="khong_co")
    with pytest.raises(ValidationError, match="--limit phải là số dương"):
        list_audit(viewer, limit=0)
    with pytest.raises(ValidationError, match="sau đến ngày"):
        list_audit(viewer, since=dt.date(2021, 9, 2), until=dt.date(2021, 9, 1))
    with pytest.raises(PermissionDeniedError, match="chưa được đăng ký"):
        list_audit(workspace(db, DAY, "ghost"))


def test_describe_change_is_short_safe_and_vietnamese():
    def row(action, before=None, after=None, entity_id="12") -> AuditRow:
        return AuditRow(1, dt.datetime(2021, 9, 1, 3), DAY, 1, "vp.ha", "Hà", action, "checkins",
                        entity_id, before, after)

    assert describe_change(row("update", {"progress": 40, "version": 1}, {"progress": 60, "version": 2})) == \
        "sửa checkins #12: progress 40 → 60"
    assert describe_change(row("update", {"version": 1}, {"version": 2})) == "sửa checkins #12: version 1 → 2"
    assert describe_change(row("insert", after={"progress": 0})) == "thêm checkins #12"
    assert describe_change(row("delete", before={"progress": 0}, entity_id=None)) == "xóa checkins"
    line = describe_change(row("update", {"result": None, "x": [1, 2]}, {"result": HOSTILE * 3, "x": {"a": "é"}}))
    assert "\x1b" not in line and "\x9b" not in line and "\x07" not in line
    assert "result ∅ → [bold red]X[/] tail[bold red]…;" in line
    assert 'x [1, 2] → {"a": "é"}' in line
    many = describe_change(row("update", {k: 1 for k in "abcdef"}, {k: 2 for k in "abcdef"}))
    assert many.endswith("d 1 → 2; … (+2)")


# --- the CLI ----------------------------------------------------------------------------------


def test_cli_clerk_add_list_disable(staff_db, capsys):
    db = staff_db
    url = db.url
    register_me(db, Role.ADMIN)
    code, out, err = run(capsys, "--db", url, "--as-of", "2021-09-01", "clerk", "add", "ca.son", "--name",
                         "Vũ Văn Sơn", "--role", "unit", "--unit", "Sở Y tế", "--unit", "Công an tỉnh")
    assert code == 0, err
    assert one_line(out) == ("Đã thêm cán bộ «Vũ Văn Sơn» (tài khoản ca.son, quyền cán bộ đơn vị), "
                             "đơn vị: Công an tỉnh; Sở Y tế.")
    code, out, err = run(capsys, "--db", url, "clerk", "add", "la.hostile", "--name", HOSTILE, "--role", "viewer")
    assert code == 0, err
    assert "\x1b" not in out and "[bold red]X[/]" in out

    code, out, err = run(capsys, "--db", url, "clerk", "disable", "ca.son")
    assert code == 0, err
    assert "Đã khóa cán bộ «Vũ Văn Sơn» (tài khoản ca.son)" in one_line(out)
    assert clerk_row(db, "ca.son").active is False

    code, out, err = run(capsys, "--db", url, "clerk", "list")
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Tài khoản" in lines[1] and "Quyền" in lines[1]
    assert any("syt.binh" in line and "cán bộ đơn vị" in line and "Sở Y tế" in line for line in lines)
    assert any("ca.son" in line and "(đã khóa)" in line for line in lines)
    assert "\x1b" not in out and "[bold red]X[/]" in out
    assert "10 cán bộ, 9 đang hoạt động." in one_line(out)  # 6 demo, tester, me, 2 added; 1 disabled


CLI_REFUSALS = [
    (["clerk", "add", "moi", "--name", "Mới", "--role", "unit"], "ít nhất một đơn vị", 2),
    (["clerk", "add", "moi", "--name", "Mới", "--role", "viewer", "--unit", "Sở Y tế"], "không nhận --unit", 2),
    (["clerk", "add", "moi", "--name", "Mới", "--role", "unit", "--unit", "Sở Không Tồn Tại"],
     "«Sở Không Tồn Tại»", 2),
    (["clerk", "add", "vp.ha", "--name", "Trùng", "--role", "office"], "đã là cán bộ", 2),
    (["clerk", "add", "co dau!", "--name", "Mới", "--role", "office"], "không hợp lệ", 2),
    (["clerk", "disable", ME], "quản trị viên cuối cùng", 2),
    (["clerk", "disable", "khong.co"], "«khong.co»", 2),
    (["audit", "--entity", "khong_co"], "Không có loại bản ghi", 2),
    (["audit", "--limit", "0"], "--limit phải là số dương", 2),
]


def test_cli_refusals_in_vietnamese(staff_db, capsys):
    """Each refusal: "Lỗi: …" on stderr, its exit code, nothing printed or written."""
    db = staff_db
    url = db.url

    def refused(args, needle, code) -> None:
        before = audit_count(db)
        got, out, err = run(capsys, "--db", url, *args)
        assert (got, out) == (code, ""), (args, err)
        assert err.startswith("Lỗi: ") and needle in err and "Traceback" not in err, (args, err)
        assert audit_count(db) == before, args

    # The real OS user is not registered: refused, even for reading the log.
    for args in (["clerk", "list"], ["clerk", "add", "moi", "--name", "Mới", "--role", "viewer"], ["audit"]):
        refused(args, "chưa được đăng ký", 3)
    register_me(db, Role.OFFICE)
    for args in (["clerk", "list"], ["clerk", "disable", "xem.tuan"],
                 ["clerk", "add", "moi", "--name", "Mới", "--role", "viewer"]):
        refused(args, "Chỉ quản trị viên mới được", 3)

    register_me(db, Role.ADMIN)
    with db.session() as s:  # "tester" gone: the real OS user is the only active admin
        s.scalar(select(Clerk).where(Clerk.os_user == "tester")).active = False
    for args, needle, code in CLI_REFUSALS:
        refused(args, needle, code)
    code, _, err = run(capsys, "--db", url, "clerk", "add", "qt.lan", "--name", "Ngô Thị Lan", "--role", "admin")
    assert code == 0, err
    refused(["clerk", "disable", ME], "không thể tự khóa", 2)

    got, out, err = run(capsys, "--db", url, "clerk", "add", "moi", "--name", "Mới", "--role", "chief")
    assert got == 2 and "Traceback" not in err and "chief" in err  # argparse's own refusal


def test_cli_audit_shows_authors_filters_and_json(staff_db, capsys):
    db = staff_db
    url = db.url
    register_me(db, Role.VIEWER)  # reading the log needs no more
    with db.session() as s:
        assignment_id = find_assignment(s, "05-NQ/TU", "II.1.1", "Sở Y tế").id
    first = record_checkin(workspace(db, "2021-08-20", "syt.binh"), assignment_id,
                           CheckinInput(status="in_progress", progress=40, result=HOSTILE))
    second = record_checkin(workspace(db, "2021-08-25", "vp.ha"), assignment_id,
                            CheckinInput(status="in_progress", progress=60))
    disable_clerk(workspace(db, DAY, "tester"), "xem.tuan")

    code, out, err = run(capsys, "--db", url, "audit", "--entity", "checkins")
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80, out
    text = one_line(out)
    assert "Trần Văn Bình" in text and f"thêm checkins #{first.id}" in text
    assert "20/08/2021" in text and "Nguyễn Thị Thu Hà" in text and "Quản trị" not in text
    assert "2 thay đổi, mới nhất trước." in text

    # The set-up wrote without an actor (no business date): --since leaves it out.
    data = run_json(capsys, "--db", url, "audit", "--json", "--since", "1/8/2021")
    assert set(data) == {"count", "filters", "entries"}
    assert data["filters"] == {"entity": None, "user": None, "since": "2021-08-01", "until": None, "limit": 50}
    assert data["count"] == len(data["entries"]) == 3
    newest = data["entries"][0]
    assert set(newest) == {"id", "at", "business_date", "os_user", "clerk_id", "clerk", "action", "entity",
                           "entity_id", "before", "after", "description"}
    assert (newest["entity"], newest["action"], newest["before"], newest["after"], newest["clerk"]) == \
        ("clerks", "update", {"active": True}, {"active": False}, "Quản trị (tester)")
    assert newest["at"].endswith("+00:00") and newest["business_date"] == "2021-09-01"
    oldest = data["entries"][-1]
    assert (oldest["entity_id"], oldest["os_user"], oldest["after"]["result"]) == \
        (str(first.id), "syt.binh", HOSTILE)
    assert oldest["description"] == f"thêm checkins #{first.id}"

    def entity_ids(*filters: str) -> list[str]:
        return [e["entity_id"] for e in run_json(capsys, "--db", url, "audit", "--json", *filters)["entries"]]

    assert entity_ids("--user", "vp.ha") == [str(second.id)]
    assert entity_ids("--entity", "checkins", "--since", "21/08/2021") == [str(second.id)]
    assert entity_ids("--entity", "checkins", "--until", "2021-08-24") == [str(first.id)]
    assert entity_ids("--entity", "checkins", "--limit", "1") == [str(second.id)]
    assert entity_ids("--user", "ghost") == []

    code, out, _ = run(capsys, "--db", url, "audit", "--user", "ghost")
    assert (code, out.strip()) == (0, "Không có thay đổi nào khớp điều kiện lọc.")


def test_cli_refuses_each_role_what_it_may_not_do(staff_db, capsys, tmp_path):
    """Roles through the CLI, as the real OS user registered with each role in turn: an
    unregistered user, a viewer, Sở Y tế's clerk and the Office. Each refusal is "Lỗi: …" in
    Vietnamese with exit code 3, and nothing is written (no audit entry)."""
    db, url = staff_db, staff_db.url
    with db.session() as s:
        yte = find_assignment(s, "1", "II.1.3", "Sở Y tế").id
        finance = find_assignment(s, "1", "II.2.2", "Sở Tài chính").id
    checkin = ["--as-of", "2021-08-25", "checkin", "--status", "done", "--result", "Xong"]
    issue = ["--as-of", "2021-09-01", "report", "issue", "--directive", "1", "--period", "2021-08-30",
             "--number", "7/BC-VP", "-o", str(tmp_path / "bc.docx")]

    def refused(args, needle) -> None:
        before = audit_count(db)
        code, out, err = run(capsys, "--db", url, *args)
        assert (code, out) == (3, ""), (args, err)
        assert err.startswith("Lỗi: ") and needle in err and "Traceback" not in err, (args, err)
        assert audit_count(db) == before, args

    def allowed(args) -> None:
        before = audit_count(db)
        code, _out, err = run(capsys, "--db", url, *args)
        assert code == 0, (args, err)
        assert audit_count(db) > before, args

    refused([*checkin, str(yte)], "chưa được đăng ký")
    register_me(db, Role.VIEWER)
    refused([*checkin, str(yte)], "không được báo cáo thay cho đơn vị «Sở Y tế»")
    refused(["--as-of", "2021-08-26", "confirm", str(yte)], "Chỉ Văn phòng")
    refused(issue, "Chỉ Văn phòng")
    with db.session() as s:  # now Sở Y tế's clerk
        me = s.scalar(select(Clerk).where(Clerk.os_user == ME))
        me.role = Role.UNIT.value
        me.units = [s.get(Clerk, s.scalar(select(Clerk.id).where(Clerk.os_user == "syt.binh"))).units[0]]
    allowed([*checkin, str(yte)])
    refused([*checkin, str(finance)], "không được báo cáo thay cho đơn vị «Sở Tài chính»")
    refused(["--as-of", "2021-08-26", "confirm", str(yte)], "Chỉ Văn phòng")
    refused(issue, "Chỉ Văn phòng")
    refused(["clerk", "list"], "Chỉ quản trị viên mới được")
    register_me(db, Role.OFFICE)
    allowed(["--as-of", "2021-08-26", "confirm", str(yte)])
    allowed([*checkin, str(finance)])
    assert not (tmp_path / "bc.docx").exists()


def test_a_clerks_units_are_in_the_audit(staff_db):
    """The clerk–unit links live in an association table: the clerk's audit row carries them,
    on adding and when they change."""
    db = staff_db
    add_clerk(workspace(db, DAY, "tester"), "ca.son", "Vũ Văn Sơn", "unit", ["Công an tỉnh"])
    with db.session() as s:
        clerk_id = s.scalar(select(Clerk.id).where(Clerk.os_user == "ca.son"))
        added = s.scalar(select(AuditEntry).where(AuditEntry.entity == "clerks", AuditEntry.action == "insert",
                                                  AuditEntry.entity_id == str(clerk_id)))
        assert added.after["units"] == ["Công an tỉnh"] and added.os_user == "tester"
    ws = workspace(db, DAY, "tester")
    with ws.session() as s:
        ws.clerk(s)  # the actor
        clerk = s.get(Clerk, clerk_id)
        yte = s.scalar(select(Clerk).where(Clerk.os_user == "syt.binh")).units[0]
        clerk.units.append(yte)
    with db.session() as s:
        changed = s.scalars(select(AuditEntry).where(AuditEntry.entity == "clerks", AuditEntry.action == "update",
                                                     AuditEntry.entity_id == str(clerk_id))).all()
        assert [(c.before, c.after) for c in changed] == [
            ({"units": ["Công an tỉnh"]}, {"units": ["Công an tỉnh", "Sở Y tế"]})]


def test_the_first_administrator_is_made_once_at_set_up(db, capsys):
    """`dondoc clerk init`: on a workspace with no active administrator the OS user running it
    becomes one (audited); afterwards it is refused, and the new admin can add clerks."""
    url = db.url
    # Before it, any write is refused with the way out: there is no administrator to ask.
    code, out, err = run(capsys, "--db", url, "clerk", "add", "vp.lan", "--name", "Vũ Thị Lan", "--role", "office")
    assert (code, out) == (3, "") and "chưa có quản trị viên" in err and "dondoc clerk init" in err
    code, out, err = run(capsys, "--db", url, "clerk", "init", "--name", "Nguyễn Văn Quản")
    assert code == 0, err
    assert ME in out and "Nguyễn Văn Quản" in out
    me = clerk_row(db, ME)
    assert (me.role, me.active, me.display_name) == ("admin", True, "Nguyễn Văn Quản")
    with db.session() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.entity == "clerks"))
        assert entry.os_user == ME and entry.after["role"] == "admin"
    code, out, err = run(capsys, "--db", url, "clerk", "init", "--name", "Người khác")
    assert (code, out) == (3, "") and "đã có quản trị viên «Nguyễn Văn Quản»" in err
    code, _, err = run(capsys, "--db", url, "clerk", "add", "vp.lan", "--name", "Vũ Thị Lan", "--role", "office")
    assert code == 0, err
    # A disabled last admin (say, restored from an old backup) can be replaced the same way.
    with db.session() as s:
        s.scalar(select(Clerk).where(Clerk.os_user == ME)).active = False
    code, _, err = run(capsys, "--db", url, "clerk", "init", "--name", "Nguyễn Văn Quản")
    assert code == 0, err
    assert clerk_row(db, ME).active
