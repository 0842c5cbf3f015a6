"""``kubectl describe hpa`` (kubectl's ``describeHorizontalPodAutoscalerV2``).

``Metrics: ( current / target )`` then one line per ``spec.metrics`` entry, its current value
taken from ``status.currentMetrics`` at the same index (``<unknown>`` when missing), e.g.::

    resource cpu on pods  (as a percentage of request):  45% (22m) / 50%

(the resource line is written in two pieces, ``resource cpu on pods`` and then
``  (as a percentage of request):\\t…`` at the next level, which is why two spaces sit in the
middle). Then Min/Max replicas, the optional Behavior, ``Deployment pods: 3 current / 3 desired``,
the Conditions table and the Events.
"""

from __future__ import annotations

from ...apiserver.tables.cells import quantity_str
from .events import describe_events, find_events
from .writer import DescribeWriter, print_annotations, print_labels, rfc1123z


def _current(status: dict, index: int, key: str) -> dict | None:
    metrics = status.get("currentMetrics") or []
    if index < len(metrics) and isinstance(metrics[index], dict) and isinstance(metrics[index].get(key), dict):
        return metrics[index][key].get("current") or {}
    return None


def _q(value) -> str:
    return quantity_str(value)


def _metric_line(w, metric: dict, status: dict, i: int) -> None:
    mtype = metric.get("type", "")
    if mtype == "External":
        src = metric.get("external") or {}
        target, name = src.get("target") or {}, (src.get("metric") or {}).get("name", "")
        cur = _current(status, i, "external")
        if target.get("averageValue") is not None:
            value = _q(cur["averageValue"]) if cur and cur.get("averageValue") is not None else "<unknown>"
            w.write(1, '"%s" (target average value):\t%s / %s\n', name, value, _q(target["averageValue"]))
        else:
            value = _q(cur.get("value")) if cur is not None else "<unknown>"
            w.write(1, '"%s" (target value):\t%s / %s\n', name, value, _q(target.get("value")))
    elif mtype == "Pods":
        src = metric.get("pods") or {}
        cur = _current(status, i, "pods")
        value = _q(cur.get("averageValue")) if cur is not None else "<unknown>"
        w.write(1, '"%s" on pods:\t%s / %s\n', (src.get("metric") or {}).get("name", ""), value,
                _q((src.get("target") or {}).get("averageValue")))
    elif mtype == "Object":
        src = metric.get("object") or {}
        obj, target = src.get("describedObject") or {}, src.get("target") or {}
        w.write(1, '"%s" on %s/%s ', (src.get("metric") or {}).get("name", ""), obj.get("kind", ""), obj.get("name", ""))
        cur = _current(status, i, "object")
        if target.get("type") == "AverageValue":
            value = _q(cur.get("averageValue")) if cur is not None else "<unknown>"
            w.write(0, "(target average value):\t%s / %s\n", value, _q(target.get("averageValue")))
        else:
            value = _q(cur.get("value")) if cur is not None else "<unknown>"
            w.write(0, "(target value):\t%s / %s\n", value, _q(target.get("value")))
    elif mtype in ("Resource", "ContainerResource"):
        key = "resource" if mtype == "Resource" else "containerResource"
        src = metric.get(key) or {}
        target = src.get("target") or {}
        if mtype == "Resource":
            w.write(1, "resource %s on pods", src.get("name", ""))
        else:
            w.write(1, 'resource %s of container "%s" on pods', src.get("name", ""), src.get("container", ""))
        cur = _current(status, i, key)
        if target.get("averageValue") is not None:
            value = _q(cur.get("averageValue")) if cur is not None else "<unknown>"
            w.write(0, ":\t%s / %s\n", value, _q(target["averageValue"]))
        else:
            value = "<unknown>"
            if cur is not None and cur.get("averageUtilization") is not None:
                value = f"{int(cur['averageUtilization'])}% ({_q(cur.get('averageValue'))})"
            goal = f"{int(target['averageUtilization'])}%" if target.get("averageUtilization") is not None \
                else "<auto>"
            w.write(1, "(as a percentage of request):\t%s / %s\n", value, goal)
    else:
        w.write(1, '<unknown metric type "%s">\n', mtype)


def _direction(w, title: str, rules) -> None:
    if not isinstance(rules, dict):
        return
    w.write(1, "%s:\n", title)
    if rules.get("stabilizationWindowSeconds") is not None:
        w.write(2, "Stabilization Window: %d seconds\n", int(rules["stabilizationWindowSeconds"]))
    if rules.get("policies"):
        w.write(2, "Select Policy: %s\n", rules.get("selectPolicy") or "Max")
        w.write(2, "Policies:\n")
        for p in rules["policies"]:
            w.write(3, "- Type: %s\tValue: %d\tPeriod: %d seconds\n", p.get("type", ""), int(p.get("value") or 0),
                    int(p.get("periodSeconds") or 0))


def describe_hpa(server, hpa: dict, now_ms: int, show_events: bool = True) -> str:
    md, spec, st = hpa.get("metadata") or {}, hpa.get("spec") or {}, hpa.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    w.write(0, "Namespace:\t%s\n", md.get("namespace", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "CreationTimestamp:\t%s\n", rfc1123z(md.get("creationTimestamp")))
    w.write(0, "Reference:\t%s/%s\n", ref.get("kind", ""), ref.get("name", ""))
    w.write(0, "Metrics:\t( current / target )\n")
    for i, metric in enumerate(spec.get("metrics") or []):
        _metric_line(w, metric, st, i)
    min_replicas = spec.get("minReplicas")
    w.write(0, "Min replicas:\t%s\n", "<unset>" if min_replicas is None else int(min_replicas))
    w.write(0, "Max replicas:\t%d\n", int(spec.get("maxReplicas") or 0))
    behavior = spec.get("behavior")
    if isinstance(behavior, dict):
        w.write(0, "Behavior:\n")
        _direction(w, "Scale Up", behavior.get("scaleUp"))
        _direction(w, "Scale Down", behavior.get("scaleDown"))
    w.write(0, "%s pods:\t", ref.get("kind", ""))
    w.write(0, "%d current / %d desired\n", int(st.get("currentReplicas") or 0), int(st.get("desiredReplicas") or 0))
    if st.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tReason\tMessage\n")
        w.write(1, "----\t------\t------\t-------\n")
        for c in st["conditions"]:
            w.write(1, "%s\t%s\t%s\t%s\n", c.get("type", ""), c.get("status", ""), c.get("reason", ""),
                    c.get("message", ""))
    if show_events:
        describe_events(w, find_events(server, hpa, "HorizontalPodAutoscaler"), now_ms)
    return w.text()
