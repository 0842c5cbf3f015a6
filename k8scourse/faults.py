"""Fault injection: stop, crash and partition the parts of a simulated cluster, then heal them.

The lecture promises self-healing, auto-replication and auto-scaling; these calls break things so
the course can *show* the promises hold (DESIGN principle 8). ``Faults(cluster)`` — exposed as
``cluster.faults`` — offers:

* ``stop_node(name)`` / ``start_node(name)`` — the VM is switched off: the kubelet stops
  heart-beating and every container on it dies (exit code 255, reason ``Unknown``, as after a real
  power loss); switching it on starts the kubelet again (events ``Starting kubelet.`` and
  ``Rebooted``), which restarts the containers of pods that still exist and finishes the pods
  deleted meanwhile;
* ``stop_kubelet(name)`` / ``start_kubelet(name)`` — only the kubelet process dies; containers keep
  running;
* ``partition_node(name)`` / ``heal(name=None)`` — the node loses the API server: no heartbeats,
  no status, but its containers keep running. After the grace period the node is ``NotReady``
  (``Unknown``), after 300 s its pods are evicted and re-created elsewhere, while the originals run
  on until the partition heals and the kubelet learns they were deleted and kills them;
* ``stop(component)`` / ``start(component)`` — ``"scheduler"`` (new pods stay ``Pending``),
  ``"controller-manager"`` (every controller: nothing is replaced, scaled or garbage-collected),
  ``"etcd"`` (the store refuses every read and write: ``Error from server (InternalError): Internal
  error occurred: etcdserver: request timed out``; nothing stored is lost), ``"apiserver"``
  (kubectl cannot connect; components cannot write), ``"metrics-server"`` (``kubectl top`` and the
  HPA get ``ServiceUnavailable``), ``"dns"`` (the cluster DNS, when the cluster runs one);
* ``crash_container(pod, container=None, exit_code=1)`` — the process exits with reason ``Error``;
  the kubelet restarts it per ``restartPolicy`` (``CrashLoopBackOff`` when repeated);
* ``load(selector_or_pod, cpu_millicores=…, memory_bytes=…)`` — extra CPU/memory demand on every
  container of the matching pods, kept as a rule so that pods created later (the HPA's new
  replicas) get it too — the load of an autoscaling demo;
* ``recover()`` — start everything stopped and heal every partition.

Every call records a line in the trace (component ``faults``) so the timeline shows what broke when.
Control-plane components write the ``LeaderElection`` event (``… became leader``) when they start,
as the real ones do; nodes write their kubelet events.

Deliberate differences: a partitioned kubelet is modelled as one that cannot act at all (crashed
containers are restarted only once the partition heals); a stopped component loses no state it would
not lose for real (controllers re-list, the scheduler rebuilds its cache).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=2, seed=0); f = c.faults
>>> f.stop("scheduler"); f.stopped()
['scheduler']
>>> f.start("scheduler"); f.stopped()
[]
"""

from __future__ import annotations

from dataclasses import dataclass

from . import arguments as args, defaults, oplog
from .api.labels import Selector, parse_selector, selector_from_label_selector
from .api.objects import dig
from .errors import APIError, SimulationError
from .i18n import t

# What faults.stop()/start() address (the composition root's components, by the names people use).
COMPONENTS = ("scheduler", "controller-manager", "etcd", "apiserver", "metrics-server", "dns")
# The order recover() starts them in: storage first, then what needs the API server.
_RECOVERY_ORDER = ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "metrics-server", "coredns")


@dataclass
class LoadRule:
    namespace: str
    selector: Selector | None        # None: one pod, by name
    pod_name: str
    cpu_millicores: float | None
    memory_bytes: int | None

    def matches(self, pod: dict) -> bool:
        md = pod.get("metadata") or {}
        if md.get("namespace", "default") != self.namespace:
            return False
        if self.selector is None:
            return md.get("name") == self.pod_name
        return self.selector.matches(md.get("labels") or {})


