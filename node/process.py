"""Background processes of ours (chain node, IPFS daemon, services), known by a PID file.

The PID file lets a later command (``creditbank down``) stop what an earlier one started;
only processes we started are ever signalled. ``Supervisor`` keeps services running.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PidProcess", "ServiceSpec", "Supervisor", "exit_reason", "fresh_dir"]

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


def fresh_dir(path: Path) -> Path:
    """An empty directory only we can read, whatever an earlier run left there.

    For state that must not outlive the processes writing it, such as prometheus-client's
    per-worker files (``PROMETHEUS_MULTIPROC_DIR``): stale files from a previous run would be
    summed into the new run's figures.
    """
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(mode=0o700, parents=True)
    return path


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the supervisor dies, even by SIGKILL (Linux)."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def exit_reason(code: int) -> str:
    """A child's return code in words: an exit status or the signal that killed it."""
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


@dataclass
class ServiceSpec:
    """One supervised service: its command, environment and log file."""

    name: str
    cmd: list[str]
    log_file: Path
    env: Mapping[str, str] | None = None


@dataclass
class _Child:
    spec: ServiceSpec
    pid_file: Path
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    delay: float = 0.0
    restarts: int = 0


class Supervisor:
    """Runs each service in a process of its own and restarts one that dies, with back-off.

    A crash in one service never takes another down. Each death is logged with its reason;
    the delay before a restart doubles up to ``max_delay`` and resets once a service has
    stayed up for ``stable_after`` seconds. Children get SIGTERM if the supervisor itself
    dies, so a killed supervisor leaves no orphans, and each has a PID file in ``run_dir``.
    """

    def __init__(
        self,
        services: list[ServiceSpec],
        run_dir: Path,
        *,
        first_delay: float = 0.5,
        max_delay: float = 30.0,
        stable_after: float = 30.0,
    ) -> None:
        self.run_dir = run_dir
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.stable_after = stable_after
        self._children = {
            s.name: _Child(s, run_dir / f"{s.name}.pid", delay=first_delay) for s in services
        }

    def pids(self) -> dict[str, int | None]:
        """Each service's current PID (``None`` while it waits for a restart)."""
        return {
            name: c.proc.pid if c.proc is not None and c.proc.poll() is None else None
            for name, c in self._children.items()
        }

    def restarts(self) -> dict[str, int]:
        """How many times each service was restarted."""
        return {name: c.restarts for name, c in self._children.items()}

    def start(self) -> None:
        """Start every service (from the thread that will stay: children die with it)."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for child in self._children.values():
            self._spawn(child)

    def _spawn(self, child: _Child) -> None:
        child.spec.log_file.parent.mkdir(parents=True, exist_ok=True)
        with child.spec.log_file.open("ab") as log:
            child.proc = subprocess.Popen(  # noqa: S603 - our own command line
                child.spec.cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=dict(child.spec.env) if child.spec.env is not None else None,
                start_new_session=True,  # Ctrl-C reaches the supervisor, which stops in order
                preexec_fn=_die_with_parent,  # spawned from the main thread only
            )
        child.started_at = time.monotonic()
        child.restart_at = None
        child.pid_file.write_text(str(child.proc.pid))
        logger.info("%s started (pid %d)", child.spec.name, child.proc.pid)

    def poll(self) -> None:
        """Notice deaths and carry out restarts that are due; call this in a loop."""
        now = time.monotonic()
        for child in self._children.values():
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restarts += 1
                    self._spawn(child)
                continue
            if child.proc is None or (code := child.proc.poll()) is None:
                continue
            if now - child.started_at >= self.stable_after:
                child.delay = self.first_delay
            logger.warning(
                "%s (pid %d) %s; restarting in %.1f s (log: %s)",
                child.spec.name,
                child.proc.pid,
                exit_reason(code),
                child.delay,
                child.spec.log_file,
            )
            child.restart_at = now + child.delay
            child.delay = min(child.delay * 2, self.max_delay)

    def run(self, stop: threading.Event, interval: float = 0.2) -> None:
        """Supervise until ``stop`` is set, then stop every service."""
        try:
            while not stop.wait(interval):
                self.poll()
        finally:
            self.stop()

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM every service, SIGKILL what lingers, remove the PID files."""
        running = [c for c in self._children.values() if c.proc and c.proc.poll() is None]
        for child in running:
            assert child.proc is not None
            with contextlib.suppress(ProcessLookupError):
                child.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in running:
            assert child.proc is not None
            try:
                child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                logger.warning("%s ignored SIGTERM; killing it", child.spec.name)
                child.proc.kill()
                child.proc.wait(timeout=5)
        for child in self._children.values():
            child.restart_at = None
            child.pid_file.unlink(missing_ok=True)
        logger.info("every service stopped")
