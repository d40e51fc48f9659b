"""The Manager and what it hosts: runnables, probe/metrics servers, signals, flags."""

from controller_runtime.manager.manager import GracefulShutdownTimeoutError, Manager, ManagerOptions
from controller_runtime.manager.runnable import LeaderElectionRunnable, Runnable, RunnableFunc
from controller_runtime.manager.server import MetricsServer, ProbeServer
from controller_runtime.manager.signals import setup_signal_handler

__all__ = [
    "GracefulShutdownTimeoutError",
    "LeaderElectionRunnable",
    "Manager",
    "ManagerOptions",
    "MetricsServer",
    "ProbeServer",
    "Runnable",
    "RunnableFunc",
    "setup_signal_handler",
]
