"""The synthetic workspace generator (core/generate.py, `dondoc gen`), at the tiny scale, on
each backend: counts, the rules the services enforce, every deadline kind and category on the
workspace's day, derived columns as the ORM computes them, determinism, and the CLI.

province and region are too big for the suite; they are run and measured by hand
(`dondoc gen --scale province --db sqlite:////tmp/gen-province.sqlite`)."""
from __future__ import annotations

import collections
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from core.deadlines import parse_deadline, parse_period
from core.docnumber import parse_doc_number
from core.errors import ValidationError
from core.generate import GENERATED_TABLES, SCALES, SETTING_TODAY, TODAY, Scale, generate
from core.models import (
    Assignment,
    Base,
    Checkin,
    Clerk,
    Confirmation,
    Deadline,
    Directive,
    Extension,
    Setting,
    Task,
    Unit,
    UnitAlias,
)
from core.periods import cycle_from_phrase
from core.services.assignments import period_starts
from core.status import (
    Category,
    CheckinFact,
    DecisionFact,
    ExtensionFact,
    History,
    classified_query,
    standing,
    standing_from_row,
)
from core.text import fold, nfc, sort_key
from db.engine import Database, sqlite_url
from db.migrate import upgrade
from tui.cli import main

SEED = 7
TINY = SCALES["tiny"]


@pytest.fixture
def tiny(db):
    counts = generate(db, "tiny", seed=SEED)
    return db, counts


def _count(conn, table: str) -> int:
    return conn.execute(select(func.count()).select_from(Base.metadata.tables[table])).scalar_one()


def _zero(conn, sql: str) -> None:
    n = conn.execute(text(f"select count(*) from ({sql}) x")).scalar_one()
    assert n == 0, sql


# --- counts -----------------------------------------------------------------------------------


def test_counts_match_the_tables_and_the_tiny_targets(tiny):
    db, counts = tiny
    with db.engine.connect() as conn:
        for table in GENERATED_TABLES:
            assert counts[table] == _count(conn, table), table
        task_nodes = conn.execute(select(func.count()).select_from(Task).where(Task.kind == "task")).scalar_one()
        audit = _count(conn, "audit_log")
    assert counts["task_nodes"] == task_nodes
    assert 15 <= counts["units"] <= 25 and counts["directives"] == TINY.directives
    assert 0.9 * TINY.tasks <= task_nodes <= 1.1 * TINY.tasks
    assert counts["tasks"] > task_nodes  # section nodes too
    assert 0.85 * TINY.assignments <= counts["assignments"] <= 1.15 * TINY.assignments
    assert 0.8 * TINY.checkins <= counts["checkins"] <= 1.2 * TINY.checkins
    assert counts["confirmations"] > 0 and counts["extensions"] > 0 and counts["clerks"] >= 5
    assert audit == 0  # generated data is not a user action


def test_a_generated_workspace_is_left_ready_to_read(tiny):
    """Millions of rows arrive at once: the generator leaves them as a maintained database
    would be. PostgreSQL: vacuumed and analysed (planner statistics; a visibility map, without
    which no index-only scan is possible). SQLite: the write-ahead log folded into the file."""
    db, _counts = tiny
    with db.engine.connect() as conn:
        if db.is_sqlite:
            wal = Path(db.engine.url.database + "-wal")
            assert not wal.exists() or wal.stat().st_size == 0
            return
        rows = conn.execute(text(
            "select c.relname, c.relallvisible, c.relpages, s.last_vacuum is not null, s.last_analyze is not null "
            "from pg_class c join pg_stat_user_tables s on s.relid = c.oid "
            "where c.relnamespace = to_regnamespace(current_schema()) "
            "and c.relname in ('checkins', 'assignments', 'assignment_states')")).all()
    assert len(rows) == 3
    for name, visible, pages, vacuumed, analysed in rows:
        assert vacuumed and analysed and 0 < pages == visible, name


# --- the rules the services enforce ----------------------------------------------------------


