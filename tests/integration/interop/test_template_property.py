"""The template path's bytes equal jsonld.js's canonical N-Quads (an independent implementation).

Hypothesis draws learners with hostile strings (control characters, DEL, U+2028, NFC/NFD pairs,
text that looks like a blank node label) and numbers that JSON-LD peers treat differently
(2.0, 1e21, -0.0). Each credential goes through our template cache (falling back to the full
path when it must) and through Digital Bazaar's jsonld.js ``canonize`` under Node, in batches.
"""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from node.proofs import CredentialError, KeyPair
from node.proofs.template import TemplateCache, full_canonical
from tests.helpers import TRICKY_STRINGS
from tests.unit.proofs.helpers import vc2

from .peer import requires_peer, run

pytestmark = requires_peer

ISSUER = KeyPair.from_seed(bytes(range(7, 39))).did
TRICKY = [*TRICKY_STRINGS]
text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12), st.just(""))
#: Not 1e-7 and the like: jsonld.js writes a coerced number whose JavaScript string has no "."
#: and no "e+" (String(1e-7) is "1e-7") with toFixed(0), i.e. "0"; pyld writes "1.0E-7". Our
#: credits never go below 0.01, so no credential we sign meets that disagreement.
numbers = st.sampled_from([2.0, 1e21, -0.0, 4.5, 0.1, 0.01, 3, 123456789.125, 10**21, 2**60])
learner_did = st.binary(min_size=32, max_size=32).map(lambda b: KeyPair.from_seed(b).did)


@st.composite
def credentials(draw: st.DrawFn) -> dict[str, Any]:
    vc = vc2(ISSUER, draw(learner_did))
    vc["id"] = f"urn:uuid:{uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))}"
    vc["validFrom"] = draw(st.sampled_from(["2026-01-01T00:00:00Z", "2026-02-03T04:05:06Z"]))
    vc["credentialSubject"]["result"] = [{"type": ["Result"], "value": draw(text)}]
    vc["credentialSubject"]["creditsEarned"] = draw(numbers)
    if draw(st.booleans()):
        vc["evidence"] = [{"type": ["Evidence"], "narrative": draw(text)}]
    return vc


def _ours(cache: TemplateCache, vc: dict[str, Any]) -> str | None:
    try:
        by_template = cache.canonical(vc)
        full = full_canonical(vc)
    except CredentialError:
        return None
    assert by_template is None or by_template == full
    return (by_template or full).decode()


@settings(
    max_examples=4,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # one batch is already 40 cases
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(credentials(), min_size=40, max_size=40))
def test_template_bytes_equal_jsonld_js(batch: list[dict[str, Any]]) -> None:
    cache = TemplateCache()
    ours = [_ours(cache, vc) for vc in batch]
    theirs = run({"op": "canonize-many", "documents": batch})["nquads"]
    for mine, peer, vc in zip(ours, theirs, batch, strict=True):
        assert mine == peer, vc
    assert cache.hits > 0  # the template path was taken, not only the full one
