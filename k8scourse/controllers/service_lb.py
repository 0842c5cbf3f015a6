"""The service controller of the cloud-controller-manager: load balancers for ``type: LoadBalancer``.

On AKS the cloud provider (cloud-provider-azure) gives every LoadBalancer Service a frontend IP on
the cluster's Azure Standard Load Balancer: a new public IP resource, the rule for each port
pointing at the node pool (on the Service's node port), and the IP written to
``status.loadBalancer.ingress[0].ip``. Until then ``kubectl get svc`` shows ``<pending>``. Events on
the Service, from ``service-controller``: ``EnsuringLoadBalancer`` (*Ensuring load balancer*), then
``EnsuredLoadBalancer`` (*Ensured load balancer*); changing the type away or deleting the Service
releases the IP (``DeletingLoadBalancer``, ``DeletedLoadBalancer``). Before it creates anything the
controller puts the ``service.kubernetes.io/load-balancer-cleanup`` finalizer on the Service, and
removes it once the load balancer is released: a deleted LoadBalancer Service stays (with a
``deletionTimestamp``) until then, and goes for good while the cloud-controller-manager is down.

Public IPs look like Azure's (``20.x.y.z``, ``52.x.y.z``…) and come from the cluster RNG, so the
same run gets the same addresses. :meth:`ServiceLBController.owner_of` maps an IP back to its
Service (what the Azure load balancer's frontend does with a packet).

Deliberate differences: provisioning takes :data:`PROVISION_MS` (Azure: tens of seconds to a few
minutes); no health probes are modelled (with ``externalTrafficPolicy: Local`` the load balancer
still only sends to nodes with a ready local endpoint, which is what the health probe achieves);
``loadBalancerIP`` and the ``service.beta.kubernetes.io/azure-*`` annotations are ignored.
A status write the API server refused is retried after 5 s, doubling up to 5 min (the service
controller's own back-off). It runs in the cloud-controller-manager
(:class:`~k8scourse.controllers.manager.CloudControllerManager`).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> _ = c.kubectl("create service loadbalancer web --tcp=80:80", echo=False)
>>> c.kubectl("get svc web", echo=False).splitlines()[1].split()[3]
'<pending>'
>>> c.run(seconds=PROVISION_MS / 1000 + 1)
>>> c.kubectl("get svc web", echo=False).splitlines()[1].split()[3].split(".")[0] in FIRST_OCTETS
True
"""

from __future__ import annotations

from .. import defaults
from ..api.objects import copy_json, dig
from ..apiserver.store import StoreError
from ..errors import APIError
from .runtime import Controller, Result, split_key
from .workqueue import ItemExponentialFailureRateLimiter

COMPONENT = "service-controller"
USER = "system:serviceaccount:kube-system:service-controller"
PROVISION_MS = 8_000
# First octets of Azure public IP ranges a new Standard public IP is commonly given.
FIRST_OCTETS = ("20", "52", "40", "4")


def _has_finalizer(svc: dict) -> bool:
    return defaults.LB_CLEANUP_FINALIZER in (dig(svc, "metadata", "finalizers", default=[]) or [])