class Faults:
    """Fault injection on one cluster (a :class:`~k8scourse.engine.ClusterEngine`)."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.sim = cluster.sim
        self._down_kubelets: set[str] = set()       # kubelet process dead, machine on
        self._partitioned: set[str] = set()
        self._stopped: set[str] = set()             # components stopped by a fault (canonical names)
        self._rules: list[LoadRule] = []
        self._watch = None

    # ------------------------------------------------------------------ helpers
    def _record(self, action: str, target: str, detail: str = "") -> None:
        self.sim.record("faults", action, target, detail)

    def _machine(self, name: str):
        args.text("faults", "name", name)
        machine = self.cluster.machines.get(name) if isinstance(name, str) else None
        if machine is None or name not in self.cluster.kubelets:
            raise SimulationError(t("sim.no_node", name=name, nodes=", ".join(sorted(self.cluster.kubelets))))
        return machine

    def partitioned(self, name: str) -> bool:
        """Whether ``name`` is cut off the control plane."""
        args.text("faults.partitioned", "name", name)
        return name in self._partitioned

    def _resume_kubelet(self, name: str) -> None:
        """Start the node's kubelet if nothing keeps it down (VM off, process stopped, partitioned)."""
        if not self.cluster.machines[name].powered or name in self._down_kubelets | self._partitioned:
            return
        self.cluster.kubelets[name].start()

    # ------------------------------------------------------------------ nodes
    @oplog.facade("faults.stop_node")
    def stop_node(self, name: str) -> None:
        """Switch the node's VM off: kubelet gone, every container dead."""
        machine = self._machine(name)
        kubelet = self.cluster.kubelets[name]
        machine.power_off()
        kubelet.stop()
        for rec in kubelet.runtime.running_records():
            kubelet.runtime.kill_container(rec, 255, "Unknown")
        self._record("stop-node", f"nodes/{name}", "VM powered off")

    @oplog.facade("faults.start_node")
    def start_node(self, name: str) -> None:
        """Switch the VM on: a new boot; its kubelet starts and reports the reboot."""
        self._machine(name).power_on()
        self._record("start-node", f"nodes/{name}", "VM powered on")
        self._resume_kubelet(name)

    @oplog.facade("faults.stop_kubelet")
    def stop_kubelet(self, name: str) -> None:
        self._machine(name)
        self.cluster.kubelets[name].stop()
        self._down_kubelets.add(name)
        self._record("stop-kubelet", f"nodes/{name}", "kubelet process stopped")

    @oplog.facade("faults.start_kubelet")
    def start_kubelet(self, name: str) -> None:
        self._machine(name)
        self._down_kubelets.discard(name)
        self._record("start-kubelet", f"nodes/{name}")
        self._resume_kubelet(name)

    @oplog.facade("faults.partition_node")
    def partition_node(self, name: str) -> None:
        """Cut the node off the API server; its containers keep running."""
        self._machine(name)
        self.cluster.kubelets[name].stop()
        self._partitioned.add(name)
        self._record("partition", f"nodes/{name}", "heartbeats no longer reach the API server")

    @oplog.facade("faults.heal")
    def heal(self, name: str | None = None) -> None:
        """End the partition of ``name`` (None: of every partitioned node)."""
        args.text("faults.heal", "name", name, none=True)
        for node in sorted(self._partitioned if name is None else {name} & self._partitioned):
            self._partitioned.discard(node)
            self._record("heal", f"nodes/{node}", "network partition healed")
            self._resume_kubelet(node)

    # ------------------------------------------------------------------ control plane and add-ons
    def _component(self, component: str):
        args.text("faults", "component", component)
        return self.cluster.components[component]

    def _through_api(self, action: str, component: str, change) -> None:
        """Run ``change`` (a part's stop or start); one that needs the API server (the DNS add-on
        is scaled through it) and finds it unable to answer is refused whole, in the learner's words."""
        try:
            change()
        except APIError as exc:
            raise SimulationError(t("faults.needs_api", action=action, target=component, error=exc.message)) from None

    @oplog.facade("faults.stop")
    def stop(self, component: str) -> None:
        """Stop a control-plane process or add-on: ``scheduler``, ``controller-manager``, ``etcd``,
        ``apiserver``, ``metrics-server``, ``dns``."""
        part = self._component(component)
        self._through_api("stop", component, part.stop)
        self._stopped.add(part.name)
        self._record("stop", _short(part.name))

    @oplog.facade("faults.start")
    def start(self, component: str) -> None:
        part = self._component(component)
        self._through_api("start", component, part.start)
        self._stopped.discard(part.name)
        self._record("start", _short(part.name))

    def stopped(self) -> list[str]:
        """Components stopped, nodes down, kubelets stopped and partitions, as readable names."""
        down = sorted(n for n, m in self.cluster.machines.items() if not m.powered)
        return sorted(_short(n) for n in self._stopped) + [f"node/{n}" for n in down] + \
            [f"kubelet/{n}" for n in sorted(self._down_kubelets)] + [f"partition/{n}" for n in sorted(self._partitioned)]

    @oplog.facade("faults.recover")
    def recover(self) -> None:
        """Start everything that was stopped and heal every partition."""
        for name in _RECOVERY_ORDER:
            if name in self._stopped:
                self.start(name)
        self.heal()
        for name in sorted(self._down_kubelets):
            self.start_kubelet(name)
        for name in sorted(n for n, m in self.cluster.machines.items() if not m.powered):
            self.start_node(name)

    # ------------------------------------------------------------------ containers
    def _pod(self, pod, namespace: str) -> dict:
        if not isinstance(pod, dict):
            args.text("faults", "pod", pod)
        if isinstance(pod, dict):
            namespace, pod = dig(pod, "metadata", "namespace", default=namespace), dig(pod, "metadata", "name")
        name = str(pod)
        if name.startswith(("pod/", "pods/")):
            name = name.split("/", 1)[1]
        elif "/" in name:
            namespace, name = name.split("/", 1)
        found = self.cluster.api.peek("pods", name, namespace)
        if found is None:
            raise SimulationError(t("sim.pod_not_found", name=name, namespace=namespace))
        return found

    @oplog.facade("faults.crash_container")
    def crash_container(self, pod, container: str | None = None, exit_code: int = 1,
                        namespace: str = "default") -> bool:
        """Make a running container exit (reason ``Error``); False if it was not running."""
        args.text("faults.crash_container", "container", container, none=True)
        args.whole("faults.crash_container", "exit_code", exit_code, 0, 255)
        args.text("faults.crash_container", "namespace", namespace)
        obj = self._pod(pod, namespace)
        md = obj["metadata"]
        node = dig(obj, "spec", "nodeName")
        if container is None:
            container = dig(obj, "spec", "containers", default=[{}])[0].get("name", "")
        kubelet = self.cluster.kubelets.get(node or "")
        if kubelet is None:
            raise SimulationError(t("sim.pod_not_on_node", name=md["name"]))
        done = kubelet.kill_container(md["namespace"], md["name"], container, reason="Error", exit_code=exit_code)
        self._record("crash", f"pods/{md['namespace']}/{md['name']}",
                     f"container {container} exited with {exit_code}" if done else f"container {container} not running")
        return done

    # ------------------------------------------------------------------ load
    def _rule(self, target, namespace: str, cpu, memory) -> LoadRule:
        if isinstance(target, dict) and "metadata" in target:
            md = target["metadata"]
            return LoadRule(md.get("namespace", namespace), None, md["name"], cpu, memory)
        if isinstance(target, dict):
            return LoadRule(namespace, selector_from_label_selector({"matchLabels": target}), "", cpu, memory)
        text = str(target)
        kind, slash, name = text.partition("/")
        if slash and kind in ("deployment", "deployments", "deploy", "replicaset", "replicasets", "rs",
                              "statefulset", "statefulsets", "sts"):
            resource = {"deploy": "deployments", "rs": "replicasets", "sts": "statefulsets"}.get(kind, kind)
            resource = resource if resource.endswith("s") else resource + "s"
            owner = self.cluster.api.get(resource, name, namespace)
            return LoadRule(namespace, selector_from_label_selector(dig(owner, "spec", "selector")), "", cpu, memory)
        if slash and kind in ("pod", "pods"):
            return LoadRule(namespace, None, name, cpu, memory)
        if "=" in text or "," in text or text.startswith("!"):
            return LoadRule(namespace, parse_selector(text), "", cpu, memory)
        return LoadRule(namespace, None, text, cpu, memory)

    @oplog.facade("faults.load")
    def load(self, selector_or_pod, cpu_millicores: float | None = None, memory_bytes: int | None = None,
             namespace: str = "default") -> int:
        """Put extra demand on every container of the matching pods, now and for later pods.

        ``selector_or_pod``: a label selector (``"app=web"``), ``deployment/web``, ``pod/web-x``, a
        pod name or a pod dict. Returns how many running containers got the load now.
        """
        args.text("faults.load", "namespace", namespace)
        _check_load("cpu_millicores", cpu_millicores, defaults.MAX_LOAD_CPU_MILLICORES)
        _check_load("memory_bytes", memory_bytes, defaults.MAX_LOAD_MEMORY_BYTES)
        rule = self._rule(selector_or_pod, namespace, cpu_millicores, memory_bytes)
        self._rules.append(rule)
        if self._watch is None:
            self._watch = self.cluster.api.watch("pods", self._on_pod)
        count = 0
        for kubelet in list(self.cluster.kubelets.values()):
            for running in kubelet.running_containers():
                if rule.matches(running.pod):
                    kubelet.runtime.set_load(running.pod["metadata"]["uid"], running.container["name"],
                                             cpu_millicores=cpu_millicores, memory_bytes=memory_bytes)
                    count += 1
            for pod in kubelet.pods():
                if rule.matches(pod):
                    self._apply(kubelet, pod, rule)
        self._record("load", str(selector_or_pod), f"cpu {cpu_millicores}m, memory {memory_bytes} bytes per container")
        return count

    def _apply(self, kubelet, pod: dict, rule: LoadRule) -> None:
        for container in dig(pod, "spec", "containers", default=[]) or []:
            kubelet.runtime.set_load(pod["metadata"].get("uid", ""), container["name"],
                                     cpu_millicores=rule.cpu_millicores, memory_bytes=rule.memory_bytes)

    def _on_pod(self, event) -> None:
        """A pod bound to a node gets the load rules that match it before its containers start."""
        pod = event.object
        kubelet = self.cluster.kubelets.get(dig(pod, "spec", "nodeName") or "")
        if event.type == "DELETED" or kubelet is None:
            return
        for rule in self._rules:
            if rule.matches(pod):
                self._apply(kubelet, pod, rule)


def _check_load(name: str, value, limit) -> None:
    """A load is demand: a number from 0 to ``limit`` (or None: unchanged). Nothing is applied otherwise."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= limit:
        raise SimulationError(t("sim.load_range", name=name, limit=limit, got=repr(value)))


def _short(name: str) -> str:
    """The name faults speak of a component by (``scheduler`` for ``kube-scheduler``)."""
    return {"kube-scheduler": "scheduler", "kube-controller-manager": "controller-manager",
            "kube-apiserver": "apiserver", "coredns": "dns"}.get(name, name)


__all__ = ["COMPONENTS", "Faults", "LoadRule"]
