"""The ``creditbank issuer`` commands against the served issuer."""

from pathlib import Path

from typer.testing import CliRunner

from creditbank.cli import app
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import new_learner


async def test_issue_list_import_and_revoke_from_the_command_line(
    running_issuer: RunningIssuer, tmp_path: Path
) -> None:
    learner = await new_learner()
    env = {
        "CREDITBANK_ISSUER_URL": running_issuer.url,
        "CREDITBANK_API_KEY": running_issuer.admin_key,
    }
    runner = CliRunner(env=env)
    issued = runner.invoke(
        app, ["issuer", "issue", "--learner", learner.did, "--standard", "CRS-PYTHON"]
    )
    assert issued.exit_code == 0, issued.output
    credential_id = issued.output.split()[1]
    assert credential_id.startswith("urn:uuid:")
    listed = runner.invoke(app, ["issuer", "list", "--learner", learner.did])
    assert listed.exit_code == 0 and "CRS-PYTHON" in listed.output

    roster = tmp_path / "roster.csv"
    roster.write_text(f"student_id,name,did\nCLI-1,Li Lei,{learner.did}\nCLI-2,,\n")
    imported = runner.invoke(app, ["issuer", "import-roster", str(roster)])
    assert imported.exit_code == 0, imported.output
    assert "1 accepted" in imported.output and "line 3" in imported.output
    assert (tmp_path / "roster.offers.json").is_file()

    revoked = runner.invoke(app, ["issuer", "revoke", credential_id, "--reason", "2"])
    assert revoked.exit_code == 0, revoked.output
    assert "revoked" in revoked.output

    refused = runner.invoke(
        app, ["issuer", "issue", "--learner", "did:key:zBAD", "--standard", "CRS-PYTHON"]
    )
    assert refused.exit_code == 2 and "DID_INVALID" in refused.output
