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
(:mod:`.stream`), and ends when the container stops (or the stream's simulated deadline comes); with
``-l`` or ``--all-containers`` it follows every stream, at most ``--max-log-requests`` (5) of them.
"""

from __future__ import annotations

from ...api.objects import dig
from ...errors import APIError
from ..flags import Flag
from .command import CommandError, Invocation, RawError
from .stream import DONE, follow, request_timeout

# What kubectl's HTTP client reports when --request-timeout cuts a followed stream short (Go's
# net/http; a stream idle at that moment may also read "context deadline exceeded").
FOLLOW_TIMED_OUT = "net/http: request canceled (Client.Timeout or context cancellation while reading body)"

LOGS_FLAGS = (
    Flag("container", "c", "string", "", "Print the logs of this container"),
    Flag("previous", "p", "bool", False, "Print the logs for the previous instance of the container."),
    Flag("tail", "", "int", -1, "Lines of recent log file to display."),
    Flag("timestamps", "", "bool", False, "Include timestamps on each line in the log output"),
    Flag("follow", "f", "bool", False, "Specify if the logs should be streamed."),
    Flag("all-containers", "", "bool", False, "Get all containers' logs in the pod(s)."),
    Flag("prefix", "", "bool", False, "Prefix each log line with the log source (pod name and container name)"),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("since", "", "string", "", "Only return logs newer than a relative duration like 5s, 2m, or 3h."),
    Flag("since-time", "", "string", "", "Only return logs after a specific date (RFC3339)."),
    Flag("max-log-requests", "", "int", 5, "Specify maximum number of concurrent logs to follow when using by a selector."),
    Flag("ignore-errors", "", "bool", False, "If watching / following pod logs, allow for any errors that occur to be non-fatal."),
    Flag("pod-running-timeout", "", "string", "20s", "The length of time to wait until at least one pod is running."),
    Flag("limit-bytes", "", "int", 0, "Maximum bytes of logs to return. Defaults to no limit."),
)

# kubectl's default --tail when pods are chosen with a selector (all lines for a named pod)
_SELECTOR_TAIL = 10

DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container"


def _all_names(pod: dict) -> str:
    names = [c["name"] for c in dig(pod, "spec", "containers", default=[])]
    names += [f"{c['name']} (init)" for c in dig(pod, "spec", "initContainers", default=[]) or []]
    return ", ".join(names)


_PHASE_RANK = {"Running": 0, "Unknown": 1, "Pending": 2}


def pod_for_object(inv: Invocation, kind: str, name: str, attach: bool = False) -> dict:
    """The pod ``kubectl exec`` (``attach``) picks for ``deployment/web``, ``svc/web`` …: the most
    active of the pods the object's selector matches (kubectl's ``AttachablePodForObject``)."""
    from ...api.labels import selector_from_label_selector, selector_from_set
    info = inv.api.registry.by_name(kind)
    if info is None:
        raise CommandError(f'the server doesn\'t have a resource type "{kind}"')
    obj = inv.api.get(info, name, inv.namespace)
    raw = dig(obj, "spec", "selector")
    if info.kind in ("Service", "ReplicationController"):
        selector = selector_from_set(raw or {})
    elif info.kind in ("Job", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"):
        selector = selector_from_label_selector(raw)
    else:
        go_type = f"*{info.version}.{info.kind}"
        raise CommandError(f"cannot attach to {go_type}: selector for {go_type} not implemented")
    pods = _matching_pods(inv, selector)
    clock = inv.cluster.sim.clock
    pods.sort(key=lambda p: _activity(clock, p))        # podutils.ActivePods, most active first
    return pods[0]


def _matching_pods(inv: Invocation, selector) -> list[dict]:
    """The namespace's pods ``selector`` matches; kubectl's wait for one gives up at once here."""
    pods = [p for p in inv.api.list("pods", inv.namespace)["items"]
            if selector.matches(dig(p, "metadata", "labels", default={}))]
    if not pods:
        raise CommandError("timed out waiting for the condition")
    return pods


def _activity(clock, pod: dict) -> tuple:
    """What kubectl's pod orderings compare, in this order: scheduled, phase (Running, Unknown,
    Pending), ready, ready for longer (a ready pod without a transition time last among the ready),
    restarts (ascending; ``ByLogging`` puts more restarts first), older."""
    restarts = max((int(s.get("restartCount") or 0) for s in dig(pod, "status", "containerStatuses", default=[])),
                   default=0)
    ready = next((c for c in dig(pod, "status", "conditions", default=[])
                  if c.get("type") == "Ready" and c.get("status") == "True"), None)
    ready_since = clock.sim_ms(ready["lastTransitionTime"]) if ready and ready.get("lastTransitionTime") \
        else float("inf")
    created = pod["metadata"].get("creationTimestamp")
    return (not dig(pod, "spec", "nodeName"), _PHASE_RANK.get(dig(pod, "status", "phase"), 3), ready is None,
            ready_since if ready else 0, restarts, clock.sim_ms(created) if created else float("inf"))


def _pod_of(inv: Invocation, kind: str, name: str) -> dict:
    """The pod kubectl reads for ``job/pi``, ``deployment/web`` …: the best of the pods the
    object's selector matches (kubectl's ``GetFirstPod`` with ``ByLogging``: scheduled, running,
    ready, ready for longer, more restarts, older; ties keep the list's name order, as Go's insertion
    sort does for short lists); ``Found 2 pods, using pod/…`` on standard error."""
    from ...api.labels import selector_from_label_selector, selector_from_set
    info = inv.api.registry.by_name(kind)
    if info is None:
        raise CommandError(f'the server doesn\'t have a resource type "{kind}"')
    if info.kind not in ("Job", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController"):
        raise CommandError(f"cannot get the logs from {info.kind}: selector for {info.kind} not implemented")
    obj = _get_or_not_found(inv, info, name)
    raw = dig(obj, "spec", "selector")
    selector = selector_from_set(raw) if info.kind == "ReplicationController" else selector_from_label_selector(raw)
    pods = _matching_pods(inv, selector)
    clock = inv.cluster.sim.clock

    def rank(p):            # ByLogging: more restarts first
        activity = _activity(clock, p)
        return activity[:4] + (-activity[4],) + activity[5:]

    pods.sort(key=rank)
    if len(pods) > 1:
        inv.warn(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}")
    return pods[0]


def _get_or_not_found(inv: Invocation, resource, name: str) -> dict:
    """The object ``kubectl logs`` reads; the resource builder's words when it is not there."""
    try:
        return inv.api.get(resource, name, inv.namespace)
    except APIError as exc:
        if exc.reason != "NotFound":
            raise
        info = inv.api.info(resource)
        raise CommandError(f'error from server (NotFound): {info.group_resource} "{name}" not found in namespace '
                           f'"{inv.namespace}"') from None


