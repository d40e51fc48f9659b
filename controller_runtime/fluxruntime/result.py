"""Status while a reconcile runs, and what its patches may claim (fluxcd/pkg/runtime/reconcile).

``progressive_status`` shows users a run is under way; ``patch_options`` makes
``status.observedGeneration`` mean "fully processed": a patch writes it only once the
object is Ready or Stalled, and a progress patch mid-run never does. The end of a run is
decided in ``summarize``.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
from collections.abc import Awaitable, Sequence
from typing import Any, Protocol, TypeVar

from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.patch import PatchOptions

RECONCILE_REQUEST_ANNOTATION = "reconcile.fluxcd.io/requestedAt"
#: Seconds a reconcile runs before its progress is worth a patch of its own: a faster one
#: shows only its outcome, one request instead of two.
PROGRESS_PATCH_AFTER = 1.0

Obj = dict[str, Any]
T = TypeVar("T")


class _Patcher(Protocol):
    async def patch(self, obj: Obj, options: PatchOptions | None = None) -> None: ...


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


async def with_progress(
    patcher: _Patcher,
    obj: Obj,
    work: Awaitable[T],
    options: PatchOptions,
    after: float = PROGRESS_PATCH_AFTER,
) -> T:
    """Run `work`; if it is still running after `after` seconds, patch the progress `obj`
    shows at that moment (Reconciling, `scanning: ...`), then wait for it.

    The patch goes out from a copy, so `work` may go on changing `obj` meanwhile; `obj`
    takes the new resourceVersion, and the final patch sends whatever changed since.
    """
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=after)
        if not done:
            shown = copy.deepcopy(obj)
            await patcher.patch(shown, options)
            version = (shown.get("metadata") or {}).get("resourceVersion")
            if version:
                obj.setdefault("metadata", {})["resourceVersion"] = version
        return await task
    finally:
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
