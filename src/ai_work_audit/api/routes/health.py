"""/v1/healthz: liveness and database reachability (no authentication)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import text

from ai_work_audit import __version__
from ai_work_audit.api._models import Health
from ai_work_audit.api.deps import SessionDep

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Health check")
def healthz(session: SessionDep) -> dict[str, Any]:
    session.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok", "version": __version__}