def _since_seconds(inv: Invocation) -> int | None:
    """``--since`` (a duration, rounded to whole seconds) or ``--since-time`` as seconds before now."""
    since, since_time = inv.flags.get("since") or "", inv.flags.get("since-time") or ""
    if since and since_time:
        raise CommandError("at most one of `sinceTime` or `sinceSeconds` may be specified")
    if since:
        from .wait import parse_go_duration
        try:
            seconds = parse_go_duration(since)
        except CommandError:
            raise RawError(f'Error: invalid argument "{since}" for "--since" flag: time: invalid duration '
                           f'"{since}"\nSee \'kubectl logs --help\' for usage.') from None
        return max(1, int(seconds + 0.5))
    if since_time:
        from ..describe.writer import parse_time
        stamp = parse_time(since_time)
        if stamp is None:
            raise CommandError(f'invalid argument "{since_time}" for "--since-time" flag: parsing time '
                               f'"{since_time}" as "2006-01-02T15:04:05Z07:00": cannot parse')
        return max(1, -(-(inv.now_unix_ms() - stamp) // 1000))
    return None


def _containers(inv: Invocation, pod: dict, container: str) -> list[str]:
    """The containers to read: all with ``--all-containers``, else ``-c`` or the default one (said
    on standard error when the pod has several)."""
    name = pod["metadata"]["name"]
    if inv.flags.get("all-containers"):
        return [c["name"] for c in dig(pod, "spec", "initContainers", default=[]) or []] + \
               [c["name"] for c in dig(pod, "spec", "containers", default=[])]
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
    known = [c.get("name") for field in ("containers", "initContainers", "ephemeralContainers")
             for c in dig(pod, "spec", field, default=[]) or []]
    if container not in known:          # kubectl looks the container up itself
        raise CommandError(f"container {container} is not valid for pod {name}")
    return [container]


def run_logs(inv: Invocation) -> int:
    selector = inv.flags.get("selector") or ""
    if selector and inv.args:
        raise RawError("error: only a selector (-l) or a POD name is allowed\n"
                       "See 'kubectl logs -h' for help and examples")
    if not inv.args and not selector:
        raise RawError("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                       "POD or TYPE/NAME is a required argument for the logs command\n"
                       "See 'kubectl logs -h' for help and examples")
    container = inv.flags.get("container") or ""
    if len(inv.args) > 1:
        if container:
            raise CommandError("only one of -c or an inline [CONTAINER] arg is allowed", usage_of="logs")
        container = inv.args[1]
    since = _since_seconds(inv)
    tail = inv.flags.get("tail")
    if selector:
        pods = list(inv.api.list("pods", inv.namespace, label_selector=selector)["items"])
        if not pods:
            inv.warn(f"No resources found in {inv.namespace} namespace.")
            return 0
        if tail is None or tail < 0:
            tail = _SELECTOR_TAIL
    else:
        kind, _, name = inv.args[0].rpartition("/")
        if kind and kind not in ("pod", "pods", "po"):
            pods = [_pod_of(inv, kind, name)]
        else:
            pods = [_get_or_not_found(inv, "pods", name)]
    streams = [(pod["metadata"]["name"], cname) for pod in pods for cname in _containers(inv, pod, container)]
    following = inv.flags.get("follow") and not inv.flags.get("previous")
    limit = inv.flags.get("max-log-requests")
    if following and len(streams) > limit:
        raise CommandError(f"you are attempting to follow {len(streams)} log streams, but maximum allowed "
                           f"concurrency is {limit}, use --max-log-requests to increase the limit")
    printed: dict[tuple[str, str], int] = {}
    for name, cname in streams:
        text = inv.api.pod_log(inv.namespace, name, cname, previous=bool(inv.flags.get("previous")),
                               tail_lines=tail if tail is not None and tail >= 0 else None,
                               timestamps=bool(inv.flags.get("timestamps")), since_seconds=since,
                               limit_bytes=inv.flags.get("limit-bytes") or None)
        inv.out.out("".join(_prefix(inv, name, cname) + line for line in text.splitlines(keepends=True)))
        printed[name, cname] = len(_lines(inv, name, cname))
    if not following:
        return 0
    return _follow(inv, streams, printed)


def _prefix(inv: Invocation, pod: str, container: str) -> str:
    return f"[pod/{pod}/{container}] " if inv.flags.get("prefix") else ""


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


def _follow(inv: Invocation, streams: list[tuple[str, str]], printed: dict) -> int:
    """``-f``: new lines as the followed containers write them, until they all stop (:mod:`.stream`);
    several streams (``-l``, ``--all-containers``) are followed side by side, each step's lines in
    the order the streams were opened. A ``--request-timeout`` that cuts the stream short is an
    error, as kubectl's HTTP client reports it."""
    following = {(pod, c): _running_id(inv, pod, c) for pod, c in streams}
    following = {key: cid for key, cid in following.items() if cid}
    if not following:
        return 0

    def poll():
        got = False
        for (pod, cname), cid in list(following.items()):
            lines = _lines(inv, pod, cname)
            if len(lines) > printed[pod, cname]:
                inv.out.out("".join(_prefix(inv, pod, cname) + line for line in lines[printed[pod, cname]:]))
                printed[pod, cname] = len(lines)
                got = True
            if _running_id(inv, pod, cname) != cid:       # exited (or restarted as a new container)
                del following[pod, cname]
        return got if following else DONE

    code = follow(inv, poll)
    if code == 0 and following and request_timeout(inv.flags.get("request-timeout") or "0") is not None:
        raise CommandError(FOLLOW_TIMED_OUT)
    return code
