"""``ImagePolicy.spec`` reduced to what selecting a tag needs, validated once and compiled once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from controllers.policy.errors import PolicyError
from controllers.policy.semver_range import ConstraintError, SemverRange
from controllers.policy.tagfilter import TagFilter

PolicyKind = Literal["semver", "alphabetical", "numerical"]
_KINDS: tuple[PolicyKind, ...] = ("semver", "alphabetical", "numerical")


def _invalid(detail: str) -> PolicyError:
    return PolicyError(f"invalid policy: {detail}", source="policy")


def _order(kind: str, body: Mapping[str, Any]) -> str:
    """Upstream upper-cases ``order`` and accepts "", ASC and DESC (the CRD enum says asc|desc)."""
    raw = body.get("order")
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise _invalid(f"{kind}.order must be a string, got {type(raw).__name__}")
    order = raw.upper()
    if order == "":
        return "ASC"
    if order not in ("ASC", "DESC"):
        raise _invalid(f"invalid order argument provided: '{order}', must be one of: ASC, DESC")
    return order


@dataclass(frozen=True, slots=True)
class PolicySpec:
    """One validated policy: its kind, its range or order, and its compiled tag filter.

    ``filter`` is None when ``.spec.filterTags`` is absent (every tag is a candidate, keyed
    by itself); an empty pattern inside ``filterTags`` matches every tag, as in Go.
    """

    kind: PolicyKind
    semver: SemverRange | None = None
    order: str = "ASC"
    filter: TagFilter | None = None

    @property
    def description(self) -> str:
        """A short human form, e.g. ``semver range '>=1.0.0'`` or ``numerical order asc``."""
        if self.kind == "semver" and self.semver is not None:
            return f"semver range '{self.semver.text}'"
        return f"{self.kind} order {self.order.lower()}"

    @classmethod
    def build(
        cls,
        *,
        semver: str | None = None,
        alphabetical: str | None = None,
        numerical: str | None = None,
        pattern: str | None = None,
        extract: str | None = None,
    ) -> PolicySpec:
        """Build from plain values (the CLI's flags); ``None`` means "not given"."""
        policy: dict[str, Any] = {}
        if semver is not None:
            policy["semver"] = {"range": semver}
        if alphabetical is not None:
            policy["alphabetical"] = {"order": alphabetical}
        if numerical is not None:
            policy["numerical"] = {"order": numerical}
        spec: dict[str, Any] = {"policy": policy}
        if pattern is not None or extract is not None:
            spec["filterTags"] = {"pattern": pattern or "", "extract": extract or ""}
        return cls.from_dict(spec)

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> PolicySpec:
        """Validate an ImagePolicy ``.spec`` (JSON shape); raise PolicyError with upstream's words.

        Exactly one of ``semver``, ``alphabetical``, ``numerical`` must be set. (Upstream
        silently prefers semver, then alphabetical, when several are set; Lookout refuses the
        ambiguity instead of guessing.)
        """
        if not isinstance(spec, Mapping):
            raise _invalid("given ImagePolicyChoice object is invalid")
        choice = spec.get("policy")
        if not isinstance(choice, Mapping):
            raise _invalid("given ImagePolicyChoice object is invalid")
        present = [k for k in _KINDS if choice.get(k) is not None]
        if not present:
            raise _invalid("given ImagePolicyChoice object is invalid")
        if len(present) > 1:
            raise _invalid(
                "given ImagePolicyChoice object is invalid: set exactly one of semver, alphabetical, "
                f"numerical (found {', '.join(present)})"
            )
        kind = present[0]
        body = choice[kind]
        if not isinstance(body, Mapping):
            raise _invalid(f"{kind} must be an object")

        semver: SemverRange | None = None
        order = "ASC"
        if kind == "semver":
            text = body.get("range", "")
            if not isinstance(text, str):
                raise _invalid(f"semver.range must be a string, got {type(text).__name__}")
            try:
                semver = SemverRange.parse(text)
            except ConstraintError as exc:
                raise _invalid(str(exc)) from None
        else:
            order = _order(kind, body)

        tag_filter: TagFilter | None = None
        filter_tags = spec.get("filterTags")
        if filter_tags is not None:
            if not isinstance(filter_tags, Mapping):
                raise PolicyError("failed to filter tags: filterTags must be an object", source="filter")
            pattern = filter_tags.get("pattern") or ""
            extract = filter_tags.get("extract") or ""
            if not isinstance(pattern, str) or not isinstance(extract, str):
                raise PolicyError(
                    "failed to filter tags: filterTags.pattern and filterTags.extract must be strings",
                    source="filter",
                )
            tag_filter = TagFilter.compile(pattern, extract)
        return cls(kind=kind, semver=semver, order=order, filter=tag_filter)
