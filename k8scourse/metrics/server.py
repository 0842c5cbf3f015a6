"""metrics-server: scrapes every kubelet and serves the ``metrics.k8s.io/v1beta1`` Metrics API.

Upstream (kubernetes-sigs/metrics-server) scrapes each kubelet's ``/metrics/resource`` every
``--metric-resolution`` (default **15 s**) and keeps only the newest point per node, pod and
container, in memory (nothing goes to etcd). CPU is a *rate*: the difference of two cumulative
CPU counters divided by the time between them — that time is the object's ``window``. Because
the kubelet's cAdvisor samples every 10 s and metrics-server looks every 15 s, consecutive
samples it sees are 10 s or 20 s apart (the ``window: 20s`` of a real ``NodeMetrics``). A counter
that restarted (a new container, a node just up) is measured from its start, counter 0.

Here :class:`MetricsServer` scrapes the kubelets' :class:`~k8scourse.kubelet.cadvisor.CAdvisor`
every :data:`~k8scourse.defaults.METRICS_RESOLUTION_MS`, at the same instant *after* their own
housekeeping, and builds:

* ``NodeMetrics`` — ``usage.cpu`` = rate of the node counter in nanocores (printed like
  ``183000000n`` → ``183m``), ``usage.memory`` = node working set (``1534Mi``);
* ``PodMetrics`` — one entry per container that has run in the pod (a crash-looping container
  reports ``0``/``0``, as in the golden ``kubectl top pods``); a pod appears once a container has
  started and a sample was taken.

A kubelet without cAdvisor, stopped, or whose newest sample is older than
:data:`~k8scourse.defaults.METRICS_STALE_MS` counts as unreachable: its node and pods have no
metrics (``kubectl top nodes`` prints ``<unknown>``). ``stop()`` makes the API answer
``ServiceUnavailable`` like an aggregated API whose backend is down — and so does a cluster whose
``metrics-server`` pods are none of them ready (``backend_ready``, :mod:`k8scourse.addons.metrics_server`).

**Steady state.** A node whose cAdvisor stayed in one steady run (same containers, demands and
Δt) since the two scrapes before measures the same rates again: its PodMetrics are the previous ones
with the new timestamp and window (see ``_steady_pods``); a node whose run changed is scraped in
full.

Deliberate differences: windows are exact multiples of the housekeeping interval (upstream has
milliseconds of jitter); metrics are joined with the API server's pods at read time (a deleted pod
disappears at once; upstream waits for the next scrape).

>>> go_duration(20_000), go_duration(125_300), go_duration(3_600_000), go_duration(450)
('20s', '2m5.3s', '1h0m0s', '450ms')
"""

from __future__ import annotations

from typing import Callable

from .. import defaults
from ..api.labels import parse_selector
from ..api.quantity import BINARY_SI, Quantity
from ..apiserver.pod_subresources import DialError
from ..errors import APIError

API_VERSION = "metrics.k8s.io/v1beta1"
GROUP = "metrics.k8s.io"


_DURATION_TEXT: dict[int, str] = {}     # windows repeat (10 s, 20 s): printed once each


def go_duration(ms: int) -> str:
    """Go's ``time.Duration.String()`` for a whole number of milliseconds."""
    if type(ms) is not int:
        return _go_duration(ms)
    text = _DURATION_TEXT.get(ms)
    if text is None:
        if len(_DURATION_TEXT) >= 1024:
            _DURATION_TEXT.clear()
        text = _DURATION_TEXT[ms] = _go_duration(ms)
    return text


def _go_duration(ms: int) -> str:
    if ms == 0:
        return "0s"
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    if ms < 1000:
        return f"{sign}{ms}ms"
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds = f"{rest // 1000}" + (f".{rest % 1000:03d}".rstrip("0") if rest % 1000 else "") + "s"
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}"
    if minutes:
        return f"{sign}{minutes}m{seconds}"
    return sign + seconds


# Printed quantities by value: a steady pod shows the same usage scrape after scrape, and printing a
# quantity canonically is most of a scrape's cost. Bounded; cleared when full.
_CPU_TEXT: dict[int, str] = {}
_MEMORY_TEXT: dict[int, str] = {}


def cpu_quantity(nanocores: int) -> str:
    """``resource.NewScaledQuantity(nanocores, Nano)`` printed canonically (``500m``, ``12345n``)."""
    nanocores = int(nanocores)
    text = _CPU_TEXT.get(nanocores)
    if text is None:
        if len(_CPU_TEXT) >= 4096:
            _CPU_TEXT.clear()
        text = _CPU_TEXT[nanocores] = str(Quantity.from_nanos(nanocores))
    return text


