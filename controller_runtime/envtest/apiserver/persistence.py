"""Optional persistence in `state_dir`: a snapshot plus an append-only journal of changes.

Each change is appended as one JSON line and handed to the OS before the request that made
it is answered, as etcd answers after its WAL write: a process killed abruptly (SIGKILL)
loses nothing it acknowledged. (No fsync: a machine crash may lose the page cache, a torn
last line is ignored on load.) Loading compacts the journal into a new snapshot, keeping
resourceVersions as they were.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from controller_runtime.envtest.apiserver.store import Event, Store


class Journal:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.saved_port: int | None = None
        self._file: Any = None

    @property
    def _snapshot(self) -> Path:
        return self.dir / "snapshot.json"

    @property
    def _log(self) -> Path:
        return self.dir / "journal.jsonl"

    @property
    def _meta(self) -> Path:
        return self.dir / "meta.json"

    def load(self, store: Store) -> None:
        """Rebuild `store` from disk, then compact (blocking: run in a thread)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        rv = 1
        if self._meta.exists():
            try:
                self.saved_port = int(json.loads(self._meta.read_text()).get("port") or 0) or None
            except (ValueError, OSError):
                self.saved_port = None
        if self._snapshot.exists():
            try:
                snap = json.loads(self._snapshot.read_text())
                rv = int(snap.get("rv", 1))
                for entry in snap.get("objects", []):
                    store.restore((entry["key"][0], entry["key"][1]), entry["obj"])
            except (ValueError, KeyError, TypeError, OSError):
                pass
        if self._log.exists():
            with self._log.open("rb") as f:
                for line in f:
                    try:
                        rec = json.loads(line)
                        key = (rec["key"][0], rec["key"][1])
                        obj = rec["obj"]
                        md = obj["metadata"]
                        if rec["op"] == "put":
                            store.restore(key, obj)
                        else:
                            store.drop(key, md.get("namespace", ""), md["name"])
                        rv = max(rv, int(rec["rv"]))
                    except (ValueError, KeyError, TypeError):
                        break  # a torn write ends the usable journal
        store.rv = rv
        store.compacted_rv = rv
        self._compact(store)

    def _compact(self, store: Store) -> None:
        objects = [{"key": list(key), "obj": obj} for key in store.data for obj in store.objects(key, None)]
        tmp = self._snapshot.with_suffix(".tmp")
        tmp.write_text(json.dumps({"rv": store.rv, "objects": objects}, separators=(",", ":")))
        os.replace(tmp, self._snapshot)
        self._log.write_bytes(b"")

    def token(self, fresh: str) -> str:
        """The token saved in the state directory, or `fresh` saved there (mode 0600)."""
        path = self.dir / "token"
        if path.exists():
            saved = path.read_text().strip()
            if saved:
                return saved
        path.touch(mode=0o600)
        path.write_text(fresh)
        return fresh

    def write_meta(self) -> None:
        tmp = self._meta.with_suffix(".tmp")
        tmp.write_text(json.dumps({"port": self.saved_port}))
        os.replace(tmp, self._meta)

    def start(self) -> None:
        self._file = self._log.open("ab")

    def record(self, ev: Event) -> None:
        """Append the change now: the store calls this before the write is answered."""
        op = "del" if ev.type == "DELETED" else "put"
        rec = {"rv": ev.rv, "op": op, "key": list(ev.key), "obj": ev.obj}
        self._file.write(json.dumps(rec, separators=(",", ":")).encode() + b"\n")
        self._file.flush()

    def close(self) -> None:
        """Close the journal (blocking: run in a thread)."""
        if self._file is not None:
            self._file.close()
            self._file = None
