"""``EventTimeline``: Kubernetes Events and the component trace in one filterable table.

Two sources, merged in simulated-time order:

* **events** — the cluster's ``Event`` objects (what ``kubectl get events`` lists: reason, object,
  message, reporting component);
* **trace** — the simulator's component trace (:class:`k8scourse.sim.trace.TraceLog`): every
  action of kube-apiserver, etcd, controllers, the scheduler and the kubelets.

So one ``kubectl apply`` of a Deployment reads, top to bottom, as the architecture slide tells
it: API server → etcd → deployment controller → ReplicaSet controller → scheduler → kubelet.
Filter by component, by source, or by any text (an object name, a reason).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> tl = EventTimeline(c, limit=3)
>>> _ = c.kubectl("run web --image=nginx", echo=False)
>>> tl.filter_text.value = "pods/default/web"
>>> print(tl.text())
0.000s trace kube-apiserver create by masterclient pods/default/web
"""

from __future__ import annotations

import ipywidgets as W

from ..i18n import t
from ._core import Target, esc, register, table_html


def event_rows(cluster) -> list[tuple]:
    """(time ms, source, component, what, object) for every Event object of ``cluster``."""
    rows = []
    clock = cluster.sim.clock
    for ev in cluster.api.store.list("events", copy=False):
        series = ev.get("series") if isinstance(ev.get("series"), dict) else {}
        stamp = series.get("lastObservedTime") or ev.get("lastTimestamp") or ev.get("eventTime") \
            or (ev.get("metadata") or {}).get("creationTimestamp")
        try:
            ms = clock.sim_ms(stamp) if stamp else 0
        except ValueError:  # a malformed stamp sorts first rather than failing
            ms = 0
        # events.k8s.io Events (kube-scheduler's) have an empty source: the reporter names them
        component = (ev.get("source") or {}).get("component") or ev.get("reportingComponent") or ""
        inv = ev.get("involvedObject") or ev.get("regarding") or {}
        obj = f"{(inv.get('kind') or '').lower()}/{inv.get('name', '')}"
        what = f"{ev.get('type', '')} {ev.get('reason', '')}: {ev.get('message') or ev.get('note') or ''}".strip()
        rows.append((ms, "event", component, what, obj))
    return rows


def trace_rows(sim) -> list[tuple]:
    return [(e.time_ms, "trace", e.component, f"{e.action}" + (f" {e.detail}" if e.detail else ""), e.target)
            for e in sim.trace.entries()]


class EventTimeline(W.VBox):
    """Events + component trace of a cluster as a table; newest last; filterable."""

    def __init__(self, cluster_or_azure, limit: int = 200):
        self.target = Target(cluster_or_azure)
        self.limit = limit
        self.component = W.Dropdown(options=[(t("timeline.all"), "")], value="", description=t("timeline.component"))
        self.source = W.ToggleButtons(options=[(t("timeline.both"), "both"), (t("timeline.events"), "event"),
                                               (t("timeline.trace"), "trace")], value="both")
        self.filter_text = W.Text(placeholder=t("timeline.filter"), continuous_update=False)
        self.table = W.HTML()
        self.table.add_class("k8s-timeline")
        for w in (self.component, self.source, self.filter_text):
            w.observe(lambda _c: self.refresh(), names="value")
        super().__init__([W.HBox([self.component, self.source, self.filter_text]), self.table])
        self._seen = None
        self.refresh()
        register(self)

    def _state(self):
        cluster = self.target.cluster
        events = cluster.api.store.count("events") if cluster is not None else 0
        return (id(cluster), len(self.target.sim.trace), self.target.sim.trace.dropped, events,
                cluster.api.store.revision if cluster is not None else 0)

    def rows(self) -> list[tuple]:
        """All rows passing the filters, oldest first (before the ``limit`` cut)."""
        cluster = self.target.cluster
        rows = trace_rows(self.target.sim) if self.source.value in ("both", "trace") else []
        if cluster is not None and self.source.value in ("both", "event"):
            rows += event_rows(cluster)
        rows.sort(key=lambda r: (r[0], r[1] != "trace"))
        if self.component.value:
            rows = [r for r in rows if r[2] == self.component.value]
        needle = self.filter_text.value.strip().lower()
        if needle:
            rows = [r for r in rows if any(needle in str(x).lower() for x in r[2:])]
        return rows

    def stale(self) -> bool:
        return self._state() != self._seen

    def refresh(self) -> "EventTimeline":
        self._seen = self._state()
        components = sorted({e.component for e in self.target.sim.trace.entries()} |
                            ({r[2] for r in event_rows(self.target.cluster)} if self.target.cluster else set()))
        options = [(t("timeline.all"), "")] + [(c, c) for c in components if c]
        if list(self.component.options) != options:
            keep = self.component.value if self.component.value in components else ""
            with self.component.hold_trait_notifications():
                self.component.options = options
                self.component.value = keep
        rows = self.rows()
        shown = rows[-self.limit:]
        html = table_html([t("timeline.time"), t("timeline.source"), t("timeline.component"),
                           t("timeline.what"), t("timeline.object")],
                          [[f"{r[0] / 1000:.3f}s", r[1], r[2], r[3], r[4]] for r in shown], "k8s-timeline-table")
        note = f"<div style='font-size:11px'>{esc(t('timeline.rows', shown=len(shown), total=len(rows)))}</div>"
        self.table.value = note + f"<div style='max-height:360px;overflow:auto'>{html}</div>"
        return self

    def text(self) -> str:
        return "\n".join(f"{r[0] / 1000:.3f}s {r[1]} {r[2]} {r[3]} {r[4]}" for r in self.rows()[-self.limit:])

    def __repr__(self) -> str:
        return f"EventTimeline({len(self.rows())} rows)"
