"""Benchmark: how fast Lookout pulls a 100 MiB OCI artifact into storage, next to skopeo + tar,
and how much memory the pull needs.

    python hack/bench/oci.py [--runs 5] [--size-mib 100] [--workdir DIR] [--check]

The artifact is one tar.gz layer (a few thousand files: YAML-ish text, some random binaries,
nested directories; 100 MiB uncompressed) pushed once with the real `oras` CLI to a local
Debian `docker-registry` whose storage stays in the workdir, so later runs reuse it.

Lookout's side is what the OCIRepository controller does for a pull, in a fresh subprocess per
run so its peak RSS is the pull's own: manifest HEAD (`get_digest`), `get_manifest`,
`fetch_blob` of the layer to a temp file, `extract_layer`, `IgnoreRules.load` + `filter_tree`,
`ArtifactStorage.archive`. The peer does the same work with stock tools: `skopeo copy` to a
`dir:` layout, `tar -xzf` of the layer, `tar -czf` of the tree. Targets: Lookout/peer median
ratio <= 1.2, Lookout peak RSS < 100 MiB; `--check` exits 1 when either is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
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

REPOSITORY = "bench/artifact"
TAG = "v1.0.0"
MEDIA_TYPE = "application/vnd.cncf.flux.content.v1.tar+gzip"
RATIO_TARGET = 1.2
RSS_TARGET_MIB = 100.0
ORAS = ("oras.land/oras/cmd/oras", "v1.3.6")

_VOCABULARY = (
    "apiVersion kind metadata name namespace labels annotations spec replicas selector template "
    "containers image ports containerPort resources limits requests cpu memory env value volumeMounts "
    "mountPath readOnly service deployment configmap secret ingress host path backend port protocol "
    "TCP UDP true false null 1 2 3 80 443 8080 app web api worker frontend backend cache db"
)
_WORDS = _VOCABULARY.split()


def _text(rng: random.Random, size: int) -> bytes:
    """`size` bytes of YAML-looking text: compresses about as well as real manifests (4-6x)."""
    lines: list[str] = []
    total = 0
    while total < size:
        depth = rng.randrange(0, 5)
        words = rng.sample(_WORDS, rng.randrange(1, 4))
        line = "  " * depth + f"{words[0]}: {' '.join(words[1:]) or rng.randrange(1 << 20)}"
        if rng.random() < 0.2:
            line += f"-{rng.getrandbits(32):08x}"
        lines.append(line)
        total += len(line) + 1
    return ("\n".join(lines) + "\n").encode()[:size]


def generate_tree(dest: Path, total: int, seed: int = 42) -> int:
    """Write a tree of about 3,000 files whose sizes add up to exactly `total` bytes; 65% text
    in small files, 35% random bytes in fewer, larger ones. Returns the file count."""
    rng = random.Random(seed)
    ignore = b"# nothing ignored but the defaults\n*.tmp\n"
    (dest / ".sourceignore").parent.mkdir(parents=True, exist_ok=True)
    (dest / ".sourceignore").write_bytes(ignore)
    total -= len(ignore)
    text_budget = int(total * 0.65)
    binary_budget = total - text_budget
    sizes: list[tuple[str, int]] = []
    remaining = text_budget
    while remaining > 0:
        size = min(remaining, rng.randrange(2_000, 44_000))
        sizes.append(("text", size))
        remaining -= size
    remaining = binary_budget
    while remaining > 0:
        size = min(remaining, rng.randrange(64_000, 1_200_000))
        sizes.append(("binary", size))
        remaining -= size
    dirs = [f"{top}/{sub}/{leaf}" for top in ("apps", "infra", "clusters", "charts", "assets")
            for sub in ("base", "dev", "staging", "prod") for leaf in ("a", "b", "c", "d", "e", "f")]
    for i, (kind, size) in enumerate(sizes):
        d = dest / rng.choice(dirs)
        d.mkdir(parents=True, exist_ok=True)
        if kind == "text":
            (d / f"file-{i:05d}.yaml").write_bytes(_text(rng, size))
        else:
            (d / f"blob-{i:05d}.bin").write_bytes(rng.randbytes(size))
    return len(sizes) + 1


def ensure_artifact(workdir: Path, host: str, size: int) -> None:
    """Build the layer (once, kept in the workdir) and push it with oras (once per registry)."""
    from tests.support.gotools import module_tool

    layer = workdir / f"layer-{size}.tgz"
    if not layer.is_file():
        print(f"generating a {size / (1 << 20):.0f} MiB tree and its tar.gz (once)...", flush=True)
        tree = workdir / "tree"
        shutil.rmtree(tree, ignore_errors=True)
        count = generate_tree(tree, size)
        subprocess.run(["tar", "--sort=name", "-czf", str(layer) + ".part", "-C", str(tree), "."], check=True)
        os.replace(str(layer) + ".part", layer)
        shutil.rmtree(tree)
        print(f"  {count} files, layer {layer.stat().st_size / (1 << 20):.1f} MiB compressed", flush=True)
    with open(layer, "rb") as f:
        layer_digest = hashlib.file_digest(f, "sha256").hexdigest()
    marker = workdir / "registry" / f"pushed-{layer_digest}"
    if marker.is_file():
        return
    oras = module_tool(*ORAS)
    print("pushing with oras (once; kept in the workdir)...", flush=True)
    subprocess.run(
        [str(oras), "push", "--plain-http", f"{host}/{REPOSITORY}:{TAG}", f"{layer.name}:{MEDIA_TYPE}"],
        cwd=workdir, check=True, capture_output=True,
    )
    marker.write_text(host)


# ------------------------------------------------------------------------------ Lookout's side


async def lookout_pull(host: str, scratch: Path) -> dict[str, float | int | str]:
    """One pull as the OCIRepository controller does it, timed phase by phase."""
    from controllers.artifacts.extract import DEFAULT_MAX_ENTRIES, DEFAULT_MAX_SIZE, extract_layer
    from controllers.artifacts.ignore import IgnoreRules, filter_tree
    from controllers.artifacts.storage import ArtifactStorage
    from controllers.registry import RegistryClient, parse_image

    ref = parse_image(f"{host}/{REPOSITORY}")
    storage = ArtifactStorage(scratch / "storage", "localhost:9090")
    phases: dict[str, float] = {}
    started = mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[name] = now - mark
        mark = now

    async with RegistryClient() as client:
        digest = await client.get_digest(ref, TAG, time_limit=60)
        manifest = await client.get_manifest(ref, digest, time_limit=60)
        lap("manifest")
        layer = manifest.json["layers"][0]
        workdir = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="ocirepository-", dir=scratch))
        blob = workdir / "layer"
        await client.fetch_blob(ref, str(layer["digest"]), blob, time_limit=120)
        lap("fetch")
    content = workdir / "content"
    content.mkdir()
    written = await asyncio.to_thread(
        extract_layer, blob, content, max_size=DEFAULT_MAX_SIZE, max_entries=DEFAULT_MAX_ENTRIES
    )
    await asyncio.to_thread(blob.unlink)
    lap("extract")
    rules = await asyncio.to_thread(IgnoreRules.load, content, None)
    await asyncio.to_thread(filter_tree, content, rules)
    lap("filter")
    artifact = await storage.archive(
        "OCIRepository", "ns", "name", content, revision=f"{TAG}@{digest}",
        filename=f"{digest.partition(':')[2]}.tar.gz",
    )
    lap("archive")
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "written": written, "artifact_size": artifact.size, **phases}


def pull_child(host: str, scratch: str) -> None:
    result = asyncio.run(lookout_pull(host, Path(scratch)))
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_lookout(host: str) -> dict[str, float]:
    """A fresh interpreter per pull; its own timing (imports excluded: the controller is warm)."""
    with tempfile.TemporaryDirectory(prefix="lookout-bench-oci-") as d:
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--pull-child", host, "--scratch", d],
            check=True, capture_output=True, text=True,
        ).stdout
        total = time.perf_counter() - started
    result = json.loads(out.strip().splitlines()[-1])
    result["process_seconds"] = total
    return {k: float(v) for k, v in result.items()}


# ------------------------------------------------------------------------------ the peer


def run_peer(host: str) -> float:
    """skopeo copy to a dir: layout, tar -xzf the layer, tar -czf the tree."""
    with tempfile.TemporaryDirectory(prefix="lookout-bench-oci-peer-") as d:
        layout, tree, out = Path(d) / "x", Path(d) / "tree", Path(d) / "out.tar.gz"
        tree.mkdir()
        started = time.perf_counter()
        subprocess.run(
            ["skopeo", "copy", "--quiet", "--src-tls-verify=false",
             f"docker://{host}/{REPOSITORY}:{TAG}", f"dir:{layout}"],
            check=True, capture_output=True,
        )
        manifest = json.loads((layout / "manifest.json").read_text())
        blob = layout / str(manifest["layers"][0]["digest"]).partition(":")[2]
        subprocess.run(["tar", "-xzf", str(blob), "-C", str(tree)], check=True)
        subprocess.run(["tar", "-czf", str(out), "-C", str(tree), "."], check=True)
        return time.perf_counter() - started


# ------------------------------------------------------------------------------ driver


async def main(args: argparse.Namespace) -> int:
    from tests.support.registry import RegistryServer

    if not shutil.which("skopeo"):
        print("skopeo is required (apt-get install skopeo)", file=sys.stderr)
        return 2
    workdir = Path(args.workdir)
    await asyncio.to_thread(workdir.mkdir, parents=True, exist_ok=True)
    size = args.size_mib << 20
    server = RegistryServer(workdir / "registry")
    # The registry keeps its port across runs so the pushed marker stays true for the same storage.
    await server.astart()
    try:
        await asyncio.to_thread(ensure_artifact, workdir, server.host, size)
        await asyncio.to_thread(run_peer, server.host)  # warm the page cache for both alike
        ours: list[dict[str, float]] = []
        theirs: list[float] = []
        for _ in range(args.runs):
            result = await asyncio.to_thread(run_lookout, server.host)
            if int(result["written"]) != size:
                raise RuntimeError(f"extracted {result['written']} bytes, expected {size}")
            ours.append(result)
            theirs.append(await asyncio.to_thread(run_peer, server.host))
    finally:
        await server.astop()
    lookout_s = statistics.median(r["seconds"] for r in ours)
    process_s = statistics.median(r["process_seconds"] for r in ours)
    peer_s = statistics.median(theirs)
    ratio = lookout_s / peer_s
    rss = max(r["peak_rss_mib"] for r in ours)
    phases = ", ".join(
        f"{name} {statistics.median(r[name] for r in ours) * 1000:.0f}"
        for name in ("manifest", "fetch", "extract", "filter", "archive")
    )
    print(f"artifact:                     {args.size_mib} MiB uncompressed, one tar.gz layer")
    print(f"lookout pull median:          {lookout_s * 1000:8.0f} ms  ({args.runs} runs; "
          f"{process_s * 1000:.0f} ms with interpreter start and imports)")
    print(f"  phases (ms, median):        {phases}")
    print(f"skopeo + tar -x + tar -cz:    {peer_s * 1000:8.0f} ms  ({args.runs} runs)")
    print(f"ratio lookout/peer:           {ratio:8.2f}     (target <= {RATIO_TARGET})")
    print(f"lookout peak RSS:             {rss:8.1f} MiB (target < {RSS_TARGET_MIB:.0f} MiB)")
    ok = ratio <= RATIO_TARGET and rss < RSS_TARGET_MIB
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok or not args.check else 1


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--size-mib", type=int, default=100, help="uncompressed size of the artifact")
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "lookout-bench-oci"))
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--pull-child", metavar="HOST", help=argparse.SUPPRESS)
    p.add_argument("--scratch", help=argparse.SUPPRESS)
    return p.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.pull_child:
        pull_child(arguments.pull_child, arguments.scratch)
        sys.exit(0)
    sys.exit(asyncio.run(main(arguments)))
