"""source.werf.io/v1beta2: OCIRepository, deprecated."""

from api.source.v1beta2.ocirepository import OCIRepository

__all__ = ["OCIRepository"]
