"""``kubectl logs``: a container's output, the ``pods/log`` subresource (the API server reads it
from the kubelet of the pod's node).

``kubectl logs POD [-c CONTAINER] [-p/--previous] [--tail N] [--timestamps] [--all-containers]``
(also ``pod/NAME``, or ``job/pi``, ``deployment/web`` …: one pod of the object's selector, chosen
as kubectl chooses). Like kubectl 1.32, a pod with several containers and no ``-c`` defaults to the
first one (or the ``kubectl.kubernetes.io/default-container`` annotation) and says so on standard
error: ``Defaulted container "a" out of: a, b, init-x (init)``. Errors are the kubelet's, passed on
by the API server as ``Error from server (BadRequest): container "web" in pod "web" is waiting to
start: ContainerCreating``, ``previous terminated container "c" in pod "web" not found``;
``--timestamps`` prefixes each line with its RFC 3339 time (nanosecond form, trailing zeros trimmed
as Go prints them).

``-f``/``--follow`` prints the lines as the container writes them while simulated time passes
(:mod:`.stream`), and ends when the container stops (or the stream's simulated deadline comes).
"""

from __future__ import annotations

from ...api.objects import dig
from ...errors import APIError
from ..flags import Flag
from .command import CommandError, Invocation
from .stream import DONE, follow

LOGS_FLAGS = (
    Flag("container", "c", "string", "", "Print the logs of this container"),
    Flag("previous", "p", "bool", False, "Print the logs for the previous instance of the container."),
    Flag("tail", "", "int", -1, "Lines of recent log file to display."),
    Flag("timestamps", "", "bool", False, "Include timestamps on each line in the log output"),
    Flag("follow", "f", "bool", False, "Specify if the logs should be streamed."),
    Flag("all-containers", "", "bool", False, "Get all containers' logs in the pod(s)."),
    Flag("prefix", "", "bool", False, "Prefix each log line with the log source (pod name and container name)"),
)

DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container"


def _all_names(pod: dict) -> str:
    names = [c["name"] for c in dig(pod, "spec", "containers", default=[])]
    names += [f"{c['name']} (init)" for c in dig(pod, "spec", "initContainers", default=[]) or []]
    return ", ".join(names)


_PHASE_RANK = {"Running": 0, "Unknown": 1, "Pending": 2}


