"""Where the tests find the real etcd and kube-apiserver."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: The CRDs every test server gets: the project's and the test kinds'.
CRD_DIRS = [ROOT / "config" / "crd" / "bases", ROOT / "tests" / "testdata" / "crds"]

#: Set by hack/test.sh to the directory `python -m controller_runtime.envtest assets` printed.
KUBE_ASSETS_ENV = "LOOKOUT_KUBE_ASSETS"


def kube_assets() -> str:
    """The test command's directory, else the cached build (built now, once, if missing)."""
    from controller_runtime.envtest import assets

    return os.environ.get(KUBE_ASSETS_ENV) or str(assets.ensure())


def real_control_plane() -> Any:
    """An Environment running the real binaries with every test CRD, whatever USE_EXISTING_CLUSTER
    or KUBEBUILDER_ASSETS say (a context manager: `with real_control_plane() as env:`)."""
    from controller_runtime.envtest import Environment

    return Environment(
        crd_paths=[str(d) for d in CRD_DIRS if d.is_dir()],
        use_existing_cluster=False,
        binary_assets_directory=kube_assets(),
        start_timeout=60.0,
    )
