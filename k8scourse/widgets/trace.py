"""``TraceView``: a traced connection drawn on the cluster's nodes, bridges and pods (matplotlib).

Each node is a box: its pods along the top (each with its ``eth0`` address), the bridge (``cbr0``)
or Azure CNI's host routes in the middle, ``eth0`` with the node address at the bottom; Azure (the
load balancer, the route table or VNet) and the outside world sit below the nodes. The hops of
:func:`k8scourse.network.trace` become numbered red arrows between those places; the table of hops
is shown underneath. Figure size is fixed and the layout sorted by name, so the picture and the
``repr`` are the same on every run.
"""

from __future__ import annotations

import ipywidgets as W

from ..i18n import t
from ..network import node_net, trace
from ._core import pre_html
from .plots import figure_png, new_figure

FIGSIZE = (10, 5)


def _places(cluster) -> tuple[dict, list]:
    """Coordinates of every place a hop can be (keys: (node, where-prefix)), and the node boxes."""
    names = sorted(n["metadata"]["name"] for n in cluster.api.store.list("nodes", None, copy=False))
    places, boxes = {}, []
    width = 1.0 / max(1, len(names))
    for i, name in enumerate(names):
        x0, cx = i * width, i * width + width / 2
        net = node_net(cluster, name)
        boxes.append((x0 + 0.01, width - 0.02, name, net))
        places[(name, "eth0")] = (cx, 0.38)
        places[(name, "bridge")] = (cx, 0.58)
        places[(name, "iptables")] = (x0 + width * 0.85, 0.48)
        pods = [p for p in net.pods if not p.host_network]
        for j, p in enumerate(pods):
            px = x0 + width * (j + 0.5) / max(1, len(pods))
            places[(name, f"{p.namespace}/{p.name}")] = (px, 0.82)
    places[("", "azure")] = (0.5, 0.18)
    places[("", "outside")] = (0.5, 0.04)
    return places, boxes


def _point(places: dict, row: dict):
    node, where = row["node"] or "", row["where"] or ""
    if where in ("Azure load balancer", "Azure route table", "Azure VNet"):
        return places[("", "azure")]
    if where in ("outside",):
        return places[("", "outside")]
    if where == "eth0":
        return places.get((node, "eth0"))
    if where.startswith(("cbr0", "veth", "azv", "ip route", "docker0")):
        return places.get((node, "bridge"))
    if where.startswith("iptables") or where == "NetworkPolicy":
        return places.get((node, "iptables"))
    pod = where.split(" ")[0]
    if pod.startswith("pod/"):
        pod = "default/" + pod[4:] if "/" not in pod[4:] else pod[4:]
    return places.get((node, pod)) or (places.get((node, "eth0")) if node else None)


def draw(cluster, result, figsize=FIGSIZE):
    fig, ax = new_figure(figsize)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    ax.set_title(f"{result.src} → {result.dst}: {result.outcome}", fontsize=9)
    places, boxes = _places(cluster)
    for x0, w, name, net in boxes:
        ax.add_patch(_rect(x0, 0.3, w, 0.62, "#f5f0eb", "#8d6e63"))
        ax.text(x0 + w / 2, 0.94, name, ha="center", fontsize=6)
        ax.text(x0 + w / 2, 0.34, f"eth0 {net.ip}", ha="center", fontsize=6)
        ax.text(x0 + w / 2, 0.55, net.bridge or t("trace.draw.host_routes"), ha="center", fontsize=6, color="#5c6bc0")
        for p in net.pods:
            if p.host_network:
                continue
            px, py = places[(name, f"{p.namespace}/{p.name}")]
            ax.plot([px], [py], "s", color="#2e8b57", markersize=7)
            ax.text(px, py - 0.06, f"{p.name[:14]}\n{p.ip}", ha="center", fontsize=4.5)
    ax.text(0.5, 0.2, t("trace.draw.azure"), ha="center", fontsize=6, color="#0078d4")
    ax.text(0.5, 0.06, t("trace.draw.outside"), ha="center", fontsize=6)
    prev = None
    for row in result.rows:
        point = _point(places, row)
        if point is None:
            continue
        if prev is not None and point != prev:
            ax.annotate("", xy=point, xytext=prev, arrowprops={"arrowstyle": "->", "color": "#c62828", "lw": 1.2})
            ax.text((point[0] + prev[0]) / 2, (point[1] + prev[1]) / 2, str(row["step"]), fontsize=6,
                    color="#c62828")
        prev = point
    fig.tight_layout()
    return fig


def _rect(x, y, w, h, face, edge):
    from matplotlib.patches import Rectangle
    return Rectangle((x, y), w, h, facecolor=face, edgecolor=edge)


class TraceView(W.VBox):
    """``TraceView(cluster, "pod/client", "svc/web")``: the path drawn, with its table of hops."""

    def __init__(self, cluster, src: str, dst: str, namespace: str = "default", figsize=FIGSIZE):
        self.cluster, self.figsize = cluster, figsize
        self.result = trace(cluster, src, dst, namespace)
        self.image = W.Image(format="png", value=figure_png(draw(cluster, self.result, figsize)))
        self.table = W.HTML(pre_html(self.result.text))
        super().__init__([self.image, self.table])

    def text(self) -> str:
        return self.result.text

    def __repr__(self) -> str:
        r = self.result
        text = f"TraceView({r.src} → {r.dst}: {len(r.rows)} hops, {r.outcome})"
        return text if len(text) <= 110 else text[:108] + "…)"


__all__ = ["TraceView", "draw"]
