"""The spec's examples (config/samples) as test data: every document of a kind Lookout serves."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "config" / "samples"
GROUPS = ("image.toolkit.fluxcd.io", "source.werf.io")


@dataclass(frozen=True)
class Sample:
    file: str
    index: int
    obj: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.file}#{self.index}"

    @property
    def has_status(self) -> bool:
        return "status" in self.obj


def load_samples() -> list[Sample]:
    out: list[Sample] = []
    for path in sorted(SAMPLES.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for i, doc in enumerate(d for d in yaml.safe_load_all(path.read_text()) if d):
            if str(doc.get("apiVersion", "")).split("/")[0] in GROUPS:
                out.append(Sample(path.name, i, doc))
    return out


def plural_of(kind: str) -> str:
    return {
        "ImageRepository": "imagerepositories",
        "ImagePolicy": "imagepolicies",
        "ImageUpdateAutomation": "imageupdateautomations",
        "OCIRepository": "ocirepositories",
    }[kind]


def crd_schema(api_version: str, kind: str) -> dict[str, Any]:
    """The openAPIV3Schema the committed CRD declares for a kind at a version."""
    group, version = api_version.split("/")
    path = ROOT / "config" / "crd" / "bases" / f"{group}_{plural_of(kind)}.yaml"
    crd = next(d for d in yaml.safe_load_all(path.read_text()) if d)
    for v in crd["spec"]["versions"]:
        if v["name"] == version:
            return dict(v["schema"]["openAPIV3Schema"])
    raise KeyError(api_version)


def apply_defaults(schema: dict[str, Any], value: Any) -> Any:
    """A defaulted copy of `value`, as the API server stores it (the server's own defaulting)."""
    from controller_runtime.apimachinery import schema as structural

    return structural.apply_defaults(copy.deepcopy(value), schema)
