"""REST semantics of kube-apiserver over the store: create, update, patch, delete, get, list.

Independent of HTTP so the semantics read as one piece; `server.py` maps requests here.
Objects arrive and leave in the served version's shape and are stored in the storage
version's shape (`to_storage` / `render`).
"""

from __future__ import annotations

import base64
import datetime
import json
import random
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from controller_runtime.apimachinery.json_copy import json_copy
from controller_runtime.apimachinery.quantity import QuantityError
from controller_runtime.envtest.apiserver import events as event_conv
from controller_runtime.envtest.apiserver import kinds, machinery, protobuf
from controller_runtime.envtest.apiserver.errors import (
    FieldError,
    StatusError,
    already_exists,
    bad_request,
    conflict,
    forbidden,
    gone,
    invalid,
    not_found,
    stale,
)
from controller_runtime.envtest.apiserver.registry import Registry, ResourceDef, VersionDef
from controller_runtime.envtest.apiserver.store import Event, Obj, Store
from controller_runtime.envtest.apiserver.validation import (
    DNS1035_LABEL,
    DNS_LABEL,
    DNS_SUBDOMAIN,
    NameCheck,
    scale_errors,
    validate_metadata,
)

# The NamespaceLifecycle admission plugin refuses to delete these.
IMMORTAL_NAMESPACES = frozenset({"default", "kube-system", "kube-public"})
# Query key the HTTP layer fills with the User-Agent prefix: kube's default field manager.
DEFAULT_MANAGER_KEY = "\x00defaultFieldManager"


_stamp: tuple[int, str] = (-1, "")


