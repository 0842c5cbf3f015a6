"""``kubectl rollout status|history|undo|pause|resume|restart`` for deployments.

* ``status`` lets simulated time run (``Cluster.wait_until``) and prints kubectl's progress line
  each time it changes — ``Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas
  have been updated...``, ``… 1 old replicas are pending termination...``, ``… 2 of 3 updated
  replicas are available...`` — until ``deployment "web" successfully rolled out`` (exit 0) or
  ``error: deployment "web" exceeded its progress deadline`` (exit 1). ``--watch=false`` prints
  the current line once; ``--timeout`` bounds the wait (``error: timed out waiting for the
  condition``). Without a timeout the wait ends after an hour of simulated time, or at once when
  nothing in the cluster is left to happen.
* ``history`` prints the revisions (``REVISION  CHANGE-CAUSE``) or one revision's pod template;
  with ``-o`` the objects that hold them (the ReplicaSets; ControllerRevisions for DaemonSets and
  StatefulSets).
* ``undo`` works on the client side, as kubectl 1.32 does: it finds the ReplicaSet of the previous
  (or ``--to-revision``) revision and patches the deployment's template and annotations back to
  it; the controller then rolls out that template under a new revision number. Printed:
  ``deployment.apps/web rolled back`` or ``… skipped rollback (current template already matches
  revision N)``; a paused deployment is refused.
* ``pause`` / ``resume`` set ``spec.paused``; ``restart`` sets the template annotation
  ``kubectl.kubernetes.io/restartedAt`` to the simulated time, which starts a rollout.

A type without a name (``kubectl rollout status deployment``) means every object of that type in
the namespace. DaemonSets and StatefulSets (``status``, ``history``, ``undo``, ``restart``) are handled by
:mod:`.rollout_workloads`; pausing them is refused as kubectl does (``… pausing is not supported``).
"""

from __future__ import annotations

from ...api.objects import copy_json, dig
from ...errors import APIError
from ..describe.deployment import owned_replicasets, split_replicasets
from ..describe.history import RevisionNotFound, rollout_history
from ..flags import Flag
from .apply import dry_run_mode, dry_run_suffix
from . import printing
from . import rollout_workloads
from .command import CommandError, Invocation, kind_slash_name, unknown_subcommand
from .scale import targets
from .wait import parse_go_duration

