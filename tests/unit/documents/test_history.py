"""Which version of a document was in force on a given day."""

import json
from datetime import date

import pytest

from node.documents import (
    DocumentHistory,
    DocumentInvalidError,
    DocumentVersionNotFoundError,
    OutcomeCatalog,
    load_demo_catalog,
    parse_document,
)


def catalog_version(version: int, effective_from: str, credits: str = "4.00") -> OutcomeCatalog:
    data = json.loads(load_demo_catalog().model_dump_json())
    data["version"] = version
    data["effective_from"] = effective_from
    data["standards"][7]["credits"] = credits
    return parse_document(OutcomeCatalog, json.dumps(data))


@pytest.fixture
def history() -> DocumentHistory[OutcomeCatalog]:
    return DocumentHistory(
        [
            catalog_version(3, "2026-09-01", "5.00"),
            catalog_version(1, "2024-09-01"),
            catalog_version(2, "2025-03-01", "4.50"),
        ]
    )


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (date(2024, 9, 1), 1),
        (date(2025, 2, 28), 1),
        (date(2025, 3, 1), 2),
        (date(2026, 8, 31), 2),
        (date(2026, 9, 1), 3),
        (date(2030, 1, 1), 3),
    ],
)
def test_the_version_in_force_is_the_newest_already_effective(
    history: DocumentHistory[OutcomeCatalog], day: date, version: int
) -> None:
    assert history.in_force(day).version == version


def test_a_credential_issued_under_an_old_version_still_finds_its_terms(
    history: DocumentHistory[OutcomeCatalog],
) -> None:
    issued_on = date(2025, 1, 15)
    terms = history.in_force(issued_on).standard("CERT-CHILDCARE").award()
    assert str(terms.credits) == "4.00"
    assert str(history.latest.standard("CERT-CHILDCARE").award().credits) == "5.00"
    assert history.version(2).effective_from == date(2025, 3, 1)
    assert [doc.version for doc in history] == [1, 2, 3] and len(history) == 3


def test_before_the_first_version_nothing_was_in_force(
    history: DocumentHistory[OutcomeCatalog],
) -> None:
    with pytest.raises(DocumentVersionNotFoundError, match="in force on 2024-08-31") as info:
        history.in_force(date(2024, 8, 31))
    assert info.value.http_status == 404
    with pytest.raises(DocumentVersionNotFoundError, match="no version 7"):
        history.version(7)


def test_histories_refuse_inconsistent_versions(history: DocumentHistory[OutcomeCatalog]) -> None:
    with pytest.raises(DocumentInvalidError, match="version 2 twice"):
        history.with_version(catalog_version(2, "2027-01-01"))
    with pytest.raises(DocumentInvalidError, match="not after v3"):
        history.with_version(catalog_version(4, "2026-09-01"))
    with pytest.raises(DocumentInvalidError, match="at least one version"):
        DocumentHistory[OutcomeCatalog]([])
    data = json.loads(load_demo_catalog().model_dump_json())
    data["id"] = "other:catalog"
    data["version"] = 9
    data["effective_from"] = "2030-01-01"
    with pytest.raises(DocumentInvalidError, match="mixes in other:catalog"):
        history.with_version(parse_document(OutcomeCatalog, json.dumps(data)))
    assert history.with_version(catalog_version(4, "2027-01-01")).latest.version == 4