def now() -> str:
    """The current time as kube writes it (whole seconds), formatted once per second: every
    write stamps it, and strftime is a visible part of a write's cost."""
    global _stamp
    moment = datetime.datetime.now(datetime.UTC)
    second = int(moment.timestamp())
    if _stamp[0] != second:
        _stamp = (second, moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return _stamp[1]


#: Built-in resources whose etcd prefix is not their plural (kube's storage registrations).
_ETCD_PREFIXES = {
    ("", "nodes"): "minions",
    ("", "services"): "services/specs",
    ("", "endpoints"): "services/endpoints",
    ("networking.k8s.io", "ingresses"): "ingress",
}


def etcd_key(rdef: ResourceDef, namespace: str | None, name: str) -> str:
    """The key kube-apiserver stores an object under, as its StorageErrors print it."""
    if rdef.builtin and rdef.group != "apiextensions.k8s.io":
        prefix = _ETCD_PREFIXES.get((rdef.group, rdef.plural), rdef.plural)
    else:  # custom resources and CRDs live under their group
        prefix = f"{rdef.group}/{rdef.plural}"
    scope = f"{namespace}/" if rdef.namespaced and namespace else ""
    return f"/registry/{prefix}/{scope}{name}"


@dataclass
class Target:
    """What a request addresses."""

    rdef: ResourceDef
    vdef: VersionDef
    namespace: str | None
    name: str | None = None
    subresource: str | None = None


def _truthy(v: str | None) -> bool:
    return v is not None and v.lower() in ("true", "1")


def dry_run(query: dict[str, str]) -> bool:
    v = query.get("dryRun")
    if v is None:
        return False
    if v != "All":
        raise bad_request(f'Invalid dry run value: "{v}". Valid values: "All"' if v else "")
    return True


class Backend:
    """The server's state and the semantics of every write and read."""

    def __init__(self, store: Store, registry: Registry) -> None:
        self.store = store
        self.registry = registry
        # Called after every stored change of a CRD (registration) and for GC bookkeeping.
        self.after_write: list[Callable[[ResourceDef, Event], None]] = []
        self.managed_fields: Any = None  # optional apimachinery.managed_fields module
        # Per-request state set by the HTTP layer (requests are handled one at a time
        # between awaits, and every write is synchronous).
        self.warnings: list[str] = []

    # --- shapes -------------------------------------------------------------------------
    def render(self, rdef: ResourceDef, version: str, obj: Obj) -> Obj:
        """A stored object as served at `version` (shares structure; never mutate the result)."""
        if rdef.group == "events.k8s.io":
            return event_conv.to_events_v1(obj)
        api_version = rdef.api_version(version)
        if obj.get("apiVersion") == api_version:
            return obj
        out = dict(obj)
        out["apiVersion"] = api_version
        return out

    def to_storage(self, rdef: ResourceDef, obj: Obj) -> Obj:
        if rdef.group == "events.k8s.io":
            return event_conv.to_core(obj)
        obj["apiVersion"] = rdef.api_version(rdef.storage_version)
        obj["kind"] = rdef.kind
        return obj

    def storage_rdef(self, rdef: ResourceDef) -> ResourceDef:
        """The ResourceDef whose shape the storage holds (core events for events.k8s.io)."""
        if rdef.storage_key != rdef.key:
            other = self.registry.get(*rdef.storage_key)
            if other is not None:
                return other
        return rdef

    # --- reads --------------------------------------------------------------------------
    def get(self, t: Target) -> Obj:
        obj = self.store.get(t.rdef.storage_key, t.namespace or "", t.name or "")
        if obj is None:
            raise not_found(t.rdef.plural, t.rdef.group, t.name or "")
        return obj

    def require_namespace(self, ns: str, *, for_create: bool, rdef: ResourceDef, name: str) -> None:
        nsobj = self.store.get(("", "namespaces"), "", ns)
        if nsobj is None:
            raise not_found("namespaces", "", ns)
        if for_create and nsobj["metadata"].get("deletionTimestamp"):
            raise forbidden(
                rdef.plural,
                rdef.group,
                name,
                f"unable to create new content in namespace {ns} because it is being terminated",
            )

    def list_objects(self, t: Target, query: dict[str, str]) -> tuple[list[Obj], dict[str, Any]]:
        """Filtered objects and list metadata (resourceVersion, continue, remainingItemCount)."""
        label_sel = query.get("labelSelector", "")
        field_sel = query.get("fieldSelector", "")
        lmatch = machinery.label_matcher(label_sel)
        fmatch = self.field_matcher(t.rdef, field_sel, t.vdef.name)
        limit = _int_param(query, "limit", 0)
        cont = query.get("continue", "")
        rv_param = query.get("resourceVersion", "")
        rv_match = query.get("resourceVersionMatch", "")
        start_after: tuple[str, str] | None = None
        if cont:
            if rv_param:
                raise bad_request("specifying resource version is not allowed when using continue")
            snap_rv, start_after = _decode_continue(cont)
            try:
                objs = self.store.snapshot(t.rdef.storage_key, t.namespace, snap_rv)
            except StatusError:
                raise gone(
                    "The provided continue parameter is too old to display a consistent list result. "
                    "You can start a new list without the continue parameter, or use the continue token "
                    "in this response to retrieve the remainder of the results. Continuing with the "
                    "provided token results in an inconsistent list - objects that were created, "
                    "modified, or deleted between the time the first chunk was returned and now may "
                    "show up in the list."
                ) from None
            list_rv = snap_rv
        else:
            list_rv = self.store.rv
            if rv_param and rv_param != "0":
                try:
                    want = int(rv_param)
                except ValueError:
                    raise bad_request(f"invalid resource version: {rv_param}") from None
                if rv_match == "Exact":
                    objs = self.store.snapshot(t.rdef.storage_key, t.namespace, want)
                    list_rv = want
                else:
                    objs = self.store.objects(t.rdef.storage_key, t.namespace)
            else:
                if rv_match and not rv_param:
                    raise bad_request("resourceVersionMatch is forbidden unless resourceVersion is provided")
                objs = self.store.objects(t.rdef.storage_key, t.namespace)
        out: list[Obj] = []
        remaining = 0
        last_key: tuple[str, str] | None = None
        more = False
        for o in objs:
            md = o["metadata"]
            k = (md.get("namespace", ""), md["name"])
            if start_after is not None and k <= start_after:
                continue
            if not lmatch(md.get("labels") or {}) or not fmatch(o):
                continue
            if limit and len(out) >= limit:
                more = True
                remaining += 1
                continue
            out.append(o)
            last_key = k
        meta: dict[str, Any] = {"resourceVersion": str(list_rv)}
        if more and last_key is not None:
            meta["continue"] = _encode_continue(list_rv, last_key)
            if not label_sel and not field_sel:
                meta["remainingItemCount"] = remaining
        return out, meta

    def field_matcher(
        self, rdef: ResourceDef, selector: str, version: str | None = None
    ) -> Callable[[Obj], bool]:
        if not selector:
            return lambda _o: True
        version = rdef.storage_version if version is None else version
        vdef = rdef.version(version)
        selectable = vdef.selectable_fields if vdef is not None else None
        fm = machinery.field_matcher(selector, rdef.api_version(version), rdef.kind, selectable)

        def match(o: Obj) -> bool:
            return fm(self.render(rdef, version, o))

        return match

    # --- create -------------------------------------------------------------------------
    def decode_body(self, t: Target, body: Any, *, verb: str) -> Obj:
        """Check the body is an object of the endpoint's kind (400 otherwise)."""
        if not isinstance(body, dict):
            raise bad_request("the body of the request was in an unknown format")
        kind = body.get("kind")
        api_version = body.get("apiVersion")
        if t.rdef.builtin:
            # Typed endpoints default an empty TypeMeta from the URL (custom resources do not).
            kind = body["kind"] = kind or t.rdef.kind
            api_version = body["apiVersion"] = api_version or t.rdef.api_version(t.vdef.name)
        if not kind:
            raise bad_request(f"Object 'Kind' is missing in '{_short_json(body)}'")
        if not api_version:
            raise bad_request(f"Object 'apiVersion' is missing in '{_short_json(body)}'")
        expected = t.rdef.api_version(t.vdef.name)
        if kind != t.rdef.kind:
            raise bad_request(
                f'{t.rdef.kind} in version "{t.vdef.name}" cannot be handled as a {t.rdef.kind}: '
                f"the kind in the data ({kind}) does not match the expected kind ({t.rdef.kind})"
            )
        if api_version != expected:
            raise bad_request(
                f"the API version in the data ({api_version}) does not match the expected API version "
                f"({expected})"
            )
        md = body.get("metadata")
        if md is None:
            body["metadata"] = {}
        elif not isinstance(md, dict):
            raise bad_request(
                f'{t.rdef.kind} in version "{t.vdef.name}" cannot be handled as a {t.rdef.kind}: '
                "json: cannot unmarshal into Go struct field .metadata of type v1.ObjectMeta"
            )
        return body

    def create(self, t: Target, body: Any, query: dict[str, str], *, track: bool = True) -> Obj:
        rdef = t.rdef
        # `body` is the caller's to consume (freshly decoded JSON or a new dict): no copy.
        obj = self.decode_body(t, body, verb="create")
        md = obj["metadata"]
        is_dry = dry_run(query)
        if rdef.crd_name is not None:
            crd = self.store.get(("apiextensions.k8s.io", "customresourcedefinitions"), "", rdef.crd_name)
            if crd is not None and crd["metadata"].get("deletionTimestamp"):
                raise StatusError(
                    405,
                    "MethodNotAllowed",
                    "create not allowed while custom resource definition is terminating",
                )
        if rdef.namespaced:
            ns = md.get("namespace") or t.namespace
            if t.namespace and md.get("namespace") and md["namespace"] != t.namespace:
                raise bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request"
                )
            md["namespace"] = ns
        else:
            md.pop("namespace", None)
        if not md.get("name") and md.get("generateName"):
            gen = md["generateName"]
            if isinstance(gen, str):
                md["name"] = gen + "".join(random.choices(string.ascii_lowercase + string.digits, k=5))
        name = md.get("name") or ""
        if rdef.namespaced and name and isinstance(name, str):
            self.require_namespace(md["namespace"], for_create=True, rdef=rdef, name=name)
        for f in ("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"):
            md.pop(f, None)
        if md.get("resourceVersion"):
            raise bad_request("resourceVersion should not be set on objects to be created")
        md["uid"] = str(uuid.uuid4())
        md["creationTimestamp"] = now()
        obj = self.to_storage(rdef, obj)
        if rdef.status_subresource and not rdef.builtin:
            obj.pop("status", None)
        if rdef.tracks_generation:
            md["generation"] = 1
        else:
            md.pop("generation", None)
        self._prepare_and_validate(t, obj, None, query)
        if track:
            self._track_fields(t, obj, None, query, operation="Update")
        key_ns = md.get("namespace", "")
        existing = self.store.get(rdef.storage_key, key_ns, md["name"])
        if existing is not None:
            err = already_exists(rdef.plural, rdef.group, md["name"])
            if existing["metadata"].get("deletionTimestamp"):
                err.message = "object is being deleted: " + err.message
            raise err
        if is_dry:
            return obj
        self._after(rdef, self.store.put(rdef.storage_key, obj))
        return obj

    def _prepare_and_validate(self, t: Target, obj: Obj, old: Obj | None, query: dict[str, str]) -> None:
        rdef = self.storage_rdef(t.rdef)
        md = obj["metadata"]
        decoded = protobuf.Decoded()
        if rdef.builtin:  # kube decodes into the Go struct before anything else looks at it
            try:
                decoded = protobuf.decode_as_go_struct(rdef.group, rdef.kind, obj)
            except QuantityError as e:
                kind = t.rdef.kind
                raise bad_request(
                    f'{kind} in version "{t.vdef.name}" cannot be handled as a {kind}: {e}'
                ) from None
        errs: list[Any] = list(validate_metadata(md, name_check=_name_check(rdef)))
        if errs:
            raise invalid(t.rdef.kind, t.rdef.group, str(md.get("name") or ""), errs)
        if rdef.builtin:
            if decoded.unknown:
                self._unknown_fields(decoded.unknown, query)
            kinds.prepare(rdef.group, rdef.plural, obj, old)
            errs = list(kinds.validate(rdef.group, rdef.plural, obj, old))
            errs += [FieldError(path, "Invalid value", text, "must be greater than or equal to 0")
                     for path, text in decoded.negative]
            if t.rdef.group == "events.k8s.io" and old is None:  # stored as core/v1, checked as v1
                errs += kinds.validate_events_v1_create(obj)
            if rdef.group == "apiextensions.k8s.io":
                from controller_runtime.envtest.apiserver.crds import prepare_crd, validate_crd

                prepare_crd(obj, old)
                errs += validate_crd(obj, old, self.registry)
        else:
            errs = self._schema_checks(t, obj, query, old)
        if old is not None:
            errs += self._immutable_meta(obj, old)
        if errs:
            raise invalid(t.rdef.kind, t.rdef.group, str(md.get("name") or ""), errs)

    def _schema_checks(self, t: Target, obj: Obj, query: dict[str, str], old: Obj | None) -> list[Any]:
        """Structural schema of the CRD version: prune, default, then validate (as kube does)."""
        schema = t.vdef.schema
        if not schema or not machinery.available("schema"):
            return []
        unknown = machinery.schema_prune(schema, obj)
        if unknown:
            self._unknown_fields(unknown, query)
        machinery.schema_default(schema, obj)
        scale = t.rdef.scale_subresource
        checks = scale_errors(scale, obj, spec=t.subresource != "status") if scale else []
        return machinery.schema_validate(schema, obj, old, checks)

    def _unknown_fields(self, paths: list[str], query: dict[str, str]) -> None:
        """fieldValidation: Strict -> 400, Warn (the default) -> warnings, Ignore -> silently pruned."""
        mode = query.get("fieldValidation") or "Warn"
        if mode == "Strict":
            raise bad_request("strict decoding error: " + ", ".join(f'unknown field "{p}"' for p in paths))
        if mode == "Warn":
            self.warnings.extend(f'unknown field "{p}"' for p in paths)

    def _immutable_meta(self, obj: Obj, old: Obj) -> list[FieldError]:
        errs: list[FieldError] = []
        md, omd = obj["metadata"], old["metadata"]
        if old["metadata"].get("deletionTimestamp"):
            new_f = set(md.get("finalizers") or [])
            old_f = set(omd.get("finalizers") or [])
            added = sorted(new_f - old_f)
            if added:
                errs.append(
                    FieldError(
                        "metadata.finalizers",
                        "Forbidden",
                        has_value=False,
                        detail="no new finalizers can be added if the object is being deleted, found new "
                        "finalizers []string{" + ", ".join(json.dumps(a) for a in added) + "}",
                    )
                )
        return errs

    def _track_fields(
        self, t: Target, obj: Obj, old: Obj | None, query: dict[str, str], *, operation: str
    ) -> None:
        """Record managedFields for non-apply writes when a field manager module is present."""
        mf = self.managed_fields
        if mf is None:
            return
        manager = query.get("fieldManager") or query.get(DEFAULT_MANAGER_KEY) or "unknown"
        try:
            mf.update_managed_fields(
                obj,
                old,
                manager=manager,
                meta=None if t.rdef.builtin else machinery.patch_meta(t.vdef),
                operation=operation,
                api_version=t.rdef.api_version(t.vdef.name),
                subresource=t.subresource or "",
                time=now(),
                ignore=reset_fields(t),
            )
        except Exception:  # bookkeeping must never fail a write
            return

    # --- update -------------------------------------------------------------------------
    def update(
        self,
        t: Target,
        body: Any,
        query: dict[str, str],
        *,
        from_patch: bool = False,
        allow_create: bool = False,
        track: bool = True,
    ) -> tuple[Obj, bool]:
        """PUT semantics; returns (object, created)."""
        rdef = t.rdef
        # `body` is the caller's to consume: freshly decoded JSON or a patch result.
        obj = self.decode_body(t, body, verb="update")
        md = obj["metadata"]
        if md.get("name") and md["name"] != t.name:
            raise bad_request(
                f"the name of the object ({md['name']}) does not match the name on the URL ({t.name})"
            )
        md["name"] = t.name
        if rdef.namespaced:
            if md.get("namespace") and md["namespace"] != t.namespace:
                raise bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request"
                )
            md["namespace"] = t.namespace
        else:
            md.pop("namespace", None)
        is_dry = dry_run(query)
        old = self.store.get(rdef.storage_key, t.namespace or "", t.name or "")
        if old is None:
            if allow_create and t.subresource is None:
                md.pop("resourceVersion", None)
                return self.create(t, obj, query), True
            raise not_found(rdef.plural, rdef.group, t.name or "")
        omd = old["metadata"]
        rv = md.get("resourceVersion")
        if rv:
            if rv != omd.get("resourceVersion"):
                raise stale(rdef.plural, rdef.group, t.name or "")
        elif not from_patch and not rdef.builtin:
            raise invalid(
                rdef.kind,
                rdef.group,
                t.name or "",
                [
                    FieldError(
                        "metadata.resourceVersion", "Invalid value", 0, "must be specified for an update"
                    )
                ],
            )
        if md.get("uid") and md["uid"] != omd.get("uid"):
            # kube's storage layer refuses the write (GuaranteedUpdate's UID precondition)
            raise conflict(
                rdef.plural,
                rdef.group,
                t.name or "",
                f"StorageError: invalid object, Code: 4, Key: {etcd_key(rdef, t.namespace, t.name or '')}, "
                f"ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: "
                f"{md['uid']}, UID in object meta: {omd.get('uid')}",
            )
        obj = self.to_storage(rdef, obj)
        if t.subresource == "status":
            new = _copy_for_status_write(old, replace_managed_fields="managedFields" in md)
            if "status" in obj:
                new["status"] = obj["status"]
            else:
                new.pop("status", None)
            if "managedFields" in md:
                new["metadata"]["managedFields"] = md["managedFields"]
            obj = new
            md = obj["metadata"]
        else:
            if rdef.status_subresource:
                if "status" in old:
                    obj["status"] = json_copy(old["status"])
                else:
                    obj.pop("status", None)
            for f in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"):
                if f in omd:
                    md[f] = omd[f]
                else:
                    md.pop(f, None)
        md["resourceVersion"] = omd.get("resourceVersion")
        if rdef.tracks_generation:
            md["generation"] = omd.get("generation", 1)
        else:
            md.pop("generation", None)
        self._prepare_and_validate(t, obj, old, query)
        # After defaulting, as kube's PrepareForUpdate sees it: a write that drops a defaulted
        # field gets it back, and that is no change of spec.
        if rdef.tracks_generation and _spec_changed(old, obj, with_status=not rdef.status_subresource):
            md["generation"] = omd.get("generation", 1) + 1
        if track:
            self._track_fields(t, obj, old, query, operation="Update")
        if _same(obj, old):
            return old, False
        if is_dry:
            return obj, False
        if (
            md.get("deletionTimestamp")
            and not md.get("finalizers")
            and not (rdef.key == ("", "namespaces") and (obj.get("spec") or {}).get("finalizers"))
        ):
            ev = self.store.remove(rdef.storage_key, obj)
            self._after(rdef, ev)
            return ev.obj, False
        self._after(rdef, self.store.put(rdef.storage_key, obj))
        return obj, False

    # --- delete -------------------------------------------------------------------------
    def delete(self, t: Target, options: dict[str, Any], query: dict[str, str]) -> Obj:
        rdef = t.rdef
        obj = self.store.get(rdef.storage_key, t.namespace or "", t.name or "")
        if obj is None:
            raise not_found(rdef.plural, rdef.group, t.name or "")
        pre = options.get("preconditions") or {}
        if not isinstance(pre, dict):
            raise bad_request("preconditions must be an object")
        md = obj["metadata"]
        # kube's storage.Preconditions.Check; its conflict names the kind, not the resource.
        if pre.get("uid") and pre["uid"] != md.get("uid"):
            raise conflict(
                rdef.kind,
                rdef.group,
                t.name or "",
                f"the UID in the precondition ({pre['uid']}) does not match the UID in record "
                f"({md.get('uid')}). The object might have been deleted and then recreated",
            )
        if pre.get("resourceVersion") and pre["resourceVersion"] != md.get("resourceVersion"):
            raise conflict(
                rdef.kind,
                rdef.group,
                t.name or "",
                f"the ResourceVersion in the precondition ({pre['resourceVersion']}) does not match "
                f"the ResourceVersion in record ({md.get('resourceVersion')}). "
                "The object might have been modified",
            )
        is_dry = dry_run(query) or options.get("dryRun") == ["All"]
        policy = options.get("propagationPolicy") or query.get("propagationPolicy")
        if options.get("orphanDependents") is True or _truthy(query.get("orphanDependents")):
            policy = "Orphan"
        if policy not in (None, "", "Background", "Foreground", "Orphan"):
            raise invalid(
                "DeleteOptions",
                "",
                "",
                [
                    FieldError(
                        "propagationPolicy",
                        "Unsupported value",
                        policy,
                        'supported values: "Foreground", "Background", "Orphan", "nil"',
                    )
                ],
            )
        finalizers = list(md.get("finalizers") or [])
        if policy == "Foreground" and "foregroundDeletion" not in finalizers:
            finalizers.append("foregroundDeletion")
        if policy == "Orphan" and "orphan" not in finalizers:
            finalizers.append("orphan")
        if rdef.group == "" and rdef.plural == "namespaces":
            if t.name in IMMORTAL_NAMESPACES:
                raise forbidden("namespaces", "", t.name or "", "this namespace may not be deleted")
            return self._delete_namespace(t, obj, finalizers, is_dry)
        if rdef.group == "apiextensions.k8s.io" and rdef.plural == "customresourcedefinitions":
            finalizers = list(md.get("finalizers") or []) or ["customresourcecleanup.apiextensions.k8s.io"]
        if finalizers:
            if md.get("deletionTimestamp") and finalizers == list(md.get("finalizers") or []):
                return obj
            new = dict(obj)
            new_md = dict(md)
            new_md["finalizers"] = finalizers
            new_md.setdefault("deletionTimestamp", now())
            new_md.setdefault("deletionGracePeriodSeconds", 0)
            if rdef.tracks_generation:
                new_md["generation"] = md.get("generation", 1) + 1
            new["metadata"] = new_md
            if is_dry:
                return new
            self._after(rdef, self.store.put(rdef.storage_key, new))
            return new
        if is_dry:
            return obj
        ev = self.store.remove(rdef.storage_key, obj)
        self._after(rdef, ev)
        return ev.obj

    def _delete_namespace(self, t: Target, obj: Obj, finalizers: list[str], is_dry: bool) -> Obj:
        md = obj["metadata"]
        if md.get("deletionTimestamp"):
            return obj
        new = json_copy(obj)
        new["metadata"]["deletionTimestamp"] = now()
        new["metadata"]["deletionGracePeriodSeconds"] = 0
        if finalizers:
            new["metadata"]["finalizers"] = finalizers
        new.setdefault("status", {})["phase"] = "Terminating"
        if is_dry:
            return new
        self._after(t.rdef, self.store.put(t.rdef.storage_key, new))
        return new

    def remove_now(self, rdef: ResourceDef, obj: Obj) -> None:
        """Remove without finalizer checks (namespace and CRD cleanup, GC)."""
        self._after(rdef, self.store.remove(rdef.storage_key, obj))

    def _after(self, rdef: ResourceDef, ev: Event) -> None:
        for hook in self.after_write:
            hook(rdef, ev)


