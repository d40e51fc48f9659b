"""The conformance suite, unchanged, in existing-cluster mode.

CI runs tests/conformance in-process against the embedded server and a real kube-apiserver
(binaries mode); this runs the same files in a child pytest with ``USE_EXISTING_CLUSTER=true``
against a separate ``envtest serve`` process, so every envtest mode is checked on every run
(existing mode is the one a real cluster would use).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from controller_runtime.client import Client, load_config
from tests.envtest.test_serve import ROOT, start_serve, stop_serve

CRD_DIRS = [ROOT / "config" / "crd" / "bases", ROOT / "tests" / "testdata" / "crds"]


async def test_conformance_suite_passes_against_an_existing_cluster(tmp_path: Path) -> None:
    args: list[str] = []
    for d in CRD_DIRS:
        if d.is_dir():
            args += ["--crd-dir", str(d)]
    kubeconfig = tmp_path / "kc" / "config"
    served = await start_serve(*args, "--kubeconfig", str(kubeconfig))
    try:
        before = await _resource_version(kubeconfig)
        child_env = {
            **os.environ,
            "USE_EXISTING_CLUSTER": "true",
            "KUBECONFIG": str(kubeconfig),
            "HOME": str(tmp_path / "home"),
            # the child tests the existing cluster only; the parent runs the real server itself
            "LOOKOUT_CONFORMANCE_KUBE_APISERVER": "false",
        }
        for var in ("KUBEBUILDER_ASSETS", "TEST_ASSET_KUBE_APISERVER", "TEST_ASSET_ETCD"):
            child_env.pop(var, None)
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "pytest",
            "tests/conformance",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            cwd=ROOT,
            env=child_env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        async with asyncio.timeout(240):
            out, _ = await proc.communicate()
        after = await _resource_version(kubeconfig)
    finally:
        await stop_serve(served)
    text = out.decode(errors="replace")
    assert proc.returncode == 0, text[-6000:]
    # the child really ran the suite (an empty collection also exits non-zero, but say it plainly)
    assert " passed" in text and " failed" not in text, text[-2000:]
    # and it wrote to the served process, not to an embedded server of its own
    assert after - before > 100, (before, after)


async def _resource_version(kubeconfig: Path) -> int:
    """The server-wide resourceVersion: it grows with every write the child makes."""
    async with Client(load_config(kubeconfig=str(kubeconfig))) as c:
        listed = await c.list("v1", "Namespace")
    return int(listed["metadata"]["resourceVersion"])
