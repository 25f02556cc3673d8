"""``creditbank``: one typer app, a sub-app per area."""

from __future__ import annotations

import os
import sys

import typer

from creditbank.cli.audit import audit_app
from creditbank.cli.chain import chain_app
from creditbank.cli.common import console
from creditbank.cli.consortium import consortium_app
from creditbank.cli.db import db_app
from creditbank.cli.governance import governance_app
from creditbank.cli.issuer import issuer_app
from creditbank.cli.serve import serve_app
from creditbank.cli.stack import stack_app
from creditbank.cli.wallet import wallet_app
from node.files import OWNER_ONLY_UMASK

__all__ = ["app", "main"]

app = typer.Typer(help="Credit Bank: certify, accumulate, convert and verify learning credits.")
app.add_typer(audit_app, name="audit")
app.add_typer(chain_app, name="chain")
app.add_typer(consortium_app, name="consortium")
app.add_typer(db_app, name="db")
app.add_typer(governance_app, name="governance")
app.add_typer(issuer_app, name="issuer")
app.add_typer(wallet_app, name="wallet")
app.add_typer(stack_app)
app.add_typer(serve_app)


def main() -> None:
    """Run the CLI, then leave without interpreter teardown (didkit can crash there)."""
    code = 0
    os.umask(OWNER_ONLY_UMASK)  # every file a command makes is the owner's only
    try:
        result = app(standalone_mode=False)  # a typer.Exit(n) comes back as n here
        code = result if isinstance(result, int) else 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    except typer.Abort:
        code = 1
    except Exception as exc:  # noqa: BLE001 - click errors and ours print the same way
        from click.exceptions import ClickException
        from typer._click.exceptions import ClickException as VendoredClickException

        if isinstance(exc, ClickException | VendoredClickException):  # typer 0.29 vendors click
            exc.show()
            code = exc.exit_code
        else:
            raise
    console.file.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
