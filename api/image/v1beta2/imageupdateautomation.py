"""ImageUpdateAutomation image.toolkit.fluxcd.io/v1beta2: served, deprecated; same schema as
v1 (conversion strategy None), with the pre-GA `Last run` printer column."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from api.image.v1 import imageupdateautomation as v1
from api.meta import KindInfo, PrinterColumn, Resource
from api.schema import field, model

ImageUpdateAutomationSpec = v1.ImageUpdateAutomationSpec
ImageUpdateAutomationStatus = v1.ImageUpdateAutomationStatus

KIND = dataclasses.replace(
    v1.KIND, version="v1beta2", storage=False,
    deprecation_warning="v1beta2 ImageUpdateAutomation is deprecated, upgrade to v1",
    printer_columns=(PrinterColumn("Last run", ".status.lastAutomationRunTime"),),
)


@model
class ImageUpdateAutomation(Resource):
    """ImageUpdateAutomation is the Schema for the imageupdateautomations API"""

    KIND: ClassVar[KindInfo] = KIND

    spec: ImageUpdateAutomationSpec = field(default_factory=ImageUpdateAutomationSpec)
    status: ImageUpdateAutomationStatus = field(
        server_default={"observedGeneration": -1}, default_factory=ImageUpdateAutomationStatus
    )
