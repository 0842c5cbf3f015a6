"""The events.k8s.io/v1 event recorder (client-go ``tools/events``): what kube-scheduler and
kube-proxy report with.

Components written after 2020 report through the newer Events API. Its Events look different from
the kubelet's or a controller's (:mod:`k8scourse.client.record`) when read back through the core
API (``kubectl get events -o yaml``):

* ``eventTime`` is a ``MicroTime`` (``2026-03-02T09:00:01.250000Z``); ``firstTimestamp`` and
  ``lastTimestamp`` are ``null`` and there is no ``count``;
* ``action`` says what the component was doing (``Binding``, ``Scheduling``, ``Preempting``);
  ``related`` names a second object (the preemptor of a ``Preempted`` victim);
* ``source`` is empty: ``reportingComponent`` (the reporting controller, ``default-scheduler``)
  and ``reportingInstance`` (``<controller>-<hostname>``) say who reported it;
* repeats become a ``series``. Two Events are the same ("isomorphic") when type, action, reason,
  reporter and the ``regarding``/``related`` references are — the references include the object's
  ``resourceVersion``, and the message is *not* part of it. The second occurrence writes
  ``series: {count: 2, lastObservedTime}`` at once; later ones only count in the recorder's cache,
  which is written back every 30 minutes (refresh) and when a series has been quiet for 6 minutes
  (finish, checked every 6 minutes, after which the cache forgets it). A singleton is forgotten
  6 minutes after it happened, so a repeat after that is a new Event. This is why ``describe pod``
  of a long-pending pod shows ``FailedScheduling … 2m (x2 over 7m)`` next to an older single line:
  the scheduler's first failure writes the pod's ``PodScheduled`` condition, which changes the
  pod's ``resourceVersion`` and so starts a second series.

Timing facts (``finishTime`` 6 min, ``refreshTime`` 30 min, ticks counted from the broadcaster's
start, count 2 written at once) are client-go v0.32's ``tools/events/event_broadcaster.go``. The
ticks are scheduled only while the cache holds something, so an idle recorder costs nothing.

Events are best effort: a refused write is dropped, the component carries on.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation())
>>> rec = EventBroadcaster(api, "control-plane").new_recorder("default-scheduler")
>>> pod = {"apiVersion": "v1", "kind": "Pod",
...        "metadata": {"name": "web", "namespace": "default", "uid": "u1", "resourceVersion": "7"}}
>>> for _ in range(3):
...     _ = rec.eventf(pod, None, "Warning", "FailedScheduling", "Scheduling", "0/1 nodes are available")
>>> [ev] = api.list("events", "default")["items"]
>>> ev["series"]["count"], ev["reportingInstance"], ev["source"], ev["firstTimestamp"]
(2, 'default-scheduler-control-plane', {}, None)
>>> api.sim.run(seconds=12 * 60)      # quiet for over 6 minutes at a tick: written a last time
>>> api.list("events", "default")["items"][0]["series"]["count"]
3
"""

from __future__ import annotations

from ..errors import K8sCourseError

# client-go tools/events: a series quiet this long is written a last time and forgotten; singletons
# are forgotten this long after they happened. Also the period of the check.
FINISH_MS = 6 * 60 * 1000
# client-go tools/events: every cached series is written back this often.
REFRESH_MS = 30 * 60 * 1000


def object_reference(obj: dict) -> dict:
    """``ref.GetReference``: the reference an Event keeps to an object (kind, namespace, name, uid,
    apiVersion, resourceVersion — those that are set, in that order).

    >>> object_reference({"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "web", "uid": "u1"}})
    {'kind': 'Pod', 'name': 'web', 'uid': 'u1', 'apiVersion': 'v1'}
    """
    md = obj.get("metadata") or {}
    ref = {}
    value = obj.get("kind")
    if value:
        ref["kind"] = value
    value = md.get("namespace")
    if value:
        ref["namespace"] = value
    value = md.get("name")
    if value:
        ref["name"] = value
    value = md.get("uid")
    if value:
        ref["uid"] = value
    value = obj.get("apiVersion")
    if value:
        ref["apiVersion"] = value
    value = md.get("resourceVersion")
    if value:
        ref["resourceVersion"] = value
    return ref


