"""core.services.importing: plan a file against the workspace, commit the clerk's choices in one
transaction. Every test runs on each backend (SQLite, and PostgreSQL when configured)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.demo import add_clerks, load_json, load_units, UNITS_FILE
from core.errors import PermissionDeniedError, ValidationError
from core.importer import import_file, parse_text
from core.models import (
    Assignment,
    AuditEntry,
    Checkin,
    Confirmation,
    Deadline,
    Directive,
    Extension,
    Task,
    Unit,
)
from core.services.importing import (
    ImportChoices,
    ImportChoicesError,
    TaskChoice,
    UnitChoice,
    commit_import,
    plan_draft,
    plan_import,
    unresolved_problems,
)
from tests.conftest import workspace

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SEED = {p.name[:3]: p for p in SEEDS.glob("*.txt")}
DAY = dt.date(2021, 9, 1)

SHORT = """ỦY BAN NHÂN DÂN
TỈNH BÌNH PHƯỚC
Số: 1520/KH-UBND
Bình Phước, ngày 20 tháng 9 năm 2021

KẾ HOẠCH
Kiểm tra phòng cháy, chữa cháy tại các chợ năm 2021

I. NHIỆM VỤ
1. Công an tỉnh chủ trì, phối hợp với Sở Công Thương kiểm tra an toàn phòng cháy tại các chợ, hoàn thành trước ngày 30/10/2021.
2. Sở Tìa chính chủ trì bố trí kinh phí kiểm tra; hoàn thành trong tháng 10/2021.
3. Giao UBND các huyện, thị xã, thành phố tuyên truyền cho tiểu thương.
II. TỔ CHỨC THỰC HIỆN
Định kỳ ngày 15 và 30 hàng tháng báo cáo kết quả về UBND tỉnh.
"""


@pytest.fixture
def units_db(db):
    """Bình Phước's units and the demo clerks ("tester" is an administrator); no directive."""
    with db.session() as s:
        units = load_units(s, load_json(UNITS_FILE))
        add_clerks(s, units, "tester")
    return db


def counts(db) -> dict[str, int]:
    with db.session() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (Directive, Task, Assignment, Unit, Deadline, Checkin, Confirmation, Extension, AuditEntry)}


def short_plan(db, text: str = SHORT, user: str = "tester"):
    ws = workspace(db, DAY, user)
    return ws, plan_draft(ws, parse_text(text, "kh_1520.txt"), "kh_1520.txt")


def all_new(plan) -> ImportChoices:
    return ImportChoices(units={p.name: UnitChoice.new() for p in plan.problems})


# --- planning ---------------------------------------------------------------------------------


def test_plan_resolves_units_and_offers_the_closest_for_a_misspelt_one(units_db):
    _ws, plan = short_plan(units_db)
    assert [d.title for d in plan.documents] == ["Kế hoạch 1520/KH-UBND"]
    assert plan.documents[0].update is None
    [problem] = plan.problems
    assert problem.name == "Sở Tìa chính" and problem.kind == "unknown"
    # the department valid on the document's date comes first (another of that name exists from 2025)
    assert problem.suggestions[0].name == "Sở Tài chính"
    assert problem.suggestions[0].label == "Sở Tài chính (đến 28/02/2025)" and len(problem.suggestions) <= 5
    assert problem.tasks == [(0, "I.2")]
    task = plan.task(0, "I.2")
    assert task.units[0].unit_id is None and "lead" in task.uncertain and "Sở Tìa chính" in task.reasons["lead"]
    group = plan.task(0, "I.3").units[0]
    assert group.unit_name == "UBND các huyện, thị xã, thành phố" and group.members == 11
    assert plan.task(0, "I.3").uncertain == ["deadline"] and plan.task(0, "I.3").reasons["deadline"]


@pytest.mark.parametrize("seed", sorted(SEED))
def test_plan_every_seed(units_db, seed):
    ws = workspace(units_db, DAY)
    before = counts(units_db)
    plan = plan_import(ws, SEED[seed])
    draft = import_file(SEED[seed])
    assert [len(d.tasks) for d in plan.documents] == [len(d.tasks) for d in draft.documents]
    assert all(len(p.suggestions) <= 5 and p.tasks for p in plan.problems)
    named = {n for t in plan.tasks for n in t.node.lead + t.node.coordinating}
    assert {p.name for p in plan.problems} <= named
    for t in plan.tasks:
        for u in t.units:
            assert (u.unit_id is None) == (plan.problem(u.name) is not None)
    assert counts(units_db) == before  # planning writes nothing


