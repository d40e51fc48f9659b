"""Controller throughput: Lookout's runtime against kopf, same objects, same API server, same run.

One embedded API server serves both. For each runtime a namespace gets N objects of a
bench CRD; a controller in its own subprocess (so its memory is measured alone) writes
``status.reconcile.result = "ok"`` on every one. We time from the subprocess' start to
the moment the server shows all N reconciled, and read the subprocess' peak RSS (VmHWM).
That time is also split in two: start (until the first object shows reconciled: process
start, imports, list, cache sync) and steady state (the rest, per object), so a change
can be judged by which part it moves.

    python hack/bench/controller_throughput.py [--objects 1000] [--concurrent 4]

The last line is ``throughput ratio lookout/kopf: X.XX``. With ``--floor`` a third worker
does the same writes with aiohttp alone (no runtime at all): the best any runtime built on
aiohttp's client could do. Lookout's client speaks HTTP/1.1 itself (``client/wire.py``)
because that floor was below 3x kopf on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GROUP = "bench.lookout.dev"
API_VERSION = f"{GROUP}/v1"
KIND = "Sample"
PLURAL = "samples"

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
                            "spec": {"type": "object", "properties": {"value": {"type": "integer"}}},
                            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                        },
                    }
                },
            }
        ],
    },
}


# -- workers (run in subprocesses) ----------------------------------------------------------
async def lookout_worker(namespace: str, concurrent: int) -> None:
    from controller_runtime.builder import new_controller_managed_by
    from controller_runtime.client import Client, PatchType, errors, load_config
    from controller_runtime.controller import Options
    from controller_runtime.manager import Manager, ManagerOptions
    from controller_runtime.predicate import GenerationChanged
    from controller_runtime.reconcile import Request, Result

    config = load_config()
    # Flux's default is 50 qps / 300 burst; kopf has no client-side limit, so lift ours too.
    config.qps, config.burst = 1000.0, 2000
    async with Client(config, field_manager="bench") as client:
        mgr = Manager(client, ManagerOptions(namespace=namespace, metrics_bind_address="0"))

        class Reconciler:
            async def reconcile(self, request: Request) -> Result:
                try:
                    obj = await mgr.cache.get(API_VERSION, KIND, request.name, namespace=request.namespace)
                except errors.NotFoundError:
                    return Result()
                if (obj.get("status") or {}).get("reconcile", {}).get("result") == "ok":
                    return Result()
                patch = {"status": {"reconcile": {"result": "ok", "value": obj["spec"].get("value")}}}
                await client.patch(
                    API_VERSION,
                    KIND,
                    request.name,
                    patch,
                    namespace=request.namespace,
                    patch_type=PatchType.MERGE,
                    subresource="status",
                )
                return Result()

        (
            new_controller_managed_by(mgr)
            .for_(API_VERSION, KIND, GenerationChanged())
            .with_options(Options(max_concurrent_reconciles=concurrent))
            .complete(Reconciler())
        )
        await mgr.start()


async def floor_worker(namespace: str, concurrent: int) -> None:
    """The same writes with aiohttp alone: a list, a watch into a dict, N tasks patching.

    No workqueue, informer, predicates, metrics, logs or retries, and it would lose objects
    on a dropped watch: not a controller, but the floor that aiohttp and this API server set
    for any runtime built on aiohttp's client. Only what it needs is imported (no Lookout module).
    """
    import base64
    import ssl

    import aiohttp
    import orjson
    import yaml

    kubeconfig = yaml.safe_load(await asyncio.to_thread(Path(os.environ["KUBECONFIG"]).read_text))
    cluster, user = kubeconfig["clusters"][0]["cluster"], kubeconfig["users"][0]["user"]
    ctx = ssl.create_default_context(cadata=base64.b64decode(cluster["certificate-authority-data"]).decode())
    headers = {"Authorization": f"Bearer {user['token']}", "Accept": "application/json"}
    patch_headers = {**headers, "Content-Type": "application/merge-patch+json"}
    base = f"{cluster['server']}/apis/{API_VERSION}/namespaces/{namespace}/{PLURAL}"
    queue: asyncio.Queue[str] = asyncio.Queue()
    objects: dict[str, Any] = {}
    # The session settings that cost least per request, as Lookout's client uses them: no
    # timeout timers, no cookie jar to filter and fill.
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(ssl=ctx, limit=0),
        timeout=aiohttp.ClientTimeout(total=None),
        cookie_jar=aiohttp.DummyCookieJar(),
    ) as session:
        async with session.get(base, headers=headers) as resp:
            listed = orjson.loads(await resp.read())
        for obj in listed["items"]:
            objects[obj["metadata"]["name"]] = obj
            queue.put_nowait(obj["metadata"]["name"])

        async def watch() -> None:
            rv = listed["metadata"]["resourceVersion"]
            url = f"{base}?watch=1&allowWatchBookmarks=true&resourceVersion={rv}"
            async with session.get(url, headers=headers) as resp:
                async for line in resp.content:
                    obj = orjson.loads(line)["object"]
                    objects[obj["metadata"]["name"]] = obj

        async def work() -> None:
            while True:
                name = await queue.get()
                obj = objects[name]
                if (obj.get("status") or {}).get("reconcile", {}).get("result") == "ok":
                    continue
                body = orjson.dumps(
                    {"status": {"reconcile": {"result": "ok", "value": obj["spec"].get("value")}}}
                )
                url = f"{base}/{name}/status?fieldManager=bench"
                async with session.patch(url, data=body, headers=patch_headers) as resp:
                    resp.raise_for_status()
                    orjson.loads(await resp.read())

        await asyncio.gather(watch(), *(work() for _ in range(concurrent)))


def kopf_worker(namespace: str) -> None:
    import logging

    import kopf

    @kopf.on.startup()
    def configure(settings: Any, **_: Any) -> None:
        settings.posting.enabled = False  # Lookout's bench reconciler posts no events either
        settings.watching.server_timeout = 300
        # kopf's default keeps its diff base in an annotation, which costs a second write
        # (a main-resource patch before the status patch). In status it rides along in the
        # one status patch, so kopf does the same single write per object Lookout does.
        settings.persistence.diffbase_storage = kopf.StatusDiffBaseStorage()
        settings.persistence.progress_storage = kopf.StatusProgressStorage()

    # The handler id names the status field kopf writes the result to: status.reconcile.
    @kopf.on.create(GROUP, "v1", PLURAL, id="reconcile")
    @kopf.on.resume(GROUP, "v1", PLURAL, id="reconcile")
    async def reconcile(spec: Any, **_: Any) -> dict[str, Any]:
        # async, like Lookout's reconciler: kopf runs sync handlers in a thread pool.
        return {"result": "ok", "value": spec.get("value")}

    logging.getLogger().setLevel(logging.WARNING)
    # The loop kopf's own CLI picks, and Lookout's: uvloop when installed.
    run_without_lookout(kopf.operator(standalone=True, namespaces=[namespace], clusterwide=False))


def run_without_lookout(main: Coroutine[Any, Any, Any]) -> None:
    """``controller_runtime.manager.eventloop.run`` for the workers that must not import Lookout.

    Importing that module imports Lookout's whole package (``controller_runtime/__init__``),
    a start-up cost the kopf and floor workers must not pay; the loop choice is the same.
    """
    try:
        import uvloop
    except ImportError:
        factory = None
    else:
        factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(main)


# -- driver ---------------------------------------------------------------------------------
def ensure_bytecode() -> None:
    """Compile Lookout's modules to bytecode before anything is timed.

    kopf and every other dependency were byte-compiled when pip installed them; Lookout's
    own package, imported from the work tree (often with PYTHONDONTWRITEBYTECODE set),
    would otherwise be compiled from source by every worker, timing the compiler instead
    of the runtime. A deployed Lookout is installed, hence compiled, like kopf. Python
    reads the cached files even when it may not write them, and checks them against the
    sources' mtimes, so this never runs stale code.
    """
    for package in ("controller_runtime",):
        compileall.compile_dir(ROOT / package, quiet=1, workers=0)


def peak_rss_mib(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User+system CPU the process used so far: unlike wall time, barely moved by other load."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run_one(
    client: Any, runtime: str, n: int, concurrent: int, kubeconfig: str, round_: int, server_pid: int
) -> dict[str, float]:
    namespace = f"bench-{runtime}-{round_}"
    await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}})
    sem = asyncio.Semaphore(32)

    async def make(i: int) -> None:
        async with sem:
            await client.create(
                {
                    "apiVersion": API_VERSION,
                    "kind": KIND,
                    "metadata": {"name": f"s-{i:05d}", "namespace": namespace},
                    "spec": {"value": i},
                }
            )

    await asyncio.gather(*(make(i) for i in range(n)))
    env = {**os.environ, "KUBECONFIG": kubeconfig, "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        runtime,
        "--namespace",
        namespace,
        "--concurrent",
        str(concurrent),
    ]
    # The worker's stderr goes to a file, not a pipe: a chatty worker must never block on a
    # full pipe (that would time the pipe, not the runtime), and what it said is shown below.
    err_path = Path(kubeconfig).with_name(f"{namespace}.stderr")
    err_file = await asyncio.to_thread(err_path.open, "wb")
    # The server's CPU while the worker runs: with both on a small machine, the server's
    # cost per status write bounds either runtime's throughput.
    server_before = cpu_seconds(server_pid)
    started = time.monotonic()
    try:
        proc = await asyncio.create_subprocess_exec(
            *cmd, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=err_file
        )
    finally:
        err_file.close()
    done: set[str] = set()
    first_done = float("nan")
    rss = float("nan")
    listed = await client.list(API_VERSION, KIND, namespace=namespace)

    async def follow() -> None:
        """Count objects reaching status.reconcile.result == ok, from a watch (cheap for the server)."""
        nonlocal first_done
        async for ev in client.watch(
            API_VERSION,
            KIND,
            namespace=namespace,
            resource_version=listed["metadata"]["resourceVersion"],
            timeout_seconds=600,
        ):
            obj = ev.object
            if (obj.get("status") or {}).get("reconcile", {}).get("result") == "ok":
                done.add(obj["metadata"]["name"])
                if len(done) == 1:
                    first_done = time.monotonic() - started
                if len(done) == n:
                    return

    try:
        follower = asyncio.create_task(follow())
        waiter = asyncio.create_task(proc.wait())
        finished, _ = await asyncio.wait({follower, waiter}, timeout=600, return_when=asyncio.FIRST_COMPLETED)
        elapsed = time.monotonic() - started
        server_cpu = cpu_seconds(server_pid) - server_before
        rss = peak_rss_mib(proc.pid)
        cpu = cpu_seconds(proc.pid)
        if waiter in finished:
            err = (await asyncio.to_thread(err_path.read_text, errors="replace"))[-2000:]
            raise RuntimeError(f"{runtime} worker exited with {proc.returncode}: {err}")
        for t in (follower, waiter):
            t.cancel()
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()
    text = await asyncio.to_thread(err_path.read_text, errors="replace")
    said = [line for line in text.splitlines() if line]
    if said:
        print(f"  ({runtime} worker wrote {len(said)} stderr lines; last: {said[-1][:200]})", flush=True)
    if len(done) != n:
        raise RuntimeError(f"{runtime}: only {len(done)}/{n} reconciled")
    return {
        "seconds": elapsed,
        "per_second": n / elapsed,
        "start_seconds": first_done,
        "steady_ms_per_object": 1000 * (elapsed - first_done) / max(n - 1, 1),
        "peak_rss_mib": rss,
        "cpu_seconds": cpu,
        "server_cpu_seconds": server_cpu,
    }


@contextlib.asynccontextmanager
async def api_server(crd_dir: Path, kubeconfig: Path) -> AsyncIterator[tuple[Any, int]]:
    """A fresh embedded API server in its own process: no runtime shares its CPU or its history."""
    from controller_runtime.client import Client, load_config

    await asyncio.to_thread(kubeconfig.unlink, missing_ok=True)
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "controller_runtime.envtest",
        "serve",
        "--crd-dir",
        str(crd_dir),
        "--kubeconfig",
        str(kubeconfig),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.returncode is not None:
                raise RuntimeError(f"API server exited with {server.returncode}")
            try:
                config = await asyncio.to_thread(load_config, str(kubeconfig))
                async with Client(config) as probe:
                    await probe.list(API_VERSION, KIND, namespace="default")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)
        config.qps, config.burst = 1000.0, 2000
        async with Client(config) as client:
            yield client, server.pid
    finally:
        server.terminate()
        await server.wait()


async def drive(
    crd_dir: Path, kubeconfig: Path, n: int, concurrent: int, repeat: int, floor: bool = False
) -> dict[str, dict[str, float]]:
    """Alternate the runtimes ``repeat`` times; report the median time and the highest peak RSS."""
    runs: dict[str, list[dict[str, float]]] = {"lookout": [], "kopf": []}
    if floor:
        runs["floor"] = []
    for round_ in range(repeat):
        for runtime in runs:
            async with api_server(crd_dir, kubeconfig) as (client, server_pid):
                r = await run_one(client, runtime, n, concurrent, str(kubeconfig), round_, server_pid)
            runs[runtime].append(r)
            print(
                f"  round {round_ + 1}: {runtime:8s} {r['seconds']:.2f}s "
                f"(start {r['start_seconds']:.2f}s + {r['steady_ms_per_object']:.2f} ms/object), "
                f"CPU {r['cpu_seconds']:.2f}s, peak RSS {r['peak_rss_mib']:.1f} MiB "
                f"(API server CPU {r['server_cpu_seconds']:.2f}s)",
                flush=True,
            )
    results: dict[str, dict[str, float]] = {}
    for runtime, rs in runs.items():
        seconds = statistics.median(r["seconds"] for r in rs)
        results[runtime] = {
            "seconds": seconds,
            "per_second": n / seconds,
            "peak_rss_mib": max(r["peak_rss_mib"] for r in rs),
            "cpu_seconds": statistics.median(r["cpu_seconds"] for r in rs),
            "server_cpu_seconds": statistics.median(r["server_cpu_seconds"] for r in rs),
            "start_seconds": statistics.median(r["start_seconds"] for r in rs),
            "steady_ms_per_object": statistics.median(r["steady_ms_per_object"] for r in rs),
        }
        r = results[runtime]
        print(
            f"{runtime:8s} {n} objects reconciled in {r['seconds']:.2f}s median of {repeat} "
            f"({r['per_second']:.1f}/s), CPU {r['cpu_seconds']:.2f}s, peak RSS {r['peak_rss_mib']:.1f} MiB; "
            f"API server CPU {1000 * r['server_cpu_seconds'] / n:.2f} ms per object; "
            f"start {r['start_seconds']:.2f}s, then {r['steady_ms_per_object']:.2f} ms per object",
            flush=True,
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, default=1000)
    parser.add_argument(
        "--concurrent", type=int, default=4, help="Lookout reconcile workers (Flux default 4)"
    )
    parser.add_argument(
        "--floor", action="store_true", help="also run the same writes with aiohttp alone (no runtime)"
    )
    parser.add_argument("--worker", choices=("lookout", "kopf", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--namespace", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help="rounds per runtime (the median is reported)")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    args = parser.parse_args()
    if args.worker == "lookout":
        from controller_runtime.manager import eventloop

        try:
            eventloop.run(lookout_worker(args.namespace, args.concurrent))
        except KeyboardInterrupt:
            pass
        return 0
    if args.worker == "floor":
        run_without_lookout(floor_worker(args.namespace, args.concurrent))
        return 0
    if args.worker == "kopf":
        kopf_worker(args.namespace)
        return 0
    if args.objects < 1 or args.repeat < 1:
        parser.error("--objects and --repeat must be at least 1")

    ensure_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        crd_dir = Path(tmp) / "crds"
        crd_dir.mkdir()
        (crd_dir / "bench-crd.json").write_text(json.dumps(CRD))
        results = asyncio.run(
            drive(crd_dir, Path(tmp) / "kubeconfig", args.objects, args.concurrent, args.repeat, args.floor)
        )
    if args.json:
        print(json.dumps(results))
    ratio = results["lookout"]["per_second"] / results["kopf"]["per_second"]
    mem = results["lookout"]["peak_rss_mib"] / results["kopf"]["peak_rss_mib"]
    cpu = results["lookout"]["cpu_seconds"] / results["kopf"]["cpu_seconds"]
    start = results["kopf"]["start_seconds"] / results["lookout"]["start_seconds"]
    steady = results["kopf"]["steady_ms_per_object"] / results["lookout"]["steady_ms_per_object"]
    print(f"start ratio kopf/lookout (higher: Lookout starts faster): {start:.2f}")
    print(f"steady-state throughput ratio lookout/kopf: {steady:.2f}")
    if "floor" in results:
        overhead = results["lookout"]["seconds"] / results["floor"]["seconds"] - 1
        floor_ratio = results["floor"]["per_second"] / results["kopf"]["per_second"]
        print(f"Lookout against the aiohttp-alone floor: {100 * overhead:+.0f}% time")
        print(f"floor (aiohttp alone) throughput ratio floor/kopf: {floor_ratio:.2f}")
    print(f"memory ratio lookout/kopf: {mem:.2f}")
    print(f"CPU ratio lookout/kopf: {cpu:.2f}")
    print(f"throughput ratio lookout/kopf: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
