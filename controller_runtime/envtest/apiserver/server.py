"""The aiohttp application: authentication, URL routing, content negotiation.

Paths are parsed by hand (not with aiohttp routes) because Kubernetes paths are
ambiguous without the registry: `/api/v1/namespaces/x/status` is a subresource of
namespace x, `/api/v1/namespaces/x/configmaps` a collection in namespace x.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import ssl
import tempfile
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web
from aiohttp.abc import AbstractStreamWriter
from aiohttp.http_parser import RawRequestMessage
from aiohttp.streams import StreamReader
from aiohttp.web_protocol import RequestHandler

from controller_runtime.apimachinery import json_codec
from controller_runtime.client.config import RestConfig
from controller_runtime.envtest import certs
from controller_runtime.envtest.apiserver import discovery, openapi, patching, protobuf, scale, tables
from controller_runtime.envtest.apiserver.backend import DEFAULT_MANAGER_KEY, Backend, Target, now
from controller_runtime.envtest.apiserver.crds import (
    CLEANUP_FINALIZER,
    established_status,
    resource_from_crd,
)
from controller_runtime.envtest.apiserver.errors import (
    StatusError,
    bad_request,
    method_not_allowed,
    resource_not_found,
    unauthorized,
    unsupported_media_type,
)
from controller_runtime.envtest.apiserver.gc import Collector
from controller_runtime.envtest.apiserver.persistence import Journal
from controller_runtime.envtest.apiserver.registry import Registry, ResourceDef
from controller_runtime.envtest.apiserver.store import Event, Store
from controller_runtime.envtest.apiserver.watch import WatchHub, serve_watch

log = logging.getLogger(__name__)

KUBE_VERSION = {
    "major": "1",
    "minor": "32",
    "gitVersion": "v1.32.0-lookout",
    "gitCommit": "lookout-envtest",
    "gitTreeState": "clean",
    "buildDate": "2026-01-01T00:00:00Z",
    "goVersion": "go1.23",
    "compiler": "gc",
    "platform": "linux/amd64",
}
CRD_KEY = ("apiextensions.k8s.io", "customresourcedefinitions")
MAX_BODY = 16 * 1024 * 1024


class APIServer:
    """An embedded kube-apiserver for tests and local runs (see package docstring)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: bool = True,
        token: str | None = None,
        state_dir: str | Path | None = None,
        history_size: int = 10000,
        bookmark_interval: float = 60.0,
    ) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the embedded API server binds to loopback only")
        self.host = host
        self.port = port
        self.tls = tls
        self._token_given = token is not None
        self.token = token or secrets.token_urlsafe(32)
        self.state_dir = Path(state_dir) if state_dir is not None else None
        self.bookmark_interval = bookmark_interval
        self.store = Store(history_size)
        self.registry = Registry()
        self.backend = Backend(self.store, self.registry)
        self.hub = WatchHub()
        self.collector = Collector(self.backend, self.registry)
        self.backend.after_write.append(self._on_write)
        self._journal: Journal | None = None
        self._runner: web.ServerRunner | None = None
        self._ca: certs.CertPair | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._load_managed_fields()

    # --- public surface ------------------------------------------------------------------
    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def ca_pem(self) -> bytes | None:
        return self._ca.cert_pem if self._ca else None

    @property
    def client_ca(self) -> certs.CertPair | None:
        """The CA whose client certificates the server accepts (TLS mode only)."""
        return self._ca

    def admin_config(self, qps: float = 1000.0, burst: int = 2000) -> RestConfig:
        """A RestConfig for the server's admin token, trusting its CA (after start)."""
        return RestConfig(host=self.url, ca_data=self.ca_pem, token=self.token, qps=qps, burst=burst)

    def admin_client_cert(self, user: str = "admin") -> certs.CertPair:
        """A client certificate in group system:masters, signed by the server's CA."""
        if self._ca is None:
            raise RuntimeError("client certificates need tls=True and a started server")
        return certs.generate_cert(self._ca, user, organizations=("system:masters",), client=True)

    async def start(self) -> None:
        if self.state_dir is not None:
            self._journal = Journal(self.state_dir)
            await asyncio.to_thread(self._journal.load, self.store)
            if not self._token_given:
                # A restarted server keeps its token, so kubeconfigs written for it stay valid.
                self.token = await asyncio.to_thread(self._journal.token, self.token)
            self._reregister_crds()
            self.store.on_event.append(self._journal.record)
            self._journal.start()
            if self.port == 0:
                self.port = self._journal.saved_port or 0
        self._ensure_default_namespaces()
        # As on a fresh kube-apiserver (etcd compacts every 5 minutes, the watch cache falls
        # back to etcd), a watch from any resourceVersion since the start replays history;
        # only what the bounded history (or a restart) lost is 410 Expired.
        # aiohttp's low-level server: every path goes to one handler that routes like
        # kube-apiserver, so an Application's router and middleware chain would be pure cost
        # on every request. handler_cancellation: a watch whose client disconnected is
        # cancelled at once instead of lingering (and filtering events) until its next write fails.
        handler = web.Server(
            self._handle, request_factory=self._make_request, access_log=None, handler_cancellation=True
        )
        runner = self._runner = web.ServerRunner(handler, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        ctx: ssl.SSLContext | None = None
        if self.tls:
            ctx = await asyncio.to_thread(self._ssl_context)
        site = web.TCPSite(runner, self.host, self.port, ssl_context=ctx, reuse_address=True)
        await site.start()
        server = site._server
        if self.port == 0 and server is not None:
            sockets = getattr(server, "sockets", None) or []
            if sockets:
                self.port = sockets[0].getsockname()[1]
        if self._journal is not None:
            self._journal.saved_port = self.port
            await asyncio.to_thread(self._journal.write_meta)
        self.collector.start()

    async def stop(self) -> None:
        self.hub.close_all()
        await self.collector.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._journal is not None:
            self.store.on_event.remove(self._journal.record)  # no write after the close
            await asyncio.to_thread(self._journal.close)
            self._journal = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    async def __aenter__(self) -> APIServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # --- setup ---------------------------------------------------------------------------
    def _load_managed_fields(self) -> None:
        try:
            import importlib

            self.backend.managed_fields = importlib.import_module(
                "controller_runtime.apimachinery.managed_fields"
            )
        except ImportError:
            self.backend.managed_fields = None

    def _ssl_context(self) -> ssl.SSLContext:
        ca = None
        if self.state_dir is not None and (self.state_dir / "ca.crt").exists():
            ca = certs.CertPair(
                (self.state_dir / "ca.crt").read_bytes(), (self.state_dir / "ca.key").read_bytes()
            )
        if ca is None:
            ca = certs.generate_ca("lookout-envtest-ca")
            if self.state_dir is not None:
                ca.write(self.state_dir, "ca")
        self._ca = ca
        serving = certs.generate_cert(ca, "kube-apiserver", hosts=("127.0.0.1", "localhost", "::1"))
        self._tmp = tempfile.TemporaryDirectory(prefix="lookout-apiserver-")
        d = Path(self._tmp.name)
        crt, key = serving.write(d, "serving")
        ca_path = d / "ca.crt"
        ca_path.write_bytes(ca.cert_pem)
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(crt), str(key))
        ctx.load_verify_locations(cafile=str(ca_path))
        ctx.verify_mode = ssl.CERT_OPTIONAL
        return ctx

    def _ensure_default_namespaces(self) -> None:
        for name in ("default", "kube-system", "kube-public", "kube-node-lease"):
            if self.store.get(("", "namespaces"), "", name) is None:
                rdef = self.registry.get("", "namespaces")
                assert rdef is not None
                t = Target(rdef, rdef.versions[0], None)
                self.backend.create(
                    t, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}, {}
                )

    # --- CRD registration ---------------------------------------------------------------
    def _reregister_crds(self) -> None:
        for crd in self.store.objects(CRD_KEY, None):
            with contextlib.suppress(KeyError, TypeError, ValueError):
                self.registry.add(resource_from_crd(crd))

    def _on_write(self, rdef: ResourceDef, ev: Event) -> None:
        if rdef.key == CRD_KEY:
            self._crd_changed(ev)
        elif (
            (rdef.group, rdef.plural) == ("", "namespaces")
            and ev.type != "DELETED"
            and (ev.obj["metadata"].get("deletionTimestamp"))
        ):
            self.collector.enqueue_namespace(ev.obj["metadata"]["name"])
        self.collector.observe(rdef, ev)

    def _crd_changed(self, ev: Event) -> None:
        crd = ev.obj
        if ev.type == "DELETED":
            self._unregister(crd)
            return
        try:
            new_def = resource_from_crd(crd)
        except (KeyError, TypeError, ValueError):
            return
        old_def = self.registry.get(new_def.group, new_def.plural)
        self.registry.add(new_def)
        if old_def is not None and old_def.storage_key != new_def.storage_key:
            self.hub.close_all(old_def.storage_key)
        md = crd["metadata"]
        finalizers = list(md.get("finalizers") or [])
        want_status = established_status(crd, now())
        needs_finalizer = not md.get("deletionTimestamp") and CLEANUP_FINALIZER not in finalizers
        if crd.get("status") != want_status or needs_finalizer:
            new = dict(crd)
            new["status"] = want_status
            if needs_finalizer:
                new["metadata"] = dict(md, finalizers=[*finalizers, CLEANUP_FINALIZER])
            else:
                new["metadata"] = dict(md)
            self.store.put(CRD_KEY, new)
        if md.get("deletionTimestamp"):
            self.collector.enqueue_crd(md["name"])

    def _unregister(self, crd: dict[str, Any]) -> None:
        spec = crd.get("spec") or {}
        key = (spec.get("group", ""), (spec.get("names") or {}).get("plural", ""))
        rdef = self.registry.get(*key)
        if rdef is not None and not rdef.builtin:
            self.registry.remove(key)
            # Leftovers (normally none: the cleanup finalizer waits for them) go with DELETED
            # events, so watchers and the journal see them go.
            for obj in self.store.objects(rdef.storage_key, None):
                self.store.remove(rdef.storage_key, obj)
            self.hub.close_all(rdef.storage_key)

    # --- HTTP ----------------------------------------------------------------------------
    def _authenticated(self, request: web.BaseRequest) -> bool:
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].strip().encode(), self.token.encode()):
            return True
        transport = request.transport
        if transport is not None and self.tls:
            peer = transport.get_extra_info("peercert")
            if peer:
                return True
        return False

    def _make_request(
        self,
        message: RawRequestMessage,
        payload: StreamReader,
        protocol: RequestHandler,
        writer: AbstractStreamWriter,
        task: asyncio.Task[None],
    ) -> web.BaseRequest:
        """Requests that accept bodies up to kube's limit (aiohttp's default is 1 MiB)."""
        return web.BaseRequest(
            message, payload, protocol, writer, task, task.get_loop(), client_max_size=MAX_BODY
        )

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        path = request.path
        try:
            if path in ("/healthz", "/readyz", "/livez") or path.startswith(
                ("/healthz/", "/readyz/", "/livez/")
            ):
                return web.Response(text="ok", content_type="text/plain")
            if path == "/version":
                return _json(KUBE_VERSION)
            if not self._authenticated(request):
                raise unauthorized()
            return await self._dispatch(request)
        except StatusError as e:
            return _status_response(e)
        except (ConnectionResetError, asyncio.CancelledError):
            raise
        except RecursionError:
            return _status_response(bad_request("the object is nested too deeply"))
        except web.HTTPException as e:
            if e.status == 413:
                return _status_response(StatusError(413, "RequestEntityTooLarge", "the request is too large"))
            return _status_response(StatusError(e.status, "BadRequest", e.reason))
        except Exception as e:
            log.exception("internal error serving %s %s", request.method, path)
            return _status_response(
                StatusError(500, "InternalError", f"Internal error occurred: {type(e).__name__}")
            )

    async def _dispatch(self, request: web.BaseRequest) -> web.StreamResponse:
        parts = [p for p in request.path.split("/") if p]
        accept = request.headers.get("Accept", "")
        if not parts:
            return _json(
                {
                    "paths": [
                        "/api",
                        "/api/v1",
                        "/apis",
                        "/healthz",
                        "/livez",
                        "/openapi/v3",
                        "/readyz",
                        "/version",
                    ]
                }
            )
        if parts[0] == "openapi":
            return self._openapi(parts[1:])
        if (
            request.method != "GET"
            and len(parts) <= 3
            and parts[0] in ("api", "apis")
            and ((parts[0] == "api" and len(parts) <= 2) or (parts[0] == "apis" and len(parts) <= 3))
        ):
            raise method_not_allowed()
        if parts == ["api"]:
            agg = discovery.wants_aggregated(accept)
            if agg:
                return _json(
                    discovery.aggregated(self.registry, core=True, version=agg), content_type=_agg_type(agg)
                )
            return _json(discovery.api_versions(f"{self.host}:{self.port}"))
        if parts == ["apis"]:
            agg = discovery.wants_aggregated(accept)
            if agg:
                return _json(
                    discovery.aggregated(self.registry, core=False, version=agg), content_type=_agg_type(agg)
                )
            return _json(discovery.group_list(self.registry))
        if parts[0] == "api":
            group, version, rest = "", parts[1], parts[2:]
        elif parts[0] == "apis":
            if len(parts) == 2:
                g = discovery.group(self.registry, parts[1])
                if g is None:
                    raise resource_not_found()
                return _json(g)
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            raise resource_not_found()
        if not rest:
            rl = discovery.resource_list(self.registry, group, version)
            if rl is None:
                raise resource_not_found()
            return _json(rl)
        return await self._resource(request, group, version, rest)

    def _openapi(self, rest: list[str]) -> web.Response:
        if rest == ["v3"]:
            return _json(openapi.index(self.registry))
        if len(rest) >= 2 and rest[0] == "v3":
            doc = openapi.document(self.registry, "/".join(rest[1:]))
            if doc is not None:
                return _json(doc)
        raise resource_not_found()

    def _parse(self, group: str, version: str, rest: list[str]) -> tuple[Target, bool]:
        watch = False
        if rest[0] == "watch":
            watch = True
            rest = rest[1:]
            if not rest:
                raise resource_not_found()
        namespace: str | None = None
        if (
            rest[0] == "namespaces"
            and group == ""
            and len(rest) >= 3
            and not (len(rest) == 3 and rest[2] in ("status", "finalize"))
        ) or (rest[0] == "namespaces" and group != "" and len(rest) >= 3):
            namespace = rest[1]
            rest = rest[2:]
        if len(rest) > 3:
            raise resource_not_found()
        found = self.registry.lookup(group, version, rest[0])
        if found is None:
            raise resource_not_found()
        rdef, vdef = found
        if namespace is not None and not rdef.namespaced:
            raise resource_not_found()
        name = rest[1] if len(rest) >= 2 else None
        sub = rest[2] if len(rest) == 3 else None
        if sub is not None and not (
            (sub == "status" and rdef.status_subresource)
            or (sub == "scale" and rdef.scale_subresource is not None)
            or (sub == "finalize" and rdef.group == "" and rdef.plural == "namespaces")
        ):
            raise resource_not_found()
        if rdef.namespaced and namespace is None and name is not None:
            raise resource_not_found()
        return Target(rdef, vdef, namespace, name, sub), watch

    async def _resource(
        self, request: web.BaseRequest, group: str, version: str, rest: list[str]
    ) -> web.StreamResponse:
        self.backend.warnings = []
        resp = await self._resource_inner(request, group, version, rest)
        if self.backend.warnings and not resp.prepared:
            for w in self.backend.warnings:
                resp.headers.add("Warning", "299 - " + json.dumps(w))
        self.backend.warnings = []
        return resp

    async def _resource_inner(
        self, request: web.BaseRequest, group: str, version: str, rest: list[str]
    ) -> web.StreamResponse:
        t, watch_path = self._parse(group, version, rest)
        query = {k: v for k, v in request.query.items()}
        method = request.method
        if method in ("POST", "PUT", "PATCH"):
            # kube names an anonymous field manager after the User-Agent up to its first "/".
            agent = request.headers.get("User-Agent", "") or "unknown"
            query[DEFAULT_MANAGER_KEY] = agent.split("/", 1)[0][:128] or "unknown"
            fm = query.get("fieldManager")
            if fm is not None and (len(fm) > 128 or not fm.isprintable()):
                raise bad_request("fieldManager: Invalid value: must be at most 128 printable characters")
            fv = query.get("fieldValidation")
            if fv is not None and fv not in ("", "Ignore", "Warn", "Strict"):
                raise bad_request(
                    f'fieldValidation parameter unsupported: "{fv}". Valid values are Ignore, Warn, Strict'
                )
        headers: dict[str, str] = {}
        if t.vdef.deprecated:
            msg = t.vdef.deprecation_warning or (
                f"{t.rdef.api_version(t.vdef.name)} {t.rdef.kind} is deprecated"
            )
            headers["Warning"] = f'299 - "{msg}"'
        backend = self.backend
        accept = request.headers.get("Accept", "")
        watch = watch_path or query.get("watch", "").lower() in ("true", "1")
        if method == "GET":
            if watch:
                return await serve_watch(
                    request,
                    backend,
                    self.hub,
                    t,
                    query,
                    bookmark_interval=self.bookmark_interval,
                    headers=headers,
                )
            if t.name is None:
                items, meta = backend.list_objects(t, query)
                return self._respond_list(t, items, meta, accept, query, headers)
            obj = backend.get(t)
            if t.subresource == "scale":
                return _json(scale.view(t, obj), headers=headers)
            return self._respond_obj(t, obj, accept, query, headers)
        if watch_path:
            raise method_not_allowed()
        if method == "POST":
            if t.name is not None or (t.rdef.namespaced and t.namespace is None):
                raise method_not_allowed()
            body = await _read_json(request)
            obj = backend.create(t, body, query)
            return self._respond_obj(t, obj, accept, query, headers, status=201)
        if method == "PUT":
            if t.name is None:
                raise method_not_allowed()
            body = await _read_json(request)
            if t.subresource == "scale":
                return _json(scale.write(backend, t, body, query), headers=headers)
            obj, created = backend.update(t, body, query, allow_create=_allows_create_on_update(t.rdef))
            return self._respond_obj(t, obj, accept, query, headers, status=201 if created else 200)
        if method == "PATCH":
            if t.name is None:
                raise method_not_allowed()
            raw = await request.read()
            if t.subresource == "scale":
                patched_scale = patching.patch_document(
                    scale.view(t, backend.get(t)), request.headers.get("Content-Type", ""), raw
                )
                return _json(scale.write(backend, t, patched_scale, query), headers=headers)
            obj, code = patching.patch(backend, t, request.headers.get("Content-Type", ""), raw, query)
            return self._respond_obj(t, obj, accept, query, headers, status=code)
        if method == "DELETE":
            raw = await request.read()
            options: dict[str, Any] = {}
            if raw.strip():
                ctype = request.headers.get("Content-Type", "application/json").split(";")[0].strip().lower()
                decoded = _decode_body(ctype, raw)
                if not isinstance(decoded, dict):
                    raise bad_request("DeleteOptions must be an object")
                options = decoded
            if t.name is None:
                return self._delete_collection(t, options, query, accept, headers)
            if t.subresource is not None:
                raise method_not_allowed()
            obj = backend.delete(t, options, query)
            gone = backend.store.get(t.rdef.storage_key, t.namespace or "", t.name) is None
            if gone and t.rdef.builtin:
                # Built-in stores answer an immediate delete with a Success Status.
                details: dict[str, Any] = {
                    "name": t.name,
                    "kind": t.rdef.plural,
                    "uid": obj["metadata"].get("uid"),
                }
                if t.rdef.group:
                    details["group"] = t.rdef.group
                body = {
                    "kind": "Status",
                    "apiVersion": "v1",
                    "metadata": {},
                    "status": "Success",
                    "details": details,
                }
                return _json(body, headers=headers)
            return self._respond_obj(t, obj, accept, query, headers)
        raise method_not_allowed()

    def _delete_collection(
        self, t: Target, options: dict[str, Any], query: dict[str, str], accept: str, headers: dict[str, str]
    ) -> web.StreamResponse:
        if "deletecollection" not in t.rdef.verbs:
            raise method_not_allowed()
        items, _ = self.backend.list_objects(t, {k: v for k, v in query.items() if k != "limit"})
        deleted: list[dict[str, Any]] = []
        for o in items:
            md = o["metadata"]
            sub = Target(t.rdef, t.vdef, md.get("namespace") or None, md["name"])
            with contextlib.suppress(StatusError):
                deleted.append(self.backend.delete(sub, options, query))
        return self._respond_list(t, deleted, {"resourceVersion": str(self.store.rv)}, accept, query, headers)

    def _respond_obj(
        self,
        t: Target,
        obj: dict[str, Any],
        accept: str,
        query: dict[str, str],
        headers: dict[str, str],
        status: int = 200,
    ) -> web.Response:
        rendered = self.backend.render(t.rdef, t.vdef.name, obj)
        as_kind = tables.requested_as(accept)
        if as_kind == "Table":
            return _json(
                tables.table(
                    self.backend,
                    t,
                    [obj],
                    {"resourceVersion": obj["metadata"].get("resourceVersion", "")},
                    query,
                    single=True,
                ),
                status=status,
                headers=headers,
            )
        if as_kind == "PartialObjectMetadata":
            return _json(tables.partial(rendered, list_kind=False), status=status, headers=headers)
        return web.Response(
            body=json_codec.dumps(rendered), status=status, content_type="application/json", headers=headers
        )

    def _respond_list(
        self,
        t: Target,
        items: list[dict[str, Any]],
        meta: dict[str, Any],
        accept: str,
        query: dict[str, str],
        headers: dict[str, str],
    ) -> web.Response:
        as_kind = tables.requested_as(accept)
        if as_kind == "Table":
            return _json(tables.table(self.backend, t, items, meta, query, single=False), headers=headers)
        version = t.vdef.name
        rendered = [self.backend.render(t.rdef, version, o) for o in items]
        if as_kind == "PartialObjectMetadata":
            return _json(
                {
                    "kind": "PartialObjectMetadataList",
                    "apiVersion": "meta.k8s.io/v1",
                    "metadata": meta,
                    "items": [tables.partial(o, list_kind=True) for o in rendered],
                },
                headers=headers,
            )
        body = {
            "kind": t.rdef.list_kind,
            "apiVersion": t.rdef.api_version(version),
            "metadata": meta,
            "items": rendered,
        }
        return web.Response(body=json_codec.dumps(body), content_type="application/json", headers=headers)


