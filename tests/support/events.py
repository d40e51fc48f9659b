"""A stand-in for the core event recorder that keeps what it was asked to write."""

from __future__ import annotations

from typing import Any


class RecordedEvents:
    """`EventRecorder`'s interface (component and annotated_event), recording each call."""

    component = "image-reflector-controller"

    def __init__(self) -> None:
        #: (annotations, type, reason, message) of each event, in order.
        self.calls: list[tuple[dict[str, str] | None, str, str, str]] = []

    def annotated_event(
        self,
        obj: dict[str, Any],
        annotations: dict[str, str] | None,
        event_type: str,
        reason: str,
        message: str,
    ) -> None:
        self.calls.append((annotations, event_type, reason, message))

    @property
    def events(self) -> list[tuple[str, str, str]]:
        """(type, reason, message) of each event."""
        return [(t, r, m) for _, t, r, m in self.calls]
