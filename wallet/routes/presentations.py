"""Answer a verifier's request: a signed presentation package, its link and its QR code."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from wallet.deps import Ctx, Unlocked
from wallet.errors import HeldCredentialNotFoundError
from wallet.package import package_link, qr_png
from wallet.schemas import PresentationCreate, PresentationPublic
from wallet.sharing import SharedLink, share_link, withdraw_share

router = APIRouter(tags=["presentations"])


@router.post("/presentations", status_code=201)
async def create_presentation(
    body: PresentationCreate, session: Unlocked, ctx: Ctx
) -> PresentationPublic:
    """Sign a presentation of the chosen credentials for this challenge and domain."""
    package = await session.wallet.present(
        body.credential_ids, challenge=body.challenge, domain=body.domain
    )
    verifier = body.verifier_url or ctx.settings.verifier_url
    shared = await share_link(ctx.http, verifier, package, body.share_days)
    presentation_id = uuid.uuid4().hex
    session.presentations[presentation_id] = {
        "package": package,
        "verifier": verifier,
        "link": shared.link if shared.short else None,
        "share": shared,
    }
    return PresentationPublic(
        id=presentation_id,
        package=package,
        link=shared.link,
        short_link=shared.short,
        full_link=shared.full_link,
        expires_at=shared.expires_at,
        qr_url=f"/presentations/{presentation_id}/qr.png",
    )


@router.delete("/presentations/{presentation_id}/share", status_code=204)
async def withdraw_presentation_share(
    presentation_id: str, session: Unlocked, ctx: Ctx
) -> Response:
    """Withdraw the short link now: the verifier then says the learner withdrew it."""
    made = session.presentations.get(presentation_id)
    shared = made.get("share") if made else None
    if made is None or not isinstance(shared, SharedLink) or not shared.short:
        raise HeldCredentialNotFoundError(f"no short link for presentation {presentation_id!r}")
    assert shared.share_id is not None and shared.withdraw_key is not None
    await withdraw_share(ctx.http, made["verifier"], shared.share_id, shared.withdraw_key)
    return Response(status_code=204)


@router.get(
    "/presentations/{presentation_id}/qr.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
async def presentation_qr(presentation_id: str, session: Unlocked) -> Response:
    """The compressed link as a QR code (413 QR_TOO_LARGE when it cannot fit)."""
    made = session.presentations.get(presentation_id)
    if made is None:
        raise HeldCredentialNotFoundError(f"no presentation {presentation_id!r} in this session")
    link = made["link"] or package_link(made["verifier"], made["package"], compressed=True)
    return Response(qr_png(link), media_type="image/png")
