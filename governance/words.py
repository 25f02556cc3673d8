"""Governance actions, scopes and refusals said in words, for people who do not read calldata."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from eth_utils.address import is_address, to_checksum_address

from node.chain import AccreditationStatus, Scope
from node.documents import QualificationFramework
from node.errors import ContractRevertError

__all__ = ["action_words", "day", "revert_words", "scope_words", "status_words"]

_STATUS = {
    AccreditationStatus.NONE: "never accredited",
    AccreditationStatus.ACTIVE: "active",
    AccreditationStatus.SUSPENDED: "suspended",
    AccreditationStatus.WITHDRAWN: "withdrawn",
}


def day(timestamp: int) -> str:
    """A Unix time as the ISO day it falls on (UTC)."""
    return datetime.fromtimestamp(timestamp, UTC).date().isoformat()


def status_words(status: AccreditationStatus) -> str:
    """An accreditation status as a word."""
    return _STATUS[status]


def _bits(mask: int) -> list[int]:
    return [i for i in range(256) if mask >> i & 1]


def _named(mask: int, names: Mapping[int, str], what: str) -> str:
    ids = _bits(mask)
    if not ids:
        return f"no {what}"
    return ", ".join(names.get(i, f"#{i}") for i in ids)


def scope_words(scope: Scope, framework: QualificationFramework | None) -> str:
    """Fields, outcome types, level cap and conversion right, named by the framework in force."""
    fields = {f.id: f.code for f in framework.fields_of_study} if framework else {}
    types = {t.id: t.code for t in framework.outcome_types} if framework else {}
    convert = "may record conversions" if scope.can_convert else "no conversion right"
    return (
        f"fields {_named(scope.fields, fields, 'fields')}; "
        f"outcome types {_named(scope.outcome_types, types, 'outcome types')}; "
        f"up to level {scope.max_level}; {convert}"
    )


def action_words(fn: str, params: dict[str, Any], framework: QualificationFramework | None) -> str:
    """What a proposal's action does once it runs."""
    if fn == "accredit":
        role = "branch centre" if params["isBranch"] else "certification centre"
        scope = Scope.from_abi(params["scope"])
        did = "0x" + bytes(params["didHash"]).hex()
        return (
            f"Accredit {params['account']} as a {role} (DID hash {did})"
            f" for {scope_words(scope, framework)}; valid {day(int(params['validFrom']))} to "
            f"{day(int(params['validUntil']))}"
        )
    if fn == "suspendAccreditation":
        return f"Suspend the accreditation of {params['account']} (new batches refused)"
    if fn == "reinstateAccreditation":
        return f"Lift the suspension of {params['account']}"
    if fn == "withdrawAccreditation":
        return f"Withdraw the accreditation of {params['account']} for good"
    if fn == "addGovernor":
        return f"Add {params['account']} as a governor"
    if fn == "removeGovernor":
        return f"Remove governor {params['account']}"
    if fn == "setQuorum":
        return f"Change the quorum to {params['quorum_']} approvals"
    if fn == "unknown":
        return f"An action this registry has no function for ({params['calldata'][:74]}): it fails"
    return f"Call {fn} with {params}"


def _arg(name: str, value: Any) -> str:
    if name in {"current", "status"} and isinstance(value, int):
        return _STATUS[AccreditationStatus(value)]
    if isinstance(value, str) and len(value) == 42 and is_address(value):
        return to_checksum_address(value)
    if isinstance(value, int) and not isinstance(value, bool) and value > 10**9:
        return f"{value} ({day(value)})" if value < 10**11 else str(value)
    return str(value)


def revert_words(exc: ContractRevertError) -> str:
    """The ledger's refusal as a sentence, with the values it names."""
    title = (exc.title or exc.error_name or "The ledger refused").rstrip(".")
    args = exc.revert_args
    if not args:
        return title
    named = ", ".join(f"{k} {_arg(k, v)}" for k, v in args.items())
    return f"{title} ({named})"
