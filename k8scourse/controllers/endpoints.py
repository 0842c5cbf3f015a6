"""The Endpoints and EndpointSlice controllers: which pods a Service sends traffic to.

Models kube-controller-manager's ``endpoints`` and ``endpointslice`` controllers. For every Service
with a selector, the pods in its namespace whose labels match and that have an IP become its
endpoints: ready pods as ``addresses``, not-ready ones as ``notReadyAddresses`` (EndpointSlice:
``conditions.ready: false``); terminating pods are left out of Endpoints and marked
``terminating`` in slices. Each Service port's ``targetPort`` is resolved per pod — a number as is,
a name through the pod's container ports (a pod without that port name is left out, as upstream).
A Service whose selector or target port matches nothing still gets an Endpoints object with no
subsets, which ``kubectl get ep`` shows as ``<none>``. Services without a selector are left alone
(their Endpoints are the user's).

A sync the API server refused is retried with the work queue's back-off and given up after 15
retries, as upstream; Endpoints whose Service is gone are looked at again whenever the controller
lists (starting, or after an outage broke its watches: upstream's leftover check), so a Service
deleted just before an outage loses its Endpoints once the API is back.

Deliberate differences: one EndpointSlice per Service and address type (upstream splits at 100
endpoints per slice); the slice's name suffix comes from the cluster RNG; the leftover check runs
on every re-list, not only at start-up.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> _ = c.kubectl("create service clusterip my-service --tcp=80:9376", echo=False); c.run(seconds=1)
>>> c.get("endpoints", "my-service").get("subsets") is None
True
"""

from __future__ import annotations

from .. import defaults
from ..api import names as namerules
from ..api.labels import selector_from_set
from ..api.objects import copy_json, dig
from ..apiserver.store import WatchEvent
from .runtime import Controller, split_key

COMPONENT = "endpoint-controller"
USER = "system:serviceaccount:kube-system:endpoint-controller"
SLICE_USER = "system:serviceaccount:kube-system:endpointslice-controller"
MANAGED_BY = "endpointslice-controller.k8s.io"
# Controllers batch their syncs; upstream's endpoint updates land within about a second.
SYNC_DELAY_MS = 500


def _ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in dig(pod, "status", "conditions", default=[]))


def _target_port(pod: dict, port: dict):
    """The pod's port number for a Service port, or None when a named port is missing."""
    target = port.get("targetPort", port.get("port"))
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    for container in dig(pod, "spec", "containers", default=[]):
        for cport in container.get("ports") or []:
            if cport.get("name") == target and cport.get("protocol", "TCP") == port.get("protocol", "TCP"):
                return cport.get("containerPort")
    return None


