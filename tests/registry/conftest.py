"""Real registries shared by a test module (starting one takes a few tens of milliseconds)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator

import pytest

from controllers.registry import RegistryClient, TLSMaterial
from tests.support.registry import RegistryServer

# Re-exported: the test modules of this package import them from here.
from tests.support.registry_fixtures import PASSWORD as PASSWORD
from tests.support.registry_fixtures import USER as USER


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
