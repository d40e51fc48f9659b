"""What Prometheus scrapes from a running manager: Flux's `gotk_reconcile_duration_seconds`
per object (dropped with the object), controller-runtime's controller and work-queue series,
client-go's `rest_client_requests_total`, and process metrics, named and labelled as
dashboards written for Flux expect."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from tests.imagepolicy.conftest import image_policy, wait_policy
from tests.imagerepository.conftest import FAST, IR, image_repository, wait_ready
from tests.support.manager import run_manager
from tests.support.metrics import Samples, scrape
from tests.support.registry import RegistryServer
from tests.support.wait import eventually


def series(samples: Samples, metric: str, /, **labels: str) -> list[float]:
    return [v for found, v in samples.get(metric, []) if all(found.get(k) == x for k, x in labels.items())]


async def test_a_manager_exposes_flux_and_controller_runtime_metrics(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=tmp_path, options_overrides=FAST,
                           manager_overrides={"metrics_bind_address": "127.0.0.1:0"}) as running:
        await client.create(image_repository(namespace, "app", plain_registry.image("team/app")))
        await client.create(image_policy(namespace, "app", {"imageRepositoryRef": {"name": "app"},
                                                            "policy": {"semver": {"range": ">=1.0.0"}}}))
        await wait_ready(client, namespace, "app")
        await wait_policy(client, namespace, "app", tag="2.0.0")
        samples = await scrape(running.manager)

        for kind in ("ImageRepository", "ImagePolicy"):
            counts = series(samples, "gotk_reconcile_duration_seconds_count", kind=kind, name="app",
                            namespace=namespace)
            assert counts and counts[0] >= 1, kind
            buckets = {s[0]["le"] for s in samples["gotk_reconcile_duration_seconds_bucket"]
                       if s[0]["kind"] == kind and s[0]["name"] == "app"}
            bounds = sorted(float(b) for b in buckets - {"+Inf"})
            # Flux's ExponentialBucketsRange(0.01, 1800, 10)
            assert len(bounds) == 10 and bounds[0] == 0.01 and abs(bounds[-1] - 1800) < 1e-6, bounds
        assert series(samples, "controller_runtime_reconcile_total", controller="imagerepository",
                      result="success")
        assert series(samples, "controller_runtime_reconcile_time_seconds_count", controller="imagepolicy")
        assert series(samples, "workqueue_adds_total", name="imagerepository")
        assert series(samples, "controller_runtime_active_workers", controller="imagepolicy")
        gets = series(samples, "rest_client_requests_total", code="200", method="GET")
        patches = series(samples, "rest_client_requests_total", code="200", method="PATCH")
        assert gets and patches and sum(patches) >= 2
        # The registry is the process's: other tests' clients may have counted other hosts.
        hosts = {labels["host"] for labels, _ in samples["rest_client_requests_total"]}
        assert env.config.host.split("://", 1)[1] in hosts
        assert series(samples, "process_resident_memory_bytes")

        # A deleted object leaves no series behind.
        await client.delete(*IR, "app", namespace=namespace)

        async def gone() -> bool:
            now = await scrape(running.manager)
            return not series(now, "gotk_reconcile_duration_seconds_count", kind="ImageRepository",
                              name="app", namespace=namespace)

        await eventually(gone, message="the deleted repository's series is dropped")
