"""`python -m controller_runtime.envtest serve` end to end, and existing-cluster mode against it."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from controller_runtime.client import Client, load_config
from controller_runtime.envtest import Environment
from tests.support.kubectl import Kubectl

ROOT = Path(__file__).resolve().parents[2]
TEST_CRDS = ROOT / "tests" / "testdata" / "crds"


@dataclass
class Served:
    proc: asyncio.subprocess.Process
    kubeconfig: Path
    output: list[str]


async def start_serve(*args: str) -> Served:
    kubeconfig = Path(args[args.index("--kubeconfig") + 1])
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "controller_runtime.envtest", "serve", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd=ROOT,
    )
    assert proc.stdout is not None
    output: list[str] = []
    async with asyncio.timeout(60):
        while True:
            line = (await proc.stdout.readline()).decode()
            if not line:
                raise AssertionError("serve exited before it was ready:\n" + "".join(output))
            output.append(line)
            if line.startswith("export KUBECONFIG="):
                return Served(proc, kubeconfig, output)


async def stop_serve(served: Served, sig: int = signal.SIGTERM) -> int:
    if served.proc.returncode is None:
        served.proc.send_signal(sig)
    assert served.proc.stdout is not None
    async with asyncio.timeout(30):
        rest = await served.proc.stdout.read()
        served.output.append(rest.decode())
        return await served.proc.wait()


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    s = await start_serve("--crd-dir", str(TEST_CRDS), "--kubeconfig", str(tmp_path / "kc" / "config"))
    yield s
    if s.proc.returncode is None:
        await stop_serve(s)


async def test_serve_prints_where_it_listens_and_stops_cleanly(served: Served, tmp_path: Path) -> None:
    text = "".join(served.output)
    assert "envtest API server listening on https://127.0.0.1:" in text
    assert f"export KUBECONFIG={served.kubeconfig}" in text
    assert served.kubeconfig.stat().st_mode & 0o077 == 0  # the kubeconfig holds a token

    kubectl = Kubectl(served.kubeconfig, tmp_path / "home")
    res = await kubectl.run("get", "crd", "widgets.test.lookout.dev", "-o", "name")
    assert res.stdout.strip() == "customresourcedefinition.apiextensions.k8s.io/widgets.test.lookout.dev"
    await kubectl.run("get", "widgets", "-A")

    assert await stop_serve(served, signal.SIGINT) == 0
    assert "shutting down" in "".join(served.output)


async def test_serve_with_missing_crd_dir_fails_clearly(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "controller_runtime.envtest", "serve",
        "--crd-dir", str(tmp_path / "nope"), "--kubeconfig", str(tmp_path / "kc"),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=ROOT,
    )
    async with asyncio.timeout(60):
        _, err = await proc.communicate()
    assert proc.returncode == 1
    assert f"error: CRD path {tmp_path / 'nope'} does not exist" in err.decode()


async def test_serve_state_dir_keeps_objects_across_restarts(tmp_path: Path) -> None:
    state = tmp_path / "state"
    args = ("--kubeconfig", str(tmp_path / "kc"), "--state-dir", str(state))
    first = await start_serve(*args)
    try:
        async with Client(load_config(first.kubeconfig)) as c:
            await c.create({"apiVersion": "v1", "kind": "ConfigMap",
                            "metadata": {"name": "kept", "namespace": "default"}, "data": {"k": "v"}})
    finally:
        assert await stop_serve(first) == 0
    second = await start_serve(*args)
    try:
        async with Client(load_config(second.kubeconfig)) as c:
            cm = await c.get("v1", "ConfigMap", "kept", "default")
        assert cm["data"] == {"k": "v"}
    finally:
        assert await stop_serve(second) == 0


async def test_existing_cluster_mode_uses_kubeconfig(
    served: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USE_EXISTING_CLUSTER", "true")
    monkeypatch.setenv("KUBECONFIG", str(served.kubeconfig))
    extra = tmp_path / "crds"
    extra.mkdir()
    (extra / "thing.yaml").write_text(
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
        "metadata: {name: things.existing.lookout.dev}\n"
        "spec:\n  group: existing.lookout.dev\n  scope: Namespaced\n"
        "  names: {kind: Thing, plural: things, singular: thing, listKind: ThingList}\n"
        "  versions:\n  - name: v1\n    served: true\n    storage: true\n"
        "    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n"
    )
    async with Environment(crd_paths=[extra], cleanup_crds=True) as env:
        assert env.mode == "existing"
        assert env.config.host == load_config(served.kubeconfig).host
        assert Path(env.kubeconfig_path).name == "kubeconfig"
        async with Client(env.config) as c:
            thing = await c.create({"apiVersion": "existing.lookout.dev/v1", "kind": "Thing",
                                    "metadata": {"name": "t", "namespace": "default"}})
            assert thing["metadata"]["uid"]
        kubectl = Kubectl(Path(env.kubeconfig_path), tmp_path / "home")
        listed = await kubectl.run("get", "things", "-n", "default", "-o", "name")
        assert listed.stdout.strip() == "thing.existing.lookout.dev/t"
    # Stopping an existing-cluster Environment leaves the server running; cleanup_crds removed the CRD.
    assert served.proc.returncode is None
    async with Client(load_config(served.kubeconfig)) as c:
        crds = await c.list("apiextensions.k8s.io/v1", "CustomResourceDefinition")
        names = [i["metadata"]["name"] for i in crds["items"] if not i["metadata"].get("deletionTimestamp")]
        assert "things.existing.lookout.dev" not in names
        assert "widgets.test.lookout.dev" in names


async def test_serve_insecure_http(tmp_path: Path) -> None:
    served = await start_serve("--kubeconfig", str(tmp_path / "kc"), "--insecure-http")
    try:
        assert "envtest API server listening on http://127.0.0.1:" in "".join(served.output)
        config = load_config(served.kubeconfig)
        assert config.host.startswith("http://") and config.ca_data is None
        async with Client(config) as c:
            assert (await c.get("v1", "Namespace", "default"))["metadata"]["name"] == "default"
    finally:
        assert await stop_serve(served) == 0