ROLLOUT_FLAGS = (
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("field-manager", "", "string", "", "Name of the manager used to track field ownership."),
    Flag("revision", "", "int", 0, "Pin to a specific revision."),
    Flag("to-revision", "", "int", 0, "The revision to rollback to. Default to 0 (last revision)."),
    Flag("watch", "w", "bool", True, "Watch the status of the rollout until it's done."),
    Flag("timeout", "", "string", "0s", "The length of time to wait before ending watch."),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("all", "", "bool", False, "Select all resources in the namespace of the specified resource types."),
    Flag("filename", "f", "stringSlice", [], "Filename identifying the resource."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f recursively."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
    Flag("output", "o", "string", "", "Output format."),
)

REVISION = "deployment.kubernetes.io/revision"
HASH_LABEL = "pod-template-hash"
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
# Annotations kubectl never copies from a ReplicaSet back onto the deployment on undo.
_SKIP = frozenset({"kubectl.kubernetes.io/last-applied-configuration", REVISION,
                   "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
                   "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to"})
_MAX_WAIT_S = 3600
_SUBCOMMANDS = ("history", "pause", "restart", "resume", "status", "undo")


def run_rollout(inv: Invocation) -> int:
    if not inv.args:                    # kubectl prints rollout's help on standard output, and fails
        from .cobra_path import help_text
        inv.out.out(help_text(["rollout"]))
        return 1
    sub, inv.args = inv.args[0], inv.args[1:]
    if sub not in _SUBCOMMANDS:
        raise unknown_subcommand("rollout", [sub, *inv.args])
    if not inv.args and not inv.flags.get("filename"):
        raise CommandError("required resource not specified")
    handler = {"status": _status, "history": _history, "undo": _undo, "pause": _pause,
               "resume": _resume, "restart": _restart}[sub]
    failed = False
    found = targets(inv, type_means_all=True)
    if not found:
        inv.warn(f"No resources found in {inv.namespace} namespace.")
    for info, name, namespace in found:
        try:
            _check_kind(info, name, sub)
            if handler(inv, info, name, namespace):
                failed = True
        except (APIError, CommandError) as exc:
            inv.error_line(exc)
            failed = True
    return 1 if failed else 0


# kinds kubectl's GroupKindElement visits (the others have "no visitor method")
_VISITED = ("DaemonSet", "Deployment", "Job", "Pod", "ReplicaSet", "ReplicationController", "StatefulSet", "CronJob")
_VERBING = {"pause": "pausing", "resume": "resuming", "restart": "restarting"}


def _check_kind(info, name: str, sub: str) -> None:
    """kubectl's refusals for a kind a rollout subcommand does not handle, in its words."""
    supported = ("Deployment",) if sub in ("pause", "resume") else ("Deployment", "DaemonSet", "StatefulSet")
    if info.kind in supported:
        return
    group_kind = f"{info.kind}.{info.group}" if info.group else info.kind
    if sub in _VERBING:
        resource = f"{info.plural}.{info.group}" if info.group else info.plural
        raise CommandError(f'{resource} "{name}" {_VERBING[sub]} is not supported')
    if sub == "status":
        raise CommandError(f"no status viewer has been implemented for {info.kind}")
    what, implemented = ("rollbacker", "rollbacker") if sub == "undo" else ("history", "history viewer")
    if info.kind not in _VISITED:
        raise CommandError(f'error retrieving {what} for "{group_kind}", no visitor method exists for '
                           f'{{{info.group} {info.kind}}}')
    raise CommandError(f'no {implemented} has been implemented for "{group_kind}"')


# ----------------------------------------------------------------------------- status
def status_line(d: dict, revision: int = 0) -> tuple[str, bool]:
    """kubectl's ``DeploymentStatusViewer``: (line, done); CommandError for a failed rollout."""
    name, spec, st = d["metadata"]["name"], d.get("spec") or {}, d.get("status") or {}
    if revision:
        current = int(dig(d, "metadata", "annotations", REVISION, default="0") or 0)
        if current != revision:
            raise CommandError(f"desired revision ({revision}) is different from the running revision ({current})")
    if int(dig(d, "metadata", "generation", default=0)) > int(st.get("observedGeneration") or 0):
        return "Waiting for deployment spec update to be observed...", False
    cond = next((c for c in st.get("conditions") or [] if c.get("type") == "Progressing"), None)
    if cond is not None and cond.get("reason") == "ProgressDeadlineExceeded":
        raise CommandError(f'deployment "{name}" exceeded its progress deadline')
    want = int(spec.get("replicas", 1))
    updated, total = int(st.get("updatedReplicas") or 0), int(st.get("replicas") or 0)
    available = int(st.get("availableReplicas") or 0)
    prefix = f'Waiting for deployment "{name}" rollout to finish: '
    if updated < want:
        return f"{prefix}{updated} out of {want} new replicas have been updated...", False
    if total > updated:
        return f"{prefix}{total - updated} old replicas are pending termination...", False
    if available < updated:
        return f"{prefix}{available} of {updated} updated replicas are available...", False
    return f'deployment "{name}" successfully rolled out', True


def _status(inv: Invocation, info, name: str, namespace: str) -> bool:
    inv.api.get(info, name, namespace)                       # NotFound as the server says it
    revision = inv.flags.get("revision") or 0
    seen: dict = {"last": None, "error": None, "done": False}

    def check() -> bool:
        d = inv.api.peek(info, name, namespace)
        if d is None:
            seen["error"] = CommandError(f'{info.plural}.{info.group} "{name}" not found')
            return True
        try:
            line, done = status_line(d, revision) if info.kind == "Deployment" else rollout_workloads.status_line(d)
        except CommandError as exc:
            seen["error"] = exc
            return True
        if line != seen["last"]:
            inv.print(line)
            seen["last"] = line
        seen["done"] = done
        return done

    inv.cluster.run(0)        # the controllers answer within the instant kubectl takes to connect
    if not inv.flags.get("watch"):
        check()
    else:
        timeout = parse_go_duration(inv.flags.get("timeout") or "0s")
        finished = inv.cluster.wait_until(check, timeout if timeout > 0 else _MAX_WAIT_S)
        if not finished:
            raise CommandError("timed out waiting for the condition")
    if seen["error"] is not None:
        raise seen["error"]
    return False


# ----------------------------------------------------------------------------- history / undo
def _history(inv: Invocation, info, name: str, namespace: str) -> bool:
    d = inv.api.get(info, name, namespace)
    if inv.flags.get("output"):
        _print_revisions(inv, info, d)
        return False
    if info.kind != "Deployment":
        inv.out.out(rollout_workloads.history(inv, info, d))
        return False
    try:
        inv.out.out(rollout_history(inv.api, d, inv.flags.get("revision") or None, inv.now_unix_ms()))
    except RevisionNotFound as exc:
        raise CommandError(str(exc)) from None
    return False


def _print_revisions(inv: Invocation, info, obj: dict) -> None:
    """``history -o FORMAT``: the objects that hold the revisions — a Deployment's ReplicaSets, a
    DaemonSet's or StatefulSet's ControllerRevisions — in revision order, each printed on its own
    (YAML documents separated by ``---`` across every object the command prints)."""
    if info.kind == "Deployment":
        revisions = {r: rs for rs in owned_replicasets(inv.api, obj) if (r := _revision_of(rs)) is not None}
    else:
        revisions = rollout_workloads.revisions(inv, obj)
    wanted = inv.flags.get("revision") or 0
    if wanted and wanted not in revisions:
        raise CommandError("unable to find the specified revision")
    output = inv.flags["output"]
    for revision in [wanted] if wanted else sorted(revisions):
        if output.startswith("yaml") and inv.extra.get("documents_printed"):
            inv.out.out("---\n")
        inv.out.out(printing.format_objects(inv, [revisions[revision]], output, single=True, typed=True))
        inv.extra["documents_printed"] = inv.extra.get("documents_printed", 0) + 1


def _revision_of(rs: dict) -> int | None:
    try:
        return int(dig(rs, "metadata", "annotations", REVISION, default=""))
    except ValueError:
        return None


def _undo(inv: Invocation, info, name: str, namespace: str) -> bool:
    mode = dry_run_mode(inv)
    d = inv.api.get(info, name, namespace)
    if info.kind != "Deployment":
        rollout_workloads.undo(inv, info, d)
        return False
    if dig(d, "spec", "paused"):
        raise CommandError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout "
                           "resume' and try again")
    old, new = split_replicasets(d, owned_replicasets(inv.api, d))
    to = inv.flags.get("to-revision") or 0
    revisions = sorted(((r, rs) for rs in old + ([new] if new else []) if (r := _revision_of(rs)) is not None),
                       key=lambda pair: pair[0])
    if to:
        target = next((rs for r, rs in revisions if r == to), None)
        if target is None:
            raise CommandError(f"unable to find specified revision {to} in history")
    else:
        if len(revisions) < 2:
            raise CommandError(f'no rollout history found for deployment "{name}"')
        target = revisions[-2][1]
    template = copy_json(dig(target, "spec", "template", default={}))
    labels = dig(template, "metadata", "labels")
    if isinstance(labels, dict):
        labels.pop(HASH_LABEL, None)
    if template == dig(d, "spec", "template", default={}):
        inv.print(f"{kind_slash_name(info, name)} skipped rollback (current template already matches revision "
                  f"{to or _revision_of(target)})")
        return False
    annotations = {k: v for k, v in (dig(d, "metadata", "annotations", default={}) or {}).items() if k in _SKIP}
    annotations.update({k: v for k, v in (dig(target, "metadata", "annotations", default={}) or {}).items()
                        if k not in _SKIP})
    if mode != "client":
        inv.api.patch(info, name, namespace, [
            {"op": "replace", "path": "/spec/template", "value": template},
            {"op": "replace", "path": "/metadata/annotations", "value": annotations}], "json",
            dry_run=(mode == "server"), user="kubectl")
    inv.print(f"{kind_slash_name(info, name)} rolled back{dry_run_suffix(mode)}")
    return False


