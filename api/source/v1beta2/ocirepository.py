"""OCIRepository source.werf.io/v1beta2: served, deprecated; v1's schema plus the deprecated
`status.contentConfigChecksum`."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from api.meta import KindInfo, Resource
from api.schema import field, model
from api.source.v1 import ocirepository as v1

OCIRepositorySpec = v1.OCIRepositorySpec

KIND = dataclasses.replace(
    v1.KIND, version="v1beta2", storage=False,
    deprecation_warning="v1beta2 OCIRepository is deprecated, upgrade to v1",
)


@model
class OCIRepositoryStatus(v1.OCIRepositoryStatus):
    """OCIRepositoryStatus defines the observed state of OCIRepository"""

    content_config_checksum: str | None = field(
        default=None,
        doc="ContentConfigChecksum is a checksum of all the configurations related to the content of the "
        "source "
        "artifact: .spec.ignore and .spec.layerSelector. Deprecated: replaced with explicit fields for "
        "observed "
        "artifact content config in the status."
    )


@model
class OCIRepository(Resource):
    """OCIRepository is the Schema for the ocirepositories API"""

    KIND: ClassVar[KindInfo] = KIND

    spec: OCIRepositorySpec = field(default_factory=OCIRepositorySpec)
    status: OCIRepositoryStatus = field(
        server_default={"observedGeneration": -1}, default_factory=OCIRepositoryStatus
    )