def test_facts_obey_the_rules_of_the_services(tiny):
    db, _ = tiny
    today = f"'{TODAY.isoformat()}'"
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("pragma foreign_key_check").all() == []
            assert conn.exec_driver_sql("pragma integrity_check").scalar() == "ok"
        # check-ins: on/after the assignment, never after the workspace's day, completion dated
        _zero(conn, "select c.id from checkins c join assignments a on a.id = c.assignment_id "
                    "where c.reported_on < a.assigned_on")
        _zero(conn, f"select id from checkins where reported_on > {today}")
        _zero(conn, "select id from checkins where status = 'done' and completed_on is null")
        _zero(conn, "select c.id from checkins c join assignments a on a.id = c.assignment_id "
                    "where c.completed_on is not null and (c.completed_on < a.assigned_on "
                    "or c.completed_on > c.reported_on or c.status <> 'done')")
        _zero(conn, "select id from checkins where progress is not null and (progress < 0 or progress > 100)")
        _zero(conn, "select c.id from checkins c join assignments a on a.id = c.assignment_id "
                    "join deadlines d on d.id = a.deadline_id where d.kind = 'recurring' and c.status = 'done'")
        # decisions: on a done check-in of the same assignment, the last one reported by then
        _zero(conn, f"select id from confirmations where decided_on > {today}")
        _zero(conn, "select f.id from confirmations f join checkins c on c.id = f.checkin_id "
                    "where c.assignment_id <> f.assignment_id or c.status <> 'done' "
                    "or f.decided_on < c.reported_on")
        _zero(conn, "select f.id from confirmations f join checkins c on c.id = f.checkin_id "
                    "where exists (select 1 from checkins c2 where c2.assignment_id = f.assignment_id "
                    "and c2.reported_on <= f.decided_on and (c2.reported_on > c.reported_on "
                    "or (c2.reported_on = c.reported_on and c2.id > c.id)))")
        _zero(conn, "select assignment_id from confirmations where decision = 'confirm' "
                    "group by assignment_id having count(*) > 1")
        _zero(conn, "select c.id from checkins c join confirmations f on f.assignment_id = c.assignment_id "
                    "and f.decision = 'confirm' where c.reported_on > f.decided_on")
        _zero(conn, "select f.id from confirmations f where f.decision = 'return' and f.reason = ''")
        _zero(conn, "select f2.id from confirmations f join confirmations f2 on f2.assignment_id = f.assignment_id "
                    "where f.decision = 'confirm' and f2.decided_on > f.decided_on")
        # extensions
        _zero(conn, f"select id from extensions where requested_on > {today} or decided_on > {today}")
        _zero(conn, "select id from extensions where decided_on < requested_on or new_due <= requested_on")
        _zero(conn, "select id from extensions where (status = 'requested') <> (decided_on is null) "
                    "or (status = 'requested') <> (decided_by is null)")
        _zero(conn, "select e.id from extensions e join assignments a on a.id = e.assignment_id "
                    "join deadlines d on d.id = a.deadline_id where d.due is not null and e.new_due <= d.due")
        _zero(conn, "select e.id from extensions e join confirmations f on f.assignment_id = e.assignment_id "
                    "and f.decision = 'confirm' where e.requested_on > f.decided_on")
        # assignments: units valid on the day, groups expanded to their members, deadlines dated
        _zero(conn, "select a.id from assignments a join units u on u.id = a.unit_id where u.is_group "
                    "or (u.valid_from is not null and u.valid_from > a.assigned_on) "
                    "or (u.valid_to is not null and u.valid_to < a.assigned_on)")
        _zero(conn, "select a.id from assignments a where a.via_group_id is not null and not exists "
                    "(select 1 from unit_group_members m where m.group_id = a.via_group_id "
                    "and m.member_id = a.unit_id)")
        _zero(conn, "select a.id from assignments a join tasks t on t.id = a.task_id "
                    "join directives d on d.id = t.directive_id where t.kind <> 'task' "
                    "or a.assigned_on <> d.signed_on")
        _zero(conn, "select id from deadlines where kind = 'date' and (due is null or (start is not null "
                    "and start > due))")
        _zero(conn, "select t.id from tasks t where (t.kind = 'task') <> (t.deadline_id is not null)")
        _zero(conn, "select t.id from tasks t join tasks p on p.id = t.parent_id "
                    "where p.directive_id <> t.directive_id or p.kind <> 'section'")
        _zero(conn, f"select id from directives where signed_on < '2019-01-01' or signed_on > {today}")
        modes = conn.execute(text("select distinct role, mode, via_group_id is not null from assignments")).all()
    assert {(r, m) for r, m, _ in modes} == {("lead", "giao"), ("lead", "de_nghi"), ("coordinating", "giao"),
                                              ("coordinating", "de_nghi")}
    assert {g for _, _, g in modes} == {True, False}


