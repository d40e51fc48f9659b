"""Lookout's API types: one module per group/version, the single source of the CRDs.

Controllers get typed views of plain dict objects with `<Kind>.from_dict(obj)`; the
constants users match on live in `api.conditions` and `api.annotations`.
"""
