"""Credentials: Open Badges 3.0 building, didkit signing and verification, hashing for anchors."""

from node.credentials.contexts import (
    ED25519_2020_CONTEXT,
    KNOWN_CONTEXTS,
    OB3_CONTEXT,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
)
from node.credentials.didkit_api import (
    sign_credential,
    sign_presentation,
    verify_credential,
    verify_presentation,
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
from node.credentials.hashing import canonical_bytes, credential_hash
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
from node.credentials.support import load_json_object

__all__ = [
    "ACHIEVEMENT_TYPES",
    "CREDIT_BANK_NS",
    "ED25519_2020_CONTEXT",
    "EXTENSION_CONTEXT",
    "KNOWN_CONTEXTS",
    "OB3_CONTEXT",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "Award",
    "CredentialError",
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
    "credential_hash",
    "did_key",
    "generate_key",
    "holder_matches_subjects",
    "is_did_key",
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
