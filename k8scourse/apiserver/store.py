"""The versioned store: the simulator's etcd.

Models what the API server relies on etcd for:

* every object under a key ``(resource, namespace, name)``;
* one cluster-wide revision counter, bumped by every write and copied into the object's
  ``metadata.resourceVersion`` — so a write carrying an older ``resourceVersion`` is detected and
  refused (optimistic concurrency, HTTP 409 Conflict);
* watch streams: every write is delivered, in revision order, to the watchers of that resource;
  a pod watch may be narrowed to one node's pods (``node_name``), as a kubelet's
  ``fieldSelector=spec.nodeName=<node>`` watch is served from the watch cache's index ("indexed
  triggers"): a pod write then reaches that node's kubelet only, not all of them, while every
  watcher still sees events in the order the watchers started; a node watch narrowed the same way
  sees that one Node (kube-proxy's ``fieldSelector=metadata.name=<node>``);
* an append-only history of every write — who, what, when (simulated time) — that the trace view
  and the grader read.

Objects handed out by ``get``/``list`` are copies: a reader can never change what is stored. Writes
return the stored object itself and watch events carry it too (as informer caches share objects):
the API server copies before anything reaches a user, and components treat them as read-only.

Compaction (:meth:`Store.compact`, run every ``--etcd-compaction-interval`` by :class:`Compactor` when
a cluster asks for it): the writes up to a revision are dropped except, for every key still present
then, its newest one — as etcd keeps — so the state at any revision from the compacted one on can
still be rebuilt from :meth:`history`; asking for history from before it raises :class:`Compacted`.
Course clusters do not compact (``defaults.ETCD_COMPACTION_INTERVAL_S``): their history is kept whole.

Deliberate difference: keys are tuples rather than ``/registry/...`` strings (:meth:`etcd_key` prints
that form).

>>> s = Store(clock=lambda: 0)
>>> obj = s.create(("pods", "default", "web"), {"metadata": {"name": "web"}}, actor="kubectl")
>>> obj["metadata"]["resourceVersion"]
'1'
>>> s.update(("pods", "default", "web"), {"metadata": {"name": "web", "resourceVersion": "0"}},
...          actor="kubectl")
Traceback (most recent call last):
...
k8scourse.apiserver.store.StaleWrite: 1
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Callable, Iterator

from ..api.objects import copy_json
from ..errors import K8sCourseError

Key = tuple[str, str, str]          # (resource, namespace, name); namespace "" when cluster-scoped


class StoreError(K8sCourseError):
    """Base of the store's own errors; the API server turns them into API errors."""


class KeyExists(StoreError):
    pass


class KeyMissing(StoreError):
    pass


class StaleWrite(StoreError):
    """The write was based on an older revision than the stored one (``str`` = stored revision)."""


class StoreUnavailable(StoreError):
    """etcd is down (fault injection): nothing can be read or written."""


class Compacted(StoreError):
    """History from before the compacted revision was asked for (``str`` = the compacted revision);
    etcd's ``mvcc: required revision has been compacted``, which the API server answers 410 Gone."""


@dataclass(frozen=True, slots=True)
class WatchEvent:
    type: str          # ADDED, MODIFIED, DELETED
    resource: str
    object: dict       # shared read-only copy
    revision: int


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    revision: int
    time_ms: int
    verb: str          # create, update, delete
    key: Key
    actor: str         # who wrote: "kubectl", "kube-scheduler", "kubelet/<node>", ...
    object: dict       # the object as written (for deletes: as it was last)


@dataclass
class _Watcher:
    resource: str
    namespace: str | None
    callback: Callable[[WatchEvent], None]
    node_name: str | None = None    # only objects whose spec.nodeName is this (indexed pod watches)
    seq: int = 0                    # start order, kept across the plain and the indexed lists
    active: bool = True


def _start_order(watcher: _Watcher) -> int:
    return watcher.seq