def test_plan_seed_003_keeps_the_bundle(units_db):
    plan = plan_import(workspace(units_db, DAY), SEED["003"])
    assert [(d.title, d.bundled_in) for d in plan.documents] == [
        ("Công văn 10822/UBND-KGVX", None), ("Kết luận 13-KL/BCĐ", 0), ("Kết luận 14-KL/BCĐ", 0)]
    problem = plan.problem("Ban Quản lý các Khu công nghiệp Đồng Nai")
    assert problem.suggestions[0].name == "Ban Quản lý Khu kinh tế"


def test_plan_marks_the_stored_plan_as_an_update(demo_db):
    plan = plan_import(workspace(demo_db, DAY), SEED["002"])
    [doc] = plan.documents
    assert doc.update is not None and doc.update.directive_id == 1
    assert len(doc.update.matched) == 55 and doc.update.added == [] and doc.update.missing == []


# --- committing -------------------------------------------------------------------------------


def test_commit_stores_the_clerks_choices(units_db):
    ws, plan = short_plan(units_db)
    stc = next(o.unit_id for o in plan.problems[0].suggestions if o.name == "Sở Tài chính")
    choices = ImportChoices(units={"Sở Tìa chính": UnitChoice.map_to(stc)}, tasks={
        (0, "I.1"): TaskChoice(text="Kiểm tra an toàn phòng cháy tại 12 chợ.",
                               coordinating="Sở Công Thương; Sở Y tế", deadline_phrase="trước ngày 15/11/2021"),
        (0, "I.3"): TaskChoice(accepted=False),
    })
    result = commit_import(ws, plan, choices)
    [stored] = result.documents
    assert not stored.updated and stored.tasks == 2 and stored.assignments == 4 and result.tasks_dropped == 1
    with units_db.session() as s:
        d = s.get(Directive, stored.directive_id)
        assert (d.number_text, d.issuer, d.signed_on, d.reporting_cycle) == (
            "1520/KH-UBND", "UBND tỉnh Bình Phước", dt.date(2021, 9, 20), "semi_monthly")
        tasks = {t.path: t for t in d.tasks}
        assert set(tasks) == {"I", "I.1", "I.2"} and tasks["I.1"].parent is tasks["I"]
        t1 = tasks["I.1"]
        assert t1.text == "Kiểm tra an toàn phòng cháy tại 12 chợ."
        assert (t1.deadline.kind, t1.deadline.due, t1.deadline.phrase) == (
            "date", dt.date(2021, 11, 14), "trước ngày 15/11/2021")
        roles = {(a.unit.name, a.role) for a in t1.assignments}
        assert roles == {("Công an tỉnh", "lead"), ("Sở Công Thương", "coordinating"), ("Sở Y tế", "coordinating")}
        [a2] = tasks["I.2"].assignments
        assert a2.unit_id == stc and a2.role == "lead" and a2.assigned_on == dt.date(2021, 9, 20)
        assert a2.deadline.due == dt.date(2021, 10, 31)
        # the audit log names the clerk who imported
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "directives",
                                                   AuditEntry.entity_id == str(d.id))).all()
        assert audit and audit[0].os_user == "tester" and audit[0].clerk_id is not None


def test_new_unit_and_dropped_name(units_db):
    ws, plan = short_plan(units_db)
    result = commit_import(ws, plan, all_new(plan))
    assert result.units_created == ["Sở Tìa chính"]
    with units_db.session() as s:
        unit = s.scalar(select(Unit).where(Unit.name == "Sở Tìa chính"))
        assert unit.kind == "other"
        assert s.scalar(select(func.count()).select_from(Assignment).where(Assignment.unit_id == unit.id)) == 1

    ws, plan = short_plan(units_db, SHORT.replace("1520/KH", "1521/KH"))
    before = counts(units_db)
    result = commit_import(ws, plan, ImportChoices(units={"Sở Tìa chính": UnitChoice.drop()}))
    assert result.units_created == [] and any("I.2" in w for w in result.warnings)
    # signed after the day the clerk is working on: told why it is not listed on that day
    assert any("ký ngày 20/09/2021, sau ngày đang xem" in w for w in result.warnings)
    with units_db.session() as s:
        task = s.scalar(select(Task).where(Task.directive_id == result.documents[0].directive_id,
                                           Task.path == "I.2"))
        assert task.assignments == []  # kept, with no unit to follow up
    assert counts(units_db)["units"] == before["units"]


