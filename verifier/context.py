"""What the verifier's routes share: settings, the ledger reader, the engine, challenges."""

from __future__ import annotations

from dataclasses import dataclass

from node.ledger import Ledger
from node.verification import Verifier
from verifier.challenges import ChallengeStore
from verifier.settings import VerifierSettings
from verifier.shares import ShareStore

__all__ = ["VerifierContext"]


@dataclass
class VerifierContext:
    """Built by the app's lifespan, closed at shutdown."""

    settings: VerifierSettings
    ledger: Ledger
    verifier: Verifier
    challenges: ChallengeStore
    shares: ShareStore
