"""Backups of a workspace, and restoring them (`dondoc backup FILE`, `dondoc restore FILE`).

Two kinds of file:
- FILE.json: a portable dump of every table of the ORM metadata, for any database, so a
  workspace can move between SQLite and PostgreSQL. Written one row per line, so neither
  side ever holds a whole table in memory (a province has 1.5 M check-ins).
- any other name, from SQLite: a copy of the SQLite file through SQLite's online backup API
  (consistent while clerks keep working).

Restoring writes in one transaction with Core inserts on a Connection: the ORM after_flush
listeners (audit log, assignment_states) do not fire, and assignment_states comes back from
the dump as it was.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Date, DateTime, Engine, LargeBinary, Table, insert, inspect, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from core.errors import DatabaseError, ValidationError
from core.models import Base
from db.engine import Database, remove_sqlite_file
from db.migrate import SCHEMA_HEAD, current_revision, ensure_schema

FORMAT = "dondoc-backup"
VERSION = 1
FETCH_ROWS = 5_000    # rows read per round trip when dumping
INSERT_ROWS = 5_000   # rows per executemany when restoring
_HEADER_START = '{"format": "dondoc-backup"'
_HEADER_END = '"tables": {'
_ROWS_START = '"rows": ['


@dataclass
class Outcome:
    """What a backup or restore did, for the message to the clerk."""

    path: Path
    kind: str                                    # "json" | "sqlite"
    schema: str | None = None
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def is_json_file(path: Path | str) -> bool:
    return str(path).lower().endswith(".json")


def tables() -> list[Table]:
    """Every workspace table, parents before children."""
    return list(Base.metadata.sorted_tables)


# --- backup -----------------------------------------------------------------------------------


def backup(url: str | None, target: Path) -> Outcome:
    """Back up the workspace at `url` (None: the default SQLite file) into `target`."""
    target = Path(target).expanduser()
    db = _open_existing(url)
    try:
        return _backup_to(db, target)
    except (SQLAlchemyError, sqlite3.Error) as exc:
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseError(f"Không sao lưu được {db.location}: {reason}.") from exc
    finally:
        db.dispose()


def _backup_to(db: Database, target: Path) -> Outcome:
    if _same_file(db, target):
        raise ValidationError(f"Tệp sao lưu «{target}» chính là cơ sở dữ liệu đang dùng; hãy chọn tệp khác.")
    if is_json_file(target):
        return _write_beside(target, lambda tmp: dump_json(db.engine, tmp))
    if not db.is_sqlite:
        raise ValidationError(
            "Cơ sở dữ liệu PostgreSQL chỉ sao lưu được ra tệp .json (vd. «dondoc backup sao-luu.json»), "
            "hoặc dùng pg_dump.")
    return _write_beside(target, lambda tmp: copy_sqlite(Path(db.engine.url.database), tmp))


def _open_existing(url: str | None) -> Database:
    """The source workspace; a SQLite file that does not exist is an error, not a new file."""
    from db.engine import resolve_url

    resolved = resolve_url(url)
    u = make_url(resolved)
    if u.get_backend_name() == "sqlite" and not Path(u.database or "").is_file():
        raise DatabaseError(f"Không có cơ sở dữ liệu «{u.database}» để sao lưu.")
    return Database(resolved)


def _same_file(db: Database, target: Path) -> bool:
    if not db.is_sqlite or not target.exists():
        return False
    return Path(db.engine.url.database).resolve() == target.resolve()


def _write_beside(target: Path, write: Callable[[Path], Outcome]) -> Outcome:
    """Write next to `target`, then move in place: a failed backup never leaves half a file
    under the real name (nor destroys an older backup there)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    remove_sqlite_file(tmp)
    try:
        outcome = write(tmp)
        tmp.replace(target)
    finally:
        remove_sqlite_file(tmp)
    outcome.path = target
    return outcome


