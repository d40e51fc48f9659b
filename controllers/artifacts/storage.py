"""Artifact storage: Flux source-controller's `pkg/artifact/storage` on a local directory.

Artifacts live at `<kind>/<namespace>/<name>/<file>` under the storage root and are served
over plain HTTP (see server.py), so `status.artifact.url` is `http://<advertised>/<path>`.
Archives are deterministic (sorted walk, sanitized headers, gzip without name or mtime) so
equal content yields an equal digest and a reconcile that changes nothing changes no status.
Files appear only by an atomic rename: a consumer never downloads a half-written artifact.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime
import fcntl
import hashlib
import os
import queue
import shutil
import stat
import tarfile
import tempfile
import threading
import time
import weakref
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["LATEST", "Artifact", "ArtifactStorage"]

LATEST = "latest.tar.gz"
"""The symlink to the newest artifact of an object; its URL is reported as `status.url`."""

_LOCK_SUFFIX = ".lock"
_TMP_SUFFIX = ".tmp"
_CHUNK = 256 * 1024
_GZIP_LEVEL = 6  # Go's gzip.DefaultCompression, as upstream uses


@dataclasses.dataclass(frozen=True)
class Artifact:
    """What `status.artifact` reports: where the file is, what it is, and when it was made."""

    path: str
    """Relative to the storage root, `/`-separated: `<kind>/<namespace>/<name>/<file>`."""
    url: str
    revision: str
    digest: str
    """`<algo>:<hex>` of the file's bytes (compressed bytes for archives)."""
    size: int
    last_update_time: str
    """RFC3339, UTC, seconds precision (metav1.Time)."""
    metadata: dict[str, str] = dataclasses.field(default_factory=dict)

    def to_status(self) -> dict[str, Any]:
        """The `status.artifact` object with Flux's field names (metadata only when set)."""
        out: dict[str, Any] = {
            "path": self.path,
            "url": self.url,
            "revision": self.revision,
            "digest": self.digest,
            "lastUpdateTime": self.last_update_time,
            "size": self.size,
        }
        if self.metadata:
            out["metadata"] = dict(self.metadata)
        return out

    @classmethod
    def from_status(cls, status: dict[str, Any]) -> Artifact:
        """Read back a `status.artifact` object, e.g. to verify or GC around it."""
        return cls(
            path=str(status.get("path", "")),
            url=str(status.get("url", "")),
            revision=str(status.get("revision", "")),
            digest=str(status.get("digest", "")),
            size=int(status.get("size") or 0),
            last_update_time=str(status.get("lastUpdateTime", "")),
            metadata={str(k): str(v) for k, v in (status.get("metadata") or {}).items()},
        )


def _now_rfc3339() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_segment(value: str, what: str) -> str:
    """Refuse a path segment that could leave its directory (or name nothing)."""
    if (
        not value
        or value in (".", "..")
        or "/" in value
        or "\\" in value
        or "\x00" in value
        or os.path.isabs(value)
    ):
        raise ValueError(f"invalid {what} {value!r}: must be a single path segment")
    return value


class _HashingWriter:
    """A write-only file object that hashes and counts what passes through to `raw`."""

    def __init__(self, raw: IO[bytes], hasher: Any) -> None:
        self._raw = raw
        self.hasher = hasher
        self.size = 0

    def write(self, data: bytes) -> int:
        self._raw.write(data)
        self.hasher.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self._raw.flush()


def _walk(root: Path, prefix: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Yield (relative path, entry) depth-first, names sorted per directory (Go's filepath.Walk)."""
    with os.scandir(root) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        rel = prefix + entry.name
        yield rel, entry
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), rel + "/")


