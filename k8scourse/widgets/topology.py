"""``Topology``: who owns whom and who serves whom, as a graph (networkx, drawn with matplotlib).

Edges follow the real links between objects, not names:

* Deployment → ReplicaSet and ReplicaSet → Pod through the child's ``metadata.ownerReferences``;
* Pod → Node through ``spec.nodeName``;
* Service → Endpoints (same name and namespace, as the endpoints controller keeps them) and
  Endpoints → Pod through ``subsets[].addresses[].targetRef`` (ready and not-ready addresses).

Columns, left to right: Deployments/Services, ReplicaSets/Endpoints, Pods, Nodes — a deterministic
layered layout, so the same cluster draws the same picture. Picking an object highlights it with
everything upstream and downstream of it.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> g = build_graph(c)
>>> sorted(n for n in g.nodes if n.startswith("Node/"))
['Node//aks-nodepool1-78300211-vmss000000']
"""

from __future__ import annotations

import ipywidgets as W
import networkx as nx

from ..i18n import t
from ._core import Target, register
from .plots import figure_png, new_figure

LAYERS = {"Deployment": 0, "Service": 0, "ReplicaSet": 1, "Endpoints": 1, "Pod": 2, "Node": 3}
COLOURS = {"Deployment": "#5c6bc0", "ReplicaSet": "#7986cb", "Pod": "#2e8b57", "Node": "#8d6e63",
           "Service": "#ef6c00", "Endpoints": "#ffa726"}
FIGSIZE = (10, 6)


def node_id(kind: str, namespace: str, name: str) -> str:
    return f"{kind}/{namespace}/{name}"


def build_graph(cluster) -> "nx.DiGraph":
    """The object graph of ``cluster`` (node ids ``Kind/namespace/name``; nodes: ``Node//name``)."""
    g = nx.DiGraph()
    store = cluster.api.store

    def add(kind, ns, name):
        nid = node_id(kind, ns, name)
        if nid not in g:
            g.add_node(nid, kind=kind, layer=LAYERS[kind], label=name)
        return nid

    for node in store.list("nodes", copy=False):
        add("Node", "", node["metadata"]["name"])
    for resource, kind in (("deployments.apps", "Deployment"), ("replicasets.apps", "ReplicaSet"),
                           ("pods", "Pod"), ("services", "Service"), ("endpoints", "Endpoints")):
        for obj in store.list(resource, copy=False):
            md = obj["metadata"]
            me = add(kind, md.get("namespace", ""), md["name"])
            for ref in md.get("ownerReferences") or []:
                if ref.get("kind") in LAYERS:
                    g.add_edge(add(ref["kind"], md.get("namespace", ""), ref["name"]), me)
            if kind == "Pod" and (obj.get("spec") or {}).get("nodeName"):
                g.add_edge(me, add("Node", "", obj["spec"]["nodeName"]))
            if kind == "Endpoints":
                svc = node_id("Service", md.get("namespace", ""), md["name"])
                if svc in g:
                    g.add_edge(svc, me)
                for subset in obj.get("subsets") or []:
                    for addr in (subset.get("addresses") or []) + (subset.get("notReadyAddresses") or []):
                        ref = addr.get("targetRef") or {}
                        if ref.get("kind") == "Pod":
                            g.add_edge(me, add("Pod", ref.get("namespace", md.get("namespace", "")), ref["name"]))
    # Endpoints listed before their Service (alphabetical resources): link them afterwards.
    for nid, data in list(g.nodes(data=True)):
        if data["kind"] == "Endpoints":
            _, ns, name = nid.split("/", 2)
            svc = node_id("Service", ns, name)
            if svc in g and not g.has_edge(svc, nid):
                g.add_edge(svc, nid)
    return g


def related(g, nid: str) -> set[str]:
    """``nid`` with every object upstream and downstream of it."""
    if nid not in g:
        return set()
    return {nid} | nx.ancestors(g, nid) | nx.descendants(g, nid)


