"""``kubectl drain NODE``: cordon a node and evict its pods, respecting PodDisruptionBudgets.

As kubectl's drain command (``k8s.io/kubectl/pkg/cmd/drain`` + ``pkg/drain``):

1. cordon — ``node/x cordoned`` (or ``already cordoned``);
2. pick the pods (:mod:`k8scourse.client.drain`): DaemonSet pods, pods with emptyDir volumes and
   pods without a controller stop the drain unless ``--ignore-daemonsets``,
   ``--delete-emptydir-data`` or ``--force`` allow them —
   ``error: unable to drain node "x" due to error: cannot delete DaemonSet-managed Pods (use
   --ignore-daemonsets to ignore): kube-system/ds-abcde, continuing command...``, ``There are pending
   nodes to be drained:`` and the errors again, exit code 1; allowed ones give
   ``Warning: ignoring DaemonSet-managed Pods: …``;
3. evict each pod through the ``pods/eviction`` subresource — ``evicting pod default/web-…`` — and
   when a PodDisruptionBudget refuses (429) print ``error when evicting pods/"web-…" -n "default"
   (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`` and
   try again 5 s later; ``--disable-eviction`` deletes instead (``deleting pod …``), bypassing
   budgets;
4. wait for each pod to be gone (checked every second) — ``pod/web-… evicted`` — then
   ``node/x drained``.

Simulated time runs while the command waits, so the pods' controllers re-create the evicted pods
elsewhere meanwhile, which is what eventually lets a budget allow the next eviction.
``--timeout`` bounds the whole wait (``error when evicting pods/"x" -n "ns": global timeout
reached: 1m0s``); ``--grace-period`` overrides the pods' termination grace period.

Deliberate differences: ``--timeout=0`` (kubectl: wait forever) waits at most one simulated hour;
several nodes are drained one after another; ``--chunk-size`` and
``--skip-wait-for-delete-timeout`` are accepted and ignored.
"""

from __future__ import annotations

from ...api.labels import parse_selector
from ...client.drain import DrainFilters, pods_for_deletion
from ...errors import APIError
from ..flags import Flag
from .apply import dry_run_mode, dry_run_suffix
from .command import CommandError, Invocation
from .wait import parse_go_duration

DRAIN_FLAGS = (
    Flag("force", "", "bool", False, "Continue even if there are pods that do not declare a controller."),
    Flag("ignore-daemonsets", "", "bool", False, "Ignore DaemonSet-managed pods."),
    Flag("delete-emptydir-data", "", "bool", False, "Continue even if there are pods using emptyDir."),
    Flag("delete-local-data", "", "bool", False, "Continue even if there are pods using emptyDir (deprecated)."),
    Flag("grace-period", "", "int", -1, "Period of time in seconds given to each pod to terminate gracefully."),
    Flag("timeout", "", "string", "0s", "The length of time to wait before giving up, zero means infinite"),
    Flag("disable-eviction", "", "bool", False, "Force drain to use delete, even if eviction is supported."),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on"),
    Flag("pod-selector", "", "string", "", "Label selector to filter pods on the node"),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
    Flag("chunk-size", "", "int", 500, "Return large lists in chunks rather than all at once."),
    Flag("skip-wait-for-delete-timeout", "", "int", 0, "Skip waiting for pods deleted long ago."),
)

RETRY_MS = 5_000
POLL_MS = 1_000
MAX_WAIT_MS = 3_600_000


def _go_seconds(ms: int) -> str:
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"


def _cordon(inv: Invocation, name: str, mode: str) -> None:
    node = inv.api.get("nodes", name, "")
    if (node.get("spec") or {}).get("unschedulable"):
        inv.print(f"node/{name} already cordoned")
        return
    if mode != "client":
        inv.api.patch("nodes", name, "", {"spec": {"unschedulable": True}}, "merge",
                      dry_run=(mode == "server"), user="kubectl")
    inv.print(f"node/{name} cordoned{dry_run_suffix(mode)}")