def _pod_of(inv: Invocation, kind: str, name: str) -> dict:
    """The pod kubectl reads for ``job/pi``, ``deployment/web`` …: the best of the pods the
    object's selector matches (kubectl's ``GetFirstPod`` with ``ByLogging``: scheduled, running,
    ready, more restarts, newest first); ``Found 2 pods, using pod/…`` on standard error."""
    from ...api.labels import selector_from_label_selector, selector_from_set
    info = inv.api.registry.by_name(kind)
    if info is None:
        raise CommandError(f'the server doesn\'t have a resource type "{kind}"')
    if info.kind not in ("Job", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController"):
        raise CommandError(f"cannot get the logs from {info.kind}: selector for {info.kind} not implemented")
    obj = inv.api.get(info, name, inv.namespace)
    raw = dig(obj, "spec", "selector")
    selector = selector_from_set(raw) if info.kind == "ReplicationController" else selector_from_label_selector(raw)
    pods = [p for p in inv.api.list("pods", inv.namespace)["items"]
            if selector.matches(dig(p, "metadata", "labels", default={}))]
    if not pods:
        raise CommandError("timed out waiting for the condition")

    def rank(p):
        restarts = sum(int(s.get("restartCount") or 0) for s in dig(p, "status", "containerStatuses", default=[]))
        ready = any(c.get("type") == "Ready" and c.get("status") == "True"
                    for c in dig(p, "status", "conditions", default=[]))
        created = inv.cluster.sim.clock.sim_ms(p["metadata"]["creationTimestamp"])
        return (not dig(p, "spec", "nodeName"), _PHASE_RANK.get(dig(p, "status", "phase"), 3), not ready,
                -restarts, -created, p["metadata"]["name"])
    pods.sort(key=rank)
    if len(pods) > 1:
        inv.warn(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}")
    return pods[0]


def run_logs(inv: Invocation) -> int:
    if not inv.args:
        raise CommandError("expected POD or TYPE/NAME is a required argument for the logs command", usage_of="logs")
    target = inv.args[0]
    container = inv.flags.get("container") or ""
    if len(inv.args) > 1:
        if container:
            raise CommandError("only one of -c or an inline [CONTAINER] arg is allowed", usage_of="logs")
        container = inv.args[1]
    kind, _, name = target.rpartition("/")
    if kind and kind not in ("pod", "pods", "po"):
        pod = _pod_of(inv, kind, name)
        name = pod["metadata"]["name"]
    else:
        pod = inv.api.get("pods", name, inv.namespace)
    if inv.flags.get("all-containers"):
        names = [c["name"] for c in dig(pod, "spec", "initContainers", default=[]) or []] + \
                [c["name"] for c in dig(pod, "spec", "containers", default=[])]
    else:
        if not container:
            annotated = dig(pod, "metadata", "annotations", DEFAULT_CONTAINER_ANNOTATION)
            specs = dig(pod, "spec", "containers", default=[])
            if annotated and any(c["name"] == annotated for c in specs):
                container = annotated
            else:
                if annotated:
                    inv.warn(f'Default container name "{annotated}" not found in pod {name}')
                container = specs[0]["name"]
                if len(specs) > 1 or dig(pod, "spec", "initContainers"):
                    inv.warn(f'Defaulted container "{container}" out of: {_all_names(pod)}')
        names = [container]
    tail = inv.flags.get("tail")
    prefix = (lambda c: f"[pod/{name}/{c}] ") if inv.flags.get("prefix") else (lambda c: "")
    printed: dict[str, int] = {}
    for cname in names:
        text = inv.api.pod_log(inv.namespace, name, cname, previous=bool(inv.flags.get("previous")),
                               tail_lines=tail if tail is not None and tail >= 0 else None,
                               timestamps=bool(inv.flags.get("timestamps")))
        inv.out.out("".join(prefix(cname) + line for line in text.splitlines(keepends=True)))
        printed[cname] = len(_lines(inv, name, cname))
    if not inv.flags.get("follow") or inv.flags.get("previous"):
        return 0
    return _follow(inv, name, names, printed, prefix)


def _lines(inv: Invocation, pod: str, container: str) -> list[str]:
    try:
        return inv.api.pod_log(inv.namespace, pod, container,
                               timestamps=bool(inv.flags.get("timestamps"))).splitlines(keepends=True)
    except APIError:
        return []


def _running_id(inv: Invocation, pod: str, container: str) -> str | None:
    """The container's ID while it runs (None once it terminated, or the pod is gone)."""
    obj = inv.api.peek("pods", pod, inv.namespace)
    for st in dig(obj or {}, "status", "containerStatuses", default=[]) or []:
        if st.get("name") == container and "running" in (st.get("state") or {}):
            return st.get("containerID")
    return None


def _follow(inv: Invocation, pod: str, names: list[str], printed: dict, prefix) -> int:
    """``-f``: new lines as the followed containers write them, until they all stop (:mod:`.stream`)."""
    following = {c: _running_id(inv, pod, c) for c in names}
    following = {c: cid for c, cid in following.items() if cid}
    if not following:
        return 0

    def poll():
        got = False
        for cname, cid in list(following.items()):
            lines = _lines(inv, pod, cname)
            if len(lines) > printed[cname]:
                inv.out.out("".join(prefix(cname) + line for line in lines[printed[cname]:]))
                printed[cname] = len(lines)
                got = True
            if _running_id(inv, pod, cname) != cid:       # exited (or restarted as a new container)
                del following[cname]
        return got if following else DONE

    return follow(inv, poll)
