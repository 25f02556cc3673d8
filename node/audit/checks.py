"""Pure checks of one conversion's evidence against its on-chain record and its rules.

The rules engine is deterministic, so re-running the published rule set on the presented
credentials at the decision's date gives the most the rules allow. An officer may lower a
proposal, never raise it: anything above, or a grant the rules do not make, is a finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from node.audit.evidence import EvidenceEntry
from node.audit.report import Finding
from node.chain.types import Conversion
from node.conversion import Programme, RuleSet, decide, outcome_of
from node.errors import CreditBankError

__all__ = ["check_entry", "double_exemptions", "learner_of", "presented_credentials"]


def presented_credentials(entry: EvidenceEntry) -> list[dict[str, Any]]:
    """The credentials of the entry's verified presentation."""
    vp = entry.presentation.get("verifiablePresentation")
    found = vp.get("verifiableCredential") if isinstance(vp, dict) else None
    items = found if isinstance(found, list) else [found] if found is not None else []
    return [vc for vc in items if isinstance(vc, dict)]


def learner_of(entry: EvidenceEntry) -> str | None:
    """The presentation's holder (kept off chain; used only to group one learner's entries)."""
    vp = entry.presentation.get("verifiablePresentation")
    holder = vp.get("holder") if isinstance(vp, dict) else None
    return holder if isinstance(holder, str) else None


def _grants(entry: EvidenceEntry) -> list[dict[str, Any]]:
    grants = entry.decision.get("grants")
    return [g for g in grants if isinstance(g, dict)] if isinstance(grants, list) else []


def _credits(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def check_entry(
    record: Conversion, entry: EvidenceEntry, programme: Programme, rule_set: RuleSet
) -> list[Finding]:
    """What the evidence shows against the record and the rules re-run on it."""
    cid, officer = entry.conversion_id.lower(), entry.officer

    def finding(code: str, detail: str) -> Finding:
        return Finding(code, cid, officer, detail)

    credentials = presented_credentials(entry)
    try:
        as_of = date.fromisoformat(str(entry.decision.get("as_of")))
        outcomes = [outcome_of(vc) for vc in credentials]
    except (CreditBankError, ValueError, TypeError, KeyError, AttributeError) as exc:
        return [
            finding("EVIDENCE_UNREADABLE", f"the evidence cannot be re-run: {type(exc).__name__}")
        ]
    allowed = decide(programme, rule_set, outcomes, as_of)
    by_id = {g.id: g for g in allowed.grants}
    found: list[Finding] = []
    total = Decimal(0)
    for grant in _grants(entry):
        credits = _credits(grant.get("credits"))
        gid, target = str(grant.get("id")), str(grant.get("target"))
        if credits is None:
            found.append(finding("OVER_RULES", f"grant {gid} carries no readable credits"))
            continue
        total += credits
        rule = by_id.get(gid)
        if rule is None or rule.target != target:
            found.append(
                finding(
                    "OVER_RULES",
                    f"grants {credits} credits as {target} ({gid}); "
                    "the rules grant nothing of the kind",
                )
            )
        elif credits > rule.credits:
            found.append(
                finding(
                    "OVER_RULES",
                    f"grants {credits} credits as {target}; the rules allow at most {rule.credits}",
                )
            )
    recorded = Decimal(record.credits) / 100
    if recorded > allowed.total:
        found.append(
            finding(
                "OVER_RULES",
                f"records {recorded} credits on chain; rule set "
                f"{rule_set.id} v{rule_set.version} allows at most {allowed.total}",
            )
        )
    if recorded != total:
        found.append(
            finding(
                "CREDITS_MISMATCH",
                f"records {recorded} credits on chain, the decision in the evidence {total}",
            )
        )
    presented = {o.hash.lower() for o in outcomes}
    unknown = sorted(
        "0x" + bytes(s).hex() for s in record.sources if "0x" + bytes(s).hex() not in presented
    )
    if unknown:
        found.append(
            finding(
                "SOURCES_MISMATCH",
                "the record converts source(s) the presentation "
                f"does not hold: {', '.join(unknown)}",
            )
        )
    return found


def double_exemptions(entries: Iterable[EvidenceEntry]) -> list[Finding]:
    """A course exempted more than once for one learner in one programme, across entries."""
    seen: dict[tuple[str, str, str], list[EvidenceEntry]] = defaultdict(list)
    for entry in entries:
        learner = learner_of(entry) or ""
        for grant in _grants(entry):
            if grant.get("kind") == "course":
                seen[(learner, entry.programme.id, str(grant.get("target")))].append(entry)
    found = []
    for (_, programme, course), where in seen.items():
        for later in where[1:]:
            first = where[0].conversion_id.lower()
            found.append(
                Finding(
                    "COURSE_EXEMPTED_TWICE",
                    later.conversion_id.lower(),
                    later.officer,
                    f"exempts course {course} of {programme} for a learner whose conversion "
                    f"{first} exempted it already",
                )
            )
    return found
