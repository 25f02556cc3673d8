"""Evidence digests (RFC 8785) and the institution's signed export: refused when bad or foreign."""

from __future__ import annotations

import copy
import json

import pytest
from eth_account import Account

from node.audit import (
    EvidenceExportInvalidError,
    EvidenceExportSignerError,
    evidence_digest,
    parse_export,
    read_export,
    sign_export,
)
from tests.unit.audit.helpers import credential, entry

COLLEGE = Account.from_key("0x" + "42" * 32)
STRANGER = Account.from_key("0x" + "43" * 32)


def test_the_digest_is_of_the_canonical_form_and_changes_with_any_fact() -> None:
    item = entry([credential("1X-WFED", "intermediate")])
    reordered = type(item).model_validate(dict(reversed(list(item.as_json().items()))))
    assert evidence_digest(reordered) == evidence_digest(item)
    altered = copy.deepcopy(item.as_json())
    altered["decision"]["grants"][0]["credits"] = "6.01"
    assert evidence_digest(type(item).model_validate(altered)) != evidence_digest(item)
    assert evidence_digest(entry([credential("1X-WFED", "intermediate")], officer="x")) != (
        evidence_digest(item)
    )


def test_a_signed_export_reads_back_with_its_entries() -> None:
    items = [entry([credential("1X-WFED", "intermediate")], n=1), entry([], n=2)]
    export = parse_export(sign_export(COLLEGE, items))
    assert export.institution == COLLEGE.address
    assert [e.conversion_id for e in export.entries] == [i.conversion_id for i in items]


def test_an_export_signed_by_someone_else_is_refused_naming_both() -> None:
    signed = sign_export(STRANGER, [entry([credential("1X-WFED", "intermediate")])])
    signed["institution"] = COLLEGE.address
    with pytest.raises(EvidenceExportSignerError) as refused:
        parse_export(signed)
    assert STRANGER.address in refused.value.detail and COLLEGE.address in refused.value.detail
    assert refused.value.code == "EVIDENCE_EXPORT_SIGNER"


def test_an_entry_changed_after_signing_breaks_the_signature() -> None:
    signed = sign_export(COLLEGE, [entry([credential("1X-WFED", "intermediate")])])
    signed["entries"][0]["officer"] = "someone-else"
    with pytest.raises(EvidenceExportSignerError):
        parse_export(signed)


@pytest.mark.parametrize(
    "raw",
    [
        None,
        [],
        {"institution": "0x12", "entries": [], "signature": "0x" + "00" * 65},
        {"entries": [], "signature": "0x" + "00" * 65},
        {"institution": COLLEGE.address, "entries": [{"conversionId": "x"}], "signature": "0x"},
    ],
)
def test_a_malformed_export_is_refused_as_invalid(raw: object) -> None:
    with pytest.raises(EvidenceExportInvalidError) as refused:
        parse_export(raw)
    assert refused.value.code == "EVIDENCE_EXPORT_INVALID"
    assert "malformed" in refused.value.detail


def test_an_export_naming_a_conversion_twice_is_refused() -> None:
    item = entry([credential("1X-WFED", "intermediate")])
    with pytest.raises(EvidenceExportInvalidError, match="twice"):
        parse_export(sign_export(COLLEGE, [item, item]))


def test_read_export_refuses_bytes_that_are_not_json_or_nest_too_deep() -> None:
    for data in (b"{not json", b"[" * 5000 + b"]" * 5000, b"\xff\xfe"):
        with pytest.raises(EvidenceExportInvalidError) as refused:
            read_export(data)
        assert refused.value.code == "EVIDENCE_EXPORT_INVALID"
    signed = sign_export(COLLEGE, [entry([credential("1X-WFED", "intermediate")])])
    assert read_export(json.dumps(signed).encode()).institution == COLLEGE.address
