"""The one error type of the policy package, carrying the condition reason the controller reports."""

from __future__ import annotations

from typing import Literal

#: Upstream marks the ImagePolicy Stalled with this reason when its policy or filter is unusable.
REASON_INVALID_POLICY = "InvalidPolicy"
#: Upstream's Ready=False reason (metav1.StatusFailure) when a valid policy selects no tag.
REASON_FAILURE = "Failure"

ErrorSource = Literal["policy", "filter"]


class PolicyError(ValueError):
    """An ImagePolicy spec that can never select a tag, whatever tags the repository has.

    ``message`` is upstream's exact wording (``invalid policy: ...`` or
    ``failed to filter tags: ...``) so `kubectl describe` reads the same as with Flux;
    ``source`` tells which part of the spec is wrong, because upstream checks the policy
    before reading tags but the filter only after (the controller may keep that order).
    """

    def __init__(self, message: str, *, source: ErrorSource, reason: str = REASON_INVALID_POLICY) -> None:
        super().__init__(message)
        self.message = message
        self.source: ErrorSource = source
        self.reason = reason

    def __str__(self) -> str:
        return self.message
