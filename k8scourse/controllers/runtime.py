"""The controller runtime: informers, generated event handlers, a rate-limited reconcile loop.

What client-go and kube-controller-manager give every controller, in one base class
(:class:`Controller`), shaped like controller-runtime:

* a controller **declares** its primary resource (``resource``/``kind``), what it ``owns`` (objects
  carrying its controller reference) and, optionally, ``adopts`` (owned kinds whose orphans it
  claims by label selector) and extra ``watches()``. The runtime turns that into event handlers
  that only map an object to a key: the primary object → its own key; an owned object → its
  controlling owner's key (``ownerReferences``); an orphan matching a primary's selector → that
  primary's key;
* each watched resource has an :class:`Informer` — a reflector that lists and then watches, and
  keeps the last state it saw. When its watch breaks (the API server or etcd is gone: a watch
  event arrives while the API server is down, or a reconcile was refused) it stops listening and
  **lists again** with the reflector's back-off (0.8 s doubling to 30 s) until the API answers;
  the new list is delivered as events — every object present, and a ``DELETED`` for every object
  that disappeared meanwhile (DeltaFIFO's ``Replace``) — so nothing that happened during the
  outage is lost and everything is reconciled. Starting a stopped controller lists the same way;
* ``reconcile(key)`` returns ``None`` or a :class:`Result` (``requeue_after_ms``: look again then;
  ``requeue``: look again rate-limited). An error it raises (``APIError``: 500/503/504 from an
  outage, 409 Conflict, …; a ``StoreError``) puts the key back with the queue's rate limiter
  (5 ms, 10 ms … 1000 s per key, 10/s over all keys — :mod:`.workqueue`); success forgets the
  key's failures. ``max_retries`` (deployment, endpoints: 15) drops a key after that many failed
  retries, as those controllers do — a later event or re-list brings it back;
* ``loops()``: periodic passes (``wait.Until``) that start and stop with the controller.

Deliberate differences: handlers read the store directly instead of an informer cache (the store
is never stale here); a restarted controller keeps the last state its informers saw, so objects
deleted while it was stopped reach it as ``DELETED`` events (upstream controllers find them through
their own start-up passes — the garbage collector's graph rebuild, the endpoints controller's
leftover check); the reflector's back-off has no random jitter.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> class Echo(Controller):
...     resource, kind, component = "configmaps", "ConfigMap", "echo-controller"
...     def reconcile(self, key):
...         self.seen.append(key)
>>> api = APIServer(Simulation()); c = Echo(api); c.seen = []; _ = c.start()
>>> _ = api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}})
>>> api.sim.run(seconds=1); c.seen
['default/a']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, NamedTuple

from .. import defaults
from ..api.labels import selector_from_label_selector
from ..api.objects import copy_json, dig
from ..apiserver.store import StoreError, WatchEvent
from ..client import EventRecorder
from ..errors import APIError
from . import util
from .workqueue import RateLimiter, WorkQueue, default_controller_rate_limiter

if TYPE_CHECKING:  # pragma: no cover
    from ..api.kinds import KindInfo
    from ..apiserver import APIServer

Handler = Callable[[WatchEvent], None]


class Result(NamedTuple):
    """What a reconcile asks for next: nothing (the default), a look ``requeue_after_ms`` later, or
    a rate-limited ``requeue``."""
    requeue_after_ms: int | None = None
    requeue: bool = False


def refused(exc: BaseException) -> bool:
    """True for the errors an API-server or etcd outage gives (watches break with them too)."""
    return isinstance(exc, StoreError) or (isinstance(exc, APIError) and exc.code in (500, 503, 504))


def split_key(key: str) -> tuple[str, str]:
    """``"ns/name"`` → ``("ns", "name")``; ``"name"`` (cluster-scoped) → ``("", "name")``."""
    namespace, _, name = key.rpartition("/")
    return namespace, name


@dataclass
class Loop:
    """A periodic pass: ``fn()`` every ``period_ms`` (first after ``first_ms``, default one period)."""
    name: str
    period_ms: int
    fn: Callable[[], None]
    priority: int = 0
    first_ms: int | None = None


class ReflectorBackoff:
    """The reflector's re-list back-off: 0.8 s, 1.6 s … 30 s; from 0.8 s again after 2 quiet minutes."""

    def __init__(self):
        self._next = defaults.REFLECTOR_BACKOFF_INITIAL_MS
        self._last: int | None = None

    def next(self, now_ms: int) -> int:
        if self._last is None or now_ms - self._last > defaults.REFLECTOR_BACKOFF_RESET_MS:
            self._next = defaults.REFLECTOR_BACKOFF_INITIAL_MS
        self._last = now_ms
        delay, self._next = self._next, min(self._next * 2, defaults.REFLECTOR_BACKOFF_MAX_MS)
        return delay


