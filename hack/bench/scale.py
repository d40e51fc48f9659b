"""Scale: a fleet of ImageRepositories and ImagePolicies created at once, until all are Ready.

    python hack/bench/scale.py [--repositories 1000] [--images 50] [--tags 200] [--workdir DIR] [--check]

One `lookout manager` (a subprocess, default flags: `--kube-api-qps=50`, `--registry-qps=20`)
against the real kube-apiserver when `LOOKOUT_KUBE_ASSETS` names the binaries (hack/test.sh
builds them), else the embedded one, and Debian's `docker-registry` holding `--images`
repositories of `--tags` tags each (pushed once, kept in the workdir). `--repositories`
ImageRepositories spread over the images, each with a semver ImagePolicy, are created at
once; the clock runs from the first create until every policy has its latest image.

Printed: that time, the manager's API requests per reconcile and registry requests per
ImageRepository (counted by a proxy in front of the registry), and its peak RSS. Targets
(the issue's): all Ready within 120 s, peak RSS under 150 MiB; `--check` exits 1 when missed.

No peer runs beside it: the natural one, Flux's image-reflector-controller, cannot be built
here (the Go module proxy answers 403 for github.com/fluxcd/image-reflector-controller).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from controller_runtime.client import Client  # noqa: E402
from controller_runtime.envtest import Environment  # noqa: E402
from controllers.registry import RegistryClient, parse_image  # noqa: E402
from tests.reliability.http_fault_proxy import HTTPFaultProxy  # noqa: E402
from tests.support.registry import RegistryServer  # noqa: E402

NAMESPACE = "fleet"
IMAGE = ("image.toolkit.fluxcd.io/v1", "ImageRepository")
POLICY = ("image.toolkit.fluxcd.io/v1", "ImagePolicy")
READY_TARGET_S = 120.0
RSS_TARGET_MIB = 150.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def ensure_images(registry: RegistryServer, images: int, tags: int) -> None:
    """Push what the workdir's registry does not hold yet (once per workdir)."""
    async with RegistryClient() as client:
        for i in range(images):
            repository = f"fleet/app-{i}"
            try:
                ref = parse_image(registry.image(repository))
                present = len(await client.list_tags(ref, time_limit=60))
            except Exception:
                present = 0
            if present < tags:
                names = [f"1.{t // 100}.{t % 100}" for t in range(tags)]
                await registry.apush_tags(repository, names, concurrency=64)


async def start_manager(
    kubeconfig: str, storage: Path, metrics: int, health: int
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from controllers.cli import main; sys.exit(main())",
        "manager", "--controllers=imagerepository,imagepolicy", f"--kubeconfig={kubeconfig}",
        f"--storage-path={storage}", f"--metrics-addr=127.0.0.1:{metrics}",
        f"--health-addr=127.0.0.1:{health}",
        "--log-level=error", env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def get(url: str) -> tuple[int, str]:
    try:
        async with aiohttp.ClientSession() as s, s.get(url) as r:
            return r.status, await r.text()
    except aiohttp.ClientError:
        return 0, ""


def metric_sum(text: str, name: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def count_ready(client: Client) -> tuple[int, int]:
    repos = (await client.list(*IMAGE, namespace=NAMESPACE))["items"]
    policies = (await client.list(*POLICY, namespace=NAMESPACE))["items"]

    def ready(o: dict[str, Any]) -> bool:
        conds = (o.get("status") or {}).get("conditions", [])
        return any(c["type"] == "Ready" and c["status"] == "True" for c in conds)

    resolved = sum(ready(p) and bool(p["status"].get("latestRef")) for p in policies)
    return sum(ready(r) for r in repos), resolved


async def run(args: argparse.Namespace) -> int:
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="lookout-scale-"))
    registry = RegistryServer(workdir / "registry").start()
    proxy = HTTPFaultProxy(registry.url)
    env = Environment(crd_paths=[ROOT / "config" / "crd" / "bases"],
                      binary_assets_directory=os.environ.get("LOOKOUT_KUBE_ASSETS") or None)
    manager = None
    try:
        print(f"registry: {args.images} images x {args.tags} tags (pushed once into {workdir})", flush=True)
        await ensure_images(registry, args.images, args.tags)
        await proxy.start()
        config = await env.start()
        print(f"API server: {env.mode}", flush=True)
        config.qps, config.burst = 1000.0, 1000
        metrics, health = free_port(), free_port()
        async with Client(config) as client:
            await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
            storage = workdir / f"data-{time.time_ns()}"
            manager = await start_manager(env.kubeconfig_path, storage, metrics, health)
            deadline = time.monotonic() + 60
            while (await get(f"http://127.0.0.1:{health}/readyz"))[0] != 200:
                if time.monotonic() > deadline or manager.returncode is not None:
                    raise RuntimeError("the manager did not become ready")
                await asyncio.sleep(0.2)

            started = time.monotonic()
            creates = []
            for i in range(args.repositories):
                image = f"{proxy.host}/fleet/app-{i % args.images}"
                creates.append(client.create({"apiVersion": IMAGE[0], "kind": IMAGE[1],
                                              "metadata": {"name": f"r{i}", "namespace": NAMESPACE},
                                              "spec": {"image": image, "interval": "1h"}}))
                creates.append(client.create({"apiVersion": POLICY[0], "kind": POLICY[1],
                                              "metadata": {"name": f"r{i}", "namespace": NAMESPACE},
                                              "spec": {"imageRepositoryRef": {"name": f"r{i}"},
                                                       "policy": {"semver": {"range": ">=1.0.0"}}}}))
            for chunk in range(0, len(creates), 200):
                await asyncio.gather(*creates[chunk:chunk + 200])
            created = time.monotonic() - started
            repos = policies = 0
            while True:
                repos, policies = await count_ready(client)
                elapsed = time.monotonic() - started
                if repos == policies == args.repositories or elapsed > args.timeout:
                    break
                await asyncio.sleep(1.0)
            ready_s = time.monotonic() - started
        _, text = await get(f"http://127.0.0.1:{metrics}/metrics")
        requests = metric_sum(text, "rest_client_requests_total")
        reconciles = metric_sum(text, "controller_runtime_reconcile_total")
        rss = peak_rss_mib(manager.pid)
        registry_requests = len(proxy.seen)
        print(f"objects: {args.repositories} ImageRepositories + {args.repositories} ImagePolicies "
              f"(created in {created:.1f}s)")
        print(f"ready: {repos} repositories, {policies} policies in {ready_s:.1f}s "
              f"(target {READY_TARGET_S:.0f}s)")
        print(f"API requests: {requests:.0f} for {reconciles:.0f} reconciles "
              f"({requests / max(reconciles, 1):.2f} per reconcile, "
              f"{requests / (2 * args.repositories):.2f} per object)")
        per_repository = registry_requests / args.repositories
        print(f"registry requests: {registry_requests} ({per_repository:.3f} per ImageRepository)")
        print(f"peak RSS: {rss:.1f} MiB (target {RSS_TARGET_MIB:.0f} MiB)")
        ok = repos == policies == args.repositories and ready_s <= READY_TARGET_S and rss <= RSS_TARGET_MIB
        print("targets: " + ("met" if ok else "MISSED"))
        return 0 if ok or not args.check else 1
    finally:
        if manager is not None and manager.returncode is None:
            manager.terminate()
            await manager.wait()
        await env.stop()
        await proxy.stop()
        registry.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repositories", type=int, default=1000)
    parser.add_argument("--images", type=int, default=50)
    parser.add_argument("--tags", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--workdir", default="")
    parser.add_argument("--check", action="store_true")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
