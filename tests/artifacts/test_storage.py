"""ArtifactStorage: deterministic archives, atomic writes, verify, links, GC and path safety."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import os
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from controllers.artifacts import storage as storage_mod
from controllers.artifacts.storage import LATEST, Artifact, ArtifactStorage

KIND = "OCIRepository"


def make_tree(root: Path, order: list[str] | None = None) -> Path:
    """A small tree: nested dirs, an executable, and a symlink that must not be archived."""
    files = {
        "b.txt": b"bee\n",
        "a/x.yaml": b"kind: ConfigMap\n",
        "a/sub/deep.txt": b"deep\n",
        "a.txt": b"a dot txt\n",
        "run.sh": b"#!/bin/sh\necho hi\n",
    }
    names = order or list(files)
    root.mkdir(parents=True, exist_ok=True)
    for rel in names:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])
    os.chmod(root / "run.sh", 0o755)
    os.chmod(root / "b.txt", 0o644)
    os.symlink("b.txt", root / "link-to-b")
    return root


def members(path: Path) -> list[tarfile.TarInfo]:
    with tarfile.open(path, "r:gz") as tar:
        return tar.getmembers()


@pytest.fixture
def store(tmp_path: Path) -> ArtifactStorage:
    return ArtifactStorage(tmp_path / "storage", "source-controller.flux-system.svc.cluster.local.")


async def test_archive_is_deterministic_and_sanitized(store: ArtifactStorage, tmp_path: Path) -> None:
    one = make_tree(tmp_path / "one")
    two = make_tree(tmp_path / "two", order=["run.sh", "a.txt", "a/sub/deep.txt", "a/x.yaml", "b.txt"])
    for p in two.rglob("*"):  # different times must not matter
        os.utime(p, (1_000_000, 1_000_000), follow_symlinks=False)
    os.chmod(two / "a.txt", 0o666)  # nor non-exec permission bits

    first = await store.archive(KIND, "default", "podinfo", one, revision="6.1.8@sha256:abc")
    data1 = store.local_path(first).read_bytes()
    await store.remove_all(KIND, "default", "podinfo")
    second = await store.archive(KIND, "default", "podinfo", two, revision="6.1.8@sha256:abc")
    data2 = store.local_path(second).read_bytes()

    assert data1 == data2
    assert first.digest == second.digest
    hexd = hashlib.sha256(data1).hexdigest()
    assert first.digest == f"sha256:{hexd}"
    assert first.size == len(data1)
    assert first.path == f"ocirepository/default/podinfo/{hexd}.tar.gz"
    assert first.url == f"http://source-controller.flux-system.svc.cluster.local./{first.path}"
    assert first.revision == "6.1.8@sha256:abc"

    # gzip header: no file name, zero mtime
    assert data1[3] & 0x08 == 0
    assert data1[4:8] == b"\0\0\0\0"
    assert gzip.decompress(data1)

    ms = members(store.local_path(first))
    assert [m.name for m in ms] == ["a", "a/sub", "a/sub/deep.txt", "a/x.yaml", "a.txt", "b.txt", "run.sh"]
    by_name = {m.name: m for m in ms}
    assert "link-to-b" not in by_name
    for m in ms:
        assert (m.uid, m.gid, m.uname, m.gname, m.mtime) == (0, 0, "", "", 0)
        assert not m.name.startswith(("/", "./"))
    assert by_name["a"].isdir() and by_name["a"].mode == 0o750
    assert by_name["run.sh"].isfile() and by_name["run.sh"].mode == 0o700
    assert by_name["b.txt"].mode == 0o600 and by_name["a.txt"].mode == 0o600
    with tarfile.open(store.local_path(first), "r:gz") as tar:
        f = tar.extractfile("a/sub/deep.txt")
        assert f is not None and f.read() == b"deep\n"

    assert os.stat(store.local_path(first)).st_mode & 0o777 == 0o600
    status = first.to_status()
    assert set(status) == {"path", "url", "revision", "digest", "size", "lastUpdateTime"}
    assert Artifact.from_status(status) == first


async def test_archive_with_metadata_and_filename(store: ArtifactStorage, tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "t")
    art = await store.archive(
        KIND,
        "ns",
        "app",
        tree,
        revision="latest@sha256:0123",
        metadata={"k": "v"},
        filename="sha256:0123.tar.gz",
    )
    assert art.path == "ocirepository/ns/app/sha256:0123.tar.gz"
    assert art.to_status()["metadata"] == {"k": "v"}
    assert art.last_update_time.endswith("Z") and "T" in art.last_update_time
    assert await store.verify(art)
    with pytest.raises(ValueError):
        await store.archive(KIND, "ns", "app", tree, filename=LATEST)


async def test_archive_of_missing_dir_fails_cleanly(store: ArtifactStorage, tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        await store.archive(KIND, "ns", "app", tmp_path / "nope")
    assert os.listdir(store.object_dir(KIND, "ns", "app")) == []


async def test_failed_walk_leaves_nothing(
    store: ArtifactStorage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = make_tree(tmp_path / "t")
    real_walk = storage_mod._walk

    def failing_walk(root: Path, prefix: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
        for i, item in enumerate(real_walk(root, prefix)):
            if i == 3:
                raise OSError("disk went away")
            yield item

    monkeypatch.setattr(storage_mod, "_walk", failing_walk)
    with pytest.raises(OSError, match="disk went away"):
        await store.archive(KIND, "ns", "app", tree)
    obj_dir = store.object_dir(KIND, "ns", "app")
    assert [p for p in os.listdir(obj_dir) if not p.endswith(".lock")] == []


async def test_copy_stores_bytes_as_is(store: ArtifactStorage, tmp_path: Path) -> None:
    blob = tmp_path / "layer.tgz"
    payload = os.urandom(700_000)
    blob.write_bytes(payload)
    art = await store.copy(KIND, "ns", "app", blob, revision="v1@sha256:ff")
    hexd = hashlib.sha256(payload).hexdigest()
    assert art.digest == f"sha256:{hexd}" and art.size == len(payload)
    assert art.path.endswith(f"/{hexd}.tar.gz")
    assert store.local_path(art).read_bytes() == payload


async def test_other_digest_algo(tmp_path: Path) -> None:
    store = ArtifactStorage(tmp_path / "s", "adv:9090", digest_algo="sha512")
    art = await store.archive(KIND, "ns", "app", make_tree(tmp_path / "t"))
    data = store.local_path(art).read_bytes()
    assert art.digest == "sha512:" + hashlib.sha512(data).hexdigest()
    assert await store.verify(art)
    with pytest.raises(ValueError):
        ArtifactStorage(tmp_path / "s", "adv", digest_algo="md6")


async def test_verify_detects_corruption_and_absence(store: ArtifactStorage, tmp_path: Path) -> None:
    art = await store.archive(KIND, "ns", "app", make_tree(tmp_path / "t"))
    assert await store.verify(art)
    assert await store.exists(art)
    path = store.local_path(art)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert not await store.verify(art)
    path.unlink()
    assert not await store.verify(art)
    assert not await store.exists(art)
    assert not await store.verify(Artifact(art.path, art.url, "", "", 0, ""))


async def test_link_latest(store: ArtifactStorage, tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "t")
    first = await store.archive(KIND, "ns", "app", tree)
    url = await store.link_latest(first)
    assert url == "http://source-controller.flux-system.svc.cluster.local./ocirepository/ns/app/latest.tar.gz"
    link = store.object_dir(KIND, "ns", "app") / LATEST
    assert link.is_symlink() and link.resolve() == store.local_path(first).resolve()

    (tree / "new.txt").write_text("new")
    second = await store.archive(KIND, "ns", "app", tree)
    assert second.digest != first.digest
    assert await store.link_latest(second) == url
    assert link.resolve() == store.local_path(second).resolve()
    assert not [p for p in os.listdir(link.parent) if p.endswith(".tmp")]

    store.local_path(second).unlink()
    with pytest.raises(FileNotFoundError):
        await store.link_latest(second)


async def test_refresh_url(store: ArtifactStorage, tmp_path: Path) -> None:
    art = await store.archive(KIND, "ns", "app", make_tree(tmp_path / "t"))
    store.advertised = "new-host:8080"
    refreshed = store.refresh_url(art)
    assert refreshed.url == f"http://new-host:8080/{art.path}"
    assert refreshed.digest == art.digest and refreshed.path == art.path
    store.advertised = "https://files.example.com/"
    assert store.refresh_url(art).url == f"https://files.example.com/{art.path}"


def _files(store: ArtifactStorage) -> set[str]:
    d = store.object_dir(KIND, "ns", "app")
    return {p for p in os.listdir(d) if not p.endswith(".lock") and p != LATEST}


async def _three_artifacts(store: ArtifactStorage, tmp_path: Path) -> list[Artifact]:
    arts = []
    for i in range(3):
        blob = tmp_path / f"blob{i}"
        blob.write_bytes(f"content {i}".encode())
        arts.append(await store.copy(KIND, "ns", "app", blob))
    return arts


async def test_gc_by_ttl(tmp_path: Path) -> None:
    store = ArtifactStorage(tmp_path / "s", "adv", retention_ttl=60, retention_records=10)
    old, older, current = await _three_artifacts(store, tmp_path)
    now = time.time()
    os.utime(store.local_path(old), (now - 120, now - 120))
    os.utime(store.local_path(older), (now - 300, now - 300))
    os.utime(store.local_path(current), (now - 600, now - 600))  # expired but kept: it is current
    await store.link_latest(current)
    deleted = await store.garbage_collect(KIND, "ns", "app", keep=current)
    assert sorted(deleted) == sorted([old.path, older.path])
    assert _files(store) == {Path(current.path).name}
    assert (store.object_dir(KIND, "ns", "app") / LATEST).is_symlink()
    lock_files = [p for p in os.listdir(store.object_dir(KIND, "ns", "app")) if p.endswith(".lock")]
    assert lock_files == [Path(current.path).name + ".lock"]


async def test_gc_by_records(tmp_path: Path) -> None:
    store = ArtifactStorage(tmp_path / "s", "adv", retention_ttl=3600, retention_records=2)
    a, b, c = await _three_artifacts(store, tmp_path)
    now = time.time()
    for i, art in enumerate((a, b, c)):
        os.utime(store.local_path(art), (now - 30 + i, now - 30 + i))
    # newest two kept
    assert await store.garbage_collect(KIND, "ns", "app", keep=c) == [a.path]
    assert _files(store) == {Path(b.path).name, Path(c.path).name}
    # the kept artifact is never deleted, even if it is the oldest
    blob = tmp_path / "blob-new"
    blob.write_bytes(b"newest")
    d = await store.copy(KIND, "ns", "app", blob)
    os.utime(store.local_path(b), (now - 100, now - 100))
    assert await store.garbage_collect(KIND, "ns", "app", keep=b) == [c.path]
    assert _files(store) == {Path(b.path).name, Path(d.path).name}
    # nothing to do
    assert await store.garbage_collect(KIND, "ns", "app", keep=b) == []
    assert await store.garbage_collect(KIND, "ns", "other") == []


async def test_remove_all(store: ArtifactStorage, tmp_path: Path) -> None:
    art = await store.archive(KIND, "ns", "app", make_tree(tmp_path / "t"))
    await store.link_latest(art)
    keep = await store.archive(KIND, "ns", "other", make_tree(tmp_path / "u"))
    assert await store.remove_all(KIND, "ns", "app")
    assert not store.object_dir(KIND, "ns", "app").exists()
    assert store.local_path(keep).is_file()
    assert not await store.remove_all(KIND, "ns", "app")


@pytest.mark.parametrize(
    ("kind", "namespace", "name"),
    [
        (KIND, "..", "app"),
        (KIND, "ns", ".."),
        (KIND, "ns", "a/../../b"),
        (KIND, "/etc", "app"),
        ("..", "ns", "app"),
        (KIND, "", "app"),
        (KIND, "ns", "."),
        (KIND, "ns", "a\\b"),
    ],
)
async def test_path_escapes_refused(
    store: ArtifactStorage, tmp_path: Path, kind: str, namespace: str, name: str
) -> None:
    tree = make_tree(tmp_path / "t")
    with pytest.raises(ValueError):
        await store.archive(kind, namespace, name, tree)
    with pytest.raises(ValueError):
        await store.garbage_collect(kind, namespace, name)
    with pytest.raises(ValueError):
        await store.remove_all(kind, namespace, name)
    assert not store.root.exists()


async def test_artifact_paths_that_escape_are_refused(store: ArtifactStorage) -> None:
    for path in ("ocirepository/ns/../x.tar.gz", "../../etc/passwd", "ocirepository/ns/app/../../x/y"):
        bad = Artifact(path, "", "", "sha256:00", 0, "")
        with pytest.raises(ValueError):
            await store.verify(bad)
        with pytest.raises(ValueError):
            await store.link_latest(bad)


async def test_concurrent_archives_of_one_object_serialize(
    store: ArtifactStorage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trees = [make_tree(tmp_path / f"t{i}") for i in range(4)]
    for i, tree in enumerate(trees):
        (tree / "id.txt").write_text(str(i))
    active = 0
    max_active = 0
    real = storage_mod._write_tar_gz

    def tracking(source: Path, out: storage_mod._HashingWriter) -> None:
        nonlocal active, max_active
        active += 1
        max_active = max(max_active, active)
        try:
            real(source, out)
        finally:
            active -= 1

    monkeypatch.setattr(storage_mod, "_write_tar_gz", tracking)
    arts = await asyncio.gather(*(store.archive(KIND, "ns", "app", t) for t in trees))
    assert max_active == 1
    assert len({a.digest for a in arts}) == 4
    for art in arts:
        assert await store.verify(art)
    # different objects are not serialized against each other (they may overlap; they must not fail)
    others = await asyncio.gather(*(store.archive(KIND, "ns", f"app{i}", t) for i, t in enumerate(trees)))
    assert [await store.verify(a) for a in others] == [True] * 4


def test_to_status_field_names() -> None:
    art = Artifact(
        "k/n/a/f.tar.gz",
        "http://x/k/n/a/f.tar.gz",
        "rev",
        "sha256:aa",
        12,
        "2025-01-01T00:00:00Z",
        {"org.opencontainers.image.source": "https://github.com/x/y"},
    )
    assert art.to_status() == {
        "path": "k/n/a/f.tar.gz",
        "url": "http://x/k/n/a/f.tar.gz",
        "revision": "rev",
        "digest": "sha256:aa",
        "size": 12,
        "lastUpdateTime": "2025-01-01T00:00:00Z",
        "metadata": {"org.opencontainers.image.source": "https://github.com/x/y"},
    }


@pytest.mark.parametrize("level", [1, 6, 9])
def test_threaded_gzip_writes_gzipfiles_exact_bytes(level: int) -> None:
    """The archive's gzip runs deflate on a worker thread; its bytes must be exactly the stdlib
    GzipFile's (no name, mtime 0), however the tar cuts its writes, so digests never change."""
    import gzip
    import hashlib
    import io
    import os
    import random

    from controllers.artifacts.storage import _GzipPipe, _HashingWriter

    rng = random.Random(level)
    pieces = [
        os.urandom(rng.randint(0, 70_000)) if i % 3 == 0 else b"apiVersion: v1\n" * rng.randint(0, 9_000)
        for i in range(60)
    ]
    expected = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=expected, compresslevel=level, mtime=0) as gz:
        for piece in pieces:
            gz.write(piece)
    raw = io.BytesIO()
    pipe = _GzipPipe(_HashingWriter(raw, hashlib.sha256()), level)
    for piece in pieces:
        pipe.write(piece)
    pipe.close()
    assert raw.getvalue() == expected.getvalue()
    assert gzip.decompress(raw.getvalue()) == b"".join(pieces)
