"""Install CustomResourceDefinitions the way Go envtest does.

Reading: each path is a file or a directory read non-recursively (files in name
order); only .json, .yaml and .yml files count; YAML may hold many documents; a
document is kept only if it is a CustomResourceDefinition with spec.group and
spec.names.kind; for duplicate names the last one read wins. A missing path is
skipped unless `error_if_missing`.

Installing: GET each CRD, CREATE it when absent, otherwise UPDATE it carrying the
current resourceVersion (retried on conflict); then poll discovery every 100 ms for
up to 10 s until every served version lists the CRD's plural.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from controller_runtime.client import errors
from controller_runtime.client.client import Client

log = logging.getLogger(__name__)

CRD_API_VERSION = "apiextensions.k8s.io/v1"
CRD_KIND = "CustomResourceDefinition"
POLL_INTERVAL = 0.1
MAX_WAIT = 10.0
CRD_EXTENSIONS = (".json", ".yaml", ".yml")


class CRDError(Exception):
    """A CRD path or document could not be used, or CRDs did not become available."""


def _is_crd(doc: Any) -> bool:
    if not isinstance(doc, dict) or doc.get("kind") != CRD_KIND:
        return False
    spec = doc.get("spec")
    if not isinstance(spec, dict) or not spec.get("group"):
        return False
    names = spec.get("names")
    return isinstance(names, dict) and bool(names.get("kind"))


def _documents(path: Path) -> list[Any]:
    text = path.read_text()
    try:
        if path.suffix == ".json":
            return [json.loads(text)]
        return [d for d in yaml.safe_load_all(text) if d is not None]
    except (ValueError, yaml.YAMLError) as e:
        raise CRDError(f"cannot parse CRD file {path}: {e}") from e


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix in CRD_EXTENSIONS)
    return [path]


def read_crds(paths: Iterable[str | Path], error_if_missing: bool = False) -> list[dict[str, Any]]:
    """The CRDs found under `paths` (blocking file I/O: call via asyncio.to_thread)."""
    found: dict[str, dict[str, Any]] = {}
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            if error_if_missing:
                raise CRDError(f"CRD path {path} does not exist")
            log.info("skipping missing CRD path %s", path)
            continue
        for f in _files(path):
            if f.suffix not in CRD_EXTENSIONS:
                continue
            for doc in _documents(f):
                if not _is_crd(doc):
                    continue
                name = str((doc.get("metadata") or {}).get("name") or "")
                if name in found:
                    log.info("CRD %s defined more than once; using the one from %s", name, f)
                found[name] = doc
    return list(found.values())


def _served_plurals(crd: dict[str, Any]) -> list[tuple[str, str]]:
    spec = crd["spec"]
    group = spec["group"]
    plural = spec["names"].get("plural") or ""
    out = []
    for v in spec.get("versions") or []:
        if isinstance(v, dict) and v.get("served", True) and v.get("name"):
            out.append((f"{group}/{v['name']}", plural))
    return out


async def _create_or_update(client: Client, crd: dict[str, Any]) -> dict[str, Any]:
    name = crd["metadata"]["name"]
    for _ in range(10):
        try:
            existing = await client.get(CRD_API_VERSION, CRD_KIND, name)
        except errors.NotFoundError:
            try:
                return await client.create(crd)
            except errors.AlreadyExistsError:
                continue
        desired = dict(crd)
        rv = existing["metadata"]["resourceVersion"]
        desired["metadata"] = {**crd.get("metadata", {}), "resourceVersion": rv}
        try:
            return await client.update(desired)
        except errors.ConflictError:
            continue
    raise CRDError(f"could not update CRD {name}: kept conflicting")


async def wait_for_discovery(
    client: Client,
    crds: Sequence[dict[str, Any]],
    *,
    poll_interval: float = POLL_INTERVAL,
    max_wait: float = MAX_WAIT,
) -> None:
    """Poll discovery until every served version of every CRD lists its plural."""
    timeout = max_wait
    pending: set[tuple[str, str]] = {gp for crd in crds for gp in _served_plurals(crd)}
    deadline = time.monotonic() + timeout
    while True:
        for gv in sorted({gv for gv, _ in pending}):
            try:
                doc = await client.server_resources(gv)
            except errors.ApiError:
                continue
            names = {str(r.get("name")) for r in doc.get("resources") or [] if isinstance(r, dict)}
            pending = {(g, p) for g, p in pending if g != gv or p not in names}
        if not pending:
            client.mapper.invalidate()
            return
        if time.monotonic() >= deadline:
            missing = ", ".join(f"{p}.{gv}" for gv, p in sorted(pending))
            raise CRDError(f"CRDs not served by discovery after {timeout:g}s: {missing}")
        await asyncio.sleep(poll_interval)


async def install_crds(client: Client, crds: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Create or update each CRD, then wait until discovery serves them all."""
    installed = [await _create_or_update(client, crd) for crd in crds]
    await wait_for_discovery(client, crds)
    return installed


async def uninstall_crds(client: Client, crds: Sequence[dict[str, Any]]) -> None:
    """Delete the CRDs (NotFound ignored), as Go's CleanUpAfterUse does."""
    for crd in crds:
        try:
            await client.delete(CRD_API_VERSION, CRD_KIND, crd["metadata"]["name"])
        except errors.NotFoundError:
            pass
