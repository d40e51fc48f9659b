"""Fixtures that run a test package against two API servers in one session.

- the session's envtest server (`embedded` unless USE_EXISTING_CLUSTER or KUBEBUILDER_ASSETS
  select another mode; the test ID names the mode);
- a real kube-apiserver built from its Go module (`kube-apiserver`), one control plane for
  the whole session, started as Go's envtest starts it.

A conftest imports `env`, `kubectl` and `kubectl_homes` from here to override the root ones.
Where the two servers disagree, the real one is right. LOOKOUT_CONFORMANCE_KUBE_APISERVER=false
leaves the second out (the existing-cluster child run, which has a server of its own).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.envtest import select_mode
from tests.support.kubectl import Kubectl

KUBE_APISERVER = "kube-apiserver"


def servers() -> list[str]:
    configured = select_mode(None, None)
    found: list[str] = [configured]
    if configured != "binaries" and os.environ.get("LOOKOUT_CONFORMANCE_KUBE_APISERVER", "") != "false":
        found.append(KUBE_APISERVER)
    return found


@pytest.fixture(scope="session", params=servers())
def env(request: pytest.FixtureRequest) -> Any:
    name = "kube_apiserver_env" if request.param == KUBE_APISERVER else "envtest_env"
    return request.getfixturevalue(name)


@pytest.fixture(scope="session")
def kubectl_homes() -> dict[str, Path]:
    """One kubectl HOME (and so one discovery cache) per server."""
    return {}


@pytest.fixture
def kubectl(env: Any, kubectl_homes: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Kubectl:
    home = kubectl_homes.get(env.kubeconfig_path)
    if home is None:
        home = kubectl_homes[env.kubeconfig_path] = tmp_path_factory.mktemp("kubectl-home")
    return Kubectl(Path(env.kubeconfig_path), home)
