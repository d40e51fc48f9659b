"""Flux-shaped typed data for the differential test: the oracle builds Go structs (struct map
keys, value-receiver methods) and this module the same as Python objects, from one input.
`go_type` is the Go type name the oracle's types have (typeOf, error messages)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from controllers.automation.gotemplate.values import GoMap, GoSlice


@dataclass(frozen=True)
class ObjectIdentifier:
    go_type: ClassVar[str] = "main.ObjectIdentifier"

    Kind: str
    Namespace: str
    Name: str

    def sort_key(self) -> tuple[str, str, str]:
        return (self.Kind, self.Namespace, self.Name)


@dataclass(frozen=True)
class Change:
    go_type: ClassVar[str] = "main.Change"

    OldValue: str
    NewValue: str
    Setter: str


@dataclass
class ResultV2:
    go_type: ClassVar[str] = "main.ResultV2"

    FileChanges: dict[str, dict[ObjectIdentifier, list[Change]]]

    def Changes(self) -> list[Change]:
        out: list[Change] = GoSlice(go_type="[]main.Change")
        for f in sorted(self.FileChanges):
            for oid in sorted(self.FileChanges[f], key=ObjectIdentifier.sort_key):
                out.extend(self.FileChanges[f][oid])
        return out

    def Objects(self) -> dict[ObjectIdentifier, list[Change]]:
        out: dict[ObjectIdentifier, list[Change]] = GoMap(go_type="main.ObjectChanges")
        for oc in self.FileChanges.values():
            for oid, cs in oc.items():
                out.setdefault(oid, GoSlice(go_type="[]main.Change")).extend(cs)
        return out


@dataclass(frozen=True)
class AutomationObject:
    go_type: ClassVar[str] = "main.AutomationObject"

    Name: str
    Namespace: str


@dataclass
class TemplateData:
    go_type: ClassVar[str] = "main.TemplateData"

    AutomationObject: AutomationObject
    Changed: ResultV2
    Values: dict[str, str] | None


@dataclass(frozen=True)
class FluxInput:
    """One input for both engines: {"name", "namespace", "files": {path: [objects]}, "values"}."""

    spec: dict[str, Any]

    def data(self) -> TemplateData:
        files: dict[str, dict[ObjectIdentifier, list[Change]]] = GoMap(
            go_type="map[string]main.ObjectChanges"
        )
        for path, objs in self.spec.get("files", {}).items():
            oc: dict[ObjectIdentifier, list[Change]] = GoMap(go_type="main.ObjectChanges")
            for o in objs:
                oid = ObjectIdentifier(o["kind"], o["namespace"], o["name"])
                oc.setdefault(oid, GoSlice(go_type="[]main.Change")).extend(
                    Change(c["OldValue"], c["NewValue"], c["Setter"]) for c in o["changes"]
                )
            files[path] = oc
        auto = AutomationObject(self.spec.get("name", ""), self.spec.get("namespace", ""))
        values = self.spec.get("values")
        typed_values = None if values is None else GoMap(values, go_type="map[string]string")
        return TemplateData(auto, ResultV2(files), typed_values)


def change(old: str, new: str, setter: str) -> dict[str, str]:
    return {"OldValue": old, "NewValue": new, "Setter": setter}


FLUX_INPUT = FluxInput(
    {
        "name": "auto",
        "namespace": "flux-system",
        "values": {"env": "prod"},
        "files": {
            "deploy/worker.yaml": [
                {
                    "kind": "CronJob",
                    "namespace": "flux-system",
                    "name": "worker",
                    "changes": [
                        change("worker:0.1", "worker:0.2", "ns:worker"),
                        change("side:1", "side:2", "ns:side"),
                    ],
                }
            ],
            "deploy/app.yaml": [
                {
                    "kind": "Deployment",
                    "namespace": "flux-system",
                    "name": "app",
                    "changes": [change("ghcr.io/org/app:1.0.0", "ghcr.io/org/app:1.1.0", "ns:app")],
                },
                {
                    "kind": "Deployment",
                    "namespace": "apps",
                    "name": "app",
                    "changes": [change("app:1", "app:2", "apps:app")],
                },
            ],
        },
    }
)
