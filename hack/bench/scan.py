"""Benchmark: how fast Lookout lists a 10,000-tag repository, next to skopeo, and how much
memory a process holding 100 such repositories in the tag store needs.

    python hack/bench/scan.py [--runs 7] [--tags 10000] [--workdir DIR] [--check]

The registry (Debian's `docker-registry`) keeps its storage in the workdir, so the
10,000 tags are pushed once and reused by later runs. Targets: Lookout/skopeo median
ratio <= 1.0, peak RSS < 150 MiB; `--check` exits 1 when either is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from controllers.registry import RegistryClient, parse_image  # noqa: E402
from controllers.storage import TagStore, repo_key  # noqa: E402
from tests.support.registry import RegistryServer  # noqa: E402

REPOSITORY = "bench/app"
RATIO_TARGET = 1.0
RSS_TARGET_MIB = 150.0


async def lookout_scan(host: str) -> tuple[float, int]:
    """One scan as the controller does it: a fresh client (connection, probe) listing all tags."""
    ref = parse_image(f"{host}/{REPOSITORY}")
    started = time.perf_counter()
    async with RegistryClient() as client:
        tags = await client.list_tags(ref, time_limit=120)
    return time.perf_counter() - started, len(tags)


async def skopeo_scan(host: str) -> tuple[float, int]:
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        "skopeo", "list-tags", "--tls-verify=false", f"docker://{host}/{REPOSITORY}",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"skopeo failed: {err.decode()[-500:]}")
    return elapsed, len(json.loads(out)["Tags"])


async def ensure_tags(server: RegistryServer, count: int) -> None:
    ref = parse_image(server.image(REPOSITORY))
    async with RegistryClient() as client:
        try:
            present = len(await client.list_tags(ref, time_limit=60))
        except Exception:
            present = 0
    if present < count:
        print(f"pushing {count} tags (once; kept in the workdir)...", flush=True)
        started = time.perf_counter()
        await server.apush_tags(REPOSITORY, (f"1.{i // 100}.{i % 100}" for i in range(count)), concurrency=64)
        print(f"  pushed in {time.perf_counter() - started:.1f}s", flush=True)


async def rss_child(directory: str, repositories: int, tags: int) -> None:
    """Store `repositories` x `tags` tags, read each back, report this process's peak RSS."""
    async with TagStore(directory) as store:
        for r in range(repositories):
            names = (f"{r}.{i // 100}.{i % 100}" for i in range(tags))
            await store.set_tags(repo_key("bench", f"repo-{r}"), names)
        total = 0
        for r in range(repositories):
            stored = await store.tags(repo_key("bench", f"repo-{r}"))
            total += len(stored or [])
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_rss_mib": peak_kib / 1024, "tags": total}))


def measure_rss(repositories: int, tags: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(prefix="lookout-bench-store-") as d:
        out = subprocess.run(
            [sys.executable, __file__, "--rss-child", d, "--repositories", str(repositories),
             "--tags", str(tags)],
            check=True, capture_output=True, text=True,
        ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return float(result["peak_rss_mib"]), int(result["tags"])


async def main(args: argparse.Namespace) -> int:
    if not shutil.which("skopeo"):
        print("skopeo is required (apt-get install skopeo)", file=sys.stderr)
        return 2
    workdir = Path(args.workdir)
    server = RegistryServer(workdir / "registry")
    await server.astart()
    try:
        await ensure_tags(server, args.tags)
        await lookout_scan(server.host)  # warm the registry's caches for both tools alike
        await skopeo_scan(server.host)
        ours, theirs = [], []
        for _ in range(args.runs):
            t, n = await lookout_scan(server.host)
            assert n >= args.tags, n
            ours.append(t)
            t, n = await skopeo_scan(server.host)
            assert n >= args.tags, n
            theirs.append(t)
    finally:
        await server.astop()
    lookout_ms, skopeo_ms = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
    ratio = lookout_ms / skopeo_ms
    rss, stored = await asyncio.to_thread(measure_rss, 100, args.tags)
    print(f"tags in repository:        {args.tags}")
    print(f"lookout list_tags median:  {lookout_ms:8.1f} ms  ({args.runs} runs)")
    print(f"skopeo list-tags median:   {skopeo_ms:8.1f} ms  ({args.runs} runs)")
    print(f"ratio lookout/skopeo:      {ratio:8.2f}     (target <= {RATIO_TARGET})")
    print(f"peak RSS, 100 x {args.tags} tags in the tag store: {rss:.1f} MiB "
          f"(target < {RSS_TARGET_MIB:.0f} MiB; {stored} tags read back)")
    ok = ratio <= RATIO_TARGET and rss < RSS_TARGET_MIB
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok or not args.check else 1


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--tags", type=int, default=10_000)
    p.add_argument("--repositories", type=int, default=100)
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "lookout-bench-scan"))
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--rss-child", metavar="DIR", help=argparse.SUPPRESS)
    return p.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.rss_child:
        asyncio.run(rss_child(arguments.rss_child, arguments.repositories, arguments.tags))
        sys.exit(0)
    sys.exit(asyncio.run(main(arguments)))
