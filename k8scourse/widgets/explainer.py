"""``SchedulingExplainer``: why a pod landed on its node (or stays Pending), as table and chart.

The text is the scheduler's own record of its last attempt for the pod — each filter plugin's
verdict per node and each score plugin's score — exactly what ``cluster.explain(pod)`` prints. The
bar chart draws each node's total score. The scores are read from the scheduler's structured
record when it offers one (a ``scores`` mapping node → total or node → {plugin: score}), and
otherwise from the table itself (a row that starts with a node name and ends with a number).

Without a scheduler (or before the pod was ever tried) the widget says so instead of failing.

>>> scores_from_text("NODE  A  B  TOTAL\\nn1  10 20 30\\nn2 5 5 10\\n", ["n1", "n2"])
{'n1': 30.0, 'n2': 10.0}
"""

from __future__ import annotations

import ipywidgets as W

from ..errors import APIError, K8sCourseError
from ..i18n import t
from ._core import Target, esc, pre_html, register
from .plots import figure_png, new_figure

FIGSIZE = (6, 3)


def _number(text: str) -> float | None:
    try:
        return float(text.rstrip("%"))
    except ValueError:
        return None


def scores_from_text(text: str, nodes: list[str]) -> dict[str, float]:
    """Total score per node from an explanation table: a node's row, last numeric cell."""
    out: dict[str, float] = {}
    wanted = set(nodes)
    for line in text.splitlines():
        cells = line.split()
        if len(cells) >= 2 and cells[0] in wanted and cells[0] not in out:
            value = _number(cells[-1])
            if value is not None:
                out[cells[0]] = value
    return out


def scores_from_record(record) -> dict[str, float]:
    """Total score per node from a structured record (``.scores`` or ``["scores"]``), if any."""
    scores = getattr(record, "scores", None)
    if scores is None and isinstance(record, dict):
        scores = record.get("scores")
    if not isinstance(scores, dict):
        return {}
    out = {}
    for node, value in scores.items():
        if isinstance(value, dict):
            value = value.get("total", sum(v for v in value.values() if isinstance(v, (int, float))))
        if isinstance(value, (int, float)):
            out[str(node)] = float(value)
    return out


class SchedulingExplainer(W.VBox):
    """The scheduler's explanation for one pod: its table and a bar chart of node scores."""

    def __init__(self, cluster_or_azure, pod: str, namespace: str = "default", figsize=FIGSIZE):
        self.target = Target(cluster_or_azure)
        self.pod = pod.split("/", 1)[1] if pod.startswith(("pod/", "pods/")) else pod
        self.namespace = namespace
        self.figsize = figsize
        self.title = W.HTML()
        self.table = W.HTML()
        self.table.add_class("k8s-explainer")
        self.chart = W.Image(format="png")
        self.explanation = ""
        self.scores: dict[str, float] = {}
        self._seen = None
        super().__init__([self.title, self.table, self.chart])
        self.refresh()
        register(self)

    def _explain(self) -> str:
        cluster = self.target.cluster
        if cluster is None:
            return t("explain.unavailable", reason=t("dashboard.no_cluster"))
        try:
            return str(cluster.explain(self.pod, namespace=self.namespace, echo=False))
        except K8sCourseError as exc:  # no scheduler (SimulationError), unknown pod (APIError)
            return t("explain.unavailable", reason=str(exc))

    def _scores(self) -> dict[str, float]:
        cluster = self.target.cluster
        if cluster is None:
            return {}
        try:
            found = scores_from_record(cluster.scheduler.explain(self.namespace, self.pod)) \
                if cluster.scheduler is not None else {}
        except APIError:                # the pod is unknown or was never tried
            found = {}
        if found:
            return found
        nodes = [n["metadata"]["name"] for n in cluster.api.store.list("nodes", copy=False)]
        return scores_from_text(self.explanation, nodes)

    def stale(self) -> bool:
        cluster = self.target.cluster
        return (cluster.api.store.revision if cluster is not None else -1) != self._seen

    def refresh(self) -> "SchedulingExplainer":
        cluster = self.target.cluster
        self._seen = cluster.api.store.revision if cluster is not None else -1
        self.explanation = self._explain()
        self.scores = self._scores()
        self.title.value = f"<b>{esc(t('explain.title', pod=f'{self.namespace}/{self.pod}'))}</b>"
        self.table.value = pre_html(self.explanation, "k8s-explainer-text")
        fig, ax = new_figure(self.figsize)
        if self.scores:
            names = sorted(self.scores)
            ax.barh(names, [self.scores[n] for n in names], color="#5c6bc0")
            ax.tick_params(axis="y", labelsize=7)
        else:
            ax.text(0.5, 0.5, t("na"), ha="center", va="center", transform=ax.transAxes)
        ax.set_title(t("explain.scores"), fontsize=9)
        fig.tight_layout()
        self.chart.value = figure_png(fig)
        return self

    def text(self) -> str:
        return self.explanation

    def __repr__(self) -> str:
        best = max(sorted(self.scores), key=lambda n: self.scores[n]) if self.scores else None
        detail = f", best {best} ({self.scores[best]:g})" if best else ""
        return f"SchedulingExplainer(pod {self.namespace}/{self.pod}: {len(self.scores)} scored nodes{detail})"
