"""The proof layer alone: our suites against didkit, the template path, cold verification vs Node.

Rates are per core: items over the CPU seconds the process spent (didkit's own threads
included), so a loaded machine changes them less than wall time would. The Node baseline is
Digital Bazaar's implementation (interop-local) verifying the same credentials in one process,
its start-up excluded (it reports its own CPU time).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from pathlib import Path
from typing import Any

import didkit

from node.credentials import CredentialFormat, SigningKey, build_credential, sign_credential
from node.proofs import (
    ASSERTION,
    SUITES,
    KeyPair,
    TemplateCache,
    add_proof,
    suite_named,
    verify_proofs,
)
from node.proofs.template import full_canonical
from scripts.benchmarks.figures import Figure

__all__ = ["run_proofs"]

SUITE = "proofs"
ROOT = Path(__file__).resolve().parents[2]
TARGET_VERIFY = 250.0


def _credentials(issuer: KeyPair, count: int, version: CredentialFormat) -> list[dict[str, Any]]:
    """Credentials of one standard for ``count`` learners, as the issuer builds them."""
    from tests.unit.credentials import factories  # the same typed inputs the tests use

    profile = factories.issuer(issuer.did)
    return [
        build_credential(
            factories.outcome(),
            factories.award(learner_did=KeyPair.generate().did, result=f"{60 + n % 40}"),
            profile,
            version=version,
        )
        for n in range(count)
    ]


def _per_core(count: int, work: Any) -> float:
    """Items per CPU second of this process (all its threads)."""
    started = time.process_time()
    work()
    return count / max(time.process_time() - started, 1e-9)


def _clear_caches() -> None:
    """Cold: no proof-configuration hash survives from an earlier credential."""
    for suite in SUITES:
        suite._config_hashes.clear()


def _node_verify(documents: list[dict[str, Any]]) -> tuple[list[bool], float]:
    done = subprocess.run(
        ["node", str(ROOT / "interop-local" / "di.mjs")],
        input=json.dumps({"op": "verify-many", "documents": documents}).encode(),
        capture_output=True,
        check=True,
        timeout=1800,
    )
    answer = json.loads(done.stdout)
    return answer["results"], answer["cpuSeconds"]


async def _didkit_sign_rate(documents: list[dict[str, Any]], key: SigningKey) -> float:
    options = json.dumps(
        {
            "proofPurpose": "assertionMethod",
            "verificationMethod": key.verification_method,
            "type": "Ed25519Signature2020",
        }
    )
    texts = [json.dumps(d) for d in documents]
    started = time.process_time()
    for text in texts:
        await didkit.issue_credential(text, options, key.jwk)
    return len(texts) / max(time.process_time() - started, 1e-9)


async def run_proofs(chain: object = None, *, count: int = 300, verify: int = 1000) -> list[Figure]:
    """Raw signing (ours, didkit), template vs full canonicalization, cold verification."""
    del chain  # no ledger involved: the proof layer alone
    issuer = KeyPair.generate()
    key = SigningKey.from_pair(issuer)
    vc2 = _credentials(issuer, count, CredentialFormat.VC20)
    vc11 = _credentials(issuer, count, CredentialFormat.VC11)
    eddsa, ed2020 = suite_named("eddsa-rdfc-2022"), suite_named("Ed25519Signature2020")

    def sign_all(documents: list[dict[str, Any]], suite: Any, cache: Any = None) -> None:
        for document in documents:  # a batch: proof configurations repeat and stay cached
            add_proof(document, issuer, suite, as_list=True, templates=cache)

    didkit_rate = await _didkit_sign_rate(vc11, key)
    ours_2020 = _per_core(count, lambda: sign_all(vc11, ed2020))
    ours_eddsa = _per_core(count, lambda: sign_all(vc2, eddsa))
    cache = TemplateCache()
    ours_template = _per_core(count, lambda: sign_all(vc2, eddsa, cache))
    full_rate = _per_core(count, lambda: [full_canonical(d) for d in vc2])
    warm = TemplateCache()
    warm.canonical(vc2[0])
    template_rate = _per_core(count, lambda: [warm.canonical(d) for d in vc2])

    signed = [
        await sign_credential(d, key) for d in _credentials(issuer, verify, CredentialFormat.VC20)
    ]

    def verify_all() -> None:
        for document in signed:
            _clear_caches()
            assert verify_proofs(document, purpose=ASSERTION, controller=issuer.did).verified

    ours_verify = _per_core(len(signed), verify_all)
    node_results, node_cpu = await asyncio.to_thread(_node_verify, signed)
    assert all(node_results)
    node_rate = len(signed) / max(node_cpu, 1e-9)
    return [
        Figure(SUITE, "sign Ed25519Signature2020 (VC 1.1), ours, per core", ours_2020, "1/s",
               didkit_rate, "didkit 0.3.3 raw signing"),
        Figure(SUITE, "sign eddsa-rdfc-2022 (VC 2.0), ours, full path, per core", ours_eddsa,
               "1/s", didkit_rate, "didkit 0.3.3 raw signing (VC 1.1)"),
        Figure(SUITE, "sign eddsa-rdfc-2022 (VC 2.0), ours, template path, per core",
               ours_template, "1/s", ours_eddsa, "ours, full path"),
        Figure(SUITE, "canonicalize: template path, per core", template_rate, "1/s",
               full_rate, "full path (expansion + toRdf + RDFC)"),
        Figure(SUITE, f"cold verification of {len(signed)} VC 2.0 credentials, per core",
               ours_verify, "1/s", node_rate, "Digital Bazaar (Node) on the same, per core",
               f">= {TARGET_VERIFY:.0f}/s and > Node", ours_verify >= TARGET_VERIFY
               and ours_verify > node_rate),
    ]  # fmt: skip
