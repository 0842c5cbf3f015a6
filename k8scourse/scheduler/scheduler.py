"""kube-scheduler: watches pods and nodes, schedules pending pods one cycle at a time.

Models ``pkg/scheduler/scheduler.go`` + ``schedule_one.go``: the scheduler is responsible for pods
with ``spec.schedulerName: default-scheduler`` (or none) and no ``spec.nodeName``. Each pod in the
active queue gets a *scheduling cycle* (PreFilter … Score, see ``algorithm``) and, when a node was
found, a *binding cycle* (Reserve, Permit, PreBind, Bind). Outcomes are what upstream writes:

* bound: the ``pods/binding`` write and a ``Normal Scheduled`` event (action ``Binding``)
  ``Successfully assigned <ns>/<pod> to <node>`` from ``default-scheduler``;
* not bound: a ``Warning FailedScheduling`` event (action ``Scheduling``) with the FitError text
  (repeats become a series: ``(x2 over 5m)``), the pod condition ``PodScheduled=False`` reason
  ``Unschedulable`` with the same message (rewritten only when it changes), ``nominatedNodeName``
  after a successful preemption, and the pod goes back to the queue (backoff / unschedulable).

Events go through the events.k8s.io/v1 recorder (:mod:`k8scourse.client.events`), as kube-scheduler
reports: ``eventTime``, ``reportingInstance`` ``default-scheduler-<host>``, series for repeats.

Timing: each cycle is one event on the simulated clock and takes **no simulated time** (a cycle
is microseconds in reality); cycles for queued pods run back to back at the same instant, one
event each, so other components' events at that instant interleave in scheduling order. When the
next cycle's event would be the very next event processed anyway, it runs without a round trip
through the event queue (``Simulation.continue_now`` counts it as that event).

``stop()`` drops the watches, queue and cache (a stopped kube-scheduler); pods created meanwhile
stay Pending. ``start()`` lists nodes and pods again, as a restarted scheduler's informers do, and
picks the pending pods up.
"""

from __future__ import annotations

from collections import OrderedDict

from ..errors import APIError, K8sCourseError
from . import framework as fwk
from .algorithm import MIN_FEASIBLE_NODES_TO_FIND, rejecting_plugins, schedule_pod
from .cache import SchedulerCache
from .explain import build_explanation
from .nodeinfo import PodInfo
from .queue import SchedulingQueue
from .runtime import Framework

TERMINAL = ("Succeeded", "Failed")


