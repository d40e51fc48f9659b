"""Hostile OCI layers: every way a tar can try to escape, exhaust or corrupt the extraction."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from controllers.artifacts.extract import LayerError, extract_layer


def layer(tmp_path: Path, build: Callable[[tarfile.TarFile], None], mode: str = "w:gz") -> Path:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tar:  # type: ignore[call-overload]
        build(tar)
    path = tmp_path / "layer"
    path.write_bytes(buf.getvalue())
    return path


def add_file(tar: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    tar.addfile(info, io.BytesIO(data))


def add_special(tar: tarfile.TarFile, name: str, type_: bytes, linkname: str = "") -> None:
    info = tarfile.TarInfo(name)
    info.type = type_
    info.linkname = linkname
    tar.addfile(info)


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under root: file contents, or None for a directory."""
    out: dict[str, bytes | None] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        assert not p.is_symlink(), f"extraction created a symlink: {rel}"
        out[rel] = None if p.is_dir() else p.read_bytes()
    return out


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    d = tmp_path / "out"
    d.mkdir()
    return d


def test_regular_tree(tmp_path: Path, dest: Path) -> None:
    def build(tar: tarfile.TarFile) -> None:
        add_special(tar, "dir", tarfile.DIRTYPE)
        add_file(tar, "dir/a.yaml", b"a\n")
        add_file(tar, "./b/c.yaml", b"c\n", mode=0o755)

    written = extract_layer(layer(tmp_path, build), dest)
    assert written == 4
    assert tree(dest) == {"b": None, "b/c.yaml": b"c\n", "dir": None, "dir/a.yaml": b"a\n"}
    assert os.stat(dest / "b/c.yaml").st_mode & 0o100


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_compressions(tmp_path: Path, dest: Path, mode: str) -> None:
    extract_layer(layer(tmp_path, lambda t: add_file(t, "x", b"x"), mode), dest)
    assert tree(dest) == {"x": b"x"}


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("../evil", "'..' path components"),
        ("a/../../evil", "'..' path components"),
        ("/etc/evil", "absolute paths"),
        ("C:/evil", "absolute paths"),
        ("..\\evil", "'..' path components"),
    ],
)
def test_path_traversal_refused(tmp_path: Path, dest: Path, name: str, rule: str) -> None:
    path = layer(tmp_path, lambda t: add_file(t, name, b"pwned"))
    with pytest.raises(LayerError, match=rule):
        extract_layer(path, dest)
    assert not (tmp_path / "evil").exists()


@pytest.mark.parametrize("target", ["/etc/passwd", "../../outside", "a/../../x"])
def test_symlink_escape_refused(tmp_path: Path, dest: Path, target: str) -> None:
    def build(tar: tarfile.TarFile) -> None:
        add_special(tar, "link", tarfile.SYMTYPE, target)
        add_file(tar, "link/evil", b"pwned")

    with pytest.raises(LayerError, match="refusing symlink 'link'"):
        extract_layer(layer(tmp_path, build), dest)


def test_symlink_inside_is_skipped_and_cannot_redirect_writes(tmp_path: Path, dest: Path) -> None:
    def build(tar: tarfile.TarFile) -> None:
        add_file(tar, "real/file", b"r")
        add_special(tar, "alias", tarfile.SYMTYPE, "real")
        add_file(tar, "alias/new", b"n")  # lands in a real dir named alias, never through a link

    extract_layer(layer(tmp_path, build), dest)
    assert tree(dest) == {"alias": None, "alias/new": b"n", "real": None, "real/file": b"r"}


def test_hard_link_to_earlier_file_is_copied(tmp_path: Path, dest: Path) -> None:
    def build(tar: tarfile.TarFile) -> None:
        add_file(tar, "a", b"content")
        add_special(tar, "b", tarfile.LNKTYPE, "a")

    assert extract_layer(layer(tmp_path, build), dest) == 14
    assert tree(dest) == {"a": b"content", "b": b"content"}
    assert os.stat(dest / "a").st_ino != os.stat(dest / "b").st_ino


@pytest.mark.parametrize("target", ["/etc/passwd", "../outside", "missing"])
def test_hard_link_elsewhere_refused(tmp_path: Path, dest: Path, target: str) -> None:
    path = layer(tmp_path, lambda t: add_special(t, "h", tarfile.LNKTYPE, target))
    with pytest.raises(LayerError, match=r"refusing|\.\.|absolute"):
        extract_layer(path, dest)


