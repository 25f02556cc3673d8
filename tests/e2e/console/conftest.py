"""The session issuer with a console password for its administrator."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import RunningIssuer
from tests.e2e.console.console import set_password_by_cli


@pytest.fixture(scope="session")
def console_issuer(running_issuer: RunningIssuer) -> RunningIssuer:
    """The session issuer; its ``admin`` signs in to the console with the tests' password."""
    set_password_by_cli(running_issuer.url, running_issuer.admin_key, "admin")
    return running_issuer
