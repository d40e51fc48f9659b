"""The Dockerfile (no engine runs here): its required properties, and its install step run
for real against this checkout."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from api.crd import all_kinds
from tests.api.samples import ROOT

DOCKERFILE = ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for ins in instructions():
        if ins[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(ins)
    return result


def test_multi_stage_slim_python_runtime_as_nobody() -> None:
    build, runtime = stages()
    assert re.match(r"python:\$\{PYTHON_VERSION\}-slim", build[0][1])
    assert " AS build" in build[0][1]
    assert re.match(r"python:\$\{PYTHON_VERSION\}-slim", runtime[0][1])
    assert ("USER", "65534:65534") in runtime
    assert runtime[-2:] == [("ENTRYPOINT", '["lookout"]'), ("CMD", '["manager"]')]
    assert json.loads(runtime[-2][1]) == ["lookout"]
    copies = [args for ins, args in runtime if ins == "COPY"]
    assert copies == ["--from=build /opt/lookout /opt/lookout"], (
        "runtime stage carries no sources or build tools"
    )
    apt = " ".join(args for ins, args in runtime if ins == "RUN")
    for package in ("git", "openssh-client", "ca-certificates"):
        assert re.search(rf"\b{package}\b", apt)
    assert "--no-install-recommends" in apt and "rm -rf /var/lib/apt/lists/*" in apt


def test_dependencies_layer_comes_before_the_sources() -> None:
    build = stages()[0]
    first_copy = next(args for ins, args in build if ins == "COPY")
    assert first_copy == "pyproject.toml ./"
    runs = [i for i, (ins, _) in enumerate(build) if ins == "RUN"]
    copies = [i for i, (ins, _) in enumerate(build) if ins == "COPY"]
    deps_run = next(i for i in runs if "-r requirements.txt" in build[i][1])
    assert copies[0] < deps_run < copies[1]


def _deps_command() -> str:
    build = stages()[0]
    run = next(args for ins, args in build if ins == "RUN" and "requirements.txt" in args)
    return run.split(" > requirements.txt")[0]


def test_dependency_list_is_read_from_pyproject(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    argv = shlex.split(_deps_command())
    assert argv[0] == "python"
    result = subprocess.run(
        [sys.executable, *argv[1:]], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert (
        result.stdout.split("\n")[:-1]
        == project["build-system"]["requires"] + project["project"]["dependencies"]
    )


def test_build_context_holds_what_the_install_needs() -> None:
    """Every top-level package pyproject installs, and the readme it names, is copied in
    and not excluded by .dockerignore."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = [p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]]
    copied = {args.split()[0] for ins, args in stages()[0] if ins == "COPY"}
    assert set(packages) | {"pyproject.toml", project["project"]["readme"]} == copied
    ignore = (ROOT / ".dockerignore").read_text().splitlines()
    for name in copied:
        assert f"!{name}" in ignore or f"!{name}/" in ignore
    # Everything else stays out of the context (.venv, .git, .state, tests, kubeconfigs):
    # the first rule excludes all, and no later rule re-includes more than the copied names.
    rules = [line.strip() for line in ignore if line.strip() and not line.startswith("#")]
    assert rules[0] == "*"
    assert {r.lstrip("!").rstrip("/") for r in rules if r.startswith("!")} == copied


@pytest.mark.timeout(120)
def test_the_install_step_builds_a_working_lookout(tmp_path: Path) -> None:
    """Run the Dockerfile's project install step on a copy of exactly what it COPYs.

    The step builds without isolation (the image installs pyproject's build requirements in
    the dependency layer), so the test environment needs them too.
    """
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for requirement in project["build-system"]["requires"]:
        name = re.split(r"[<>=!~ ;\[]", requirement, maxsplit=1)[0]
        try:
            importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            pytest.fail(f"build requirement {requirement!r} is not installed (pip install {requirement!r})")
    build = stages()[0]
    src = tmp_path / "src"
    src.mkdir()
    for ins, args in build:
        if ins == "COPY":
            name = args.split()[0]
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(ROOT / name, src / name)
    install = next(args for ins, args in build if ins == "RUN" and "--no-deps" in args)
    argv = shlex.split(install)
    assert argv[:4] == ["python", "-m", "pip", "install"]
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, *argv[1:], "--target", str(site), "--quiet"],
        cwd=src,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for package in ("api", "controller_runtime", "controllers"):
        installed = {p.relative_to(site / package) for p in (site / package).rglob("*.py")}
        # Compared with the copy the step installed from: the work tree may change meanwhile.
        expected = {p.relative_to(src / package) for p in (src / package).rglob("*.py")}
        assert installed == expected, package
    script = (site / "bin" / "lookout").read_text()
    assert "from controllers.cli import main" in script
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "import controllers.cli, api.crd; print(len(api.crd.all_kinds()))"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == str(len(all_kinds()))
