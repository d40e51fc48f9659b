"""typed_shapes.py is what hack/typeshapes generates from the Go types of k8s.io/api."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from controller_runtime.apimachinery import typed_shapes
from controller_runtime.envtest.assets import find_go

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "hack" / "typeshapes"


def test_the_committed_table_is_what_the_generator_prints() -> None:
    go = find_go()
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOWORK": "off"}
    client_go = subprocess.run(
        [go, "list", "-m", "-f", "{{.Dir}}", "k8s.io/client-go"],
        cwd=GENERATOR, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    schema = Path(client_go) / "applyconfigurations" / "internal" / "internal.go"
    printed = subprocess.run(
        [go, "run", ".", str(schema)], cwd=GENERATOR, env=env, capture_output=True, text=True, check=True
    ).stdout
    committed = (ROOT / "controller_runtime" / "apimachinery" / "typed_shapes.py").read_text()
    assert printed == committed, "run hack/typeshapes (see its main.go) and commit the result"


def test_the_table_knows_what_kube_knows_of_a_deployment() -> None:
    assert typed_shapes.KINDS["apps/v1/Deployment"] == "apps/v1.Deployment"
    spec = typed_shapes.STRUCTS["apps/v1.DeploymentSpec"]
    assert spec["template"] == ("{}", "core/v1.PodTemplateSpec")  # a value struct: always there
    assert spec["selector"] == ("null", "meta/v1.LabelSelector")  # a pointer without omitempty
    assert typed_shapes.STRUCTS["apps/v1.DeploymentStrategy"]["rollingUpdate"] == (
        None, "apps/v1.RollingUpdateDeployment"  # a pointer with omitempty: only when set
    )
    assert "meta/v1.LabelSelector" in typed_shapes.ATOMIC
