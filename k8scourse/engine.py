"""The composition root: one simulated cluster assembled from its components.

This is the one place that knows every component and wires them together; the components
themselves only know the API server (and the kubelet its machine). ``ClusterEngine`` builds:

1. the **control plane** (:mod:`k8scourse.controlplane`): etcd, kube-apiserver,
   kube-controller-manager (with node IPAM on kubenet), kube-scheduler, cloud-controller-manager;
2. the objects a cluster has from the start (the ``kubernetes`` Service and its endpoints, AKS's
   ``default`` StorageClass) and the **add-ons**: CoreDNS (``kube-dns``) and metrics-server, which
   the API server serves ``metrics.k8s.io`` from;
3. **machines** — one VM per node (:class:`~k8scourse.node.Machine`), each running a **kubelet**,
   which registers its Node, and a **kube-proxy**.

Every component is in :attr:`ClusterEngine.components` under its process name
(``kube-scheduler``, ``kubelet/<node>``…), which is how :mod:`k8scourse.faults` finds what to stop.
The front ends sit on top: :class:`k8scourse.cluster.Cluster` (the notebook's handle, with
kubectl), the Azure models (AKS creates an engine per managed cluster) and the widgets.

>>> e = ClusterEngine(nodes=2, seed=0)
>>> sorted(n["metadata"]["name"] for n in e.api.list("nodes")["items"])
['aks-nodepool1-78300211-vmss000000', 'aks-nodepool1-78300211-vmss000001']
>>> e.components.names()[:5]
['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'cloud-controller-manager']
>>> e.run(seconds=1); e.get("nodes", "aks-nodepool1-78300211-vmss000001")["spec"]["podCIDR"]
'10.244.1.0/24'
"""

from __future__ import annotations

import hashlib
import ipaddress
from functools import partial
from typing import Any, Callable

from . import addons, defaults
from .addons import metrics_server as metrics_server_addon
from .component import Components
from .controllers.service_lb import ServiceLBController
from .controlplane import ControllerManager, ControlPlane
from .dns import DNSAddon, install
from .errors import ArgumentError, SimulationError
from .i18n import t
from .faults import Faults
from .kubelet import Kubelet
from .kubelet.server import NodeDialer
from .traffic.container_exec import run_in_container
from .metrics import MetricsServer
from .node import VM_SIZES, Machine, VMSize, vm_size as lookup_vm_size
from .proxy import KubeProxy
from .runtime.images import ImageInfo
from .scheduler import Scheduler
from .sim import Simulation
from .sim.simulation import duration_ms
from .traffic import Response, Traffic


