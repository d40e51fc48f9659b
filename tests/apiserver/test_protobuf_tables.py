"""The protobuf field tables hold what the server needs to decode and nothing more."""

from __future__ import annotations

from controller_runtime.envtest.apiserver.protobuf_types import MESSAGES, ROOTS
from controller_runtime.envtest.apiserver.registry import builtin_resources

DELETE_OPTIONS = ("meta.k8s.io", "DeleteOptions")


def _references(message: str) -> list[str]:
    out = []
    for _name, kind, _repeated in MESSAGES[message].values():
        for prefix in ("m:", "inline:", "map:m:"):
            if kind.startswith(prefix):
                out.append(kind[len(prefix) :])
    return out


def test_every_root_is_a_served_kind() -> None:
    served = {(r.group, r.kind) for r in builtin_resources()}
    assert set(ROOTS) - {DELETE_OPTIONS} <= served


def test_every_message_is_reachable_from_a_root_and_every_reference_resolves() -> None:
    seen: set[str] = set()
    stack = list(ROOTS.values())
    while stack:
        message = stack.pop()
        assert message in MESSAGES, f"{message} is referenced but has no table"
        if message not in seen:
            seen.add(message)
            stack.extend(_references(message))
    assert set(MESSAGES) - seen == set(), "tables no served kind reaches"
