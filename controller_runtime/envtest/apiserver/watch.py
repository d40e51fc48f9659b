"""Watch streams: JSON lines of {"type", "object"} over a chunked response.

Semantics follow kube-apiserver's watch cache: no resourceVersion (or "0") starts with
synthetic ADDED events for the current state; an older resourceVersion than the
history keeps yields one ERROR event with a 410 Expired Status; an object that stops
matching the selectors is sent as DELETED and one that starts matching as ADDED.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from aiohttp import web

from controller_runtime.apimachinery.json_codec import dumps
from controller_runtime.envtest.apiserver import machinery, tables
from controller_runtime.envtest.apiserver.backend import Backend, Target
from controller_runtime.envtest.apiserver.errors import StatusError, bad_request
from controller_runtime.envtest.apiserver.store import Event, Obj

CLOSE = "CLOSE"  # sentinel event type: the resource went away or the server stops
_BOOKMARK_DUE = "BOOKMARK-DUE"  # sentinel: a bookmark interval passed
_EXPIRED = "EXPIRED"  # sentinel: the watch's timeoutSeconds passed


class WatchHub:
    """Tracks open watches so stop() and CRD removal can end them."""

    def __init__(self) -> None:
        self.open: set[Any] = set()

    def close_all(self, key: tuple[str, str] | None = None) -> None:
        for w in list(self.open):
            if key is None or w.key == key:
                w.queue.put_nowait(Event(CLOSE, w.key, {"metadata": {}}, None, 0))


async def serve_watch(
    request: web.BaseRequest,
    backend: Backend,
    hub: WatchHub,
    t: Target,
    query: dict[str, str],
    *,
    bookmark_interval: float,
    headers: dict[str, str],
) -> web.StreamResponse:
    rdef, version = t.rdef, t.vdef.name
    lmatch = machinery.label_matcher(query.get("labelSelector", ""))
    fmatch = backend.field_matcher(rdef, query.get("fieldSelector", ""), version)
    if t.name:
        name = t.name
        inner = fmatch

        def fmatch(o: Obj) -> bool:
            return bool(o["metadata"]["name"] == name and inner(o))

    def matches(o: Obj | None) -> bool:
        return o is not None and lmatch(o["metadata"].get("labels") or {}) and fmatch(o)

    timeout = _timeout(query.get("timeoutSeconds"))
    bookmarks = query.get("allowWatchBookmarks", "").lower() in ("true", "1")
    send_initial = query.get("sendInitialEvents", "").lower() in ("true", "1")
    rv_param = query.get("resourceVersion", "")
    store = backend.store

    # Subscribing and reading the backlog happen without an await in between, so no
    # event is lost or seen twice.
    watcher = store.subscribe(rdef.storage_key, t.namespace)
    hub.open.add(watcher)
    initial: list[Obj] = []
    backlog: list[Event] = []
    error: StatusError | None = None
    try:
        if rv_param in ("", "0") or send_initial:
            if rv_param not in ("", "0") and send_initial:
                backlog = store.events_since(rdef.storage_key, t.namespace, int(rv_param))
            initial = [o for o in store.objects(rdef.storage_key, t.namespace) if matches(o)]
        else:
            try:
                since = int(rv_param)
            except ValueError:
                raise bad_request(f"invalid resource version: {rv_param}") from None
            backlog = store.events_since(rdef.storage_key, t.namespace, since)
    except StatusError as e:
        if e.code != 410:
            store.unsubscribe(watcher)
            hub.open.discard(watcher)
            raise
        error = e

    resp = web.StreamResponse(status=200, headers={"Content-Type": "application/json", **headers})
    resp.enable_chunked_encoding()
    await resp.prepare(request)
    cache_key: tuple[str, ...] = (version, rdef.group)

    as_kind = tables.requested_as(request.headers.get("Accept", ""))
    as_table = as_kind == "Table"
    as_partial = as_kind == "PartialObjectMetadata"
    if as_partial:
        cache_key = (version, rdef.group, "partial")
    first_table = [True]

    def encode(etype: str, ev: Event | None, obj: Obj) -> bytes:
        if as_table:
            # `kubectl get -w`: each event carries a one-row Table; headers come with the first.
            table = tables.table(
                backend,
                t,
                [obj],
                {"resourceVersion": obj["metadata"].get("resourceVersion", "")},
                query,
                single=True,
            )
            if not first_table[0]:
                table["columnDefinitions"] = []
            first_table[0] = False
            return dumps({"type": etype, "object": table}) + b"\n"
        if ev is not None and etype == ev.type:
            cached = ev.cache.get(cache_key)
            if cached is None:
                cached = dumps({"type": etype, "object": shape(obj)}) + b"\n"
                ev.cache[cache_key] = cached
            return cached
        return dumps({"type": etype, "object": shape(obj)}) + b"\n"

    def shape(obj: Obj) -> Obj:
        rendered = backend.render(rdef, version, obj)
        return tables.partial(rendered, list_kind=False) if as_partial else rendered

    def bookmark(annotations: dict[str, str] | None = None) -> bytes:
        md: dict[str, Any] = {"resourceVersion": str(store.rv)}
        if annotations:
            md["annotations"] = annotations
        return (
            dumps(
                {
                    "type": "BOOKMARK",
                    "object": {"kind": rdef.kind, "apiVersion": rdef.api_version(version), "metadata": md},
                }
            )
            + b"\n"
        )

    try:
        if error is not None:
            await resp.write(dumps({"type": "ERROR", "object": error.status()}) + b"\n")
            return resp
        for o in initial:
            await resp.write(encode("ADDED", None, o))
        if send_initial and bookmarks:
            await resp.write(bookmark({"k8s.io/initial-events-end": "true"}))
        for ev in backlog:
            line = _filtered(ev, matches, encode)
            if line:
                await resp.write(line)
        # Bookmarks and timeoutSeconds arrive as sentinels in the same queue, from timers armed
        # once per bookmark interval: waiting on a bare get() costs nothing per event, where a
        # get() under a timeout would cost a task and a timer for every event of every watcher.
        loop = asyncio.get_running_loop()

        def tick(kind: str) -> None:
            watcher.queue.put_nowait(Event(kind, watcher.key, {"metadata": {}}, None, 0))

        expiry = loop.call_later(timeout, tick, _EXPIRED) if timeout is not None else None
        ticker = loop.call_later(bookmark_interval, tick, _BOOKMARK_DUE) if bookmarks else None
        bookmark_due = expired = False
        try:
            while True:
                # Let the requests ready in this loop turn publish their events too, then drain
                # the queue and send it in one write: a busy server then costs one TLS record
                # and syscall per batch per watcher instead of one per event.
                batch = [await watcher.queue.get()]
                await asyncio.sleep(0)
                while not watcher.queue.empty() and len(batch) < 500:
                    batch.append(watcher.queue.get_nowait())
                chunks: list[bytes] = []
                closing = False
                for item in batch:
                    if item.type == CLOSE:
                        closing = True
                        break
                    if item.type == _BOOKMARK_DUE:
                        bookmark_due = True
                    elif item.type == _EXPIRED:
                        expired = True
                    else:
                        line = _filtered(item, matches, encode)
                        if line:
                            chunks.append(line)
                # A bookmark promises every event up to its resourceVersion was sent, so it
                # waits until nothing is queued behind it.
                if bookmarks and (bookmark_due or expired) and not closing and watcher.queue.empty():
                    chunks.append(bookmark())
                    bookmark_due = False
                    ticker = loop.call_later(bookmark_interval, tick, _BOOKMARK_DUE)
                if chunks:
                    await resp.write(b"".join(chunks))
                if closing or expired:
                    break
        finally:
            for timer in (expiry, ticker):
                if timer is not None:
                    timer.cancel()
    except ConnectionResetError:
        pass  # the client went away mid-write
    finally:
        store.unsubscribe(watcher)
        hub.open.discard(watcher)
    with contextlib.suppress(ConnectionResetError, RuntimeError):
        await resp.write_eof()
    return resp


def _filtered(
    ev: Event, matches: Callable[[Obj | None], bool], encode: Callable[[str, Event | None, Obj], bytes]
) -> bytes | None:
    if ev.type == "ADDED":
        return encode("ADDED", ev, ev.obj) if matches(ev.obj) else None
    if ev.type == "DELETED":
        return encode("DELETED", ev, ev.obj) if matches(ev.prev or ev.obj) else None
    now_match, was_match = matches(ev.obj), matches(ev.prev)
    if now_match and was_match:
        return encode("MODIFIED", ev, ev.obj)
    if now_match:
        return encode("ADDED", None, ev.obj)
    if was_match and ev.prev is not None:
        # As kube's watch cache: the last state that matched, at the event's resourceVersion.
        last = dict(ev.prev)
        last["metadata"] = dict(ev.prev["metadata"], resourceVersion=str(ev.rv))
        return encode("DELETED", None, last)
    return None


def _timeout(v: str | None) -> float | None:
    if v is None or v == "":
        return None
    try:
        n = int(v)
    except ValueError:
        raise bad_request(f"invalid timeoutSeconds: {v!r}") from None
    return float(n) if n > 0 else None
