"""The embedded server stores resource quantities exactly as the real kube-apiserver does.

Seeded random quantity strings (signs, leading zeros, fractions, every suffix, exponents,
values past int64, and strings that are no quantity) are written to both servers, in a
ResourceList (a ResourceQuota's `spec.hard`, rounded up to a thousandth by kube's
defaulting) and as a plain quantity (a Pod's `emptyDir.sizeLimit`); each must be stored as
the same text, or refused by both with the same status. (A negative plain quantity is left
out: each field that holds one has validation of its own, see docs/embedded-apiserver.md.)
"""

from __future__ import annotations

import random
from typing import Any

from controller_runtime.client import Client, errors

INTEGERS = ["0", "00", "1", "7", "10", "100", "1000", "1024", "1536", "2048", "999999", "123456789",
            "9223372036854775807", "12345678901234567890"]
FRACTIONS = ["", "", ".5", ".25", ".000001", ".1", ".", ".0", ".123456789", ".0000000001"]
NOT_QUANTITIES = ["", "abc", "1.2.3", "1Kb", "1e", "--1", "1 Gi", "Gi", ".", "1e1.5", "0x10", "1Ki1"]
SUFFIXES = ["", "m", "u", "n", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
            "e3", "E6", "e0", "e-2", "e-9", "e+2", "e18"]


def samples(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = {rnd.choice(["", "", "+", "-"]) + rnd.choice(INTEGERS) + rnd.choice(FRACTIONS)
           + rnd.choice(SUFFIXES) for _ in range(count)}
    return sorted(out | set(NOT_QUANTITIES))


async def stored(client: Client, namespace: str, values: list[str]) -> list[Any]:
    """What the server stores for each value, twice over: in a ResourceList and on its own."""
    out: list[Any] = []
    for i, value in enumerate(values):
        try:
            quota = await client.create({
                "apiVersion": "v1", "kind": "ResourceQuota",
                "metadata": {"name": f"q{i}", "namespace": namespace},
                "spec": {"hard": {"cpu": value}},
            })
            in_list: Any = quota["spec"]["hard"]["cpu"]
        except errors.ApiError as e:
            in_list = ("refused", e.status)
        if value.startswith("-"):
            out.append((value, in_list))
            continue
        try:
            pod = await client.create({
                "apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"p{i}", "namespace": namespace},
                "spec": {"containers": [{"name": "c", "image": "nginx"}],
                         "volumes": [{"name": "v", "emptyDir": {"sizeLimit": value}}]},
            })
            alone: Any = pod["spec"]["volumes"][0]["emptyDir"]["sizeLimit"]
        except errors.ApiError as e:
            alone = ("refused", e.status)
        out.append((value, in_list, alone))
    return out


async def namespace_on(client: Client) -> str:
    ns = await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"generateName": "q-"}})
    return str(ns["metadata"]["name"])


async def test_quantities_are_stored_as_the_real_server_stores_them(
    kube_apiserver_env: Any, envtest_env: Any
) -> None:
    values = samples(150, seed=20261207)
    async with Client(kube_apiserver_env.config) as real, Client(envtest_env.config) as embedded:
        expected = await stored(real, await namespace_on(real), values)
        got = await stored(embedded, await namespace_on(embedded), values)
    assert [(g, e) for g, e in zip(got, expected, strict=True) if g != e] == []
    # the sample is not trivial: canonical forms differ from what was written, and some are refused
    assert sum(1 for value, in_list, *_ in expected if in_list != value) > 50
    assert {in_list[1] for _, in_list, *_ in expected if isinstance(in_list, tuple)} == {400, 422}
