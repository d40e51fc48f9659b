"""Leader election on a coordination.k8s.io/v1 Lease (client-go's ``tools/leaderelection``).

Only the leader runs the reconcilers. A candidate takes the lease when its holder is
empty or has not renewed it for ``lease_duration`` as measured on *our* clock from the
moment we first saw the current record (never from the remote renewTime, which would
trust the holder's clock). The leader renews every ``retry_period``; if no renewal has
succeeded for ``renew_deadline`` it gives up, and the process must exit: another
replica may already be leading. Since ``renew_deadline < lease_duration``, the old
leader always stops before a new one can start.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import random
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from controller_runtime.client import errors
from controller_runtime.clock import REAL_CLOCK, Clock

log = logging.getLogger("controller_runtime.leaderelection")

JITTER_FACTOR = 1.2


class LeaderElectionLostError(RuntimeError):
    """Raised out of the manager when the lease was lost: the process must stop."""

    def __init__(self) -> None:
        super().__init__("leader election lost")


@dataclass(frozen=True)
class LeaderElectionRecord:
    holder_identity: str = ""
    lease_duration_seconds: int = 0
    acquire_time: datetime | None = None
    renew_time: datetime | None = None
    leader_transitions: int = 0


class Lock(Protocol):
    """Storage of the election record; ``update`` must be optimistic (ConflictError when stale)."""

    identity: str

    async def get(self) -> LeaderElectionRecord: ...  # NotFoundError when absent

    async def create(self, record: LeaderElectionRecord) -> None: ...

    async def update(self, record: LeaderElectionRecord) -> None: ...

    def describe(self) -> str: ...


def new_identity() -> str:
    """``hostname_uuid``: unique even for two replicas sharing a hostname."""
    return f"{socket.gethostname()}_{uuid.uuid4()}"


def format_micro_time(t: datetime | None) -> str | None:
    if t is None:
        return None
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_micro_time(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    value = text.replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


class LeaseLock:
    """A Lease object as the lock; remembers the last read lease for optimistic updates."""

    def __init__(self, client: Any, namespace: str, name: str, identity: str | None = None) -> None:
        if not namespace:
            raise ValueError("leader election namespace must be set")
        if not name:
            raise ValueError("leader election ID must be set")
        self.client = client
        self.namespace = namespace
        self.name = name
        self.identity = identity or new_identity()
        self._lease: dict[str, Any] | None = None

    def describe(self) -> str:
        return f"{self.namespace}/{self.name}"

    async def get(self) -> LeaderElectionRecord:
        lease = await self.client.get("coordination.k8s.io/v1", "Lease", self.name, namespace=self.namespace)
        self._lease = lease
        return _record_from_spec(lease.get("spec") or {})

    async def create(self, record: LeaderElectionRecord) -> None:
        lease = {
            "apiVersion": "coordination.k8s.io/v1",
            "kind": "Lease",
            "metadata": {"name": self.name, "namespace": self.namespace},
            "spec": _spec_from_record(record),
        }
        self._lease = await self.client.create(lease)

    async def update(self, record: LeaderElectionRecord) -> None:
        if self._lease is None:
            raise RuntimeError("lease not initialized, call get or create first")
        lease = dict(self._lease)
        lease["spec"] = _spec_from_record(record)
        self._lease = await self.client.update(lease)


def _spec_from_record(r: LeaderElectionRecord) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "holderIdentity": r.holder_identity,
        "leaseDurationSeconds": r.lease_duration_seconds,
        "leaseTransitions": r.leader_transitions,
    }
    if r.acquire_time is not None:
        spec["acquireTime"] = format_micro_time(r.acquire_time)
    if r.renew_time is not None:
        spec["renewTime"] = format_micro_time(r.renew_time)
    return spec


def _record_from_spec(spec: dict[str, Any]) -> LeaderElectionRecord:
    return LeaderElectionRecord(
        holder_identity=str(spec.get("holderIdentity") or ""),
        lease_duration_seconds=int(spec.get("leaseDurationSeconds") or 0),
        acquire_time=parse_micro_time(spec.get("acquireTime")),
        renew_time=parse_micro_time(spec.get("renewTime")),
        leader_transitions=int(spec.get("leaseTransitions") or 0),
    )


Callback = Callable[[], Awaitable[None] | None]


@dataclass(frozen=True)
class LeaderElectionConfig:
    lease_duration: float = 15.0
    renew_deadline: float = 10.0
    retry_period: float = 2.0
    release_on_cancel: bool = True

    def validate(self) -> None:
        """client-go's rules: LD > RD > 1.2 x RP, all positive."""
        if self.lease_duration <= self.renew_deadline:
            raise ValueError("leaseDuration must be greater than renewDeadline")
        if self.renew_deadline <= JITTER_FACTOR * self.retry_period:
            raise ValueError(f"renewDeadline must be greater than retryPeriod*JitterFactor({JITTER_FACTOR})")
        if self.lease_duration < 1:
            raise ValueError("leaseDuration must be greater than zero")
        if self.renew_deadline < 1e-3:
            raise ValueError("renewDeadline must be greater than zero")
        if self.retry_period < 1e-3:
            raise ValueError("retryPeriod must be greater than zero")