_REF_FIELDS = frozenset(("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion"))
_UNSET = object()        # a field the reference does not have (distinct from any value, None included)


def _ref_key(ref: dict | None) -> tuple:
    """A reference as a cache key: equal keys for equal references. One flat tuple for the fields
    ``object_reference`` sets, the sorted items for any other reference.

    >>> _ref_key({"kind": "Pod", "name": "web"}) == _ref_key({"name": "web", "kind": "Pod"})
    True
    >>> _ref_key({"kind": "Pod", "uid": None}) == _ref_key({"kind": "Pod", "name": None})
    False
    """
    if not ref:
        return ()
    if ref.keys() <= _REF_FIELDS:
        get = ref.get
        return (0, get("kind", _UNSET), get("namespace", _UNSET), get("name", _UNSET), get("uid", _UNSET),
                get("apiVersion", _UNSET), get("resourceVersion", _UNSET))
    return (1,) + tuple(sorted(ref.items()))


class EventBroadcaster:
    """One process's broadcaster: its cache of recent Events and the refresh/finish ticks.

    ``hostname`` makes the reporting instance (``default-scheduler-<hostname>``). ``restart()`` is a
    new process: the cache of the old one (and any count it had not written yet) is gone.
    """

    def __init__(self, server, hostname: str):
        self.server = server
        self.hostname = hostname
        self._cache: dict[tuple, dict] = {}     # isomorphic key -> the cached Event (core/v1 form)
        self._sequence = 0                      # tells apart Events created in the same millisecond
        self._generation = 0                    # ticks of an older process see a newer generation
        self._tick_pending = False
        self._started_ms = server.sim.now_ms

    def restart(self) -> None:
        self._cache.clear()
        self._generation += 1
        self._tick_pending = False
        self._started_ms = self.server.sim.now_ms

    def new_recorder(self, reporting_controller: str) -> "EventsRecorder":
        return EventsRecorder(self, reporting_controller, f"{reporting_controller}-{self.hostname}")

    # ------------------------------------------------------------------ recording
    def record(self, event: dict, now_ms: int | None = None) -> dict | None:
        """One occurrence of ``event`` (core/v1 form, not stored yet); the stored Event when this
        occurrence wrote one. The cache keeps ``[event, created ms, last observed ms]``."""
        key = (event["type"], event.get("action"), event["reason"], event["reportingComponent"],
               event["reportingInstance"], _ref_key(event["involvedObject"]), _ref_key(event.get("related")))
        if now_ms is None:
            now_ms = self.server.sim.now_ms
        cached = self._cache.get(key)
        if cached is None:
            self._cache[key] = [event, now_ms, now_ms]
            if not self._tick_pending:
                self._schedule_tick()
            return self._write(event)
        micro = self.server.sim.clock.rfc3339_micro()
        event = cached[0]
        cached[2] = now_ms
        if event.get("series"):         # the cache's own copy (see below)
            event["series"] = {"count": event["series"]["count"] + 1, "lastObservedTime": micro}
            return None
        # the first write handed ``event`` over (it is the stored Event): a series starts on a copy
        event = cached[0] = dict(event)
        event["series"] = {"count": 2, "lastObservedTime": micro}
        return self._write(event)

    def _write(self, event: dict) -> dict | None:
        """Create the Event, or for a series write its ``series`` onto the stored one (re-created
        if it is gone, as client-go does when its patch meets NotFound).

        A new occurrence's ``event`` is handed over to the API server and becomes the stored Event
        (the cache then holds the stored object and never changes it: a series starts on a copy); a
        series' Event stays the cache's, and what is written is a copy of its top level."""
        server = self.server
        md = event["metadata"]
        try:
            if "series" in event:
                current = server.peek("events", md["name"], md["namespace"])
                if current is not None:
                    updated = dict(current)
                    updated["series"] = dict(event["series"])
                    return server.update(updated, user=event["reportingComponent"], trusted=True)
                body = dict(event)
                body["metadata"] = {"name": md["name"], "namespace": md["namespace"]}
            elif len(md) == 2:          # as eventf made it: {name, namespace}
                body = event
            else:                       # written before (a refused write may have filled it in)
                body = dict(event)
                body["metadata"] = {"name": md["name"], "namespace": md["namespace"]}
            created = server.create(body, md["namespace"], user=body["reportingComponent"], trusted=True,
                                    owned=True)
            ref = body["involvedObject"]
            server.sim.record(body["reportingComponent"], "event", f"{ref.get('kind', '')}/{ref.get('name', '')}",
                              f"{body['reason']}: {body.get('message', '')}")
            return created
        except K8sCourseError:
            return None

    # ------------------------------------------------------------------ refresh and finish ticks
    def _schedule_tick(self) -> None:
        """The next finish (or refresh) tick after now, on the broadcaster's 6-minute beat."""
        if self._tick_pending:
            return
        sim = self.server.sim
        elapsed = sim.now_ms - self._started_ms
        due = self._started_ms + (elapsed // FINISH_MS + 1) * FINISH_MS
        generation = self._generation
        self._tick_pending = True
        sim.schedule(due - sim.now_ms, lambda: self._tick(generation), name="events-broadcaster")

    def _tick(self, generation: int) -> None:
        if generation != self._generation:
            return
        self._tick_pending = False
        sim = self.server.sim
        now_ms = sim.now_ms
        if (now_ms - self._started_ms) % REFRESH_MS == 0:
            for event, _, _ in self._cache.values():
                if event.get("series"):
                    self._write(event)
        for key, (event, created_ms, observed_ms) in list(self._cache.items()):
            if event.get("series"):
                if observed_ms < now_ms - FINISH_MS:
                    self._write(event)
                    del self._cache[key]
            elif created_ms < now_ms - FINISH_MS:
                del self._cache[key]
        if self._cache:
            self._schedule_tick()

    def new_name(self, regarding_name: str) -> str:
        """``<regarding name>.<hex nanoseconds>`` like client-go's, unique within the millisecond."""
        self._sequence = (self._sequence + 1) % 1_000_000
        return f"{regarding_name}.{self.server.sim.clock.unix_ms() * 1_000_000 + self._sequence:x}"


class EventsRecorder:
    """``recorder.Eventf(regarding, related, type, reason, action, note)`` for one reporting
    controller (``default-scheduler``, ``kube-proxy``)."""

    def __init__(self, broadcaster: EventBroadcaster, reporting_controller: str, reporting_instance: str):
        self.broadcaster = broadcaster
        self.reporting_controller = reporting_controller
        self.reporting_instance = reporting_instance

    def eventf(self, regarding: dict, related: dict | None, type_: str, reason: str, action: str,
               note: str, *, regarding_ref: dict | None = None) -> dict | None:
        """Record one occurrence; returns the stored Event when this occurrence wrote one."""
        broadcaster = self.broadcaster
        sim = broadcaster.server.sim
        ref = regarding_ref if regarding_ref is not None else object_reference(regarding)
        event = {"apiVersion": "v1", "kind": "Event",
                 "metadata": {"name": broadcaster.new_name(ref.get("name", "")),
                              "namespace": ref.get("namespace") or "default"},
                 "involvedObject": ref, "reason": reason, "message": note, "source": {},
                 "firstTimestamp": None, "lastTimestamp": None, "type": type_,
                 "eventTime": sim.clock.rfc3339_micro(), "action": action,
                 "reportingComponent": self.reporting_controller, "reportingInstance": self.reporting_instance}
        if not note:
            del event["message"]        # ``note``/``message`` is omitempty: kube-proxy's Starting has none
        if related is not None:
            event["related"] = object_reference(related)
        return broadcaster.record(event, sim.now_ms)
