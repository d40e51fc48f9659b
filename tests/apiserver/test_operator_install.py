"""`kubectl apply -k` of the operator install (config/default) into a private embedded server:
every built-in kind the install uses is stored, with strict field validation on."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from controller_runtime.envtest.apiserver import APIServer
from tests.support.kubectl import Kubectl

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
async def kubectl_private(tmp_path: Path) -> AsyncIterator[Kubectl]:
    srv = APIServer(tls=True)
    await srv.start()
    assert srv.ca_pem is not None
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "current-context": "c",
        "clusters": [
            {
                "name": "e",
                "cluster": {
                    "server": srv.url,
                    "certificate-authority-data": base64.b64encode(srv.ca_pem).decode(),
                },
            }
        ],
        "users": [{"name": "u", "user": {"token": srv.token}}],
        "contexts": [{"name": "c", "context": {"cluster": "e", "user": "u"}}],
    }
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(config))
    (tmp_path / "home").mkdir()
    yield Kubectl(path, tmp_path / "home")
    await srv.stop()


async def test_operator_install_applies_cleanly(kubectl_private: Kubectl) -> None:
    first = await kubectl_private.run("apply", "-k", str(ROOT / "config" / "default"))
    lines = first.stdout.strip().splitlines()
    assert lines and all(line.endswith(" created") for line in lines), first.stdout
    assert first.stderr == ""
    kinds = {line.split("/", 1)[0] for line in lines}
    assert {
        "customresourcedefinition.apiextensions.k8s.io",
        "deployment.apps",
        "serviceaccount",
        "clusterrole.rbac.authorization.k8s.io",
        "clusterrolebinding.rbac.authorization.k8s.io",
    } <= kinds
    again = await kubectl_private.run("apply", "-k", str(ROOT / "config" / "default"))
    assert all(line.endswith(" unchanged") for line in again.stdout.strip().splitlines()), again.stdout
    ssa = await kubectl_private.run("apply", "--server-side", "-k", str(ROOT / "config" / "default"))
    assert all(line.endswith(" serverside-applied") for line in ssa.stdout.strip().splitlines())
    deployments = (await kubectl_private.run("get", "deployments", "-A", "-o", "json")).json()["items"]
    assert deployments
    for d in deployments:
        assert d["metadata"]["generation"] == 1
        assert d["spec"]["template"]["spec"]["containers"]
