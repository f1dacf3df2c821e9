"""The demo workspace: the seed 002 plan as hand-checked, Bình Phước's units, and a
generated history in which every category and flag occurs — the same on every build."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from sqlalchemy import func, select

from core.demo import DEMO_IMPORTS_FILE, SEED_002_FILE, UNITS_FILE, build_demo, load_directive
from core.models import Assignment, Checkin, Confirmation, Directive, Extension, Task, Unit, UnitGroupMember
from core.services.assignments import AssignmentFilter, category_counts, list_assignments
from core.services.units import unit_history
from core.status import Category
from db.engine import Database, sqlite_url
from db.migrate import upgrade

DEMO_DAY = dt.date(2021, 9, 1)


def test_every_category_and_flag_occurs_on_the_demo_day(demo_db):
    with demo_db.session() as s:
        counts = category_counts(s, AssignmentFilter(), DEMO_DAY)
    for key in [c.value for c in Category] + ["due_soon", "awaiting", "returned", "unreported"]:
        assert counts[key] > 0, key


def test_recurring_tasks_are_reported_in_some_periods_and_not_in_others(demo_db):
    with demo_db.session() as s:
        counts = category_counts(s, AssignmentFilter(), dt.date(2021, 8, 30))
        recurring = counts[Category.RECURRING.value]
    assert 0 < counts["unreported"] < recurring


def _plan_of_14_august(s) -> Directive:
    return s.scalar(select(Directive).where(Directive.signed_on == dt.date(2021, 8, 14)))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _tasks(d: Directive) -> dict:
    return {t.path: t for t in d.tasks if t.kind == "task"}


def test_the_imported_plan_matches_the_hand_checked_dataset(demo_db):
    """Seed 002 went through the importer (with the one decision recorded in
    demo_imports.json); fixtures/seed_002.json is the same plan typed by hand. Stored side by
    side, they must agree on the header, every task, its deadline and every assignment."""
    with demo_db.session() as s:
        imported = _plan_of_14_august(s)
        by_hand = load_directive(s, SEED_002_FILE).directive
        s.flush()
        for field in ("doc_type", "type_code", "number_text", "issuer", "signed_on", "place", "signer",
                      "summary", "reporting_cycle", "reporting_phrase", "period_start", "period_end"):
            assert getattr(imported, field) == getattr(by_hand, field), field
        assert imported.reporting_cycle == "semi_monthly"
        mine, theirs = _tasks(imported), _tasks(by_hand)
        assert list(mine) == list(theirs) and len(mine) == 55
        for ref, task in mine.items():
            other = theirs[ref]
            # The file breaks some lines the dataset joined with a space.
            assert _squash(task.text) == _squash(other.text), ref
            assert (task.deadline.kind, task.deadline.due) == (other.deadline.kind, other.deadline.due), ref
            # Where the phrase "as written" starts is a judgement; one contains the other.
            a, b = task.deadline.phrase or "", other.deadline.phrase or ""
            assert a in b or b in a, ref
            assert sorted((x.unit_id, x.role, x.mode, x.via_group_id) for x in task.assignments) == \
                sorted((x.unit_id, x.role, x.mode, x.via_group_id) for x in other.assignments), ref
            for x in task.assignments:
                assert x.deadline_id == task.deadline_id  # assignments inherit the task's deadline
        s.rollback()


def test_all_five_seeds_are_in_the_demo(demo_db):
    with demo_db.session() as s:
        docs = {d.title: d for d in s.scalars(select(Directive).order_by(Directive.id))}
        tasks = {t: len(_tasks(d)) for t, d in docs.items()}
        assert len(docs) == 7  # seed 003 is a letter carrying two conclusions
        qd = docs["Quyết định 855/QĐ-UBND"]
        assert (qd.issuer, qd.signed_on, tasks[qd.title]) == ("UBND tỉnh Trà Vinh", dt.date(2022, 5, 13), 60)
        letter = docs["Công văn 10822/UBND-KGVX"]
        assert docs["Kết luận 13-KL/BCĐ"].parent_id == docs["Kết luận 14-KL/BCĐ"].parent_id == letter.id
        assert (tasks[letter.title], tasks["Kết luận 13-KL/BCĐ"], tasks["Kết luận 14-KL/BCĐ"]) == (13, 4, 8)
        # Seed 001 (a plan) and seed 004 (the party's directive) carry no date.
        undated = sorted((d.doc_type, tasks[t]) for t, d in docs.items() if d.signed_on is None)
        assert undated == [("Chỉ thị", 22), ("Kế hoạch", 44)]
        assert tasks["Kế hoạch ngày 14/08/2021"] == 55


def test_every_imported_directive_has_a_history(demo_db):
    with demo_db.session() as s:
        rows = s.execute(select(Directive.id, func.count(Checkin.id))
                         .join(Task, Task.directive_id == Directive.id)
                         .join(Assignment, Assignment.task_id == Task.id)
                         .outerjoin(Checkin, Checkin.assignment_id == Assignment.id)
                         .group_by(Directive.id)).all()
    assert len(rows) == 7 and all(n > 0 for _id, n in rows), rows


def test_group_tasks_become_one_assignment_per_district(demo_db):
    with demo_db.session() as s:
        group = s.scalar(select(Unit).where(Unit.name == "UBND các huyện, thị xã, thành phố"))
        members = set(s.scalars(select(UnitGroupMember.member_id).where(UnitGroupMember.group_id == group.id)))
        assert len(members) == 11
        task = _tasks(_plan_of_14_august(s))["II.1.3"]
        via_group = {a.unit_id for a in task.assignments if a.via_group_id == group.id}
        assert via_group == members
        names = {a.unit.name for a in task.assignments}
        assert {"Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Sở Giao thông vận tải", "Sở Y tế",
                "UBND huyện Bù Đăng"} <= names


def test_requested_units_keep_de_nghi(demo_db):
    with demo_db.session() as s:
        task = _tasks(_plan_of_14_august(s))["II.4.4"]
        modes = {a.unit.name: a.mode for a in task.assignments}
    assert modes["Ban Tuyên giáo Tỉnh ủy"] == "de_nghi"
    assert modes["Sở Thông tin và Truyền thông"] == "giao"


def test_unit_history_keeps_the_2025_merger(demo_db):
    with demo_db.session() as s:
        old = s.scalar(select(Unit).where(Unit.name == "Sở Kế hoạch và Đầu tư"))
        chain = [u.name for u in unit_history(s, old)]
        assert chain[0] == "Sở Kế hoạch và Đầu tư" and chain[-1] == "Sở Tài chính"
        assert old.valid_to == dt.date(2025, 2, 28)
        # Past tasks keep the name they were given.
        names = set(s.scalars(select(Unit.name).join(Assignment, Assignment.unit_id == Unit.id)))
        assert "Sở Kế hoạch và Đầu tư" in names


def _dump(db: Database) -> dict:
    with db.session() as s:
        key = {a.id: (a.task.directive.title, a.task.path, a.unit.name, a.unit.key or "")
               for a in s.scalars(select(Assignment))}
        return {
            "checkins": sorted((key[c.assignment_id], c.reported_on, c.status, c.progress, c.completed_on,
                                c.result, c.difficulties, c.proposals, c.reference)
                               for c in s.scalars(select(Checkin))),
            "decisions": sorted((key[d.assignment_id], d.decided_on, d.decision, d.reason)
                                for d in s.scalars(select(Confirmation))),
            "extensions": sorted((key[e.assignment_id], e.new_due, e.status, e.decided_on)
                                 for e in s.scalars(select(Extension))),
        }


def test_the_generator_is_deterministic(demo_db, tmp_path):
    other = Database(sqlite_url(tmp_path / "again.sqlite3"))
    upgrade(other.engine)
    build_demo(other, os_user="someone-else")
    assert _dump(other) == _dump(demo_db)
    other.dispose()


def test_the_plans_history_spans_august_to_december_2021(demo_db):
    with demo_db.session() as s:
        plan = _plan_of_14_august(s)
        first, last = s.execute(select(func.min(Checkin.reported_on), func.max(Checkin.reported_on))
                                .join(Assignment).join(Task).where(Task.directive_id == plan.id)).one()
    assert first >= dt.date(2021, 8, 14) and first.month == 8
    assert last.month == 12 and last.year == 2021


def test_later_directives_run_their_own_history(demo_db):
    """A directive received after the demo's day has a history of its own, after it arrived."""
    with demo_db.session() as s:
        d = s.scalar(select(Directive).where(Directive.number_text == "855/QĐ-UBND"))
        first, last = s.execute(select(func.min(Checkin.reported_on), func.max(Checkin.reported_on))
                                .join(Assignment).join(Task).where(Task.directive_id == d.id)).one()
        assigned = set(s.scalars(select(Assignment.assigned_on).join(Task).where(Task.directive_id == d.id)))
    assert assigned == {dt.date(2022, 5, 13)}
    assert dt.date(2022, 5, 13) <= first and last > dt.date(2022, 7, 1)


