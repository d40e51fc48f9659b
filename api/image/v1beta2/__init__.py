"""image.toolkit.fluxcd.io/v1beta2: deprecated, served with the v1 schema."""

from api.image.v1beta2.imagepolicy import ImagePolicy
from api.image.v1beta2.imagerepository import ImageRepository
from api.image.v1beta2.imageupdateautomation import ImageUpdateAutomation

__all__ = ["ImagePolicy", "ImageRepository", "ImageUpdateAutomation"]
