"""Per-namespace defaults: the ``default`` ServiceAccount and the ``kube-root-ca.crt`` ConfigMap.

Models two small kube-controller-manager controllers: the ``serviceaccount`` controller (every
namespace gets a ServiceAccount named ``default``, re-created if deleted) and the
``root-ca-cert-publisher`` (every namespace gets the cluster's CA bundle as ConfigMap
``kube-root-ca.crt``, which the projected token volume of every pod mounts).

Deliberate difference: the CA certificate is a fixed placeholder text, not a real PEM bundle.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=0); c.run(seconds=1)
>>> [sa["metadata"]["name"] for sa in c.list("serviceaccounts", "kube-public")]
['default']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..apiserver.store import StoreError, WatchEvent
from ..errors import APIError
from .workqueue import WorkQueue

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

COMPONENT = "serviceaccount-controller"
SA_USER = "system:serviceaccount:kube-system:service-account-controller"
CA_USER = "system:serviceaccount:kube-system:root-ca-cert-publisher"
CA_CONFIGMAP = "kube-root-ca.crt"
# A stand-in for the cluster CA (a real cluster publishes its PEM-encoded certificate here).
CA_PLACEHOLDER = "-----BEGIN CERTIFICATE-----\n(simulated cluster CA)\n-----END CERTIFICATE-----\n"
RETRY_MS = 1000


class ServiceAccountsController:
    def __init__(self, server: "APIServer"):
        self.server = server
        self.queue = WorkQueue(server.sim, self.reconcile, COMPONENT)
        self._watches: list = []
        self.running = False

    def start(self) -> "ServiceAccountsController":
        if not self.running:
            self.running = True
            self._watches = [self.server.watch(r, self._on_event)
                             for r in ("namespaces", "serviceaccounts", "configmaps")]
            for ns in self.server.store.list("namespaces", None, copy=False):
                self.queue.add(ns["metadata"]["name"])
        return self

    def stop(self) -> None:
        self.running = False
        for watch in self._watches:
            watch.stop()
        self._watches = []

    def _on_event(self, event: WatchEvent) -> None:
        if not self.running:
            return
        md = event.object["metadata"]
        if event.resource == "namespaces":
            if event.type != "DELETED":
                self.queue.add(md["name"])
        elif event.type == "DELETED" and md["name"] in ("default", CA_CONFIGMAP):
            self.queue.add(md.get("namespace", ""))

    def reconcile(self, namespace: str) -> None:
        if not self.running:
            return
        ns = self.server.peek("namespaces", namespace)
        if ns is None or (ns.get("status") or {}).get("phase") == "Terminating":
            return
        try:
            if self.server.peek("serviceaccounts", "default", namespace) is None:
                self.server.create({"apiVersion": "v1", "kind": "ServiceAccount",
                                    "metadata": {"name": "default", "namespace": namespace}},
                                   namespace, user=SA_USER, trusted=True)
            if self.server.peek("configmaps", CA_CONFIGMAP, namespace) is None:
                self.server.create({"apiVersion": "v1", "kind": "ConfigMap",
                                    "metadata": {"name": CA_CONFIGMAP, "namespace": namespace,
                                                 "annotations": {"kubernetes.io/description": (
                                                     "Contains a CA bundle that can be used to verify the "
                                                     "kube-apiserver when using internal endpoints such as the "
                                                     "internal service IP or kubernetes.default.svc. No other "
                                                     "usage is guaranteed across distributions of Kubernetes "
                                                     "clusters.")}},
                                    "data": {"ca.crt": CA_PLACEHOLDER}},
                                   namespace, user=CA_USER, trusted=True)
        except APIError as exc:
            if exc.reason not in ("AlreadyExists", "Forbidden", "NotFound"):
                self.queue.add(namespace, RETRY_MS)
        except StoreError:
            self.queue.add(namespace, RETRY_MS)
