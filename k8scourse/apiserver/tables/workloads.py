"""Server-side printers for workload kinds (printers.go: printDeployment, printReplicaSet, ...).

Column lists and cell rules of Deployment, ReplicaSet, ReplicationController, DaemonSet,
StatefulSet, Job, CronJob, HorizontalPodAutoscaler, PodDisruptionBudget, PodTemplate and
ControllerRevision. Priority-1 columns are the ``-o wide`` ones; the server always fills them
(its TableConvertor prints "wide") and kubectl drops them unless ``-o wide`` is asked for.

>>> d = {"metadata": {"name": "web"}, "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
...      "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}}},
...      "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}
>>> deployment_row(d, 0)["cells"][:4], deployment_row(d, 0)["cells"][5:]
(['web', '2/3', 3, 2], ['nginx', 'nginx:1.25', 'app=web'])
"""

from __future__ import annotations

from ...api.objects import dig
from ...api.duration import human_duration
from ...api.ownership import controller_of
from .cells import (container_cells, format_label_selector, format_labels, go_bool, parse_time, quantity_str,
                    selector_string, since)

_NAME = ("Name", "string", "name", 0)
_AGE = ("Age", "string", "", 0)
_WIDE_TEMPLATE = [("Containers", "string", "", 1), ("Images", "string", "", 1),
                  ("Selector", "string", "", 1)]


def _age(obj, now_ms):
    return since(dig(obj, "metadata", "creationTimestamp"), now_ms)


def _name(obj):
    return dig(obj, "metadata", "name", default="")


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _template_containers(obj):
    return dig(obj, "spec", "template", "spec", "containers", default=[])


DEPLOYMENT_COLUMNS = [_NAME, ("Ready", "string", "", 0), ("Up-to-date", "integer", "", 0),
                      ("Available", "integer", "", 0), _AGE] + _WIDE_TEMPLATE


def deployment_row(obj, now_ms):
    st = obj.get("status") or {}
    names, images = container_cells(_template_containers(obj))
    return {"cells": [_name(obj), f"{_int(st.get('readyReplicas'))}/{_int(dig(obj, 'spec', 'replicas'))}",
                      _int(st.get("updatedReplicas")), _int(st.get("availableReplicas")), _age(obj, now_ms),
                      names, images, selector_string(dig(obj, "spec", "selector"))]}


REPLICASET_COLUMNS = [_NAME, ("Desired", "integer", "", 0), ("Current", "integer", "", 0),
                      ("Ready", "integer", "", 0), _AGE] + _WIDE_TEMPLATE


def replicaset_row(obj, now_ms):
    st = obj.get("status") or {}
    names, images = container_cells(_template_containers(obj))
    return {"cells": [_name(obj), _int(dig(obj, "spec", "replicas")), _int(st.get("replicas")),
                      _int(st.get("readyReplicas")), _age(obj, now_ms), names, images,
                      selector_string(dig(obj, "spec", "selector"))]}


def replicationcontroller_row(obj, now_ms):
    row = replicaset_row(obj, now_ms)
    row["cells"][-1] = format_labels(dig(obj, "spec", "selector"))
    return row


DAEMONSET_COLUMNS = [_NAME, ("Desired", "integer", "", 0), ("Current", "integer", "", 0),
                     ("Ready", "integer", "", 0), ("Up-to-date", "integer", "", 0),
                     ("Available", "integer", "", 0), ("Node Selector", "string", "", 0),
                     _AGE] + _WIDE_TEMPLATE


def daemonset_row(obj, now_ms):
    st = obj.get("status") or {}
    names, images = container_cells(_template_containers(obj))
    return {"cells": [_name(obj), _int(st.get("desiredNumberScheduled")),
                      _int(st.get("currentNumberScheduled")), _int(st.get("numberReady")),
                      _int(st.get("updatedNumberScheduled")), _int(st.get("numberAvailable")),
                      format_labels(dig(obj, "spec", "template", "spec", "nodeSelector")),
                      _age(obj, now_ms), names, images, selector_string(dig(obj, "spec", "selector"))]}


STATEFULSET_COLUMNS = [_NAME, ("Ready", "string", "", 0), _AGE,
                       ("Containers", "string", "", 1), ("Images", "string", "", 1)]


def statefulset_row(obj, now_ms):
    names, images = container_cells(_template_containers(obj))
    ready = _int(dig(obj, "status", "readyReplicas"))
    return {"cells": [_name(obj), f"{ready}/{_int(dig(obj, 'spec', 'replicas'))}", _age(obj, now_ms),
                      names, images]}


JOB_COLUMNS = [_NAME, ("Status", "string", "", 0), ("Completions", "string", "", 0),
               ("Duration", "string", "", 0), _AGE] + _WIDE_TEMPLATE


def _has_condition(obj, ctype):
    return any(c.get("type") == ctype and c.get("status") == "True"
               for c in dig(obj, "status", "conditions", default=[]))


def job_status(obj) -> str:
    """The STATUS cell of a Job (Complete, Failed, Terminating, Suspended, ..., Running)."""
    if _has_condition(obj, "Complete"):
        return "Complete"
    if _has_condition(obj, "Failed"):
        return "Failed"
    if dig(obj, "metadata", "deletionTimestamp"):
        return "Terminating"
    for ctype in ("Suspended", "FailureTarget", "SuccessCriteriaMet"):
        if _has_condition(obj, ctype):
            return ctype
    return "Running"


