"""``creditbank issuer import-certificates`` sends a long list part by part, under a bar.

The bar is for a terminal only: here the output is not one, so nothing of it is printed. The
merged report reads as one import of the whole file, its problems on the file's own lines.
"""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from creditbank.cli import app
from creditbank.cli import issuer as issuer_cli
from node.credentials import did_key, generate_key
from tests.e2e.conftest import RunningIssuer


def test_a_certificate_list_is_imported_in_parts_and_reported_whole(
    running_issuer: RunningIssuer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(issuer_cli, "IMPORT_PART_RECORDS", 3)
    rows = [f"{did_key(generate_key())},CRS-PYTHON,,Pass,,2025-06-01" for _ in range(7)]
    rows[4] = f"{did_key(generate_key())},NO-SUCH-STANDARD,,Pass,,2025-06-01"  # file line 6
    listing = tmp_path / "certificates.csv"
    listing.write_text(
        "learner_did,standard_code,grade,result,credits_earned,issued_on\n" + "\n".join(rows) + "\n"
    )
    runner = CliRunner(
        env={
            "CREDITBANK_ISSUER_URL": running_issuer.url,
            "CREDITBANK_API_KEY": running_issuer.admin_key,
        }
    )
    imported = runner.invoke(app, ["issuer", "import-certificates", str(listing)])
    assert imported.exit_code == 0, imported.output
    assert "6 accepted, 0 already done, 1 problems (of 7 rows)" in imported.output
    assert "line 6:" in imported.output
    assert "importing" not in imported.output and "━" not in imported.output  # no TTY, no bar

    again = runner.invoke(app, ["issuer", "import-certificates", str(listing)])
    assert again.exit_code == 0, again.output
    assert "0 accepted, 6 already done, 1 problems (of 7 rows)" in again.output
