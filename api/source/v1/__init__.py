"""source.werf.io/v1: OCIRepository (storage version)."""

from api.source.v1.ocirepository import OCIRepository, OCIRepositorySpec, OCIRepositoryStatus

__all__ = ["OCIRepository", "OCIRepositorySpec", "OCIRepositoryStatus"]
