"""The operators' console, served by the issuer under ``/console/``.

Certification-centre pages (review queue, CSV import, credentials, audit, operators) and
college pages (programmes and rule sets, conversion queue, report), server-rendered with a
strict CSP. Operators sign in with a password (``issuer.passwords``); the session and its CSRF
token live in the expiring-token store (``issuer.console.sessions``). Every action calls the
same service code as the API.
"""

from __future__ import annotations

from fastapi import APIRouter

from issuer.console import admin, applications, college, credentials, imports, signin, static

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
for _module in (signin, applications, imports, credentials, admin, college, static):
    router.include_router(_module.router)