class LeaderElector:
    """Acquire, hold and release one lease; callbacks tell the manager what happened."""

    def __init__(
        self,
        lock: Lock,
        config: LeaderElectionConfig | None = None,
        *,
        on_started_leading: Callback | None = None,
        on_stopped_leading: Callback | None = None,
        on_new_leader: Callable[[str], None] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.lock = lock
        self.config = config or LeaderElectionConfig()
        self.config.validate()
        self.clock: Clock = clock or REAL_CLOCK
        self._on_started = on_started_leading
        self._on_stopped = on_stopped_leading
        self._on_new_leader = on_new_leader
        self._observed: LeaderElectionRecord | None = None
        self._observed_time = 0.0
        self._reported_leader = ""
        self._leading = False
        #: When (our monotonic clock) the last successful acquire or renew was *sent*.
        self._renewed_at = 0.0

    @property
    def identity(self) -> str:
        return self.lock.identity

    def is_leader(self) -> bool:
        return self._leading

    def holds_lease(self) -> bool:
        """Leading, and the lease was renewed within ``renew_deadline`` by our own clock.

        False as soon as a process wakes from a freeze (SIGSTOP, a suspended VM) long enough
        for another replica to take over, before the renew loop has had a turn to notice:
        work must not start then. Counted from when the renew was sent, not answered, so a
        freeze between the two is not mistaken for a fresh renew.
        """
        return self._leading and self.clock.monotonic() - self._renewed_at < self.config.renew_deadline

    def get_leader(self) -> str:
        return self._observed.holder_identity if self._observed else ""

    async def run(self) -> None:
        """Campaign, lead, and return once leadership is lost (after ``on_stopped_leading``).

        Cancellation releases the lease (if configured) before propagating.
        """
        try:
            await self._acquire()
            self._leading = True
            log.info("successfully acquired lease %s", self.lock.describe())
            await _call(self._on_started)
            await self._renew()
            log.error("failed to renew lease %s: leadership lost", self.lock.describe())
        except asyncio.CancelledError:
            if self._leading and self.config.release_on_cancel:
                await asyncio.shield(self.release())
            raise
        finally:
            was_leading, self._leading = self._leading, False
            if was_leading:
                await _call(self._on_stopped)

    async def _acquire(self) -> None:
        log.info("attempting to acquire leader lease %s...", self.lock.describe())
        while True:
            sent = self.clock.monotonic()
            if await self._try(self.config.renew_deadline):
                self._renewed_at = sent
                return
            await self.clock.sleep(self.config.retry_period * (1 + random.random() * JITTER_FACTOR))

    async def _renew(self) -> None:
        while True:
            await self.clock.sleep(self.config.retry_period)
            sent = self.clock.monotonic()
            remaining = self.config.renew_deadline - (sent - self._renewed_at)
            if remaining <= 0:
                return
            if await self._try(remaining):
                self._renewed_at = sent
            elif self.clock.monotonic() - self._renewed_at >= self.config.renew_deadline:
                return

    async def _try(self, budget: float) -> bool:
        try:
            async with asyncio.timeout(max(min(budget, self.config.renew_deadline / 2), 1e-3)):
                return await self.try_acquire_or_renew()
        except TimeoutError:
            log.warning("lease %s: request timed out", self.lock.describe())
            return False
        except errors.ApiError as e:
            log.warning("error retrieving resource lock %s: %s", self.lock.describe(), e)
            return False
        except OSError as e:
            log.warning("error retrieving resource lock %s: %s", self.lock.describe(), e)
            return False

    async def try_acquire_or_renew(self) -> bool:
        """One attempt; True means we hold the lease now."""
        now = self.clock.now()
        desired = LeaderElectionRecord(
            holder_identity=self.identity,
            lease_duration_seconds=max(round(self.config.lease_duration), 1),
            acquire_time=now,
            renew_time=now,
        )
        # Fast path: we lead and the lease is still ours by our own observation.
        if self._leading and self._observed is not None and self._valid():
            renewed = replace(
                desired,
                acquire_time=self._observed.acquire_time,
                leader_transitions=self._observed.leader_transitions,
            )
            try:
                await self.lock.update(renewed)
                self._set_observed(renewed)
                return True
            except errors.ConflictError:
                pass  # someone else wrote it: take the slow path

        try:
            current = await self.lock.get()
        except errors.NotFoundError:
            await self.lock.create(desired)
            self._set_observed(desired)
            return True

        if current != self._observed:
            self._set_observed(current)
        if current.holder_identity and self._valid() and current.holder_identity != self.identity:
            return False

        if current.holder_identity == self.identity:
            desired = replace(
                desired, acquire_time=current.acquire_time, leader_transitions=current.leader_transitions
            )
        else:
            desired = replace(desired, leader_transitions=current.leader_transitions + 1)
        try:
            await self.lock.update(desired)
        except errors.ConflictError:
            return False
        self._set_observed(desired)
        return True

    async def release(self) -> bool:
        """Hand the lease back (empty holder, 1 s duration) so a successor need not wait."""
        if self._observed is None or self._observed.holder_identity != self.identity:
            return False
        now = self.clock.now()
        record = LeaderElectionRecord(
            holder_identity="",
            lease_duration_seconds=1,
            acquire_time=now,
            renew_time=now,
            leader_transitions=self._observed.leader_transitions,
        )
        deadline = self.clock.monotonic() + self.config.renew_deadline
        while self.clock.monotonic() < deadline:
            try:
                async with asyncio.timeout(max(deadline - self.clock.monotonic(), 1e-3)):
                    await self.lock.update(record)
                self._set_observed(record)
                log.info("released lease %s", self.lock.describe())
                return True
            except errors.ConflictError:
                try:
                    current = await self.lock.get()
                except errors.ApiError:
                    return False
                if current.holder_identity != self.identity:
                    return False
            except (errors.ApiError, OSError, TimeoutError) as e:
                log.warning("failed to release lease %s: %s", self.lock.describe(), e)
                return False
        return False

    def _valid(self) -> bool:
        if self._observed is None:
            return False
        return self._observed_time + self._observed.lease_duration_seconds > self.clock.monotonic()

    def _set_observed(self, record: LeaderElectionRecord) -> None:
        self._observed = record
        self._observed_time = self.clock.monotonic()
        if record.holder_identity != self._reported_leader:
            self._reported_leader = record.holder_identity
            if self._on_new_leader is not None and record.holder_identity:
                self._on_new_leader(record.holder_identity)


async def _call(cb: Callback | None) -> None:
    if cb is None:
        return
    result = cb()
    if inspect.isawaitable(result):
        await result
