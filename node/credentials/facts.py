"""What a credential's achievement claims, read defensively from any JSON value.

The verifier reports these facts and the conversion rules read them, so they live with the
credentials, below both.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["achievement_facts", "subject_of"]

_TEXT_FACTS = {
    "standard_code": "humanCode",
    "name": "name",
    "field": "fieldOfStudyCode",
    "field_name": "fieldOfStudy",
    "outcome_type": "outcomeType",
    "achievement_type": "achievementType",
    "credit_system": "creditSystem",
    "skill_grade": "skillGrade",
}


def subject_of(credential: object) -> dict[str, Any] | None:
    """The first ``credentialSubject`` object of a credential, if it has one."""
    if not isinstance(credential, dict):
        return None
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else None
    return subject if isinstance(subject, dict) else None


def _number(value: object) -> int | float | None:
    """A finite JSON number (never a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


def achievement_facts(credential: object) -> dict[str, Any]:
    """Standard code, field, level, outcome type, credits and credit system, where well-typed."""
    subject = subject_of(credential)
    achievement = subject.get("achievement") if subject else None
    if not isinstance(subject, dict) or not isinstance(achievement, dict):
        return {}
    facts: dict[str, Any] = {
        key: achievement[source]
        for key, source in _TEXT_FACTS.items()
        if isinstance(achievement.get(source), str)
    }
    level = achievement.get("qualificationLevel")
    if isinstance(level, int) and not isinstance(level, bool):
        facts["level"] = level
    for key, value in (
        ("credits_earned", subject.get("creditsEarned")),
        ("credits_available", achievement.get("creditsAvailable")),
    ):
        number = _number(value)
        if number is not None:
            facts[key] = number
    return facts
