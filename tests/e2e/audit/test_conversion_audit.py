"""The conversion audit on the real stack: route and CLI, over a chain node and IPFS only."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
from eth_account import Account
from typer.testing import CliRunner

from creditbank.cli import app
from node.audit import EvidenceEntry, sign_export
from tests.e2e.audit.conftest import Story
from tests.e2e.issuer.helpers import auth


def _audit(story: Story, export: Any) -> Any:
    with story.auditor() as client:
        return client.post("/audit/conversions", content=json.dumps(export).encode())


def _resigned(story: Story, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The college's own export of these entries, signed again with its key."""
    return sign_export(story.college_account, [EvidenceEntry.model_validate(e) for e in entries])


def _cli(story: Story, path: Path) -> Any:
    return CliRunner().invoke(
        app,
        [
            "audit", "conversions", "--evidence", str(path), "--json",
            "--rpc", story.chain.effective_rpc_urls[0], "--registry", story.registry,
            "--ipfs", story.ipfs_api,
        ],
    )  # fmt: skip


def test_the_demo_story_shows_nothing_by_route_and_by_cli(story: Story, tmp_path: Path) -> None:
    answer = _audit(story, story.export)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["clean"] and report["findings"] == [], report
    assert report["institution"] == story.college_account.address
    assert [c["conversionId"] for c in report["conversions"]] == story.conversions
    officers = {e["officer"] for e in story.export["entries"]}
    assert [c["officer"] for c in report["conversions"]] == [officers.pop()] * 2
    assert [c["credits"] for c in report["conversions"]] == ["12", "2"]
    # no personal data on chain: the learner's DID is in the export, never in the records
    learner = story.export["entries"][0]["presentation"]["verifiablePresentation"]["holder"]
    assert learner.startswith("did:key:")
    path = tmp_path / "export.json"
    exported = CliRunner().invoke(
        app,
        [
            "audit", "export-evidence", "--out", str(path),
            "--url", story.college.url, "--key", story.college.admin_key,
        ],
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    assert json.loads(path.read_text())["entries"] == story.export["entries"]
    ran = _cli(story, path)
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.output)["clean"] is True


def test_a_conversion_recorded_beyond_its_rules_is_found_with_its_officer(story: Story) -> None:
    report = _audit(story, story.lax_export).json()
    assert not report["clean"]
    over = [f for f in report["findings"] if f["code"] == "OVER_RULES"]
    assert over and {f["conversionId"] for f in over} == {story.lax_conversion}
    assert {f["officer"] for f in over} == {"officer-lax"}
    assert any("at most 12.00" in f["detail"] for f in over), over
    about = {f["code"] for f in report["findings"] if f["conversionId"] == story.lax_conversion}
    assert about == {"OVER_RULES"}
    # its honest record of the award passes the same rules (unless the award is revoked)
    honest = {f["code"] for f in report["findings"] if f["conversionId"] == story.lax_honest}
    assert honest <= {"SOURCE_REVOKED"}


def test_a_source_revoked_after_the_conversion_is_found(story: Story) -> None:
    revoked = httpx.post(
        f"{story.college.url}/credentials/{story.award_id}/revoke",
        json={"reason": 2},
        headers=auth(story.college.admin_key),
        timeout=120,
    )
    assert revoked.status_code == 200, revoked.text
    report = _audit(story, story.lax_export).json()
    flagged = [f for f in report["findings"] if f["code"] == "SOURCE_REVOKED"]
    assert [(f["conversionId"], f["officer"]) for f in flagged] == [
        (story.lax_honest, "officer-lax")
    ]
    # the college's own conversions did not use the award: its audit stays clean
    assert _audit(story, story.export).json()["clean"]


def test_a_recorded_conversion_left_out_of_the_export_is_found(story: Story) -> None:
    kept = [e for e in story.export["entries"] if e["conversionId"] != story.conversions[1]]
    report = _audit(story, _resigned(story, kept)).json()
    assert report["exported"] == 1 and report["recorded"] == 2
    assert [(f["code"], f["conversionId"]) for f in report["findings"]] == [
        ("EVIDENCE_MISSING", story.conversions[1])
    ]


def test_an_export_entry_altered_after_the_fact_is_found(story: Story) -> None:
    entries = copy.deepcopy(story.export["entries"])
    altered = next(e for e in entries if e["conversionId"] == story.conversions[0])
    altered["decision"]["grants"][0]["credits"] = "5.00"  # looks more modest than recorded
    report = _audit(story, _resigned(story, entries)).json()
    assert [(f["code"], f["conversionId"]) for f in report["findings"]] == [
        ("EVIDENCE_ALTERED", story.conversions[0])
    ]
    assert report["findings"][0]["officer"] == altered["officer"]


def test_a_malformed_export_is_refused_by_name_and_the_desk_keeps_serving(story: Story) -> None:
    with story.auditor() as client:
        unsigned = json.dumps({**story.export, "signature": "0x12"}).encode()
        for body in (b"{not json", b'{"entries": 5}', unsigned):
            refused = client.post("/audit/conversions", content=body)
            assert refused.status_code == 422, refused.text
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert refused.json()["code"] == "EVIDENCE_EXPORT_INVALID"
        assert client.post("/audit/conversions", json=story.export).json()["clean"]


def test_an_export_signed_by_someone_else_is_refused_naming_the_signer(
    story: Story, tmp_path: Path
) -> None:
    stranger = Account.create()
    forged = sign_export(
        stranger, [EvidenceEntry.model_validate(e) for e in story.export["entries"]]
    )
    forged["institution"] = story.college_account.address
    refused = _audit(story, forged)
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["code"] == "EVIDENCE_EXPORT_SIGNER"
    assert stranger.address in problem["detail"]
    assert story.college_account.address in problem["detail"]
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged))
    ran = _cli(story, path)
    assert ran.exit_code == 2 and "EVIDENCE_EXPORT_SIGNER" in ran.output, ran.output
