"""Environment in embedded mode: sync and async forms, kubeconfig, CRDs, cleanup."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
import yaml

from controller_runtime.client import Client, errors, load_config
from controller_runtime.envtest import Environment
from controller_runtime.envtest.crd import CRDError
from tests.support.kubectl import Kubectl

ROOT = Path(__file__).resolve().parents[2]
TEST_CRDS = ROOT / "tests" / "testdata" / "crds"


@pytest.fixture(autouse=True)
def _embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("USE_EXISTING_CLUSTER", "KUBEBUILDER_ASSETS", "TEST_ASSET_ETCD", "TEST_ASSET_KUBE_APISERVER"):
        monkeypatch.delenv(var, raising=False)


async def widget_roundtrip(env: Environment, ns: str = "default") -> str:
    async with Client(env.config) as c:
        created = await c.create(
            {
                "apiVersion": "test.lookout.dev/v1",
                "kind": "Widget",
                "metadata": {"generateName": "w-", "namespace": ns},
                "spec": {"image": "nginx:1"},
            }
        )
        got = await c.get("test.lookout.dev/v1", "Widget", created["metadata"]["name"], ns)
        return str(got["metadata"]["uid"])


def test_sync_form_serves_clients_on_other_loops() -> None:
    with Environment(crd_paths=[TEST_CRDS]) as env:
        assert env.mode == "embedded"
        assert env.config.host.startswith("https://127.0.0.1:")
        assert (env.config.qps, env.config.burst) == (1000.0, 2000)
        assert [c["metadata"]["name"] for c in env.installed_crds] == [
            "widgets.test.lookout.dev",
            "gadgets.test.lookout.dev",
        ]
        # Each asyncio.run is a fresh loop, as each pytest-asyncio test is.
        first = asyncio.run(widget_roundtrip(env))
        second = asyncio.run(widget_roundtrip(env))
        assert first != second
        kubeconfig = Path(env.kubeconfig_path)
        assert kubeconfig.is_file()
    assert not kubeconfig.exists()  # temp files are removed on stop
    with pytest.raises(OSError):
        asyncio.run(widget_roundtrip(env))


async def test_async_form_and_kubectl(tmp_path: Path) -> None:
    async with Environment(crd_paths=[TEST_CRDS]) as env:
        await widget_roundtrip(env)
        kubectl = Kubectl(Path(env.kubeconfig_path), tmp_path / "home")
        out = await kubectl.run("get", "widgets", "-n", "default", "-o", "name")
        assert out.stdout.startswith("widget.test.lookout.dev/w-")
        loaded = await asyncio.to_thread(load_config, env.kubeconfig_path)
        assert loaded.host == env.config.host
        mode = (await asyncio.to_thread(os.stat, env.kubeconfig_path)).st_mode
        assert mode & 0o077 == 0


async def test_start_twice_is_an_error() -> None:
    env = Environment()
    async with env:
        with pytest.raises(RuntimeError, match="more than once"):
            await env.start()


def test_config_before_start_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="not started"):
        _ = Environment().config


async def test_missing_crd_path(tmp_path: Path) -> None:
    async with Environment(crd_paths=[tmp_path / "absent", TEST_CRDS]) as env:
        assert len(env.installed_crds) == 2
    with pytest.raises(CRDError, match="absent does not exist"):
        async with Environment(crd_paths=[tmp_path / "absent"], error_if_crd_path_missing=True):
            pass


async def test_existing_mode_with_given_config_cleans_up_its_crds() -> None:
    docs = yaml.safe_load_all((TEST_CRDS / "test.lookout.dev_widgets.yaml").read_text())
    gadget = next(d for d in docs if d["spec"]["names"]["kind"] == "Gadget")
    async with Environment() as cluster:
        inner = Environment(
            use_existing_cluster=True, config=cluster.config, crds=[gadget], cleanup_crds=True
        )
        async with inner:
            assert inner.mode == "existing"
            async with Client(inner.config) as c:
                await c.create(
                    {"apiVersion": "test.lookout.dev/v1", "kind": "Gadget", "metadata": {"name": "g"}}
                )
        async with Client(cluster.config) as c:  # the server is still up; only the CRD is gone
            with pytest.raises(errors.NotFoundError):
                await c.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", "gadgets.test.lookout.dev")
