"""Schema rules of the framework and catalog models."""

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from node.chain.types import Scope
from node.documents import (
    DocumentEntryNotFoundError,
    DocumentInvalidError,
    OutcomeCatalog,
    QualificationFramework,
    load_demo_catalog,
    load_demo_framework,
    parse_document,
)
from node.documents.catalog import Grade, OutcomeStandard
from node.documents.framework import OUTCOME_TYPE_CODES


def framework_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(load_demo_framework().model_dump_json())
    return data


def catalog_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(load_demo_catalog().model_dump_json())
    return data


def parse_framework(value: dict[str, Any]) -> QualificationFramework:
    return parse_document(QualificationFramework, json.dumps(value))


def parse_catalog(value: dict[str, Any]) -> OutcomeCatalog:
    return parse_document(OutcomeCatalog, json.dumps(value))


def test_demo_documents_load_and_look_like_the_brief() -> None:
    framework, catalog = load_demo_framework(), load_demo_catalog()
    assert [level.number for level in framework.levels] == list(range(1, 9))
    assert len(framework.fields_of_study) >= 8
    assert {t.code for t in framework.outcome_types} == set(OUTCOME_TYPE_CODES)
    assert catalog.issuer == "Eastern Vocational Certification Centre"
    assert len(catalog.standards) >= 15
    graded = [s for s in catalog.standards if s.graded]
    assert len(graded) >= 5
    assert {s.outcome_type for s in catalog.standards} >= {
        "skill_certificate",
        "training",
        "competition_award",
        "military_service",
        "work_experience",
    }


def test_documents_are_frozen() -> None:
    framework = load_demo_framework()
    with pytest.raises(Exception, match="frozen"):
        framework.version = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("path", "value", "message", "where"),
    [
        (("version",), 0, "greater than or equal to 1", "version"),
        (("version",), "1", "valid integer", "version"),
        (("effective_from",), "2024-13-01", "date", "effective_from"),
        (("levels", 1, "number"), 3, "numbered 1..8", "levels"),
        (("fields_of_study", 1, "id"), 0, "duplicate field id 0", "fields_of_study"),
        (("fields_of_study", 1, "code"), "logistics", "duplicate field code", "fields_of_study"),
        (("fields_of_study", 0, "id"), 256, "less than or equal to 255", "fields_of_study.0.id"),
        (("outcome_types", 0, "id"), 32, "less than or equal to 31", "outcome_types.0.id"),
        (("outcome_types", 0, "code"), "hobby", "academic_course", "outcome_types.0.code"),
        (("credit_systems", 1, "code"), "CB", "duplicate credit system", "credit_systems"),
        (("fields_of_study", 0, "code"), "has space", "pattern", "fields_of_study.0.code"),
        (("id",), "Upper Case", "pattern", "id"),
    ],
)
def test_framework_schema_errors_name_the_place(
    path: tuple[str | int, ...], value: object, message: str, where: str
) -> None:
    data = framework_json()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(DocumentInvalidError, match=message) as info:
        parse_framework(data)
    assert info.value.code == "DOCUMENT_INVALID"
    assert info.value.http_status == 422
    assert f"{where}: " in info.value.detail


def test_unknown_keys_are_refused() -> None:
    data = framework_json()
    data["levels"][0]["colour"] = "blue"
    with pytest.raises(DocumentInvalidError, match=r"levels\.0\.colour: Extra inputs"):
        parse_framework(data)


def test_credits_keep_two_places_and_refuse_more() -> None:
    data = catalog_json()
    data["standards"][7]["credits"] = "4.5"
    assert parse_catalog(data).standards[7].credits == Decimal("4.50")
    assert str(parse_catalog(data).standards[7].credits) == "4.50"
    data["standards"][7]["credits"] = "4.505"
    with pytest.raises(DocumentInvalidError, match="two decimal places"):
        parse_catalog(data)
    data["standards"][7]["credits"] = "-1"
    with pytest.raises(DocumentInvalidError, match="greater than or equal to 0"):
        parse_catalog(data)