class Informer:
    """List-then-watch of one resource for one controller, remembering the last state it saw."""

    def __init__(self, controller: "Controller", resource: "str | KindInfo", handler: Handler):
        self.controller = controller
        self.info = controller.server.info(resource)
        self.handler = handler
        self.known: dict[tuple[str, str], dict] = {}
        self._watch = None

    @staticmethod
    def _key(obj: dict) -> tuple[str, str]:
        md = obj.get("metadata") or {}
        return md.get("namespace", ""), md.get("name", "")

    def start(self) -> None:
        """Watch (if not yet) and list; raises what the API server or etcd answers when down."""
        if self._watch is None:
            self._watch = self.controller.server.watch(self.info, self._on_event)
        self.relist()

    def stop(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None

    def relist(self) -> None:
        """List, then deliver the difference to what was known as events (``Replace``)."""
        server = self.controller.server
        if not server.available:
            raise APIError.unavailable("the server is currently unable to handle the request")
        items = server.store.list(self.info.group_resource, None, copy=False)
        revision = server.store.revision
        previous, self.known = self.known, {self._key(obj): obj for obj in items}
        resource = self.info.group_resource
        self.controller.listing = True
        try:
            for obj in items:
                self.handler(WatchEvent("MODIFIED" if self._key(obj) in previous else "ADDED", resource, obj,
                                        revision))
            for key, obj in previous.items():
                if key not in self.known:
                    self.handler(WatchEvent("DELETED", resource, obj, revision))
        finally:
            self.controller.listing = False

    def _on_event(self, event: WatchEvent) -> None:
        controller = self.controller
        if not controller.running or controller.watch_broken:
            return                                   # a broken watch hears nothing until the re-list
        if not controller.server.available:          # the API server is gone: so is this watch
            controller.watch_failed()
            return
        if event.type == "DELETED":
            self.known.pop(self._key(event.object), None)
        else:
            self.known[self._key(event.object)] = event.object
        self.handler(event)


class Controller:
    """Base of every controller (see the module docstring). Subclasses set the class attributes and
    write ``reconcile(key)`` — or ``_sync(obj)``, given a private copy of the primary object."""

    component: str = ""               # name in events and the trace ("job-controller")
    resource: str = ""                # the primary resource, reconciled by key ("jobs"); "" for none
    kind: str = ""                    # its kind, as owner references name it ("Job")
    owns: tuple[str, ...] = ()        # resources whose objects carry this controller's reference
    adopts: tuple[str, ...] = ()      # of those, the ones whose orphans it claims by selector
    sync_delay_ms: int = 0            # handlers' delay before a key runs (a batching period)
    max_retries: int | None = None    # failed retries before a key is dropped (None: never)
    queue_priority: int = 0           # order among other events of the same simulated ms

    def __init__(self, server: "APIServer"):
        self.server = server
        self.sim = server.sim
        self.recorder = EventRecorder(server)
        self.queue = WorkQueue(server.sim, self._process, self.component, self.rate_limiter(), self.queue_priority)
        self.running = False
        self.watch_broken = False
        self.listing = False              # True while an informer delivers a (re-)list to the handlers
        self._informers: list[Informer] | None = None
        self._adopts = {server.info(r).group_resource for r in self.adopts}
        self._group = server.info(self.resource).group if self.resource else ""
        self._backoff = ReflectorBackoff()
        self._relist_event = None
        self._loop_events: dict[str, object] = {}

    @property
    def name(self) -> str:
        return self.component

    # ------------------------------------------------------------------ declarations
    def rate_limiter(self) -> RateLimiter:
        """The queue's rate limiter (``DefaultControllerRateLimiter`` unless a controller says otherwise)."""
        return default_controller_rate_limiter()

    def watches(self) -> dict[str, Handler]:
        """Extra resource → handler pairs (a handler only maps an event to keys)."""
        return {}

    def handlers(self) -> list[tuple["str | KindInfo", Handler]]:
        """Every watched resource with its handler, in the order the informers start."""
        out: list[tuple["str | KindInfo", Handler]] = []
        if self.resource:
            out.append((self.resource, self.on_primary))
        out += [(resource, self.on_owned) for resource in self.owns]
        out += list(self.watches().items())
        return out

    def loops(self) -> list[Loop]:
        """Periodic passes that run while the controller does."""
        return []

    # ------------------------------------------------------------------ lifecycle
    def start(self):
        if self.running:
            return self
        self.running = True
        self.watch_broken = False
        if self._informers is None:
            self._informers = [Informer(self, resource, handler) for resource, handler in self.handlers()]
        try:
            for informer in self._informers:
                informer.start()
        except (APIError, StoreError) as exc:
            if not refused(exc):
                raise
            self.watch_failed()
        for loop in self.loops():
            self._loop_events[loop.name] = self.sim.tick(      # periodic: the side heap (sim.simulation)
                loop.period_ms if loop.first_ms is None else loop.first_ms, lambda loop=loop: self._tick(loop),
                name=loop.name, priority=loop.priority)
        return self

    def stop(self) -> None:
        self.running = False
        self.watch_broken = False
        for informer in self._informers or []:
            informer.stop()
        self.queue.shut_down()
        for event in [self._relist_event, *self._loop_events.values()]:
            if event is not None:
                event.cancel()
        self._relist_event = None
        self._loop_events.clear()

    def _tick(self, loop: Loop) -> None:
        self._loop_events[loop.name] = self.sim.tick(loop.period_ms, lambda: self._tick(loop), name=loop.name,
                                                     priority=loop.priority)
        if not self.running:
            return
        try:
            loop.fn()
        except (APIError, StoreError):
            pass                     # wait.Until: the next period tries again

    # ------------------------------------------------------------------ reflector
    def watch_failed(self) -> None:
        """The watches broke (outage): ignore events and list again after the reflector's back-off."""
        if not self.running or self.watch_broken:
            return
        self.watch_broken = True
        self._schedule_relist()

    def _schedule_relist(self) -> None:
        self._relist_event = self.sim.schedule(self._backoff.next(self.sim.now_ms), self._relist,
                                               name=f"{self.component} re-list")

    def _relist(self) -> None:
        self._relist_event = None
        if not self.running:
            return
        try:
            for informer in self._informers or []:
                informer.start()
        except (APIError, StoreError) as exc:
            if not refused(exc):
                raise
            self._schedule_relist()
            return
        self.watch_broken = False

    # ------------------------------------------------------------------ the reconcile loop
    def _process(self, key: str) -> None:
        if not self.running:
            return
        try:
            result = self.reconcile(key)
        except (APIError, StoreError) as exc:
            if refused(exc):
                self.watch_failed()
            self._retry(key)
            return
        if result is not None and result.requeue:
            self._retry(key)
            return
        self.queue.forget(key)
        if result is not None and result.requeue_after_ms is not None:
            self.queue.add(key, result.requeue_after_ms)

    def _retry(self, key: str) -> None:
        if self.max_retries is not None and self.queue.num_requeues(key) >= self.max_retries:
            self.queue.forget(key)                  # given up: a new event or a re-list brings it back
            self.sim.record(self.component, "drop", key, f"dropped out of the queue after {self.max_retries} retries")
            return
        self.queue.add_rate_limited(key)

    def reconcile(self, key: str) -> Result | None:
        """Converge the primary object ``key`` (default: ``_sync`` on a private copy, if it exists)."""
        namespace, name = split_key(key)
        stored = self.server.peek(self.resource, name, namespace)
        if stored is None:
            return None
        return self._sync(copy_json(stored))

    def _sync(self, obj: dict) -> Result | None:  # pragma: no cover - controllers using reconcile() define it
        raise NotImplementedError

    # ------------------------------------------------------------------ keys and generated handlers
    @staticmethod
    def key_for(namespace: str, name: str) -> str:
        return f"{namespace}/{name}" if namespace else name

    def key_of(self, obj: dict) -> str:
        md = obj.get("metadata") or {}
        return self.key_for(md.get("namespace", ""), md.get("name", ""))

    def enqueue(self, obj: dict, delay_ms: int | None = None) -> None:
        self.queue.add(self.key_of(obj), self.sync_delay_ms if delay_ms is None else delay_ms)

    def primaries(self, namespace: str | None = None) -> list[dict]:
        """The primary objects, straight from the store (read-only)."""
        return self.server.store.list(self.server.info(self.resource).group_resource, namespace, copy=False)

    def on_primary(self, event: WatchEvent) -> None:
        """A primary object changed (or went): reconcile it."""
        if self.running:
            self.enqueue(event.object)

    def on_owned(self, event: WatchEvent) -> None:
        """An owned object changed: its controlling owner, if one of ours; an orphan of an adopted
        kind: every primary in its namespace that selects it."""
        if not self.running:
            return
        obj = event.object
        ref = util.controller_of(obj)
        if ref is not None:
            if ref.get("kind") == self.kind and ref.get("apiVersion", "").rpartition("/")[0] == self._group:
                self.queue.add(self.key_for(dig(obj, "metadata", "namespace", default=""), ref.get("name", "")),
                               self.sync_delay_ms)
            return
        if event.type != "DELETED" and event.resource in self._adopts:
            for owner in self.primaries(dig(obj, "metadata", "namespace", default="")):
                if self.selects(owner, obj):
                    self.enqueue(owner)

    def selects(self, owner: dict, obj: dict) -> bool:
        """Whether primary ``owner`` would adopt orphan ``obj`` (its label selector matches)."""
        return selector_from_label_selector(dig(owner, "spec", "selector")).matches(
            dig(obj, "metadata", "labels", default={}))


__all__ = ["Controller", "Informer", "Loop", "ReflectorBackoff", "Result", "refused", "split_key"]
