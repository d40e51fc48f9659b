"""Embedded API server: CPU per status write, in-process, and what each step of it costs.

The controller benchmark's steady state is bound by the embedded API server (one process,
busy on every status patch), so its cost per write is what that benchmark's figure moves
with. This calls the server's patch path directly (no HTTP, no TLS, no watchers) on the
controller benchmark's CRD: a merge patch of ``status`` per call, each to a changed value.
It prints the best of several rounds, then the same with one step switched off at a time,
so the difference is that step's cost.

    python hack/bench/apiserver_write.py [--objects 200] [--writes 8000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hack.bench.controller_throughput import API_VERSION, CRD, GROUP, KIND, PLURAL  # noqa: E402

NAMESPACE = "bench"
MERGE = "application/merge-patch+json"


def server_with_objects(n: int) -> tuple[Any, list[Any]]:
    """An APIServer (never started: only its backend is used) holding n objects of the CRD."""
    from controller_runtime.envtest.apiserver.server import APIServer

    srv = APIServer()
    srv._ensure_default_namespaces()
    backend = srv.backend
    crds, _ = srv._parse("apiextensions.k8s.io", "v1", ["customresourcedefinitions"])
    backend.create(crds, copy.deepcopy(CRD), {})
    namespaces, _ = srv._parse("", "v1", ["namespaces"])
    backend.create(namespaces, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}}, {})
    collection, _ = srv._parse(GROUP, "v1", ["namespaces", NAMESPACE, PLURAL])
    names = [f"s-{i:05d}" for i in range(n)]
    for i, name in enumerate(names):
        body = {
            "apiVersion": API_VERSION,
            "kind": KIND,
            "metadata": {"name": name, "namespace": NAMESPACE},
            "spec": {"value": i},
        }
        backend.create(collection, body, {"fieldManager": "bench"})
    status = [srv._parse(GROUP, "v1", ["namespaces", NAMESPACE, PLURAL, name, "status"]) for name in names]
    targets = [target for target, _ in status]
    return srv, targets


def writer(srv: Any, targets: list[Any]) -> Callable[[int], None]:
    """A function doing k status merge patches, round robin over the objects.

    Each call checks that its last write is what the server now holds, so a write that
    stored nothing can't pass for a fast one.
    """
    import orjson

    from controller_runtime.envtest.apiserver import patching

    counter = [0]

    def write(k: int) -> None:
        for _ in range(k):
            i = counter[0]
            counter[0] += 1
            raw = orjson.dumps({"status": {"reconcile": {"result": "ok", "value": i}}})
            query = {"fieldManager": "bench"}
            patching.patch(srv.backend, targets[i % len(targets)], MERGE, raw, query)
        last = counter[0] - 1
        stored = srv.backend.get(targets[last % len(targets)])
        if stored["status"]["reconcile"]["value"] != last:
            raise RuntimeError(f"write {last} is not what the server holds: {stored['status']}")

    return write


def best_us(write: Callable[[int], None], writes: int, rounds: int) -> float:
    """Microseconds of CPU per write, best of ``rounds``: the least disturbed by other load."""
    write(writes // 4)  # warm: every object written at least once, caches filled
    best = float("inf")
    for _ in range(rounds):
        before = time.process_time()
        write(writes)
        best = min(best, time.process_time() - before)
    return 1e6 * best / writes


@contextmanager
def without(step: str, srv: Any) -> Iterator[None]:
    """Switch one step of a write off, to see what it costs."""
    from controller_runtime.envtest.apiserver import machinery

    if step == "managed fields":
        saved = srv.backend.managed_fields
        srv.backend.managed_fields = None
        try:
            yield
        finally:
            srv.backend.managed_fields = saved
    elif step == "schema (prune, default, validate)":
        available = machinery.available
        machinery.available = lambda name: name != "schema" and available(name)
        try:
            yield
        finally:
            machinery.available = available
    else:
        raise ValueError(step)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, default=200)
    parser.add_argument("--writes", type=int, default=8000, help="writes per round")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if args.objects < 1 or args.writes < 1 or args.rounds < 1:
        parser.error("--objects, --writes and --rounds must be at least 1")
    srv, targets = server_with_objects(args.objects)
    write = writer(srv, targets)
    total = best_us(write, args.writes, args.rounds)
    print(f"status merge patch, in-process: {total:.1f} us CPU per write")
    for step in ("managed fields", "schema (prune, default, validate)"):
        with without(step, srv):
            rest = best_us(write, args.writes, args.rounds)
        print(f"  {step}: {total - rest:.1f} us")
    return 0


if __name__ == "__main__":
    sys.exit(main())
