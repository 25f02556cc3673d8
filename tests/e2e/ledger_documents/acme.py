"""A framework, catalog, programme and rule set that are not the demo's: the Acme consortium.

Field and outcome-type ids differ from the demo framework's, and version 2 of the framework
renumbers them, so a credential judged under the wrong version fails its accreditation check.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from node.documents import OutcomeCatalog, QualificationFramework

FRAMEWORK_ID = "acme:qf"
CATALOG_ID = "acme:catalog"
PROGRAMME_ID = "acme-college:programme/robotics"


def framework(version: int = 1, effective_from: date = date(2025, 1, 1)) -> QualificationFramework:
    """Acme's framework; version 2 puts robotics and the outcome types on other bits."""
    robotics, aviation = (0, 1) if version == 1 else (3, 0)
    certificate, course = (0, 1) if version == 1 else (2, 4)
    return QualificationFramework.model_validate(
        {
            "id": FRAMEWORK_ID,
            "version": version,
            "effective_from": effective_from,
            "name": f"Acme Skills Framework (v{version})",
            "levels": [
                {"number": n, "name": f"Acme level {n}", "descriptor": f"Acme descriptor {n}."}
                for n in range(1, 7)
            ],
            "fields_of_study": [
                {"id": robotics, "code": "robotics", "name": "Robotics"},
                {"id": aviation, "code": "aviation-maintenance", "name": "Aviation maintenance"},
            ],
            "outcome_types": [
                {"id": certificate, "code": "skill_certificate", "name": "Skill certificate"},
                {"id": course, "code": "academic_course", "name": "Course"},
            ],
            "credit_systems": [{"code": "AC", "name": "Acme credits"}],
        },
        strict=False,
    )


def _standard(code: str, kind: str, level: int, credits: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": f"Acme {code}",
        "description": f"The Acme standard {code}.",
        "criteria": "Assessed by an Acme examiner.",
        "outcome_type": kind,
        "field": "robotics",
        "credit_system": "AC",
        "level": level,
        "credits": credits,
    }


def catalog(version: int = 1, *, robot_credits: str = "7.50") -> OutcomeCatalog:
    """The Acme robotics centre's catalog, written against framework v1."""
    return OutcomeCatalog.model_validate(
        {
            "id": CATALOG_ID,
            "version": version,
            "effective_from": date(2025, 1, 1),
            "type": "OutcomeCatalog",
            "issuer": "Acme Robotics Certification Centre",
            "framework": {"id": FRAMEWORK_ID, "version": 1},
            "standards": [
                _standard("ROB-CERT", "skill_certificate", 4, robot_credits),
                _standard("ROB-COURSE", "academic_course", 3, "3.00"),
            ],
        },
        strict=False,
    )


PROGRAMME = f"""\
id: {PROGRAMME_ID}
version: 1
effective_from: 2025-01-01
institution: Acme Technical College
name: Robotics engineering
field: robotics
level: 4
credit_system: AC
total_credits: 60
courses:
  - {{code: ROB-BASICS, name: Robotics basics, credits: 6, required: true}}
  - {{code: ROB-LAB, name: Robotics laboratory, credits: 8, required: true}}
  - {{code: MATH, name: Mathematics, credits: 6, required: true}}
"""

RULE_SET = f"""\
id: acme-college:rules/robotics
version: 1
effective_from: 2025-01-01
institution: Acme Technical College
programme: {PROGRAMME_ID}
programme_version: 1
ceiling_percent: 40
rules:
  - kind: exempt
    id: rob-cert-exempts-basics
    when: {{standards: [ROB-CERT]}}
    courses: [ROB-BASICS]
"""
