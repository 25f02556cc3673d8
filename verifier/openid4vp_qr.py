"""The request link as a QR code, for a candidate's phone (cross-device)."""

from __future__ import annotations

import io

import qrcode  # type: ignore[import-untyped]
from qrcode.exceptions import DataOverflowError  # type: ignore[import-untyped]
from qrcode.image.pure import PyPNGImage  # type: ignore[import-untyped]

from node.errors import InputError

__all__ = ["qr_png"]


def qr_png(text: str) -> bytes:
    """A PNG QR code of ``text``; ``InputError`` when it exceeds the largest QR version."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=4)
    code.add_data(text.encode(), optimize=0)
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError) as exc:
        raise InputError(f"{len(text)} characters do not fit in a QR code") from exc
    buffer = io.BytesIO()
    code.make_image(image_factory=PyPNGImage).save(buffer)
    return buffer.getvalue()
