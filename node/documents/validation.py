"""Checks that span documents: a catalog may only use what its framework defines."""

from __future__ import annotations

import logging

from node.chain.types import Scope
from node.documents.catalog import OutcomeCatalog, OutcomeStandard
from node.documents.errors import DocumentInvalidError
from node.documents.framework import QualificationFramework

__all__ = ["catalog_problems", "standard_scope", "validate_catalog"]

logger = logging.getLogger(__name__)


def _standard_problems(standard: OutcomeStandard, framework: QualificationFramework) -> list[str]:
    where = f"standard {standard.code}"
    problems: list[str] = []
    if standard.field not in {f.code for f in framework.fields_of_study}:
        problems.append(f"{where}: field {standard.field!r} is not in the framework")
    if standard.outcome_type not in {t.code for t in framework.outcome_types}:
        problems.append(f"{where}: outcome type {standard.outcome_type!r} is not in the framework")
    if standard.credit_system not in {c.code for c in framework.credit_systems}:
        problems.append(
            f"{where}: credit system {standard.credit_system!r} is not in the framework"
        )
    top = len(framework.levels)
    problems.extend(
        f"{where}: level {level} is outside the framework's 1..{top}"
        for level in standard.levels
        if level > top
    )
    return problems


def catalog_problems(catalog: OutcomeCatalog, framework: QualificationFramework) -> list[str]:
    """Every way ``catalog`` disagrees with ``framework``; empty when it is valid."""
    problems: list[str] = []
    ref = catalog.framework
    if (ref.id, ref.version) != (framework.id, framework.version):
        problems.append(
            f"catalog refers to framework {ref.id} v{ref.version}, "
            f"not {framework.id} v{framework.version}"
        )
    for standard in catalog.standards:
        problems.extend(_standard_problems(standard, framework))
    return problems


def validate_catalog(catalog: OutcomeCatalog, framework: QualificationFramework) -> None:
    """Refuse a catalog that uses a field, type, level or credit system its framework lacks."""
    problems = catalog_problems(catalog, framework)
    if problems:
        logger.info("catalog %s v%d: %d problems", catalog.id, catalog.version, len(problems))
        raise DocumentInvalidError(
            f"catalog {catalog.id} v{catalog.version}: " + "; ".join(problems),
            problems=problems,
        )


def standard_scope(
    framework: QualificationFramework, standard: OutcomeStandard, grade: str | None = None
) -> Scope:
    """The accreditation scope an issuer needs to certify ``standard`` at ``grade``."""
    award = standard.award(grade)
    return framework.scope_bits(standard.field, standard.outcome_type, award.level)
