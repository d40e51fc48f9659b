"""The tag store: atomic per-object writes, order-independent revisions, isolation, recovery."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from controllers.storage import TagStore, TagStoreError, repo_key, revision_of, sort_tags
from controllers.storage.tagstore import DB_FILENAME

TAGS = ["latest", "6.2.0", "6.1.8", "6.1.10", "6.0.0", "5.9.9-rc.1", "1.0.0", "0.9", "a", "b", "c", "z"]


async def test_revision_is_flux_storage_format_and_order_independent(tmp_path: Path) -> None:
    async with TagStore(tmp_path) as store:
        shuffled = TAGS[:]
        random.Random(7).shuffle(shuffled)
        r1 = await store.set_tags(repo_key("apps", "podinfo"), TAGS)
        r2 = await store.set_tags(repo_key("apps", "other"), shuffled)
    expected = "sha256:" + hashlib.sha256("".join(t + "\n" for t in sort_tags(TAGS)).encode()).hexdigest()
    assert r1 == r2 == expected
    assert revision_of(sort_tags(["b", "a"])) != revision_of(sort_tags(["a", "b", "c"]))


async def test_tags_are_stored_descending_and_latest_are_the_first_ten(tmp_path: Path) -> None:
    async with TagStore(tmp_path) as store:
        key = repo_key("apps", "podinfo")
        await store.set_tags(key, TAGS)
        stored = await store.tags(key)
        assert stored == sorted(TAGS, reverse=True)
        assert await store.latest_tags(key) == sorted(TAGS, reverse=True)[:10]
        summary = await store.summary(key)
        assert summary is not None and summary.count == len(TAGS)
        assert summary.latest[:3] == ["z", "latest", "c"]


async def test_unknown_key_is_none_and_empty_list_is_kept(tmp_path: Path) -> None:
    async with TagStore(tmp_path) as store:
        assert await store.tags("apps/never-scanned") is None
        assert await store.summary("apps/never-scanned") is None
        revision = await store.set_tags("apps/empty", [])
        assert await store.tags("apps/empty") == []
        assert revision == "sha256:" + hashlib.sha256(b"").hexdigest()


async def test_objects_never_share_tags_across_namespaces(tmp_path: Path) -> None:
    async with TagStore(tmp_path) as store:
        await store.set_tags(repo_key("tenant-a", "app"), ["a-secret-tag"])
        await store.set_tags(repo_key("tenant-b", "app"), ["b-tag"])
        assert await store.tags(repo_key("tenant-a", "app")) == ["a-secret-tag"]
        assert await store.tags(repo_key("tenant-b", "app")) == ["b-tag"]
        await store.delete(repo_key("tenant-a", "app"))
        assert await store.tags(repo_key("tenant-a", "app")) is None
        assert await store.tags(repo_key("tenant-b", "app")) == ["b-tag"]
        assert await store.keys() == ["tenant-b/app"]


async def test_survives_restart(tmp_path: Path) -> None:
    async with TagStore(tmp_path) as store:
        revision = await store.set_tags("apps/podinfo", TAGS)
    async with TagStore(tmp_path) as reopened:
        assert await reopened.tags("apps/podinfo") == sorted(TAGS, reverse=True)
        summary = await reopened.summary("apps/podinfo")
        assert summary is not None and summary.revision == revision


async def test_writes_are_atomic_for_concurrent_readers(tmp_path: Path) -> None:
    """A reader sees either the old list or the new one, never a mix."""
    old = [f"old-{i}" for i in range(2000)]
    new = [f"new-{i}" for i in range(3000)]
    async with TagStore(tmp_path) as store:
        await store.set_tags("apps/big", old)
        seen: list[list[str] | None] = []
        stop = threading.Event()

        def read_directly() -> None:
            conn = sqlite3.connect(tmp_path / DB_FILENAME)
            while not stop.is_set():
                row = conn.execute("SELECT tags FROM tags WHERE key='apps/big'").fetchone()
                seen.append(bytes(row[0]).decode().split("\n"))
            conn.close()

        reader = asyncio.create_task(asyncio.to_thread(read_directly))
        for i in range(10):
            await store.set_tags("apps/big", new if i % 2 == 0 else old)
        stop.set()
        await reader
    expected_new, expected_old = sort_tags(new), sort_tags(old)
    assert seen and all(s in (expected_new, expected_old) for s in seen)


async def test_corrupt_database_is_rebuilt_empty(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with TagStore(tmp_path) as store:
        await store.set_tags("apps/podinfo", TAGS)
    (tmp_path / DB_FILENAME).write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (tmp_path / (DB_FILENAME + suffix)).unlink(missing_ok=True)
    with caplog.at_level(logging.WARNING, logger="controllers.storage.tagstore"):
        async with TagStore(tmp_path) as store:
            assert await store.tags("apps/podinfo") is None  # lost: the controller rescans
            await store.set_tags("apps/podinfo", ["1.0"])
            assert await store.tags("apps/podinfo") == ["1.0"]
    assert any("rebuilding" in r.getMessage() for r in caplog.records)


async def test_database_deleted_while_running_is_recreated(tmp_path: Path) -> None:
    async with TagStore(tmp_path) as store:
        await store.set_tags("apps/podinfo", TAGS)
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / (DB_FILENAME + suffix)).unlink(missing_ok=True)
        assert await store.tags("apps/podinfo") is None
        await store.set_tags("apps/podinfo", ["2.0"])
    async with TagStore(tmp_path) as reopened:
        assert await reopened.tags("apps/podinfo") == ["2.0"]


async def test_store_runs_off_the_event_loop(tmp_path: Path) -> None:
    loop_thread = threading.get_ident()
    threads: set[int] = set()
    async with TagStore(tmp_path) as store:
        original = store._ensure_open

        def spy() -> sqlite3.Connection:
            threads.add(threading.get_ident())
            return original()

        store._ensure_open = spy  # type: ignore[method-assign]
        await store.set_tags("a/b", ["1"])
        await store.tags("a/b")
    assert threads and loop_thread not in threads


async def test_invalid_tags_are_refused(tmp_path: Path) -> None:
    async with TagStore(tmp_path) as store:
        with pytest.raises(ValueError):
            await store.set_tags("a/b", ["good", "bad\ntag"])
        assert await store.tags("a/b") is None


async def test_uses_wal_mode(tmp_path: Path) -> None:
    async with TagStore(tmp_path) as store:
        await store.set_tags("a/b", ["1"])
    conn = sqlite3.connect(tmp_path / DB_FILENAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


async def test_unusable_storage_path_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    store = TagStore(blocker / "data")
    with pytest.raises(TagStoreError) as exc:
        await store.open()
    assert "tag database error" in str(exc.value)
    await store.close()


TAG_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=20)


@settings(max_examples=50, deadline=None)
@given(st.lists(TAG_TEXT, max_size=40), st.randoms())
def test_revision_ignores_registry_order(tags: list[str], rnd: random.Random) -> None:
    shuffled = tags[:]
    rnd.shuffle(shuffled)
    assert revision_of(sort_tags(shuffled)) == revision_of(sort_tags(tags))
