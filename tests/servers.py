"""Real servers for tests on 127.0.0.1: a FastAPI app under uvicorn in a thread, PostgreSQL."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI


@contextmanager
def serve(app: FastAPI, port: int) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _pg_bin(name: str) -> str:
    """A PostgreSQL server binary: Debian keeps them out of PATH, per major version."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: p.parts[4])
    if found:
        return str(found[-1])
    on_path = shutil.which(name)
    if on_path is None:
        raise RuntimeError(f"PostgreSQL's {name} not found: run scripts/setup")
    return on_path


class PostgresServer:
    """A real PostgreSQL on 127.0.0.1 with a throwaway data dir, stopped by its PID.

    initdb refuses root, so as root the server runs as the ``postgres`` system user (made by
    Debian's package) through ``setpriv``, which execs: the PID we hold is the postmaster's.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="creditbank-pg-"))
        self.data = self.root / "data"
        self._proc: subprocess.Popen[bytes] | None = None
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._as_user = [
                "setpriv",
                f"--reuid={user.pw_uid}",
                f"--regid={user.pw_gid}",
                "--init-groups",
                "--",
            ]

    def start(self) -> None:
        """initdb (trust on loopback: a test server), then serve until ``stop``."""
        log = self.root / "initdb.log"
        with log.open("wb") as out:
            subprocess.run(  # noqa: S603 - fixed arguments
                [
                    *self._as_user,
                    _pg_bin("initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                    "--no-sync",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                check=True,
                cwd=self.root,
            )
        with (self.root / "server.log").open("wb") as out:
            self._proc = subprocess.Popen(  # noqa: S603 - fixed arguments
                [
                    *self._as_user,
                    _pg_bin("postgres"),
                    "-D",
                    str(self.data),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-k",
                    str(self.root),
                    "-c",
                    "fsync=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "max_connections=200",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.root,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while not self._accepts():
            if self._proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((self.root / "server.log").read_text())
            time.sleep(0.1)

    @property
    def pid(self) -> int | None:
        """The postmaster's PID while it runs (its backends are its children)."""
        return self._proc.pid if self._proc is not None else None

    def _accepts(self) -> bool:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [_pg_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"],
            capture_output=True,
            check=False,
        )
        return result.returncode == 0

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy async URL of one database on this server."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its URL."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                _pg_bin("psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-q",
                "-c",
                f'CREATE DATABASE "{name}"',
            ],
            capture_output=True,
            check=True,
        )
        return self.url(name)

    def stop(self) -> None:
        """Fast shutdown (SIGINT: sessions are ended) by the postmaster's PID, then clean up."""
        if self._proc is not None and self._proc.poll() is None:
            os.kill(self._proc.pid, signal.SIGINT)
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self._proc.pid, signal.SIGKILL)
                self._proc.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)