class ServiceLBController(Controller):
    resource, kind, component = "services", "Service", COMPONENT

    def __init__(self, server):
        super().__init__(server)
        self.ips: dict[tuple[str, str], str] = {}       # (namespace, name) -> public IP
        self._provisioning: dict[tuple[str, str], int] = {}

    def rate_limiter(self):
        return ItemExponentialFailureRateLimiter(defaults.SERVICE_LB_RETRY_BASE_MS, defaults.SERVICE_LB_RETRY_MAX_MS)

    def owner_of(self, ip: str) -> tuple[str, str] | None:
        """(namespace, name) of the Service whose load balancer answers on ``ip``."""
        return next((key for key, value in self.ips.items() if value == ip), None)

    def _new_ip(self) -> str:
        rng = self.server.sim.rng
        taken = set(self.ips.values())
        while True:
            ip = f"{rng.choice(FIRST_OCTETS)}.{rng.randrange(1, 255)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"
            if ip not in taken:
                return ip

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, key: str) -> Result | None:
        ns, name = split_key(key)
        svc = self.server.peek("services", name, ns)
        wanted = svc is not None and dig(svc, "spec", "type") == "LoadBalancer" \
            and not dig(svc, "metadata", "deletionTimestamp")
        if not wanted:
            self._provisioning.pop((ns, name), None)
            if (ns, name) in self.ips:
                if svc is not None:
                    self.recorder.event(svc, "Normal", "DeletingLoadBalancer", "Deleting load balancer", COMPONENT)
                del self.ips[(ns, name)]
                if svc is not None:
                    self.recorder.event(svc, "Normal", "DeletedLoadBalancer", "Deleted load balancer", COMPONENT)
            if svc is not None and _has_finalizer(svc):
                # the load balancer is released: the Service may go (or stay, without one)
                return self._set_finalizer(svc, False)
            if svc is not None and dig(svc, "status", "loadBalancer", "ingress") \
                    and not dig(svc, "metadata", "deletionTimestamp"):
                self._write(svc, {})                     # refused: the retry finds the status still set
            return None
        if not _has_finalizer(svc):
            # added before any cloud resource exists (in the same pass), so the Service cannot go
            # before they do
            failed = self._set_finalizer(svc, True)
            if failed is not None:
                return failed
            svc = self.server.peek("services", name, ns)
        ip = self.ips.get((ns, name))
        current = [i.get("ip") for i in dig(svc, "status", "loadBalancer", "ingress", default=[]) or []]
        if ip is not None:
            if current != [ip]:
                self._write(svc, {"ingress": [{"ip": ip, "ipMode": "VIP"}]})
            return None
        started = self._provisioning.get((ns, name))
        now = self.server.sim.now_ms
        if started is None:
            self._provisioning[(ns, name)] = now
            self.recorder.event(svc, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer", COMPONENT)
            return Result(requeue_after_ms=PROVISION_MS)
        if now - started < PROVISION_MS:
            return Result(requeue_after_ms=PROVISION_MS - (now - started))
        ip = self._new_ip()
        self.ips[(ns, name)] = ip
        self._provisioning.pop((ns, name), None)
        self._write(svc, {"ingress": [{"ip": ip, "ipMode": "VIP"}]})
        self.recorder.event(svc, "Normal", "EnsuredLoadBalancer", "Ensured load balancer", COMPONENT)
        return None

    def _set_finalizer(self, svc: dict, present: bool) -> Result | None:
        """Add or remove the ``load-balancer-cleanup`` finalizer (the update brings the Service back)."""
        body = copy_json(svc)
        md = body["metadata"]
        finalizers = [f for f in md.get("finalizers") or [] if f != defaults.LB_CLEANUP_FINALIZER]
        if present:
            finalizers.append(defaults.LB_CLEANUP_FINALIZER)
        if finalizers:
            md["finalizers"] = finalizers
        else:
            md.pop("finalizers", None)
        if not present and dig(body, "status", "loadBalancer", "ingress"):
            body.setdefault("status", {})["loadBalancer"] = {}
            try:
                body = self.server.update_status(body, user=USER)
            except (APIError, StoreError):
                return Result(requeue=True)
            body["metadata"]["finalizers"] = finalizers
            if not finalizers:
                body["metadata"].pop("finalizers", None)
        try:
            self.server.update(body, user=USER, trusted=True)
        except (APIError, StoreError):
            return Result(requeue=True)
        return None

    def _write(self, svc: dict, lb_status: dict) -> None:
        body = copy_json(svc)
        status = body.setdefault("status", {})
        status["loadBalancer"] = lb_status
        self.server.update_status(body, user=USER)
