"""image.toolkit.fluxcd.io/v1: the storage version of the image automation kinds."""

from api.image.v1.imagepolicy import ImagePolicy, ImagePolicySpec, ImagePolicyStatus, ImageRef
from api.image.v1.imagerepository import (
    ImageRepository,
    ImageRepositorySpec,
    ImageRepositoryStatus,
    ScanResult,
)
from api.image.v1.imageupdateautomation import (
    ImageUpdateAutomation,
    ImageUpdateAutomationSpec,
    ImageUpdateAutomationStatus,
)

__all__ = [
    "ImagePolicy", "ImagePolicySpec", "ImagePolicyStatus", "ImageRef", "ImageRepository",
    "ImageRepositorySpec", "ImageRepositoryStatus", "ImageUpdateAutomation", "ImageUpdateAutomationSpec",
    "ImageUpdateAutomationStatus", "ScanResult",
]
