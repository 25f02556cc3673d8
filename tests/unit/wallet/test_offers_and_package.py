import json
from urllib.parse import quote

import pytest

from node.errors import InputError
from wallet import build_package, decode_link, package_link, parse_offer, qr_png
from wallet.errors import OfferFormatError, QrTooLargeError

GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def _link(issuer: str, code: str) -> str:
    offer = {"credential_issuer": issuer, "grants": {GRANT: {"pre-authorized_code": code}}}
    return "openid-credential-offer://?credential_offer=" + quote(json.dumps(offer))


def test_offer_links_objects_and_codes() -> None:
    assert parse_offer(_link("http://127.0.0.1:8001/", "abc")).issuer_url == "http://127.0.0.1:8001"
    assert parse_offer(_link("http://i", "abc")).code == "abc"
    obj = json.dumps(
        {"credential_issuer": "https://i", "grants": {GRANT: {"pre-authorized_code": "z"}}}
    )
    assert parse_offer(obj).code == "z"
    assert parse_offer(" code-1 ", "https://i/").issuer_url == "https://i"


@pytest.mark.parametrize(
    "text",
    [
        "code-without-issuer",
        "two words",
        "openid-credential-offer://?nothing=1",
        "openid-credential-offer://?credential_offer=%7Bnot-json",
        _link("ftp://i", "abc"),
        _link("https://i", ""),
        "{}",
    ],
)
def test_bad_offers_are_refused_with_a_code(text: str) -> None:
    with pytest.raises(OfferFormatError) as refused:
        parse_offer(text)
    assert refused.value.code == "WALLET_OFFER_INVALID"


def test_package_links_round_trip_plain_and_compressed() -> None:
    package = build_package({"type": ["VerifiablePresentation"]}, [{"root": "0x00"}], "c", "d")
    for compressed in (False, True):
        link = package_link("http://127.0.0.1:8002/", package, compressed=compressed)
        assert link.startswith("http://127.0.0.1:8002/?package=")
        assert "=" not in link.split("?package=", 1)[1]
        assert decode_link(link) == package
    with pytest.raises(InputError):
        decode_link("http://v/?package=z.!!!")
    with pytest.raises(InputError):
        decode_link("http://v/")


def test_qr_codes_are_png_and_refuse_what_cannot_fit() -> None:
    assert qr_png("http://127.0.0.1:8002/?package=abc").startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(QrTooLargeError):
        qr_png("x" * 3000)