def _node_of(resource: str, obj: dict) -> str | None:
    """The node an object belongs to, for watches narrowed to one node: a Node is its own (kube-proxy's
    ``metadata.name=<node>`` field-selector watch), anything else by ``spec.nodeName``."""
    if resource == "nodes":
        return (obj.get("metadata") or {}).get("name")
    return (obj.get("spec") or {}).get("nodeName")


class Watch:
    """Handle returned by :meth:`Store.watch`; ``stop()`` ends the stream."""

    def __init__(self, store: "Store", watcher: _Watcher):
        self._store = store
        self._watcher = watcher

    def stop(self) -> None:
        self._watcher.active = False
        store, resource = self._store, self._watcher.resource
        store._watchers = [w for w in store._watchers if w is not self._watcher]
        node = self._watcher.node_name
        if node is None:
            store._by_resource[resource] = [w for w in store._by_resource.get(resource, ()) if w is not self._watcher]
        else:
            by_node = store._by_node.setdefault(resource, {})
            by_node[node] = [w for w in by_node.get(node, ()) if w is not self._watcher]


class Store:
    """etcd: a component (``name``, ``running``, ``start``/``stop``); stopped, it refuses every call."""

    name = "etcd"

    def __init__(self, clock: Callable[[], int]):
        self._clock = clock
        self._data: dict[str, dict[tuple[str, str], dict]] = {}
        # resource -> namespace -> names stored there: a namespaced list or count reads its namespace only
        self._names: dict[str, dict[str, set[str]]] = {}
        self._revision = 0
        self._history: list[HistoryEntry] = []      # the writes after the compacted revision, in order
        self._compacted = 0                          # the revision the history was compacted to
        # after a compaction: for every key present at the compacted revision, its newest write up to it
        self._base: dict[Key, HistoryEntry] = {}
        self._watchers: list[_Watcher] = []
        # the same watchers by resource, in the order they started: a write notifies only its own
        # resource's watchers instead of testing every watcher of the cluster
        self._by_resource: dict[str, list[_Watcher]] = {}
        # watchers narrowed to one node's objects: resource -> node name -> watchers in start order
        self._by_node: dict[str, dict[str, list[_Watcher]]] = {}
        self._watch_seq = 0
        self._last_write: dict[str, int] = {}     # resource -> revision of its newest write
        self.available = True

    @property
    def running(self) -> bool:
        return self.available

    def start(self) -> "Store":
        self.available = True
        return self

    def stop(self) -> None:
        """etcd is down: reads and writes time out; nothing stored is lost."""
        self.available = False

    # -- reads -----------------------------------------------------------------------------
    @property
    def revision(self) -> int:
        return self._revision

    def _check_up(self) -> None:
        if not self.available:
            raise StoreUnavailable("etcdserver: request timed out")

    def get(self, key: Key) -> dict:
        self._check_up()
        resource, namespace, name = key
        try:
            return copy_json(self._data[resource][(namespace, name)])
        except KeyError:
            raise KeyMissing(key) from None

    def peek(self, key: Key) -> dict | None:
        """The stored object itself, for trusted in-process readers that promise not to mutate it."""
        bucket = self._data.get(key[0])
        return None if bucket is None else bucket.get((key[1], key[2]))

    def exists(self, key: Key) -> bool:
        return self.peek(key) is not None

    def list(self, resource: str, namespace: str | None = None, copy: bool = True) -> list[dict]:
        """Objects of one resource in key order (namespace, then name), as etcd's range read."""
        self._check_up()
        bucket = self._data.get(resource, {})
        if namespace is None:
            keys = sorted(bucket)
        else:
            keys = [(namespace, name) for name in sorted(self._names.get(resource, {}).get(namespace, ()))]
        return [copy_json(bucket[k]) if copy else bucket[k] for k in keys]

    def count(self, resource: str, namespace: str | None = None) -> int:
        bucket = self._data.get(resource, {})
        if namespace is None:
            return len(bucket)
        return len(self._names.get(resource, {}).get(namespace, ()))

    def last_write(self, resource: str) -> int:
        """Revision of the newest write (create, update, delete) to ``resource``; 0 if none. Two
        equal answers mean every object of the resource is still the same stored object."""
        return self._last_write.get(resource, 0)

    def resources(self) -> list[str]:
        return sorted(r for r, bucket in self._data.items() if bucket)

    # -- writes ----------------------------------------------------------------------------
    def _commit(self, verb: str, key: Key, obj: dict, actor: str) -> dict:
        self._revision += 1
        self._last_write[key[0]] = self._revision
        if verb != "delete":
            obj.setdefault("metadata", {})["resourceVersion"] = str(self._revision)
        stored = obj
        self._history.append(HistoryEntry(self._revision, self._clock(), verb, key, actor, stored))
        event_type = {"create": "ADDED", "update": "MODIFIED", "delete": "DELETED"}[verb]
        self._notify(WatchEvent(event_type, key[0], stored, self._revision), key[1])
        return stored

    def create(self, key: Key, obj: dict, actor: str, owned: bool = False) -> dict:
        """Store ``obj`` under ``key``; ``owned=True`` hands the dict over (no defensive copy)."""
        self._check_up()
        bucket = self._data.setdefault(key[0], {})
        if (key[1], key[2]) in bucket:
            raise KeyExists(key)
        stored = obj if owned else copy_json(obj)
        bucket[(key[1], key[2])] = stored
        self._names.setdefault(key[0], {}).setdefault(key[1], set()).add(key[2])
        return self._commit("create", key, stored, actor)

    def update(self, key: Key, obj: dict, actor: str, owned: bool = False) -> dict:
        """Replace the object; a ``resourceVersion`` in ``obj`` must equal the stored one.

        ``owned=True``: the caller hands ``obj`` over and keeps no reference (no defensive copy).
        """
        self._check_up()
        bucket = self._data.get(key[0], {})
        current = bucket.get((key[1], key[2]))
        if current is None:
            raise KeyMissing(key)
        expected = (obj.get("metadata") or {}).get("resourceVersion")
        stored_rv = current["metadata"]["resourceVersion"]
        if expected not in (None, "") and expected != stored_rv:
            raise StaleWrite(stored_rv)
        stored = obj if owned else copy_json(obj)
        bucket[(key[1], key[2])] = stored
        return self._commit("update", key, stored, actor)

    def delete(self, key: Key, actor: str) -> dict:
        self._check_up()
        bucket = self._data.get(key[0], {})
        current = bucket.pop((key[1], key[2]), None)
        if current is None:
            raise KeyMissing(key)
        names = self._names[key[0]][key[1]]
        names.discard(key[2])
        if not names:
            del self._names[key[0]][key[1]]
        return self._commit("delete", key, current, actor)

    # -- watch & history -------------------------------------------------------------------
    def watch(self, resource: str, callback: Callable[[WatchEvent], None],
              namespace: str | None = None, node_name: str | None = None) -> Watch:
        """Deliver every later write of ``resource`` (in ``namespace``; with ``node_name`` only
        objects whose ``spec.nodeName`` is that node — for ``nodes``, that Node itself) to ``callback``."""
        self._watch_seq += 1
        watcher = _Watcher(resource, namespace, callback, node_name, self._watch_seq)
        self._watchers.append(watcher)
        # a new list (not an append): a notification under way keeps the list it started with
        if node_name is None:
            self._by_resource[resource] = self._by_resource.get(resource, []) + [watcher]
        else:
            by_node = self._by_node.setdefault(resource, {})
            by_node[node_name] = by_node.get(node_name, []) + [watcher]
        return Watch(self, watcher)

    def _notify(self, event: WatchEvent, namespace: str) -> None:
        # the watchers of the resource as they were when the write happened (one that starts
        # during a callback sees the next write, one that stops is skipped), in start order
        watchers = self._by_resource.get(event.resource, ())
        by_node = self._by_node.get(event.resource)
        if by_node:
            node = _node_of(event.resource, event.object)
            indexed = by_node.get(node, ()) if node else ()
            if indexed:
                watchers = heapq.merge(watchers, indexed, key=_start_order)
        for watcher in watchers:
            if watcher.active and (watcher.namespace is None or watcher.namespace == namespace):
                watcher.callback(event)

    def history(self, since_revision: int = 0) -> Iterator[HistoryEntry]:
        """Every write after ``since_revision``, oldest first (objects are shared: do not mutate).

        After a compaction, ``history()`` starts with the newest write of every key present at the
        compacted revision (in revision order), then every later write; a ``since_revision`` below the
        compacted revision raises :class:`Compacted`.
        """
        if since_revision and since_revision < self._compacted:
            raise Compacted(self._compacted)
        start = 0
        if since_revision:
            # revisions after the compacted one are dense, so revision r sits at index r - compacted - 1
            start = max(0, min(since_revision - self._compacted, len(self._history)))
        if since_revision or not self._base:
            return iter(self._history[start:])
        base = sorted(self._base.values(), key=lambda entry: entry.revision)
        return iter(base + self._history)

    @property
    def compacted_revision(self) -> int:
        """The revision the history was last compacted to (0: never)."""
        return self._compacted

    def compact(self, revision: int) -> None:
        """Drop the history up to ``revision``, keeping each then-present key's newest write (etcd's
        Compact). Compacting to the compacted revision or below does nothing.

        >>> s = Store(clock=lambda: 0)
        >>> for v in ("a", "b"):
        ...     _ = s.create(("configmaps", "default", v), {"metadata": {"name": v}}, actor="x")
        >>> _ = s.update(("configmaps", "default", "a"), {"metadata": {"name": "a"}}, actor="x")
        >>> _ = s.delete(("configmaps", "default", "b"), actor="x")
        >>> s.compact(3)
        >>> [(h.revision, h.verb, h.key[2]) for h in s.history()]
        [(2, 'create', 'b'), (3, 'update', 'a'), (4, 'delete', 'b')]
        >>> s.history(1)
        Traceback (most recent call last):
        ...
        k8scourse.apiserver.store.Compacted: 3
        """
        self._check_up()
        revision = min(int(revision), self._revision)
        if revision <= self._compacted:
            return
        cut = revision - self._compacted
        for entry in self._history[:cut]:
            if entry.verb == "delete":
                self._base.pop(entry.key, None)
            else:
                self._base[entry.key] = entry
        del self._history[:cut]
        self._compacted = revision