class ClusterEngine:
    # NetworkPolicy engine (k8scourse.traffic.policy): None = enforced (Calico on kubenet, Azure NPM on
    # Azure CNI); "azure"/"calico"/"cilium" enforce; "none" stores policies without enforcing them.
    network_policy: str | None = None

    def __init__(self, nodes: int = defaults.NODE_COUNT, vm_size: str = defaults.VM_SIZE,
                 seed: int = defaults.SEED, *, name: str = "k8scourse",
                 kubernetes_version: str = defaults.KUBERNETES_VERSION, pool: str = "nodepool1",
                 max_pods: int | None = None, network_plugin: str = defaults.NETWORK_PLUGIN,
                 epoch: str = defaults.EPOCH, service_cidr: str = defaults.SERVICE_CIDR,
                 pod_cidr: str = defaults.POD_CIDR, server_url: str | None = None,
                 sim: Simulation | None = None, dns: bool = True, metrics_server: bool = True,
                 addons_profile: str = "kubeadm", node_cidr_mask_size: int = defaults.NODE_CIDR_MASK):
        if addons_profile not in addons.PROFILES:
            raise SimulationError(t("sim.unknown_addons", profile=addons_profile, known=", ".join(addons.PROFILES)))
        if isinstance(nodes, bool) or not isinstance(nodes, int) or not 0 <= nodes <= defaults.MAX_NODES_PER_POOL:
            raise ArgumentError("arg.nodes", limit=defaults.MAX_NODES_PER_POOL, got=repr(nodes)[:60])
        if network_plugin not in defaults.MAX_PODS_BY_NETWORK_PLUGIN:
            known = ", ".join(defaults.MAX_PODS_BY_NETWORK_PLUGIN)
            raise SimulationError(t("sim.unknown_network_plugin", plugin=network_plugin, known=known))
        size = self._vm_size(vm_size)
        self.name = name
        self.kubernetes_version = kubernetes_version.lstrip("v")
        self.network_plugin = network_plugin
        self.addons_profile = addons_profile    # which add-ons kube-system runs (k8scourse.addons)
        # The pods' address range: Azure CNI (node-subnet mode) gives pods addresses on the VNet subnet.
        self.pod_cidr = defaults.NODE_SUBNET if network_plugin == "azure" else pod_cidr
        max_pods = defaults.MAX_PODS_BY_NETWORK_PLUGIN[network_plugin] if max_pods is None else max_pods
        # Clusters of one Azure subscription share its simulation: one clock, one event heap.
        self.sim = sim or Simulation(seed=seed, epoch=epoch)
        self.control_plane = ControlPlane(self.sim, name=name, service_cidr=service_cidr,
                                          allocate_node_cidrs=network_plugin != "azure", cluster_cidr=self.pod_cidr,
                                          node_cidr_mask_size=node_cidr_mask_size)
        self.api = self.control_plane.apiserver
        self.store = self.control_plane.etcd
        self.recorder = self.control_plane.recorder
        self.server_url = server_url or f"https://{name}-dns-{self.sim.rng.randrange(16**8):08x}." \
                                        f"hcp.{defaults.REGION}.azmk8s.io:443"
        self.pool_id = f"{self.sim.rng.randrange(10**8):08d}"
        self.machines: dict[str, Machine] = {}
        self.disks: dict = {}               # the cloud's disks and file shares: their contents outlive pods
        self.kubelets: dict[str, Kubelet] = {}
        self.proxies: dict[str, KubeProxy] = {}
        self._node_index: dict[str, int] = {}
        self._node_ordinal = 0              # every node ever added: its IP
        self._subnet_offset = 0             # Azure CNI: the next free address of the node subnet
        # reference -> ImageInfo | error text | None, set by whoever provides private registries (AKS + ACR)
        self.image_resolver: Callable[[str], ImageInfo | str | None] | None = None
        self.dns_published = True           # the API server's name resolves (AKS removes it while stopped)
        self.dialer = NodeDialer(self.kubelets, self._reachable, partial(run_in_container, self))
        self.api.pod_subresources.dialer = self.dialer
        # Every front end holds the simulation's lock around its calls (clusters of one Azure
        # subscription share one simulation, hence one lock).
        self.lock = self.sim.lock
        self.components = Components()
        for part in self.control_plane.components():
            self.components.add(part, *_ALIASES.get(part.name, ()))
        self.control_plane.start()
        self.metrics = None
        if metrics_server:          # AKS installs it; a bare kubeadm cluster has none (`kubectl top` fails)
            self.metrics = MetricsServer(self.api, self.dialer).start()
            self.api.api_services["metrics.k8s.io"] = self.metrics
            self.components.add(self.metrics, "metrics")
            self.control_plane.controller_manager.attach_metrics(self.metrics)
        self.faults = Faults(self)          # stop/start components and machines, crash, partition, load
        self.traffic = Traffic(self)        # requests through DNS, kube-proxy, policies and the pods' programs
        self._bootstrap()
        self.dns = None
        if dns:
            install(self.api, aks=addons_profile == "aks")
            self.dns = DNSAddon(self.api)
            self.components.add(self.dns, "dns", "kube-dns")
        # kube-system's add-on workloads (k8scourse.addons): DaemonSets and Deployments through the API
        addons.install(self.api, addons_profile, version=self.kubernetes_version, pod_cidr=self.pod_cidr,
                       metrics=self.metrics is not None)
        self.kube_proxy_pods = None
        if addons_profile != "none":
            # a node's kube-proxy pod deleted: its proxier stops; the DaemonSet's replacement starts it again
            self.kube_proxy_pods = addons.KubeProxyPods(self.api, self.proxies)
            if self.metrics is not None:        # the Metrics API answers once a metrics-server pod is ready
                self.metrics.backend_ready = partial(metrics_server_addon.ready, self.api)
        self.control_plane.cloud_controller_manager.start()
        for _ in range(nodes):
            self.add_node(vm_size=size.name, pool=pool, max_pods=max_pods)

    # ------------------------------------------------------------------ parts by their usual names
    @property
    def scheduler(self) -> Scheduler:
        """The kube-scheduler's scheduling core (``explain`` reads its record of decisions)."""
        return self.control_plane.scheduler.scheduler

    @property
    def controller_manager(self) -> ControllerManager:
        return self.control_plane.controller_manager

    @property
    def service_lb(self) -> ServiceLBController:
        return self.control_plane.cloud_controller_manager.service_lb

    @staticmethod
    def _vm_size(vm_size: str) -> VMSize:
        size = lookup_vm_size(vm_size) if isinstance(vm_size, str) else None
        if size is None:
            known = ", ".join(sorted(s.name for s in VM_SIZES.values()))
            raise SimulationError(t("sim.unknown_vm_size", size=vm_size, known=known))
        return size

    # ------------------------------------------------------------------ set-up
    def _bootstrap(self) -> None:
        """Objects every cluster has from the start: the ``kubernetes`` Service, AKS's ``default``
        StorageClass."""
        self.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {
            "name": "kubernetes", "namespace": "default",
            "labels": {"component": "apiserver", "provider": "kubernetes"}},
            "spec": {"clusterIP": self.api.allocator.api_ip, "ports": [
                {"name": "https", "port": 443, "protocol": "TCP", "targetPort": defaults.API_SERVER_PORT}],
                "sessionAffinity": "None", "type": "ClusterIP"}},
            user="system:apiserver", trusted=True)
        # The API server keeps the `kubernetes` Service's endpoints itself (its endpoint reconciler):
        # its own address and port. The address is derived from the cluster's name, not the RNG.
        digest = hashlib.sha256(self.name.encode()).digest()
        self.api_server_ip = f"20.{40 + digest[0] % 200}.{digest[1]}.{1 + digest[2] % 254}"
        self.api.create({"apiVersion": "v1", "kind": "Endpoints", "metadata": {
            "name": "kubernetes", "namespace": "default",
            "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
            "subsets": [{"addresses": [{"ip": self.api_server_ip}],
                         "ports": [{"name": "https", "port": defaults.API_SERVER_PORT, "protocol": "TCP"}]}]},
            user="system:apiserver", trusted=True)
        # ... and its EndpointSlice, which kube-proxy programs (the Endpoints are not mirrored: skip-mirror)
        self.api.create({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {
            "name": "kubernetes", "namespace": "default", "labels": {"kubernetes.io/service-name": "kubernetes"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": [self.api_server_ip], "conditions": {"ready": True}}],
            "ports": [{"name": "https", "port": defaults.API_SERVER_PORT, "protocol": "TCP"}]},
            user="system:apiserver", trusted=True)
        # AKS's default StorageClass (Azure Disk CSI), so claims — StatefulSet volumeClaimTemplates
        # — get volumes from the PersistentVolumeController's provisioner
        self.api.create({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {
            "name": "default", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
            "labels": {"addonmanager.kubernetes.io/mode": "EnsureExists", "kubernetes.io/cluster-service": "true"}},
            "provisioner": "disk.csi.azure.com", "parameters": {"skuname": "StandardSSD_LRS"},
            "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer", "allowVolumeExpansion": True},
            user="system:addon-manager", trusted=True)

    # ------------------------------------------------------------------ machines
    def add_node(self, vm_size: str = defaults.VM_SIZE, pool: str = "nodepool1",
                 max_pods: int = defaults.MAX_PODS, zone: str = "0", *, index: int | None = None,
                 kubelet_version: str | None = None, pool_id: str | None = None, labels: dict | None = None,
                 taints: list | None = None) -> dict:
        """Provision one more machine and join it (as the VM scale set adding an instance would):
        its kubelet registers the Node, its kube-proxy starts. Returns the Node.

        ``index`` re-uses a VMSS instance number (a reimaged node keeps its name); ``pool_id`` is the
        8-digit number in the pool's node names; ``kubelet_version`` defaults to the cluster's;
        ``labels`` and ``taints`` are the kubelet's ``--node-labels`` and ``--register-with-taints``.
        """
        size = self._vm_size(vm_size)
        if isinstance(max_pods, bool) or not isinstance(max_pods, int) or max_pods < 1:
            raise SimulationError(t("sim.max_pods", got=repr(max_pods)))
        if index is None:
            index = self._node_index.get(pool, 0)
        self._node_index[pool] = max(self._node_index.get(pool, 0), index + 1)
        pid = pool_id or self.pool_id
        name = f"aks-{pool}-{pid}-vmss{index:06d}"
        ordinal = self._node_ordinal
        self._node_ordinal += 1
        pod_ips = None
        if self.network_plugin == "azure":
            # Azure CNI (node-subnet mode): the node's address, then maxPods secondary addresses for its pods.
            ip = _nth_address(defaults.FIRST_NODE_IP, self._subnet_offset)
            self._subnet_offset += max_pods + 1
            pod_ips = (_nth_address(ip, 1), max_pods)
        else:
            ip = _nth_address(defaults.FIRST_NODE_IP, ordinal)
        if self.addons_profile == "aks" and not (labels or {}).get("kubernetes.azure.com/cluster"):
            # AKS's kubelets label their nodes with the node resource group (its add-ons select on it)
            labels = {**(labels or {}), "kubernetes.azure.com/cluster": f"MC_rg_{self.name}_{defaults.REGION}"}
        machine = Machine(name, size, pool=pool, index=index, ip=ip, zone=zone, max_pods=max_pods,
                          labels=labels, taints=taints,
                          kubelet_version=(kubelet_version or self.kubernetes_version).lstrip("v"), pod_ips=pod_ips,
                          provider_id=f"azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
                                      f"mc_rg_{self.name}_{defaults.REGION}/providers/Microsoft.Compute/"
                                      f"virtualMachineScaleSets/aks-{pool}-{pid}-vmss/virtualMachines/{index}")
        self.join(machine)
        return self.api.get("nodes", name, "")

    def next_index(self, pool: str) -> int:
        """The instance number the pool's scale set gives its next new VM."""
        return self._node_index.get(pool, 0)

    def join(self, machine: Machine, *, registers: bool = True, proxy: bool = True) -> Kubelet:
        """Boot ``machine`` into the cluster: start its kubelet (which registers the Node unless
        ``registers=False``: a virtual kubelet's Node is registered by its provider) and kube-proxy."""
        self.machines[machine.name] = machine
        kubelet = Kubelet(self.api, self.recorder, machine, registers=registers, disks=self.disks)
        # Private registries (an AKS cluster's attached ACRs) answer through the cluster's resolver.
        kubelet.runtime.images.resolver = self._resolve_image
        # The node image comes with the add-ons' images (k8scourse.addons.node_images)
        for ref in addons.node_images(self.addons_profile, self.kubernetes_version):
            kubelet.runtime.images.preload(ref)
        # What a container sends outside its pod (wget/curl in its shell) goes through the traffic model.
        kubelet.runtime.remote = lambda uid, host, port, path, agent, k=kubelet, **kw: self._pod_request(
            k, uid, host, port, path, agent, **kw)
        self.kubelets[machine.name] = kubelet
        self.components.add(kubelet)
        kubelet.start()
        if proxy:
            kube_proxy = KubeProxy(self.api, machine.name, cluster_cidr=self.pod_cidr)
            self.proxies[machine.name] = kube_proxy
            self.components.add(kube_proxy)
            kube_proxy.start()
        return kubelet

    def remove_node(self, name: str) -> None:
        """Take a machine away (its VM is deleted): the kubelet stops, the pods bound to it are removed
        (as the pod garbage collector does for a deleted node), then the Node object."""
        for part in (self.kubelets.pop(name, None), self.proxies.pop(name, None)):
            if part is not None:
                part.stop()
                self.components.remove(part.name)
        self.machines.pop(name, None)
        for pod in self.api.list("pods")["items"]:
            if (pod.get("spec") or {}).get("nodeName") == name:
                self.api.finalize_pod(pod["metadata"]["namespace"], pod["metadata"]["name"],
                                      user="system:serviceaccount:kube-system:pod-garbage-collector")
        if self.api.peek("nodes", name) is not None:
            self.api.delete("nodes", name, "", user="system:serviceaccount:kube-system:node-controller")

    def shutdown(self) -> None:
        """The cluster is deleted: every process stops (the API server last), nothing answers again,
        and its API server's name no longer resolves."""
        self.dns_published = False
        for part in reversed(list(self.components)):
            if part is not self.store:
                part.stop()

    def _reachable(self, node: str) -> bool:
        """Whether the control plane can reach the machine (powered on, not partitioned away)."""
        machine = self.machines.get(node)
        return machine is not None and machine.powered and not self.faults.partitioned(node)

    def node_powered(self, node: str) -> bool:
        machine = self.machines.get(node)
        return machine is not None and machine.powered

    def _pod_request(self, kubelet: Kubelet, uid: str, host: str, port: int, path: str | None, agent: str,
                     scheme: str = "http", **request: Any) -> Response:
        """A GET from a container of pod ``uid`` to ``host:port`` outside its pod (DNS, Services, pods);
        ``path`` None: only the TCP connect (``nc -z``)."""
        worker = kubelet.workers.get(uid)
        url = f"{scheme}://{host}:{port}{path or '/'}"
        resp = self.traffic.request(f"pod/{worker.name}" if worker else "outside", url,
                                    worker.namespace if worker else "default", agent=agent, advance=False,
                                    connect_only=path is None, **request)
        if resp.kind == "bad-source":       # the API does not show the pod Running yet: as if DNS failed
            resp.kind = "unresolved" if not host.replace(".", "").isdigit() else "unreachable"
        return resp

    def _resolve_image(self, reference: str) -> ImageInfo | str | None:
        return self.image_resolver(reference) if self.image_resolver is not None else None

    # ------------------------------------------------------------------ time
    @property
    def now(self) -> str:
        """Simulated wall time (RFC 3339)."""
        return self.sim.clock.rfc3339()

    def run(self, seconds: float = 0) -> None:
        """Let ``seconds`` of simulated time pass."""
        self.sim.run(seconds=seconds)

    def settle(self, max_seconds: float = 600) -> None:
        """Run until nothing is pending (or ``max_seconds`` pass, for periodic components)."""
        self.sim.run_until_idle(max_ms=duration_ms(max_seconds))

    def wait_until(self, predicate: Callable[[], bool], timeout_s: float) -> bool:
        """Advance time event by event until ``predicate()`` holds; False after ``timeout_s``."""
        deadline = self.sim.now_ms + duration_ms(timeout_s)
        while not predicate():
            self.sim.check_stop()
            due = self.sim.queue.peek_time()
            if due is None or due > deadline:
                return False
            self.sim.step()
        return True

    # ------------------------------------------------------------------ the endpoint kubectl talks to
    def reachable(self) -> bool:
        return self.api.running

    def dial_error(self) -> str:
        """What a client's dialer says when the API server does not answer: its name no longer resolves
        (a stopped or deleted AKS cluster), or its address refuses the connection (the process is down)."""
        if not self.dns_published:
            name = self.server_url.split("//", 1)[-1].rsplit(":", 1)[0]
            return f"dial tcp: lookup {name} on {defaults.CLIENT_NAMESERVER}:53: no such host"
        return f"dial tcp {self.api_server_ip}:443: connect: connection refused"

    # ------------------------------------------------------------------ reads
    def get(self, kind: str, name: str, namespace: str = "default") -> dict:
        """One object as a dict (a copy: changing it changes nothing in the cluster)."""
        return self.api.get(kind, name, namespace)

    def list(self, kind: str, namespace: str | None = None, selector: str = "") -> list[dict]:
        return self.api.list(kind, namespace, selector)["items"]

    def __repr__(self) -> str:
        return f"<ClusterEngine {self.name!r}: {len(self.machines)} machines, Kubernetes v{self.kubernetes_version}>"


# Names people use for the control-plane processes (faults.stop("scheduler")).
_ALIASES = {"kube-scheduler": ("scheduler",), "kube-controller-manager": ("controller-manager",),
            "kube-apiserver": ("apiserver", "api-server"), "etcd": ()}


def _nth_address(first: str, n: int) -> str:
    return str(ipaddress.ip_address(first) + n)