@pytest.mark.parametrize("type_", [tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.FIFOTYPE])
def test_special_files_refused(tmp_path: Path, dest: Path, type_: bytes) -> None:
    path = layer(tmp_path, lambda t: add_special(t, "dev", type_))
    with pytest.raises(LayerError, match="device files, FIFOs"):
        extract_layer(path, dest)
    assert tree(dest) == {}


def test_gzip_bomb_stops_at_the_limit(tmp_path: Path, dest: Path) -> None:
    # 64 MiB of zeros in one member compresses to ~64 KiB.
    size = 64 << 20

    class Zeros(io.RawIOBase):
        def __init__(self) -> None:
            self.left = size

        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
            n = min(len(b), self.left)
            b[:n] = bytes(n)
            self.left -= n
            return n

    def build(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo("bomb")
        info.size = size
        tar.addfile(info, io.BufferedReader(Zeros()))

    path = layer(tmp_path, build)
    assert path.stat().st_size < 1 << 20
    with pytest.raises(LayerError, match="exceed the maximum size of 1048576 bytes"):
        extract_layer(path, dest, max_size=1 << 20)
    # At most one chunk past the limit ever reached the disk.
    assert (dest / "bomb").stat().st_size <= (1 << 20) + (256 << 10)


def _empty_file_headers(count: int) -> Iterator[bytes]:
    """ustar headers of empty regular files `f0000000`, `f0000001`, ..., built by hand: a
    template and its checksum adjusted per name, fast enough for a million."""
    template = bytearray(512)
    template[0:8] = b"f0000000"
    template[100:108] = b"0000644\0"
    template[108:116] = b"0000000\0"
    template[116:124] = b"0000000\0"
    template[124:136] = b"00000000000\0"
    template[136:148] = b"00000000000\0"
    template[148:156] = b" " * 8
    template[156:157] = b"0"
    template[257:263] = b"ustar\0"
    template[263:265] = b"00"
    base = sum(template) - 7 * ord("0")
    head, tail = bytes(template[:1]), bytes(template[8:148])
    after = bytes(template[156:])
    for i in range(count):
        digits = b"%07d" % i
        yield head + digits + tail + b"%06o\0 " % (base + sum(digits)) + after


def test_a_million_tiny_entries_refused(tmp_path: Path, dest: Path) -> None:
    path = tmp_path / "layer"
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as gz:
        batch: list[bytes] = []
        for header in _empty_file_headers(1_000_000):
            batch.append(header)
            if len(batch) == 10_000:
                gz.write(b"".join(batch))
                batch.clear()
        gz.write(bytes(1024))
    # The entry limit, not the byte limit, stops it: the members are empty.
    with pytest.raises(LayerError, match="more than 20000 entries"):
        extract_layer(path, dest, max_entries=20_000)
    with tarfile.open(path, "r|gz") as tar:  # the fixture really is a valid tar of many files
        assert sum(1 for _ in zip(range(30_000), tar, strict=False)) == 30_000


def test_truncated_layer_refused(tmp_path: Path, dest: Path) -> None:
    whole = layer(tmp_path, lambda t: add_file(t, "big", os.urandom(200_000))).read_bytes()
    cut = tmp_path / "cut"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(LayerError, match="not a valid tar archive"):
        extract_layer(cut, dest)


def test_not_a_tar_refused(tmp_path: Path, dest: Path) -> None:
    junk = tmp_path / "junk"
    junk.write_bytes(zlib.compress(b"hello") * 10)
    with pytest.raises(LayerError, match="not a valid tar archive"):
        extract_layer(junk, dest)


@pytest.mark.parametrize("compress", ["w", "w:gz"])
def test_the_download_bound_admits_every_layer_within_the_limits(tmp_path: Path, compress: str) -> None:
    """The OCIRepository controller refuses a layer blob larger than `_layer_bound` before
    extracting it; a worst case within the limits (incompressible content, long PAX names,
    unaligned sizes, stored or deflated) must still fit under it."""
    from controllers.ocirepository import _layer_bound

    max_size, max_entries = 64 * 1024, 20
    sizes = [max_size // max_entries - 1] * max_entries  # every member padded by 511 bytes

    def build(tar: tarfile.TarFile) -> None:
        for i, size in enumerate(sizes):
            add_file(tar, f"{'d' * 150}/{i:02d}-{'n' * 120}", os.urandom(size))

    path = layer(tmp_path, build, compress)
    out = tmp_path / "out"
    out.mkdir()
    assert extract_layer(path, out, max_size=max_size, max_entries=max_entries) == sum(sizes)
    assert path.stat().st_size <= _layer_bound(max_size, max_entries)