def run_drain(inv: Invocation) -> int:
    mode = dry_run_mode(inv)
    names = inv.args[1:] if inv.args[:1] in (["node"], ["nodes"], ["no"]) else list(inv.args)
    selector = inv.flags.get("selector") or ""
    if names and selector:
        raise CommandError("error: cannot specify both a node name and a --selector option")
    if selector:
        names = [n["metadata"]["name"] for n in inv.api.list("nodes", None, selector)["items"]]
    elif not names:
        raise CommandError("USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples")
    if inv.flags.get("delete-local-data"):
        inv.warn("Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. "
                 "Use --delete-emptydir-data.")
    filters = DrainFilters(ignore_daemonsets=bool(inv.flags.get("ignore-daemonsets")),
                           delete_emptydir_data=bool(inv.flags.get("delete-emptydir-data")
                                                     or inv.flags.get("delete-local-data")),
                           force=bool(inv.flags.get("force")))
    timeout_ms = int(parse_go_duration(inv.flags.get("timeout") or "0s") * 1000)
    pod_selector = parse_selector(inv.flags["pod-selector"]) if inv.flags.get("pod-selector") else None
    for name in names:
        _cordon(inv, name, mode)
    pending, fatal = [], []
    for name in names:
        errors = _drain_node(inv, name, filters, pod_selector, mode, timeout_ms)
        if errors:
            message = errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"
            inv.warn(f'error: unable to drain node "{name}" due to error: {message}, continuing command...')
            pending.append(name)
            fatal.extend(errors)
            continue
        inv.print(f"node/{name} drained{dry_run_suffix(mode)}")
    if pending:
        inv.warn("There are pending nodes to be drained:\n" + "".join(f" {n}\n" for n in pending) +
                 "\n".join(fatal))
        return 1
    return 0


def _drain_node(inv: Invocation, node: str, filters: DrainFilters, pod_selector, mode: str,
                timeout_ms: int) -> list[str]:
    pods, warnings, errors = pods_for_deletion(inv.api, node, filters, pod_selector)
    if errors:
        return errors
    if warnings:
        inv.warn(f"Warning: {warnings}")
    evicting = not inv.flags.get("disable-eviction")
    verb, done = ("evicting", "evicted") if evicting else ("deleting", "deleted")
    if mode == "client":
        for pod in pods:
            inv.print(f"{verb} pod {pod['metadata']['namespace']}/{pod['metadata']['name']} (dry run)")
        return []
    grace = inv.flags.get("grace-period")
    grace = None if grace is None or grace < 0 else grace
    sim = inv.cluster.sim
    deadline = sim.now_ms + (timeout_ms if timeout_ms > 0 else MAX_WAIT_MS)
    attempt = {(p["metadata"]["namespace"], p["metadata"]["name"]): sim.now_ms for p in pods}
    uids = {(p["metadata"]["namespace"], p["metadata"]["name"]): p["metadata"].get("uid") for p in pods}
    waiting: dict[tuple[str, str], str] = {}
    failures: list[str] = []
    while attempt or waiting:
        now = sim.now_ms
        for key in sorted(k for k, due in attempt.items() if due <= now):
            ns, name = key
            inv.print(f"{verb} pod {ns}/{name}{dry_run_suffix(mode)}")
            try:
                if evicting:
                    inv.api.evict(ns, name, user="kubectl", grace_period=grace, dry_run=(mode == "server"))
                else:
                    inv.api.delete("pods", name, ns, grace_period=grace, dry_run=(mode == "server"), user="kubectl")
            except APIError as exc:
                if exc.code == 429:
                    inv.warn(f'error when evicting pods/"{name}" -n "{ns}" (will retry after 5s): {exc.message}')
                    attempt[key] = now + RETRY_MS
                    continue
                del attempt[key]
                if exc.reason != "NotFound":
                    failures.append(f'error when evicting pods/"{name}" -n "{ns}": {exc.message}')
                continue
            del attempt[key]
            if mode == "server":
                continue
            waiting[key] = uids[key]
        for key in sorted(waiting):
            current = inv.api.peek("pods", key[1], key[0])
            if current is None or current["metadata"].get("uid") != waiting[key]:
                del waiting[key]
                inv.print(f"pod/{key[1]} {done}")
        if not attempt and not waiting:
            break
        if now >= deadline:
            shown = _go_seconds(timeout_ms if timeout_ms > 0 else MAX_WAIT_MS)
            for ns, name in sorted(set(attempt) | set(waiting)):
                failures.append(f'error when evicting pods/"{name}" -n "{ns}": global timeout reached: {shown}')
            break
        step = min([POLL_MS] + [max(1, due - now) for due in attempt.values()]) if not waiting else POLL_MS
        step = min(step, max(1, deadline - now))
        sim.run(ms=step)
    return failures
