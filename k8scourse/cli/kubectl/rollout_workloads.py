"""``kubectl rollout status|history|undo|restart`` for DaemonSets and StatefulSets.

What kubectl 1.32 does for the two kinds whose history lives in ControllerRevisions:

* ``status`` — the DaemonSet and StatefulSet status viewers: ``Waiting for daemon set "agent"
  rollout to finish: 1 out of 3 new pods have been updated...``, ``… 2 of 3 updated pods are
  available...``, ``daemon set "agent" successfully rolled out``; ``Waiting for 2 pods to be
  ready...``, ``Waiting for partitioned roll out to finish: 1 out of 2 new pods have been
  updated...``, ``partitioned roll out complete: 2 new pods have been updated...``, ``waiting for
  statefulset rolling update to complete 1 pods at revision web-…...``, ``statefulset rolling
  update complete 3 pods at revision web-…...``; ``OnDelete`` is refused (``rollout status is only
  available for RollingUpdate strategy type``);
* ``history`` — ``REVISION  CHANGE-CAUSE`` from the owned ControllerRevisions (their
  ``kubernetes.io/change-cause`` annotation), or one revision's template with ``--revision``;
* ``undo`` — patches the template of the previous (or ``--to-revision``) revision back;
* ``restart`` — the ``kubectl.kubernetes.io/restartedAt`` template annotation, as for Deployments.

The waiting itself (simulated time, ``--timeout``, ``--watch=false``) is the Deployment code's.

>>> status_line({"kind": "DaemonSet", "metadata": {"name": "agent", "generation": 2}, "status": {
...     "observedGeneration": 2, "desiredNumberScheduled": 3, "updatedNumberScheduled": 1}})
('Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...', False)
"""

from __future__ import annotations

from ...api.objects import copy_json, dig
from ..describe.containers import describe_pod_template
from ..describe.writer import RawWriter
from ..printers.tabwriter import KUBECTL_DESCRIBE, tabwrite
from .apply import dry_run_mode, dry_run_suffix
from .command import CommandError, Invocation, kind_slash_name

CHANGE_CAUSE = "kubernetes.io/change-cause"
ONLY_ROLLING = "rollout status is only available for RollingUpdate strategy type"


def status_line(obj: dict) -> tuple[str, bool]:
    """(the viewer's line, done) for a DaemonSet or StatefulSet."""
    name, spec, st = obj["metadata"]["name"], obj.get("spec") or {}, obj.get("status") or {}
    if dig(spec, "updateStrategy", "type", default="RollingUpdate") != "RollingUpdate":
        raise CommandError(ONLY_ROLLING)
    generation, observed = int(dig(obj, "metadata", "generation", default=0)), int(st.get("observedGeneration") or 0)
    if obj.get("kind") == "DaemonSet":
        if generation > observed:
            return "Waiting for daemon set spec update to be observed...", False
        desired = int(st.get("desiredNumberScheduled") or 0)
        updated, available = int(st.get("updatedNumberScheduled") or 0), int(st.get("numberAvailable") or 0)
        prefix = f'Waiting for daemon set "{name}" rollout to finish: '
        if updated < desired:
            return f"{prefix}{updated} out of {desired} new pods have been updated...", False
        if available < desired:
            return f"{prefix}{available} of {desired} updated pods are available...", False
        return f'daemon set "{name}" successfully rolled out', True
    if observed == 0 or generation > observed:
        return "Waiting for statefulset spec update to be observed...", False
    replicas, ready = int(spec.get("replicas", 1)), int(st.get("readyReplicas") or 0)
    if ready < replicas:
        return f"Waiting for {replicas - ready} pods to be ready...", False
    updated = int(st.get("updatedReplicas") or 0)
    rolling = dig(spec, "updateStrategy", "rollingUpdate")
    if isinstance(rolling, dict):
        # the API server defaults rollingUpdate.partition to 0, so this is what a RollingUpdate set says
        partition = int(rolling.get("partition") or 0)
        if "partition" in rolling and updated < replicas - partition:
            return (f"Waiting for partitioned roll out to finish: {updated} out of {replicas - partition} new pods "
                    f"have been updated..."), False
        return f"partitioned roll out complete: {updated} new pods have been updated...", True
    if st.get("updateRevision") != st.get("currentRevision"):
        return (f"waiting for statefulset rolling update to complete {updated} pods at revision "
                f"{st.get('updateRevision')}..."), False
    return (f"statefulset rolling update complete {int(st.get('currentReplicas') or 0)} pods at revision "
            f"{st.get('currentRevision')}..."), True


def revisions(inv: Invocation, obj: dict) -> dict[int, dict]:
    """Revision number → ControllerRevision owned by ``obj``."""
    uid = obj["metadata"]["uid"]
    found = {}
    for rev in inv.api.list("controllerrevisions", obj["metadata"].get("namespace", ""))["items"]:
        refs = dig(rev, "metadata", "ownerReferences", default=[]) or []
        if any(r.get("uid") == uid and r.get("controller") for r in refs):
            found[int(rev.get("revision") or 0)] = rev
    return found


def _template(rev: dict) -> dict:
    template = copy_json(dig(rev, "data", "spec", "template", default={}))
    template.pop("$patch", None)
    return template


def history(inv: Invocation, info, obj: dict) -> str:
    name, revs = obj["metadata"]["name"], revisions(inv, obj)
    prefix = kind_slash_name(info, name)
    wanted = inv.flags.get("revision") or 0
    if wanted:
        if wanted not in revs:
            raise CommandError("unable to find the specified revision")
        template = _template(revs[wanted])
        cause = dig(revs[wanted], "metadata", "annotations", CHANGE_CAUSE)
        if cause:
            template.setdefault("metadata", {}).setdefault("annotations", {})[CHANGE_CAUSE] = cause
        w = RawWriter()
        describe_pod_template(w, template)
        return f"{prefix} with revision #{wanted}\n{w.text()}\n"
    if not revs:
        return f"{prefix} \nNo rollout history found.\n"
    table = "REVISION\tCHANGE-CAUSE\n" + "".join(
        f"{r}\t{dig(revs[r], 'metadata', 'annotations', CHANGE_CAUSE, default='') or '<none>'}\n" for r in sorted(revs))
    return f"{prefix} \n{tabwrite(table, **KUBECTL_DESCRIBE)}\n"


def undo(inv: Invocation, info, obj: dict) -> None:
    mode = dry_run_mode(inv)
    name, revs = obj["metadata"]["name"], revisions(inv, obj)
    to = inv.flags.get("to-revision") or 0
    if to:
        if to not in revs:
            raise CommandError(f"unable to find specified revision {to} in history")
        target = revs[to]
    else:
        if len(revs) < 2:
            raise CommandError("no last revision to roll back to")
        target = revs[sorted(revs)[-2]]
    template = _template(target)
    if template == dig(obj, "spec", "template", default={}):
        inv.print(f"{kind_slash_name(info, name)} skipped rollback (current template already matches revision "
                  f"{to or target.get('revision')})")
        return
    if mode != "client":
        inv.api.patch(info, name, obj["metadata"].get("namespace", ""),
                      [{"op": "replace", "path": "/spec/template", "value": template}], "json",
                      dry_run=(mode == "server"), user="kubectl")
    inv.print(f"{kind_slash_name(info, name)} rolled back{dry_run_suffix(mode)}")
