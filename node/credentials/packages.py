"""Presentation packages: the signed presentation, its receipts, and the link that carries it.

The wallet builds packages and the verifier reads them, so the format lives here, between them.
A package travels as a JSON file, as a link to a verifier's page
(``<verifier>/?package=<base64url of compact JSON, unpadded>``) or as a QR code. A QR code holds
under 3 KB, less than one plain credential, so it carries the compressed link form
``?package=z.<base64url of zlib(compact JSON)>`` (``.`` is outside the base64url alphabet).
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from typing import Any
from urllib.parse import parse_qs, urlsplit

from node import jsonlimits
from node.errors import InputError, JsonTooDeepError

__all__ = [
    "MAX_PACKAGE_BYTES",
    "PACKAGE_TYPE",
    "build_package",
    "decode_link",
    "decode_package_param",
    "package_link",
]

#: ``type`` of the package a wallet shares.
PACKAGE_TYPE = "CreditBankPresentation"
#: The most a link's package may inflate to: a compressed bomb is refused, not expanded.
MAX_PACKAGE_BYTES = 5_000_000


def build_package(
    vp: dict[str, Any], receipts: list[dict[str, Any] | None], challenge: str, domain: str
) -> dict[str, Any]:
    """The package a verifier checks: receipts in the order of the presented credentials."""
    return {
        "type": PACKAGE_TYPE,
        "verifiablePresentation": vp,
        "receipts": receipts,
        "challenge": challenge,
        "domain": domain,
    }


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def package_link(verifier_url: str, package: dict[str, Any], *, compressed: bool = False) -> str:
    """A link that opens the verifier's page on this package (compressed for QR codes)."""
    raw = json.dumps(package, separators=(",", ":"), ensure_ascii=False).encode()
    encoded = f"z.{_b64(zlib.compress(raw, 9))}" if compressed else _b64(raw)
    return f"{verifier_url.rstrip('/')}/?package={encoded}"


def decode_package_param(value: str) -> object:
    """The JSON value a link's ``package`` parameter carries, plain or compressed.

    Raises ``InputError`` when it is not (compressed) base64url JSON or inflates too far.
    """
    text = value.strip()
    packed = text.startswith("z.")
    text = text.removeprefix("z.")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        if packed:
            inflater = zlib.decompressobj()
            data = inflater.decompress(data, MAX_PACKAGE_BYTES)
            if inflater.unconsumed_tail:
                raise InputError("the link's package inflates beyond the size limit")
        decoded: object = jsonlimits.loads(data.decode("utf-8"))
    except JsonTooDeepError:
        raise
    except InputError as exc:
        raise InputError("the link does not carry a presentation package") from exc
    except (binascii.Error, ValueError, UnicodeDecodeError, zlib.error) as exc:
        raise InputError("the link does not carry a presentation package") from exc
    return decoded


def decode_link(link: str) -> dict[str, Any]:
    """The package a whole link carries; refused unless it is a presentation package."""
    values = parse_qs(urlsplit(link).query).get("package")
    if not values:
        raise InputError("the link carries no package")
    package = decode_package_param(values[0])
    if not isinstance(package, dict) or package.get("type") != PACKAGE_TYPE:
        raise InputError(f"the link's package is not a {PACKAGE_TYPE}")
    return package
