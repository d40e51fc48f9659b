"""source.toolkit.fluxcd.io GitRepository (optional stand-in for Flux source-controller)."""
