"""``Dashboard``: every node of a cluster as a card, with its pods and its CPU/memory accounting.

A card shows what ``kubectl get nodes`` and ``kubectl describe node`` show, at a glance: the node's
Ready status, kubelet version, taints (and cordon), its pods coloured by their STATUS column
(computed exactly as ``kubectl get pods`` computes it) with restart counts, and two bars — CPU and
memory — drawing **requests** against **allocatable**, with the node's **actual usage** from the
metrics pipeline (``n/a`` while a cluster has no metrics, as ``kubectl top`` then fails).

Updates are coalesced: the dashboard watches pods and nodes, and a watch event only records which
node cards it touched (O(1) per event). :meth:`Dashboard.refresh` — called by
:func:`k8scourse.widgets.flush` after each command, time step or cell — re-renders only those
cards, plus the usage bars when simulated time moved. A 1,000-pod cluster is not re-rendered per
event; see ``bench/widgets.py``.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=2, seed=0)
>>> d = Dashboard(c)
>>> repr(d)
"Dashboard(cluster 'k8scourse': 2 nodes, 0 pods, at 0s)"
>>> _ = c.kubectl("run web --image=nginx", echo=False); _ = d.refresh()
>>> repr(d)
"Dashboard(cluster 'k8scourse': 2 nodes, 1 pods [Pending 1], at 0s)"
"""

from __future__ import annotations

import ipywidgets as W

from ..api.resources import pod_requests
from ..apiserver.tables.pods import pod_columns
from ..errors import APIError
from ..i18n import t
from ._core import Target, esc, fmt_cpu, fmt_mem, fmt_seconds, pct, register, weak_callback

UNSCHEDULED = ""                  # the card key of pods without a node
MAX_CHIPS = 60                    # pods drawn per card; the rest are counted
STATUS_COLOURS = {
    "Running": "#2e8b57", "Pending": "#e0a800", "ContainerCreating": "#e0a800", "Succeeded": "#1e88e5",
    "Completed": "#1e88e5", "Failed": "#c62828", "Error": "#c62828", "CrashLoopBackOff": "#c62828",
    "OOMKilled": "#c62828", "ErrImagePull": "#c62828", "ImagePullBackOff": "#c62828",
    "Terminating": "#616161", "Unknown": "#9e9e9e", "Evicted": "#6d4c41",
}


def status_colour(status: str) -> str:
    if status in STATUS_COLOURS:
        return STATUS_COLOURS[status]
    return "#c62828" if "Err" in status or "BackOff" in status else "#e0a800"


def node_usage(cluster) -> dict | None:
    """Node name → (cpu millicores, memory bytes) from the metrics pipeline, or None if absent.

    Defensive by design: it accepts the metrics server's ``top_nodes()`` rows or an accounting
    DataFrame, and answers None (shown as ``n/a``) when there is no pipeline or it is down.
    """
    metrics = getattr(cluster, "metrics", None)
    if metrics is None:
        return None
    try:
        if hasattr(metrics, "top_nodes"):
            rows = metrics.top_nodes()
            return {r["name"]: (float(r["cpu_m"]), float(r["memory_bytes"])) for r in rows}
        if hasattr(metrics, "nodes"):
            frame = metrics.nodes()
            return {r["node"]: (float(r["cpu_usage_m"]), float(r["memory_usage_bytes"]))
                    for r in frame.to_dict("records")}
    except APIError:  # metrics-server down (ServiceUnavailable) → n/a
        return None
    return None


def _quantity(value, milli: bool) -> int:
    from ..api.quantity import Quantity
    if value is None:
        return 0
    q = value if isinstance(value, Quantity) else Quantity.parse(str(value))
    return q.milli_value() if milli else q.value()


_UNSET = object()


def _set(widget, value: str) -> None:
    """Assign only on change (an unchanged value sends nothing to the browser)."""
    if widget.value != value:
        widget.value = value


