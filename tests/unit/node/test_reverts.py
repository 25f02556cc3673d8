from eth_abi import encode
from eth_hash.auto import keccak

from node.chain import REVERT_CLASSES, RevertDecoder, load_artifact
from node.chain.reverts import RegistryAlreadyConverted, RegistryBatchAlreadyAnchored
from node.errors import ContractRevertError


def test_every_abi_error_has_an_exception_with_a_unique_code() -> None:
    decoder = RevertDecoder(load_artifact().abi)
    names = decoder.error_names()
    assert "RegistryBatchAlreadyAnchored" in names
    missing = [n for n in names if n not in REVERT_CLASSES]
    assert missing == []
    codes = [cls.code for cls in REVERT_CLASSES.values()]
    assert len(codes) == len(set(codes))
    assert all(code.isupper() and " " not in code for code in codes)


def test_decoding_names_the_error_and_its_arguments() -> None:
    decoder = RevertDecoder(load_artifact().abi)
    root = bytes(range(32))
    data = keccak(b"RegistryBatchAlreadyAnchored(bytes32)")[:4] + encode(["bytes32"], [root])
    exc = decoder.decode("0x" + data.hex())
    assert isinstance(exc, RegistryBatchAlreadyAnchored)
    assert exc.code == "BATCH_ALREADY_ANCHORED"
    assert exc.revert_args == {"root": "0x" + root.hex()}
    problem = exc.to_problem()
    assert problem["type"] == "urn:creditbank:error:BATCH_ALREADY_ANCHORED"


def test_unknown_selector_stays_a_generic_revert() -> None:
    exc = RevertDecoder(load_artifact().abi).decode("0xdeadbeef")
    assert type(exc) is ContractRevertError
    assert not isinstance(exc, RegistryAlreadyConverted)