def _name_check(rdef: ResourceDef) -> NameCheck:
    """Namespaces are DNS labels and Services DNS-1035 labels; other names DNS subdomains."""
    if rdef.group == "" and rdef.plural == "namespaces":
        return DNS_LABEL
    if rdef.group == "" and rdef.plural == "services":
        return DNS1035_LABEL
    return DNS_SUBDOMAIN


def _spec_changed(old: Obj, new: Obj, *, with_status: bool) -> bool:
    """Whether a write changes what bumps metadata.generation (status too without /status)."""
    ignored = (
        {"metadata", "apiVersion", "kind"} if with_status else {"metadata", "status", "apiVersion", "kind"}
    )
    keys = (set(old) | set(new)) - ignored
    return any(old.get(k) != new.get(k) for k in keys)


def _same(a: Obj, b: Obj) -> bool:
    """Equal apart from managedFields timestamps: a no-op write stores nothing (as kube's
    IgnoreManagedFieldsTimestampsTransformer). A write that changes managedFields themselves,
    a client disowning a field or clearing them with ``[{}]``, is a change."""
    if a == b:
        return True
    am, bm = dict(a["metadata"]), dict(b["metadata"])
    af, bf = am.pop("managedFields", None), bm.pop("managedFields", None)
    if am != bm:
        return False
    if {k: v for k, v in a.items() if k != "metadata"} != {k: v for k, v in b.items() if k != "metadata"}:
        return False
    return bool(_untimed(af) == _untimed(bf))