class _GzipPipe:
    """A gzip writer whose deflate runs on a worker thread, overlapping tarfile's Python work
    (zlib and sha256 release the GIL). Its bytes are exactly `gzip.GzipFile(filename="",
    mtime=0)`'s at the same level: deflate's output depends on the data, not on how it was cut."""

    _BATCH = 1 << 20

    def __init__(self, out: _HashingWriter, level: int) -> None:
        self._out = out
        self._deflate = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, zlib.DEF_MEM_LEVEL, 0)
        self._crc = 0
        self._size = 0
        self._pending = bytearray()
        self._written = 0
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._failure: BaseException | None = None
        xfl = b"\002" if level == 9 else b"\004" if level == 1 else b"\000"
        out.write(b"\037\213\010\000" + b"\000\000\000\000" + xfl + b"\377")
        self._worker = threading.Thread(target=self._run, name="artifact-gzip", daemon=True)
        self._worker.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._failure is not None:
                continue  # drain, so the producer never blocks on a dead consumer
            try:
                self._crc = zlib.crc32(chunk, self._crc)
                self._size += len(chunk)
                self._out.write(self._deflate.compress(chunk))
            except BaseException as e:
                self._failure = e

    def _check(self) -> None:
        if self._failure is not None:
            raise self._failure

    def tell(self) -> int:
        """Uncompressed bytes written so far (tarfile asks where it starts)."""
        return self._written

    def write(self, data: bytes) -> int:
        self._check()
        self._written += len(data)
        self._pending += data
        if len(self._pending) >= self._BATCH:
            self._queue.put(bytes(self._pending))
            self._pending.clear()
        return len(data)

    def close(self) -> None:
        """Flush, wait for the worker, and write the gzip trailer."""
        if self._pending:
            self._queue.put(bytes(self._pending))
            self._pending.clear()
        self._queue.put(None)
        self._worker.join()
        self._check()
        self._out.write(self._deflate.flush())
        self._out.write(self._crc.to_bytes(4, "little") + (self._size & 0xFFFFFFFF).to_bytes(4, "little"))

    def abort(self) -> None:
        """Stop the worker after a failed write; the partial file is discarded by the caller."""
        self._queue.put(None)
        self._worker.join()


def _write_tar_gz(source_dir: Path, out: _HashingWriter) -> None:
    """Write `source_dir` as a sanitized tar.gz: only content and the exec bit reach the bytes."""
    gz = _GzipPipe(out, _GZIP_LEVEL)
    try:
        _write_tar(source_dir, gz)
    except BaseException:
        gz.abort()
        raise
    gz.close()


def _write_tar(source_dir: Path, gz: _GzipPipe) -> None:
    with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT, copybufsize=_CHUNK) as tar:  # type: ignore[call-overload]
        for rel, entry in _walk(source_dir):
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                info = tarfile.TarInfo(rel)
                info.type = tarfile.DIRTYPE
                info.mode = 0o750
                tar.addfile(info)
            elif stat.S_ISREG(st.st_mode):
                with open(entry.path, "rb") as f:
                    fst = os.fstat(f.fileno())
                    info = tarfile.TarInfo(rel)
                    info.size = fst.st_size
                    info.mode = 0o700 if fst.st_mode & stat.S_IXUSR else 0o600
                    tar.addfile(info, f)
            # anything else (symlinks, sockets, devices) is skipped, as upstream does


def _copy_stream(source: Path, out: _HashingWriter) -> None:
    with open(source, "rb") as f:
        while chunk := f.read(_CHUNK):
            out.write(chunk)


