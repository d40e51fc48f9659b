"""CRD files are read with Go envtest's rules and installed until discovery serves them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from controller_runtime.client import Client, NoKindMatchError, errors
from controller_runtime.envtest import crd


def make_crd(group: str, kind: str, *, plural: str | None = None, versions: tuple[str, ...] = ("v1",),
             description: str = "") -> dict[str, Any]:
    plural = plural or kind.lower() + "s"
    schema: dict[str, Any] = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
    if description:
        schema["description"] = description
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{group}"},
        "spec": {
            "group": group,
            "names": {"kind": kind, "listKind": kind + "List", "plural": plural, "singular": kind.lower()},
            "scope": "Namespaced",
            "versions": [
                {"name": v, "served": True, "storage": i == 0, "schema": {"openAPIV3Schema": schema}}
                for i, v in enumerate(versions)
            ],
        },
    }


def names(crds: list[dict[str, Any]]) -> list[str]:
    return sorted(c["metadata"]["name"] for c in crds)


def test_directory_is_read_non_recursively_with_known_extensions(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(make_crd("a.test", "Apple")))
    (tmp_path / "b.yml").write_text(yaml.safe_dump(make_crd("b.test", "Banana")))
    (tmp_path / "c.json").write_text(json.dumps(make_crd("c.test", "Cherry")))
    (tmp_path / "d.txt").write_text(yaml.safe_dump(make_crd("d.test", "Date")))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.yaml").write_text(yaml.safe_dump(make_crd("e.test", "Elder")))
    assert names(crd.read_crds([tmp_path])) == ["apples.a.test", "bananas.b.test", "cherrys.c.test"]


def test_multi_document_yaml_keeps_only_complete_crds(tmp_path: Path) -> None:
    no_group = make_crd("x.test", "NoGroup")
    no_group["spec"]["group"] = ""
    no_kind = make_crd("y.test", "NoKind")
    no_kind["spec"]["names"]["kind"] = ""
    docs = [
        make_crd("a.test", "Apple"),
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}},
        None,
        no_group,
        no_kind,
        make_crd("b.test", "Banana"),
    ]
    f = tmp_path / "all.yaml"
    f.write_text("---\n".join(yaml.safe_dump(d) if d else "" for d in docs))
    assert names(crd.read_crds([f])) == ["apples.a.test", "bananas.b.test"]


def test_last_duplicate_wins(tmp_path: Path) -> None:
    (tmp_path / "1.yaml").write_text(yaml.safe_dump(make_crd("a.test", "Apple", description="first")))
    (tmp_path / "2.yaml").write_text(yaml.safe_dump(make_crd("a.test", "Apple", description="second")))
    (found,) = crd.read_crds([tmp_path])
    assert found["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["description"] == "second"


def test_missing_path_is_skipped_unless_required(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(make_crd("a.test", "Apple")))
    assert names(crd.read_crds([tmp_path / "missing", tmp_path])) == ["apples.a.test"]
    with pytest.raises(crd.CRDError, match="missing does not exist"):
        crd.read_crds([tmp_path / "missing", tmp_path], error_if_missing=True)


def test_unparsable_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("kind: [unclosed\n")
    with pytest.raises(crd.CRDError, match=r"bad\.yaml"):
        crd.read_crds([tmp_path])


async def test_install_then_use_then_update_and_uninstall(client: Client, namespace: str) -> None:
    group = f"g{uuid.uuid4().hex[:8]}.lookout.dev"
    definition = make_crd(group, "Sprocket", versions=("v1", "v2"))
    # The client saw discovery before the CRD existed: a miss must refresh, not stick.
    with pytest.raises(NoKindMatchError, match=f'no matches for kind "Sprocket" in version "{group}/v1"'):
        await client.get(f"{group}/v1", "Sprocket", "x", namespace)

    installed = await crd.install_crds(client, [definition])
    assert installed[0]["metadata"]["name"] == f"sprockets.{group}"
    for version in ("v1", "v2"):
        resources = await client.server_resources(f"{group}/{version}")
        assert "sprockets" in [r["name"] for r in resources["resources"]]
    obj = await client.create({
        "apiVersion": f"{group}/v1", "kind": "Sprocket",
        "metadata": {"name": "s1", "namespace": namespace}, "spec": {"teeth": 12},
    })
    assert obj["spec"] == {"teeth": 12}

    # Installing again updates in place (create-or-update), carrying the resourceVersion.
    changed = make_crd(group, "Sprocket", versions=("v1", "v2"), description="updated")
    (updated,) = await crd.install_crds(client, [changed])
    schema = updated["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    assert schema["description"] == "updated"

    await crd.uninstall_crds(client, [definition])
    await crd.uninstall_crds(client, [definition])  # NotFound is ignored

    async def gone() -> bool:
        try:
            await client.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", f"sprockets.{group}")
        except errors.NotFoundError:
            return True
        return False

    from tests.support.wait import eventually

    await eventually(gone, timeout=30)


async def test_wait_for_discovery_times_out_with_the_missing_plurals(client: Client) -> None:
    never = make_crd("never.lookout.dev", "Ghost")
    expected = r"not served by discovery after 0\.3s: ghosts\.never\.lookout\.dev/v1"
    with pytest.raises(crd.CRDError, match=expected):
        await crd.wait_for_discovery(client, [never], max_wait=0.3)
