"""Prebuilt view codecs encode as web3 does and decode to the plain shapes the registry reads."""

from __future__ import annotations

from eth_abi.abi import encode
from web3 import Web3

from node.chain.artifacts import load_artifact
from node.chain.calls import codecs_of
from node.chain.types import Scope

ACCOUNT = "0x" + "ab" * 20


def test_calldata_matches_web3_for_struct_arguments() -> None:
    abi = load_artifact().abi
    codec = codecs_of(abi)["isAccreditedAt"]
    scope = Scope.of(fields=[0, 2], outcome_types=[1], max_level=4).to_abi()
    contract = Web3().eth.contract(address=Web3.to_checksum_address(ACCOUNT), abi=abi)
    expected = contract.encode_abi("isAccreditedAt", [Web3.to_checksum_address(ACCOUNT), scope, 7])
    assert "0x" + codec.calldata([ACCOUNT, scope, 7]).hex() == expected


def test_results_are_plain_dicts_lists_and_checksummed_addresses() -> None:
    codecs = codecs_of(load_artifact().abi)
    assert "anchorBatch" not in codecs  # only views are read this way
    batch = codecs["batch"].result(encode(["(address,uint40,uint48)"], [(ACCOUNT, 5, 9)]))
    assert batch == {
        "issuer": Web3.to_checksum_address(ACCOUNT),
        "anchoredAt": 5,
        "blockNumber": 9,
    }
    hashes = [b"\x01" * 32, b"\x02" * 32]
    assert codecs["conversionsOfSource"].result(encode(["bytes32[]"], [hashes])) == hashes
