"""Apply the Alembic migrations of the service database (on every start; idempotent)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from filelock import FileLock
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, lock_dir: Path | None = None) -> None:
    """Upgrade the database behind ``engine`` to the latest revision.

    SQLite: under a file lock beside the workspace; PostgreSQL: under an advisory lock (env.py).
    """
    config = alembic_config()

    def upgrade() -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    if engine.dialect.name == "sqlite" and lock_dir is not None:
        with FileLock(str(lock_dir / ".service-migrate.lock"), timeout=120):
            upgrade()
    else:
        upgrade()