def copy_sqlite(source: Path, target: Path) -> Outcome:
    """SQLite's online backup API: a consistent copy even while others write."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # One self-contained file, without a -wal beside it.
        dst.execute("pragma journal_mode=delete")
        schema = _sqlite_revision(dst)
    finally:
        dst.close()
        src.close()
    return Outcome(path=target, kind="sqlite", schema=schema)


def dump_json(engine: Engine, target: Path) -> Outcome:
    """Every table, in dependency order, as {"columns": [...], "rows": [[...], ...]}."""
    revision = current_revision(engine)
    if revision != SCHEMA_HEAD:
        raise DatabaseError(
            f"Lược đồ cơ sở dữ liệu là {revision or '(chưa tạo)'}, chương trình cần {SCHEMA_HEAD}; "
            "chạy «dondoc db upgrade» trước khi sao lưu ra .json.")
    outcome = Outcome(path=target, kind="json", schema=revision)
    with _snapshot(engine) as conn, open(target, "w", encoding="utf-8", newline="\n") as out:
        header = {"format": FORMAT, "version": VERSION, "schema": revision}
        out.write(json.dumps(header, ensure_ascii=False)[:-1] + ", " + _HEADER_END + "\n")
        ordered = tables()
        for index, table in enumerate(ordered):
            outcome.rows[table.name] = _dump_table(conn, table, out, last=index == len(ordered) - 1)
        out.write("}}\n")
    return outcome


def _snapshot(engine: Engine):
    """One read transaction for every table, so the dump is consistent."""
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="REPEATABLE READ")
    return engine.connect()


def _dump_table(conn: Connection, table: Table, out: TextIO, *, last: bool) -> int:
    columns = [c.name for c in table.columns]
    encoders = [_encoder(c.type) for c in table.columns]
    opening = json.dumps({"columns": columns}, ensure_ascii=False)[:-1] + ", " + _ROWS_START
    out.write(json.dumps(table.name) + ": " + opening + "\n")
    query = select(table).order_by(*table.primary_key.columns)
    result = conn.execution_options(yield_per=FETCH_ROWS).execute(query)
    count = 0
    for partition in result.partitions():
        for row in partition:
            values = [enc(v) if v is not None else None for enc, v in zip(encoders, row)]
            out.write((",\n" if count else "") + json.dumps(values, ensure_ascii=False))
            count += 1
    out.write(("\n" if count else "") + ("]}" if last else "]},") + "\n")
    return count


def _encoder(type_) -> Callable[[Any], Any]:
    if isinstance(type_, (Date, DateTime)):
        return lambda v: v.isoformat()
    if isinstance(type_, LargeBinary):
        return lambda v: base64.b64encode(v).decode("ascii")
    return lambda v: v


def _decoder(type_) -> Callable[[Any], Any] | None:
    if isinstance(type_, DateTime):
        return dt.datetime.fromisoformat
    if isinstance(type_, Date):
        return dt.date.fromisoformat
    if isinstance(type_, LargeBinary):
        return base64.b64decode
    return None


# --- reading a dump ---------------------------------------------------------------------------


@dataclass
class Dump:
    """An open .json backup: its header, and its tables read one row at a time."""

    header: dict[str, Any]
    tables: Iterator[tuple[str, list[str], Iterator[list[Any]]]]


def _corrupt(path: Path, why: str = "") -> ValidationError:
    detail = f" ({why})" if why else ""
    return ValidationError(f"Tệp «{path}» không phải bản sao lưu dondoc hợp lệ hoặc đã hỏng{detail}.")


def open_dump(path: Path, stream: TextIO) -> Dump:
    """Our own layout is read line by line; any other valid JSON of the same shape (a dump
    re-indented by hand) is read whole."""
    first = stream.readline()
    if first.startswith(_HEADER_START) and first.rstrip("\n").endswith(_HEADER_END):
        header = _loads(path, first.rstrip("\n") + "}}")
        return Dump(header=header, tables=_line_tables(path, stream))
    stream.seek(0)
    try:
        whole = json.load(stream)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _corrupt(path, "không đọc được JSON") from exc
    if not isinstance(whole, dict) or not isinstance(whole.get("tables"), dict):
        raise _corrupt(path)
    body = whole.pop("tables")
    return Dump(header=whole, tables=_whole_tables(path, body))


def _loads(path: Path, line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError as exc:
        raise _corrupt(path, "không đọc được JSON") from exc


def _line_tables(path: Path, stream: TextIO):
    for line in stream:
        line = line.rstrip("\n")
        if line == "}}":
            return
        if not line.endswith(_ROWS_START):
            raise _corrupt(path, f"dòng không mong đợi: {line[:40]!r}")
        opening = _loads(path, "{" + line + "]}}")
        (name, spec), = opening.items()
        yield name, spec.get("columns") or [], _line_rows(path, stream)
    raise _corrupt(path, "tệp bị cắt cụt")


def _line_rows(path: Path, stream: TextIO) -> Iterator[list[Any]]:
    for line in stream:
        line = line.rstrip("\n")
        if line in ("]}", "]},"):
            return
        row = _loads(path, line.removesuffix(","))
        if not isinstance(row, list):
            raise _corrupt(path, "dòng dữ liệu không phải danh sách")
        yield row
    raise _corrupt(path, "tệp bị cắt cụt")


def _whole_tables(path: Path, body: dict[str, Any]):
    for name, spec in body.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("rows"), list):
            raise _corrupt(path, f"bảng «{name}»")
        yield name, spec.get("columns") or [], iter(spec["rows"])


def check_header(path: Path, header: dict[str, Any]) -> str:
    """The dump's schema revision, when this program can restore it."""
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise _corrupt(path)
    schema = header.get("schema")
    if schema != SCHEMA_HEAD:
        raise ValidationError(
            f"Bản sao lưu «{path}» có lược đồ {schema or '(không rõ)'}, chương trình này cần lược đồ "
            f"{SCHEMA_HEAD}; hãy khôi phục bằng phiên bản dondoc đã tạo ra bản sao lưu.")
    return schema


