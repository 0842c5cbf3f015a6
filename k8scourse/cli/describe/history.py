"""``kubectl rollout history deployment/<name> [--revision=N]`` (kubectl's DeploymentHistoryViewer).

Revisions come from the ``deployment.kubernetes.io/revision`` annotation of the deployment's
ReplicaSets, change causes from their ``kubernetes.io/change-cause`` annotation. Without a revision
it prints ``deployment.apps/<name> `` (a trailing space: an empty operation) and a
``REVISION  CHANGE-CAUSE`` table; with one, ``deployment.apps/<name> with revision #N`` and that
revision's pod template, written without alignment (the tabs stay in the output). Both end with
an empty line, as kubectl prints a newline after the history text.
"""

from __future__ import annotations

from ...api.objects import copy_json, dig
from ...errors import K8sCourseError
from ..printers.tabwriter import KUBECTL_DESCRIBE, tabwrite
from .containers import describe_pod_template
from .deployment import owned_replicasets, split_replicasets
from .writer import RawWriter

REVISION_ANNOTATION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause"


class RevisionNotFound(K8sCourseError):
    """``--revision`` names no revision; kubectl prints ``error: <message>``."""

    def __init__(self):
        super().__init__("unable to find the specified revision")


def history(server, deployment: dict) -> dict[int, dict]:
    """Revision → pod template (carrying the change cause as an annotation, as kubectl does)."""
    old, new = split_replicasets(deployment, owned_replicasets(server, deployment))
    found: dict[int, dict] = {}
    for rs in old + ([new] if new is not None else []):
        try:
            revision = int(dig(rs, "metadata", "annotations", REVISION_ANNOTATION, default=""))
        except ValueError:
            continue
        template = copy_json(dig(rs, "spec", "template", default={}))
        annotations = template.setdefault("metadata", {}).setdefault("annotations", {}) or {}
        template["metadata"]["annotations"] = annotations
        cause = dig(rs, "metadata", "annotations", CHANGE_CAUSE_ANNOTATION, default="")
        if cause:
            annotations[CHANGE_CAUSE_ANNOTATION] = cause
        found[revision] = template
    return found


def rollout_history(server, deployment: dict, revision: int | None = None, now_unix_ms: int = 0) -> str:
    """The complete stdout of ``kubectl rollout history deployment/<name> [--revision=N]``.

    Raises :class:`RevisionNotFound` for an unknown ``revision`` (kubectl exits 1).
    """
    name = dig(deployment, "metadata", "name", default="")
    revisions = history(server, deployment)
    if revision:
        if revision not in revisions:
            raise RevisionNotFound()
        w = RawWriter()
        describe_pod_template(w, revisions[revision])
        return f"deployment.apps/{name} with revision #{revision}\n{w.text()}\n"
    if not revisions:
        return f"deployment.apps/{name} \nNo rollout history found.\n"
    table = "REVISION\tCHANGE-CAUSE\n" + "".join(
        f"{r}\t{dig(revisions[r], 'metadata', 'annotations', CHANGE_CAUSE_ANNOTATION, default='') or '<none>'}\n"
        for r in sorted(revisions))
    return f"deployment.apps/{name} \n{tabwrite(table, **KUBECTL_DESCRIBE)}\n"
