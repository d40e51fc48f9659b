"""Session-wide test environments: one API server (envtest) for the whole run, and one real
kube-apiserver (etcd + kube-apiserver built from their Go modules) for the tests that run
against the real thing as well."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.kube_assets import CRD_DIRS, real_control_plane
from tests.support.kubectl import Kubectl

#: Real registries (one per flavour, module-scoped) for every test package.
pytest_plugins = ["tests.support.registry_fixtures"]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def envtest_env() -> Iterator[Any]:
    """The API server every integration test talks to (embedded unless told otherwise)."""
    from controller_runtime.envtest import Environment

    with Environment(crd_paths=[str(d) for d in CRD_DIRS if d.is_dir()]) as environment:
        yield environment


@pytest.fixture(scope="session")
def kube_apiserver_env() -> Iterator[Any]:
    """One real control plane for the whole session (namespaces keep tests apart), started as
    Go's envtest starts it."""
    with real_control_plane() as environment:
        yield environment


@pytest.fixture(scope="session")
def env(envtest_env: Any) -> Any:
    return envtest_env


@pytest.fixture
async def client(env: Any) -> AsyncIterator[Any]:
    from controller_runtime.client import Client

    async with Client(env.config) as c:
        yield c


@pytest.fixture
async def namespace(client: Any) -> AsyncIterator[str]:
    """A fresh namespace per test, so tests never see each other's objects."""
    name = f"t-{uuid.uuid4().hex[:10]}"
    await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    yield name
    try:
        await client.delete("v1", "Namespace", name)
    except Exception:  # the test may have deleted it itself
        pass


@pytest.fixture(scope="session")
def kubectl(env: Any, tmp_path_factory: pytest.TempPathFactory) -> Kubectl:
    return Kubectl(Path(env.kubeconfig_path), tmp_path_factory.mktemp("kubectl-home"))
