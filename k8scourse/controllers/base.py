"""What every workload controller shares: client-go's informer + work-queue pattern.

A controller watches the resource it owns and the resources that tell it something changed; each
event handler only maps the object to a key (``namespace/name`` of the owner) and adds it to a
de-duplicating :class:`~k8scourse.controllers.workqueue.WorkQueue`; ``reconcile(key)`` then reads
the current state and converges. Subclasses name their resource, kind and component, and may add
watches with :meth:`Controller.watches`.

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

from typing import TYPE_CHECKING, Callable

from ..api.labels import selector_from_label_selector
from ..api.objects import copy_json, dig
from ..apiserver.store import StoreError
from ..client import EventRecorder
from ..errors import APIError
from . import util
from .workqueue import WorkQueue

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer


class Controller:
    resource: str = ""          # the plural of the kind this controller owns ("jobs")
    kind: str = ""              # that kind, as owner references name it ("Job")
    component: str = ""         # its name in events and the trace ("job-controller")

    def __init__(self, server: "APIServer"):
        self.server = server
        self.recorder = EventRecorder(server)
        self.queue = WorkQueue(server.sim, self.reconcile, self.component)
        self._watches: list = []
        self.running = False

    # ------------------------------------------------------------------ lifecycle
    def watches(self) -> dict[str, Callable]:
        """Resource → event handler; the owned resource is always watched."""
        return {}

    def start(self):
        if self.running:
            return self
        self.running = True
        handlers = {self.resource: self._on_owned, **self.watches()}
        self._watches = [self.server.watch(resource, handler) for resource, handler in handlers.items()]
        for obj in self._all():
            self._enqueue(obj)
        return self

    def stop(self) -> None:
        self.running = False
        for watch in self._watches:
            watch.stop()
        self._watches.clear()

    retry_ms = 1000             # a sync the API server refused is retried this much later

    def reconcile(self, key: str) -> None:
        """Read the owned object now and converge (``_sync`` on a private copy); retry later when
        the API server or etcd refused a write. Controllers with more to do override it."""
        if not self.running:
            return
        ns, _, name = key.partition("/")
        stored = self.server.peek(self.resource, name, ns)
        if stored is None:
            return
        try:
            self._sync(copy_json(stored))
        except (APIError, StoreError):
            self.queue.add(key, self.retry_ms)

    def _sync(self, obj: dict) -> None:  # pragma: no cover - controllers using reconcile() define it
        raise NotImplementedError

    # ------------------------------------------------------------------ keys
    def _all(self, namespace: str | None = None) -> list[dict]:
        """The owned objects, straight from the store (read-only)."""
        return self.server.store.list(self.server.info(self.resource).group_resource, namespace, copy=False)

    def _enqueue(self, obj: dict, delay_ms: int = 0) -> None:
        self.queue.add(f"{obj['metadata'].get('namespace', '')}/{obj['metadata']['name']}", delay_ms)

    def _on_owned(self, event) -> None:
        if self.running and event.type != "DELETED":
            self._enqueue(event.object)

    def _enqueue_controller_of(self, obj: dict) -> bool:
        """Queue ``obj``'s controlling owner if it is one of ours; True when ``obj`` has any
        controller (so the caller need not look for an orphan's new owner)."""
        ref = util.controller_of(obj)
        if ref is None:
            return False
        if ref.get("kind") == self.kind:
            self.queue.add(f"{dig(obj, 'metadata', 'namespace', default='')}/{ref.get('name', '')}")
        return True

    def _enqueue_selecting(self, obj: dict, also: Callable[[dict], bool] | None = None) -> None:
        """An orphan (no controller) looking for an owner: queue every owned object in its
        namespace whose label selector matches its labels (and ``also(owner)``, if given)."""
        labels = dig(obj, "metadata", "labels", default={})
        for owner in self._all(dig(obj, "metadata", "namespace", default="")):
            if selector_from_label_selector(dig(owner, "spec", "selector")).matches(labels) \
                    and (also is None or also(owner)):
                self._enqueue(owner)

    def _on_dependent(self, event) -> None:
        """A dependent (a Job's pod, a CronJob's job…) changed: tell its owner."""
        if self.running:
            self._enqueue_controller_of(event.object)
