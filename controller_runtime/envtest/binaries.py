"""Where envtest finds etcd, kube-apiserver and kubectl, with Go envtest's precedence.

1. `TEST_ASSET_<NAME>` (name upper-cased, runs of non-[A-Z0-9] -> "_", leading digits dropped);
2. `$KUBEBUILDER_ASSETS/<name>`;
3. the Environment's `binary_assets_directory/<name>`;
4. `/usr/local/kubebuilder/bin/<name>`.

As in Go, a variable only has to be set: the path is not checked here, so the error
names the path that was chosen when the process fails to start.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

ASSETS_ENV = "KUBEBUILDER_ASSETS"
DEFAULT_ASSETS_DIR = "/usr/local/kubebuilder/bin"
BINARIES = ("etcd", "kube-apiserver", "kubectl")

_PUNCTUATION = re.compile(r"[^A-Z0-9]+")
_LEADING_DIGITS = re.compile(r"^[0-9]+")


class BinaryNotFoundError(FileNotFoundError):
    """A control-plane binary is missing or not executable."""


def asset_env_var(name: str) -> str:
    """`kube-apiserver` -> `TEST_ASSET_KUBE_APISERVER` (Go's BinPathFinder mangling)."""
    sanitized = _PUNCTUATION.sub("_", name.upper())
    sanitized = _LEADING_DIGITS.sub("", sanitized)
    return "TEST_ASSET_" + sanitized


def bin_path_finder(
    name: str, asset_directory: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """The path envtest would run for binary `name` (see the module docstring)."""
    env = os.environ if environ is None else environ
    var = asset_env_var(name)
    if var in env:
        return env[var]
    assets = env.get(ASSETS_ENV, "")
    if assets:
        return os.path.join(assets, name)
    if asset_directory:
        return os.path.join(asset_directory, name)
    return os.path.join(DEFAULT_ASSETS_DIR, name)


def binaries_requested(asset_directory: str | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """True when the environment asks for real binaries rather than the embedded server."""
    env = os.environ if environ is None else environ
    if env.get(ASSETS_ENV):
        return True
    if asset_directory:
        return True
    return any(asset_env_var(b) in env for b in ("etcd", "kube-apiserver"))


def setup_envtest_default_dir(environ: Mapping[str, str] | None = None) -> Path:
    """setup-envtest's shared store (`.../kubebuilder-envtest`), for the error hint."""
    env = os.environ if environ is None else environ
    if sys.platform == "darwin":
        return Path(os.path.expanduser("~/Library/Application Support/io.kubebuilder.envtest"))
    data_home = env.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(data_home) / "kubebuilder-envtest"


def require_executable(name: str, path: str) -> str:
    """Check `path` before starting it, so the user learns how to get the binary."""
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    state = "is not executable" if os.path.exists(path) else "does not exist"
    raise BinaryNotFoundError(
        f"envtest: {name} binary {path} {state}; set KUBEBUILDER_ASSETS (or {asset_env_var(name)}) "
        "or run `setup-envtest use -p path` and export its output as KUBEBUILDER_ASSETS"
    )
