"""The one error envelope ``{"error": {"code", "message"}}`` and its documented responses."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ai_work_audit.api._uploads import MultipartError, UploadTooLarge
from ai_work_audit.errors import AuditError, ConfigError, EvidenceError, InputError, PolicyError

DESCRIPTIONS = {
    400: "Bad input: the upload or request body cannot be used (the message says why).",
    401: "No API key, or an unknown or revoked one.",
    403: "The key's role may not do this.",
    404: "Not found (or it belongs to another organisation).",
    409: "The resource is not in a state that allows this (e.g. the audit is not finished).",
    413: "The upload is larger than the limit.",
    415: "Unsupported media type.",
    422: "Invalid parameters (the message names them).",
    429: "Too many failed authentications from this client: retry after the number of seconds "
         "in the Retry-After header.",
    501: "Not available in this installation yet.",
}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
         415: "unsupported_media_type", 422: "invalid_parameters", 429: "too_many_requests",
         500: "internal_error",
         501: "not_implemented"}


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorEnvelope(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    """An error answered with the envelope."""

    def __init__(self, status: int, message: str, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.headers = headers


def not_found(what: str = "resource") -> ApiError:
    return ApiError(404, f"{what} not found.")


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, all with the envelope; 401 brings 429
    (failed authentications are rate-limited per client), with its Retry-After header."""
    out: dict[int | str, dict[str, Any]] = {
        s: {"model": ErrorEnvelope, "description": DESCRIPTIONS[s]} for s in statuses}
    if 401 in statuses:
        out[429] = {"model": ErrorEnvelope, "description": DESCRIPTIONS[429], "headers": {
            "Retry-After": {"description": "Seconds to wait before authenticating again.",
                            "schema": {"type": "integer"}}}}
    return out


def envelope(status: int, message: str, code: str | None = None,
             headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code or CODES.get(status, "error"),
                                   "message": message}}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    more = len(exc.errors()) - 5
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "") + "."


def status_of(exc: AuditError) -> int:
    if isinstance(exc, UploadTooLarge):
        return 413
    if isinstance(exc, (InputError, MultipartError)):
        return 400
    if isinstance(exc, (ConfigError, EvidenceError, PolicyError)):
        return 422
    return 400


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return envelope(exc.status, exc.message, exc.code, headers or None)

    @app.exception_handler(AuditError)
    async def _audit(_: Request, exc: AuditError) -> JSONResponse:
        return envelope(status_of(exc), " ".join(str(exc).split()))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return envelope(422, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request failed."
        return envelope(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(_: Request, exc: Exception) -> JSONResponse:
        return envelope(500, f"internal error ({type(exc).__name__}).")