def _allows_create_on_update(rdef: ResourceDef) -> bool:
    """kube lets PUT create objects of these kinds (AllowCreateOnUpdate)."""
    return (rdef.group, rdef.plural) in {
        ("", "events"),
        ("events.k8s.io", "events"),
        ("coordination.k8s.io", "leases"),
        ("", "services"),
        ("", "endpoints"),
    } or rdef.group == "rbac.authorization.k8s.io"


def _agg_type(version: str) -> str:
    return discovery.AGGREGATED_V2 if version == "v2" else discovery.AGGREGATED_V2BETA1


def _json(
    obj: Any, status: int = 200, content_type: str = "application/json", headers: dict[str, str] | None = None
) -> web.Response:
    resp = web.Response(body=json_codec.dumps(obj), status=status, headers=headers)
    resp.headers["Content-Type"] = content_type
    return resp


def _status_response(e: StatusError) -> web.Response:
    return _json(e.status(), status=e.code)


async def _read_json(request: web.BaseRequest) -> Any:
    ctype = request.headers.get("Content-Type", "application/json").split(";")[0].strip().lower()
    raw = await request.read()
    return _decode_body(ctype, raw)


def _decode_body(ctype: str, raw: bytes) -> Any:
    """JSON, YAML or Kubernetes protobuf (what kubectl's typed commands send)."""
    if ctype == protobuf.CONTENT_TYPE:
        try:
            return protobuf.decode(raw)
        except (protobuf.ProtobufError, UnicodeDecodeError) as e:
            raise bad_request(f"error decoding protobuf body: {e}") from None
    if ctype in ("application/yaml", "application/x-yaml"):
        try:
            return yaml.safe_load(raw)
        except yaml.YAMLError as e:
            raise bad_request(f"error decoding YAML: {e}") from None
    if ctype not in ("application/json", "", "*/*"):
        raise unsupported_media_type(ctype, ["application/json", "application/yaml", protobuf.CONTENT_TYPE])
    try:
        return json_codec.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        raise bad_request(f"error decoding request body: {e}") from None
