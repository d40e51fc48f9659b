"""Artifact storage and its HTTP server: what source controllers (OCIRepository) publish."""

from controllers.artifacts.server import ArtifactServer
from controllers.artifacts.storage import LATEST, Artifact, ArtifactStorage

__all__ = ["LATEST", "Artifact", "ArtifactServer", "ArtifactStorage"]
