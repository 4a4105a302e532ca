"""/v1/evidence: declared evidence for pledge indicators (compliance officers)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from ai_work_audit.api._errors import ApiError, responses
from ai_work_audit.api._models import EvidenceIn, EvidenceList, EvidencePublic
from ai_work_audit.api.deps import Compliance

router = APIRouter(prefix="/evidence", tags=["evidence"])

MAX_ATTACHMENT = 10 << 20
B64_MSG = "'file_base64' must be base64 of at most 10 MiB, with 'file_name'; got {what} instead."


class EvidenceUpload(EvidenceIn):
    file_base64: str | None = Field(default=None, max_length=(MAX_ATTACHMENT * 4) // 3 + 4,
                                    description="An attachment, base64-encoded (≤ 10 MiB).")
    file_name: str | None = Field(default=None, min_length=1, max_length=200)


def _public(entry: Any) -> dict[str, Any]:
    data: dict[str, Any] = entry.to_dict()
    return {k: data.get(k) for k in EvidencePublic.model_fields}


@router.post("", status_code=201, response_model=EvidencePublic,
             responses=responses(401, 403, 422), summary="Add declared evidence")
async def add_evidence(body: EvidenceUpload, caller: Compliance,
                       request: Request) -> dict[str, Any]:
    from ai_work_audit import ledger

    content: bytes | None = None
    if body.file_base64 is not None:
        if body.file_name is None:
            raise ApiError(422, B64_MSG.format(what="no file_name"))
        try:
            content = base64.b64decode(body.file_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(422, B64_MSG.format(what="text that is not base64")) from None
    entry = await run_in_threadpool(
        ledger.add_evidence, organisation=caller.organisation, indicator=body.indicator,
        kind="declared", level=body.level, value=body.value, not_applicable=body.not_applicable,
        content=content, file_name=body.file_name if content is not None else None, uri=body.uri,
        method=body.method, collected_at=body.collected_at, expires_at=body.expires_at,
        added_by=f"api-key:{caller.key_id}")
    request.state.resource_id = entry.entry_id
    return _public(entry)


@router.get("", response_model=EvidenceList, responses=responses(401, 403, 422),
            summary="List the organisation's evidence")
def list_evidence(caller: Compliance) -> dict[str, Any]:
    from ai_work_audit import ledger

    return {"items": [_public(e) for e in ledger.list_evidence(caller.organisation)]}