def _hash_file(path: Path, algo: str) -> str:
    hasher = hashlib.new(algo)
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive flock on `path` (upstream's lockedfile): serializes writers across processes."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _fsync_dir(path: Path) -> None:
    """Make a rename durable: a crash must not bring back the old name's content."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ArtifactStorage:
    """The storage root: writes, links, verifies and garbage-collects artifacts of objects.

    All methods are coroutines; file work runs in a thread. Writes of one object (archive, copy,
    link, GC, removal) hold a per-object asyncio lock, so two reconciles of the same object cannot
    interleave, and the final rename holds `<file>.lock` against other processes.
    """

    def __init__(
        self,
        root: Path,
        advertised: str,
        retention_ttl: float = 60,
        retention_records: int = 2,
        digest_algo: str = "sha256",
    ) -> None:
        try:
            hashlib.new(digest_algo).hexdigest()
        except (ValueError, TypeError) as e:
            raise ValueError(f"unsupported digest algorithm {digest_algo!r}") from e
        self.root = Path(os.path.abspath(root))
        self.advertised = advertised
        self.retention_ttl = retention_ttl
        self.retention_records = retention_records
        self.digest_algo = digest_algo
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    # paths and URLs

    def _object_rel(self, kind: str, namespace: str, name: str) -> str:
        kind = _check_segment(kind.lower(), "kind")
        return f"{kind}/{_check_segment(namespace, 'namespace')}/{_check_segment(name, 'name')}"

    def object_dir(self, kind: str, namespace: str, name: str) -> Path:
        """The directory holding every artifact of one object (`<root>/<kind>/<ns>/<name>`)."""
        return self.root.joinpath(*self._object_rel(kind, namespace, name).split("/"))

    def _split(self, path: str) -> tuple[str, Path, str]:
        """(object key, object dir, file name) of an artifact path, refusing escapes."""
        parts = path.strip("/").split("/")
        if len(parts) != 4:
            raise ValueError(f"invalid artifact path {path!r}: want <kind>/<namespace>/<name>/<file>")
        kind, namespace, name, filename = parts
        rel = self._object_rel(kind, namespace, name)
        _check_segment(filename, "file name")
        return rel, self.root.joinpath(*rel.split("/")), filename

    def local_path(self, artifact: Artifact) -> Path:
        """The file of an artifact on this machine."""
        _, obj_dir, filename = self._split(artifact.path)
        return obj_dir / filename

    def url_for(self, path: str) -> str:
        """`http://<advertised>/<path>` (or `<advertised>/<path>` when it already has a scheme)."""
        base = self.advertised.rstrip("/")
        if not base.startswith(("http://", "https://")):
            base = f"http://{base}"
        return f"{base}/{path.lstrip('/')}"

    def refresh_url(self, artifact: Artifact) -> Artifact:
        """The artifact with its URL on the current advertised address (--storage-adv-addr may change)."""
        return dataclasses.replace(artifact, url=self.url_for(artifact.path))

    def _lock(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    # writing

    def _check_filename(self, filename: str | None) -> None:
        if filename is None:
            return
        _check_segment(filename, "file name")
        if filename == LATEST or filename.endswith((_LOCK_SUFFIX, _TMP_SUFFIX)):
            raise ValueError(f"invalid artifact file name {filename!r}")

    def _write_sync(self, obj_dir: Path, filename: str | None, produce: Any) -> tuple[str, str, int]:
        """Produce into a temp file, fsync, chmod 0600 and rename: the final name is all or nothing."""
        obj_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(dir=obj_dir, prefix=".", suffix=_TMP_SUFFIX)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as raw:
                out = _HashingWriter(raw, hashlib.new(self.digest_algo))
                produce(out)
                raw.flush()
                os.fsync(raw.fileno())
            hexdigest = out.hasher.hexdigest()
            final = filename or f"{hexdigest}.tar.gz"
            os.chmod(tmp, 0o600)
            with _file_lock(obj_dir / (final + _LOCK_SUFFIX)):
                os.replace(tmp, obj_dir / final)
            _fsync_dir(obj_dir)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
        return final, f"{self.digest_algo}:{hexdigest}", out.size

    async def _store(
        self,
        kind: str,
        namespace: str,
        name: str,
        produce: Any,
        revision: str,
        metadata: dict[str, str] | None,
        filename: str | None,
    ) -> Artifact:
        self._check_filename(filename)
        rel = self._object_rel(kind, namespace, name)
        obj_dir = self.object_dir(kind, namespace, name)
        async with self._lock(rel):
            final, digest, size = await asyncio.to_thread(self._write_sync, obj_dir, filename, produce)
        path = f"{rel}/{final}"
        return Artifact(
            path=path,
            url=self.url_for(path),
            revision=revision,
            digest=digest,
            size=size,
            last_update_time=_now_rfc3339(),
            metadata=dict(metadata or {}),
        )

    async def archive(
        self,
        kind: str,
        namespace: str,
        name: str,
        source_dir: Path,
        *,
        revision: str = "",
        metadata: dict[str, str] | None = None,
        filename: str | None = None,
    ) -> Artifact:
        """Archive `source_dir` deterministically; equal trees give byte-equal files and digests.

        The file is `<digest-hex>.tar.gz` unless `filename` is given (upstream names it after the
        OCI revision's digest, `sha256:<hex>.tar.gz`).
        """
        source = Path(source_dir)

        def produce(out: _HashingWriter) -> None:
            if not source.is_dir():
                raise NotADirectoryError(f"invalid dir path: {source}")
            _write_tar_gz(source, out)

        return await self._store(kind, namespace, name, produce, revision, metadata, filename)

    async def copy(
        self,
        kind: str,
        namespace: str,
        name: str,
        file: Path,
        *,
        revision: str = "",
        metadata: dict[str, str] | None = None,
        filename: str | None = None,
    ) -> Artifact:
        """Store a file (a layer's raw .tgz, `layerSelector.operation: copy`) as-is, same naming."""
        source = Path(file)
        return await self._store(
            kind, namespace, name, lambda out: _copy_stream(source, out), revision, metadata, filename
        )

    async def link_latest(self, artifact: Artifact) -> str:
        """Point `latest.tar.gz` at the artifact (atomic replace); returns the link's URL (`status.url`)."""
        key, obj_dir, filename = self._split(artifact.path)

        def link() -> None:
            if not (obj_dir / filename).is_file():
                raise FileNotFoundError(f"artifact {artifact.path} is not in storage")
            tmp = obj_dir / f".{LATEST}.{os.getpid()}{_TMP_SUFFIX}"
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            os.symlink(filename, tmp)  # relative: the link stays valid if the root moves
            try:
                os.replace(tmp, obj_dir / LATEST)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                raise

        async with self._lock(key):
            await asyncio.to_thread(link)
        return self.url_for(f"{key}/{LATEST}")

    # reading and cleaning

    async def exists(self, artifact: Artifact) -> bool:
        """Whether the artifact's file is in storage (a regular file)."""
        path = self.local_path(artifact)
        return await asyncio.to_thread(path.is_file)

    async def verify(self, artifact: Artifact) -> bool:
        """Whether the file exists and re-hashes (streamed) to `artifact.digest`."""
        algo, sep, expected = artifact.digest.partition(":")
        if not sep or not expected:
            return False
        path = self.local_path(artifact)

        def check() -> bool:
            try:
                if not stat.S_ISREG(os.stat(path).st_mode):
                    return False
                return _hash_file(path, algo) == expected.lower()
            except (OSError, ValueError, TypeError):
                return False

        return await asyncio.to_thread(check)

    def _gc_sync(self, obj_dir: Path, keep: str | None) -> list[str]:
        try:
            with os.scandir(obj_dir) as it:
                entries = list(it)
        except FileNotFoundError:
            return []
        now = time.time()
        files: list[tuple[float, str]] = []
        for entry in entries:
            if entry.name.endswith(_LOCK_SUFFIX) or not entry.is_file(follow_symlinks=False):
                continue  # is_file(follow_symlinks=False) is False for symlinks and dirs
            try:
                files.append((entry.stat(follow_symlinks=False).st_mtime, entry.name))
            except FileNotFoundError:
                continue
        files.sort()  # oldest first
        garbage: list[str] = []
        retained: list[str] = []
        for mtime, fname in files:
            if fname == keep:
                retained.append(fname)
            elif now - mtime > self.retention_ttl:
                garbage.append(fname)
            elif not fname.endswith(_TMP_SUFFIX):  # a young temp file is another writer's, not a record
                retained.append(fname)
        excess = len(retained) - max(self.retention_records, 0)
        for fname in retained:
            if excess <= 0:
                break
            if fname != keep:
                garbage.append(fname)
                excess -= 1
        deleted: list[str] = []
        for fname in garbage:
            with contextlib.suppress(FileNotFoundError):
                (obj_dir / fname).unlink()
                deleted.append(fname)
            with contextlib.suppress(FileNotFoundError):
                (obj_dir / (fname + _LOCK_SUFFIX)).unlink()
        return deleted

    async def garbage_collect(
        self, kind: str, namespace: str, name: str, keep: Artifact | None = None
    ) -> list[str]:
        """Delete old artifacts of an object: past the TTL, then beyond the newest N (never `keep`).

        Returns the deleted artifacts' paths relative to the root.
        """
        key = self._object_rel(kind, namespace, name)
        keep_name: str | None = None
        if keep is not None:
            keep_key, _, keep_name = self._split(keep.path)
            if keep_key != key:
                raise ValueError(f"artifact {keep.path} does not belong to {key}")
        obj_dir = self.object_dir(kind, namespace, name)
        async with self._lock(key):
            deleted = await asyncio.to_thread(self._gc_sync, obj_dir, keep_name)
        return [f"{key}/{fname}" for fname in deleted]

    async def remove_all(self, kind: str, namespace: str, name: str) -> bool:
        """Remove the object's directory and everything in it (on object deletion); True if it existed."""
        key = self._object_rel(kind, namespace, name)
        obj_dir = self.object_dir(kind, namespace, name)

        def remove() -> bool:
            if not obj_dir.is_dir() or obj_dir.is_symlink():
                return False
            shutil.rmtree(obj_dir)
            return True

        async with self._lock(key):
            return await asyncio.to_thread(remove)
