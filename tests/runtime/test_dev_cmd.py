"""`lookout dev`: the whole loop on localhost with no cluster, run as a user would."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import aiohttp

from controller_runtime.client import Client, load_config
from controller_runtime.fluxruntime import conditions
from tests.imagerepository.conftest import IR, image_repository
from tests.support.registry import RegistryServer, free_port
from tests.support.wait import eventually

ROOT = Path(__file__).resolve().parents[2]


async def _start(state: Path, health: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from controllers.cli import main; sys.exit(main())",
        "dev",
        f"--state-dir={state}",
        "--",
        "--metrics-addr=0",
        f"--health-addr=127.0.0.1:{health}",
        cwd=ROOT,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def _ready(health: int) -> bool:
    try:
        async with aiohttp.ClientSession() as s, s.get(f"http://127.0.0.1:{health}/readyz") as r:
            return r.status == 200
    except aiohttp.ClientError:
        return False


async def test_dev_runs_the_api_server_and_every_controller_and_keeps_state(
    plain_registry: RegistryServer, tmp_path: Path
) -> None:
    state, health = tmp_path / "state", free_port()
    proc = await _start(state, health)
    try:
        await eventually(lambda: _ready(health), timeout=60, message="lookout dev is ready")
        config = load_config(kubeconfig=str(state / "kubeconfig"))
        async with Client(config) as client:
            crds = await client.list("apiextensions.k8s.io/v1", "CustomResourceDefinition")
            names = {c["metadata"]["name"] for c in crds["items"]}
            assert {
                "imagerepositories.image.toolkit.fluxcd.io",
                "imagepolicies.image.toolkit.fluxcd.io",
                "gitrepositories.source.toolkit.fluxcd.io",
                "ocirepositories.source.werf.io",
            } <= names
            await client.create(image_repository("flux-system", "app", plain_registry.image("team/app")))

            async def ready() -> bool:
                return conditions.is_ready(await client.get(*IR, "app", namespace="flux-system"))

            await eventually(ready, timeout=60, message="the repository is scanned")
        proc.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(proc.communicate(), timeout=60)
        assert proc.returncode == 0
        assert f"export KUBECONFIG={state / 'kubeconfig'}" in out.decode()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()

    # Started again on the same state: the object is still there.
    proc = await _start(state, health)
    try:
        await eventually(lambda: _ready(health), timeout=60, message="lookout dev is ready again")
        async with Client(load_config(kubeconfig=str(state / "kubeconfig"))) as client:
            again = await client.get(*IR, "app", namespace="flux-system")
        assert again["status"]["lastScanResult"]["tagCount"] == 4
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), timeout=60)


async def test_dev_demo_runs_the_whole_loop(tmp_path: Path) -> None:
    """`lookout dev --demo`, as a user runs it: a new tag becomes a commit, an artifact is served."""
    state, health = tmp_path / "state", free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from controllers.cli import main; sys.exit(main())",
        "dev",
        "--demo",
        f"--state-dir={state}",
        "--",
        "--metrics-addr=0",
        f"--health-addr=127.0.0.1:{health}",
        cwd=ROOT,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    lines: list[str] = []
    try:
        assert proc.stdout is not None

        async def read_until_done() -> None:
            assert proc.stdout is not None
            async for raw in proc.stdout:
                lines.append(raw.decode().rstrip("\n"))
                if lines[-1] == "demo: done":
                    return
            raise AssertionError("lookout dev --demo ended before the demo was done")

        try:
            await asyncio.wait_for(read_until_done(), timeout=180)
        except (TimeoutError, AssertionError):
            proc.kill()
            _, err = await proc.communicate()
            raise AssertionError("\n".join(lines) + "\n" + err.decode()[-4000:]) from None
        demo = [line for line in lines if line.startswith("demo: ")]
        assert any(
            line.startswith("demo: commit landed in fleet.git: ") and "chore: automated image update" in line
            for line in demo
        ), demo
        assert "demo: ImagePolicy podinfo chose 1.1.0" in demo
        assert any(
            line.startswith("demo: artifact latest@sha256:") and line.endswith("verified)") for line in demo
        ), demo
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.communicate(), timeout=60)
        assert proc.returncode == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
