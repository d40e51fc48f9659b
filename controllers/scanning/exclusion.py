"""`.spec.exclusionList`: tags the scan must not store, matched with Go's regexp (RE2) semantics.

Upstream compiles each pattern with Go's `regexp.Compile` and drops a tag when *any*
pattern finds a match anywhere in it (unanchored `MatchString`), so `^.*\\.sig$` drops
cosign signature tags and `1.0.2` drops every tag containing that text. RE2 keeps the
same syntax and the same linear-time guarantee against hostile patterns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import re2

from controllers.policy.tagfilter import go_regexp_error

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False

Matcher = Callable[[str], bool]


class ExclusionError(ValueError):
    """A pattern does not compile; the message is upstream's `failed to compile regex <p>: <why>`."""


def compile_exclusions(patterns: Sequence[str]) -> list[Matcher]:
    """One matcher per pattern, in order; raises ExclusionError on the first bad one."""
    matchers: list[Matcher] = []
    for pattern in patterns:
        try:
            regexp = re2.compile(pattern, _OPTIONS)
        except re2.error as exc:
            raw = exc.args[0] if exc.args else ""
            detail = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            raise ExclusionError(
                f"failed to compile regex {pattern}: {go_regexp_error(pattern, detail)}"
            ) from None
        matchers.append(_matcher(regexp))
    return matchers


def _matcher(regexp: Any) -> Matcher:
    def matches(tag: str) -> bool:
        return regexp.search(tag) is not None

    return matches


def filter_tags(tags: Iterable[str], patterns: Sequence[str]) -> list[str]:
    """The tags no pattern matches, in their original order."""
    matchers = compile_exclusions(patterns)
    if not matchers:
        return list(tags)
    return [t for t in tags if not any(m(t) for m in matchers)]


def exclude_in_place(tags: list[str], patterns: Sequence[str]) -> None:
    """Drop the tags a pattern matches from `tags` itself, keeping the order: a scan of
    100,000 tags then holds one list, not the registry's and a filtered copy."""
    matchers = compile_exclusions(patterns)
    if not matchers:
        return
    kept = 0
    for tag in tags:  # writes only behind the read position, so iterating stays valid
        if not any(m(tag) for m in matchers):
            tags[kept] = tag
            kept += 1
    del tags[kept:]