# --- restore ----------------------------------------------------------------------------------


def restore(url: str | None, source: Path, *, force: bool = False) -> Outcome:
    """Restore `source` into the workspace at `url` (None: the default SQLite file)."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise ValidationError(f"Không có tệp sao lưu «{source}».")
    if is_json_file(source):
        return _restore_json(url, source, force=force)
    return _restore_sqlite_copy(url, source, force=force)


def _restore_json(url: str | None, source: Path, *, force: bool) -> Outcome:
    with open(source, encoding="utf-8", newline="\n") as stream:
        try:
            dump = open_dump(source, stream)
            schema = check_header(source, dump.header)
            db = Database(url)
            try:
                ensure_schema(db.engine)
                outcome = Outcome(path=source, kind="json", schema=schema)
                with db.engine.begin() as conn:
                    _refuse_unless_empty(conn, db, force)
                    _write_dump(conn, source, dump, outcome, force=force)
                return outcome
            finally:
                db.dispose()
        except ValueError as exc:   # bad UTF-8, a date or base64 value that does not parse
            raise _corrupt(source, str(exc)[:80]) from exc
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            raise DatabaseError(f"Không khôi phục được từ «{source}»: {reason}. Không có gì được ghi.") from exc


def _write_dump(conn: Connection, source: Path, dump: Dump, outcome: Outcome, *, force: bool) -> None:
    """Everything in the caller's one transaction: any error leaves the target as it was."""
    if force:
        _empty_tables(conn)
    for name, columns, rows in dump.tables:
        outcome.rows[name] = _load_table(conn, source, name, columns, rows)
    _check_complete(source, outcome)
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn)


def _refuse_unless_empty(conn: Connection, db: Database, force: bool) -> None:
    if force or not holds_data(conn):
        return
    raise ValidationError(
        f"Cơ sở dữ liệu {db.location} đã có dữ liệu; không ghi gì. "
        "Dùng --force để xóa dữ liệu đang có và thay bằng bản sao lưu.")


def holds_data(conn: Connection) -> bool:
    present = set(inspect(conn).get_table_names())   # an older schema may lack newer tables
    return any(conn.execute(select(1).select_from(t).limit(1)).first()
               for t in tables() if t.name in present)


def _empty_tables(conn: Connection) -> None:
    # Children before parents; each DELETE is one statement, so rows of a table that point
    # at each other (units.parent_id) go together.
    for table in reversed(tables()):
        conn.execute(table.delete())


def _check_complete(source: Path, outcome: Outcome) -> None:
    missing = [t.name for t in tables() if t.name not in outcome.rows]
    if missing:
        raise _corrupt(source, "thiếu bảng " + ", ".join(missing))


def _load_table(conn: Connection, source: Path, name: str, columns: list[str],
                rows: Iterator[list[Any]]) -> int:
    table = Base.metadata.tables.get(name)
    if table is None:
        raise _corrupt(source, f"bảng lạ «{name}»")
    unknown = [c for c in columns if c not in table.columns]
    if unknown or not columns:
        raise _corrupt(source, f"cột lạ trong bảng «{name}»: {', '.join(map(str, unknown))}")
    decoders = [_decoder(table.columns[c].type) for c in columns]
    later = _ForwardReferences(table, columns)
    batch: list[dict[str, Any]] = []
    count = 0
    for raw in rows:
        if len(raw) != len(columns):
            raise _corrupt(source, f"số giá trị sai ở bảng «{name}»")
        row = {c: (dec(v) if dec and v is not None else v) for c, dec, v in zip(columns, decoders, raw)}
        batch.append(later.hold_back(row))
        count += 1
        if len(batch) >= INSERT_ROWS:
            conn.execute(insert(table), batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)
    later.apply(conn)
    return count


