"""The chain side of the core: node process, client, transactions, bindings, deployment."""

from node.chain.artifacts import ContractArtifact, load_artifact
from node.chain.binding import AnchoredTree, BatchRootTakenError, bound_root, sender_leaf
from node.chain.client import ChainClient, map_chain_errors
from node.chain.connect import (
    connect,
    deploying,
    locate_registry,
    open_reader,
    open_transactions,
    reading,
)
from node.chain.deploy import deploy_registry
from node.chain.deployments import Deployment, load_deployment
from node.chain.reader import RegistryReader
from node.chain.registry import RegistryClient
from node.chain.reverts import REVERT_CLASSES, RevertDecoder
from node.chain.txmanager import TxManager
from node.chain.types import (
    Accreditation,
    AccreditationStatus,
    AnchorReceipt,
    Batch,
    Conversion,
    ConversionSource,
    CredentialState,
    CredentialStatus,
    Document,
    DocumentKind,
    Proposal,
    Scope,
    StatusPurpose,
    did_hash,
    outcome_id,
    outcome_key,
)

__all__ = [
    "REVERT_CLASSES",
    "Accreditation",
    "AccreditationStatus",
    "AnchorReceipt",
    "AnchoredTree",
    "Batch",
    "BatchRootTakenError",
    "ChainClient",
    "ContractArtifact",
    "Conversion",
    "ConversionSource",
    "CredentialState",
    "CredentialStatus",
    "Deployment",
    "Document",
    "DocumentKind",
    "Proposal",
    "RegistryClient",
    "RegistryReader",
    "RevertDecoder",
    "Scope",
    "StatusPurpose",
    "TxManager",
    "bound_root",
    "connect",
    "deploy_registry",
    "deploying",
    "did_hash",
    "load_artifact",
    "load_deployment",
    "locate_registry",
    "open_reader",
    "open_transactions",
    "reading",
    "map_chain_errors",
    "outcome_id",
    "outcome_key",
    "sender_leaf",
]
