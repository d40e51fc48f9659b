"""image.toolkit.fluxcd.io/v1beta1: deprecated, served with the v1 schema (ImageRepository and
ImagePolicy only, as the v1beta1 page documents)."""

from api.image.v1beta1.imagepolicy import ImagePolicy
from api.image.v1beta1.imagerepository import ImageRepository

__all__ = ["ImagePolicy", "ImageRepository"]