def test_sở_y_tế_has_overdue_work_on_the_demo_day(demo_db):
    with demo_db.session() as s:
        rows = list_assignments(s, AssignmentFilter(unit="Sở Y tế", category="overdue"), DEMO_DAY)
    assert rows and all(r.unit_name == "Sở Y tế" for r in rows)


def test_registry_file_loads_every_unit_and_the_import_adds_the_clerks_new_ones(demo_db):
    data = json.loads(UNITS_FILE.read_text(encoding="utf-8"))
    imports = json.loads(DEMO_IMPORTS_FILE.read_text(encoding="utf-8"))["imports"]
    new = {c["new"] for i in imports for c in i["units"].values() if "new" in c}
    with demo_db.session() as s:
        keys = set(s.scalars(select(Unit.key).where(Unit.key.is_not(None))))
        assert keys == {u["key"] for u in data["units"] + data["groups"]}
        assert set(s.scalars(select(Unit.name).where(Unit.key.is_(None)))) == new


def test_work_left_open_on_the_demo_day_has_nothing_dated_after_it(demo_db):
    """So a clerk trying the demo on 01/09/2021 can report, confirm or extend any overdue,
    awaiting or returned assignment; the rest of the history runs on to December."""
    from core.services.checkins import _latest_fact_date

    with demo_db.session() as s:
        rows = list_assignments(s, AssignmentFilter(), DEMO_DAY)
        open_rows = [r for r in rows if r.standing.category is Category.OVERDUE
                     or r.standing.awaiting_confirmation or r.standing.returned]
        assert open_rows
        for r in open_rows:
            latest = _latest_fact_date(s, s.get(Assignment, r.id))
            assert latest is None or latest <= DEMO_DAY, (r.task_path, r.unit_name, latest)
        later = s.scalar(select(func.count()).select_from(Checkin).where(Checkin.reported_on > DEMO_DAY))
        assert later > 0


