"""Real etcd and kube-apiserver for envtest, built from their Go modules once per machine.

Go's envtest downloads release tarballs with `setup-envtest`; machines without that
download site can still reach the Go module proxy, so this builds the same binaries with
plain `go build` in scratch modules:

- kube-apiserver: a module requiring `k8s.io/kubernetes` at the pinned version, with every
  staging module its go.mod lists at `v0.0.0` replaced by the matching `v0.<minor>.<patch>`,
  and the version stamped through `-ldflags -X k8s.io/component-base/version...` so that
  `/version` reports it;
- etcd: `go.etcd.io/etcd/server/v3`, whose module root is its `main` package.

The binaries land in `<cache>/bin/<name>-v<version>`; the assets directory for one pair
(`<cache>/k8s-<version>-etcd-<version>`) links them under the names envtest looks for, so
it can be exported as `KUBEBUILDER_ASSETS`. A finished build is found again by its files
alone, in milliseconds; a file lock keeps two test runs from building at once.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: The release nearest the kubectl of this project's machines (1.32) that the proxy serves.
KUBERNETES_VERSION = "1.32.13"
#: The etcd minor that Kubernetes 1.32 is released and tested with.
ETCD_VERSION = "3.5.36"

CACHE_ENV = "LOOKOUT_ENVTEST_CACHE"
KUBERNETES_VERSION_ENV = "LOOKOUT_ENVTEST_KUBERNETES_VERSION"
ETCD_VERSION_ENV = "LOOKOUT_ENVTEST_ETCD_VERSION"

_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")
_STAGING = re.compile(r"^\s*(k8s\.io/[A-Za-z0-9._-]+)\s+v0\.0\.0\s*$")
#: How often a running build reports that it is still going.
PROGRESS_EVERY = 15.0

Report = Callable[[str], None]


class AssetsError(RuntimeError):
    """A binary could not be built; the message says which step failed and how."""


@dataclass(frozen=True)
class Versions:
    kubernetes: str
    etcd: str

    @property
    def dirname(self) -> str:
        return f"k8s-{self.kubernetes}-etcd-{self.etcd}"


def _plain_version(raw: str, what: str) -> str:
    match = _VERSION.match(raw.strip())
    if match is None:
        raise AssetsError(f"{what} version {raw!r} is not of the form MAJOR.MINOR.PATCH")
    return ".".join(match.groups())


def versions(
    kubernetes: str | None = None, etcd: str | None = None, environ: Mapping[str, str] | None = None
) -> Versions:
    """The pinned versions, unless an argument or LOOKOUT_ENVTEST_*_VERSION selects others."""
    env = os.environ if environ is None else environ
    return Versions(
        kubernetes=_plain_version(kubernetes or env.get(KUBERNETES_VERSION_ENV) or KUBERNETES_VERSION,
                                  "kubernetes"),
        etcd=_plain_version(etcd or env.get(ETCD_VERSION_ENV) or ETCD_VERSION, "etcd"),
    )


def cache_root(environ: Mapping[str, str] | None = None) -> Path:
    """`$LOOKOUT_ENVTEST_CACHE`, else `$XDG_CACHE_HOME/lookout/envtest` (~/.cache by default)."""
    env = os.environ if environ is None else environ
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV])
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lookout" / "envtest"


def assets_dir(v: Versions, root: Path) -> Path:
    return root / v.dirname


def ready(v: Versions, root: Path) -> bool:
    """Both binaries are linked in the assets directory (checked without running anything)."""
    directory = assets_dir(v, root)
    return all(os.access(directory / name, os.X_OK) for name in ("etcd", "kube-apiserver"))


#: Where this project's machines keep the Go toolchain when it is not on PATH.
GO_HOMES = ("/usr/local/go/bin/go",)


def find_go(environ: Mapping[str, str] | None = None, homes: tuple[str, ...] | None = None) -> str:
    """`go` on PATH, else in $GOROOT/bin or the toolchain's usual home."""
    env = os.environ if environ is None else environ
    homes = GO_HOMES if homes is None else homes
    found = shutil.which("go", path=env.get("PATH", ""))
    if found:
        return found
    goroot = env.get("GOROOT")
    for candidate in ((f"{goroot}/bin/go",) if goroot else ()) + homes:
        if os.access(candidate, os.X_OK):
            return candidate
    raise AssetsError(
        "envtest assets: the Go toolchain (`go`) is needed to build etcd and kube-apiserver, "
        "and none is on PATH, in $GOROOT/bin or in " + ", ".join(homes)
    )


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class _Builder:
    """One `go` invocation environment: the module proxy, the toolchain, progress reports."""

    def __init__(self, go: str, report: Report) -> None:
        self.go = go
        self.report = report
        env = dict(os.environ)
        env.setdefault("GOFLAGS", "-mod=mod")
        env["GOWORK"] = "off"
        env["GO111MODULE"] = "on"
        self.env = env

    def run(self, args: list[str], cwd: Path, what: str) -> str:
        proc = subprocess.run(
            [self.go, *args], cwd=cwd, env=self.env, capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-20:])
            raise AssetsError(f"envtest assets: {what} failed (go {' '.join(args[:2])}):\n{tail}")
        return proc.stdout

    def build(self, args: list[str], cwd: Path, what: str) -> None:
        """`go build -v`, reporting compiled packages every PROGRESS_EVERY seconds."""
        proc = subprocess.Popen(
            [self.go, "build", "-v", *args], cwd=cwd, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        assert proc.stderr is not None
        started = last = time.monotonic()
        packages = 0
        lines: list[str] = []
        for line in proc.stderr:
            lines.append(line.rstrip())
            del lines[:-40]
            text = line.strip()
            if text and " " not in text and not text.startswith("#"):  # an import path: one package
                packages += 1
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY:
                last = now
                self.report(f"  {what}: {packages} packages compiled, {now - started:.0f}s")
        if proc.wait() != 0:
            raise AssetsError(f"envtest assets: building {what} failed:\n" + "\n".join(lines[-20:]))
        self.report(f"  {what}: built in {time.monotonic() - started:.0f}s ({packages} packages compiled)")


def staging_modules(kubernetes_go_mod: str) -> list[str]:
    """The `k8s.io/*` modules k8s.io/kubernetes requires at `v0.0.0` (its staging tree)."""
    return sorted({m.group(1) for line in kubernetes_go_mod.splitlines() if (m := _STAGING.match(line))})


def kube_apiserver_go_mod(kubernetes: str, staging: list[str]) -> str:
    _, minor, patch = kubernetes.split(".")
    lines = ["module lookout.local/envtest/kube-apiserver", "", "go 1.23.0", "",
             f"require k8s.io/kubernetes v{kubernetes}", ""]
    lines += [f"replace {m} => {m} v0.{minor}.{patch}" for m in staging]
    return "\n".join(lines) + "\n"


def kube_ldflags(kubernetes: str) -> str:
    major, minor, _ = kubernetes.split(".")
    pkg = "k8s.io/component-base/version"
    stamps = {"gitVersion": f"v{kubernetes}", "gitMajor": major, "gitMinor": minor, "gitTreeState": "clean"}
    return " ".join(["-s", "-w", *(f"-X {pkg}.{k}={val}" for k, val in stamps.items())])


_TOOLS = """//go:build tools

// Package tools pins the main package this scratch module builds.
package tools

import _ "{pkg}"
"""


def _scratch(root: Path, name: str, go_mod: str, main_pkg: str) -> Path:
    work = root / "build" / name
    work.mkdir(parents=True, exist_ok=True)
    (work / "go.mod").write_text(go_mod)
    (work / "tools.go").write_text(_TOOLS.format(pkg=main_pkg))
    return work


def _build_kube_apiserver(b: _Builder, root: Path, version: str, out: Path) -> None:
    b.report(f"envtest assets: building kube-apiserver v{version} from k8s.io/kubernetes "
             "(once per machine; a cold build takes about 5 minutes on 2 cores)")
    info = b.run(["mod", "download", "-json", f"k8s.io/kubernetes@v{version}"], root,
                 f"fetching k8s.io/kubernetes v{version} from the module proxy")
    gomod = re.search(r'"GoMod":\s*"([^"]+)"', info)
    if gomod is None:
        raise AssetsError(f"envtest assets: no go.mod for k8s.io/kubernetes v{version}")
    staging = staging_modules(Path(gomod.group(1)).read_text())
    pkg = "k8s.io/kubernetes/cmd/kube-apiserver"
    work = _scratch(root, f"kube-apiserver-v{version}", kube_apiserver_go_mod(version, staging), pkg)
    b.run(["mod", "tidy"], work, "resolving kube-apiserver's modules")
    b.build(["-o", str(out), "-ldflags", kube_ldflags(version), pkg], work, f"kube-apiserver v{version}")


def _build_etcd(b: _Builder, root: Path, version: str, out: Path) -> None:
    b.report(f"envtest assets: building etcd v{version} from go.etcd.io/etcd/server/v3 "
             "(once per machine; under a minute on 2 cores)")
    pkg = "go.etcd.io/etcd/server/v3"
    go_mod = f"module lookout.local/envtest/etcd\n\ngo 1.23.0\n\nrequire {pkg} v{version}\n"
    work = _scratch(root, f"etcd-v{version}", go_mod, pkg)
    b.run(["mod", "tidy"], work, "resolving etcd's modules")
    b.build(["-o", str(out), "-ldflags", "-s -w", pkg], work, f"etcd v{version}")


def _link(target: Path, link: Path) -> None:
    tmp = link.with_name(link.name + ".tmp")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    tmp.replace(link)


def ensure(
    v: Versions | None = None, root: Path | None = None, report: Report | None = None
) -> Path:
    """The assets directory for `v`, building what is missing; returns at once when all is there."""
    v = v or versions()
    root = root or cache_root()
    if ready(v, root):
        return assets_dir(v, root)
    say = report or (lambda msg: print(msg, file=sys.stderr, flush=True))
    with _locked(root):
        if ready(v, root):  # another process built it while we waited for the lock
            return assets_dir(v, root)
        builder = _Builder(find_go(), say)
        bin_dir = root / "bin"
        bin_dir.mkdir(parents=True, exist_ok=True)
        wanted = (
            ("kube-apiserver", v.kubernetes, _build_kube_apiserver),
            ("etcd", v.etcd, _build_etcd),
        )
        directory = assets_dir(v, root)
        directory.mkdir(parents=True, exist_ok=True)
        for name, version, build in wanted:
            binary = bin_dir / f"{name}-v{version}"
            if not os.access(binary, os.X_OK):
                partial = binary.with_name(binary.name + ".partial")
                build(builder, root, version, partial)
                partial.replace(binary)  # only a finished build ever has the final name
            _link(binary, directory / name)
        kubectl = shutil.which("kubectl")
        if kubectl:  # Go's asset directories carry kubectl too
            _link(Path(kubectl), directory / "kubectl")
        return directory


__all__ = [
    "ETCD_VERSION",
    "KUBERNETES_VERSION",
    "AssetsError",
    "Versions",
    "assets_dir",
    "cache_root",
    "ensure",
    "kube_apiserver_go_mod",
    "ready",
    "staging_modules",
    "versions",
]
