"""Reading a credential's status list index, the key of its bit on chain."""

import pytest

from node.chain import StatusPurpose
from node.chain.status import StatusEntryError, status_entries, status_index, word_of


def entry(
    index: object, purpose: str = "revocation", kind: str = "BitstringStatusListEntry"
) -> dict[str, object]:
    return {"type": kind, "statusPurpose": purpose, "statusListIndex": index}


def test_revocation_and_suspension_entries_share_one_index() -> None:
    vc = {"credentialStatus": [entry("94567"), entry("94567", "suspension")]}
    assert [e.purpose for e in status_entries(vc)] == [
        StatusPurpose.REVOCATION,
        StatusPurpose.SUSPENSION,
    ]
    assert status_index(vc) == 94567
    assert word_of(94567) == (369, 103)


def test_legacy_and_foreign_entries_name_no_index() -> None:
    assert status_index({}) is None
    assert status_index({"credentialStatus": entry("1", "message")}) is None
    assert status_index({"credentialStatus": entry("1", kind="RevocationList2020Status")}) is None
    assert status_index({"credentialStatus": entry("5", kind="StatusList2021Entry")}) == 5


@pytest.mark.parametrize("index", ["-1", "0x10", "1.5", "", None, True, 2**256, "٣"])
def test_a_malformed_index_is_refused_not_skipped(index: object) -> None:
    with pytest.raises(StatusEntryError):
        status_index({"credentialStatus": entry(index)})


def test_two_different_indexes_are_refused() -> None:
    with pytest.raises(StatusEntryError):
        status_index({"credentialStatus": [entry("1"), entry("2", "suspension")]})
