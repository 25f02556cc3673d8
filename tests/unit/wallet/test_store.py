import json
from pathlib import Path

import pytest

from node.errors import InputError
from wallet import HeldCredential, WalletData, WalletStore
from wallet.errors import BackupInvalidError, WalletExistsError, WrongPassphraseError

PASSPHRASE = "a long learner passphrase"
SECRET_JWK = '{"kty":"OKP","crv":"Ed25519","x":"pub","d":"private-part"}'


def _data() -> WalletData:
    data = WalletData(did="did:key:z6MkLearner", jwk=SECRET_JWK)
    data.credentials["urn:uuid:1"] = HeldCredential(
        id="urn:uuid:1", credential={"name": "Welding level 3"}, receipt=None
    )
    return data


def test_nothing_is_written_in_clear_and_it_reopens(tmp_path: Path) -> None:
    store = WalletStore(tmp_path, kdf_cost=2**10)
    original = _data()  # built once: its timestamps are compared, not re-made a second later
    store.create("li", original, PASSPHRASE)
    raw = store.path("li").read_bytes()
    for clear in (b"did:key", b"private-part", b"Welding"):
        assert clear not in raw
    assert store.path("li").stat().st_mode & 0o777 == 0o600
    data, _ = store.open("li", PASSPHRASE)
    assert data.to_json() == original.to_json() | {"created_at": data.created_at}
    assert store.names() == ["li"]


def test_a_wrong_passphrase_opens_nothing_and_changes_no_byte(tmp_path: Path) -> None:
    store = WalletStore(tmp_path, kdf_cost=2**10)
    store.create("li", _data(), PASSPHRASE)
    before = store.path("li").read_bytes()
    with pytest.raises(WrongPassphraseError) as wrong:
        store.open("li", PASSPHRASE + "!")
    assert wrong.value.code == "WRONG_PASSPHRASE" and wrong.value.http_status == 401
    assert store.path("li").read_bytes() == before
    assert list(tmp_path.iterdir()) == [store.path("li")]


def test_saves_use_fresh_nonces_and_never_overwrite_on_create(tmp_path: Path) -> None:
    store = WalletStore(tmp_path, kdf_cost=2**10)
    sealer = store.create("li", _data(), PASSPHRASE)
    first = json.loads(store.path("li").read_text())
    store.save("li", _data(), sealer)
    second = json.loads(store.path("li").read_text())
    assert first["nonce"] != second["nonce"] and first["salt"] == second["salt"]
    with pytest.raises(WalletExistsError):
        store.create("li", _data(), PASSPHRASE)


def test_backup_restores_elsewhere_and_is_not_a_wallet_file(tmp_path: Path) -> None:
    store = WalletStore(tmp_path / "a", kdf_cost=2**10)
    sealer = store.create("li", _data(), PASSPHRASE)
    backup = store.backup(_data(), sealer)
    other = WalletStore(tmp_path / "b", kdf_cost=2**10)
    with pytest.raises(WrongPassphraseError):
        other.restore("li", backup, "wrong")
    assert not other.exists("li")
    assert other.restore("li", backup, PASSPHRASE).did == "did:key:z6MkLearner"
    # A backup file dropped in as a wallet file is refused (the kind is authenticated).
    (tmp_path / "a" / "copy.wallet.json").write_bytes(backup)
    with pytest.raises(InputError):
        store.open("copy", PASSPHRASE)
    with pytest.raises(BackupInvalidError):
        other.restore("x", b"not json", PASSPHRASE)


def test_tampered_ciphertext_is_refused(tmp_path: Path) -> None:
    store = WalletStore(tmp_path, kdf_cost=2**10)
    store.create("li", _data(), PASSPHRASE)
    envelope = json.loads(store.path("li").read_text())
    envelope["ct"] = ("A" if envelope["ct"][0] != "A" else "B") + envelope["ct"][1:]
    store.path("li").write_text(json.dumps(envelope))
    with pytest.raises(WrongPassphraseError):
        store.open("li", PASSPHRASE)


def test_names_are_checked(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        WalletStore(tmp_path).path("../escape")
