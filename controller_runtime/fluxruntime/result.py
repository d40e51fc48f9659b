"""Status while a reconcile runs, and what its patches may claim (fluxcd/pkg/runtime/reconcile).

``progressive_status`` shows users a run is under way; ``patch_options`` makes
``status.observedGeneration`` mean "fully processed": a patch writes it only once the
object is Ready or Stalled, and a progress patch mid-run never does. The end of a run is
decided in ``summarize``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.patch import PatchOptions

RECONCILE_REQUEST_ANNOTATION = "reconcile.fluxcd.io/requestedAt"

Obj = dict[str, Any]


def progressive_status(drift: bool, obj: Obj, reason: str, message_format: str, *args: Any) -> None:
    """Reconciling=True with this reason; Ready=Unknown too when drifting or not yet known."""
    conditions.mark_reconciling(obj, reason, message_format, *args)
    if drift or not conditions.has(obj, conditions.READY) or conditions.is_unknown(obj, conditions.READY):
        conditions.mark_unknown(obj, conditions.READY, reason, message_format, *args)


def patch_options(
    obj: Obj, owned_conditions: Sequence[str] = (), field_owner: str | None = None, *, final: bool = True
) -> PatchOptions:
    """Flux's ``AddPatchOptions``: observedGeneration only once Ready or Stalled, and never
    from a progress patch (`final=False`)."""
    done = conditions.is_stalled(obj) or conditions.is_ready(obj)
    options = PatchOptions(
        owned_conditions=tuple(owned_conditions),
        field_owner=field_owner,
        include_status_observed_generation=done,
    )
    return options if final else dataclasses.replace(options, include_status_observed_generation=False)
