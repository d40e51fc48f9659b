"""Client CPU per API request: Lookout's client against aiohttp used bare, same server, same run.

The controller benchmark's worker spends much of its CPU per object in one PATCH; this
measures that request alone. Lookout's client (throttling, auth, typed errors, its own
HTTP/1.1 in ``controller_runtime/client/wire.py``) is set against the cheapest a well-kept
async client gets: aiohttp with a prebuilt URL, the headers as a dict, nothing around the call.

    python hack/bench/client_request.py [--requests 3000] [--concurrent 4] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NAMESPACE = "bench"
OBJECTS = 50


async def cpu_per_call(call: Callable[[int], Awaitable[None]], n: int, concurrent: int) -> float:
    """Microseconds of this process' CPU per call, ``concurrent`` calls in flight."""
    sem = asyncio.Semaphore(concurrent)

    async def one(i: int) -> None:
        async with sem:
            await call(i)

    await call(0)  # connections open, TLS done: only the steady state is timed
    before = time.process_time()
    await asyncio.gather(*(one(i) for i in range(n)))
    return 1e6 * (time.process_time() - before) / n


async def run(kubeconfig: Path, n: int, concurrent: int, rounds: int) -> tuple[float, float]:
    """Median CPU per PATCH of each, measured in alternating rounds with both open and warm,
    so neither pays for warm-up or for the machine's drift alone."""
    import aiohttp
    import orjson
    from yarl import URL

    from controller_runtime.client import Client, PatchType, load_config

    config = load_config(str(kubeconfig))
    config.qps, config.burst = 0.0, 0  # no client-side limit: the bare session has none
    assert config.ca_data is not None
    ctx = ssl.create_default_context(cadata=config.ca_data.decode())
    headers = {
        "Authorization": f"Bearer {config.token}",
        "Accept": "application/json",
        "Content-Type": str(PatchType.MERGE),
    }
    urls = [
        URL(f"{config.host}/api/v1/namespaces/{NAMESPACE}/configmaps/c{i}?fieldManager=bench", encoded=True)
        for i in range(OBJECTS)
    ]
    connector = aiohttp.TCPConnector(ssl=ctx, limit=0)
    async with (
        Client(config, field_manager="bench") as client,
        aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as session,
    ):
        await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
        for i in range(OBJECTS):
            await client.create(
                {
                    "apiVersion": "v1",
                    "kind": "ConfigMap",
                    "metadata": {"name": f"c{i}", "namespace": NAMESPACE},
                    "data": {"n": "0"},
                }
            )

        async def lookout(i: int) -> None:
            await client.patch(
                "v1", "ConfigMap", f"c{i % OBJECTS}", {"data": {"n": str(i)}}, NAMESPACE,
                patch_type=PatchType.MERGE,
            )

        async def bare(i: int) -> None:
            body = orjson.dumps({"data": {"n": str(i)}})
            async with session.patch(urls[i % OBJECTS], data=body, headers=headers) as resp:
                resp.raise_for_status()
                orjson.loads(await resp.read())

        await cpu_per_call(lookout, n // 4, concurrent)  # warm-up: not counted
        await cpu_per_call(bare, n // 4, concurrent)
        ours: list[float] = []
        floor: list[float] = []
        for _ in range(rounds):
            ours.append(await cpu_per_call(lookout, n, concurrent))
            floor.append(await cpu_per_call(bare, n, concurrent))
    return statistics.median(ours), statistics.median(floor)


async def main_async(n: int, concurrent: int, rounds: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        kubeconfig = Path(tmp) / "kubeconfig"
        server = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "controller_runtime.envtest", "serve", "--kubeconfig", str(kubeconfig),
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            assert server.stdout is not None
            while b"export KUBECONFIG" not in await asyncio.wait_for(server.stdout.readline(), 60):
                if server.returncode is not None:
                    raise RuntimeError(f"API server exited with {server.returncode}")
            return await run(kubeconfig, n, concurrent, rounds)
        finally:
            server.terminate()
            await server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrent", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (the median is reported)")
    args = parser.parse_args()
    from controller_runtime.manager import eventloop

    ours, floor = eventloop.run(main_async(args.requests, args.concurrent, args.rounds))
    print(f"lookout client: {ours:.0f} us CPU per PATCH")
    print(f"bare aiohttp:   {floor:.0f} us CPU per PATCH")
    print(f"lookout client against bare aiohttp: {ours - floor:+.0f} us ({ours / floor:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