class Scheduler:
    def __init__(self, api, events, *, name: str = "default-scheduler", vectorize: bool | None = None,
                 keep_attempts: int = 1024):
        # ``events``: the process's events.k8s.io broadcaster; the profile's name reports its Events
        self.api, self.events, self.name = api, events, name
        self.recorder = events.new_recorder(name)
        self.sim = api.sim
        self.store = api.store              # the informer cache's reads (stored objects, read-only)
        self.vectorize = vectorize          # None: numpy path from 100 nodes on (never changes results)
        self.keep_attempts = keep_attempts
        self.running = False
        self.cache: SchedulerCache | None = None
        self.framework: Framework | None = None
        self.queue: SchedulingQueue | None = None
        self.attempts: OrderedDict = OrderedDict()
        self._watches: list = []
        self._pump_event = None
        self._next_start = 0
        self._binding = None                # the PodInfo of the pod being bound (its watch event reuses it)
        self.cycles = 0

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "Scheduler":
        if self.running:
            return self
        self.events.restart()           # a (re)started process has a new broadcaster, an empty cache
        self.cache = SchedulerCache()
        self.framework = Framework(self.api, self.recorder, self.cache, self.sim.rng, self.name)
        self.queue = SchedulingQueue(self.sim, self.framework, self._wake)
        fw = self.framework
        # the binding cycle's steps; Reserve, Permit and PreBind without plugins answer success
        self._bind_steps = [step for step, plugins in ((fw.run_reserve, fw.reserve_plugins),
                                                       (fw.run_permit, fw.permit_plugins),
                                                       (fw.run_pre_bind, fw.pre_bind_plugins)) if plugins]
        self._bind_steps.append(fw.run_bind)
        self._next_start = 0
        self.running = True
        store = self.api.store
        for node in store.list("nodes", copy=False):
            self.cache.set_node(node)
        for pod in store.list("pods", copy=False):
            self._pod_changed("ADDED", pod, initial=True)
        self._watches = [self.api.watch("nodes", self._on_node), self.api.watch("pods", self._on_pod),
                         self.api.watch("persistentvolumeclaims", self._on_pvc)]
        # The owners whose selectors make topology spread's default constraints.
        self._watches += [self.api.watch(kind, self._on_owner)
                          for kind in ("services", "replicationcontrollers", "replicasets", "statefulsets")]
        self.sim.record(self.name, "start", "kube-scheduler", "leader elected, informers synced")
        return self

    def stop(self) -> None:
        if not self.running:
            return
        for w in self._watches:
            w.stop()
        self._watches = []
        if self._pump_event is not None:
            self._pump_event.cancel()
            self._pump_event = None
        self.queue.close()
        self.running = False
        self.sim.record(self.name, "stop", "kube-scheduler")

    # ------------------------------------------------------------------ watch handlers
    def _on_node(self, ev) -> None:
        if ev.type == "DELETED":
            self.cache.remove_node(ev.object["metadata"]["name"])
            return
        for change in self.cache.set_node(ev.object):
            self.queue.on_event(change)

    def _on_pvc(self, ev) -> None:
        self.queue.on_event(fwk.PVC_CHANGE)

    def _on_owner(self, ev) -> None:
        self.cache.owners_generation += 1

    def _on_pod(self, ev) -> None:
        self._pod_changed(ev.type, ev.object)

    def _responsible(self, pod: dict) -> bool:
        return ((pod.get("spec") or {}).get("schedulerName") or "default-scheduler") == self.name

    def _pod_changed(self, kind: str, pod: dict, initial: bool = False) -> None:
        md, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
        key = f"{md.get('namespace') or 'default'}/{md['name']}"
        cache, queue = self.cache, self.queue
        if kind == "DELETED":
            queue.forget(key)
            cache.clear_nomination(key)
            if cache.remove_pod(key) is not None:
                queue.on_event(fwk.ASSIGNED_POD_DELETE)
            return
        if spec.get("nodeName"):
            queue.forget(key)
            cache.clear_nomination(key)
            if status.get("phase") in TERMINAL:
                if cache.remove_pod(key) is not None:
                    queue.on_event(fwk.ASSIGNED_POD_DELETE)
                return
            old = cache.pods.get(key)
            pending = self._binding
            new = cache.set_pod(pod, pending if pending is not None and pending.key == key else None, key)
            if old is None:
                queue.on_event(fwk.ASSIGNED_POD_ADD)
            elif old.labels != new.labels or old.terminating != new.terminating or \
                    (old.req.cpu, old.req.memory) != (new.req.cpu, new.req.memory):
                queue.on_event(fwk.ASSIGNED_POD_UPDATE)
            return
        if not self._responsible(pod):
            return
        if status.get("phase") in TERMINAL or md.get("deletionTimestamp"):
            queue.forget(key)
            cache.clear_nomination(key)
            return
        queued = queue.pods.get(key)
        info = queued.info.updated(pod) if queued is not None else PodInfo(pod)
        nominated = status.get("nominatedNodeName")
        if nominated and cache.nominated_node.get(key) != nominated:
            cache.nominate(info, nominated)
        queue.add(info)

    # ------------------------------------------------------------------ cycles
    def _wake(self) -> None:
        if self.running and self._pump_event is None:
            self._pump_event = self.sim.schedule(0, self._pump, name="kube-scheduler cycle")

    def _pump(self) -> None:
        self._pump_event = None
        queue, sim = self.queue, self.sim
        while self.running:
            q = queue.pop()
            if q is not None:
                self._schedule_one(q)
            if not queue.maybe_active() or self._pump_event is not None:
                return
            # the next cycle's event would be the next one processed: run it now (counted as that
            # event by the simulation, so nothing else can tell)
            if not sim.continue_now():
                self._wake()
                return

    def _use_vector(self) -> bool:
        if self.vectorize is not None:
            return self.vectorize
        return len(self.cache.node_list) >= MIN_FEASIBLE_NODES_TO_FIND

    def _schedule_one(self, q) -> None:
        info = q.info
        pod = self.store.peek(("pods", info.namespace, info.name))
        if pod is None or (pod.get("spec") or {}).get("nodeName") or pod["metadata"].get("deletionTimestamp"):
            self.queue.forget(info.key)
            return
        if pod is not info.pod:
            info = q.info = info.updated(pod)
        self.cycles += 1
        att, self._next_start = schedule_pod(self.framework, info, start_index=self._next_start,
                                             vector=self._use_vector(), number=q.attempts)
        if att.outcome == "Scheduled":
            self._bind(q, info, att)
        else:
            self._failed(q, info, att)
        att.state = None
        self._remember(att)

    def _bind(self, q, info, att) -> None:
        fw, state, node = self.framework, att.state, att.node
        self._binding = info
        try:
            for step in self._bind_steps:
                s = step(state, info, node)
                if not s.is_success:
                    break
        finally:
            self._binding = None
        if not s.is_success:
            fw.run_unreserve(state, info, node)
            att.outcome, att.message = "Error", s.message
            self._failed(q, info, att)
            return
        self.queue.forget(info.key)
        self.cache.clear_nomination(info.key)
        self.sim.record(self.name, "bind", f"pods/{info.key}", f"to {node}")
        self.recorder.eventf(info.pod, None, "Normal", "Scheduled", "Binding",
                             f"Successfully assigned {info.namespace}/{info.name} to {node}")

    def _failed(self, q, info, att) -> None:
        rejected = rejecting_plugins(att.failed) | set(att.narrowed_by)
        rejected.update(name for name, s in att.prefilter if s.is_rejected)
        self.queue.done(q, rejected, error=att.outcome == "Error")
        if att.nominated:
            self.cache.nominate(info, att.nominated)
        elif att.nominated == "":
            self.cache.clear_nomination(info.key)
        self.sim.record(self.name, "unschedulable", f"pods/{info.key}", att.message)
        self.recorder.eventf(info.pod, None, "Warning", "FailedScheduling", "Scheduling", att.message)
        self._update_status(info, att)

    def _update_status(self, info, att) -> None:
        pod = self.store.peek(("pods", info.namespace, info.name))
        if pod is None:
            return
        # a shallow copy: only its top-level keys change here, and the status subresource copies the body
        status = dict(pod.get("status") or {})
        reason = "Unschedulable" if att.outcome == "Unschedulable" else "SchedulerError"
        conditions = status.get("conditions") or []
        old = next((c for c in conditions if c.get("type") == "PodScheduled"), None)
        changed = old is None or (old.get("status"), old.get("reason"), old.get("message")) != \
            ("False", reason, att.message)
        if changed:
            cond = {"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                    "lastTransitionTime": old["lastTransitionTime"] if old and old.get("status") == "False"
                    else self.sim.clock.rfc3339(), "reason": reason, "message": att.message}
            status["conditions"] = [c for c in conditions if c.get("type") != "PodScheduled"] + [cond]
        nominated_changed = False
        if att.nominated is not None and (status.get("nominatedNodeName") or "") != att.nominated:
            nominated_changed = True
            if att.nominated:
                status["nominatedNodeName"] = att.nominated
            else:
                status.pop("nominatedNodeName", None)
        if not changed and not nominated_changed:
            return
        body = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": info.name, "namespace": info.namespace},
                "status": status}
        try:
            self.api.update_status(body, user="system:kube-scheduler")
        except K8sCourseError:
            pass

    def _remember(self, att) -> None:
        self.attempts[att.key] = att
        self.attempts.move_to_end(att.key)
        while len(self.attempts) > self.keep_attempts:
            self.attempts.popitem(last=False)

    # ------------------------------------------------------------------ explanations
    def explain(self, namespace: str, name: str) -> dict:
        """Why the pod is where it is (or Pending): its last attempt, else a dry evaluation now."""
        pod = self.api.peek("pods", name, namespace)
        if pod is None:
            raise APIError.not_found("pods", name)
        key = f"{namespace}/{name}"
        att = self.attempts.get(key)
        if att is not None and att.uid == pod["metadata"].get("uid"):
            return build_explanation(att, self._framework_for_reading(), self.sim)
        fw = self._framework_for_reading()
        info = PodInfo(pod)
        if info.node_name:
            return build_explanation(None, fw, self.sim, pod=pod)
        att, _ = schedule_pod(fw, info, start_index=self._next_start, vector=False, dry=True)
        att.state = None
        return build_explanation(att, fw, self.sim)

    def _framework_for_reading(self) -> Framework:
        if self.running:
            return self.framework
        cache = SchedulerCache()
        for node in self.api.store.list("nodes", copy=False):
            cache.set_node(node)
        for pod in self.api.store.list("pods", copy=False):
            if (pod.get("spec") or {}).get("nodeName") and (pod.get("status") or {}).get("phase") not in TERMINAL:
                cache.set_pod(pod)
        return Framework(self.api, None, cache, self.sim.rng, self.name)

    def verify_cache(self) -> list[str]:
        """Recount every node's requests from the store; [] when the cache agrees."""
        return self.cache.verify(self.api.store.list("pods", copy=False)) if self.running else []
