"""The unit resolver a command keeps in the cache directory for the next one
(core/services/units.py), on each backend."""
from __future__ import annotations

import datetime as dt
import os

import pytest

import core.services.units as units_service
from core.demo import UNITS_FILE, load_json, load_units
from core.errors import DondocError
from core.models import Unit, UnitAlias
from core.services.units import resolver, unit_records
from core.units import UnitResolver

# Exact names, abbreviations, a group, a trailing province, typos, an ambiguous or unknown
# name and a vague phrase: every stage of the resolver.
NAMES = ["Sở Y tế", "SYT", "Sở LĐTBXH", "BCHQS tỉnh", "UBND các huyện, thị xã, thành phố",
         "Sở Y tế tỉnh Bình Phước", "Công an", "Sở Tài chinhh", "UBND huyện Lộc Ninhh",
         "Sở Không Tồn Tại", "các cơ quan liên quan", "zz"]
DAYS = [None, dt.date(2021, 8, 20), dt.date(2026, 1, 1)]


@pytest.fixture
def units_db(db):
    with db.session() as s:
        load_units(s, load_json(UNITS_FILE))
    units_service._RESOLVERS.clear()  # what an earlier test in this process built
    yield db
    units_service._RESOLVERS.clear()


def outcome(res: UnitResolver, name: str, on: dt.date | None):
    try:
        r = res.resolve(name, on=on)
        return r.unit.id, r.unit_ids, r.score, r.exact
    except DondocError as exc:
        return type(exc).__name__, str(exc)


def new_command(monkeypatch) -> list[int]:
    """As a new process starts: nothing in memory; counts how often the units are read."""
    units_service._RESOLVERS.clear()
    reads: list[int] = []
    real = units_service.unit_records

    def counted(s):
        reads.append(1)
        return real(s)

    monkeypatch.setattr(units_service, "unit_records", counted)
    return reads


def test_the_next_command_resolves_as_the_first_without_reading_the_units(units_db, monkeypatch):
    with units_db.session() as s:
        fresh = UnitResolver(unit_records(s))
        reads = new_command(monkeypatch)
        first = resolver(s)
        assert reads == [1]
        reads = new_command(monkeypatch)
        kept = resolver(s)
        assert reads == [] and kept is not first
        assert kept.records == fresh.records
        for name in NAMES:
            for on in DAYS:
                assert outcome(kept, name, on) == outcome(fresh, name, on), (name, on)
        assert {type(outcome(kept, n, None)[0]) for n in NAMES} == {int, str}  # both kinds met


def test_a_change_to_the_units_is_seen_by_the_next_command(units_db, monkeypatch):
    with units_db.session() as s:
        resolver(s)
    with units_db.session() as s:
        unit = s.query(Unit).filter_by(name="Sở Y tế").one()
        s.add(UnitAlias(unit=unit, alias="Ngành Y tế tỉnh"))
    with units_db.session() as s:
        reads = new_command(monkeypatch)
        assert resolver(s).resolve("Ngành Y tế tỉnh").unit.name == "Sở Y tế"
        assert reads == [1]
        reads = new_command(monkeypatch)
        assert resolver(s).resolve("Ngành Y tế tỉnh").unit.name == "Sở Y tế"
        assert reads == []  # kept again, with the new alias


def test_a_kept_file_of_other_code_or_damaged_is_rebuilt(units_db, monkeypatch, tmp_path):
    with units_db.session() as s:
        resolver(s)
        path = units_service._kept_path(str(s.get_bind().url))
        assert path.parent == tmp_path / "cache" and path.exists()

        real_code = units_service._key_code
        monkeypatch.setattr(units_service, "_key_code", lambda: [*real_code(), "changed"])
        reads = new_command(monkeypatch)
        assert resolver(s).resolve("SYT").unit.name == "Sở Y tế" and reads == [1]
        monkeypatch.setattr(units_service, "_key_code", real_code)

        for damage in ('{"stamp": [1', '{"stamp": 3}', '[]', '\x00\xff'):
            path.write_text(damage, encoding="latin-1")
            reads = new_command(monkeypatch)
            assert resolver(s).resolve("SYT").unit.name == "Sở Y tế" and reads == [1]
        reads = new_command(monkeypatch)
        resolver(s)
        assert reads == []  # rewritten whole after the last damage


def test_a_cache_directory_that_cannot_be_written_changes_nothing(units_db, monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    monkeypatch.setenv("DONDOC_CACHE_DIR", str(blocked))
    with units_db.session() as s:
        for _ in range(2):
            reads = new_command(monkeypatch)
            assert resolver(s).resolve("Sở LĐTBXH").unit.name.startswith("Sở Lao động")
            assert reads == [1]


def test_two_databases_keep_their_own(db, tmp_path, monkeypatch):
    """A second workspace (its own units) never reads the first one's file."""
    from db.engine import Database, sqlite_url
    from db.migrate import ensure_schema

    other = Database(sqlite_url(tmp_path / "other.sqlite3"))
    ensure_schema(other.engine)
    try:
        with db.session() as s:
            load_units(s, load_json(UNITS_FILE))
        with other.session() as s:
            s.add(Unit(name="Sở Y tế", kind="department"))
        units_service._RESOLVERS.clear()
        with db.session() as s:
            mine = resolver(s).resolve("Sở Y tế").unit.id
        new_command(monkeypatch)
        with other.session() as s:
            theirs = resolver(s)
            assert [r.name for r in theirs.records] == ["Sở Y tế"]
        assert units_service._kept_path(str(db.engine.url)) != units_service._kept_path(str(other.engine.url))
        assert mine is not None
    finally:
        other.dispose()
        units_service._RESOLVERS.clear()


def test_only_the_latest_databases_are_kept(units_db, monkeypatch, tmp_path):
    monkeypatch.setattr(units_service, "KEPT_FILES", 3)
    cache = tmp_path / "cache"
    cache.mkdir()
    for i in range(5):
        stale = cache / f"units-{i:024d}.json"
        stale.write_text("{}")
        os.utime(stale, ns=(10**18 + i, 10**18 + i))  # older than anything written now
    with units_db.session() as s:
        resolver(s)
        mine = units_service._kept_path(str(s.get_bind().url))
    assert sorted(p.name for p in cache.glob("units-*.json")) == sorted(
        [mine.name, f"units-{4:024d}.json", f"units-{3:024d}.json"])
