"""image.toolkit.fluxcd.io: ImageRepository, ImagePolicy, ImageUpdateAutomation."""
