"""The pod row of ``kubectl get pods`` (``printPod`` in pkg/printers/internalversion/printers.go).

STATUS is computed the way the API server's printer computes it, in this order:

1. the phase, replaced by ``status.reason`` when set (``Evicted``, ``NodeLost``, ...);
2. ``SchedulingGated`` when the PodScheduled condition carries that reason;
3. init containers, first unfinished one wins: ``Init:<reason>`` (waiting or terminated),
   ``Init:ExitCode:N`` / ``Init:Signal:N``, else ``Init:i/n``; a started sidecar (restartable
   init container) counts as done;
4. if initialization is over, app containers from last to first: a waiting reason
   (``ContainerCreating``, ``CrashLoopBackOff``, ``ErrImagePull``) or a terminated reason
   (``Completed``, ``Error``, ``OOMKilled``), else ``ExitCode:N`` / ``Signal:N``;
   ``Completed`` with a container still running becomes ``Running`` (pod Ready) or ``NotReady``;
5. ``Unknown`` for a deleted pod whose reason is ``NodeLost``; ``Terminating`` for a deleted pod
   that is not in a terminal phase.

READY counts ready app containers (and started, ready sidecars) over app containers plus
sidecars. RESTARTS sums restart counts and appends ``(<age> ago)`` of the latest last-termination.

>>> pod = {"metadata": {"name": "web"}, "spec": {"containers": [{"name": "c"}]},
...        "status": {"phase": "Pending", "containerStatuses": [{"name": "c", "ready": False,
...            "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]}}
>>> pod_columns(pod, 0)
('0/1', 'ContainerCreating', '0')
"""

from __future__ import annotations

from ...api.objects import dig
from .cells import parse_time, since, since_ms

NODE_UNREACHABLE_POD_REASON = "NodeLost"

POD_COLUMNS = [
    ("Name", "string", "name", 0),
    ("Ready", "string", "", 0),
    ("Status", "string", "", 0),
    ("Restarts", "string", "", 0),
    ("Age", "string", "", 0),
    ("IP", "string", "", 1),
    ("Node", "string", "", 1),
    ("Nominated Node", "string", "", 1),
    ("Readiness Gates", "string", "", 1),
]

_SUCCEEDED = [{"type": "Completed", "status": "True", "reason": "Succeeded",
               "message": "The pod has completed successfully."}]
_FAILED = [{"type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."}]


def _condition_true(pod: dict, ctype: str) -> bool:
    return any(c.get("type") == ctype and c.get("status") == "True"
               for c in dig(pod, "status", "conditions", default=[]))


def _terminated_reason(term: dict, prefix: str = "") -> str:
    if term.get("reason"):
        return prefix + term["reason"]
    if term.get("signal"):
        return f"{prefix}Signal:{term['signal']}"
    return f"{prefix}ExitCode:{term.get('exitCode', 0)}"


def _last_finish(status: dict) -> int | None:
    term = dig(status, "lastState", "terminated")
    return parse_time(term.get("finishedAt")) if isinstance(term, dict) else None


def _later(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def pod_columns(pod: dict, now_ms: int) -> tuple[str, str, str]:
    """(READY, STATUS, RESTARTS) of a pod, as printPod computes them."""
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    phase = status.get("phase") or ""
    reason = status.get("reason") or phase
    for c in status.get("conditions") or []:
        if c.get("type") == "PodScheduled" and c.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    init_specs = {c.get("name"): c for c in spec.get("initContainers") or []}
    total = len(spec.get("containers") or [])
    total += sum(1 for c in init_specs.values() if c.get("restartPolicy") == "Always")
    ready = 0
    restarts = 0
    sidecar_restarts = 0
    last_restart = None
    last_sidecar_restart = None

    initializing = False
    init_statuses = status.get("initContainerStatuses") or []
    for i, cs in enumerate(init_statuses):
        restarts += int(cs.get("restartCount") or 0)
        finished = _last_finish(cs)
        last_restart = _later(last_restart, finished)
        sidecar = (init_specs.get(cs.get("name")) or {}).get("restartPolicy") == "Always"
        if sidecar:
            sidecar_restarts += int(cs.get("restartCount") or 0)
            last_sidecar_restart = _later(last_sidecar_restart, finished)
        state = cs.get("state") or {}
        term, waiting = state.get("terminated"), state.get("waiting")
        if isinstance(term, dict) and int(term.get("exitCode") or 0) == 0:
            continue
        if sidecar and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        if isinstance(term, dict):
            reason = _terminated_reason(term, "Init:")
        elif isinstance(waiting, dict) and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{len(init_specs)}"
        initializing = True
        break

    if not initializing or _condition_true(pod, "Initialized"):
        restarts = sidecar_restarts
        last_restart = last_sidecar_restart
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            restarts += int(cs.get("restartCount") or 0)
            last_restart = _later(last_restart, _last_finish(cs))
            state = cs.get("state") or {}
            term, waiting = state.get("terminated"), state.get("waiting")
            if isinstance(waiting, dict) and waiting.get("reason"):
                reason = waiting["reason"]
            elif isinstance(term, dict):
                reason = _terminated_reason(term)
            elif cs.get("ready") and isinstance(state.get("running"), dict):
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _condition_true(pod, "Ready") else "NotReady"

    deleting = bool(dig(pod, "metadata", "deletionTimestamp"))
    if deleting and status.get("reason") == NODE_UNREACHABLE_POD_REASON:
        reason = "Unknown"
    elif deleting and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"

    restarts_text = str(restarts)
    if restarts and last_restart is not None:
        restarts_text = f"{restarts} ({since_ms(last_restart, now_ms)} ago)"
    return f"{ready}/{total}", reason, restarts_text


def _readiness_gates(pod: dict) -> str:
    gates = dig(pod, "spec", "readinessGates", default=[])
    if not gates:
        return "<none>"
    conditions = dig(pod, "status", "conditions", default=[])
    true = 0
    for gate in gates:
        for c in conditions:
            if c.get("type") == gate.get("conditionType"):
                true += c.get("status") == "True"
                break
    return f"{true}/{len(gates)}"


def pod_row(pod: dict, now_ms: int) -> dict:
    ready, reason, restarts = pod_columns(pod, now_ms)
    ips = dig(pod, "status", "podIPs", default=[])
    ip = (ips[0].get("ip") if ips else "") or "<none>"
    cells = [dig(pod, "metadata", "name", default=""), ready, reason, restarts,
             since(dig(pod, "metadata", "creationTimestamp"), now_ms),
             ip, dig(pod, "spec", "nodeName") or "<none>",
             dig(pod, "status", "nominatedNodeName") or "<none>", _readiness_gates(pod)]
    row = {"cells": cells}
    phase = dig(pod, "status", "phase")
    if phase == "Succeeded":
        row["conditions"] = [dict(c) for c in _SUCCEEDED]
    elif phase == "Failed":
        row["conditions"] = [dict(c) for c in _FAILED]
    return row
