"""One exception handler per app: every error leaves as ``application/problem+json``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from node.errors import CreditBankError, InputError
from node.web.requestid import with_request_id

__all__ = ["PROBLEM_JSON", "install_problem_handlers", "problem_response"]

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

_HTTP_CODES = {
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
}


def problem_response(problem: dict[str, Any]) -> JSONResponse:
    """A problem document with its status and media type (and ``Retry-After`` when it says).

    The request's id (``node.web.requestid``) rides along as the ``request_id`` extension member.
    """
    problem = with_request_id(problem)
    headers = {"Retry-After": str(problem["retry_after"])} if "retry_after" in problem else None
    return JSONResponse(
        problem, status_code=int(problem["status"]), media_type=PROBLEM_JSON, headers=headers
    )


async def _credit_bank_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CreditBankError)
    if exc.http_status >= 500:
        logger.warning("%s on %s: %s", exc.code, request.url.path, exc.detail)
    return problem_response(exc.to_problem(instance=request.url.path))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in exc.errors()
    ]
    error = InputError("the request does not match the expected shape", errors=errors)
    return problem_response(error.to_problem(instance=request.url.path))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, f"HTTP_{exc.status_code}")
    return problem_response(
        {
            "type": f"urn:creditbank:error:{code}",
            "title": str(exc.detail),
            "status": exc.status_code,
            "detail": str(exc.detail),
            "code": code,
            "instance": request.url.path,
        }
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s", request.url.path)
    return problem_response(CreditBankError().to_problem(instance=request.url.path))


def install_problem_handlers(app: FastAPI) -> None:
    """Route our errors, validation errors and HTTP errors through problem documents."""
    app.add_exception_handler(CreditBankError, _credit_bank_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