def test_deadlines_periods_cycles_and_numbers_read_back_as_stored(tiny):
    """What the generator wrote as a phrase is what the parsers of the app understand."""
    db, _ = tiny
    with db.session() as s:
        rows = s.execute(select(Deadline, Directive.signed_on).join(Task, Task.deadline_id == Deadline.id)
                         .join(Directive, Directive.id == Task.directive_id)).all()
        own = s.execute(select(Deadline, Directive.signed_on)
                        .join(Assignment, Assignment.deadline_id == Deadline.id)
                        .join(Task, Task.id == Assignment.task_id)
                        .join(Directive, Directive.id == Task.directive_id)
                        .where(Assignment.deadline_id != Task.deadline_id)).all()
        kinds = collections.Counter()
        for d, signed in rows + own:
            kinds[d.kind] += 1
            if d.kind == "none":
                assert d.phrase is None and d.due is None
                continue
            parsed = parse_period(d.phrase) if d.inherited else parse_deadline(d.phrase, doc_year=signed.year)
            assert (parsed.kind, parsed.start, parsed.due) == (d.kind, d.start, d.due), d.phrase
            if d.kind == "date":
                assert d.due > signed
        assert set(kinds) == {"date", "recurring", "immediate", "until_event", "none"}
        assert any(d.inherited for d, _ in rows) and own
        for d in s.scalars(select(Directive)):
            assert d.doc_type and d.issuer and d.signer and d.summary and d.place
            if d.number_text:
                p = parse_doc_number(d.number_text)
                assert (p.text, p.number, p.year, p.type_code, p.issuer_code, p.office_code) == (
                    d.number_text, d.number, d.number_year, d.type_code, d.issuer_code, d.office_code)
            if d.reporting_phrase:
                assert cycle_from_phrase(d.reporting_phrase).code == d.reporting_cycle
            if d.period_phrase:
                p = parse_period(d.period_phrase)
                assert (p.start, p.due) == (d.period_start, d.period_end)
        types = set(s.scalars(select(Directive.doc_type)))
        assert types == {"Kế hoạch", "Quyết định", "Chỉ thị", "Công văn", "Kết luận", "Thông báo", "Nghị quyết"}
        assert s.scalar(select(func.count()).select_from(Directive).where(Directive.number_text.is_(None))) > 0
        assert s.get(Setting, SETTING_TODAY).value == TODAY.isoformat()


def test_derived_columns_are_what_the_orm_computes_and_text_is_nfc(tiny):
    db, _ = tiny
    with db.engine.connect() as conn:
        for name, short, folded, key in conn.execute(select(Unit.name, Unit.short_name, Unit.name_folded,
                                                            Unit.sort_key)):
            assert folded == fold(name) and bytes(key) == sort_key(name), name
            assert name == nfc(name) and (short is None or short == nfc(short))
        for alias, folded in conn.execute(select(UnitAlias.alias, UnitAlias.alias_folded)):
            assert folded == fold(alias) and alias == nfc(alias)
        for body, folded, line in conn.execute(select(Task.text, Task.text_folded, Task.assignment_line)):
            assert folded == fold(body) and body == nfc(body) and (line is None or line == nfc(line))
        for doc_type, number, summary, folded in conn.execute(
                select(Directive.doc_type, Directive.number_text, Directive.summary, Directive.summary_folded)):
            assert folded == fold(" ".join(filter(None, [doc_type, number, summary])))
            assert summary == nfc(summary)
        for row in conn.execute(select(Checkin.result, Checkin.difficulties, Checkin.proposals,
                                       Checkin.reference).limit(3000)):
            assert all(v == nfc(v) for v in row)
    from core.services.workspace import SETTING_TODAY as APP_SETTING

    assert SETTING_TODAY == APP_SETTING


# --- every category on the workspace's day ----------------------------------------------------


