"""``Console``: dashboard, terminal, manifest editor, event timeline and time controls in one cell.

The whole lab bench of a chapter in one widget: time controls on top, the cluster's node cards
below them, and tabs for the terminal, the manifest editor and the event timeline. Every part works
on the same Cluster (or Azure subscription), and every command or time step redraws the dashboard
once.

>>> from k8scourse import Cluster
>>> con = Console(Cluster(nodes=2, seed=0))
>>> _ = con.terminal.run("kubectl run web --image=nginx")
>>> repr(con)
"Console(Dashboard(cluster 'k8scourse': 2 nodes, 1 pods [Pending 1], at 0s))"
"""

from __future__ import annotations

import ipywidgets as W

from ..i18n import t
from .dashboard import Dashboard
from .editor import ManifestEditor
from .terminal import Terminal
from .timecontrols import TimeControls
from .timeline import EventTimeline


class Console(W.VBox):
    """Dashboard + terminal + editor + timeline + time controls on one cluster."""

    def __init__(self, cluster_or_azure, example: str = "pod", timeline_limit: int = 100):
        self.time = TimeControls(cluster_or_azure)
        self.dashboard = Dashboard(cluster_or_azure)
        self.terminal = Terminal(cluster_or_azure)
        self.editor = ManifestEditor(cluster_or_azure, example=example)
        self.timeline = EventTimeline(cluster_or_azure, limit=timeline_limit)
        self.tabs = W.Tab(children=[self.terminal, self.editor, self.timeline])
        for i, key in enumerate(("console.terminal", "console.editor", "console.timeline")):
            self.tabs.set_title(i, t(key))
        super().__init__([self.time, self.dashboard, self.tabs])
        self.add_class("k8s-console")

    def text(self) -> str:
        return self.dashboard.text()

    def __repr__(self) -> str:
        return f"Console({self.dashboard!r})"
