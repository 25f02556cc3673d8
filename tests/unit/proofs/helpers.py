"""Shared test material: the W3C test key, its vectors, and small signed documents."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from node.proofs import KeyPair, pinned_contexts

#: Published vectors and schemas, vendored with their sources (tests/vectors/SOURCES.md).
VECTORS = Path(__file__).resolve().parents[2] / "vectors"
W3C = VECTORS / "w3c-vc-di-eddsa"
OB3 = VECTORS / "1edtech-ob3"

#: https://www.w3.org/ns/credentials/examples/v2 as W3C publishes it (the vectors use it; it is
#: not in our pinned set, so only tests add it).
EXAMPLES_V2 = {
    "https://www.w3.org/ns/credentials/examples/v2": {
        "@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}
    }
}
WITH_EXAMPLES = pinned_contexts().with_extra(EXAMPLES_V2)


def load(path: Path) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return value


def w3c_key() -> KeyPair:
    return KeyPair.from_multibase(load(W3C / "keyPair.json")["privateKeyMultibase"])


def copy_of(document: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(document)


def vc2(issuer: str, subject: str = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"):
    """A small VC 2.0 Open Badges 3.0.3 credential (unsigned)."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:2f6f0e4e-3f49-4a43-9f0e-0d3c1d2a1b10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Web front-end development",
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Test centre"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:9c2b6c1e-1f7a-4d53-8f2e-5e3b7a3c0d11",
                "type": ["Achievement"],
                "name": "Web front-end development",
                "criteria": {"narrative": "Passed the assessment."},
            },
        },
    }


def vc11(issuer: str, subject: str = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"):
    """A small VC 1.1 Open Badges 3.0.0 credential (unsigned)."""
    document = vc2(issuer, subject)
    document["@context"] = [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "https://w3id.org/security/suites/ed25519-2020/v1",
    ]
    del document["validFrom"]
    document["issuanceDate"] = "2026-01-01T00:00:00Z"
    return document
