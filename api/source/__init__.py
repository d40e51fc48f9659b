"""source.werf.io: the OCIRepository source (werf fork of Flux source-controller)."""
