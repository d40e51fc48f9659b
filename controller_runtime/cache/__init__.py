"""Informers and the shared cache reconcilers read from (controller-runtime's ``pkg/cache``)."""

from controller_runtime.cache.informer import (
    DEFAULT_RESYNC_PERIOD,
    HandlerRegistration,
    ResourceEventHandler,
    SharedIndexInformer,
)
from controller_runtime.cache.informer_cache import (
    ByObject,
    CacheNotStartedError,
    InformerCache,
    UnknownNamespaceError,
)
from controller_runtime.cache.reflector import Backoff, Reflector
from controller_runtime.cache.store import NAMESPACE_INDEX, Store, object_key

__all__ = [
    "DEFAULT_RESYNC_PERIOD",
    "NAMESPACE_INDEX",
    "Backoff",
    "ByObject",
    "CacheNotStartedError",
    "HandlerRegistration",
    "InformerCache",
    "Reflector",
    "ResourceEventHandler",
    "SharedIndexInformer",
    "Store",
    "UnknownNamespaceError",
    "object_key",
]
