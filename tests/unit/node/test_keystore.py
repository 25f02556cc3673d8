from pathlib import Path

import pytest

from node.errors import InputError
from node.keystore import Keystore, WrongPassphraseError


def test_keys_are_encrypted_at_rest_and_reopen(tmp_path: Path) -> None:
    store = Keystore(tmp_path, "right passphrase", fast_kdf=True)
    account = store.create("issuer-1")
    text = (tmp_path / "issuer-1.json").read_text()
    assert account.key.hex().removeprefix("0x") not in text
    assert "ciphertext" in text
    assert (tmp_path / "issuer-1.json").stat().st_mode & 0o077 == 0
    again = Keystore(tmp_path, "right passphrase").load("issuer-1")
    assert again.address == account.address


def test_wrong_passphrase_opens_nothing_and_changes_nothing(tmp_path: Path) -> None:
    Keystore(tmp_path, "right", fast_kdf=True).create("k")
    before = (tmp_path / "k.json").read_bytes()
    with pytest.raises(WrongPassphraseError) as info:
        Keystore(tmp_path, "wrong").load("k")
    assert info.value.code == "WRONG_PASSPHRASE"
    assert (tmp_path / "k.json").read_bytes() == before


@pytest.mark.parametrize("name", ["../escape", "", "UPPER", "a" * 80])
def test_bad_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError):
        Keystore(tmp_path, "p").create(name)


def test_secrets_round_trip_encrypted_and_refuse_a_wrong_passphrase(tmp_path: Path) -> None:
    secret = b'{"kty":"OKP","crv":"Ed25519","d":"private-part"}'
    Keystore(tmp_path, "right", fast_kdf=True).save_secret("issuer-did", secret)
    stored = (tmp_path / "issuer-did.secret.json").read_bytes()
    assert b"private-part" not in stored
    assert Keystore(tmp_path, "right").load_secret("issuer-did") == secret
    with pytest.raises(WrongPassphraseError):
        Keystore(tmp_path, "wrong", fast_kdf=True).load_secret("issuer-did")
    with pytest.raises(InputError):
        Keystore(tmp_path, "right", fast_kdf=True).save_secret("issuer-did", b"other")
