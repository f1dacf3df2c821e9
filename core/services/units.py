"""Units: listing, resolution of names typed by clerks or found in documents, history."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
import unicodedata
from pathlib import Path

from sqlalchemy import func, or_, select, true
from sqlalchemy.orm import Session, selectinload

import core.text
import core.units
from core.models import Unit, UnitAlias, UnitGroupMember
from core.text import fold
from core.units import Resolution, UnitRecord, UnitResolver


def unit_records(s: Session) -> list[UnitRecord]:
    """Every unit as the resolver sees it (columns only: no ORM objects to build)."""
    aliases: dict[int, list[str]] = {}
    for unit_id, alias in s.execute(select(UnitAlias.unit_id, UnitAlias.alias).order_by(UnitAlias.id)):
        aliases.setdefault(unit_id, []).append(alias)
    members: dict[int, list[int]] = {}
    for group_id, member_id in s.execute(select(UnitGroupMember.group_id, UnitGroupMember.member_id)):
        members.setdefault(group_id, []).append(member_id)
    units = s.execute(select(Unit.id, Unit.name, Unit.kind, Unit.short_name, Unit.valid_from, Unit.valid_to)
                      .order_by(Unit.id))
    return [
        UnitRecord(
            id=u.id, name=u.name, kind=u.kind,
            aliases=tuple(aliases.get(u.id, ())) + ((u.short_name,) if u.short_name else ()),
            member_ids=tuple(sorted(members.get(u.id, ()))),
            valid_from=u.valid_from, valid_to=u.valid_to,
        )
        for u in units
    ]


# The resolver indexes every name and alias (a tenth of a second for a province's units), so
# it is kept per database and rebuilt only when the units change. The stamp is cheap to read.
_RESOLVERS: dict[str, tuple[tuple, UnitResolver]] = {}


def _units_stamp(s: Session) -> tuple:
    """Changes whenever a unit, an alias or a group's members do (one statement: three
    one-row aggregates side by side)."""
    units = select(func.count(), func.max(Unit.id), func.sum(Unit.version)).subquery()
    aliases = select(func.count(), func.max(UnitAlias.id), func.sum(func.length(UnitAlias.alias))).subquery()
    members = select(func.count(), func.sum(UnitGroupMember.group_id * 7919 + UnitGroupMember.member_id)).subquery()
    side_by_side = units.join(aliases, true()).join(members, true())
    return tuple(s.execute(select(units, aliases, members).select_from(side_by_side)).one())


def resolver(s: Session) -> UnitResolver:
    url = str(s.get_bind().url)
    stamp = _units_stamp(s)
    cached = _RESOLVERS.get(url)
    if cached is None or cached[0] != stamp:
        found = _kept_resolver(url, stamp)
        if found is None:
            found = UnitResolver(unit_records(s))
            _keep_resolver(url, stamp, found)
        cached = _RESOLVERS[url] = (stamp, found)
    return cached[1]


# Each `dondoc` command is a process of its own: the records and keys of the last resolver are
# kept in the user's cache directory, one file per database, for the next command to read
# instead of the units (≈0.04 s of a 0.5 s query by unit at province). A file of another
# stamp, of other code (core/units.py or core/text.py changed) or that cannot be read is
# ignored and replaced; one that cannot be written is not kept.
_KEPT_FORMAT = 1
KEPT_FILES = 16


def _kept_path(url: str) -> Path:
    from db.engine import cache_dir

    return cache_dir() / f"units-{hashlib.sha256(url.encode()).hexdigest()[:24]}.json"


def _key_code() -> list:
    """What the keys depend on besides the units: the code that makes them, and Unicode's
    tables in this Python."""
    files = [os.stat(m.__file__) for m in (core.units, core.text)]
    return [_KEPT_FORMAT, unicodedata.unidata_version, *([f.st_size, f.st_mtime_ns] for f in files)]


def _stamp_json(stamp: tuple) -> list:
    return [None if v is None else int(v) for v in stamp]


def _kept_resolver(url: str, stamp: tuple) -> UnitResolver | None:
    try:
        kept = json.loads(_kept_path(url).read_text(encoding="utf-8"))
        if kept["stamp"] != _stamp_json(stamp) or kept["code"] != _key_code():
            return None
        records = [
            UnitRecord(id=r[0], name=r[1], kind=r[2], aliases=tuple(r[3]), member_ids=tuple(r[4]),
                       valid_from=r[5] and dt.date.fromisoformat(r[5]),
                       valid_to=r[6] and dt.date.fromisoformat(r[6]))
            for r in kept["records"]
        ]
        return UnitResolver(records, kept["keys"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _keep_resolver(url: str, stamp: tuple, found: UnitResolver) -> None:
    path = _kept_path(url)
    data = {
        "stamp": _stamp_json(stamp), "code": _key_code(),
        "records": [[r.id, r.name, r.kind, list(r.aliases), list(r.member_ids),
                     r.valid_from and r.valid_from.isoformat(), r.valid_to and r.valid_to.isoformat()]
                    for r in found.records],
        "keys": found.record_keys(),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.part")  # TUI workers
        part.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(part, path)  # whole or not at all, whoever reads it meanwhile
        kept = sorted(path.parent.glob("units-*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[KEPT_FILES:]:  # databases long unused (tests, benchmarks) are let go
            old.unlink(missing_ok=True)
    except OSError:
        pass


def resolve_unit(s: Session, name: str, on: dt.date | None = None) -> Resolution:
    """The unit (or group) a clerk means; UnknownUnitError with suggestions otherwise."""
    return resolver(s).resolve(name, on=on)


def list_units(s: Session, search: str | None = None, *, on: dt.date | None = None,
               include_groups: bool = True) -> list[Unit]:
    """Units in Vietnamese alphabetical order; `search` is diacritic-insensitive and also
    matches abbreviations; `on` keeps only the units that existed that day."""
    q = select(Unit).options(selectinload(Unit.aliases)).order_by(Unit.sort_key)
    if search:
        needle = f"%{_like_escape(fold(search))}%"
        alias_hit = select(UnitAlias.unit_id).where(UnitAlias.alias_folded.like(needle, escape="\\"))
        q = q.where(or_(Unit.name_folded.like(needle, escape="\\"), Unit.id.in_(alias_hit)))
    if on is not None:
        q = q.where(or_(Unit.valid_from.is_(None), Unit.valid_from <= on),
                    or_(Unit.valid_to.is_(None), Unit.valid_to >= on))
    if not include_groups:
        q = q.where(Unit.is_group.is_(False))
    return list(s.scalars(q))


def group_members(s: Session, group_id: int) -> list[Unit]:
    q = (select(Unit).join(UnitGroupMember, UnitGroupMember.member_id == Unit.id)
         .where(UnitGroupMember.group_id == group_id).order_by(Unit.sort_key))
    return list(s.scalars(q))


def unit_history(s: Session, unit: Unit) -> list[Unit]:
    """The chain of names a unit has had: its predecessors, itself, its successors, in time."""
    chain = [unit]
    seen = {unit.id}
    prev = unit
    while True:
        before = s.scalars(select(Unit).where(Unit.successor_id == prev.id)).all()
        before = [u for u in before if u.id not in seen]
        if not before:
            break
        chain[:0] = before
        seen.update(u.id for u in before)
        prev = before[0]
    nxt = unit.successor
    while nxt is not None and nxt.id not in seen:
        chain.append(nxt)
        seen.add(nxt.id)
        nxt = nxt.successor
    return chain


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
