"""Memory of a whole scan, registry to tag store, as the ImageRepository controller runs it."""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path
from typing import Any, cast

from api.image.v1.imagerepository import ImageRepository
from controllers.imagerepository import ImageRepositoryReconciler
from controllers.registry import ANONYMOUS, HostRateLimiter, ProviderLogin, RegistryClient, parse_image
from controllers.registry.transport import TransportOptions
from controllers.scanning import AuthOptions, ScanResources
from controllers.storage import TagStore, repo_key
from tests.registry.standin import paginated_tags_app, serve


async def test_a_100k_tag_scan_holds_the_tag_list_and_little_more(tmp_path: Path) -> None:
    """The issue's promise: a 100,000-tag repository is scanned *and stored* without holding
    more than a page of raw JSON beyond the tag list. Sort keys or a joined copy of the list
    (each ~1-5 MiB here) would break the bound; pointer lists and one page fit in it."""
    tags = [f"build-{i:06d}" for i in range(100_000)] + ["build-000001.sig"]
    app, _ = paginated_tags_app(tags)
    limiter = HostRateLimiter(1000, 1000)
    async with serve(app) as host, TagStore(tmp_path) as store:
        registry = RegistryClient(page_size=1000, limiter=limiter)
        resources = ScanResources(store=store, registry=registry, login=ProviderLogin(), limiter=limiter)
        reconciler = ImageRepositoryReconciler(
            client=None, cache=None, recorder=cast(Any, None), resources=resources
        )
        obj: dict[str, Any] = {
            "apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImageRepository",
            "metadata": {"name": "big", "namespace": "ns", "generation": 1},
            "spec": {"image": f"{host}/big/app", "interval": "5m"},
        }
        ref = parse_image(f"{host}/big/app")
        auth = AuthOptions(credentials=ANONYMOUS, transport=TransportOptions())
        view = ImageRepository.from_dict(obj)
        try:
            await reconciler._scan(obj, view, ref, auth, 60)  # warm connections, store pages
            gc.collect()
            tracemalloc.start()
            try:
                found, _ = await reconciler._scan(obj, view, ref, auth, 60)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
        finally:
            await registry.close()
        stored = await store.tags(repo_key("ns", "big"))
    assert found == 100_000 and stored is not None and len(stored) == 100_000
    assert stored[0] == "build-099999" and "build-000001.sig" not in stored
    assert obj["status"]["lastScanResult"]["latestTags"] == stored[:10]
    retained = sys.getsizeof(tags) + sum(sys.getsizeof(t) for t in tags)
    # One page is ~22 KiB of JSON; the stand-in (same process) serialises its pages too.
    assert peak < retained + (3 << 19), (peak, retained)
