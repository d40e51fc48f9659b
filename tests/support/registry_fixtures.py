"""Module-scoped real registries, one of each flavour, for any test package to import.

A conftest (or test module) imports the fixtures it wants by name; pytest then starts each
registry once per test module that uses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.registry import RegistryServer, RegistryTLS, TokenServer

#: The one user every authenticating registry knows.
USER, PASSWORD = "alice", "wonderland-s3cret"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("registries")


@pytest.fixture(scope="module")
def plain_registry(workdir: Path) -> Iterator[RegistryServer]:
    server = RegistryServer(workdir / "plain").start()
    server.push_tags("team/app", ["1.0.0", "1.1.0", "2.0.0", "latest", "2.0.0.sig"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def basic_registry(workdir: Path) -> Iterator[RegistryServer]:
    server = RegistryServer(workdir / "basic", htpasswd={USER: PASSWORD}).start()
    server.push_tags("private/app", ["v1", "v2", "v3"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def token_server() -> Iterator[TokenServer]:
    server = TokenServer({USER: PASSWORD}, identity_tokens={"refresh-abc": USER}).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def token_registry(workdir: Path, token_server: TokenServer) -> Iterator[RegistryServer]:
    server = RegistryServer(workdir / "token", token=token_server).start()
    server.push_tags("secure/app", ["a", "b", "c", "d"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tls_registry(workdir: Path) -> Iterator[RegistryServer]:
    server = RegistryServer(workdir / "tls", tls=RegistryTLS.generate()).start()
    server.push_tags("tls/app", ["0.1", "0.2"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def mtls_registry(workdir: Path) -> Iterator[RegistryServer]:
    server = RegistryServer(workdir / "mtls", tls=RegistryTLS.generate(mutual=True)).start()
    server.push_tags("mtls/app", ["x1", "x2", "x3"])
    yield server
    server.stop()