def test_a_standard_is_graded_or_ungraded_never_both() -> None:
    data = catalog_json()
    data["standards"][0]["level"] = 3
    with pytest.raises(DocumentInvalidError, match="graded standard takes level"):
        parse_catalog(data)
    data = catalog_json()
    data["standards"][7]["credits"] = None
    with pytest.raises(DocumentInvalidError, match="needs both level and credits"):
        parse_catalog(data)


def test_codes_are_unique_in_a_catalog() -> None:
    data = catalog_json()
    data["standards"][1]["code"] = data["standards"][0]["code"]
    with pytest.raises(DocumentInvalidError, match="duplicate standard code '1X-WFED'"):
        parse_catalog(data)
    data = catalog_json()
    data["standards"][0]["grades"][1]["code"] = "primary"
    with pytest.raises(DocumentInvalidError, match="duplicate grade code"):
        parse_catalog(data)


def test_python_construction_is_strict() -> None:
    with pytest.raises(ValueError, match="valid integer"):
        Grade(code="primary", name="Primary", level="3", credits=Decimal("1"))  # type: ignore[arg-type]
    grade = Grade(code="primary", name="Primary", level=3, credits=Decimal("1"))
    assert grade.credits == Decimal("1.00")


def test_lookups_and_awards() -> None:
    framework, catalog = load_demo_framework(), load_demo_catalog()
    wfed = catalog.standard("1X-WFED")
    assert wfed.levels == (3, 4, 5)
    award = wfed.award("intermediate")
    assert (award.level, award.credits, award.credit_system) == (4, Decimal("6.00"), "CB")
    military = catalog.standard("MIL-SERVICE").award()
    assert military.grade is None and military.credits == Decimal("6.00")
    with pytest.raises(DocumentEntryNotFoundError, match="no standard 'NOPE'"):
        catalog.standard("NOPE")
    with pytest.raises(DocumentEntryNotFoundError, match="no grade 'expert'"):
        wfed.award("expert")
    with pytest.raises(DocumentEntryNotFoundError, match="no grade None"):
        wfed.award()
    with pytest.raises(DocumentEntryNotFoundError, match="not graded"):
        catalog.standard("MIL-SERVICE").award("primary")
    assert framework.level(8).name.startswith("Level 8")
    with pytest.raises(DocumentEntryNotFoundError, match="no level 9"):
        framework.level(9)


def test_scope_bits_are_the_framework_ids() -> None:
    framework = load_demo_framework()
    scope = framework.scope_bits("nursing-health", "military_service", 4)
    assert scope == Scope(fields=1 << 2, outcome_types=1 << 5, max_level=4)
    assert scope.inside(Scope.of(fields=[2, 3], outcome_types=[1, 5], max_level=6))
    assert not scope.inside(Scope.of(fields=[2], outcome_types=[5], max_level=3))
    with pytest.raises(DocumentEntryNotFoundError, match="no field 'cooking'"):
        framework.scope_bits("cooking", "training", 3)
    with pytest.raises(DocumentEntryNotFoundError, match="no outcome type 'hobby'"):
        framework.scope_bits("logistics", "hobby", 3)
    with pytest.raises(DocumentEntryNotFoundError, match="no level 0"):
        framework.scope_bits("logistics", "training", 0)


def test_standards_built_in_python_match_their_json_form() -> None:
    standard = OutcomeStandard(
        code="X-1",
        name="Example",
        description="d",
        criteria="c",
        outcome_type="training",
        field="logistics",
        credit_system="CB",
        level=2,
        credits=Decimal("1.5"),
    )
    again = OutcomeStandard.model_validate_json(standard.model_dump_json())
    assert again == standard
    assert date(2024, 1, 1) < load_demo_catalog().effective_from
