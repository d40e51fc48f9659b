"""Persistent per-object tag storage for ImageRepository scans."""

from controllers.storage.tagstore import (
    DEFAULT_STORAGE_PATH,
    LATEST_TAGS_COUNT,
    TagStore,
    TagStoreError,
    TagSummary,
    repo_key,
    revision_of,
    sort_tags,
)

__all__ = [
    "DEFAULT_STORAGE_PATH",
    "LATEST_TAGS_COUNT",
    "TagStore",
    "TagStoreError",
    "TagSummary",
    "repo_key",
    "revision_of",
    "sort_tags",
]
