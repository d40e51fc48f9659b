"""Tests that run against the real kube-apiserver only (one control plane for the session)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.kubectl import Kubectl


@pytest.fixture(scope="session")
def env(kube_apiserver_env: Any) -> Any:
    return kube_apiserver_env


@pytest.fixture(scope="session")
def kubectl(kube_apiserver_env: Any, tmp_path_factory: pytest.TempPathFactory) -> Kubectl:
    return Kubectl(Path(kube_apiserver_env.kubeconfig_path), tmp_path_factory.mktemp("kubectl-home"))
