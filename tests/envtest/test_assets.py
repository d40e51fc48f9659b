"""`python -m controller_runtime.envtest assets`: build once, then find again without building."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from controller_runtime.envtest import assets
from tests.support.kube_assets import kube_assets

ROOT = Path(__file__).resolve().parents[2]


def run_assets(*args: str, path: str, cache: str | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LOOKOUT_ENVTEST_")}
    environ["PATH"] = path
    environ.pop("GOROOT", None)
    if cache is not None:
        environ[assets.CACHE_ENV] = cache
    return subprocess.run(
        [sys.executable, "-m", "controller_runtime.envtest", "assets", *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, check=False,
    )


def test_a_built_pair_is_found_again_without_go(tmp_path: Path) -> None:
    """The second run needs no toolchain at all: it only looks at the files."""
    directory = Path(kube_assets())
    root = directory.parent
    no_go = tmp_path / "empty-path"
    no_go.mkdir()
    done = run_assets("--cache-dir", str(root), path=str(no_go))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(directory)
    assert done.stderr == ""  # nothing built, nothing reported
    for name in ("etcd", "kube-apiserver"):
        assert os.access(directory / name, os.X_OK)
        assert (directory / name).resolve().parent == root / "bin"


def test_without_go_a_missing_build_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(assets.AssetsError, match=r"the Go toolchain \(`go`\) is needed"):
        assets.find_go({"PATH": str(tmp_path)}, homes=())
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("GOROOT", raising=False)
    monkeypatch.setattr(assets, "GO_HOMES", ())  # a machine without the toolchain
    with pytest.raises(assets.AssetsError, match="the Go toolchain"):
        assets.ensure(assets.Versions("1.32.13", "3.5.36"), tmp_path / "cache", report=lambda _: None)


def test_a_release_the_proxy_does_not_serve_fails_with_the_step_named(tmp_path: Path) -> None:
    failed = run_assets("--kubernetes-version", "1.0.99", path=os.environ["PATH"], cache=str(tmp_path))
    assert failed.returncode == 1
    assert "building kube-apiserver v1.0.99" in failed.stderr  # the announcement comes first
    assert "fetching k8s.io/kubernetes v1.0.99 from the module proxy failed" in failed.stderr
    assert failed.stdout == ""
    assert not (tmp_path / "bin" / "kube-apiserver-v1.0.99").exists()


def test_versions_are_selectable_and_checked() -> None:
    pinned = assets.versions(environ={})
    assert (pinned.kubernetes, pinned.etcd) == (assets.KUBERNETES_VERSION, assets.ETCD_VERSION)
    chosen = assets.versions(environ={assets.KUBERNETES_VERSION_ENV: "v1.33.6",
                                      assets.ETCD_VERSION_ENV: "3.6.17"})
    assert chosen.dirname == "k8s-1.33.6-etcd-3.6.17"
    explicit = assets.versions("1.31.14", environ={assets.KUBERNETES_VERSION_ENV: "1.33.6"})
    assert explicit.kubernetes == "1.31.14"
    with pytest.raises(assets.AssetsError, match="kubernetes version 'latest' is not of the form"):
        assets.versions("latest", environ={})
    bad = run_assets("--kubernetes-version", "1.32", path=os.environ["PATH"])
    assert bad.returncode == 1 and "kubernetes version '1.32' is not of the form" in bad.stderr


def test_cache_root_follows_the_environment(tmp_path: Path) -> None:
    assert assets.cache_root({assets.CACHE_ENV: str(tmp_path)}) == tmp_path
    assert assets.cache_root({"XDG_CACHE_HOME": "/xdg"}) == Path("/xdg/lookout/envtest")


def test_the_scratch_module_replaces_every_staging_module() -> None:
    go_mod = """module k8s.io/kubernetes

require (
\tgithub.com/spf13/cobra v1.8.1
\tk8s.io/api v0.0.0
\tk8s.io/apiserver v0.0.0
\tk8s.io/utils v0.0.0-20241104100929-3ea5e8cea738
)

replace (
\tk8s.io/api => ./staging/src/k8s.io/api
)
"""
    staging = assets.staging_modules(go_mod)
    assert staging == ["k8s.io/api", "k8s.io/apiserver"]
    module = assets.kube_apiserver_go_mod("1.32.13", staging)
    assert "require k8s.io/kubernetes v1.32.13\n" in module
    assert "replace k8s.io/api => k8s.io/api v0.32.13\n" in module
    assert "replace k8s.io/apiserver => k8s.io/apiserver v0.32.13\n" in module
    flags = assets.kube_ldflags("1.32.13")
    assert "-X k8s.io/component-base/version.gitVersion=v1.32.13" in flags
    assert "-X k8s.io/component-base/version.gitMinor=32" in flags


def test_a_finished_build_is_recognised_by_its_links(tmp_path: Path) -> None:
    v = assets.Versions("1.32.13", "3.5.36")
    assert not assets.ready(v, tmp_path)
    directory = assets.assets_dir(v, tmp_path)
    directory.mkdir(parents=True)
    for name in ("etcd", "kube-apiserver"):
        target = tmp_path / f"{name}.bin"
        target.write_text("#!/bin/sh\n")
        target.chmod(0o755)
        (directory / name).symlink_to(target)
    assert assets.ready(v, tmp_path)
    assert assets.ensure(v, tmp_path, report=pytest.fail) == directory