def memory_quantity(nbytes: int) -> str:
    nbytes = int(nbytes)
    text = _MEMORY_TEXT.get(nbytes)
    if text is None:
        if len(_MEMORY_TEXT) >= 4096:
            _MEMORY_TEXT.clear()
        text = _MEMORY_TEXT[nbytes] = str(Quantity.from_int(nbytes, BINARY_SI))
    return text


class MetricsServer:
    """The metrics pipeline of one cluster: ``MetricsServer(api, dialer).start()``; ``dialer`` reaches
    the kubelets (:class:`~k8scourse.kubelet.server.NodeDialer`)."""

    name = "metrics-server"

    def __init__(self, api, dialer, resolution_ms: int = defaults.METRICS_RESOLUTION_MS):
        self.api = api
        self.sim = api.sim
        self.dialer = dialer
        self.resolution_ms = resolution_ms
        self.running = False
        self.scrapes = 0
        self._nodes: dict[str, dict] = {}                 # node -> NodeMetrics (no creationTimestamp)
        self._pods: dict[tuple[str, str], dict] = {}      # (ns, name) -> PodMetrics
        self._uids: dict[tuple[str, str], str] = {}       # (ns, name) -> pod uid the metrics are of
        self._prev_node: dict[str, tuple[int, int]] = {}  # node -> (sample ms, cpu ns)
        self._prev_ctr: dict[tuple[str, str], tuple[str, int, int]] = {}   # -> (container id, ms, ns)
        self._event = None
        # node -> (its cAdvisor, (run, step) at the scrape before, (run, step) at the last scrape,
        # [(pod key, uid, PodMetrics)] of the last scrape, the sample time it saw): _steady_pods
        self._blocks: dict[str, tuple] = {}
        # whether its pods serve (k8scourse.addons.metrics_server.ready), when it runs as pods in kube-system
        self.backend_ready: Callable[[], bool] | None = None

    # ------------------------------------------------------------------ life cycle
    def start(self, scrape: bool = True) -> "MetricsServer":
        """Serve the Metrics API; scrape every ``resolution_ms`` (``scrape=False``: only serve what
        :meth:`put` stores, for recorded states)."""
        self.running = True
        if scrape:
            self._event = self.sim.tick(self.resolution_ms, self._tick, name="metrics-server scrape",
                                        priority=5)
        return self

    def stop(self) -> None:
        self.running = False
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def _tick(self) -> None:
        if not self.running:
            return
        self.scrape()
        self._event = self.sim.tick(self.resolution_ms, self._tick, name="metrics-server scrape", priority=5)

    # ------------------------------------------------------------------ scraping
    def _reachable(self, node_name: str):
        """The node's ``/metrics/resource`` (its cAdvisor), or None when the kubelet cannot be reached."""
        try:
            cadvisor = self.dialer.dial(node_name).resource_metrics()
        except DialError:
            return None
        if cadvisor is None:
            return None
        sample = cadvisor.node_sample()
        if sample is None or self.sim.now_ms - sample.time_ms > defaults.METRICS_STALE_MS:
            return None
        return cadvisor

    def scrape(self) -> None:
        """One scrape of every kubelet; replaces all metrics with the newest points."""
        nodes, pods, uids, blocks = {}, {}, {}, {}
        for node_name in self.dialer.nodes():
            cadvisor = self._reachable(node_name)
            if cadvisor is None:
                continue
            sample = cadvisor.node_sample()
            prev_ms, prev_ns = self._prev_node.get(node_name, (cadvisor.started_ms, 0))
            if not cadvisor.started_ms <= prev_ms <= sample.time_ms or prev_ns > sample.cpu_ns:  # restarted
                prev_ms, prev_ns = cadvisor.started_ms, 0
            if sample.time_ms > prev_ms:
                window = sample.time_ms - prev_ms
                nodes[node_name] = {
                    "kind": "NodeMetrics", "apiVersion": API_VERSION, "metadata": {"name": node_name},
                    "timestamp": self.sim.clock.rfc3339(sample.time_ms), "window": go_duration(window),
                    "usage": {"cpu": cpu_quantity((sample.cpu_ns - prev_ns) * 1000 // window),
                              "memory": memory_quantity(sample.memory_bytes)}}
                self._prev_node[node_name] = (sample.time_ms, sample.cpu_ns)
            elif node_name in self._nodes:
                nodes[node_name] = self._nodes[node_name]
            run = cadvisor.steady_run()
            block = self._blocks.get(node_name)
            if self.sim.shortcuts and block is not None and block[0] is cadvisor \
                    and block[1][0] == block[2][0] == run[0] and block[1][1] < block[2][1] < run[1]:
                self._steady_pods(cadvisor, block, sample.time_ms, pods, uids)
                blocks[node_name] = (cadvisor, block[2], run, block[3], sample.time_ms)
                continue
            entries = []
            for stats in cadvisor.pod_stats():
                entry = self._pod_metrics(stats)
                if entry is not None:
                    key = (stats.namespace, stats.name)
                    pods[key] = entry
                    uids[key] = stats.uid
                    entries.append((key, stats.uid, entry))
            blocks[node_name] = (cadvisor, block[2] if block is not None and block[0] is cadvisor else (-1, -1),
                                 run, entries, sample.time_ms)
        self._nodes, self._pods, self._uids, self._blocks = nodes, pods, uids, blocks
        self.scrapes += 1
        self.sim.record("metrics-server", "scrape", "kubelets", f"{len(nodes)} nodes, {len(pods)} pods")

    # ------------------------------------------------------------------ the steady scrape
    # A node's pods cost a scrape nothing new while its cAdvisor stays in one *steady run*
    # (``CAdvisor.steady_run``: a full sample, then steps all Δt apart in which no container,
    # demand or pod changed). Within a run each container's CPU counter grows by the same d per
    # step, so a rate measured between two samples of the run, k steps apart, is
    # ``(k·d·1000) // (k·Δt) = (d·1000) // Δt`` — the same whatever k — and memory is constant. So
    # when this scrape and the previous two saw the node in the same run at increasing steps, the
    # previous scrape's usage (measured between two samples of the run) is exactly what this one
    # measures: each PodMetrics is the previous one with the new sample's timestamp and the new
    # window, and only the remembered counters move. A node whose run changed is scraped in full.
    def _steady_pods(self, cadvisor, block, sample_ms: int, pods: dict, uids: dict) -> None:
        timestamp = self.sim.clock.rfc3339(sample_ms)
        window = go_duration(sample_ms - block[4])
        for key, uid, entry in block[3]:
            pods[key] = {**entry, "timestamp": timestamp, "window": window}
            uids[key] = uid
        prev = self._prev_ctr
        for key, cid, time_ms, cpu_ns in cadvisor.cpu_counters():
            prev[key] = (cid, time_ms, cpu_ns)

    def _pod_metrics(self, stats) -> dict | None:
        containers, window = [], 0
        for name, cid, started_ms, sample in stats.containers:
            prev = self._prev_ctr.get((stats.uid, name))
            if prev is None or prev[0] != cid or prev[1] > sample.time_ms:
                prev = (cid, started_ms, 0)
            span = sample.time_ms - prev[1]
            rate = (sample.cpu_ns - prev[2]) * 1000 // span if span > 0 else 0
            window = max(window, span)
            if span > 0:
                self._prev_ctr[(stats.uid, name)] = (cid, sample.time_ms, sample.cpu_ns)
            containers.append({"name": name, "usage": {"cpu": cpu_quantity(rate),
                                                       "memory": memory_quantity(sample.memory_bytes)}})
        if not containers:
            return None
        return {"kind": "PodMetrics", "apiVersion": API_VERSION,
                "metadata": {"name": stats.name, "namespace": stats.namespace},
                "timestamp": self.sim.clock.rfc3339(stats.sample.time_ms), "window": go_duration(window),
                "containers": containers}

    def put(self, obj: dict, uid: str | None = None) -> None:
        """Store a ready-made ``NodeMetrics``/``PodMetrics`` (tests, recorded states, what-ifs)."""
        md = obj.get("metadata") or {}
        if obj.get("kind") == "NodeMetrics":
            self._nodes[md["name"]] = {k: v for k, v in obj.items()}
        elif obj.get("kind") == "PodMetrics":
            key = (md.get("namespace", "default"), md["name"])
            self._pods[key] = {k: v for k, v in obj.items()}
            if uid is not None:
                self._uids[key] = uid
        else:
            raise ValueError(f"not a metrics object: {obj.get('kind')!r}")

    # ------------------------------------------------------------------ the Metrics API
    def _check(self) -> None:
        if not self.running or (self.backend_ready is not None and not self.backend_ready()):
            raise APIError.unavailable("the server is currently unable to handle the request")

    def _stamp(self, obj: dict, labels: dict | None = None) -> dict:
        out = dict(obj)
        md = dict(obj.get("metadata") or {})
        md["creationTimestamp"] = self.sim.clock.rfc3339()
        if labels:
            md["labels"] = dict(labels)
        out["metadata"] = md
        return out

    def list_node_metrics(self, selector: str = "") -> list[dict]:
        """``GET /apis/metrics.k8s.io/v1beta1/nodes?labelSelector=…`` (items, by name)."""
        self._check()
        nodes = self.api.list("nodes", None, selector)["items"]
        return [self._stamp(self._nodes[n["metadata"]["name"]], n["metadata"].get("labels"))
                for n in sorted(nodes, key=lambda n: n["metadata"]["name"]) if n["metadata"]["name"] in self._nodes]

    def get_node_metrics(self, name: str) -> dict:
        self._check()
        node = self.api.peek("nodes", name)
        if name not in self._nodes or node is None:
            raise APIError.not_found("nodemetrics", name, GROUP)
        return self._stamp(self._nodes[name], (node.get("metadata") or {}).get("labels"))

    def _current(self, key: tuple[str, str], pod: dict | None) -> bool:
        if key not in self._pods or pod is None:
            return False
        uid = self._uids.get(key)
        return uid is None or uid == (pod.get("metadata") or {}).get("uid")

    def list_pod_metrics(self, namespace: str | None = None, selector: str = "",
                         field_selector: str = "") -> list[dict]:
        """``GET …/namespaces/<ns>/pods`` (``namespace=None``: all namespaces), by namespace/name."""
        self._check()
        parse_selector(selector)        # a bad selector is a BadRequest before anything else
        pods = self.api.list("pods", namespace, selector, field_selector)["items"]
        out = []
        for pod in sorted(pods, key=lambda p: (p["metadata"]["namespace"], p["metadata"]["name"])):
            key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
            if self._current(key, pod):
                out.append(self._stamp(self._pods[key], pod["metadata"].get("labels")))
        return out

    def get_pod_metrics(self, namespace: str, name: str) -> dict:
        self._check()
        key = (namespace, name)
        pod = self.api.peek("pods", name, namespace)
        if not self._current(key, pod):
            raise APIError.not_found("podmetrics", f"{namespace}/{name}", GROUP)
        return self._stamp(self._pods[key], (pod.get("metadata") or {}).get("labels"))

    # ------------------------------------------------------------------ as an aggregated API server
    def get(self, plural: str, name: str, namespace: str = "") -> dict:
        """``GET /apis/metrics.k8s.io/v1beta1/[namespaces/<ns>/]<plural>/<name>`` (kube-aggregator calls this)."""
        return self.get_node_metrics(name) if plural == "nodes" else self.get_pod_metrics(namespace, name)

    def list(self, plural: str, namespace: str | None = None, label_selector: str = "",
             field_selector: str = "") -> list[dict]:
        if plural == "nodes":
            return self.list_node_metrics(label_selector)
        return self.list_pod_metrics(namespace, label_selector, field_selector)

    # ------------------------------------------------------------------ plain data
    def top_nodes(self, selector: str = "") -> list[dict]:
        """Rows of ``kubectl top nodes`` as numbers: name, cpu_m, cpu_pct, memory_bytes, memory_pct.

        ``cpu_m`` is ``MilliValue()`` of the usage (rounded up), percentages are of allocatable
        and exact (kubectl truncates them when printing).
        """
        rows = []
        for m in self.list_node_metrics(selector):
            node = self.api.peek("nodes", m["metadata"]["name"]) or {}
            alloc = (node.get("status") or {}).get("allocatable") or {}
            cpu = Quantity.parse(m["usage"]["cpu"]).milli_value()
            mem = Quantity.parse(m["usage"]["memory"]).value()
            a_cpu = Quantity.parse(alloc.get("cpu", "0")).milli_value()
            a_mem = Quantity.parse(alloc.get("memory", "0")).value()
            rows.append({"name": m["metadata"]["name"], "cpu_m": cpu,
                         "cpu_pct": cpu * 100 / a_cpu if a_cpu else 0.0, "memory_bytes": mem,
                         "memory_pct": mem * 100 / a_mem if a_mem else 0.0})
        return rows

    def top_pods(self, namespace: str | None = "default", all_namespaces: bool = False, selector: str = "",
                 containers: bool = False) -> list[dict]:
        """Rows of ``kubectl top pods`` as numbers (one per container with ``containers=True``)."""
        rows = []
        for m in self.list_pod_metrics(None if all_namespaces else namespace, selector):
            md = m["metadata"]
            parts = [(c["name"], Quantity.parse(c["usage"]["cpu"]), Quantity.parse(c["usage"]["memory"]))
                     for c in m["containers"]]
            if containers:
                rows += [{"namespace": md["namespace"], "pod": md["name"], "container": n,
                          "cpu_m": cpu.milli_value(), "memory_bytes": mem.value()} for n, cpu, mem in parts]
            else:
                cpu = sum((p[1] for p in parts), Quantity.parse("0"))
                mem = sum((p[2] for p in parts), Quantity.parse("0"))
                rows.append({"namespace": md["namespace"], "name": md["name"], "cpu_m": cpu.milli_value(),
                             "memory_bytes": mem.value()})
        return rows
