"""source.toolkit.fluxcd.io/v1: the GitRepository fields ImageUpdateAutomation reads."""

from api.gitrepository.v1.gitrepository import GitRepository, GitRepositorySpec, GitRepositoryStatus

__all__ = ["GitRepository", "GitRepositorySpec", "GitRepositoryStatus"]
