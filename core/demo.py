"""The demo workspace: Bình Phước's units, clerks, the five seed documents imported through
the importer as an Office clerk would (fixtures/demo_imports.json records the day each was
received and the clerk's decision for every unit name the registry does not know), and a
deterministic history of check-ins, decisions and extensions in which every category and flag
occurs on the demo's day (01/09/2021, in the plan of 14/08/2021 — seed 002).

Deterministic: the same fixtures always give the same database (a seeded RNG per
assignment, keyed by directive, task path and unit, never by row ids or wall-clock time).
"""
from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core.models import (
    Assignment,
    Checkin,
    Clerk,
    Confirmation,
    Extension,
    Role,
    Setting,
    Task,
    Unit,
    UnitAlias,
    UnitGroupMember,
)
from core.fact_states import deferred_states
from core.periods import get_cycle, periods_between
from core.services.directives import StoredDirective, store_directive
from core.services.importing import ImportChoices, ImportResult, UnitChoice, commit_import, plan_import
from core.services.units import resolver
from core.services.workspace import SETTING_TODAY, Workspace
from core.status import Category, CheckinFact, DecisionFact, ExtensionFact, History, standing
from db.engine import Database

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
UNITS_FILE = FIXTURES / "units_binh_phuoc.json"
SEED_002_FILE = FIXTURES / "seed_002.json"
DEMO_IMPORTS_FILE = FIXTURES / "demo_imports.json"
DEMO_TODAY = dt.date(2021, 9, 1)
HISTORY_END = dt.date(2021, 12, 31)
SEED = 2021
IMPORTING_CLERK = "vp.ha"  # the Office clerk who imports the seeds
# A directive received after the demo's day gets its own day on which some of its work is
# left open, this long after it arrived, and a history at least this long.
LATER_PIVOT = dt.timedelta(days=45)
HISTORY_SPAN = dt.timedelta(days=140)

# Demo clerks: OS user, display name, role, unit keys.
DEMO_CLERKS = [
    ("vp.ha", "Nguyễn Thị Thu Hà", Role.OFFICE, []),
    ("vp.nam", "Lê Hoài Nam", Role.OFFICE, []),
    ("syt.binh", "Trần Văn Bình", Role.UNIT, ["syt"]),
    ("ca.long", "Phạm Thành Long", Role.UNIT, ["ca_tinh"]),
    ("budang.mai", "Đỗ Thị Mai", Role.UNIT, ["ubnd_bu_dang"]),
    ("xem.tuan", "Hoàng Anh Tuấn", Role.VIEWER, []),
]


