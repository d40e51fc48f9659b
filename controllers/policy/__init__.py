"""ImagePolicy's pure logic: which tag is the latest, under upstream Flux's exact rules.

    from controllers.policy import PolicySpec, evaluate, PolicyError
    spec = PolicySpec.from_dict(imagepolicy["spec"])   # raises PolicyError (reason InvalidPolicy)
    result = evaluate(spec, tags)
    result.latest_tag, result.considered, result.matched
    result.reason, result.upstream_message, result.message   # when nothing was chosen (Ready=False)
    result.explain()                                   # per-tag verdicts, computed on demand
"""

from controllers.policy.errors import REASON_FAILURE, REASON_INVALID_POLICY, PolicyError
from controllers.policy.evaluate import MSG_EMPTY, MSG_NO_SEMVER, EvaluationResult, TagVerdict, evaluate
from controllers.policy.spec import PolicySpec

__all__ = [
    "MSG_EMPTY",
    "MSG_NO_SEMVER",
    "REASON_FAILURE",
    "REASON_INVALID_POLICY",
    "EvaluationResult",
    "PolicyError",
    "PolicySpec",
    "TagVerdict",
    "evaluate",
]
