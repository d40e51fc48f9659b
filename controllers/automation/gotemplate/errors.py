"""The one exception of the template engine."""

from __future__ import annotations


class TemplateError(Exception):
    """A parse or execution error, worded like Go's; it quotes only the template, never the data
    beyond what the template itself printed."""