# ----------------------------------------------------------------------------- pause / resume / restart
def _set(inv: Invocation, info, name: str, namespace: str, patch: dict, verb: str) -> bool:
    mode = dry_run_mode(inv)
    if mode != "client":
        result = inv.api.patch(info, name, namespace, patch, "strategic", dry_run=(mode == "server"),
                               user="kubectl")
    else:                   # kubectl patches its own copy
        from ...apiserver.patch import apply_patch
        result = apply_patch(inv.api.get(info, name, namespace), patch, "strategic")
    output = inv.flags.get("output") or ""
    if output:              # -o prints the patched object instead of the verb line
        from . import printing
        inv.out.out(printing.format_objects(inv, [result], output, single=True))
        return False
    inv.print(f"{kind_slash_name(info, name)} {verb}{dry_run_suffix(mode)}")
    return False


def _pause(inv: Invocation, info, name: str, namespace: str) -> bool:
    if dig(inv.api.get(info, name, namespace), "spec", "paused"):
        raise CommandError(f'{info.plural}.{info.group} "{name}" is already paused')
    return _set(inv, info, name, namespace, {"spec": {"paused": True}}, "paused")


def _resume(inv: Invocation, info, name: str, namespace: str) -> bool:
    if not dig(inv.api.get(info, name, namespace), "spec", "paused"):
        raise CommandError(f'{info.plural}.{info.group} "{name}" is not paused')
    return _set(inv, info, name, namespace, {"spec": {"paused": None}}, "resumed")


def _restart(inv: Invocation, info, name: str, namespace: str) -> bool:
    if dig(inv.api.get(info, name, namespace), "spec", "paused"):
        raise CommandError(f'{info.plural}.{info.group} "{name}" can\'t restart paused deployment '
                           f"(run rollout resume first)")
    stamp = inv.cluster.sim.clock.rfc3339()
    return _set(inv, info, name, namespace,
                {"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: stamp}}}}}, "restarted")
