"""Schema upgrades through Alembic only (`dondoc db upgrade`; first use upgrades by itself).

Start-up must stay fast, so the usual check reads the alembic_version table and compares it
with SCHEMA_HEAD without loading Alembic; a test keeps SCHEMA_HEAD equal to the real head.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

# The newest migration's revision id (tests/test_migrations.py checks it).
SCHEMA_HEAD = "0010"


def _alembic_config(connection=None):
    from alembic.config import Config

    import migrations

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("select version_num from alembic_version")).scalar()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


def ensure_schema(engine: Engine) -> bool:
    """Upgrade the database if it is behind; True when an upgrade ran."""
    if current_revision(engine) == SCHEMA_HEAD:
        return False
    upgrade(engine)
    return True