class Compactor:
    """kube-apiserver's compactor: every ``interval_ms`` of simulated time, compact etcd to the revision
    it saw one interval earlier (so the last interval's writes are always kept). etcd down: that
    round is skipped.

    >>> from k8scourse.sim import Simulation
    >>> sim = Simulation(); s = Store(clock=lambda: sim.now_ms)
    >>> _ = Compactor(s, sim, 60_000).start()
    >>> _ = s.create(("configmaps", "default", "a"), {"metadata": {"name": "a"}}, actor="x")
    >>> sim.run(seconds=60); s.compacted_revision      # the first round only notes revision 1
    0
    >>> _ = s.update(("configmaps", "default", "a"), {"metadata": {"name": "a"}}, actor="x")
    >>> sim.run(seconds=60); s.compacted_revision
    1
    """

    def __init__(self, store: Store, sim, interval_ms: int):
        self.store, self.sim, self.interval_ms = store, sim, int(interval_ms)
        self._seen = 0                  # the revision at the previous round
        self._event = None

    def start(self) -> "Compactor":
        if self._event is None and self.interval_ms > 0:
            self._event = self.sim.schedule(self.interval_ms, self._round, name="etcd compaction")
        return self

    def stop(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def _round(self) -> None:
        self._event = self.sim.schedule(self.interval_ms, self._round, name="etcd compaction")
        if not self.store.running:
            return
        if self._seen:
            self.store.compact(self._seen)
        self._seen = self.store.revision

    @staticmethod
    def etcd_key(key: Key) -> str:
        resource, namespace, name = key
        return f"/registry/{resource}/{namespace}/{name}" if namespace else f"/registry/{resource}/{name}"
