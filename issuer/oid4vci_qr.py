"""The QR code of an offer link: SVG markup for the console, a data URI for API clients."""

from __future__ import annotations

import base64

import qrcode  # type: ignore[import-untyped]
from qrcode.image.svg import SvgPathImage  # type: ignore[import-untyped]

__all__ = ["qr_data_uri", "qr_svg"]


def qr_svg(text: str) -> str:
    """An ``<svg>`` element of a QR code of ``text`` (inline: no image request, no CSP change)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text.encode())
    code.make(fit=True)
    svg: str | bytes = code.make_image(image_factory=SvgPathImage).to_string(encoding="unicode")
    markup = svg if isinstance(svg, str) else svg.decode()
    return markup[markup.index("<svg") :]


def qr_data_uri(text: str) -> str:
    """``data:image/svg+xml;base64,...`` of a QR code of ``text`` (offer links are short)."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(text).encode()).decode("ascii")
