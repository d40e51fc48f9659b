"""Real Go tools for the tests, built from the Go module proxy once per machine.

`module_tool("oras.land/oras/cmd/oras", "v1.3.6")` runs `go install` into
`~/.cache/lookout/tools/<name>-<version>/` and returns the binary; `local_program(dir)` builds a
small Go program kept under `tests/` (an oracle, a signer) into a directory keyed by the hash of
its sources. A finished build is found again by its file alone; a file lock keeps two test
processes from building the same tool at once. Nothing here is used by the product.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from controller_runtime.envtest.assets import find_go

CACHE_ENV = "LOOKOUT_TOOLS_CACHE"


class ToolBuildError(RuntimeError):
    """A Go tool could not be built; the message carries go's output."""


def cache_root() -> Path:
    """`$LOOKOUT_TOOLS_CACHE`, else `~/.cache/lookout/tools`."""
    raw = os.environ.get(CACHE_ENV)
    root = Path(raw) if raw else Path.home() / ".cache" / "lookout" / "tools"
    root.mkdir(parents=True, exist_ok=True)
    return root


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _go_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("HOME", str(Path.home()))
    env.setdefault("GOFLAGS", "-mod=mod")
    env["CGO_ENABLED"] = env.get("CGO_ENABLED", "0")
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str], what: str) -> None:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ToolBuildError(f"{what} failed ({' '.join(args)}):\n{proc.stdout}{proc.stderr}")


def module_tool(package: str, version: str, name: str | None = None) -> Path:
    """The binary of `package@version` (a main package), built with `go install` on first use."""
    name = name or package.rstrip("/").rsplit("/", 1)[-1]
    out_dir = cache_root() / f"{name}-{version}"
    binary = out_dir / name
    if binary.is_file():
        return binary
    with _locked(cache_root() / f".{name}-{version}.lock"):
        if binary.is_file():
            return binary
        tmp = out_dir.with_name(out_dir.name + ".tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        env = _go_env()
        env["GOBIN"] = str(tmp)
        _run([find_go(), "install", f"{package}@{version}"], cache_root(), env, f"building {name} {version}")
        out_dir.mkdir(parents=True, exist_ok=True)
        (tmp / name).replace(binary)
        tmp.rmdir()
    return binary


def _source_hash(src: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(src.rglob("*")):
        if p.is_file() and p.suffix in {".go", ".mod", ".sum"}:
            h.update(str(p.relative_to(src)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def local_program(src: Path, name: str | None = None) -> Path:
    """Build the Go program in `src` (a directory with go.mod and a main package) once per
    version of its sources, fetching its dependencies from the module proxy."""
    name = name or src.name
    out = cache_root() / f"{name}-{_source_hash(src)}" / name
    if out.is_file():
        return out
    with _locked(cache_root() / f".{name}.lock"):
        if out.is_file():
            return out
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(name + ".tmp")
        env = _go_env()
        _run([find_go(), "build", "-o", str(tmp), "."], src, env, f"building {name}")
        tmp.replace(out)
    return out
