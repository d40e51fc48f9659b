"""Embedded API server throughput: custom-resource writes with concurrent watchers.

The server runs as `python -m controller_runtime.envtest serve` in its own process (as users run
it), with one bench CRD that has a status subresource, an OpenAPI schema and CEL rules (the
costly path of validation). Through the project's client this process then makes N creates, N
spec updates and N status merge patches (C in flight at a time) while M watchers each watch the
namespace; every write carries a token the watchers use to time write-to-event latency.

    python hack/bench/apiserver.py [--objects 1000] [--watchers 24] [--concurrent 16]

Prints writes/s per phase and overall, and the watch-event latency (p50/p95/max).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GROUP = "bench.lookout.dev"
API_VERSION = f"{GROUP}/v1"
KIND = "Sample"
PLURAL = "samples"
NAMESPACE = "bench"

CRD: dict[str, Any] = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": f"{PLURAL}.{GROUP}"},
    "spec": {
        "group": GROUP,
        "names": {"kind": KIND, "listKind": f"{KIND}List", "plural": PLURAL, "singular": "sample"},
        "scope": "Namespaced",
        "versions": [
            {
                "name": "v1",
                "served": True,
                "storage": True,
                "subresources": {"status": {}},
                "schema": {
                    "openAPIV3Schema": {
                        "type": "object",
                        "properties": {
                            "spec": {
                                "type": "object",
                                "x-kubernetes-validations": [
                                    {"rule": "self.min <= self.max", "message": "min must not exceed max"}
                                ],
                                "properties": {
                                    "token": {"type": "string", "maxLength": 64},
                                    "min": {"type": "integer", "minimum": 0},
                                    "max": {"type": "integer", "maximum": 1000000},
                                    "image": {"type": "string", "pattern": "^[a-z0-9./:-]+$"},
                                    "tags": {"type": "array", "items": {"type": "string"}},
                                },
                            },
                            "status": {
                                "type": "object",
                                "properties": {
                                    "token": {"type": "string"},
                                    "observedGeneration": {"type": "integer", "format": "int64"},
                                },
                            },
                        },
                    }
                },
            }
        ],
    },
}


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process: its CPU cost, robust to other load on the machine."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Watcher:
    """Counts events and, per write token, the delay from sending the write to seeing its event."""

    def __init__(self, sent: dict[str, float], expected: int) -> None:
        self.sent = sent
        self.expected = expected
        self.seen: set[str] = set()
        self.latencies: list[float] = []
        self.done = asyncio.Event()

    def observe(self, obj: dict[str, Any]) -> None:
        now = time.monotonic()
        for part in ("spec", "status"):
            token = (obj.get(part) or {}).get("token")
            if token and token not in self.seen and token in self.sent:
                self.seen.add(token)
                self.latencies.append(now - self.sent[token])
        if len(self.seen) >= self.expected:
            self.done.set()


async def watch(client: Any, rv: str, w: Watcher) -> None:
    async for ev in client.watch(API_VERSION, KIND, namespace=NAMESPACE, resource_version=rv):
        if ev.type in ("ADDED", "MODIFIED"):
            w.observe(ev.object)
            if w.done.is_set():
                return


async def run(objects: int, watchers: int, concurrent: int) -> None:
    from controller_runtime.client import Client, PatchType, load_config

    with tempfile.TemporaryDirectory() as tmp:
        crd_dir = Path(tmp) / "crds"
        crd_dir.mkdir()
        (crd_dir / "bench.yaml").write_text(yaml.safe_dump(CRD))
        kubeconfig = Path(tmp) / "kubeconfig"
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "controller_runtime.envtest",
            "serve",
            "--crd-dir",
            str(crd_dir),
            "--kubeconfig",
            str(kubeconfig),
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert proc.stdout is not None
        async with asyncio.timeout(60):
            while not (line := (await proc.stdout.readline()).decode()).startswith("export KUBECONFIG="):
                if not line:
                    raise SystemExit("serve exited before it was ready")
        try:
            config = load_config(kubeconfig=str(kubeconfig))
            config.qps, config.burst = 100000.0, 100000
            async with Client(config, field_manager="bench") as client:
                await client.create(
                    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}}
                )
                rv = (await client.list(API_VERSION, KIND, namespace=NAMESPACE))["metadata"][
                    "resourceVersion"
                ]
                sent: dict[str, float] = {}
                ws = [Watcher(sent, 3 * objects) for _ in range(watchers)]
                tasks = [asyncio.create_task(watch(client, rv, w)) for w in ws]
                gate = asyncio.Semaphore(concurrent)

                async def write(token: str, call: Any) -> None:
                    async with gate:
                        sent[token] = time.monotonic()
                        await call

                def spec(i: int, token: str) -> dict[str, Any]:
                    return {
                        "token": token,
                        "min": i,
                        "max": i + 10,
                        "image": "registry.local/app:1",
                        "tags": ["a", "b", "c"],
                    }

                phases: list[tuple[str, float]] = []
                server_cpu0, client_cpu0 = cpu_seconds(proc.pid), time.process_time()
                start = time.monotonic()
                await asyncio.gather(
                    *(
                        write(
                            f"c{i}",
                            client.create(
                                {
                                    "apiVersion": API_VERSION,
                                    "kind": KIND,
                                    "metadata": {"name": f"s{i}", "namespace": NAMESPACE},
                                    "spec": spec(i, f"c{i}"),
                                }
                            ),
                        )
                        for i in range(objects)
                    )
                )
                phases.append(("create", time.monotonic() - start))
                t = time.monotonic()
                await asyncio.gather(
                    *(
                        write(
                            f"u{i}",
                            client.patch(
                                API_VERSION,
                                KIND,
                                f"s{i}",
                                {"spec": {"token": f"u{i}"}},
                                NAMESPACE,
                                patch_type=PatchType.MERGE,
                            ),
                        )
                        for i in range(objects)
                    )
                )
                phases.append(("update (merge patch)", time.monotonic() - t))
                t = time.monotonic()
                await asyncio.gather(
                    *(
                        write(
                            f"s{i}",
                            client.patch(
                                API_VERSION,
                                KIND,
                                f"s{i}",
                                {"status": {"token": f"s{i}", "observedGeneration": 2}},
                                NAMESPACE,
                                patch_type=PatchType.MERGE,
                                subresource="status",
                            ),
                        )
                        for i in range(objects)
                    )
                )
                phases.append(("status patch", time.monotonic() - t))
                writes_elapsed = time.monotonic() - start
                async with asyncio.timeout(120):
                    await asyncio.gather(*tasks)
                delivered = time.monotonic() - start
                server_cpu = cpu_seconds(proc.pid) - server_cpu0
                client_cpu = time.process_time() - client_cpu0
        finally:
            proc.terminate()
            await proc.wait()

    for name, secs in phases:
        print(f"{name:22s} {objects} writes in {secs:6.2f}s = {objects / secs:7.0f} writes/s")
    print(
        f"{'all writes':22s} {3 * objects} writes in {writes_elapsed:6.2f}s = "
        f"{3 * objects / writes_elapsed:7.0f} writes/s"
    )
    print(
        f"server CPU {server_cpu:.2f}s = {server_cpu / (3 * objects) * 1e6:.0f} us per write "
        f"(incl. fanning out to the watchers); client+watchers CPU {client_cpu:.2f}s"
    )
    lat = sorted(x for w in ws for x in w.latencies)
    p95 = lat[int(0.95 * (len(lat) - 1))]
    print(f"watchers: {watchers}, events delivered: {len(lat)}, all delivered after {delivered:.2f}s")
    print(
        f"watch event latency: p50 {statistics.median(lat) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {lat[-1] * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, default=1000)
    parser.add_argument("--watchers", type=int, default=24)
    parser.add_argument("--concurrent", type=int, default=16)
    args = parser.parse_args()
    asyncio.run(run(args.objects, args.watchers, args.concurrent))


if __name__ == "__main__":
    main()
