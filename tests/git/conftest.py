"""Fixtures for the Git layer tests: a served directory of bare repositories and a plain HTTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.gitserver import GitHTTPServer, init_bare_repo

FILES = {"deploy/app.yaml": b"image: app:1.0.0 # marker\n", "README.md": b"hello\n"}


@pytest.fixture
def srv_root(tmp_path: Path) -> Path:
    return tmp_path / "srv"


@pytest.fixture
def bare(srv_root: Path) -> Path:
    """`repo.git` with one commit of FILES on `main`."""
    path = srv_root / "repo.git"
    init_bare_repo(path, FILES)
    return path


@pytest.fixture
async def http(srv_root: Path, bare: Path) -> AsyncIterator[GitHTTPServer]:
    """An anonymous smart-HTTP server over `srv_root`."""
    async with GitHTTPServer(srv_root) as server:
        yield server
