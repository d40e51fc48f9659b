"""Ports of the fluxcd/pkg/runtime helpers Flux-style reconcilers lean on."""
