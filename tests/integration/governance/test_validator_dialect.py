"""The validator-vote dialect: ``validator_dialect`` picks Clique's or QBFT's methods on the wire.

Against the session's real local node (anvil), which takes neither: the refusal names the
method the chosen dialect sent, so it shows which one went out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from governance.errors import ValidatorVoteError
from governance.settings import GovernanceSettings
from governance.validators import ValidatorVotes
from node.config import CoreSettings

CANDIDATE = "0x" + "22" * 20


def test_clique_is_the_default_and_qbft_is_chosen_by_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert GovernanceSettings(data_dir=tmp_path).validator_dialect == "clique"
    monkeypatch.setenv("CREDITBANK_VALIDATOR_DIALECT", "qbft")
    assert GovernanceSettings(data_dir=tmp_path).validator_dialect == "qbft"
    monkeypatch.setenv("CREDITBANK_VALIDATOR_DIALECT", "ibft")
    with pytest.raises(ValidationError):
        GovernanceSettings(data_dir=tmp_path)


@pytest.mark.parametrize(
    ("dialect", "propose", "signers"),
    [
        ("clique", "clique_propose", "clique_getSigners"),
        ("qbft", "qbft_proposeValidatorVote", "qbft_getValidatorsByBlockNumber"),
    ],
)
async def test_the_dialect_names_the_methods_sent(
    chain_settings: CoreSettings, dialect: str, propose: str, signers: str
) -> None:
    node = chain_settings.effective_rpc_urls[0]
    votes = ValidatorVotes(node, dialect="qbft" if dialect == "qbft" else "clique")
    with pytest.raises(ValidatorVoteError) as refused:
        await votes.vote(CANDIDATE, add=True)
    assert propose in str(refused.value) and node in str(refused.value)
    assert dialect in str(refused.value)
    with pytest.raises(ValidatorVoteError) as listed:
        await votes.signers()
    assert signers in str(listed.value)
