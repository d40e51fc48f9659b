"""Real registries shared by a test module (starting one takes a few tens of milliseconds)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from controllers.registry import RegistryClient, TLSMaterial
from tests.support.registry import RegistryServer, RegistryTLS, TokenServer

USER, PASSWORD = "alice", "wonderland-s3cret"


def b64(value: str | bytes) -> str:
    raw = value.encode() if isinstance(value, str) else value
    return base64.b64encode(raw).decode()


def docker_config_secret(auths: dict[str, dict[str, str]], *, legacy: bool = False) -> dict[str, str]:
    """A pull Secret's `.data`, as `kubectl create secret docker-registry` would write it."""
    if legacy:
        return {".dockercfg": b64(json.dumps(auths))}
    return {".dockerconfigjson": b64(json.dumps({"auths": auths}))}


def basic_entry(user: str, password: str) -> dict[str, str]:
    return {"auth": b64(f"{user}:{password}")}


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


def ca_material(server: RegistryServer, *, client_cert: bool = False) -> TLSMaterial:
    assert server.tls is not None
    if client_cert:
        assert server.tls.client is not None
        return TLSMaterial(
            ca_pem=server.tls.ca.cert_pem,
            cert_pem=server.tls.client.cert_pem,
            key_pem=server.tls.client.key_pem,
        )
    return TLSMaterial(ca_pem=server.tls.ca.cert_pem)


@pytest.fixture
async def registry_client() -> AsyncIterator[RegistryClient]:
    async with RegistryClient() as c:
        yield c
