"""A Python port of Go's controller-runtime: the everyday names, as `ctrl.` offers them.

The package knows nothing of images or Git; Lookout's controllers are built on it the way
Flux's are built on the Go original.
"""

from controller_runtime.builder import new_controller_managed_by
from controller_runtime.log import logger_from
from controller_runtime.manager.manager import Manager, ManagerOptions
from controller_runtime.reconcile import Request, Result, TerminalError

__all__ = [
    "Manager",
    "ManagerOptions",
    "Request",
    "Result",
    "TerminalError",
    "logger_from",
    "new_controller_managed_by",
]