def test_groups_expand_to_the_members_of_the_directives_time(demo_db):
    """"Các sở, ban, ngành tỉnh" in 2021 means the 2021 departments, not those made in 2025."""
    with demo_db.session() as s:
        units = set(s.scalars(select(Unit).join(Assignment, Assignment.unit_id == Unit.id)))
    assert all(u.valid_from is None or u.valid_from <= dt.date(2021, 8, 14) for u in units)


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    from tui.cli import main

    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _directive_count(url: str) -> int:
    db = Database(url)
    try:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(Directive))
    finally:
        db.dispose()


def test_dondoc_demo_builds_into_the_database_named_by_db(db_url, capsys, monkeypatch):
    """`dondoc demo --db URL` fills that database (a file or a server), not the default demo
    file; a database holding data is kept unless --force; --if-missing leaves it as it is."""
    from db.engine import demo_database_path

    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = _cli(capsys, "demo", "--db", db_url)
    assert code == 0, err
    built = _directive_count(db_url)
    assert built >= 5 and "Xem: dondoc --db" in out.replace("\n", "")
    assert not demo_database_path().exists()

    code, out, err = _cli(capsys, "demo", "--db", db_url)
    assert code == 2 and out == "" and "đã có" in err and "--force" in err and "Traceback" not in err
    code, out, err = _cli(capsys, "demo", "--db", db_url, "--if-missing")
    assert code == 0 and "giữ nguyên" in out
    assert _directive_count(db_url) == built
    code, out, err = _cli(capsys, "demo", "--db", db_url, "--force")
    assert code == 0, err
    assert _directive_count(db_url) == built


def test_a_demo_build_that_fails_leaves_no_half_built_workspace(db_url, capsys, monkeypatch):
    from core import demo
    from core.errors import ValidationError
    from core.generate import existing_rows

    def fail(self, directive_ids):
        raise ValidationError("Dừng giữa chừng (kiểm thử).")

    monkeypatch.setattr(demo.HistoryGenerator, "run", fail)
    code, out, err = _cli(capsys, "demo", "--db", db_url)
    assert code == 2 and "Dừng giữa chừng" in err
    db = Database(db_url)
    try:
        assert not any(existing_rows(db).values())  # units and seeds were written, then undone
    finally:
        db.dispose()
    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///"))
        assert path.exists() and not path.with_name(path.name + ".new").exists()
