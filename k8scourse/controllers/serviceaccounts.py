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

from ..apiserver.store import WatchEvent
from ..errors import APIError
from .runtime import Controller

COMPONENT = "serviceaccount-controller"
SA_USER = "system:serviceaccount:kube-system:service-account-controller"
CA_USER = "system:serviceaccount:kube-system:root-ca-cert-publisher"
CA_CONFIGMAP = "kube-root-ca.crt"
# A stand-in for the cluster CA (a real cluster publishes its PEM-encoded certificate here).
CA_PLACEHOLDER = "-----BEGIN CERTIFICATE-----\n(simulated cluster CA)\n-----END CERTIFICATE-----\n"


class ServiceAccountsController(Controller):
    resource, kind, component = "namespaces", "Namespace", COMPONENT

    def watches(self) -> dict:
        return {"serviceaccounts": self._on_content, "configmaps": self._on_content}

    def on_primary(self, event: WatchEvent) -> None:
        if self.running and event.type != "DELETED":
            self.enqueue(event.object)

    def _on_content(self, event: WatchEvent) -> None:
        """The ``default`` ServiceAccount or the CA ConfigMap deleted: put it back."""
        md = event.object["metadata"]
        if self.running and event.type == "DELETED" and md["name"] in ("default", CA_CONFIGMAP):
            self.queue.add(md.get("namespace", ""))

    def reconcile(self, namespace: str) -> None:
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
                raise
