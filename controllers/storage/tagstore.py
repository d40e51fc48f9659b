"""The tag store: each ImageRepository's scanned tags, kept on disk across restarts.

Upstream keys tags by canonical image name, so tenants in different namespaces share
(and overwrite) each other's scan results; Lookout keys them by object
(`namespace/name`) and deletes them with the object. One SQLite database in WAL mode
holds one row per object (tags newline-joined), so reading one object's tags never
touches another's and a write is a single atomic statement. SQLite blocks, so every
call runs on one dedicated thread that owns the connection.

The revision is FluxStorage's: `sha256:<hex>` of the tags, sorted descending byte-wise
as the scan stores them, each followed by a newline; registry order never changes it.
A database that is missing or corrupt is rebuilt empty (and logged): the controller then
sees `None` for every object and rescans, exactly like upstream after a lost volume. A disk
that refuses writes (full, read-only) is an error of each call, never a reason to rebuild.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

DEFAULT_STORAGE_PATH = "/data"
DB_FILENAME = "tags.db"
LATEST_TAGS_COUNT = 10
_SCHEMA_VERSION = 1
#: Bytes written to a row's tag blob at a time.
_WRITE_CHUNK = 64 << 10

T = TypeVar("T")


def repo_key(namespace: str, name: str) -> str:
    """The store key of an ImageRepository object (names cannot contain '/')."""
    return f"{namespace}/{name}"


def sort_tags(tags: Iterable[str]) -> list[str]:
    """Descending byte-wise order, the order upstream stores and reports tags in.

    UTF-8 preserves code-point order, so comparing the strings themselves gives the byte
    order without encoding every tag into a sort key (a second copy of the whole list).
    """
    return sorted(tags, reverse=True)


def revision_of(sorted_tags: Iterable[str]) -> str:
    """`sha256:<hex>` of each tag plus a newline, in the given (already sorted) order."""
    h = hashlib.sha256()
    for tag in sorted_tags:
        h.update(tag.encode("utf-8"))
        h.update(b"\n")
    return "sha256:" + h.hexdigest()


@dataclass(frozen=True)
class TagSummary:
    """What ImageRepository status needs without loading the full list."""

    revision: str
    count: int
    latest: list[str]


class TagStoreError(Exception):
    """The store could not read or write (disk full, permissions); the message is user-safe."""


class TagStore:
    """Async facade over the SQLite tag database; `await open()` before use, `close()` after."""

    def __init__(self, storage_path: str | os.PathLike[str] = DEFAULT_STORAGE_PATH) -> None:
        self.path = Path(storage_path) / DB_FILENAME
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="lookout-tagstore"
        )
        self._conn: sqlite3.Connection | None = None
        self._inode: tuple[int, int] | None = None

    async def __aenter__(self) -> TagStore:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _run(self, fn: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, fn)

    # ------------------------------------------------------------------ public API

    async def open(self) -> None:
        """Open (creating or rebuilding if needed) the database."""
        await self._run(lambda: self._with_conn(lambda conn: None))

    async def close(self) -> None:
        await self._run(self._close)
        self._executor.shutdown(wait=True)

    async def set_tags(self, key: str, tags: Iterable[str]) -> str:
        """Replace `key`'s tags atomically and return the revision of the stored list.

        Sorting, hashing and writing all happen on the store's thread (100,000 tags would
        stall the event loop), and the newline-joined blob is streamed into the row in
        chunks, so no second serialised copy of the list is ever held in memory.
        """

        source = tags if isinstance(tags, list) else list(tags)  # read again if the file is rebuilt

        def write(conn: sqlite3.Connection) -> str:
            ordered = sort_tags(source)
            size = 0
            for tag in ordered:
                if not tag or "\n" in tag:
                    raise ValueError(f"invalid tag {tag!r}: tags are non-empty and single-line")
                size += len(tag.encode("utf-8")) + 1
            revision = revision_of(ordered)
            latest = json.dumps(ordered[:LATEST_TAGS_COUNT])
            with conn:
                conn.execute(
                    "INSERT INTO tags(key, revision, count, latest, tags, updated) "
                    "VALUES (?,?,?,?,zeroblob(?),?) "
                    "ON CONFLICT(key) DO UPDATE SET revision=excluded.revision, count=excluded.count, "
                    "latest=excluded.latest, tags=excluded.tags, updated=excluded.updated",
                    (key, revision, len(ordered), latest, max(size - 1, 0), time.time()),
                )
                (rowid,) = conn.execute("SELECT rowid FROM tags WHERE key = ?", (key,)).fetchone()
                with conn.blobopen("tags", "tags", rowid) as blob:
                    chunk = bytearray()
                    for i, tag in enumerate(ordered):
                        if i:
                            chunk += b"\n"
                        chunk += tag.encode("utf-8")
                        if len(chunk) >= _WRITE_CHUNK:
                            blob.write(chunk)
                            chunk.clear()
                    if chunk:
                        blob.write(chunk)
            return revision

        return await self._run(lambda: self._with_conn(write))

    async def tags(self, key: str) -> list[str] | None:
        """`key`'s tags (descending), `[]` if it legitimately has none, None if the store lost them."""

        def read(conn: sqlite3.Connection) -> list[str] | None:
            row = conn.execute("SELECT count, tags FROM tags WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            count, blob = row
            return bytes(blob).decode("utf-8").split("\n") if count else []

        return await self._run(lambda: self._with_conn(read))

    async def summary(self, key: str) -> TagSummary | None:
        """Revision, count and the latest tags of `key`, or None if nothing is stored."""

        def read(conn: sqlite3.Connection) -> TagSummary | None:
            row = conn.execute("SELECT revision, count, latest FROM tags WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            return TagSummary(revision=row[0], count=row[1], latest=json.loads(row[2]))

        return await self._run(lambda: self._with_conn(read))

    async def latest_tags(self, key: str, n: int = LATEST_TAGS_COUNT) -> list[str] | None:
        """The first `n` tags in descending order (status.lastScanResult.latestTags)."""
        if n <= LATEST_TAGS_COUNT:
            summary = await self.summary(key)
            return None if summary is None else summary.latest[:n]
        tags = await self.tags(key)
        return None if tags is None else tags[:n]

    async def delete(self, key: str) -> None:
        """Forget `key`'s tags (the object is gone)."""

        def delete(conn: sqlite3.Connection) -> None:
            with conn:
                conn.execute("DELETE FROM tags WHERE key = ?", (key,))

        await self._run(lambda: self._with_conn(delete))

    async def keys(self) -> list[str]:
        """Every stored key, for garbage collection of objects deleted while we were down."""

        def read(conn: sqlite3.Connection) -> list[str]:
            return [r[0] for r in conn.execute("SELECT key FROM tags ORDER BY key")]

        return await self._run(lambda: self._with_conn(read))

    # ------------------------------------------------------------------ worker thread

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level="DEFERRED", check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=5000")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS tags (key TEXT PRIMARY KEY, revision TEXT NOT NULL, "
                "count INTEGER NOT NULL, latest TEXT NOT NULL, tags BLOB NOT NULL, updated REAL NOT NULL)"
            )
            conn.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check[0] if check else 'no result'}")
            conn.commit()
        except BaseException:
            conn.close()
            raise
        return conn

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return st.st_dev, st.st_ino

    def _ensure_open(self) -> sqlite3.Connection:
        if self._conn is not None and self._inode is not None and self._file_identity() == self._inode:
            return self._conn
        if self._conn is not None:
            log.warning("tag database file disappeared; recreating it", extra={"path": str(self.path)})
            self._close()
        try:
            self._conn = self._connect()
        except sqlite3.DatabaseError as e:
            # Only a corrupt file is rebuilt: a full or read-only disk refuses the writes of
            # opening too, and deleting the database then would lose every object's tags.
            if not _is_corruption(e):
                raise
            self._rebuild(e)
            self._conn = self._connect()
        self._inode = self._file_identity()
        return self._conn

    def _rebuild(self, cause: BaseException) -> None:
        log.warning(
            "tag database is unreadable; rebuilding it empty (tags will be rescanned)",
            extra={"path": str(self.path), "error": str(cause)},
        )
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None
                self._inode = None

    def _with_conn(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn` on the connection; on corruption rebuild the file and run it once more."""
        try:
            conn = self._ensure_open()
            return fn(conn)
        except sqlite3.DatabaseError as e:
            if not _is_corruption(e):
                raise TagStoreError(f"tag database error: {e}") from None
            self._close()
            self._rebuild(e)
            try:
                conn = self._ensure_open()
                return fn(conn)
            except sqlite3.Error as e2:
                raise TagStoreError(f"tag database error: {e2}") from None
        except sqlite3.Error as e:
            raise TagStoreError(f"tag database error: {e}") from None
        except OSError as e:
            raise TagStoreError(f"tag database error: {e.strerror or e}: {self.path}") from None


def _is_corruption(e: sqlite3.DatabaseError) -> bool:
    text = str(e).lower()
    return any(
        s in text for s in ("malformed", "not a database", "integrity check", "corrupt", "no such table")
    )