def test_unknown_units_stop_the_commit_and_nothing_is_written(units_db):
    ws, plan = short_plan(units_db)
    before = counts(units_db)
    with pytest.raises(ImportChoicesError) as err:
        commit_import(ws, plan, ImportChoices())
    assert "«Sở Tìa chính»" in str(err.value) and "Sở Tài chính" in str(err.value)
    assert [p.name for p in err.value.problems] == ["Sở Tìa chính"]
    assert counts(units_db) == before
    # a task that is dropped no longer needs its unknown unit
    dropped = ImportChoices(tasks={(0, "I.2"): TaskChoice(accepted=False)})
    assert unresolved_problems(plan, dropped) == []


def test_a_failure_midway_leaves_nothing_written(units_db):
    ws = workspace(units_db, DAY)
    plan = plan_import(ws, SEED["003"])
    before = counts(units_db)
    choices = all_new(plan)
    # the last document fails after the cover letter and the first conclusions are stored
    ref = plan.documents[2].tasks[-1].ref
    choices.tasks[(2, ref)] = TaskChoice(lead="Đơn vị không hề có")
    with pytest.raises(ValidationError, match="Đơn vị không hề có"):
        commit_import(ws, plan, choices)
    assert counts(units_db) == before


def test_bundled_documents_link_to_the_cover_letter(units_db):
    ws = workspace(units_db, DAY)
    plan = plan_import(ws, SEED["003"])
    with units_db.session() as s:
        group = s.scalar(select(Unit).where(Unit.name == "UBND các huyện, thị xã, thành phố"))
    choices = all_new(plan)
    choices.units["UBND các huyện, thành phố"] = UnitChoice.map_to(group.id)
    result = commit_import(ws, plan, choices)
    cover, kl13, kl14 = result.documents
    assert (cover.tasks, kl13.tasks, kl14.tasks) == (13, 4, 8)
    assert "UBND các huyện, thành phố" not in result.units_created
    with units_db.session() as s:
        assert s.get(Directive, cover.directive_id).parent_id is None
        assert s.get(Directive, kl13.directive_id).parent_id == cover.directive_id
        assert s.get(Directive, kl14.directive_id).parent_id == cover.directive_id
        stored = s.scalar(select(func.count()).select_from(Assignment).join(Task).where(
            Task.directive_id.in_([cover.directive_id, kl13.directive_id, kl14.directive_id])))
        assert stored == result.assignments
        via = s.scalar(select(func.count()).select_from(Assignment).where(Assignment.via_group_id == group.id))
        assert via > 0 and via % 11 == 0  # the group: one assignment per district


def test_only_the_office_may_import(units_db):
    for user, role in (("syt.binh", "cán bộ đơn vị"), ("xem.tuan", "chỉ xem")):
        ws, plan = short_plan(units_db, user=user)
        with pytest.raises(PermissionDeniedError) as err:
            commit_import(ws, plan, all_new(plan))
        assert "Văn phòng" in str(err.value) and role in str(err.value)
    ws, plan = short_plan(units_db, user="vp.ha")
    assert commit_import(ws, plan, all_new(plan)).documents[0].tasks == 3


def test_undated_document_is_found_again_by_type_issuer_and_summary(units_db):
    ws = workspace(units_db, DAY)
    plan = plan_import(ws, SEED["004"])
    assert plan.documents[0].draft.number is None and plan.documents[0].draft.signed_on is None
    first = commit_import(ws, plan, all_new(plan))
    with units_db.session() as s:
        a = s.scalar(select(Assignment).join(Task).where(Task.directive_id == first.documents[0].directive_id))
        assert a.assigned_on == DAY  # undated: the business date
    again = plan_import(ws, SEED["004"])
    assert again.documents[0].update.directive_id == first.documents[0].directive_id
    assert again.problems == []  # the units created the first time are known now


# --- updating a stored directive ----------------------------------------------------------------


def _reported_and_silent_tasks(db) -> tuple[str, str]:
    """A task of the plan with check-ins, and one with no history at all (made so, if the
    generated history reported on every task: its facts are removed first)."""
    with db.session() as s:
        reported = set(s.scalars(select(Task.path).join(Assignment).join(
            Checkin, Checkin.assignment_id == Assignment.id).where(Task.directive_id == 1)))
        paths = s.scalars(select(Task.path).where(Task.directive_id == 1, Task.kind == "task")
                          .order_by(Task.position)).all()
        children = {p.rsplit("-", 1)[0] for p in paths if "-" in p}
        first = sorted(reported)[0]
        silent = next(p for p in reversed(paths) if p not in children and p != first)
        ids = s.scalars(select(Assignment.id).join(Task).where(Task.directive_id == 1, Task.path == silent)).all()
        for model in (Confirmation, Extension, Checkin):
            for row in s.scalars(select(model).where(model.assignment_id.in_(ids))):
                s.delete(row)
            s.flush()
    return first, silent


