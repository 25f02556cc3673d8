"""DCQL queries built from the employer's wishes, and credentials judged against them."""

from __future__ import annotations

from typing import Any

import pytest

from node.dcql import TYPE_IRIS, parse_query, unmet
from node.errors import InputError
from verifier.dcql import Wanted, build_query, levels_from


def _badge(code: str = "1X-WFED", field: str = "0812", level: int = 4) -> dict[str, Any]:
    return {
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "credentialSubject": {
            "id": "did:key:z6Mkholder",
            "achievement": {
                "id": f"urn:creditbank:standard:{code}",
                "humanCode": code,
                "fieldOfStudyCode": field,
                "qualificationLevel": level,
            },
        },
    }


def test_the_query_names_expanded_types_and_each_claim() -> None:
    query = build_query(Wanted(outcome="1X-WFED", field="0812", levels=(4, 5)))
    (credential,) = query["credentials"]
    assert credential["format"] == "ldp_vc"
    assert credential["meta"]["type_values"] == [
        [TYPE_IRIS["VerifiableCredential"], TYPE_IRIS["OpenBadgeCredential"]]
    ]
    paths = {c["id"]: (c["path"], c["values"]) for c in credential["claims"]}
    assert paths["outcome"] == (["credentialSubject", "achievement", "humanCode"], ["1X-WFED"])
    assert paths["field"][1] == ["0812"] and paths["level"][1] == [4, 5]


def test_an_outcome_uri_is_matched_on_the_achievement_id() -> None:
    query = build_query(Wanted(outcome="urn:creditbank:standard:1X-WFED"))
    assert query["credentials"][0]["claims"][0]["path"][-1] == "id"
    parsed = parse_query(query)
    assert parsed.pick([_badge(), _badge("CRS-PYTHON")]) == {"credential": [0]}


def test_at_least_is_spelled_out_as_the_acceptable_levels() -> None:
    assert levels_from(at_least=6) == (6, 7, 8)
    assert levels_from([2], at_least=7) == (2, 7, 8)
    with pytest.raises(InputError):
        levels_from([9])


def test_levels_match_by_value_and_type() -> None:
    parsed = parse_query(build_query(Wanted(levels=levels_from(at_least=4))))
    assert parsed.pick([_badge(level=3), _badge(level=4), _badge(level=8)]) == {
        "credential": [1, 2]
    }
    as_text = _badge()
    as_text["credentialSubject"]["achievement"]["qualificationLevel"] = "4"
    assert parsed.pick([as_text]) == {"credential": []}  # "4" is not 4


def test_a_credential_of_another_type_does_not_match() -> None:
    parsed = parse_query(build_query(Wanted(types=("AchievementCredential",))))
    assert parsed.pick([_badge()]) == {"credential": []}


def test_unmet_names_what_is_missing_extra_or_wrong() -> None:
    parsed = parse_query(build_query(Wanted(field="0812")))
    assert unmet(parsed, {"credential": [_badge()]}) == []
    assert unmet(parsed, {}) == ["nothing answers 'credential'"]
    assert "does not match" in unmet(parsed, {"credential": [_badge(field="0999")]})[0]
    assert "allows one credential" in unmet(parsed, {"credential": [_badge(), _badge()]})[0]
    extra = {"other": [_badge()], "credential": [_badge()]}
    assert "not a credential query" in unmet(parsed, extra)[0]


def test_credential_sets_and_claim_sets_choose_between_options() -> None:
    query = {
        "credentials": [
            {
                "id": "a",
                "format": "ldp_vc",
                "meta": {"type_values": [["OpenBadgeCredential"]]},
                "claims": [
                    {"id": "web", "path": ["credentialSubject", "achievement", "humanCode"],
                     "values": ["1X-WFED"]},
                    {"id": "py", "path": ["credentialSubject", "achievement", "humanCode"],
                     "values": ["CRS-PYTHON"]},
                ],
                "claim_sets": [["web"], ["py"]],
            },
            {"id": "b", "format": "ldp_vc", "meta": {"type_values": [["OpenBadgeCredential"]]}},
        ],
        "credential_sets": [{"options": [["a"], ["b"]]}],
    }  # fmt: skip
    parsed = parse_query(query)
    assert parsed.pick([_badge("CRS-PYTHON"), _badge("OTHER")]) == {"a": [0], "b": [0, 1]}
    assert unmet(parsed, {"b": [_badge("OTHER")]}) == []
    assert unmet(parsed, {}) != []


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"credentials": []},
        {"credentials": [{"id": "x y", "format": "ldp_vc", "meta": {"type_values": [["A"]]}}]},
        {"credentials": [{"id": "x", "format": "ldp_vc"}]},
        {"credentials": [{"id": "x", "format": "ldp_vc", "meta": {"type_values": [["A"]]},
                          "claims": [{"path": [True]}]}]},
        {"credentials": [{"id": "x", "format": "ldp_vc", "meta": {"type_values": [["A"]]},
                          "claim_sets": [["nope"]]}]},
    ],
)  # fmt: skip
def test_malformed_queries_are_refused(bad: object) -> None:
    with pytest.raises(InputError):
        parse_query(bad)
