"""Async Kubernetes client over HTTP/1.1 (``wire``): config loading, typed errors, CRUD/patch/watch.

Re-exports the everyday names so callers write `from controller_runtime.client import Client`.
"""

from controller_runtime.client import errors
from controller_runtime.client.client import Client, PatchType, WatchEvent
from controller_runtime.client.config import ConfigError, ExecConfig, RestConfig, load_config
from controller_runtime.client.errors import (
    ApiError,
    ignore_not_found,
    is_already_exists,
    is_conflict,
    is_gone,
    is_not_found,
)
from controller_runtime.client.mapper import NoKindMatchError, ResourceMapping

__all__ = [
    "ApiError",
    "Client",
    "ConfigError",
    "ExecConfig",
    "NoKindMatchError",
    "PatchType",
    "ResourceMapping",
    "RestConfig",
    "WatchEvent",
    "errors",
    "ignore_not_found",
    "is_already_exists",
    "is_conflict",
    "is_gone",
    "is_not_found",
    "load_config",
]