def job_row(obj, now_ms):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    succeeded = _int(st.get("succeeded"))
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{spec['completions']}"
    elif _int(spec.get("parallelism")) > 1:
        completions = f"{succeeded}/1 of {spec['parallelism']}"
    else:
        completions = f"{succeeded}/1"
    start, done = parse_time(st.get("startTime")), parse_time(st.get("completionTime"))
    duration = ""
    if start is not None:
        duration = human_duration((done if done is not None else now_ms) - start)
    names, images = container_cells(_template_containers(obj))
    return {"cells": [_name(obj), job_status(obj), completions, duration, _age(obj, now_ms), names, images,
                      format_label_selector(spec.get("selector"))]}


CRONJOB_COLUMNS = [_NAME, ("Schedule", "string", "", 0), ("Timezone", "string", "", 0),
                   ("Suspend", "boolean", "", 0), ("Active", "integer", "", 0),
                   ("Last Schedule", "string", "", 0), _AGE] + _WIDE_TEMPLATE


def cronjob_row(obj, now_ms):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    last = since(st["lastScheduleTime"], now_ms) if st.get("lastScheduleTime") else "<none>"
    suspend = "<unset>" if spec.get("suspend") is None else go_bool(spec["suspend"])
    job_spec = dig(spec, "jobTemplate", "spec", default={})
    names, images = container_cells(dig(job_spec, "template", "spec", "containers", default=[]))
    return {"cells": [_name(obj), spec.get("schedule", ""), spec.get("timeZone") or "<none>", suspend,
                      len(st.get("active") or []), last, _age(obj, now_ms), names, images,
                      format_label_selector(job_spec.get("selector"))]}


HPA_COLUMNS = [_NAME, ("Reference", "string", "", 0), ("Targets", "string", "", 0),
               ("MinPods", "string", "", 0), ("MaxPods", "integer", "", 0),
               ("Replicas", "integer", "", 0), _AGE]


def _metric_target(spec: dict, status: dict | None) -> str:
    mtype = spec.get("type", "")
    key = {"Resource": "resource", "ContainerResource": "containerResource", "Pods": "pods",
           "Object": "object", "External": "external"}.get(mtype)
    if key is None:
        return "<unknown type>"
    source = spec.get(key) or {}
    target = source.get("target") or {}
    current = (status or {}).get(key) or {}
    cur = current.get("current") or {}
    if mtype in ("Resource", "ContainerResource"):
        name = source.get("name", "")
        if target.get("averageValue") is not None:
            now = quantity_str(cur["averageValue"]) if cur.get("averageValue") is not None else "<unknown>"
            return f"{name}: {now}/{quantity_str(target['averageValue'])}"
        now = f"{cur['averageUtilization']}%" if cur.get("averageUtilization") is not None else "<unknown>"
        want = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
        return f"{name}: {now}/{want}"
    if mtype == "Pods":
        now = quantity_str(cur["averageValue"]) if cur.get("averageValue") is not None else "<unknown>"
        return f"{now}/{quantity_str(target.get('averageValue'))}"
    if target.get("averageValue") is not None:
        now = quantity_str(cur["averageValue"]) if cur.get("averageValue") is not None else "<unknown>"
        return f"{now}/{quantity_str(target['averageValue'])} (avg)"
    now = quantity_str(cur.get("value")) if current else "<unknown>"
    return f"{now}/{quantity_str(target.get('value'))}"


def format_hpa_metrics(specs, statuses) -> str:
    """``formatHPAMetrics``: ``cpu: 40%/50%``, at most two, then `` + N more...``."""
    if not specs:
        return "<none>"
    statuses = statuses or []
    items = [_metric_target(s, statuses[i] if i < len(statuses) else None) for i, s in enumerate(specs)]
    if len(items) > 2:
        return ", ".join(items[:2]) + f" + {len(items) - 2} more..."
    return ", ".join(items)


def hpa_row(obj, now_ms):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    min_pods = "<unset>" if spec.get("minReplicas") is None else str(spec["minReplicas"])
    return {"cells": [_name(obj), f"{ref.get('kind', '')}/{ref.get('name', '')}",
                      format_hpa_metrics(spec.get("metrics"), st.get("currentMetrics")), min_pods,
                      _int(spec.get("maxReplicas")), _int(st.get("currentReplicas")), _age(obj, now_ms)]}


PDB_COLUMNS = [_NAME, ("Min Available", "string", "", 0), ("Max Unavailable", "string", "", 0),
               ("Allowed Disruptions", "integer", "", 0), _AGE]


def pdb_row(obj, now_ms):
    spec = obj.get("spec") or {}
    min_a = "N/A" if spec.get("minAvailable") is None else str(spec["minAvailable"])
    max_u = "N/A" if spec.get("maxUnavailable") is None else str(spec["maxUnavailable"])
    return {"cells": [_name(obj), min_a, max_u, _int(dig(obj, "status", "disruptionsAllowed")),
                      _age(obj, now_ms)]}


PODTEMPLATE_COLUMNS = [_NAME, ("Containers", "string", "", 0), ("Images", "string", "", 0),
                       ("Pod Labels", "string", "", 0)]


def podtemplate_row(obj, now_ms):
    names, images = container_cells(dig(obj, "template", "spec", "containers", default=[]))
    return {"cells": [_name(obj), names, images, format_labels(dig(obj, "template", "metadata", "labels"))]}


CONTROLLERREVISION_COLUMNS = [_NAME, ("Controller", "string", "", 0), ("Revision", "integer", "", 0), _AGE]


def controllerrevision_row(obj, now_ms):
    ref = controller_of(obj)
    controller = "<none>"
    if ref:
        group = ref.get("apiVersion", "").rpartition("/")[0]
        kind = f"{ref.get('kind', '')}.{group}" if group else ref.get("kind", "")
        controller = f"{kind.lower()}/{ref.get('name', '')}"
    return {"cells": [_name(obj), controller, _int(obj.get("revision")), _age(obj, now_ms)]}
