"""``AccessMatrix``: who can do what in a namespace — subjects down, common resources across.

Each row is a subject some binding names in the namespace (a RoleBinding there, or a
ClusterRoleBinding); each cell the verbs RBAC lets it use on that resource there, as the authorizer
would decide (:func:`k8scourse.apiserver.authorization.access.access_matrix`). The namespace menu and
the *include system: subjects* box redraw it; it also redraws after any write (a new RoleBinding
shows at once). ``text()`` is the same table as plain text, and ``repr`` a one-line summary without
ids, so notebooks stay byte-stable.
"""

from __future__ import annotations

import ipywidgets as W

from ..apiserver.authorization.access import MATRIX_RESOURCES, MATRIX_VERBS, access_matrix, matrix_text
from ..i18n import t
from ._core import Target, esc, register


class AccessMatrix(W.VBox):
    """``AccessMatrix(cluster, namespace="default")``."""

    def __init__(self, cluster_or_azure, namespace: str = "default", include_system: bool = False):
        self.target = Target(cluster_or_azure)
        self.namespace, self.include_system = namespace, include_system
        self.rows: list = []
        self._seen = None
        self.namespaces = W.Dropdown(description=t("access.namespace"), options=self._namespaces(),
                                     value=namespace)
        self.system = W.Checkbox(description=t("access.include_system"), value=include_system, indent=False)
        self.table = W.HTML()
        self.table.add_class("k8s-access-matrix")
        self.namespaces.observe(self._on_change, names="value")
        self.system.observe(self._on_change, names="value")
        super().__init__([W.HBox([self.namespaces, self.system]), self.table])
        self.refresh()
        register(self)

    def _namespaces(self) -> list[str]:
        cluster = self.target.cluster
        names = sorted(n["metadata"]["name"] for n in cluster.api.store.list("namespaces", None, copy=False)) \
            if cluster is not None else []
        return names if self.namespace in names else names + [self.namespace]

    def _on_change(self, _change) -> None:
        self.namespace, self.include_system = self.namespaces.value, self.system.value
        self.refresh()

    def stale(self) -> bool:
        cluster = self.target.cluster
        return (cluster.api.store.revision if cluster is not None else -1) != self._seen

    def refresh(self) -> "AccessMatrix":
        cluster = self.target.cluster
        self._seen = cluster.api.store.revision if cluster is not None else -1
        self.rows = access_matrix(cluster.api, self.namespace, self.include_system) if cluster is not None else []
        head = "".join(f"<th style='text-align:left;padding:2px 8px'>{esc(r)}</th>" for r, _ in MATRIX_RESOURCES)
        body = ""
        for row in self.rows:
            cells = ""
            for resource, _ in MATRIX_RESOURCES:
                verbs = row.verbs.get(resource) or []
                text = t("access.all_verbs") if len(verbs) == len(MATRIX_VERBS) else (", ".join(verbs) or "–")
                colour = "#e8f5e9" if verbs else "#fafafa"
                cells += f"<td style='padding:1px 8px;background:{colour};font-family:monospace'>{esc(text)}</td>"
            via = esc(f"{t('access.via')}: " + ", ".join(row.via))
            body += (f"<tr><td style='padding:1px 8px;font-family:monospace' title='{via}'>{esc(row.subject)}</td>"
                     f"{cells}</tr>")
        empty = "" if self.rows else f"<div>{esc(t('access.matrix_empty'))}</div>"
        self.table.value = (f"<div style='font-weight:bold'>{esc(t('access.matrix_title', namespace=self.namespace))}"
                            f"</div><table style='border-collapse:collapse'><tr><th style='text-align:left;"
                            f"padding:2px 8px'>{esc(t('access.subject'))}</th>{head}</tr>{body}</table>{empty}")
        return self

    def text(self) -> str:
        return matrix_text(self.rows, self.namespace)

    def __repr__(self) -> str:
        granted = sum(1 for row in self.rows for verbs in row.verbs.values() if verbs)
        return f"AccessMatrix(namespace {self.namespace}: {len(self.rows)} subjects, {granted} resource grants)"


__all__ = ["AccessMatrix"]
