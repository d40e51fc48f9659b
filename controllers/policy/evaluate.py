"""Choosing the latest tag: filter, extract, apply the policy, map the winner back to its tag.

``evaluate`` is the hot path (a repository may hold 100,000 tags) and computes only what the
controller needs; ``EvaluationResult.explain()`` re-walks the tags to say, for each one, why it
won, lost or was rejected, and is only paid for when someone asks (the CLI's ``--explain``).

Ordering rules are upstream's: semver keeps the first-seen tag among equal versions (so
``v1.0.0`` and ``1.0.0`` tie and build metadata never breaks a tie), numerical lets a later
equal value win, alphabetical compares bytes. Upstream iterates a Go map when a filter is
set, which makes those ties random there; here the order is the order tags were given in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from controllers.policy.errors import REASON_FAILURE
from controllers.policy.gofloat import parse_go_float
from controllers.policy.semver_version import VersionKey, parse_tag, why_not_semver
from controllers.policy.spec import PolicySpec

#: Upstream's messages, word for word (the ImagePolicy Ready=False message when nothing is chosen).
MSG_EMPTY = "version list argument cannot be empty"
MSG_NO_SEMVER = "unable to determine latest version from provided list"


def msg_not_numeric(value: str) -> str:
    return f"failed to parse invalid numeric value '{value}'"


Outcome = Literal["selected", "lost", "rejected", "filtered", "replaced", "failed"]


@dataclass(frozen=True, slots=True)
class TagVerdict:
    """What happened to one tag: ``key`` is the value the policy compared (None if filtered out)."""

    tag: str
    matched: bool
    key: str | None
    outcome: Outcome
    reason: str


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """The outcome of one evaluation.

    ``latest_tag`` is None when nothing was chosen; then ``upstream_message`` is Flux's exact
    error text and ``message`` Lookout's fuller one (counts of tags considered and filtered),
    so the controller can pick. ``considered`` counts the tags given, ``matched`` those that
    passed the filter (all of them when there is no filter).
    """

    spec: PolicySpec
    tags: Sequence[str] = field(repr=False)
    latest_tag: str | None
    latest_key: str | None
    considered: int
    matched: int
    upstream_message: str | None
    message: str

    @property
    def ok(self) -> bool:
        return self.latest_tag is not None

    @property
    def reason(self) -> str | None:
        """The Ready=False reason upstream reports when nothing was chosen (None on success)."""
        return None if self.ok else REASON_FAILURE

    def explain(self) -> list[TagVerdict]:
        """Per-tag verdicts in input order (computed now, not during ``evaluate``)."""
        return _explain(self)


def _filter_note(spec: PolicySpec, considered: int, matched: int) -> str:
    if spec.filter is None:
        return f"{considered} tag{'' if considered == 1 else 's'}, no filter"
    note = f"{matched} of {considered} tags passed the filter pattern '{spec.filter.pattern}'"
    if spec.filter.extract:
        note += f", compared by extract '{spec.filter.extract}'"
    return note


def evaluate(spec: PolicySpec, tags: Sequence[str]) -> EvaluationResult:
    """Select the latest tag of ``tags`` under ``spec`` (never raises for any tag list)."""
    considered = len(tags)
    tag_filter = spec.filter
    mapping: dict[str, str] | None = None
    keys: Sequence[str]
    if tag_filter is None:
        keys = tags
        matched = considered
    elif not tag_filter.extract:
        match = tag_filter.matcher
        keys = [t for t in tags if match(t.encode("utf-8", "surrogatepass")) is not None]
        matched = len(keys)
    else:
        mapping = {}
        key_of = tag_filter.key
        matched = 0
        for tag in tags:
            key = key_of(tag)
            if key is not None:
                matched += 1
                mapping[key] = tag
        keys = list(mapping)

    def done(key: str | None, upstream: str | None, message: str) -> EvaluationResult:
        tag = None if key is None else (mapping[key] if mapping is not None else key)
        return EvaluationResult(spec, tags, tag, key, considered, matched, upstream, message)

    note = _filter_note(spec, considered, matched)
    if not keys:
        if tag_filter is None:
            return done(None, MSG_EMPTY, "no tag matched: there are no tags")
        return done(None, MSG_EMPTY, f"no tag matched: {note}")

    if spec.kind == "semver":
        best = _latest_semver(spec, keys)
        if best is None:
            return done(None, MSG_NO_SEMVER, _semver_failure(spec, keys, note))
    elif spec.kind == "alphabetical":
        best = max(keys) if spec.order == "ASC" else min(keys)
    else:
        best, bad = _latest_numerical(spec.order, keys)
        if best is None:
            assert bad is not None
            origin = f" (tag '{mapping[bad]}')" if mapping is not None else ""
            return done(
                None,
                msg_not_numeric(bad),
                f"numerical policy failed: '{bad}'{origin} is not a number, so filter the tags down to "
                f"numbers; {note}",
            )
    chosen = mapping[best] if mapping is not None else best
    return done(best, None, f"selected '{chosen}' by {spec.description}; {note}")


def _latest_semver(spec: PolicySpec, keys: Sequence[str]) -> str | None:
    assert spec.semver is not None
    check = spec.semver.check
    best_v: VersionKey | None = None
    best: str | None = None
    parse = parse_tag
    for key in keys:
        v = parse(key)
        if v is None:
            continue
        if (best_v is None or v > best_v) and check(v):
            best_v, best = v, key
    return best


def _latest_numerical(order: str, keys: Sequence[str]) -> tuple[str | None, str | None]:
    """Upstream's loop: every value must parse; a later equal value wins. Returns (best, bad)."""
    latest: str | None = None
    pv = 0.0
    asc = order == "ASC"
    for i, key in enumerate(keys):
        cv = parse_go_float(key)
        if cv is None:
            return None, key
        if i != 0 and ((asc and cv < pv) or (not asc and cv > pv)):
            continue
        latest, pv = key, cv
    return latest, None


