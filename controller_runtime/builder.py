"""Fluent construction of a controller and its watches (controller-runtime pkg/builder).

    new_controller_managed_by(mgr)
        .for_("image.toolkit.fluxcd.io/v1", "ImagePolicy", Or(GenerationChanged(), ReconcileRequested()))
        .watches("image.toolkit.fluxcd.io/v1", "ImageRepository", EnqueueRequestsFromMapFunc(fn))
        .with_options(Options(rate_limiter=flux_rate_limiter()))
        .complete(reconciler)

`for_` watches the reconciled kind itself, `owns` the kinds it creates (routed to the
controlling owner), `watches` anything else with a handler of your choice. Predicates
from `with_event_filter` apply to every Kind watch and run before the watch's own.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace
from typing import Any, Protocol, runtime_checkable

from controller_runtime.controller import Controller, Options
from controller_runtime.handler import EnqueueRequestForObject, EnqueueRequestForOwner, EventHandler
from controller_runtime.predicate import Predicate
from controller_runtime.reconcile import Reconciler
from controller_runtime.source import InformerSource, Kind, Source


@runtime_checkable
class Runnable(Protocol):
    async def start(self) -> None:
        """Run until the task running it is cancelled."""
        ...


@runtime_checkable
class LeaderElectionRunnable(Protocol):
    def need_leader_election(self) -> bool: ...


class Manager(Protocol):
    """What the builder needs of a manager.

    A manager may also expose `controller_options`: an object with any of the `Options`
    fields as defaults for its controllers, plus `group_kind_concurrency` (a dict from
    "Kind.group" to a worker count, taking precedence over max_concurrent_reconciles).
    """

    @property
    def cache(self) -> InformerSource: ...

    def add(self, runnable: Runnable) -> None: ...


class BuilderError(ValueError):
    """The builder was used in a way that cannot produce a working controller."""


@dataclass(frozen=True)
class _Watch:
    api_version: str
    kind: str
    predicates: tuple[Predicate, ...]
    handler: EventHandler | None = None
    match_every_owner: bool = False


def _group(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


# Controller names already used per manager (names label metrics, so they must be unique).
_used_names: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


class Builder:
    """Collects watches and options; `complete()` builds the controller and adds it to the manager."""

    def __init__(self, manager: Manager) -> None:
        if manager is None:
            raise BuilderError("must provide a non-nil Manager")
        self._manager = manager
        self._for: _Watch | None = None
        self._owns: list[_Watch] = []
        self._watches: list[_Watch] = []
        self._raw_sources: list[Source] = []
        self._global_predicates: list[Predicate] = []
        self._options = Options()
        self._name: str | None = None

    def for_(self, api_version: str, kind: str, *predicates: Predicate) -> Builder:
        """Reconcile objects of this kind (enqueues each event's own object). Only once."""
        if self._for is not None:
            raise BuilderError(
                "for_() should only be called once, could not assign multiple objects for reconciliation"
            )
        self._for = _Watch(api_version, kind, predicates)
        return self

    def owns(
        self, api_version: str, kind: str, *predicates: Predicate, match_every_owner: bool = False
    ) -> Builder:
        """Watch objects this controller creates; enqueue their controlling owner of the for_ kind
        (any owner of that kind with `match_every_owner`)."""
        self._owns.append(_Watch(api_version, kind, predicates, match_every_owner=match_every_owner))
        return self

    def watches(self, api_version: str, kind: str, handler: EventHandler, *predicates: Predicate) -> Builder:
        """Watch another kind; `handler` decides which requests its events produce."""
        self._watches.append(_Watch(api_version, kind, predicates, handler=handler))
        return self

    def watches_raw_source(self, source: Source) -> Builder:
        """Add a prepared source as is (global event filters do not apply to it)."""
        self._raw_sources.append(source)
        return self

    def with_event_filter(self, predicate: Predicate) -> Builder:
        """A predicate for every Kind watch, checked before each watch's own predicates."""
        self._global_predicates.append(predicate)
        return self

    def with_options(self, options: Options) -> Builder:
        self._options = options
        return self

    def named(self, name: str) -> Builder:
        """The controller's name (logs, metrics); defaults to the lowercased for_ kind."""
        self._name = name
        return self

    def complete(self, reconciler: Reconciler) -> None:
        """Build the controller and register it with the manager."""
        self.build(reconciler)

    def build(self, reconciler: Reconciler) -> Controller:
        if reconciler is None:
            raise BuilderError("must provide a non-nil Reconciler")
        if self._owns and self._for is None:
            raise BuilderError("owns() can only be used together with for_()")
        if self._for is None and not self._name:
            raise BuilderError("one of for_() or named() must be called")
        if self._for is None and not (self._owns or self._watches or self._raw_sources):
            raise BuilderError(
                "there are no watches configured, controller will never get triggered. Use for_(), owns(), "
                "watches() or watches_raw_source() to set them up"
            )
        name = self._name or (self._for.kind.lower() if self._for else "")
        options = self._options_with_manager_defaults()
        self._claim_name(name, bool(options.skip_name_validation))

        group = _group(self._for.api_version) if self._for else ""
        kind = self._for.kind if self._for else ""
        controller = Controller(name, reconciler, options, group=group, kind=kind)
        for src in self._sources(options):
            controller.watch(src)
        self._manager.add(controller)
        return controller

    # --- internals --------------------------------------------------------------------

    def _options_with_manager_defaults(self) -> Options:
        options = self._options
        defaults = getattr(self._manager, "controller_options", None)
        if not options.max_concurrent_reconciles and self._for is not None and defaults is not None:
            per_kind: dict[str, int] = getattr(defaults, "group_kind_concurrency", None) or {}
            group = _group(self._for.api_version)
            key = f"{self._for.kind}.{group}" if group else self._for.kind
            if per_kind.get(key):
                options = replace(options, max_concurrent_reconciles=per_kind[key])
        return options.or_defaults(defaults)

    def _claim_name(self, name: str, skip: bool) -> None:
        if skip:
            return
        try:
            used = _used_names.setdefault(self._manager, set())
        except TypeError:  # a manager that cannot be weakly referenced: nothing to check against
            return
        if name in used:
            raise BuilderError(
                f"controller with name {name} already exists. Controller names must be unique to avoid "
                "multiple controllers reporting to the same metric"
            )
        used.add(name)

    def _sources(self, options: Options) -> list[Source]:
        cache = self._manager.cache
        global_preds = tuple(self._global_predicates)
        kw: dict[str, Any] = {"clock": options.clock} if options.clock is not None else {}
        sources: list[Source] = []
        if self._for is not None:
            sources.append(
                Kind(
                    cache,
                    self._for.api_version,
                    self._for.kind,
                    EnqueueRequestForObject(),
                    *global_preds,
                    *self._for.predicates,
                    **kw,
                )
            )
            for own in self._owns:
                owner = EnqueueRequestForOwner(
                    self._for.api_version, self._for.kind, only_controller=not own.match_every_owner
                )
                preds = (*global_preds, *own.predicates)
                sources.append(Kind(cache, own.api_version, own.kind, owner, *preds, **kw))
        for w in self._watches:
            assert w.handler is not None
            sources.append(Kind(cache, w.api_version, w.kind, w.handler, *global_preds, *w.predicates, **kw))
        sources.extend(self._raw_sources)
        return sources


def new_controller_managed_by(manager: Manager) -> Builder:
    """Start building a controller that `manager` will run."""
    return Builder(manager)
