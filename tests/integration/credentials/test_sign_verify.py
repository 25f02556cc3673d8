from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from node.credentials import (
    ED25519_2020_CONTEXT,
    CredentialError,
    SchemaError,
    SigningError,
    SigningKey,
    UndefinedTermError,
    UnsupportedCredentialError,
    build_credential,
    credential_hash,
    issue_credential,
    load_json_object,
    sign_credential,
    validate_ob3,
    verify_credential,
)
from tests.unit.credentials import factories

#: These tests are about the VC 1.1 format (the one didkit also reads).
pytestmark = pytest.mark.usefixtures("vc11_format")


async def test_signed_credential_verifies_and_is_ob3(
    signed_vc: dict[str, Any], issuer_key: SigningKey
) -> None:
    assert await verify_credential(signed_vc) == []
    proof = signed_vc["proof"]
    assert proof["type"] == "Ed25519Signature2020"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == issuer_key.verification_method
    assert "@context" not in proof  # the suite context sits in the credential (pitfall 1)
    assert ED25519_2020_CONTEXT in signed_vc["@context"]
    validate_ob3(signed_vc)


async def test_json_round_trip_still_verifies_and_hashes_the_same(
    signed_vc: dict[str, Any],
) -> None:
    again = json.loads(json.dumps(signed_vc, indent=2, sort_keys=True))
    assert await verify_credential(again) == []
    assert credential_hash(again) == credential_hash(signed_vc)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


TAMPERING = {
    "subject credits": _set(("credentialSubject", "creditsEarned"), 45),
    "subject result": _set(("credentialSubject", "result", 0, "value"), "99"),
    "subject id": _set(("credentialSubject", "id"), factories.LEARNER_DID),
    "achievement name": _set(("credentialSubject", "achievement", "name"), "Web (advanced)"),
    "achievement level": _set(("credentialSubject", "achievement", "qualificationLevel"), 6),
    "achievement credit system": _set(("credentialSubject", "achievement", "creditSystem"), "ECTS"),
    "credits available": _set(("credentialSubject", "achievement", "creditsAvailable"), 40),
    "issuer name": _set(("issuer", "name"), "Diploma mill"),
    "issuanceDate": _set(("issuanceDate",), "2024-05-02T08:30:00Z"),
    "expirationDate": _set(("expirationDate",), "2099-05-01T00:00:00Z"),
    "evidence": _set(("evidence", 0, "narrative"), "Never sat the exam"),
    "extra term": _set(("credentialSubject", "sneaky"), "x"),
    "proof created": _set(("proof", "created"), "2020-01-01T00:00:00Z"),
}


@pytest.mark.parametrize("tamper", TAMPERING.values(), ids=TAMPERING.keys())
async def test_tampering_any_field_fails_verification(
    signed_vc: dict[str, Any], tamper: Callable[[dict[str, Any]], None]
) -> None:
    tampered = copy.deepcopy(signed_vc)
    tamper(tampered)
    assert tampered != signed_vc
    assert await verify_credential(tampered) != []
    assert credential_hash(tampered) != credential_hash(signed_vc)


async def test_another_issuer_claiming_the_credential_fails(
    signed_vc: dict[str, Any],
) -> None:
    impostor = await SigningKey.create()
    tampered = copy.deepcopy(signed_vc)
    tampered["issuer"]["id"] = impostor.did
    assert await verify_credential(tampered) != []


async def test_signing_with_a_key_that_is_not_the_issuers_is_refused(
    issuer_key: SigningKey, learner_key: SigningKey
) -> None:
    with pytest.raises(SigningError):
        await issue_credential(
            factories.outcome(), factories.award(), factories.issuer(issuer_key.did), learner_key
        )
    credential = build_credential(
        factories.outcome(), factories.award(), factories.issuer(issuer_key.did)
    )
    with pytest.raises(SigningError, match="verification relationship"):
        await sign_credential(credential, learner_key)


