"""The cluster: the one handle a notebook holds.

``Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0)`` builds a simulated cluster shaped like an
AKS cluster: a control plane you do not see as nodes (AKS manages it), and ``nodes`` worker nodes
of the given VM size named ``aks-nodepool1-<8 digits>-vmss00000N``, with the capacity and
allocatable AKS gives them. Everything goes through its API server; commands are typed as on a
real shell:

>>> c = Cluster(nodes=2, seed=7)
>>> out = c.kubectl("get nodes", echo=False)
>>> out.splitlines()[0].split()
['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']
>>> len(out.splitlines())
3
>>> c.run(seconds=90); c.kubectl("get ns default", echo=False).splitlines()[1].split()
['default', 'Active', '90s']

Time only moves when asked: ``run(seconds=…)``, ``settle()``, or commands that wait
(``kubectl delete`` waits for objects to be gone, as the real one does).
"""

from __future__ import annotations

import hashlib
import os
import sys
from typing import Callable

from . import defaults, oplog
from .api.objects import copy_json
from .apiserver import APIServer
from .cli.kubeconfig import KubeConfig
from .cli.kubectl import Kubectl
from .result import CommandResult
from .client import EventRecorder
from .errors import SimulationError
from .node import node_resources, vm_size as lookup_vm_size
from .sim import Simulation


