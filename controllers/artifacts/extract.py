"""Safe extraction of an OCI layer (a tar, usually gzip-compressed) into a directory.

A layer comes from a registry anyone with push rights can write to, so it is hostile until
proven otherwise. The tar is read as a stream (`tarfile` mode `r|*`: never seeked, never held
in memory) and every member is judged before anything is written:

- names that are absolute, contain `..` or NUL, or are empty after normalisation are refused;
- device files, FIFOs and other special members are refused;
- a symbolic link pointing outside the tree is refused; one pointing inside is skipped (as
  upstream: an artifact holds regular files and directories only, and a link we never create
  cannot redirect a later write);
- a hard link is materialised as a copy of a regular file extracted earlier; one naming
  anything else is refused;
- the uncompressed total is bounded (`--artifact-max-size`), counted as bytes are written, so
  a gzip bomb stops at the limit; the member count is bounded too (a million empty files cost
  no bytes but do cost inodes and time).

A refused layer raises `LayerError`; the caller extracts into a scratch directory and deletes
it, so nothing partial is ever archived or served.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tarfile
import zlib
from pathlib import Path
from typing import IO

__all__ = ["DEFAULT_MAX_ENTRIES", "DEFAULT_MAX_SIZE", "LayerError", "extract_layer"]

#: `--artifact-max-size`'s default: 100 MiB uncompressed.
DEFAULT_MAX_SIZE = 100 << 20
#: Members per layer. Charts and manifests hold tens to thousands of files.
DEFAULT_MAX_ENTRIES = 100_000
_CHUNK = 256 * 1024


class LayerError(Exception):
    """The layer cannot be extracted safely; the message names the member and the rule."""


def _member_path(name: str) -> str:
    """The normalised relative path of a member, or LayerError for one that could escape."""
    if "\x00" in name:
        raise LayerError(f"refusing entry {name!r}: the name contains a NUL byte")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":" and name[0].isalpha()):
        raise LayerError(f"refusing entry {name!r}: absolute paths are not allowed")
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts:
        raise LayerError(f"refusing entry {name!r}: '..' path components are not allowed")
    return "/".join(parts)


def _link_inside(member_path: str, target: str) -> bool:
    """Whether a symlink at `member_path` pointing at `target` stays inside the tree."""
    if not target or target.startswith("/") or "\x00" in target:
        return False
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(member_path), target))
    return resolved != ".." and not resolved.startswith("../")


class _Budget:
    """The layer's remaining bytes and members."""

    def __init__(self, max_size: int, max_entries: int) -> None:
        self.max_size = max_size
        self.max_entries = max_entries
        self.size = 0
        self.entries = 0

    def entry(self) -> None:
        self.entries += 1
        if self.entries > self.max_entries:
            raise LayerError(f"the layer has more than {self.max_entries} entries")

    def add(self, n: int) -> None:
        self.size += n
        if self.size > self.max_size:
            raise LayerError(f"the layer's contents exceed the maximum size of {self.max_size} bytes")


def _prepare(dest: Path, rel: str) -> Path:
    """The target of `rel` under `dest`, its parent created; whatever is there is removed first."""
    target = dest / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()
    return target


def _write(source: IO[bytes], target: Path, mode: int, budget: _Budget) -> None:
    # Owner-only bits, exec kept: the archive step sanitises modes anyway.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o700 if mode & 0o111 else 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(_CHUNK):
            budget.add(len(chunk))
            out.write(chunk)


def extract_layer(
    layer: Path,
    dest: Path,
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    max_entries: int = DEFAULT_MAX_ENTRIES,
) -> int:
    """Extract the tar (plain, gzip, bzip2 or xz) at `layer` into the existing directory `dest`.

    Returns the number of bytes written. Blocking: call it through `asyncio.to_thread`.
    """
    budget = _Budget(max_size, max_entries)
    files: dict[str, Path] = {}
    try:
        with open(layer, "rb") as raw, tarfile.open(fileobj=raw, mode="r|*") as tar:
            for member in tar:
                budget.entry()
                rel = _member_path(member.name)
                if not rel:
                    if member.isdir():
                        continue
                    raise LayerError(f"refusing entry {member.name!r}: it names no file")
                if member.isdir():
                    path = dest / rel
                    if path.exists() and not path.is_dir():
                        path.unlink()
                    path.mkdir(parents=True, exist_ok=True)
                elif member.isreg():
                    target = _prepare(dest, rel)
                    source = tar.extractfile(member)
                    assert source is not None  # a regular member always has a body
                    _write(source, target, member.mode, budget)
                    files[rel] = target
                elif member.issym():
                    if not _link_inside(rel, member.linkname):
                        raise LayerError(
                            f"refusing symlink {member.name!r}: its target {member.linkname!r} "
                            "is outside the artifact"
                        )
                elif member.islnk():
                    linked = _member_path(member.linkname)
                    original = files.get(linked)
                    if original is None:
                        raise LayerError(
                            f"refusing hard link {member.name!r}: its target {member.linkname!r} "
                            "is not a file extracted earlier from the layer"
                        )
                    target = _prepare(dest, rel)
                    with open(original, "rb") as source_file:
                        _write(source_file, target, member.mode, budget)
                    files[rel] = target
                else:
                    raise LayerError(
                        f"refusing entry {member.name!r}: device files, FIFOs and other special "
                        "files are not allowed"
                    )
    except LayerError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as e:
        raise LayerError(f"the layer is not a valid tar archive: {e}") from None
    return budget.size
