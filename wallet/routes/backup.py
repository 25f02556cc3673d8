"""Back the wallet up as one encrypted file."""

from __future__ import annotations

from fastapi import APIRouter, Response

from wallet.deps import Unlocked

router = APIRouter(tags=["wallet"])


@router.post(
    "/backup", response_class=Response, responses={200: {"content": {"application/json": {}}}}
)
async def backup(session: Unlocked) -> Response:
    """The encrypted wallet; the same passphrase restores it (POST /restore or the CLI)."""
    data = await session.wallet.backup()
    filename = f"{session.wallet.name}.creditbank-wallet-backup.json"
    return Response(
        data,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