class EndpointsController(Controller):
    resource, kind, component = "services", "Service", COMPONENT
    sync_delay_ms = SYNC_DELAY_MS
    max_retries = defaults.CONTROLLER_MAX_RETRIES

    def watches(self) -> dict:
        return {"pods": self._on_pod, "endpoints": self._on_endpoints}

    # ---------------------------------------------------------------- handlers map events to keys
    def _on_pod(self, event: WatchEvent) -> None:
        if not self.running:
            return
        namespace = event.object["metadata"].get("namespace", "")
        labels = dig(event.object, "metadata", "labels", default={})
        for svc in self.primaries(namespace):
            selector = dig(svc, "spec", "selector", default={})
            if selector and selector_from_set(selector).matches(labels):
                self.enqueue(svc)

    def _on_endpoints(self, event: WatchEvent) -> None:
        """Endpoints deleted (``onEndpointsDelete``: put back while the Service exists), or found by a
        (re-)list without their Service (``checkLeftoverEndpoints``: a Service deleted while this
        controller could not act, or gave the key up) — look at the Service."""
        if not self.running:
            return
        md = event.object["metadata"]
        if event.type == "DELETED" or (self.listing and self.server.peek("services", md["name"],
                                                                         md.get("namespace", "")) is None):
            self.queue.add(self.key_of(event.object), self.sync_delay_ms)

    # ---------------------------------------------------------------- reconcile
    def reconcile(self, key: str) -> None:
        namespace, name = split_key(key)
        svc = self.server.peek("services", name, namespace)
        if svc is None:
            self._delete_owned(namespace, name)
            return
        selector = dig(svc, "spec", "selector", default={})
        if not selector or dig(svc, "spec", "type") == "ExternalName":
            return
        pods = [p for p in self.server.store.list("pods", namespace, copy=False)
                if selector_from_set(selector).matches(dig(p, "metadata", "labels", default={}))
                and dig(p, "status", "podIP")]
        self._sync_endpoints(svc, pods)
        self._sync_slice(svc, pods)

    def _delete_owned(self, namespace: str, name: str) -> None:
        if self.server.peek("endpoints", name, namespace) is not None:
            self.server.delete("endpoints", name, namespace, user=USER)
        for es in self.server.store.list("endpointslices.discovery.k8s.io", namespace, copy=False):
            if dig(es, "metadata", "labels", "kubernetes.io/service-name") == name:
                self.server.delete("endpointslices", es["metadata"]["name"], namespace, user=SLICE_USER)

    def _sync_endpoints(self, svc: dict, pods: list[dict]) -> None:
        md = svc["metadata"]
        subsets: dict[tuple, dict] = {}
        for pod in pods:
            if dig(pod, "metadata", "deletionTimestamp"):
                continue
            ports = []
            for port in dig(svc, "spec", "ports", default=[]):
                number = _target_port(pod, port)
                if number is None:
                    ports = None
                    break
                entry = {"port": number, "protocol": port.get("protocol", "TCP")}
                if port.get("name"):
                    entry["name"] = port["name"]
                ports.append(entry)
            if not ports:
                continue
            address = {"ip": pod["status"]["podIP"], "nodeName": dig(pod, "spec", "nodeName", default=""),
                       "targetRef": {"kind": "Pod", "namespace": pod["metadata"]["namespace"],
                                     "name": pod["metadata"]["name"], "uid": pod["metadata"].get("uid", "")}}
            if not address["nodeName"]:
                del address["nodeName"]
            key = tuple((p.get("name", ""), p["port"], p["protocol"]) for p in ports)
            subset = subsets.setdefault(key, {"ports": ports})
            subset.setdefault("addresses" if _ready(pod) else "notReadyAddresses", []).append(address)
        for subset in subsets.values():
            for field in ("addresses", "notReadyAddresses"):
                if field in subset:
                    subset[field].sort(key=lambda a: tuple(int(x) for x in a["ip"].split(".")))
        endpoints = {"apiVersion": "v1", "kind": "Endpoints",
                     "metadata": {"name": md["name"], "namespace": md["namespace"],
                                  "labels": dict(md.get("labels") or {})}}
        if subsets:
            endpoints["subsets"] = [subsets[k] for k in sorted(subsets)]
        if not endpoints["metadata"]["labels"]:
            del endpoints["metadata"]["labels"]
        current = self.server.peek("endpoints", md["name"], md["namespace"])
        if current is None:
            self.server.create(endpoints, md["namespace"], user=USER, trusted=True)
        elif current.get("subsets") != endpoints.get("subsets") or \
                (current["metadata"].get("labels") or {}) != (endpoints["metadata"].get("labels") or {}):
            updated = copy_json(current)
            updated["metadata"]["labels"] = endpoints["metadata"].get("labels", {})
            updated.pop("subsets", None)
            if "subsets" in endpoints:
                updated["subsets"] = endpoints["subsets"]
            self.server.update(updated, user=USER, trusted=True)

    def _sync_slice(self, svc: dict, pods: list[dict]) -> None:
        md = svc["metadata"]
        ports = []
        for port in dig(svc, "spec", "ports", default=[]):
            entry = {"name": port.get("name", ""), "protocol": port.get("protocol", "TCP")}
            numbers = {_target_port(p, port) for p in pods} - {None}
            entry["port"] = min(numbers) if numbers else None
            ports.append(entry)
        endpoints = []
        for pod in pods:
            terminating = bool(dig(pod, "metadata", "deletionTimestamp"))
            ready = _ready(pod) and not terminating
            ep = {"addresses": [pod["status"]["podIP"]],
                  "conditions": {"ready": ready, "serving": _ready(pod), "terminating": terminating},
                  "targetRef": {"kind": "Pod", "namespace": pod["metadata"]["namespace"],
                                "name": pod["metadata"]["name"], "uid": pod["metadata"].get("uid", "")}}
            if dig(pod, "spec", "nodeName"):
                ep["nodeName"] = pod["spec"]["nodeName"]
            endpoints.append(ep)
        endpoints.sort(key=lambda e: tuple(int(x) for x in e["addresses"][0].split(".")))
        existing = [es for es in self.server.store.list("endpointslices.discovery.k8s.io", md["namespace"], copy=False)
                    if dig(es, "metadata", "labels", "kubernetes.io/service-name") == md["name"]]
        body = {"addressType": "IPv4", "endpoints": endpoints}
        if endpoints:
            body["ports"] = ports
        if existing:
            current = existing[0]
            if all(current.get(k) == v for k, v in body.items()):
                return
            updated = copy_json(current)
            updated.pop("ports", None)
            updated.update(copy_json(body))
            self.server.update(updated, user=SLICE_USER, trusted=True)
            return
        slice_ = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                  "metadata": {"name": f"{md['name']}-{namerules.generate_name_suffix(self.server.sim.rng)}",
                               "namespace": md["namespace"],
                               "labels": {"kubernetes.io/service-name": md["name"],
                                          "endpointslice.kubernetes.io/managed-by": MANAGED_BY},
                               "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": md["name"],
                                                    "uid": md.get("uid", ""), "controller": True,
                                                    "blockOwnerDeletion": True}]},
                  **body}
        self.server.create(slice_, md["namespace"], user=SLICE_USER, trusted=True)
