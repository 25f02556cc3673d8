"""Sharing a presentation package: its file and link come from ``node``; the QR code is here.

A QR code holds under 3 KB, less than one plain credential, so it carries the compressed link.
"""

from __future__ import annotations

import io

import qrcode  # type: ignore[import-untyped]
from qrcode.exceptions import DataOverflowError  # type: ignore[import-untyped]
from qrcode.image.pure import PyPNGImage  # type: ignore[import-untyped]

from node.credentials.packages import PACKAGE_TYPE, build_package, decode_link, package_link
from wallet.errors import QrTooLargeError

__all__ = ["PACKAGE_TYPE", "build_package", "decode_link", "package_link", "qr_png"]


def qr_png(text: str) -> bytes:
    """A PNG QR code of ``text``; refused when it exceeds the largest QR version."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=4)
    code.add_data(text.encode(), optimize=0)
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError) as exc:
        raise QrTooLargeError(
            f"{len(text)} characters do not fit in a QR code; share the file or the link"
        ) from exc
    image = code.make_image(image_factory=PyPNGImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