def test_update_never_duplicates_and_keeps_what_was_reported(demo_db):
    ws = workspace(demo_db, DAY)
    plan = plan_import(ws, SEED["002"])
    choices = ImportChoices(units={p.name: UnitChoice.drop() for p in plan.problems})
    before = counts(demo_db)
    with pytest.raises(ValidationError, match="đã có trong cơ sở dữ liệu"):
        commit_import(ws, plan, choices)  # not allowed to update
    assert counts(demo_db) == before

    reported, silent = _reported_and_silent_tasks(demo_db)
    before = counts(demo_db)
    choices.update = True
    choices.tasks[(0, reported)] = TaskChoice(accepted=False)
    choices.tasks[(0, silent)] = TaskChoice(accepted=False)
    choices.tasks[(0, "II.1.3")] = TaskChoice(deadline_phrase="trước ngày 30/9/2021")
    with demo_db.session() as s:
        checkins = {c.id: c.assignment_id for c in s.scalars(select(Checkin))}
    result = commit_import(ws, plan, choices)
    [stored] = result.documents
    assert stored.updated and stored.directive_id == 1
    assert reported in stored.tasks_kept and silent in stored.tasks_removed
    assert "II.1.3" in stored.tasks_changed
    after = counts(demo_db)
    assert after["directives"] == before["directives"]
    assert after["checkins"] == before["checkins"] and after["confirmations"] == before["confirmations"]
    with demo_db.session() as s:
        # every assignment that was reported on is still there, with its check-ins
        assert set(s.scalars(select(Checkin.assignment_id))) == set(checkins.values())
        assert s.scalar(select(func.count()).select_from(Task).where(Task.directive_id == 1, Task.path == silent)) == 0
        t = s.scalar(select(Task).where(Task.directive_id == 1, Task.path == "II.1.3"))
        assert t.deadline.due == dt.date(2021, 9, 29)
        assert {a.deadline_id for a in t.assignments} >= {t.deadline_id}
        # no deadline row is left that nothing uses
        used = set(s.scalars(select(Task.deadline_id))) | set(s.scalars(select(Assignment.deadline_id)))
        assert set(s.scalars(select(Deadline.id))) <= used

    # importing the same file again changes nothing more and adds no directive
    plan = plan_import(ws, SEED["002"])
    again = commit_import(ws, plan, ImportChoices(units={p.name: UnitChoice.drop() for p in plan.problems},
                                                  tasks={(0, reported): TaskChoice(accepted=False),
                                                         (0, silent): TaskChoice(accepted=False),
                                                         (0, "II.1.3"): TaskChoice(
                                                             deadline_phrase="trước ngày 30/9/2021")},
                                                  update=True))
    assert again.documents[0].tasks_changed == [] and again.documents[0].tasks_removed == []
    assert again.documents[0].assignments == 0
    assert counts(demo_db)["directives"] == before["directives"]


def test_update_adds_new_tasks_and_changes_units(units_db):
    ws, plan = short_plan(units_db)
    first = commit_import(ws, plan, all_new(plan)).documents[0]
    changed = SHORT.replace("phối hợp với Sở Công Thương", "phối hợp với Sở Y tế").replace(
        "II. TỔ CHỨC", "4. Sở Thông tin và Truyền thông chủ trì đưa tin về kết quả kiểm tra.\nII. TỔ CHỨC")
    ws, plan = short_plan(units_db, changed)
    assert plan.documents[0].update.added == ["I.4"]
    result = commit_import(ws, plan, ImportChoices(update=True)).documents[0]
    assert result.directive_id == first.directive_id and result.tasks_added == ["I.4"]
    assert result.tasks_changed == ["I.1"] and result.assignments == 2 and result.assignments_removed == 1
    with units_db.session() as s:
        t = s.scalar(select(Task).where(Task.directive_id == first.directive_id, Task.path == "I.1"))
        assert {a.unit.name for a in t.assignments} == {"Công an tỉnh", "Sở Y tế"}
