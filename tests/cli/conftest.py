"""Fixtures for command-line tests: a `Cli` (see harness.py) for a new account in local mode (the
CLI's own background server over a Unix socket, on the `backend` database) or in remote mode (a
real `timeledger serve` on loopback)."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest

from tests.cli.harness import BUENOS_AIRES, CLEARED, NOW, Cli
from tests.live import live_server  # noqa: F401
from tests.support import Api, Backend
from timeledger.cli import local


@contextmanager
def _environment(env: dict[str, str]):
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def local_home(backend: Backend, tmp_path_factory: pytest.TempPathFactory):
    """A private home for local mode on `backend`'s database: its own config, data and socket
    directories. Its background server is started here, so that no test's output depends on
    being the first to run ("Starting the local timeledger server…"), and stopped at the end."""
    home = tmp_path_factory.mktemp("local-home")
    env = {
        "TIMELEDGER_DATABASE_URL": backend.url,
        "TIMELEDGER_CONFIG_DIR": str(home / "config"),
        "TIMELEDGER_DATA_DIR": str(home / "data"),
        "XDG_RUNTIME_DIR": str(home / "run"),
    }
    (home / "run").mkdir(mode=0o700)
    with _environment(env):
        local.ensure_server(backend.url, quiet=True)
    yield env
    with _environment(env):
        local.stop_server(backend.url)


def _factory(mode: str, api: Api, request: pytest.FixtureRequest, capsys, monkeypatch):
    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    base_env = {"TIMELEDGER_NOW": NOW, "NO_COLOR": "1", "COLUMNS": "200"}
    if mode == "local":
        base_env.update(request.getfixturevalue("local_home"))
        server = None
    else:
        tmp = request.getfixturevalue("tmp_path")
        base_env.update(TIMELEDGER_CONFIG_DIR=str(tmp / "config"), TIMELEDGER_DATA_DIR=str(tmp / "data"))
        server = request.getfixturevalue("live_server").url

    def make(zone: str | None = "UTC", workspace: str = "Tracking") -> Cli:
        caller = api.tenant(workspace, time_zone=zone)
        return Cli(mode, caller, capsys, monkeypatch, server, dict(base_env))

    return make


@pytest.fixture(params=["local", "remote"])
def make_cli(request: pytest.FixtureRequest, api: Api, capsys, monkeypatch):
    """make_cli(zone) -> Cli for a new owner whose profile zone is `zone`, in local and in remote mode."""
    return _factory(request.param, api, request, capsys, monkeypatch)


@pytest.fixture
def make_remote_cli(request: pytest.FixtureRequest, api: Api, capsys, monkeypatch):
    """The same in remote mode only, for what only remote mode has: server URLs and profiles."""
    return _factory("remote", api, request, capsys, monkeypatch)


@pytest.fixture
def cli(make_cli) -> Cli:
    return make_cli(BUENOS_AIRES)
