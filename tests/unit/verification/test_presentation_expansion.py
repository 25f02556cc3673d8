"""A presentation's proof and its credentials' proofs share one expansion of each credential.

The credentials' signature checks wait for the presentation's, which fills the shared datasets
(each signed credential expanded once and split), so no credential is expanded again.
"""

from __future__ import annotations

from typing import Any

import pytest

import node.proofs.shared as shared_module
from node.proofs.contexts import ContextSet
from node.proofs.rdf import Dataset
from node.verification import CheckStatus
from tests.unit.proofs.test_shared import _signed_presentation, _signed_vc2
from tests.unit.verification.fakes import offline_verifier


async def test_each_credential_is_expanded_once_for_both_proofs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expanded: list[dict[str, Any]] = []
    real = shared_module.labelled_dataset

    def counting(document: dict[str, Any], contexts: ContextSet) -> tuple[Dataset, bool]:
        expanded.append(document)
        return real(document, contexts)

    monkeypatch.setattr(shared_module, "labelled_dataset", counting)
    credentials = [_signed_vc2(n) for n in range(4)]
    vp = _signed_presentation(*credentials)
    report = await offline_verifier().verify_presentation(
        vp, [None] * 4, challenge="c", domain="https://d.example"
    )
    own = report.check("signature")
    assert own is not None and own.status is CheckStatus.PASSED, own
    for credential in report.credentials:
        check = credential.check("signature")
        assert check is not None and check.status is CheckStatus.PASSED, check
    # the presentation without its credentials once, then each signed credential once
    assert len(expanded) == 5
    assert [d for d in expanded if "proof" in d] == vp["verifiableCredential"]
