"""Credentials: Open Badges 3.0 building, signing and verification (node.proofs), anchor hashes."""

from node.credentials.contexts import (
    ED25519_2020_CONTEXT,
    KNOWN_CONTEXTS,
    OB3_CONTEXT,
    OB3_CONTEXT_3_0_3,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
)
from node.credentials.dids import is_did_key, require_did_key
from node.credentials.errors import (
    CredentialError,
    InvalidDidError,
    SchemaError,
    SigningError,
    UndefinedTermError,
    UnsupportedCredentialError,
)
from node.credentials.formats import CredentialFormat, credential_format
from node.credentials.hashing import canonical_bytes, credential_hash, hashed_form
from node.credentials.keys import SigningKey, did_key, generate_key, verification_method
from node.credentials.models import (
    Award,
    EvidenceItem,
    FieldOfStudy,
    IssuerProfile,
    OutcomeStandardRef,
    OutcomeType,
    SkillGrade,
)
from node.credentials.openbadges import (
    ACHIEVEMENT_TYPES,
    CREDIT_BANK_NS,
    EXTENSION_CONTEXT,
    build_credential,
    issue_credential,
)
from node.credentials.presentations import build_presentation, holder_matches_subjects
from node.credentials.schema import validate_ob3
from node.credentials.signing import (
    ensure_defined,
    is_vc2,
    sign_credential,
    sign_presentation,
    verify_credential,
    verify_presentation,
)
from node.credentials.support import load_json_object

__all__ = [
    "ACHIEVEMENT_TYPES",
    "CREDIT_BANK_NS",
    "ED25519_2020_CONTEXT",
    "EXTENSION_CONTEXT",
    "KNOWN_CONTEXTS",
    "OB3_CONTEXT",
    "OB3_CONTEXT_3_0_3",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "Award",
    "CredentialError",
    "CredentialFormat",
    "EvidenceItem",
    "FieldOfStudy",
    "InvalidDidError",
    "IssuerProfile",
    "OutcomeStandardRef",
    "OutcomeType",
    "SchemaError",
    "SigningError",
    "SigningKey",
    "SkillGrade",
    "UndefinedTermError",
    "UnsupportedCredentialError",
    "build_credential",
    "build_presentation",
    "canonical_bytes",
    "credential_format",
    "credential_hash",
    "hashed_form",
    "did_key",
    "ensure_defined",
    "generate_key",
    "holder_matches_subjects",
    "is_did_key",
    "is_vc2",
    "issue_credential",
    "load_json_object",
    "require_did_key",
    "sign_credential",
    "sign_presentation",
    "validate_ob3",
    "verification_method",
    "verify_credential",
    "verify_presentation",
]
