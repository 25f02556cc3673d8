"""Background processes of ours (chain node, IPFS daemon), known by a PID file.

The PID file lets a later command (``creditbank down``) stop what an earlier one started;
only processes we started are ever signalled.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

__all__ = ["PidProcess"]

logger = logging.getLogger(__name__)


class PidProcess:
    """Spawn, find, wait for and stop one background process by its PID file."""

    def __init__(self, name: str, pid_file: Path, log_file: Path) -> None:
        self.name = name
        self.pid_file = pid_file
        self.log_file = log_file
        self._child: subprocess.Popen[bytes] | None = None

    def running_pid(self) -> int | None:
        """The PID from the file if that process is alive (a reaped child counts as gone)."""
        try:
            pid = int(self.pid_file.read_text())
            os.kill(pid, 0)
        except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
            return None
        if self._child is not None and self._child.pid == pid:
            # our own child lingers as a zombie until polled
            return None if self._child.poll() is not None else pid
        return pid

    def exited(self) -> bool:
        """Whether a child we spawned has already exited."""
        return self._child is not None and self._child.poll() is not None

    def spawn(self, cmd: list[str], env: Mapping[str, str] | None = None) -> int:
        """Start ``cmd`` in its own session, output to the log file, PID to the PID file."""
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            self._child = subprocess.Popen(  # noqa: S603 - our own binaries, fixed args
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=dict(env) if env is not None else None,
                start_new_session=True,
            )
        self.pid_file.write_text(str(self._child.pid))
        return self._child.pid

    def wait_ready(self, ready: Callable[[], bool], timeout: float, poll: float = 0.05) -> bool:
        """Poll ``ready`` until it holds, the child exits, or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exited():
                return False
            if ready():
                return True
            time.sleep(poll)
        return False

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM by PID, SIGKILL if it lingers; returns the PID stopped, if any."""
        pid = self.running_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return None
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exited():
                break
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            logger.warning("%s (pid %d) ignored SIGTERM; killing it", self.name, pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            if self._child is not None:
                self._child.wait(timeout=5)
        self.pid_file.unlink(missing_ok=True)
        self._child = None
        logger.info("%s stopped (pid %d)", self.name, pid)
        return pid
