"""ImageRepository image.toolkit.fluxcd.io/v1beta1: served, deprecated; same schema as v1
(conversion strategy None), the printer columns of upstream v1beta1."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from api.image.v1 import imagerepository as v1
from api.meta import KindInfo, PrinterColumn, Resource
from api.schema import field, model

ImageRepositorySpec = v1.ImageRepositorySpec
ImageRepositoryStatus = v1.ImageRepositoryStatus
ScanResult = v1.ScanResult

KIND = dataclasses.replace(
    v1.KIND, version="v1beta1", storage=False,
    deprecation_warning="v1beta1 ImageRepository is deprecated, upgrade to v1",
    printer_columns=(
        PrinterColumn("Last scan", ".status.lastScanResult.scanTime"),
        PrinterColumn("Tags", ".status.lastScanResult.tagCount"),
    ),
)


@model
class ImageRepository(Resource):
    """ImageRepository is the Schema for the imagerepositories API"""

    KIND: ClassVar[KindInfo] = KIND

    spec: ImageRepositorySpec = field(default_factory=ImageRepositorySpec)
    status: ImageRepositoryStatus = field(
        server_default={"observedGeneration": -1}, default_factory=ImageRepositoryStatus
    )
