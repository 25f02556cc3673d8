"""Our Data Integrity proof layer: Ed25519Signature2020 and eddsa-rdfc-2022, offline and bounded.

JSON-LD expansion in safe mode (pyld) over pinned contexts, RDFC-1.0 (pyoxigraph), Ed25519
(cryptography), keys from ``did:key``. One module per cryptosuite under ``suites/``.
"""

from node.proofs.contexts import (
    BITSTRING_STATUS_CONTEXT,
    DATA_INTEGRITY_V2_CONTEXT,
    ED25519_2020_CONTEXT,
    MULTIKEY_CONTEXT,
    OB3_CONTEXT,
    OB3_CONTEXT_3_0_3,
    STATUS_LIST_2021_CONTEXT,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    ContextSet,
    pinned_contexts,
)
from node.proofs.dids import (
    Resolver,
    VerificationMethod,
    did_key_document,
    resolve_did_key,
    resolver_with_documents,
)
from node.proofs.documents import (
    ASSERTION,
    AUTHENTICATION,
    ProofResult,
    add_proof,
    proofs_of,
    verify_proofs,
)
from node.proofs.errors import (
    CredentialError,
    DocumentTooComplexError,
    InvalidDidError,
    SigningError,
    UndefinedTermError,
    UnsupportedCredentialError,
)
from node.proofs.keys import KeyPair, decode_multikey, did_key_of, encode_multikey
from node.proofs.shared import SharedDatasets
from node.proofs.suites import (
    SUITES,
    Cryptosuite,
    Ed25519Signature2020,
    EddsaRdfc2022,
    suite_for,
    suite_named,
)
from node.proofs.template import TemplateCache

__all__ = [
    "ASSERTION",
    "AUTHENTICATION",
    "BITSTRING_STATUS_CONTEXT",
    "DATA_INTEGRITY_V2_CONTEXT",
    "ED25519_2020_CONTEXT",
    "MULTIKEY_CONTEXT",
    "OB3_CONTEXT",
    "OB3_CONTEXT_3_0_3",
    "STATUS_LIST_2021_CONTEXT",
    "SUITES",
    "SharedDatasets",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "ContextSet",
    "CredentialError",
    "Cryptosuite",
    "DocumentTooComplexError",
    "Ed25519Signature2020",
    "EddsaRdfc2022",
    "InvalidDidError",
    "KeyPair",
    "ProofResult",
    "Resolver",
    "SigningError",
    "TemplateCache",
    "UndefinedTermError",
    "UnsupportedCredentialError",
    "VerificationMethod",
    "add_proof",
    "decode_multikey",
    "did_key_document",
    "did_key_of",
    "encode_multikey",
    "pinned_contexts",
    "proofs_of",
    "resolve_did_key",
    "resolver_with_documents",
    "suite_for",
    "suite_named",
    "verify_proofs",
]