def _histories(s) -> dict[int, History]:
    kinds = {a: (k, due) for a, k, due in s.execute(
        select(Assignment.id, Deadline.kind, Deadline.due).join(Deadline, Deadline.id == Assignment.deadline_id))}
    ci, de, ex = (collections.defaultdict(list) for _ in range(3))
    for r in s.execute(select(Checkin.assignment_id, Checkin.id, Checkin.reported_on, Checkin.status,
                              Checkin.completed_on)):
        ci[r[0]].append(CheckinFact(*r[1:]))
    for r in s.execute(select(Confirmation.assignment_id, Confirmation.id, Confirmation.checkin_id,
                              Confirmation.decided_on, Confirmation.decision)):
        de[r[0]].append(DecisionFact(*r[1:]))
    for r in s.execute(select(Extension.assignment_id, Extension.id, Extension.new_due, Extension.status,
                              Extension.decided_on)):
        ex[r[0]].append(ExtensionFact(*r[1:]))
    return {a: History(k, due, tuple(ci[a]), tuple(de[a]), tuple(ex[a])) for a, (k, due) in kinds.items()}


def test_every_category_and_flag_occurs_on_the_workspace_day(tiny):
    """Counted by the app's SQL (classified_query), which must agree with the pure rule on
    every assignment; derived tables are filled by generate (its _after_facts hook)."""
    db, _ = tiny
    with db.session() as s:
        starts = period_starts(s, TODAY)
        rows = s.execute(classified_query(TODAY, starts)).all()
        histories = _histories(s)
        cycles = dict(s.execute(select(Assignment.id, Directive.reporting_cycle)
                                .join(Task, Task.id == Assignment.task_id)
                                .join(Directive, Directive.id == Task.directive_id)).all())
    assert len(rows) == len(histories)
    counts = collections.Counter(r.category for r in rows)
    for c in Category:
        assert counts[c.value] > 0, c
    flags = collections.Counter()
    for r in rows:
        got = standing_from_row(r, TODAY)
        want = standing(histories[r.assignment_id], TODAY, starts.get(cycles[r.assignment_id], TODAY))
        assert (got.category, got.due, got.awaiting_confirmation, got.returned, got.due_soon,
                got.reported_in_period) == (want.category, want.due, want.awaiting_confirmation, want.returned,
                                            want.due_soon, want.reported_in_period), r.assignment_id
        flags["awaiting"] += got.awaiting_confirmation
        flags["returned"] += got.returned
        flags["due_soon"] += got.due_soon
        flags["extended"] += got.extended
        flags["unreported"] += got.reported_in_period is False
        flags["reported"] += got.reported_in_period is True
    assert all(flags[f] > 0 for f in ("awaiting", "returned", "due_soon", "extended", "unreported", "reported")), flags


def test_several_provinces_keep_their_units_apart(db):
    """The region scale's path (ten provinces) in small: units named and keyed per province,
    each directive assigning only units of its own province."""
    small = Scale("mini-region", 2, 22, 16, 200, 700, 5_000)
    counts = generate(db, small, seed=SEED)
    with db.session() as s:
        units = s.execute(select(Unit.key, Unit.name, Unit.kind)).all()
        assert {k[:4] for k, _, _ in units} == {"p00_", "p01_"}
        named = [n for _k, n, kind in units if kind != "commune"]
        assert len(named) == len(set(named))
        assert {"Sở Y tế tỉnh Bình Phước", "Sở Y tế tỉnh Đồng Nai", "Công an tỉnh Đồng Nai"} <= set(named)
        pairs = s.execute(select(Directive.place, Unit.key).join(Task, Task.directive_id == Directive.id)
                          .join(Assignment, Assignment.task_id == Task.id)
                          .join(Unit, Unit.id == Assignment.unit_id).distinct()).all()
        prefix = {"Bình Phước": "p00_", "Đồng Nai": "p01_"}
        assert pairs and all(key.startswith(prefix[place]) for place, key in pairs)
        assert s.scalar(select(func.count()).select_from(Directive)) == counts["directives"] == 16
    assert 0.85 * small.checkins <= counts["checkins"] <= 1.15 * small.checkins


def test_the_region_registry_names_and_keys_every_unit_once(db):
    """Ten provinces of 300 units: a province with few districts gives each of them dozens of
    communes — more than random draws from the name lists find free, so a free name is taken
    in order (the region build once stopped on a duplicate commune key)."""
    registry = Scale("region-registry", 10, 300, 10, 20, 60, 100)
    generate(db, registry, seed=SEED)
    with db.session() as s:
        units = s.execute(select(Unit.key, Unit.name, Unit.parent_id, Unit.kind)).all()
    assert len(units) == 10 * 300
    assert len({k for k, _n, _p, _kind in units}) == len(units)
    communes = [(p, n) for _k, n, p, kind in units if kind == "commune"]
    assert len(set(communes)) == len(communes)  # no two communes of a district share a name


