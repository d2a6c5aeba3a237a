"""A real `timeledger serve` process on a loopback port, for tests that need real HTTP.

Import the fixtures into a test module with `from tests.live import live_server  # noqa: F401`
(and `live_tls_server` when the client insists on HTTPS). Each is module-scoped: one server per
test module and backend, started against `backend.url` (already migrated, shared with the in-process
tests; tenants isolate themselves by creating their own workspaces).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support import Backend

ROOT = Path(__file__).resolve().parents[1]
TIMELEDGER = ROOT / ".venv" / "bin" / "timeledger"
STARTUP_TIMEOUT = 30.0


def _executable() -> str:
    return str(TIMELEDGER) if TIMELEDGER.exists() else "timeledger"


def _env(backend: Backend) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TIMELEDGER_DATABASE_URL=backend.url,
        TIMELEDGER_RATE_LIMIT_PER_WORKSPACE="0",
        TIMELEDGER_RATE_LIMIT_PER_KEY="0",
    )
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@functools.lru_cache(maxsize=1)
def self_signed_certificate() -> tuple[str, str]:
    """(certfile, keyfile): a throwaway certificate for 127.0.0.1, made once per test session."""
    folder = Path(tempfile.mkdtemp(prefix="timeledger-tls-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return str(cert), str(key)


@dataclass
class Account:
    user_id: str
    workspace_id: str
    api_key: str
    email: str


@dataclass
class LiveServer:
    url: str  # e.g. http://127.0.0.1:PORT (no trailing slash)
    backend: Backend
    process: subprocess.Popen
    stderr_path: Path
    cafile: str | None = None  # the certificate to trust when the server speaks HTTPS

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def ssl_context(self) -> ssl.SSLContext | bool:
        return ssl.create_default_context(cafile=self.cafile) if self.cafile else True

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(f"timeledger serve exited with {self.process.returncode}:\n{self.stderr()}")

    def _admin(self, *args: str) -> dict:
        result = subprocess.run([_executable(), "admin", *args, "--json"], env=_env(self.backend),
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"timeledger admin {args[0]} failed:\n{result.stderr}"
        return json.loads(result.stdout.strip().splitlines()[-1])

    def bootstrap(self, workspace: str = "Live") -> Account:
        """A new owner with a new workspace, made with `timeledger admin bootstrap`."""
        email = f"owner-{uuid.uuid4().hex[:10]}@example.com"
        made = self._admin("bootstrap", "--email", email, "--name", f"Owner {workspace}", "--workspace", workspace)
        return Account(made["userId"], made["workspaceId"], made["apiKey"], email)

    def create_user(self, owner: Account, role: str = "MEMBER", name: str = "Member") -> Account:
        email = f"{role.lower()}-{uuid.uuid4().hex[:10]}@example.com"
        made = self._admin("create-user", "--workspace-id", owner.workspace_id, "--email", email,
                           "--name", name, "--role", role)
        return Account(made["userId"], owner.workspace_id, made["apiKey"], email)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    # The server runs in its own process group (workers included); end that group only.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _wait_healthy(server: LiveServer) -> bool:
    """True once /healthz answers 200; False if the process died first (e.g. port taken)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with httpx.Client(verify=server.ssl_context(), timeout=2.0) as http:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                return False
            try:
                if http.get(f"{server.url}/healthz").status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    _stop(server.process)
    pytest.fail(f"timeledger serve did not become healthy in {STARTUP_TIMEOUT}s:\n{server.stderr()}")


@contextlib.contextmanager
def running_server(backend: Backend, *, workers: int = 1, tls: bool = False) -> Iterator[LiveServer]:
    """Start `timeledger serve` on a free loopback port against `backend`; stop it afterwards."""
    log_dir = Path(tempfile.mkdtemp(prefix="timeledger-live-"))
    for attempt in range(3):
        port = _free_port()
        extra: list[str] = []
        cafile = None
        if tls:
            cafile, keyfile = self_signed_certificate()
            extra = ["--ssl-certfile", cafile, "--ssl-keyfile", keyfile]
        stderr_path = log_dir / f"serve-{attempt}.log"
        with open(stderr_path, "wb") as stderr:
            process = subprocess.Popen(
                [_executable(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                 "--log-level", "warning", "--no-migrate", *extra],  # the backend fixture has migrated
                env=_env(backend), stdout=stderr, stderr=subprocess.STDOUT, start_new_session=True,
            )
        scheme = "https" if tls else "http"
        server = LiveServer(f"{scheme}://127.0.0.1:{port}", backend, process, stderr_path, cafile)
        try:
            if _wait_healthy(server):
                break
        except BaseException:
            _stop(process)
            raise
        if "address already in use" not in server.stderr().lower():
            pytest.fail(f"timeledger serve exited with {process.returncode}:\n{server.stderr()}")
    else:
        pytest.fail(f"timeledger serve found no free port:\n{server.stderr()}")
    try:
        yield server
    finally:
        died = process.poll() is not None
        _stop(process)
        log = server.stderr()
        shutil.rmtree(log_dir, ignore_errors=True)
        if died:
            pytest.fail(f"timeledger serve died during the tests ({process.returncode}):\n{log}")


@pytest.fixture(scope="module")
def live_server(backend: Backend) -> Iterator[LiveServer]:
    """`timeledger serve` over plain HTTP: `.url` is its base URL (http://127.0.0.1:PORT)."""
    with running_server(backend) as server:
        yield server


@pytest.fixture(scope="module")
def live_tls_server(backend: Backend) -> Iterator[LiveServer]:
    """The same over HTTPS with a throwaway certificate: trust `.cafile` (or use `.ssl_context()`)."""
    with running_server(backend, tls=True) as server:
        yield server
