"""ImagePolicy image.toolkit.fluxcd.io/v1beta1: served, deprecated; same schema as v1
(conversion strategy None), with the pre-GA `LatestImage` printer column."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from api.image.v1 import imagepolicy as v1
from api.meta import KindInfo, PrinterColumn, Resource
from api.schema import field, model

ImagePolicySpec = v1.ImagePolicySpec
ImagePolicyStatus = v1.ImagePolicyStatus
ImageRef = v1.ImageRef

KIND = dataclasses.replace(
    v1.KIND, version="v1beta1", storage=False,
    deprecation_warning="v1beta1 ImagePolicy is deprecated, upgrade to v1",
    printer_columns=(PrinterColumn("LatestImage", ".status.latestImage"),),
)


@model
class ImagePolicy(Resource):
    """ImagePolicy is the Schema for the imagepolicies API"""

    KIND: ClassVar[KindInfo] = KIND

    spec: ImagePolicySpec = field(default_factory=ImagePolicySpec)
    status: ImagePolicyStatus = field(
        server_default={"observedGeneration": -1}, default_factory=ImagePolicyStatus
    )