def draw(g, selected: str | None = None, figsize=FIGSIZE):
    """A matplotlib Figure of the graph; ``selected`` and its relatives highlighted."""
    fig, ax = new_figure(figsize)
    ax.set_axis_off()
    ax.set_title(t("topology.title"), fontsize=9)
    if not len(g):
        return fig
    ordered = nx.DiGraph()
    for nid in sorted(g.nodes, key=lambda n: (g.nodes[n]["layer"], n)):
        ordered.add_node(nid, **g.nodes[nid])
    ordered.add_edges_from(sorted(g.edges))
    pos = nx.multipartite_layout(ordered, subset_key="layer")
    hot = related(ordered, selected) if selected else set()
    colours = [COLOURS[ordered.nodes[n]["kind"]] if not hot or n in hot else "#d0d0d0" for n in ordered]
    sizes = [260 if n == selected else 120 for n in ordered]
    edge_colours = ["#c62828" if hot and u in hot and v in hot else "#9e9e9e" for u, v in ordered.edges]
    nx.draw_networkx_edges(ordered, pos, ax=ax, edge_color=edge_colours, arrows=True, arrowsize=8, node_size=sizes)
    nx.draw_networkx_nodes(ordered, pos, ax=ax, node_color=colours, node_size=sizes)
    if len(ordered) <= 80:
        labels = {n: f"{ordered.nodes[n]['kind']}\n{ordered.nodes[n]['label']}" for n in ordered}
        nx.draw_networkx_labels(ordered, pos, labels=labels, ax=ax, font_size=6)
    fig.tight_layout()
    return fig


class Topology(W.VBox):
    """The object graph as a picture, with a picker that highlights one object's relatives."""

    def __init__(self, cluster_or_azure, selected: str | None = None, figsize=FIGSIZE):
        self.target = Target(cluster_or_azure)
        self.figsize = figsize
        self.picker = W.Dropdown(options=[(t("topology.none"), "")], value="", description=t("topology.select"))
        self.image = W.Image(format="png")
        self.image.add_class("k8s-topology")
        self.graph = nx.DiGraph()
        self._seen = None
        self.picker.observe(lambda _c: self._draw(), names="value")
        super().__init__([self.picker, self.image])
        self.refresh()
        if selected:
            self.select(selected)
        register(self)

    def select(self, nid: str) -> None:
        """Highlight one object: ``Kind/namespace/name`` (e.g. ``Pod/default/web``) or ``""``."""
        self.picker.value = nid

    def stale(self) -> bool:
        cluster = self.target.cluster
        return (cluster.api.store.revision if cluster is not None else -1) != self._seen

    def refresh(self) -> "Topology":
        cluster = self.target.cluster
        self._seen = cluster.api.store.revision if cluster is not None else -1
        self.graph = build_graph(cluster) if cluster is not None else nx.DiGraph()
        options = [(t("topology.none"), "")] + [(n, n) for n in sorted(self.graph.nodes)]
        if list(self.picker.options) != options:
            keep = self.picker.value if self.picker.value in self.graph else ""
            with self.picker.hold_trait_notifications():
                self.picker.options = options
                self.picker.value = keep
        self._draw()
        return self

    def _draw(self) -> None:
        self.image.value = figure_png(draw(self.graph, self.picker.value or None, self.figsize))

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _n, data in self.graph.nodes(data=True):
            out[data["kind"]] = out.get(data["kind"], 0) + 1
        return {k: out[k] for k in LAYERS if k in out}

    def text(self) -> str:
        """Every edge, one per line, sorted."""
        return "\n".join(f"{u} -> {v}" for u, v in sorted(self.graph.edges))

    def __repr__(self) -> str:
        parts = ", ".join(f"{v} {k}" for k, v in self.counts().items())
        sel = f", selected {self.picker.value}" if self.picker.value else ""
        text = f"Topology({parts}; {self.graph.number_of_edges()} edges{sel})"
        # ipywidgets cuts text/plain at 110 characters: cut it ourselves, visibly
        return text if len(text) <= 110 else text[:108] + "…)"


__all__ = ["Topology", "build_graph", "draw", "related"]
