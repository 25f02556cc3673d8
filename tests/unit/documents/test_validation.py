"""A catalog may only use what its framework defines."""

import json
from typing import Any

import pytest

from node.chain.types import Scope
from node.documents import (
    DocumentInvalidError,
    OutcomeCatalog,
    catalog_problems,
    load_demo_catalog,
    load_demo_framework,
    parse_document,
    standard_scope,
    validate_catalog,
)


def edited_catalog(**changes: Any) -> OutcomeCatalog:
    """The demo catalog with keys of standards[index] replaced."""
    data = json.loads(load_demo_catalog().model_dump_json())
    for index, patch in changes.items():
        data["standards"][int(index.removeprefix("s"))].update(patch)
    return parse_document(OutcomeCatalog, json.dumps(data))


def test_the_demo_catalog_fits_the_demo_framework() -> None:
    assert catalog_problems(load_demo_catalog(), load_demo_framework()) == []


@pytest.mark.parametrize(
    ("patch", "problem"),
    [
        ({"field": "cooking"}, "standard CERT-CHILDCARE: field 'cooking' is not in the framework"),
        ({"outcome_type": "hobby"}, "standard CERT-CHILDCARE: outcome type 'hobby'"),
        ({"credit_system": "US-SCH"}, "standard CERT-CHILDCARE: credit system 'US-SCH'"),
        ({"level": 9}, "standard CERT-CHILDCARE: level 9 is outside the framework's 1..8"),
    ],
)
def test_each_unknown_reference_is_named(patch: dict[str, Any], problem: str) -> None:
    catalog = edited_catalog(s7=patch)
    with pytest.raises(DocumentInvalidError) as info:
        validate_catalog(catalog, load_demo_framework())
    assert problem in info.value.detail
    assert info.value.code == "DOCUMENT_INVALID"
    assert any(problem in p for p in info.value.extra["problems"])


def test_grade_levels_are_checked_and_all_problems_reported_at_once() -> None:
    data = json.loads(load_demo_catalog().model_dump_json())
    data["standards"][0]["grades"][2]["level"] = 12
    data["standards"][1]["field"] = "astrology"
    catalog = parse_document(OutcomeCatalog, json.dumps(data))
    problems = catalog_problems(catalog, load_demo_framework())
    assert problems == [
        "standard 1X-WFED: level 12 is outside the framework's 1..8",
        "standard 1X-IROM: field 'astrology' is not in the framework",
    ]


def test_a_catalog_must_name_the_framework_version_it_is_checked_against() -> None:
    data = json.loads(load_demo_catalog().model_dump_json())
    data["framework"]["version"] = 2
    catalog = parse_document(OutcomeCatalog, json.dumps(data))
    with pytest.raises(DocumentInvalidError, match="refers to framework creditbank:demo-qf v2"):
        validate_catalog(catalog, load_demo_framework())


def test_standard_scope_uses_the_grade_level() -> None:
    framework, catalog = load_demo_framework(), load_demo_catalog()
    bdad = catalog.standard("1X-BDAD")
    assert standard_scope(framework, bdad, "advanced") == Scope(1, 1 << 1, 6)
    assert standard_scope(framework, bdad, "primary") == Scope(1, 1 << 1, 4)
    mil = catalog.standard("MIL-SERVICE")
    assert standard_scope(framework, mil) == Scope(1 << 8, 1 << 5, 3)
