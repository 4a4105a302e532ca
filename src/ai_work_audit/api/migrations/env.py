"""Alembic environment: runs on the connection handed over by ``ai_work_audit.api._migrate``."""

from __future__ import annotations

from alembic import context

from ai_work_audit.api._db import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    if connection.dialect.name == "postgresql":  # one migrator at a time across replicas
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(727274)")
    context.run_migrations()