class Cluster:
    def __init__(self, nodes: int = defaults.NODE_COUNT, vm_size: str = defaults.VM_SIZE,
                 seed: int = defaults.SEED, *, name: str = "k8scourse",
                 kubernetes_version: str = defaults.KUBERNETES_VERSION, pool: str = "nodepool1",
                 max_pods: int | None = None, network_plugin: str = defaults.NETWORK_PLUGIN,
                 epoch: str = defaults.EPOCH,
                 service_cidr: str = defaults.SERVICE_CIDR, kubeconfig: KubeConfig | None = None,
                 server_url: str | None = None, sim: Simulation | None = None, dns: bool = True):
        if not isinstance(nodes, int) or nodes < 0:
            raise SimulationError(f"nodes must be a whole number ≥ 0, not {nodes!r}")
        if network_plugin not in defaults.MAX_PODS_BY_NETWORK_PLUGIN:
            known = ", ".join(defaults.MAX_PODS_BY_NETWORK_PLUGIN)
            raise SimulationError(f"unknown network plugin {network_plugin!r}; one of: {known}")
        self.network_plugin = network_plugin
        # The pods' address range: Azure CNI (node-subnet mode) gives pods addresses on the VNet subnet.
        self.pod_cidr = defaults.NODE_SUBNET if network_plugin == "azure" else defaults.POD_CIDR
        if max_pods is None:
            max_pods = defaults.MAX_PODS_BY_NETWORK_PLUGIN[network_plugin]
        size = lookup_vm_size(vm_size)
        if size is None:
            from .node import VM_SIZES
            known = ", ".join(sorted(s.name for s in VM_SIZES.values()))
            raise SimulationError(f"unknown VM size {vm_size!r}; known sizes: {known}")
        self.name = name
        self.kubernetes_version = kubernetes_version.lstrip("v")
        # Clusters of one Azure subscription share its simulation: one clock, one event heap.
        self.sim = sim or Simulation(seed=seed, epoch=epoch)
        self.api = APIServer(self.sim, service_cidr=service_cidr)
        self.store = self.api.store
        self.server_url = server_url or f"https://{name}-dns-{self.sim.rng.randrange(16**8):08x}." \
                                        f"hcp.{defaults.REGION}.azmk8s.io:443"
        self.config = kubeconfig or KubeConfig()
        self.config.add_context(name, self, cluster_name=name, user=f"clusterUser_{name}")
        self._kubectl = Kubectl(self.config, cwd=os.getcwd())
        self.pool_id = f"{self.sim.rng.randrange(10**8):08d}"
        self._node_index: dict[str, int] = {}
        self._node_ordinal = 0              # every node ever added: its IP and pod CIDR
        self._subnet_offset = 0             # Azure CNI: the next free address of the node subnet
        self._pod_ranges: dict[str, tuple[str, int]] = {}   # Azure CNI: node -> (node IP, maxPods)
        self.recorder = EventRecorder(self.api)
        self.kubelets: dict = {}
        # reference -> ImageInfo | error text | None, set by whoever provides private registries
        self.image_resolver = None
        from .controllers import ControllerManager
        from .metrics import MetricsServer
        self.metrics = MetricsServer(self.api, self.kubelets)     # scrapes once started, below
        # kube-controller-manager: every controller, the HPA reading the Metrics API through self.metrics
        self.controller_manager = ControllerManager(self.api, self.metrics, recorder=self.recorder,
                                                    holder_identity=lambda: self.faults.leader_identity()).start()
        self.scheduler = self._start_scheduler()
        self.metrics.start()
        from .faults import Faults
        self.faults = Faults(self)          # stop/start components and nodes, crash, partition, load
        self.proxies: dict = {}             # node name -> kube-proxy (k8scourse.proxy)
        self._bootstrap()
        self.service_lb = self._start_network(dns)
        for _ in range(nodes):
            self.add_node(vm_size=size.name, pool=pool, max_pods=max_pods)

    # ------------------------------------------------------------------ set-up
    def _start_scheduler(self):
        try:
            from .scheduler import Scheduler
        except ImportError:     # pragma: no cover - lands with the scheduler
            return None
        return Scheduler(self.api, self.recorder).start()

    def _start_kubelet(self, node_name: str):
        try:
            from .kubelet import Kubelet
        except ImportError:     # pragma: no cover - lands with the kubelet
            return None
        kubelet = Kubelet(self.api, self.recorder, node_name)
        if node_name in self._pod_ranges:   # Azure CNI: the node's pre-allocated subnet addresses
            from .kubelet.ipam import NodeSubnetIPAM
            node_ip, max_pods = self._pod_ranges[node_name]
            kubelet.ipam = NodeSubnetIPAM(node_ip, max_pods, defaults.NODE_SUBNET)
        # Private registries (an AKS cluster's attached ACRs) answer through the cluster's resolver.
        kubelet.runtime.images.resolver = self._resolve_image
        # What a container sends outside its pod (wget/curl in its shell) goes through the traffic model.
        kubelet.runtime.remote = lambda uid, host, port, path, agent, k=kubelet: self._pod_request(
            k, uid, host, port, path, agent)
        kubelet.start()
        self.kubelets[node_name] = kubelet
        return kubelet

    def _pod_request(self, kubelet, uid: str, host: str, port: int, path: str, agent: str):
        """A GET from a container of pod ``uid`` to ``host:port`` outside its pod (DNS, Services, pods)."""
        from .traffic import traffic_of
        worker = kubelet.workers.get(uid)
        url = f"http://{host}:{port}{path}"
        resp = traffic_of(self).request(f"pod/{worker.name}" if worker else "outside", url,
                                        worker.namespace if worker else "default", agent=agent, advance=False)
        if resp.kind == "bad-source":       # the API does not show the pod Running yet: as if DNS failed
            resp.kind = "unresolved" if not host.replace(".", "").isdigit() else "unreachable"
        return resp

    def _resolve_image(self, reference: str):
        return self.image_resolver(reference) if self.image_resolver is not None else None

    def _start_proxy(self, node_name: str):
        try:
            from .proxy import KubeProxy
        except ImportError:     # pragma: no cover - lands with the networking
            return None
        self.proxies[node_name] = KubeProxy(self.api, node_name, cluster_cidr=self.pod_cidr).start()
        return self.proxies[node_name]

    def _start_network(self, dns: bool = True):
        """Data-plane add-ons: CoreDNS (``kube-dns``; ``dns=False`` leaves it out) and the cloud's
        service controller (load balancers)."""
        from .controllers import CloudControllerManager
        from .dns import DNSAddon, install
        self.dns = None
        if dns:
            install(self.api)
            self.dns = DNSAddon(self.api)       # faults.stop("dns") takes it down
        self.cloud_controller_manager = CloudControllerManager(self.api).start()
        return self.cloud_controller_manager.service_lb

    @oplog.facade("curl")
    def curl(self, url: str, echo: bool = True) -> CommandResult:
        """``curl URL`` (or ``curl -s -i URL``) from outside: load-balancer IPs, NodePorts on node IPs."""
        import shlex
        from .traffic import traffic_of
        from .traffic.tools import curl
        words = shlex.split(url)
        tool = curl(traffic_of(self), "outside", "default", words[1:] if words[:1] == ["curl"] else words)
        result = CommandResult(tool.out + tool.err, tool.out, tool.err, tool.code)
        if echo:
            sys.stdout.write(str(result))
        return result

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
        # AKS's default StorageClass (Azure Disk CSI), so claims — StatefulSet volumeClaimTemplates
        # — get volumes from the PersistentVolumeController's provisioner
        self.api.create({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {
            "name": "default", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
            "labels": {"addonmanager.kubernetes.io/mode": "EnsureExists", "kubernetes.io/cluster-service": "true"}},
            "provisioner": "disk.csi.azure.com", "parameters": {"skuname": "StandardSSD_LRS"},
            "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer", "allowVolumeExpansion": True},
            user="system:addon-manager", trusted=True)

    @oplog.facade("add_node")
    def add_node(self, vm_size: str = defaults.VM_SIZE, pool: str = "nodepool1",
                 max_pods: int = defaults.MAX_PODS, zone: str = "0", *, index: int | None = None,
                 kubelet_version: str | None = None, pool_id: str | None = None) -> dict:
        """Register one more node (as the VM scale set adding an instance would).

        ``index`` re-uses a VMSS instance number (a reimaged node keeps its name); ``pool_id`` is the
        8-digit number in the pool's node names; ``kubelet_version`` defaults to the cluster's.
        """
        size = lookup_vm_size(vm_size)
        if size is None:
            raise SimulationError(f"unknown VM size {vm_size!r}")
        if index is None:
            index = self._node_index.get(pool, 0)
        self._node_index[pool] = max(self._node_index.get(pool, 0), index + 1)
        name = f"aks-{pool}-{pool_id or self.pool_id}-vmss{index:06d}"
        version = (kubelet_version or self.kubernetes_version).lstrip("v")
        ordinal = self._node_ordinal
        self._node_ordinal += 1
        if self.network_plugin == "azure":
            # Azure CNI (node-subnet mode): the node's address, then maxPods secondary addresses for its pods.
            ip = _nth_address(defaults.FIRST_NODE_IP, self._subnet_offset)
            self._subnet_offset += max_pods + 1
            self._pod_ranges[name] = (ip, max_pods)
            pod_cidr = None
        else:
            ip = _nth_address(defaults.FIRST_NODE_IP, ordinal)
            pod_cidr = f"10.244.{ordinal}.0/24"
        now = self.sim.clock.rfc3339()
        resources = node_resources(size.vcpus, size.memory_ki, max_pods, version)
        node = {
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": {
                "agentpool": pool,
                "kubernetes.azure.com/agentpool": pool,
                "kubernetes.azure.com/role": "agent",
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": name,
                "kubernetes.io/os": "linux",
                "node.kubernetes.io/instance-type": size.name,
                "topology.kubernetes.io/region": defaults.REGION,
                "topology.kubernetes.io/zone": zone,
            }, "annotations": {
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            }},
            "spec": {**({"podCIDR": pod_cidr, "podCIDRs": [pod_cidr]} if pod_cidr else {}),
                     "providerID": f"azure:///subscriptions/00000000-0000-0000-0000-000000000000/"
                                   f"resourceGroups/mc_rg_{self.name}_{defaults.REGION}/providers/"
                                   f"Microsoft.Compute/virtualMachineScaleSets/aks-{pool}-{pool_id or self.pool_id}-vmss/"
                                   f"virtualMachines/{index}"},
            "status": {
                **resources,
                "conditions": [
                    _condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                               "kubelet has sufficient memory available", now),
                    _condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                               "kubelet has no disk pressure", now),
                    _condition("PIDPressure", "False", "KubeletHasSufficientPID",
                               "kubelet has sufficient PID available", now),
                    _condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
                ],
                "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
                "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                "nodeInfo": {
                    "architecture": "amd64", "bootID": f"boot-{name}", "machineID": f"machine-{name}",
                    "systemUUID": f"uuid-{name}", "containerRuntimeVersion": defaults.NODE_CONTAINER_RUNTIME,
                    "kernelVersion": defaults.NODE_KERNEL_VERSION,
                    "kubeProxyVersion": f"v{version}",
                    "kubeletVersion": f"v{version}",
                    "operatingSystem": "linux", "osImage": defaults.NODE_OS_IMAGE,
                },
            },
        }
        created = self.api.create(node, user=f"system:node:{name}", trusted=True)
        self._start_kubelet(name)
        self._start_proxy(name)
        return created

    @oplog.facade("remove_node")
    def remove_node(self, name: str) -> None:
        """Take a node away (its VM is gone): the kubelet stops, the pods bound to it are removed
        (as the pod garbage collector does for a deleted node), then the Node object."""
        kubelet = self.kubelets.pop(name, None)
        if kubelet is not None:
            kubelet.stop()
        proxy = self.proxies.pop(name, None)
        if proxy is not None:
            proxy.stop()
        for pod in self.api.list("pods")["items"]:
            if (pod.get("spec") or {}).get("nodeName") == name:
                self.api.finalize_pod(pod["metadata"]["namespace"], pod["metadata"]["name"],
                                      user="system:serviceaccount:kube-system:pod-garbage-collector")
        if self.api.peek("nodes", name) is not None:
            self.api.delete("nodes", name, "", user="system:serviceaccount:kube-system:node-controller")

    # ------------------------------------------------------------------ commands
    @oplog.facade("kubectl")
    def kubectl(self, command: str | list[str], stdin: str | None = None, echo: bool = True) -> CommandResult:
        """Run a kubectl command line on this cluster; prints its output (unless ``echo=False``)."""
        previous = self.config.current_context
        if self.config.context(self.name) is not None and self.config.context(previous) is not None \
                and self.config.context(previous).cluster is not self:
            self.config.current_context = self.name
        try:
            result = self._kubectl(command, stdin=stdin)
        finally:
            if self.config.context(previous) is not None:
                self.config.current_context = previous
        if echo:
            sys.stdout.write(str(result))
        return result

    def apply(self, manifest: str, echo: bool = True) -> CommandResult:
        """``kubectl apply -f -`` with ``manifest`` (YAML or JSON text) on standard input."""
        return self.kubectl(["apply", "-f", "-"], stdin=manifest, echo=echo)

    # ------------------------------------------------------------------ time
    @property
    def now(self) -> str:
        """Simulated wall time (RFC 3339)."""
        return self.sim.clock.rfc3339()

    @oplog.facade("run")
    def run(self, seconds: float = 0) -> None:
        """Let ``seconds`` of simulated time pass."""
        self.sim.run(seconds=seconds)

    @oplog.facade("settle")
    def settle(self, max_seconds: float = 600) -> None:
        """Run until nothing is pending (or ``max_seconds`` pass, for periodic components)."""
        self.sim.run_until_idle(max_ms=int(max_seconds * 1000))

    @oplog.facade("wait_until", finish=oplog.steps_taken)
    def wait_until(self, predicate: Callable[[], bool], timeout_s: float) -> bool:
        """Advance time event by event until ``predicate()`` holds; False after ``timeout_s``."""
        deadline = self.sim.now_ms + int(timeout_s * 1000)
        while not predicate():
            due = self.sim.queue.peek_time()
            if due is None or due > deadline:
                return False
            self.sim.step()
        return True

    # ------------------------------------------------------------------ reads
    def reachable(self) -> bool:
        return self.api.available

    def unreachable_message(self) -> str:
        host = self.server_url.split("//", 1)[-1]
        return f"Unable to connect to the server: dial tcp {host}: connect: connection refused"

    def get(self, kind: str, name: str, namespace: str = "default") -> dict:
        """One object as a dict (a copy: changing it changes nothing in the cluster)."""
        return self.api.get(kind, name, namespace)

    def list(self, kind: str, namespace: str | None = None, selector: str = "") -> list[dict]:
        return self.api.list(kind, namespace, selector)["items"]

    def nodes(self):
        """Nodes as a pandas DataFrame (name, status, cpu and memory capacity/allocatable)."""
        import pandas as pd
        rows = []
        for n in self.list("nodes"):
            st = n.get("status") or {}
            ready = next((c["status"] for c in st.get("conditions", []) if c["type"] == "Ready"), "Unknown")
            rows.append({"name": n["metadata"]["name"], "ready": ready == "True",
                         "cpu_capacity": st.get("capacity", {}).get("cpu"),
                         "cpu_allocatable": st.get("allocatable", {}).get("cpu"),
                         "memory_capacity": st.get("capacity", {}).get("memory"),
                         "memory_allocatable": st.get("allocatable", {}).get("memory"),
                         "pods_allocatable": st.get("allocatable", {}).get("pods")})
        return pd.DataFrame(rows)

    def pods(self, namespace: str | None = None):
        """Pods as a pandas DataFrame (namespace, name, phase, node)."""
        import pandas as pd
        rows = [{"namespace": p["metadata"]["namespace"], "name": p["metadata"]["name"],
                 "phase": (p.get("status") or {}).get("phase"), "node": (p.get("spec") or {}).get("nodeName")}
                for p in self.list("pods")]
        return pd.DataFrame(rows, columns=["namespace", "name", "phase", "node"])

    def explain(self, pod: str, namespace: str = "default", echo: bool = True) -> str:
        """Why a pod is where it is, or Pending: every node's filter verdicts and score table.

        ``pod`` is a name or ``pod/name``. The text comes from the scheduler's record of its last
        attempt (each filter plugin's verdict per node, each score plugin's raw/normalised/weighted
        score), so it explains the real decision, not a re-enactment.
        """
        name = pod.split("/", 1)[1] if pod.startswith(("pod/", "pods/")) else pod
        if self.scheduler is None:
            raise SimulationError("this cluster runs no scheduler")
        from .scheduler import format_explanation
        text = format_explanation(self.scheduler.explain(namespace, name))
        text = text if text.endswith("\n") else text + "\n"
        if echo:
            sys.stdout.write(text)
        return CommandResult(text, text, "", 0)

    # NetworkPolicy engine (k8scourse.traffic.policy): None = enforced (Calico on kubenet, Azure NPM on
    # Azure CNI); "azure"/"calico"/"cilium" enforce; "none" stores policies without enforcing them.
    network_policy: str | None = None

    def trace(self, src: str, dst: str, namespace: str = "default", echo: bool = True):
        """A connection ``src`` → ``dst`` traced hop by hop (:func:`k8scourse.network.trace`); prints its table."""
        from .network import trace
        return trace(self, src, dst, namespace, echo=echo)

    def history(self) -> list[dict]:
        """Every write the API server made, oldest first: revision, time, verb, object, who."""
        return [{"revision": h.revision, "time": self.sim.clock.rfc3339(h.time_ms), "verb": h.verb,
                 "resource": h.key[0], "namespace": h.key[1], "name": h.key[2], "actor": h.actor}
                for h in self.store.history()]

    def __repr__(self) -> str:
        return f"<Cluster {self.name!r}: {self.store.count('nodes')} nodes, Kubernetes v{self.kubernetes_version}>"


def _condition(type_: str, status: str, reason: str, message: str, now: str) -> dict:
    return {"type": type_, "status": status, "lastHeartbeatTime": now, "lastTransitionTime": now,
            "reason": reason, "message": message}


def _nth_address(first: str, n: int) -> str:
    import ipaddress
    return str(ipaddress.ip_address(first) + n)


__all__ = ["Cluster", "copy_json"]
