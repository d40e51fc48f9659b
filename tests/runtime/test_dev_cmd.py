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
        sys.executable, "-c", "import sys; from controllers.cli import main; sys.exit(main())",
        "dev", f"--state-dir={state}", "--", "--metrics-addr=0", f"--health-addr=127.0.0.1:{health}",
        cwd=ROOT, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
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
            assert {"imagerepositories.image.toolkit.fluxcd.io", "imagepolicies.image.toolkit.fluxcd.io",
                    "gitrepositories.source.toolkit.fluxcd.io", "ocirepositories.source.werf.io"} <= names
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


async def test_dev_demo_says_what_it_still_needs() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from controllers.cli import main; sys.exit(main())",
        "dev", "--demo",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    _, err = await proc.communicate()
    assert proc.returncode == 2
    assert "--demo needs the imageupdateautomation and ocirepository controller(s)" in err.decode()
