"""What a VC-API issue request may ask for: kept as given, or refused with a reason and code."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from node.credentials import VC_V1_CONTEXT, VC_V2_CONTEXT
from node.credentials.errors import CredentialError
from node.credentials.formats import CredentialFormat
from node.credentials.requested import (
    check_status_option,
    read_issue_request,
    read_requested,
    unsigned_generic,
)
from node.proofs import STATUS_LIST_2021_CONTEXT

OURS = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
OTHER = "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def vc(vc2: bool = True, **members: Any) -> dict[str, Any]:
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT if vc2 else VC_V1_CONTEXT],
        "type": ["VerifiableCredential"],
        "credentialSubject": {"id": OTHER},
    }
    credential.update(members)
    return credential


def code_of(credential: dict[str, Any]) -> tuple[int, str]:
    with pytest.raises(CredentialError) as caught:
        read_requested(credential, OURS, NOW)
    return caught.value.http_status, caught.value.code


@pytest.mark.parametrize("issuer", [OURS, {"id": OURS}, {"id": OURS, "name": "Centre"}])
def test_our_own_issuer_is_accepted_in_either_form(issuer: object) -> None:
    assert read_requested(vc(issuer=issuer), OURS, NOW).credential["issuer"] == issuer


@pytest.mark.parametrize("issuer", [OTHER, {"id": OTHER}, {"name": "x"}, None, 4, [OURS], ""])
def test_any_other_issuer_is_422(issuer: object) -> None:
    assert code_of(vc(issuer=issuer)) == (422, "ISSUER_NOT_ALLOWED")


def test_requested_dates_and_id_are_kept_exactly() -> None:
    asked = vc(
        id="urn:example:7",
        validFrom="2026-11-30T10:00:00.5+01:00",
        validUntil="2027-01-01T00:00:00Z",
    )
    requested = read_requested(asked, OURS, NOW)
    assert requested.credential_id == "urn:example:7"
    assert requested.valid_from == datetime(2026, 11, 30, 9, 0, 0, 500000, tzinfo=UTC)
    document = unsigned_generic(requested, OURS, credential_id=None, issued_at=NOW, status=None)
    assert (document["id"], document["validFrom"], document["validUntil"]) == (
        "urn:example:7",
        "2026-11-30T10:00:00.5+01:00",
        "2027-01-01T00:00:00Z",
    )
    assert document["issuer"] == OURS and "credentialStatus" not in document


def test_what_is_absent_is_added_and_vc11_gets_its_status_context() -> None:
    requested = read_requested(vc(vc2=False), OURS, NOW)
    assert requested.version is CredentialFormat.VC11
    document = unsigned_generic(
        requested, OURS, credential_id=None, issued_at=NOW, status=("https://i.example/s", 9)
    )
    assert document["issuanceDate"] == "2026-12-01T12:00:00Z"
    assert document["id"].startswith("urn:uuid:")
    assert document["credentialStatus"]["type"] == "StatusList2021Entry"
    assert document["@context"] == [VC_V1_CONTEXT, STATUS_LIST_2021_CONTEXT]


@pytest.mark.parametrize(
    "members",
    [
        {"validFrom": "2027-01-02T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z"},
        {"validFrom": "2027-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z"},
        {"validUntil": "2026-12-01T11:59:59Z"},
        {"validFrom": "2026-12-01"},
        {"validFrom": "2026-12-01T00:00:00"},
        {"validFrom": 20261201},
        {"validFrom": "soon T"},
        {"issuanceDate": "2026-12-01T00:00:00Z"},
    ],
)
def test_a_validity_period_that_cannot_be_kept_is_422(members: dict[str, Any]) -> None:
    assert code_of(vc(**members)) == (422, "VALIDITY_INVALID")


def test_vc11_dates_are_its_own() -> None:
    assert code_of(vc(vc2=False, validFrom="2026-12-01T00:00:00Z")) == (422, "VALIDITY_INVALID")
    assert code_of(vc(vc2=False, expirationDate="2026-01-01T00:00:00Z")) == (
        422,
        "VALIDITY_INVALID",
    )


@pytest.mark.parametrize("credential_id", ["no scheme", "urn:x:" + "a" * 80, ":nothing", "a b:c"])
def test_an_id_that_cannot_be_kept_is_422(credential_id: str) -> None:
    assert code_of(vc(id=credential_id)) == (422, "CREDENTIAL_ID_INVALID")


@pytest.mark.parametrize(
    "members",
    [
        {"@context": VC_V2_CONTEXT},
        {"@context": []},
        {"@context": ["https://example.org/other"]},
        {"@context": [VC_V2_CONTEXT, 4]},
        {"type": 4},
        {"type": ["OtherCredential"]},
        {"type": [1]},
        {"credentialSubject": []},
        {"credentialSubject": {}},
        {"credentialSubject": [None]},
        {"credentialSubject": {"id": 5}},
        {"id": None},
        {"proof": {}},
    ],
)
def test_wrong_shapes_are_400(members: dict[str, Any]) -> None:
    assert code_of(vc(**members)) == (400, "CREDENTIAL_MALFORMED")


def test_request_envelope() -> None:
    assert read_issue_request({"credential": {"a": 1}}) == ({"a": 1}, {})
    for body in (
        [],
        {"credential": []},
        {"credential": {}, "options": 1},
        {"credential": {}, "x": 1},
    ):
        with pytest.raises(CredentialError) as caught:
            read_issue_request(body)
        assert caught.value.http_status == 400
    with pytest.raises(CredentialError) as caught:
        read_issue_request({"credential": {}, "options": {"mandatoryPointers": ["/issuer"]}})
    assert caught.value.http_status == 422


def test_the_status_option_names_only_our_entry_type() -> None:
    check_status_option(
        {"credentialStatus": {"type": "BitstringStatusListEntry"}}, CredentialFormat.VC20
    )
    check_status_option(
        {"credentialStatus": {"type": "StatusList2021Entry"}}, CredentialFormat.VC11
    )
    with pytest.raises(CredentialError):
        check_status_option(
            {"credentialStatus": {"type": "StatusList2021Entry"}}, CredentialFormat.VC20
        )


def test_a_catalog_claim_and_a_status_of_ones_own() -> None:
    subject = {"id": OTHER, "achievement": {"humanCode": "CRS-PYTHON"}}
    assert read_requested(vc(credentialSubject=subject), OURS, NOW).outcome_code == "CRS-PYTHON"
    assert read_requested(vc(), OURS, NOW).outcome_code is None
    assert code_of(vc(credentialStatus={"id": "https://x.example/1"})) == (
        422,
        "CREDENTIAL_INVALID",
    )
