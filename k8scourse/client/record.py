"""The event recorder (client-go ``tools/record``): core/v1 Events with repeats aggregated.

A component reports ``recorder.event(obj, "Normal", "Scheduled", "Successfully assigned …",
component="default-scheduler")``. The Event is named ``<object name>.<16 hex digits>`` (upstream
uses the creation time in nanoseconds; here simulated time, so names repeat from run to run) and
carries ``involvedObject``, ``source``, ``firstTimestamp``/``lastTimestamp`` and ``count``. The
same event again (same object, type, reason, message and source) within ten minutes is not a new
object: the existing one gets ``count + 1`` and a new ``lastTimestamp`` — which is where
``kubectl describe`` gets ``Back-off … 11s (x22 over 6m21s)``.

Events are best effort, as upstream: if the API server refuses the write (namespace gone, etcd
down) the event is dropped and the component carries on. ``event`` returns the stored Event
(read-only, as ``peek`` gives it: the recorder hands its dict to the API server without copies).

Deliberate difference: upstream also merges *similar* events (same reason, different messages)
after ten of them into "(combined from similar events)"; that spam filter is left out.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); rec = EventRecorder(api)
>>> pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "default", "uid": "u1"}}
>>> for _ in range(3):
...     _ = rec.event(pod, "Warning", "BackOff", "Back-off restarting failed container", "kubelet", host="n1")
>>> [e["count"] for e in api.list("events", "default")["items"]]
[3]
"""

from __future__ import annotations

from ..errors import K8sCourseError

# Repeats of the same event within this window update the existing Event (client-go's
# eventcorrelator keeps its cache for ten minutes).
AGGREGATION_WINDOW_MS = 10 * 60 * 1000


class EventRecorder:
    def __init__(self, server):
        self.server = server
        # (namespace, involved uid/name, type, reason, message, component, host) -> (event name, last ms)
        self._seen: dict[tuple, tuple[str, int]] = {}

    def event(self, obj: dict, type_: str, reason: str, message: str, component: str,
              host: str = "", field_path: str = "") -> dict | None:
        sim = self.server.sim
        md = obj.get("metadata") or {}
        namespace = md.get("namespace") or "default"
        involved = {}
        for k, v in (("kind", obj.get("kind")), ("namespace", md.get("namespace")), ("name", md.get("name")),
                     ("uid", md.get("uid")), ("apiVersion", obj.get("apiVersion")),
                     ("resourceVersion", md.get("resourceVersion")), ("fieldPath", field_path)):
            if v:
                involved[k] = v
        key = (namespace, md.get("uid") or md.get("name"), type_, reason, message, component, host)
        now_ms = sim.now_ms
        now = sim.clock.rfc3339()
        try:
            seen = self._seen.get(key)
            if seen and now_ms - seen[1] <= AGGREGATION_WINDOW_MS:
                current = self.server.peek("events", seen[0], namespace)
                if current is not None:
                    updated = dict(current)
                    updated["count"] = current.get("count", 1) + 1
                    updated["lastTimestamp"] = now
                    self._seen[key] = (seen[0], now_ms)
                    return self.server.update(updated, user=component, trusted=True)
            name = f"{md.get('name', 'unknown')}.{sim.clock.unix_ms() * 1_000_000 + len(self._seen):x}"
            source = {"component": component}
            if host:
                source["host"] = host
            event = {"apiVersion": "v1", "kind": "Event",
                     "metadata": {"name": name, "namespace": namespace},
                     "involvedObject": involved, "reason": reason, "message": message, "source": source,
                     "firstTimestamp": now, "lastTimestamp": now, "count": 1, "type": type_,
                     "eventTime": None, "reportingComponent": component, "reportingInstance": host}
            created = self.server.create(event, namespace, user=component, trusted=True, owned=True)
            self._seen[key] = (name, now_ms)
            self.server.sim.record(component, "event", f"{involved.get('kind', '')}/{involved.get('name', '')}",
                                   f"{reason}: {message}")
            return created
        except K8sCourseError:
            return None
