"""Cross-namespace access to an ImageRepository (fluxcd/pkg/runtime/acl), with upstream's words.

A policy may always use a repository in its own namespace. Another namespace's repository
is usable only when that repository's `.spec.accessFrom.namespaceSelectors` select the
policy's namespace by its labels (an empty `matchLabels` selects every namespace), and
never with `--no-cross-namespace-refs`. The owner of the repository grants access, not
the policy's author: that is what keeps one tenant from reading another's tags.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class AccessDeniedError(Exception):
    """The policy may not use the repository; `str(e)` is upstream's message."""


def blocked_message(namespace: str, name: str) -> str:
    return f"cannot access 'ImageRepository/{namespace}/{name}', cross-namespace references have been blocked"


def missing_acl_message(namespace: str, name: str) -> str:
    return f"access denied: '{namespace}/{name}' can't be accessed due to missing ACL labels on 'accessFrom'"


def mismatch_message(namespace: str, name: str, policy_namespace: str) -> str:
    return (
        f"access denied: '{namespace}/{name}' can't be accessed due to ACL labels mismatch on namespace "
        f"'{policy_namespace}'"
    )


def selectors_match(access_from: Mapping[str, Any] | None, namespace_labels: Mapping[str, str]) -> bool:
    """Whether any namespace selector of `accessFrom` selects a namespace with these labels.

    Selectors are ORed; the `matchLabels` pairs of one selector are ANDed; an empty or
    absent `matchLabels` selects every namespace.
    """
    selectors = (access_from or {}).get("namespaceSelectors") or []
    for selector in selectors:
        if not isinstance(selector, Mapping):
            continue
        wanted = selector.get("matchLabels") or {}
        if not isinstance(wanted, Mapping):
            continue
        if all(namespace_labels.get(str(k)) == str(v) for k, v in wanted.items()):
            return True
    return False


def check_access(
    *,
    policy_namespace: str,
    repo_namespace: str,
    repo_name: str,
    access_from: Mapping[str, Any] | None,
    namespace_labels: Mapping[str, str] | None,
    no_cross_namespace_refs: bool,
) -> None:
    """Raise AccessDeniedError unless a policy in `policy_namespace` may read the repository.

    `namespace_labels` (the policy namespace's labels) is only consulted for a
    cross-namespace reference; callers may pass None when the namespaces are equal.
    """
    if policy_namespace == repo_namespace:
        return
    if no_cross_namespace_refs:
        raise AccessDeniedError(blocked_message(repo_namespace, repo_name))
    if not access_from:
        raise AccessDeniedError(missing_acl_message(repo_namespace, repo_name))
    if not selectors_match(access_from, namespace_labels or {}):
        raise AccessDeniedError(mismatch_message(repo_namespace, repo_name, policy_namespace))