def load_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _date(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def load_units(s: Session, registry: dict[str, Any]) -> dict[str, Unit]:
    """Units and groups of a registry file; parents, successors, members linked by key."""
    by_key: dict[str, Unit] = {}
    rows = [(u, False) for u in registry["units"]] + [(g, True) for g in registry.get("groups", [])]
    for data, is_group in rows:
        unit = Unit(
            key=data["key"], name=data["name"], short_name=data.get("short_name"),
            kind="group" if is_group else data.get("kind", "other"), is_group=is_group,
            valid_from=_date(data.get("valid_from")), valid_to=_date(data.get("valid_to")),
            aliases=[UnitAlias(alias=a) for a in data.get("aliases", [])],
        )
        by_key[data["key"]] = unit
        s.add(unit)
    s.flush()
    for data, is_group in rows:
        unit = by_key[data["key"]]
        if data.get("parent"):
            unit.parent_id = by_key[data["parent"]].id
        if data.get("successor"):
            unit.successor_id = by_key[data["successor"]].id
        for member in data.get("members", []) if is_group else []:
            s.add(UnitGroupMember(group_id=unit.id, member_id=by_key[member].id))
    s.flush()
    return by_key


def load_directive(s: Session, path: Path) -> StoredDirective:
    return store_directive(s, load_json(path), resolver(s))


def add_clerks(s: Session, units: dict[str, Unit], os_user: str | None) -> list[Clerk]:
    clerks = []
    for user, name, role, unit_keys in DEMO_CLERKS:
        clerk = Clerk(os_user=user, display_name=name, role=role.value,
                      units=[units[k] for k in unit_keys])
        s.add(clerk)
        clerks.append(clerk)
    if os_user and os_user not in {c.os_user for c in clerks}:
        # Whoever builds the demo can try every action: an administrator of the Office.
        clerks.append(Clerk(os_user=os_user, display_name=f"Quản trị ({os_user})", role=Role.ADMIN.value))
        s.add(clerks[-1])
    s.flush()
    return clerks


@dataclass
class DemoSummary:
    units: int
    tasks: int
    assignments: int
    checkins: int
    decisions: int
    extensions: int


def build_demo(db: Database, *, os_user: str | None = None) -> DemoSummary:
    """Fill an empty, migrated database with the demo workspace, in three transactions: the
    registry and clerks; each seed through the importer; the history. (`dondoc demo` builds
    into a file beside its name and moves it in place only when complete.)"""
    with db.session() as s:
        # Audit rows carry the business date of what they record.
        s.info["actor"] = {"os_user": os_user, "business_date": dt.date(2021, 8, 14)}
        units = load_units(s, load_json(UNITS_FILE))
        add_clerks(s, units, os_user)
        s.add(Setting(key=SETTING_TODAY, value=DEMO_TODAY.isoformat()))
        unit_ids = {key: u.id for key, u in units.items()}
    directive_ids: list[int] = []
    for entry in load_json(DEMO_IMPORTS_FILE)["imports"]:
        result = import_seed(db, entry, unit_ids)
        directive_ids += [d.directive_id for d in result.documents]
    with db.session() as s:
        s.info["actor"] = {"os_user": os_user, "business_date": None}
        clerks = list(s.scalars(select(Clerk).order_by(Clerk.id)))
        counts = HistoryGenerator(s, clerks).run(directive_ids)
        tasks = s.scalar(select(func.count()).select_from(Task).where(Task.kind == "task"))
        assignments = s.scalar(select(func.count()).select_from(Assignment))
        unit_count = s.scalar(select(func.count()).select_from(Unit))
    return DemoSummary(units=unit_count, tasks=tasks, assignments=assignments, **counts)


def import_seed(db: Database, entry: dict[str, Any], unit_ids: dict[str, int]) -> ImportResult:
    """One seed through the importer, as the Office clerk on the day it was received, with
    the decisions recorded for the names the registry does not know."""
    ws = Workspace(db=db, today=dt.date.fromisoformat(entry["received_on"]), os_user=IMPORTING_CLERK)
    plan = plan_import(ws, FIXTURES / entry["file"])
    choices = ImportChoices(units={name: _unit_choice(c, unit_ids) for name, c in entry["units"].items()})
    return commit_import(ws, plan, choices)


def _unit_choice(choice: dict[str, Any], unit_ids: dict[str, int]) -> UnitChoice:
    if "map" in choice:
        return UnitChoice.map_to(unit_ids[choice["map"]])
    if "new" in choice:
        return UnitChoice.new(choice["new"])
    return UnitChoice.drop()


# --- the history generator -------------------------------------------------------------------

RESULTS = [
    "Đã ban hành văn bản chỉ đạo triển khai đến các đơn vị trực thuộc.",
    "Đã tổ chức họp triển khai, phân công cán bộ phụ trách từng nội dung.",
    "Đã xây dựng dự thảo, đang lấy ý kiến các đơn vị liên quan.",
    "Đã hoàn thành và báo cáo UBND tỉnh.",
    "Đang triển khai theo kế hoạch; đã thực hiện khoảng một nửa khối lượng công việc.",
    "Đã kiểm tra 12 chốt kiểm soát, chấn chỉnh 3 chốt chưa đảm bảo quy định.",
    "Đã trình UBND tỉnh phương án; chờ ý kiến chỉ đạo.",
]
DIFFICULTIES = [
    "",
    "",
    "Thiếu nhân lực do nhiều cán bộ đang cách ly y tế.",
    "Kinh phí chưa được bố trí kịp thời.",
    "Số liệu từ các xã gửi về chậm, chưa đầy đủ.",
    "Vật tư, trang thiết bị y tế chưa được cấp đủ.",
]
PROPOSALS = [
    "",
    "",
    "Đề nghị Sở Tài chính sớm thẩm định, bố trí kinh phí.",
    "Đề nghị UBND tỉnh gia hạn thời gian thực hiện.",
    "Đề nghị tăng cường lực lượng hỗ trợ từ các huyện lân cận.",
]
RETURN_REASONS = [
    "Báo cáo chưa kèm văn bản chứng minh kết quả; đề nghị bổ sung.",
    "Phương án chưa đáp ứng yêu cầu của Kế hoạch; đề nghị hoàn thiện lại.",
    "Số liệu chưa khớp với báo cáo của Sở Y tế; đề nghị rà soát.",
]

# Scenarios for assignments with a due date; chosen round-robin after a seeded shuffle so
# every one occurs, and weighted towards the realistic ones.
DATED_SCENARIOS = [
    "on_time", "on_time", "on_time", "late", "late", "awaiting", "returned", "extended",
    "extended_soon", "stalled", "stalled", "silent", "returned_then_done", "on_time_late_confirm",
]
OPEN_SCENARIOS = ["progress", "progress", "done", "silent", "awaiting_open"]


@dataclass
class _Fact:
    """A generated fact, held until the assignment's history is complete."""
    kind: str                 # checkin | decide | extension
    on: dt.date
    values: dict[str, Any]
    checkin: _Fact | None = None  # for a decision: the check-in it decides on
    row: Any = None


class HistoryGenerator:
    """Writes a plausible history per assignment. Each directive has a pivot day: the demo's
    day for those received before it, some weeks after arrival for the others. Assignments
    still open for the clerk on that day (overdue, awaiting confirmation or returned) get
    nothing dated after it, so a clerk trying the demo on that day can act on them; the others
    run on to the end of the directive's history (December 2021 for the plan of 14/08/2021)."""

    def __init__(self, s: Session, clerks: list[Clerk]):
        self.s = s
        self.office = [c for c in clerks if c.role == Role.OFFICE.value]
        self.unit_clerks = {u.id: c for c in clerks if c.role == Role.UNIT.value for u in c.units}
        self.counts = {"checkins": 0, "decisions": 0, "extensions": 0}
        self.facts: list[_Fact] = []
        self.pending: list[tuple[Assignment, _Fact]] = []
        self.pivot = DEMO_TODAY
        self.end = HISTORY_END

    def run(self, directive_ids: list[int]) -> dict[str, int]:
        with deferred_states(self.s):  # one rebuild at the end, not one per check-in
            for directive_id in directive_ids:
                self._directive(directive_id)
            self._write_all()
        return self.counts

    def _directive(self, directive_id: int) -> None:
        q = (select(Assignment).join(Task).join(Unit, Unit.id == Assignment.unit_id)
             .where(Task.directive_id == directive_id)
             .options(selectinload(Assignment.deadline), selectinload(Assignment.task),
                      selectinload(Assignment.unit))
             .order_by(Task.position, Unit.sort_key))
        assignments = list(self.s.scalars(q))
        if not assignments:
            return
        tag = assignments[0].task.directive.title
        start = min(a.assigned_on for a in assignments)
        self.pivot = DEMO_TODAY if start <= DEMO_TODAY else start + LATER_PIVOT
        self.end = max(HISTORY_END, start + HISTORY_SPAN)
        dated = [a for a in assignments if a.deadline.kind == "date"]
        order = random.Random(f"{SEED}:{tag}").sample(range(len(dated)), len(dated))
        plan = {dated[i].id: DATED_SCENARIOS[n % len(DATED_SCENARIOS)] for n, i in enumerate(order)}
        for a in assignments:
            rng = random.Random(f"{SEED}:{tag}:{a.task.path}:{a.unit.key or a.unit.name}")
            self.facts = []
            if a.deadline.kind == "recurring":
                self._recurring(a, rng)
            elif a.deadline.kind == "date":
                self._dated(a, rng, plan[a.id])
            else:
                self._open(a, rng, rng.choice(OPEN_SCENARIOS))
            self._keep(a)

    def _keep(self, a: Assignment) -> None:
        facts = self.facts
        if self._open_on_demo_day(a, facts):
            facts = [f for f in facts if f.on <= self.pivot]
        self.pending += [(a, f) for f in facts]

    def _write_all(self) -> None:
        """Every fact in date order, one flush per day and kind: audit rows carry the business
        date of what they record, and a decision needs its check-in's id (always earlier)."""
        order = {"checkin": 0, "extension": 1, "decide": 2}
        self.pending.sort(key=lambda p: (p[1].on, order[p[1].kind]))
        batch: tuple[dt.date, int] | None = None
        for a, f in self.pending:
            if batch != (f.on, order[f.kind]):
                self.s.flush()
                batch = (f.on, order[f.kind])
                self.s.info.setdefault("actor", {})["business_date"] = f.on
            if f.kind == "checkin":
                f.row = Checkin(assignment_id=a.id, reported_on=f.on, **f.values)
                self.s.add(f.row)
                self.counts["checkins"] += 1
            elif f.kind == "decide":
                self.s.add(Confirmation(assignment_id=a.id, checkin_id=f.checkin.row.id, decided_on=f.on,
                                        **f.values))
                self.counts["decisions"] += 1
            else:
                self.s.add(Extension(assignment_id=a.id, decided_on=f.on, **f.values))
                self.counts["extensions"] += 1
        self.s.flush()
        self.pending = []

    def _open_on_demo_day(self, a: Assignment, facts: list[_Fact]) -> bool:
        checkins = [f for f in facts if f.kind == "checkin"]
        history = History(
            kind=a.deadline.kind, due=a.deadline.due,
            checkins=tuple(CheckinFact(i, f.on, f.values["status"], f.values["completed_on"])
                           for i, f in enumerate(checkins)),
            decisions=tuple(DecisionFact(i, checkins.index(f.checkin), f.on, f.values["decision"])
                            for i, f in enumerate(facts) if f.kind == "decide"),
            extensions=tuple(ExtensionFact(i, f.values["new_due"], "granted", f.on)
                             for i, f in enumerate(facts) if f.kind == "extension"),
        )
        st = standing(history, self.pivot)
        return st.category is Category.OVERDUE or st.awaiting_confirmation or st.returned

    # helpers
    def _clerk(self, a: Assignment, rng: random.Random) -> Clerk:
        return self.unit_clerks.get(a.unit_id) or rng.choice(self.office)

    def _checkin(self, a, rng, on, status, progress, completed_on=None) -> _Fact | None:
        if on > self.end:  # the directive's history stops here
            return None
        fact = _Fact("checkin", on, dict(
            completed_on=completed_on, clerk_id=self._clerk(a, rng).id,
            status=status, progress=progress, result=rng.choice(RESULTS) if status != "not_started" else "",
            difficulties=rng.choice(DIFFICULTIES), proposals=rng.choice(PROPOSALS),
            reference=f"Báo cáo số {rng.randint(10, 990)}/BC-{(a.unit.short_name or 'ĐV')[:12]} "
                      f"ngày {on.day:02d}/{on.month:02d}/{on.year}",
        ))
        self.facts.append(fact)
        return fact

    def _decide(self, a, rng, ci, on, decision, reason="") -> None:
        if ci is None or on > self.end:
            return
        self.facts.append(_Fact("decide", on, dict(decision=decision, reason=reason,
                                                   clerk_id=rng.choice(self.office).id), checkin=ci))

    def _extension(self, a, rng, requested_on, new_due, granted_on) -> None:
        if granted_on > self.end:
            return
        self.facts.append(_Fact("extension", granted_on, dict(
            new_due=new_due, reason="Khối lượng công việc lớn, cần thêm thời gian.", status="granted",
            requested_on=requested_on, requested_by=self._clerk(a, rng).id,
            decided_by=rng.choice(self.office).id, decision_note="Đồng ý gia hạn.")))

    # scenarios
    def _dated(self, a: Assignment, rng: random.Random, scenario: str) -> None:
        start = a.assigned_on
        due = a.deadline.due
        first = start + dt.timedelta(days=rng.randint(1, 3))
        if scenario == "silent":
            return
        self._checkin(a, rng, first, "in_progress", rng.choice([10, 20, 30]))
        if scenario == "stalled":
            mid = max(first + dt.timedelta(days=3), due + dt.timedelta(days=rng.randint(5, 20)))
            self._checkin(a, rng, mid, "blocked", rng.choice([40, 50, 60]))
            return
        if scenario in ("extended", "extended_soon"):
            asked = max(first, due - dt.timedelta(days=1))
            if scenario == "extended_soon":
                new_due = self.pivot + dt.timedelta(days=rng.randint(1, 5))
            else:
                new_due = due + dt.timedelta(days=rng.randint(20, 40))
            self._extension(a, rng, asked, new_due, asked + dt.timedelta(days=1))
            done = new_due - dt.timedelta(days=rng.randint(0, 3))
            done = max(done, self.pivot + dt.timedelta(days=1))
            ci = self._checkin(a, rng, done, "done", 100, completed_on=done)
            self._decide(a, rng, ci, done + dt.timedelta(days=2), "confirm")
            return
        if scenario in ("on_time", "on_time_late_confirm", "awaiting", "returned", "returned_then_done"):
            done = min(due, first + dt.timedelta(days=rng.randint(0, 4)))
            done = max(done, first)
        else:  # late
            done = due + dt.timedelta(days=rng.randint(3, 25))
        ci = self._checkin(a, rng, done, "done", 100, completed_on=done)
        if scenario == "awaiting":
            if done > self.pivot:  # make sure it is still awaiting on the demo's day
                return
            self._decide(a, rng, ci, self.pivot + dt.timedelta(days=rng.randint(10, 30)), "confirm")
            return
        if scenario in ("returned", "returned_then_done"):
            back = done + dt.timedelta(days=2)
            self._decide(a, rng, ci, back, "return", rng.choice(RETURN_REASONS))
            if scenario == "returned":
                self._checkin(a, rng, back + dt.timedelta(days=3), "in_progress", 80)
                return
            redo = back + dt.timedelta(days=rng.randint(15, 30))
            ci = self._checkin(a, rng, redo, "done", 100, completed_on=redo)
            self._decide(a, rng, ci, redo + dt.timedelta(days=1), "confirm")
            return
        lag = rng.randint(20, 40) if scenario == "on_time_late_confirm" else rng.randint(1, 4)
        self._decide(a, rng, ci, done + dt.timedelta(days=lag), "confirm")

    def _open(self, a: Assignment, rng: random.Random, scenario: str) -> None:
        if scenario == "silent":
            return
        on = a.assigned_on + dt.timedelta(days=rng.randint(2, 10))
        self._checkin(a, rng, on, "in_progress", rng.choice([20, 40, 60]))
        if scenario == "progress":
            self._checkin(a, rng, on + dt.timedelta(days=rng.randint(20, 60)), "in_progress", 80)
            return
        done = on + dt.timedelta(days=rng.randint(5, 40))
        ci = self._checkin(a, rng, done, "done", 100, completed_on=done)
        if scenario == "done":
            self._decide(a, rng, ci, done + dt.timedelta(days=rng.randint(1, 5)), "confirm")

    def _recurring(self, a: Assignment, rng: random.Random) -> None:
        # A report in most periods of the directive's cycle; some skipped, so "not reported"
        # occurs.
        diligence = rng.choice([0.9, 0.7, 0.5, 0.3])
        cycle = get_cycle(a.task.directive.reporting_cycle)
        for period in periods_between(cycle, a.assigned_on, self.end):
            if rng.random() >= diligence:
                continue
            on = max(period.start, a.assigned_on, period.end - dt.timedelta(days=rng.randint(0, 3)))
            self._checkin(a, rng, on, "in_progress", None)
