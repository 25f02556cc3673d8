"""The learner's side of conversion: apply to a college's programme, and plan what is missing.

Both read what the college publishes (``GET /programmes``) and, for the planner, the catalogs
that certification centres publish (``GET /catalog``); the rules run here, as at the college.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from node.conversion import Programme, RuleSet, outcome_of
from node.conversion.credential import claim_of
from node.conversion.planner import Plan, plan
from node.documents import OutcomeCatalog
from node.errors import InputError, NotFoundError
from wallet.wallet import Wallet

__all__ = ["apply_for_conversion", "fetch_programme", "plan_programme"]


def _answer(response: httpx.Response, what: str) -> Any:
    if response.status_code >= 400:
        try:
            problem = response.json()
        except ValueError:
            problem = {"detail": response.text[:300]}
        raise InputError(f"{what} refused: {problem.get('code', '')} {problem.get('detail', '')}")
    return response.json()


async def fetch_programme(
    http: httpx.AsyncClient, institution_url: str, programme_id: str
) -> tuple[Programme, RuleSet]:
    """The latest published version of a programme and its rules, from the college."""
    listed = _answer(await http.get(f"{institution_url.rstrip('/')}/programmes"), "programmes")
    for entry in listed:
        if entry["programme"]["id"] == programme_id:
            return (
                Programme.model_validate_json(_json(entry["programme"])),
                RuleSet.model_validate_json(_json(entry["rule_set"])),
            )
    raise NotFoundError(f"{institution_url} publishes no programme {programme_id!r}")


def _json(value: object) -> str:
    return json.dumps(value)


async def apply_for_conversion(
    wallet: Wallet,
    http: httpx.AsyncClient,
    institution_url: str,
    programme_id: str,
    credential_ids: Sequence[str],
) -> dict[str, Any]:
    """Present the chosen credentials to the college for its challenge; its proposal comes back."""
    base = institution_url.rstrip("/")
    asked = _answer(await http.post(f"{base}/applications/challenge"), "challenge")
    package = await wallet.present(
        credential_ids, challenge=asked["challenge"], domain=asked["domain"]
    )
    answer: dict[str, Any] = _answer(
        await http.post(
            f"{base}/conversions", json={"programme_id": programme_id, "package": package}
        ),
        "application",
    )
    return answer


async def plan_programme(
    wallet: Wallet,
    http: httpx.AsyncClient,
    institution_url: str,
    programme_id: str,
    catalog_urls: Sequence[str],
) -> Plan:
    """What the wallet's valid credentials cover in a programme, and what catalogs offer."""
    programme, rule_set = await fetch_programme(http, institution_url, programme_id)
    catalogs = [
        OutcomeCatalog.model_validate_json(
            _json(_answer(await http.get(f"{url.rstrip('/')}/catalog"), "catalog")["catalog"])
        )
        for url in catalog_urls
    ]
    outcomes = [
        outcome_of(held.credential)
        for held in wallet.held()
        if held.label == "valid" and claim_of(held.credential) is None
    ]
    return plan(programme, rule_set, outcomes, catalogs, datetime.now(UTC).date())