# --- determinism, refusal, sequences ----------------------------------------------------------


def _digest(db: Database) -> str:
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for name in GENERATED_TABLES:
            table = Base.metadata.tables[name]
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def _fresh_sqlite(path) -> Database:
    db = Database(sqlite_url(path))
    upgrade(db.engine)
    return db


def test_the_same_seed_gives_the_same_database(tmp_path):
    first, second, other = (_fresh_sqlite(tmp_path / f"{n}.sqlite3") for n in ("a", "b", "c"))
    try:
        generate(first, "tiny", seed=SEED)
        generate(second, "tiny", seed=SEED)
        generate(other, "tiny", seed=SEED + 1)
        assert _digest(first) == _digest(second)
        assert _digest(first) != _digest(other)
    finally:
        for db in (first, second, other):
            db.dispose()


def test_refuses_a_workspace_with_data_unless_forced(tiny):
    db, counts = tiny
    with pytest.raises(ValidationError) as err:
        generate(db, "tiny", seed=SEED)
    assert f"đã có {counts['directives']} văn bản chỉ đạo" in str(err.value) and "--force" in str(err.value)
    with db.session() as s:  # the ORM can still add rows: ids (and PostgreSQL sequences) are past the data
        s.add(Clerk(os_user="moi.them", display_name="Cán bộ mới", role="viewer"))
    again = generate(db, "tiny", seed=SEED, force=True)
    assert again == counts
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Clerk).where(Clerk.os_user == "moi.them")) == 0
        clerk = Clerk(os_user="moi.them", display_name="Cán bộ mới", role="viewer")
        s.add(clerk)
        s.flush()
        assert clerk.id > counts["clerks"]


# --- the command line -------------------------------------------------------------------------


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_gen_end_to_end(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    path = tmp_path / "gen.sqlite"
    url = f"sqlite:///{path}"
    code, out, err = _run(capsys, "gen", "--scale", "tiny", "--seed", str(SEED), "--db", url)
    assert code == 0, err
    assert "Đã tạo không gian làm việc giả lập" in out and "văn bản chỉ đạo" in out and "giây" in out
    assert "Lịch sử thực hiện: văn bản 30/30" in out  # progress lines
    db = Database(url)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Directive)) == TINY.directives
    digest = _digest(db)
    db.dispose()

    code, out, err = _run(capsys, "gen", "--scale", "tiny", "--db", url)
    assert code == 2 and out == ""
    assert "Lỗi: " in err and "đã có 30 văn bản chỉ đạo" in err and "--force" in err and "Traceback" not in err
    db = Database(url)
    assert _digest(db) == digest  # untouched
    db.dispose()

    code, out, err = _run(capsys, "gen", "--scale", "tiny", "--seed", str(SEED), "--db", url, "--force")
    assert code == 0, err
    db = Database(url)
    assert _digest(db) == digest  # same seed, same workspace
    db.dispose()
    assert not path.with_name(path.name + ".new").exists()

    # Without --db: gen-<scale>.sqlite in the data directory; the workspace opens on its own day.
    code, out, err = _run(capsys, "gen", "--scale", "tiny")
    assert code == 0, err
    from db.engine import data_dir

    default = data_dir() / "gen-tiny.sqlite"
    assert default.exists() and str(default) in out.replace("\n", "")
    code, out, err = _run(capsys, "--db", str(default), "directives", "--json")
    assert code == 0, err
    assert '"directives"' in out


def test_cli_gen_does_not_replace_a_file_that_is_not_a_workspace(tmp_path, capsys):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"not a database, but someone's file")
    code, out, err = _run(capsys, "gen", "--scale", "tiny", "--db", str(path))
    assert code == 2 and "không phải cơ sở dữ liệu dondoc" in err and "--force" in err
    assert path.read_bytes() == b"not a database, but someone's file"
    code, out, err = _run(capsys, "gen", "--scale", "tiny", "--db", str(path), "--force")
    assert code == 0, err


def test_cli_gen_rejects_an_unknown_scale(capsys):
    code, _out, err = _run(capsys, "gen", "--scale", "planet")
    assert code == 2 and "lựa chọn không hợp lệ" in err