def _semver_failure(spec: PolicySpec, keys: Sequence[str], note: str) -> str:
    assert spec.semver is not None
    rng = spec.semver
    versions = [v for v in map(parse_tag, keys) if v is not None]
    if not versions:
        return f"no tag matched: none is a semver version MAJOR.MINOR.PATCH; {note}"
    excluded = sum(1 for v in versions if rng.verdict(v) == "prerelease")
    text = f"no tag matched: {len(versions)} semver versions, none within range '{rng.text}'"
    if excluded:
        text += (
            f", {excluded} of them prereleases the range excludes (a range admits prereleases only "
            "if it names one, e.g. '>=1.0.0-0')"
        )
    return f"{text}; {note}"


def _explain(result: EvaluationResult) -> list[TagVerdict]:
    spec = result.spec
    tag_filter = spec.filter
    keys: dict[str, str] = {}
    for tag in result.tags:
        key = tag if tag_filter is None else tag_filter.key(tag)
        if key is not None:
            keys[key] = tag
    winner = result.latest_tag
    winner_v = parse_tag(result.latest_key) if spec.kind == "semver" and result.latest_key else None
    out: list[TagVerdict] = []
    for tag in result.tags:
        key = tag if tag_filter is None else tag_filter.key(tag)
        if key is None:
            assert tag_filter is not None
            reason = f"pattern '{tag_filter.pattern}' does not match"
            out.append(TagVerdict(tag, False, None, "filtered", reason))
            continue
        if keys[key] != tag:
            out.append(
                TagVerdict(
                    tag, True, key, "replaced",
                    f"'{key}' is also extracted from the later tag '{keys[key]}', which replaces this one",
                )
            )
            continue
        out.append(_verdict(result, tag, key, winner, winner_v))
    return out


def _verdict(
    result: EvaluationResult, tag: str, key: str, winner: str | None, winner_v: VersionKey | None
) -> TagVerdict:
    spec = result.spec
    if winner is not None and tag == winner and key == result.latest_key:
        return TagVerdict(tag, True, key, "selected", f"highest by {spec.description}")
    if spec.kind == "semver":
        assert spec.semver is not None
        v = parse_tag(key)
        if v is None:
            return TagVerdict(tag, True, key, "rejected", why_not_semver(key))
        verdict = spec.semver.verdict(v)
        if verdict == "prerelease":
            return TagVerdict(
                tag, True, key, "rejected",
                f"prerelease excluded: range '{spec.semver.text}' names no prerelease",
            )
        if verdict == "range":
            return TagVerdict(tag, True, key, "rejected", f"outside range '{spec.semver.text}'")
        if winner_v is not None and v == winner_v:
            return TagVerdict(tag, True, key, "lost", f"lost to '{winner}' (same version, seen first)")
        return TagVerdict(tag, True, key, "lost", f"lost to '{winner}'")
    if spec.kind == "numerical" and parse_go_float(key) is None:
        return TagVerdict(tag, True, key, "rejected", "not a number (fails the whole numerical policy)")
    if winner is None:
        return TagVerdict(tag, True, key, "failed", "no tag chosen: the policy failed")
    return TagVerdict(tag, True, key, "lost", f"lost to '{winner}'")
