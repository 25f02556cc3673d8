"""VC-API's reading of a verification: the checks asked for decide the HTTP status.

VC-API clients and the public conformance suites read the status code: 200 means the checks
that were asked for (``options.checks``) hold. Our report says much more (anchoring,
accreditation, credits), so the answer carries both: VC-API's ``checks``, ``warnings`` and
``errors``, and the credit bank's full report with its own verdict. A genuine credential of
another issuer therefore answers 200 for ``checks: ["proof"]`` while its report says
``foreign``.

The credit bank's verdict, from the same checks:

- ``valid``: every check passed;
- ``invalid``: the credential's own content fails (structure, signature, dates, status), or a
  receipt was given and does not hold;
- ``not-anchored``: the proof holds, no receipt came with it, and its issuer DID is bound to an
  account of this credit bank;
- ``foreign``: the proof holds, no receipt came with it, and its issuer is unknown here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from node.errors import InputError
from node.verification import Check, CredentialReport

__all__ = [
    "DEFAULT_CHECKS",
    "KNOWN_CHECKS",
    "BankVerdict",
    "VcApiResult",
    "bank_verdict",
    "issuer_binding_decides",
    "requested_checks",
    "vcapi_result",
]

BankVerdict = Literal["valid", "invalid", "not-anchored", "foreign"]

#: VC-API check names and the checks of our report each one stands for.
KNOWN_CHECKS: dict[str, tuple[str, ...]] = {
    "proof": ("structure", "supported", "signature"),
    "validity": ("validity",),
    "expiration": ("validity",),
    "credentialStatus": ("status",),
    "status": ("status",),
}
#: What is checked when ``options.checks`` is absent: proof, validity dates, readable status.
DEFAULT_CHECKS = ("proof", "validity", "credentialStatus")
#: Checks of the credential's own content: any failure makes it ``invalid``.
_CONTENT = ("structure", "supported", "signature", "validity", "status")


@dataclass(frozen=True, slots=True)
class VcApiResult:
    """The HTTP status and VC-API body of one verification."""

    status_code: int
    body: dict[str, Any]


def requested_checks(options: object) -> list[str]:
    """``options.checks`` as given, or the defaults; an unknown name is an ``InputError``."""
    if not isinstance(options, dict) or "checks" not in options:
        return list(DEFAULT_CHECKS)
    checks = options["checks"]
    if not isinstance(checks, list) or not all(isinstance(c, str) for c in checks):
        raise InputError("options.checks must be a list of check names")
    unknown = sorted(set(checks) - set(KNOWN_CHECKS))
    if unknown:
        raise InputError(
            f"unknown checks {unknown}; known: {sorted(KNOWN_CHECKS)}", unknown_checks=unknown
        )
    return list(dict.fromkeys(checks))


def bank_verdict(report: CredentialReport, receipt_given: bool, issuer_known: bool) -> BankVerdict:
    """The credit bank's verdict on one credential (see the module's docstring).

    ``issuer_known`` counts only where ``issuer_binding_decides``; elsewhere it is ignored.
    """
    if report.valid:
        return "valid"
    if not issuer_binding_decides(report, receipt_given):
        return "invalid"
    return "not-anchored" if issuer_known else "foreign"


def issuer_binding_decides(report: CredentialReport, receipt_given: bool) -> bool:
    """Whether the verdict turns on the issuer DID's binding to an account here.

    Only for a credential whose content and signature hold and that came without a receipt
    (``not-anchored`` or ``foreign``), so a caller reads the binding from the chain for those
    alone: a valid credential, the common case, costs no read of it.
    """
    if report.valid or receipt_given:
        return False
    by_name = {c.name: c for c in report.checks}
    if any(by_name[n].status.value == "failed" for n in _CONTENT if n in by_name):
        return False
    signature = by_name.get("signature")
    return signature is not None and signature.ok


def _asked(report: CredentialReport, name: str, *, defaulted: bool) -> list[Check]:
    """Our checks behind one VC-API check; status is skipped by default when unreadable."""
    found = [c for n in KNOWN_CHECKS[name] if (c := report.check(n)) is not None]
    if defaulted and name in ("credentialStatus", "status"):
        return [c for c in found if c.status.value != "could-not-check"]
    if not found:
        return [Check.could_not(name, "not checked: nothing in the credential to check")]
    return found


def vcapi_result(
    report: CredentialReport,
    checks: Sequence[str],
    *,
    defaulted: bool,
    verdict: BankVerdict,
    report_json: dict[str, Any] | None = None,
) -> VcApiResult:
    """200 when every asked check passed, 422 otherwise, with both readings in the body."""
    passed: list[str] = []
    errors: list[dict[str, str]] = []
    for name in checks:
        behind = _asked(report, name, defaulted=defaulted)
        failing = [c for c in behind if not c.ok]
        if failing:
            errors.extend(_problem(name, c) for c in failing)
        else:
            passed.append(name)
    asked = {n for name in checks for n in KNOWN_CHECKS[name]}
    warnings = [_problem(c.name, c) for c in _others(report.checks, asked) if not c.ok]
    body = {
        "verified": not errors,
        "checks": passed,
        "warnings": warnings,
        "errors": errors,
        "verdict": verdict,
        "report": report_json if report_json is not None else report.to_json(),
    }
    return VcApiResult(200 if not errors else 422, body)


def _others(checks: Iterable[Check], asked: set[str]) -> list[Check]:
    return [c for c in checks if c.name not in asked]


def _problem(name: str, check: Check) -> dict[str, str]:
    """One failed or unmade check as a problem-details-like entry."""
    return {
        "type": f"urn:creditbank:check:{check.name}",
        "check": name,
        "title": f"{check.name} {check.status.value}",
        "detail": check.reason,
    }
