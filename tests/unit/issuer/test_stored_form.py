"""An issued credential's row: the body is the canonical form its anchored hash covers."""

from __future__ import annotations

import hashlib
import json

from issuer.sealing import stored_form
from node.credentials import build_credential, canonical_bytes, credential_hash
from tests.unit.credentials import factories


def test_the_body_is_the_hashed_canonical_form_of_the_same_document() -> None:
    built = build_credential(factories.outcome(), factories.award(), factories.issuer())
    signed = {**built, "proof": factories.fake_proof()}
    row = stored_form(signed)
    assert json.loads(row.body) == signed
    assert row.body.encode() == canonical_bytes(signed)
    assert row.credential_hash == "0x" + hashlib.sha256(row.body.encode()).hexdigest()
    assert row.credential_hash == "0x" + credential_hash(signed).hex()
    assert row.credential_id == signed["id"]
