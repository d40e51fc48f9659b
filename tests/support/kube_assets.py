"""Where the tests find the real etcd and kube-apiserver."""

from __future__ import annotations

import os

#: Set by hack/test.sh to the directory `python -m controller_runtime.envtest assets` printed.
KUBE_ASSETS_ENV = "LOOKOUT_KUBE_ASSETS"


def kube_assets() -> str:
    """The test command's directory, else the cached build (built now, once, if missing)."""
    from controller_runtime.envtest import assets

    return os.environ.get(KUBE_ASSETS_ENV) or str(assets.ensure())
