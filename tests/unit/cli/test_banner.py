"""The ``creditbank up`` banner fits 80 columns and says what to open first (issue 18)."""

from __future__ import annotations

from pathlib import Path

from creditbank.cli.banner import Banner, banner_lines


def _banner(**changes: object) -> Banner:
    values: dict[str, object] = {
        "chain_node": "http://127.0.0.1:8545",
        "chain_id": 31337,
        "registry": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "ipfs_api": "http://127.0.0.1:5001",
        "issuer_url": "http://127.0.0.1:8001",
        "verifier_url": "http://127.0.0.1:8002",
        "wallet_url": "http://127.0.0.1:8003",
        "issuer_did": "did:key:z6MkhYBBgzTTVnbPHApoBU31HmvkdThJoKJ95ReKB92CMyip",
        "accredited": True,
        # the longest CID form (CIDv1, base32 sha2-256): 59 characters
        "catalog_uri": "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
        "admin_key_file": Path("/home/ana/.creditbank/issuer-admin.key"),
        "data_dir": Path("/home/ana/.creditbank"),
    }
    values.update(changes)
    return Banner(**values)  # type: ignore[arg-type]


def test_every_line_fits_80_columns_and_the_catalog_has_its_own() -> None:
    lines = banner_lines(_banner())
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    assert lines[0] == "Credit Bank is up"
    assert lines[1] == "  start here http://127.0.0.1:8003  (the learner's wallet page)"
    accredited = next(line for line in lines if "accredited" in line)
    assert accredited.split() == ["accredited", "True", "(for", "the", "scope", "of", "its",
                                  "catalog)"]  # fmt: skip
    catalog = next(line for line in lines if line.lstrip().startswith("catalog"))
    assert catalog.split() == ["catalog", _banner().catalog_uri]


def test_without_the_demo_the_employer_page_comes_first() -> None:
    lines = banner_lines(_banner(demo=False))
    assert lines[1] == "  start here http://127.0.0.1:8002  (the employer's page)"