def _untimed(entries: Any) -> Any:
    if not isinstance(entries, list):
        return entries
    return [{k: v for k, v in e.items() if k != "time"} if isinstance(e, dict) else e for e in entries]


def _short_json(body: Any) -> str:
    text = json.dumps(body, separators=(",", ":"))
    return text if len(text) <= 200 else text[:200] + "..."


def _int_param(query: dict[str, str], name: str, default: int) -> int:
    v = query.get(name)
    if v is None or v == "":
        return default
    try:
        n = int(v)
    except ValueError:
        raise bad_request(f"invalid {name}: {v!r} is not an integer") from None
    if n < 0:
        raise bad_request(f"invalid {name}: must be non-negative")
    return n


def _encode_continue(rv: int, key: tuple[str, str]) -> str:
    raw = json.dumps({"v": "meta.k8s.io/v1", "rv": rv, "start": f"{key[0]}/{key[1]}"})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_continue(token: str) -> tuple[int, tuple[str, str]]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        rv = int(data["rv"])
        ns, _, name = str(data["start"]).partition("/")
        if data.get("v") != "meta.k8s.io/v1":
            raise ValueError
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        raise bad_request(
            "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)"
        ) from None
    return rv, (ns, name)


def reset_fields(t: Target) -> list[str]:
    """Top-level fields the write resets, so nobody gains or loses ownership of them (kube's
    GetResetFields): ``status`` on the main resource of a kind with a status subresource,
    ``spec`` on its status subresource."""
    if t.subresource == "status":
        return ["spec"]
    if t.rdef.status_subresource and not t.subresource:
        return ["status"]
    return []


def _copy_for_status_write(old: Obj, *, replace_managed_fields: bool) -> Obj:
    """A deep copy of ``old`` minus what a status write replaces right away (key order kept).

    ``status`` comes from the request and managedFields (when sent) too, so copying them would
    be wasted work on every status write; until replaced they share ``old``'s values, which
    nothing mutates in place.
    """
    new: Obj = {}
    for k, v in old.items():
        if k == "status":
            new[k] = v
        elif k == "metadata" and replace_managed_fields and isinstance(v, dict):
            new[k] = {mk: mv if mk == "managedFields" else json_copy(mv) for mk, mv in v.items()}
        else:
            new[k] = json_copy(v)
    return new