class _ForwardReferences:
    """A row may point at a later row of its own table (a unit merged into a newer one):
    such a value is inserted as NULL and set once every row is in."""

    def __init__(self, table: Table, columns: list[str]):
        self.table = table
        pk = list(table.primary_key.columns)
        self.key = pk[0].name if len(pk) == 1 else None
        self.self_refs = [fk.parent.name for fk in table.foreign_keys
                          if fk.column.table is table and fk.parent.name in columns]
        self.seen: set[Any] = set()
        self.pending: list[tuple[Any, str, Any]] = []

    def hold_back(self, row: dict[str, Any]) -> dict[str, Any]:
        if not self.self_refs or self.key is None:
            return row
        self.seen.add(row[self.key])
        for column in self.self_refs:
            value = row[column]
            if value is not None and value not in self.seen:
                self.pending.append((row[self.key], column, value))
                row[column] = None
        return row

    def apply(self, conn: Connection) -> None:
        pk = self.table.columns[self.key] if self.key else None
        for key, column, value in self.pending:
            conn.execute(update(self.table).where(pk == key).values({column: value}))


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: the next id after the restored ones."""
    for table in tables():
        if "id" not in table.columns or not table.columns["id"].primary_key:
            continue
        conn.execute(text(
            f'select setval(pg_get_serial_sequence(:name, \'id\'), coalesce(max(id), 1), max(id) is not null) '
            f'from "{table.name}"'), {"name": table.name})


# --- restoring a SQLite copy ------------------------------------------------------------------


def _restore_sqlite_copy(url: str | None, source: Path, *, force: bool) -> Outcome:
    schema = _readable_sqlite_revision(source)
    db = Database(url)
    try:
        if not db.is_sqlite:
            raise ValidationError(
                f"Tệp «{source}» là bản sao SQLite; khôi phục vào PostgreSQL cần tệp .json "
                f"(tạo bằng «dondoc --db {source} backup sao-luu.json»).")
        target = Path(db.engine.url.database)
        if target.exists() and source.resolve() == target.resolve():
            raise ValidationError(f"Tệp sao lưu «{source}» chính là cơ sở dữ liệu đang dùng.")
        if target.exists() and current_revision(db.engine) is not None:
            with db.engine.connect() as conn:
                _refuse_unless_empty(conn, db, force)
        db.dispose()
        try:
            _copy_into(source, target)
        except sqlite3.Error as exc:
            raise DatabaseError(f"Không khôi phục được từ «{source}» vào {target}: {exc}.") from exc
        ensure_schema(db.engine)   # an older copy is brought up to this program's schema
        return Outcome(path=source, kind="sqlite", schema=current_revision(db.engine))
    finally:
        db.dispose()


def _readable_sqlite_revision(source: Path) -> str:
    try:
        conn = sqlite3.connect(f"file:{source.resolve()}?mode=ro", uri=True)
        try:
            revision = _sqlite_revision(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError(
            f"Tệp «{source}» không phải bản sao lưu dondoc (không phải .json, cũng không phải "
            f"tệp SQLite đọc được: {exc}).") from exc
    if revision is None:
        raise ValidationError(f"Tệp «{source}» là tệp SQLite nhưng không phải cơ sở dữ liệu dondoc.")
    known = _known_revisions()
    if revision not in known:
        raise ValidationError(
            f"Bản sao lưu «{source}» có lược đồ {revision}, chương trình này chỉ biết đến "
            f"lược đồ {SCHEMA_HEAD}; hãy dùng phiên bản dondoc mới hơn.")
    return revision


def _sqlite_revision(conn: sqlite3.Connection) -> str | None:
    has = conn.execute("select 1 from sqlite_master where type='table' and name='alembic_version'").fetchone()
    if not has:
        return None
    row = conn.execute("select version_num from alembic_version").fetchone()
    return row[0] if row else None


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from db.migrate import _alembic_config

    return {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def _copy_into(source: Path, target: Path) -> None:
    """The backup API writes the whole target in one transaction: clerks who have it open see
    either the old workspace or the restored one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source.resolve()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("pragma journal_mode=wal")
    finally:
        dst.close()
        src.close()