class Dashboard(W.VBox):
    """Node cards for one cluster (or for the current cluster of an Azure subscription)."""

    def __init__(self, cluster_or_azure, max_chips: int = MAX_CHIPS):
        self.target = Target(cluster_or_azure)
        self.max_chips = max_chips
        self.header = W.HTML()
        self.cards_box = W.Box(layout=W.Layout(display="flex", flex_flow="row wrap"))
        super().__init__([self.header, self.cards_box])
        self.add_class("k8s-dashboard")
        self._cluster = _UNSET           # first _attach always builds the state
        self._watches: list = []
        self._cards: dict[str, W.VBox] = {}
        self._requests: dict[str, tuple] = {}      # pod uid -> (cpu m, memory bytes)
        self._status: dict[str, tuple] = {}        # pod uid -> (resourceVersion, STATUS, restarts)
        self._usage: dict | None = None
        self._summaries: dict[str, dict] = {}
        self._counts_cache: dict | None = None
        self._rendered_ms = -1
        self._attach()
        self.refresh()
        register(self)

    # ------------------------------------------------------------------ state from watches
    def _attach(self) -> None:
        cluster = self.target.cluster
        if cluster is self._cluster:
            return
        for w in self._watches:
            w.stop()
        self._watches, self._cluster = [], cluster
        self._cards, self._summaries, self._counts_cache = {}, {}, None
        self._nodes: dict[str, dict] = {}
        self._pods: dict[tuple, dict] = {}
        self._by_node: dict[str, set] = {UNSCHEDULED: set()}
        self._dirty: set[str] = {UNSCHEDULED}
        if cluster is None:
            return
        for node in cluster.api.store.list("nodes", copy=False):
            self._nodes[node["metadata"]["name"]] = node
            self._by_node.setdefault(node["metadata"]["name"], set())
        for pod in cluster.api.store.list("pods", copy=False):
            self._put_pod(pod)
        for resource, method in (("nodes", "_on_node"), ("pods", "_on_pod")):
            callback, handle = weak_callback(self, method)
            handle["watch"] = cluster.api.watch(resource, callback)
            self._watches.append(handle["watch"])
        self._dirty = set(self._by_node)

    def _put_pod(self, pod: dict) -> None:
        md = pod["metadata"]
        key = (md["namespace"], md["name"])
        old = self._pods.get(key)
        if old is not None:
            old_node = (old.get("spec") or {}).get("nodeName") or UNSCHEDULED
            self._by_node.get(old_node, set()).discard(key)
            self._dirty.add(old_node)
        node = (pod.get("spec") or {}).get("nodeName") or UNSCHEDULED
        self._pods[key] = pod
        self._by_node.setdefault(node, set()).add(key)
        self._dirty.add(node)

    def _on_pod(self, event) -> None:
        if event.type == "DELETED":
            md = event.object["metadata"]
            key = (md["namespace"], md["name"])
            old = self._pods.pop(key, None)
            if old is not None:
                node = (old.get("spec") or {}).get("nodeName") or UNSCHEDULED
                self._by_node.get(node, set()).discard(key)
                self._dirty.add(node)
                self._requests.pop(old["metadata"].get("uid", ""), None)
                self._status.pop(old["metadata"].get("uid", ""), None)
        else:
            self._put_pod(event.object)

    def _on_node(self, event) -> None:
        name = event.object["metadata"]["name"]
        if event.type == "DELETED":
            self._nodes.pop(name, None)
        else:
            self._nodes[name] = event.object
            self._by_node.setdefault(name, set())
        self._dirty.add(name)

    # ------------------------------------------------------------------ refresh protocol
    def stale(self) -> bool:
        return (self.target.cluster is not self._cluster or bool(self._dirty)
                or self.target.sim.now_ms != self._rendered_ms)

    def refresh(self) -> "Dashboard":
        """Re-render the pod lists of the cards that changed, and the bars if time moved."""
        self._attach()
        now = self.target.sim.now_ms
        time_moved = now != self._rendered_ms
        if time_moved:
            self._usage = node_usage(self._cluster) if self._cluster is not None else None
        names = sorted(self._nodes)
        cards_changed = False
        pods_changed = bool(self._dirty)
        for name in [UNSCHEDULED] + names:
            dirty = name in self._dirty or name not in self._cards
            if not (dirty or (time_moved and name)):
                continue
            card = self._cards.get(name)
            if card is None:
                card = self._cards[name] = W.VBox([W.HTML(), W.HTML()], layout=W.Layout(
                    margin="4px", width="340px", padding="6px",
                    border="1px dashed #bbb" if not name else "1px solid #bbb"))
                card.add_class("k8s-node-card" if name else "k8s-unscheduled-card")
                cards_changed = True
            if dirty:
                summary = self._summaries[name] = self._summarise(name, now)
                _set(card.children[1], self._chips(summary["pods"]))
            _set(card.children[0], self._head_html(name))
        for gone in [n for n in self._cards if n and n not in self._nodes]:
            del self._cards[gone]
            self._summaries.pop(gone, None)
            cards_changed = True
        wanted = [self._cards[n] for n in names]
        if self._by_node.get(UNSCHEDULED):
            wanted.insert(0, self._cards[UNSCHEDULED])
        if cards_changed or list(self.cards_box.children) != wanted:
            self.cards_box.children = wanted
        if pods_changed or self._counts_cache is None:
            self._counts_cache = self._count_statuses(now)
        self.header.value = self._header_html(now)
        self._dirty.clear()
        self._rendered_ms = now
        return self

    # ------------------------------------------------------------------ rendering
    def _pod_status(self, pod: dict, now: int) -> tuple[str, int]:
        """(STATUS column, restarts) — cached per resourceVersion (STATUS does not age)."""
        md = pod["metadata"]
        key = (md.get("uid", ""), md.get("resourceVersion", ""))
        cached = self._status.get(key[0])
        if cached is None or cached[0] != key[1]:
            _ready, status, _restarts = pod_columns(pod, now)
            restarts = sum(c.get("restartCount", 0)
                           for c in (pod.get("status") or {}).get("containerStatuses") or [])
            cached = self._status[key[0]] = (key[1], status, restarts)
        return cached[1], cached[2]

    def _pod_requests(self, pod: dict) -> tuple[int, int]:
        uid = pod["metadata"].get("uid", "")
        cached = self._requests.get(uid)
        if cached is None:
            req = pod_requests(pod)
            cached = self._requests[uid] = (_quantity(req.get("cpu"), True), _quantity(req.get("memory"), False))
        return cached

    def node_summary(self, name: str) -> dict:
        """The numbers of one card (also what :meth:`text` prints), usage included."""
        summary = dict(self._summaries.get(name) or self._summarise(name, self.target.sim.now_ms))
        usage = (self._usage or {}).get(name)
        summary["cpu_use"], summary["mem_use"] = (usage[0], usage[1]) if usage else (None, None)
        return summary

    def _summarise(self, name: str, now: int) -> dict:
        """Everything of one card that only changes with the objects (not with time)."""
        node = self._nodes.get(name) or {}
        status = node.get("status") or {}
        alloc = status.get("allocatable") or {}
        conds = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
        pods = [self._pods[k] for k in sorted(self._by_node.get(name, ()))]
        active = [p for p in pods if (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
        reqs = [self._pod_requests(p) for p in active]
        ready = {"True": "Ready", "False": "NotReady"}.get(conds.get("Ready"), "Unknown")
        if (node.get("spec") or {}).get("unschedulable"):
            ready += ",SchedulingDisabled"
        return {
            "name": name, "status": ready,
            "version": (status.get("nodeInfo") or {}).get("kubeletVersion", ""),
            "taints": [f"{x.get('key')}{'=' + x['value'] if x.get('value') else ''}:{x.get('effect')}"
                       for x in (node.get("spec") or {}).get("taints") or []],
            "pods": [(p["metadata"]["namespace"], p["metadata"]["name"], *self._pod_status(p, now)) for p in pods],
            "cpu_alloc": _quantity(alloc.get("cpu"), True), "mem_alloc": _quantity(alloc.get("memory"), False),
            "cpu_req": sum(r[0] for r in reqs), "mem_req": sum(r[1] for r in reqs),
        }

    def _chips(self, pods: list) -> str:
        chips = []
        for ns, name, status, restarts in pods[:self.max_chips]:
            label = name if ns == "default" else f"{ns}/{name}"
            extra = f" ↻{restarts}" if restarts else ""
            chips.append(f"<span class='k8s-pod' data-pod='{esc(ns)}/{esc(name)}' data-status='{esc(status)}' "
                         f"title='{esc(status)}{esc(', ' + t('dashboard.restarts', n=restarts) if restarts else '')}' "
                         f"style='display:inline-block;margin:1px;padding:0 4px;border-radius:3px;color:white;"
                         f"font-size:11px;background:{status_colour(status)}'>{esc(label)}{extra}</span>")
        if len(pods) > self.max_chips:
            chips.append(f"<span style='font-size:11px'>{esc(t('dashboard.more_pods', n=len(pods) - self.max_chips))}</span>")
        return "".join(chips) or f"<i style='font-size:11px'>{esc(t('dashboard.no_pods'))}</i>"

    def _bar(self, label: str, req: float, alloc: float, use, fmt) -> str:
        req_pct = min(pct(req, alloc), 100.0)
        use_txt = t("na") if use is None else f"{fmt(use)} ({pct(use, alloc):.0f}%)"
        marker = "" if use is None else (
            f"<div style='position:absolute;left:0;top:10px;height:4px;width:{min(pct(use, alloc), 100):.1f}%;"
            f"background:#ef6c00'></div>")
        return (f"<div style='font-size:11px'>{esc(label)}: {esc(t('requests'))} {fmt(req)} / "
                f"{esc(t('allocatable'))} {fmt(alloc)} ({pct(req, alloc):.0f}%) · {esc(t('usage'))} {esc(use_txt)}</div>"
                f"<div style='position:relative;height:14px;background:#e0e0e0;border-radius:2px'>"
                f"<div style='position:absolute;left:0;top:0;height:10px;width:{req_pct:.1f}%;background:#5c6bc0'></div>"
                f"{marker}</div>")

    def _head_html(self, name: str) -> str:
        if name == UNSCHEDULED:
            return f"<b style='font-family:sans-serif'>{esc(t('dashboard.unscheduled'))}</b>"
        s = self.node_summary(name)
        colour = "#2e8b57" if s["status"].startswith("Ready") else "#c62828"
        taints = ", ".join(s["taints"]) or t("dashboard.no_taints")
        return (f"<div style='font-family:sans-serif' data-node='{esc(name)}'><b style='font-size:12px'>{esc(name)}</b><br>"
                f"<span style='color:{colour};font-weight:bold'>{esc(s['status'])}</span> · {esc(s['version'])} · "
                f"<span style='font-size:11px'>{esc(t('dashboard.taints'))}: {esc(taints)}</span>"
                f"{self._bar(t('cpu'), s['cpu_req'], s['cpu_alloc'], s['cpu_use'], fmt_cpu)}"
                f"{self._bar(t('memory'), s['mem_req'], s['mem_alloc'], s['mem_use'], fmt_mem)}</div>")

    def _counts(self) -> dict[str, int]:
        if self._dirty or self._counts_cache is None:
            return self._count_statuses(self.target.sim.now_ms)
        return self._counts_cache

    def _count_statuses(self, now: int) -> dict[str, int]:
        counts: dict[str, int] = {}
        for pod in self._pods.values():
            status = self._pod_status(pod, now)[0]
            counts[status] = counts.get(status, 0) + 1
        return dict(sorted(counts.items()))

    def _header_html(self, now: int) -> str:
        if self._cluster is None:
            return f"<i>{esc(t('dashboard.no_cluster'))}</i>"
        counts = ", ".join(f"{k} {v}" for k, v in self._counts().items())
        return (f"<b>{esc(t('dashboard.title', name=self._cluster.name))}</b> — "
                f"{esc(t('dashboard.nodes', n=len(self._nodes)))}, {esc(t('dashboard.pods', n=len(self._pods)))}"
                f"{esc(' (' + counts + ')') if counts else ''} — {esc(t('sim.time', time=fmt_seconds(now)))}")

    # ------------------------------------------------------------------ text representations
    def text(self) -> str:
        """The dashboard as plain text (for screen readers, tests and nbval)."""
        if self._cluster is None:
            return t("dashboard.no_cluster")
        lines = [f"{self._cluster.name}: {t('dashboard.nodes', n=len(self._nodes))}, "
                 f"{t('dashboard.pods', n=len(self._pods))}, {t('sim.time', time=fmt_seconds(self.target.sim.now_ms))}"]
        for name in sorted(self._nodes):
            s = self.node_summary(name)
            use_cpu = t("na") if s["cpu_use"] is None else fmt_cpu(s["cpu_use"])
            use_mem = t("na") if s["mem_use"] is None else fmt_mem(s["mem_use"])
            lines.append(f"{name} {s['status']} {s['version']} taints=[{', '.join(s['taints'])}] "
                         f"cpu {fmt_cpu(s['cpu_req'])}/{fmt_cpu(s['cpu_alloc'])} use {use_cpu} "
                         f"memory {fmt_mem(s['mem_req'])}/{fmt_mem(s['mem_alloc'])} use {use_mem}")
            lines += [f"  {ns}/{pod} {status} restarts={r}" for ns, pod, status, r in s["pods"]]
        unscheduled = sorted(self._by_node.get(UNSCHEDULED, ()))
        if unscheduled:
            lines.append(t("dashboard.unscheduled"))
            now = self.target.sim.now_ms
            lines += [f"  {ns}/{n} {self._pod_status(self._pods[(ns, n)], now)[0]}" for ns, n in unscheduled]
        return "\n".join(lines)

    def __repr__(self) -> str:
        if self._cluster is None or self._cluster is _UNSET:
            return "Dashboard(no cluster)"
        counts = self._counts()
        detail = f" [{', '.join(f'{k} {v}' for k, v in counts.items())}]" if counts else ""
        return (f"Dashboard(cluster {self._cluster.name!r}: {len(self._nodes)} nodes, {len(self._pods)} pods"
                f"{detail}, at {fmt_seconds(self.target.sim.now_ms)})")
