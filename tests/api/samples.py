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
    """Structural defaulting as the API server does it: absent properties with a `default`
    get it, recursively; present values are never changed."""
    if isinstance(value, dict):
        out = dict(value)
        props = schema.get("properties", {})
        for name, sub in props.items():
            if name not in out and "default" in sub:
                out[name] = copy.deepcopy(sub["default"])
            if name in out:
                out[name] = apply_defaults(sub, out[name])
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for k in out:
                if k not in props:
                    out[k] = apply_defaults(extra, out[k])
        return out
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [apply_defaults(schema["items"], v) for v in value]
    return value
