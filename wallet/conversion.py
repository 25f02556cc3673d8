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

from node import jsonlimits
from node.conversion import Programme, RuleSet, outcome_of
from node.conversion.credential import claim_of
from node.conversion.planner import Plan, plan
from node.documents import OutcomeCatalog
from node.errors import InputError, NotFoundError
from wallet.errors import InstitutionExchangeError
from wallet.wallet import Wallet

__all__ = ["apply_for_conversion", "fetch_programme", "plan_programme"]


#: The most a college or catalog answer may weigh: a programme list is kilobytes.
MAX_ANSWER_BYTES = 5_000_000


async def _fetch(http: httpx.AsyncClient, method: str, url: str, what: str, **kwargs: Any) -> Any:
    """The JSON a college or catalog answers, bounded in size and depth.

    A refusal (4xx) is the learner's to read (``InputError`` with the college's code); no
    answer, a failure (5xx) or an answer that is not JSON names the institution
    (``InstitutionExchangeError``).
    """
    body = bytearray()
    try:
        async with http.stream(method, url, **kwargs) as response:
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_ANSWER_BYTES:
                    raise InstitutionExchangeError(
                        f"{what} at {url}: answer over {MAX_ANSWER_BYTES} bytes"
                    )
    except httpx.HTTPError as exc:
        raise InstitutionExchangeError(
            f"{what} at {url}: no answer ({type(exc).__name__})"
        ) from exc
    try:
        answer = jsonlimits.loads(bytes(body))
    except InputError:
        answer = None
    if response.status_code >= 400:
        problem = answer if isinstance(answer, dict) else {}
        said = f"{problem.get('code', response.status_code)} {problem.get('detail', '')}".strip()
        if response.status_code >= 500:
            raise InstitutionExchangeError(f"{what} at {url} failed: {said}")
        raise InputError(f"{what} refused: {said}")
    if answer is None:
        raise InstitutionExchangeError(f"{what} at {url}: the answer is not JSON")
    return answer


async def fetch_programme(
    http: httpx.AsyncClient, institution_url: str, programme_id: str
) -> tuple[Programme, RuleSet]:
    """The latest published version of a programme and its rules, from the college."""
    url = f"{institution_url.rstrip('/')}/programmes"
    listed = await _fetch(http, "GET", url, "programmes")
    if not isinstance(listed, list):
        raise InstitutionExchangeError(f"programmes at {url}: not a list of programmes")
    for entry in listed:
        try:
            if entry["programme"]["id"] != programme_id:
                continue
            return (
                Programme.model_validate_json(_json(entry["programme"])),
                RuleSet.model_validate_json(_json(entry["rule_set"])),
            )
        except (KeyError, TypeError, ValueError) as exc:  # pydantic's ValidationError too
            raise InstitutionExchangeError(
                f"programmes at {url}: an entry is not a published programme ({exc})"
            ) from exc
    raise NotFoundError(f"{institution_url} publishes no programme {programme_id!r}")


def _json(value: object) -> str:
    return json.dumps(value)


async def _fetch_catalog(http: httpx.AsyncClient, url: str) -> OutcomeCatalog:
    """A certification centre's published catalog (``GET /catalog``)."""
    answer = await _fetch(http, "GET", url, "catalog")
    try:
        return OutcomeCatalog.model_validate_json(_json(answer["catalog"]))
    except (KeyError, TypeError, ValueError) as exc:  # pydantic's ValidationError too
        raise InstitutionExchangeError(f"catalog at {url}: not an outcome catalog ({exc})") from exc


async def apply_for_conversion(
    wallet: Wallet,
    http: httpx.AsyncClient,
    institution_url: str,
    programme_id: str,
    credential_ids: Sequence[str],
) -> dict[str, Any]:
    """Present the chosen credentials to the college for its challenge; its proposal comes back."""
    base = institution_url.rstrip("/")
    url = f"{base}/applications/challenge"
    asked = await _fetch(http, "POST", url, "challenge")
    if not isinstance(asked, dict) or not all(
        isinstance(asked.get(k), str) for k in ("challenge", "domain")
    ):
        raise InstitutionExchangeError(f"challenge at {url}: no challenge and domain")
    package = await wallet.present(
        credential_ids, challenge=asked["challenge"], domain=asked["domain"]
    )
    url = f"{base}/conversions"
    answer = await _fetch(
        http, "POST", url, "application", json={"programme_id": programme_id, "package": package}
    )
    if not isinstance(answer, dict):
        raise InstitutionExchangeError(f"application at {url}: the answer is not an object")
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
    catalogs = [await _fetch_catalog(http, f"{url.rstrip('/')}/catalog") for url in catalog_urls]
    outcomes = [
        outcome_of(held.credential)
        for held in wallet.held()
        if held.label == "valid" and claim_of(held.credential) is None
    ]
    return plan(programme, rule_set, outcomes, catalogs, datetime.now(UTC).date())