async def test_suite_context_is_added_when_missing(issuer_key: SigningKey) -> None:
    credential = build_credential(
        factories.outcome(), factories.award(), factories.issuer(issuer_key.did)
    )
    credential["@context"].remove(ED25519_2020_CONTEXT)
    signed = await sign_credential(credential, issuer_key)
    assert ED25519_2020_CONTEXT in signed["@context"]
    assert ED25519_2020_CONTEXT not in credential["@context"]  # the input is left alone
    assert "@context" not in signed["proof"]
    assert await verify_credential(signed) == []


async def test_undefined_terms_are_refused_before_they_are_signed(
    issuer_key: SigningKey,
) -> None:
    credential = build_credential(
        factories.outcome(), factories.award(), factories.issuer(issuer_key.did)
    )
    credential["credentialSubject"]["nickname"] = "ace"
    with pytest.raises(UndefinedTermError) as caught:
        await sign_credential(credential, issuer_key)
    assert caught.value.code == "UNDEFINED_TERM"


async def test_already_signed_credentials_are_not_signed_again(
    signed_vc: dict[str, Any], issuer_key: SigningKey
) -> None:
    with pytest.raises(CredentialError, match="already signed"):
        await sign_credential(signed_vc, issuer_key)


@pytest.mark.parametrize(
    "document",
    [[], "credential", 42, None, {}, {"@context": []}, {"foo": 1}],
    ids=["list", "str", "int", "none", "empty", "empty-context", "no-context"],
)
async def test_malformed_input_raises_our_error_not_a_crash(
    document: Any, issuer_key: SigningKey
) -> None:
    with pytest.raises(CredentialError):
        await verify_credential(document)
    with pytest.raises(CredentialError):
        await sign_credential(document, issuer_key)


async def test_structurally_wrong_credential_is_our_error(
    signed_vc: dict[str, Any],
) -> None:
    broken = copy.deepcopy(signed_vc)
    broken["credentialSubject"] = "not an object"
    assert await verify_credential(broken)  # a reason, never valid


@pytest.mark.parametrize("raw", ["{not json", b"\xff\xfe", "[1, 2]", '"text"', ""])
def test_malformed_json_text_is_refused(raw: str | bytes) -> None:
    with pytest.raises(CredentialError) as caught:
        load_json_object(raw)
    assert caught.value.http_status == 422


async def test_proof_without_verification_method_is_refused(
    signed_vc: dict[str, Any],
) -> None:
    broken = copy.deepcopy(signed_vc)
    del broken["proof"]["verificationMethod"]
    with pytest.raises(CredentialError, match="verificationMethod"):
        await verify_credential(broken)


async def test_unsigned_credential_does_not_verify(issuer_key: SigningKey) -> None:
    credential = build_credential(
        factories.outcome(), factories.award(), factories.issuer(issuer_key.did)
    )
    with pytest.raises(CredentialError, match="no proof"):
        await verify_credential(credential)


async def test_nan_credits_are_refused(issuer_key: SigningKey) -> None:
    credential = build_credential(
        factories.outcome(), factories.award(), factories.issuer(issuer_key.did)
    )
    credential["credentialSubject"]["creditsEarned"] = float("nan")
    with pytest.raises(CredentialError):
        await sign_credential(credential, issuer_key)


async def test_unknown_remote_context_is_unsupported(issuer_key: SigningKey) -> None:
    credential = build_credential(
        factories.outcome(), factories.award(), factories.issuer(issuer_key.did)
    )
    credential["@context"].append("https://example.org/contexts/v1")
    with pytest.raises(UnsupportedCredentialError, match="never fetched"):
        await sign_credential(credential, issuer_key)


async def test_schema_failure_stops_issuance(issuer_key: SigningKey) -> None:
    # model_copy(update=...) skips validation: the schema check is the last line of defence
    outcome = factories.outcome().model_copy(update={"name": 5})
    with pytest.raises(SchemaError) as caught:
        await issue_credential(
            outcome, factories.award(), factories.issuer(issuer_key.did), issuer_key
        )
    assert '$.name: 5 is not of type "string"' in caught.value.problems
