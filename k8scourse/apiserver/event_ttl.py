"""Events expire: one hour after their last write they are gone (``kube-apiserver --event-ttl=1h``).

The API server writes every Event to etcd with a *lease*: when the lease runs out, etcd deletes the
key and every watcher sees a ``DELETED``. Granting a lease per Event would be expensive, so the API
server's lease manager reuses the lease it granted last while that is still close enough: a new
lease lives ``ttl`` plus a reuse window (5 % of the ttl, at most 60 s), and is reused while it
would outlive the ttl of the new write and for at most 1,000 objects. So an Event lives between one
hour and one hour and a minute after its last write (a repeat that bumps its ``count`` or
``series`` writes it again: a recurring Event stays). etcd's lessor looks for expired leases every
500 ms and revokes them with all their keys.

Facts from ``k8s.io/apiserver/pkg/storage/etcd3/lease_manager.go`` (reuse 60 s / 5 %, 1,000
objects per lease) and etcd's lessor (500 ms revoke loop); the ttl is kube-apiserver's
``--event-ttl`` default. Cost follows the writes: one simulation event per lease, none per Event.

>>> from k8scourse.sim import Simulation
>>> from k8scourse.apiserver.store import Store
>>> sim = Simulation(seed=0)
>>> store = Store(clock=lambda: sim.now_ms)
>>> ttl = EventTTL(sim, store)
>>> key = ("events", "default", "web.1")
>>> _ = store.create(key, {"metadata": {"name": "web.1"}}, actor="kubelet")
>>> ttl.written(key)
>>> sim.run(seconds=3600); store.exists(key)
True
>>> sim.run(seconds=61); store.exists(key)
False
"""

from __future__ import annotations

from .. import defaults
from .store import Key, Store, StoreUnavailable


class EventTTL:
    """The lease manager of the Event storage and the lessor that revokes its leases."""

    def __init__(self, sim, store: Store, ttl_s: int = defaults.EVENT_TTL_SECONDS):
        self.sim = sim
        self.store = store
        self.ttl_s = ttl_s
        reuse = int(defaults.EVENT_LEASE_REUSE_PERCENT * ttl_s)
        self.reuse_s = min(reuse, defaults.EVENT_LEASE_REUSE_SECONDS)
        self._lease = 0                 # the id of the last lease granted
        self._lease_expires_ms = -1     # ... and when it runs out
        self._attached = 0              # write requests that asked for a lease since it was granted
        self._keys: dict[int, set[Key]] = {}    # lease → the keys attached to it
        self._lease_of: dict[Key, int] = {}

    def written(self, key: Key) -> None:
        """An Event was just written: attach its key to a lease (a new one, or the last one reused)."""
        now = self.sim.now_ms
        self._attached += 1
        valid = now + self.ttl_s * 1000 < self._lease_expires_ms
        # (>=: a later write in the same simulated millisecond is still "after" in real time)
        sufficient = now + (self.ttl_s + self.reuse_s) * 1000 >= self._lease_expires_ms
        if not (valid and sufficient and self._attached <= defaults.EVENT_LEASE_MAX_OBJECTS):
            self._lease += 1
            self._lease_expires_ms = now + (self.ttl_s + self.reuse_s) * 1000
            self._attached = 1
            self._keys[self._lease] = set()
            lease = self._lease
            self.sim.schedule(_next_tick(self._lease_expires_ms) - now, lambda: self._revoke(lease),
                              name="etcd lease expiry")
        previous = self._lease_of.get(key)
        if previous is not None and previous != self._lease:
            self._keys[previous].discard(key)
        self._lease_of[key] = self._lease
        self._keys[self._lease].add(key)

    def deleted(self, key: Key) -> None:
        """An Event was deleted by a request: its key leaves its lease."""
        lease = self._lease_of.pop(key, None)
        if lease is not None:
            self._keys[lease].discard(key)

    def _revoke(self, lease: int) -> None:
        """etcd's lessor: the lease ran out; its keys go (in key order, as one revoke)."""
        try:
            for key in sorted(self._keys.get(lease, ())):
                if self.store.exists(key):
                    self.store.delete(key, "etcd")
                self._lease_of.pop(key, None)
        except StoreUnavailable:        # etcd down: the lessor revokes once it is back
            self.sim.schedule(defaults.ETCD_LEASE_REVOKE_INTERVAL_MS, lambda: self._revoke(lease),
                              name="etcd lease expiry")
            return
        del self._keys[lease]
        self.sim.record("etcd", "revoke", f"lease {lease}", "events expired")


def _next_tick(ms: int) -> int:
    """The first pass of etcd's revoke loop at or after ``ms`` (it runs every 500 ms)."""
    step = defaults.ETCD_LEASE_REVOKE_INTERVAL_MS
    return -(-ms // step) * step
