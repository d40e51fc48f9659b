"""What Prometheus scrapes from a running manager's /metrics, for tests that read it."""

from __future__ import annotations

from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

#: Sample name -> (labels, value) of each series.
Samples = dict[str, list[tuple[dict[str, str], float]]]


async def metrics_text(manager: Any) -> str:
    """The manager's /metrics, as Prometheus scrapes it (its metrics server must be bound)."""
    port = await manager.metrics_server.wait_listening()
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/metrics") as resp:
        assert resp.status == 200
        return await resp.text()


def parse_samples(text: str) -> Samples:
    samples: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((dict(sample.labels), sample.value))
    return samples


async def scrape(manager: Any) -> Samples:
    return parse_samples(await metrics_text(manager))
