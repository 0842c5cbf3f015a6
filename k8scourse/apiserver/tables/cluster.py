"""Server-side printers for cluster, config and policy kinds (printers.go: printNode, printEvent, ...).

* Node STATUS: ``Ready`` / ``NotReady`` from the Ready condition (``Unknown`` when there is no
  Ready condition), plus ``SchedulingDisabled`` when cordoned. ROLES from
  ``node-role.kubernetes.io/<role>`` labels and ``kubernetes.io/role``, sorted, ``<none>`` if none.
* Event: LAST SEEN TYPE REASON OBJECT MESSAGE (wide: SUBOBJECT SOURCE FIRST SEEN COUNT NAME);
  OBJECT is ``<kind lower-cased>/<name>``.
* ResourceQuota: REQUEST and LIMIT as ``resource: used/hard, ...`` (``limits.*`` go to LIMIT).
* Role / ClusterRole / LimitRange: CREATED AT (RFC 3339) instead of AGE.

>>> node = {"metadata": {"name": "n1", "labels": {"node-role.kubernetes.io/control-plane": ""}},
...         "spec": {"unschedulable": True}, "status": {"conditions": [{"type": "Ready", "status": "True"}],
...         "nodeInfo": {"kubeletVersion": "v1.32.4"}}}
>>> node_row(node, 0)["cells"][:3]
['n1', 'Ready,SchedulingDisabled', 'control-plane']
"""

from __future__ import annotations

from ...api.event_groups import to_core_v1
from ...api.objects import dig
from .cells import parse_time, quantity_str, rfc3339, since, since_ms

_NAME = ("Name", "string", "name", 0)
_AGE = ("Age", "string", "", 0)
_CREATED_AT = ("Created At", "date", "", 0)


def _age(obj, now_ms):
    return since(dig(obj, "metadata", "creationTimestamp"), now_ms)


def _name(obj):
    return dig(obj, "metadata", "name", default="")


def node_roles(node: dict) -> list[str]:
    """``findNodeRoles``: sorted, de-duplicated roles from the node's labels."""
    roles = set()
    for key, value in (dig(node, "metadata", "labels", default={}) or {}).items():
        if key.startswith("node-role.kubernetes.io/"):
            role = key[len("node-role.kubernetes.io/"):]
            if role:
                roles.add(role)
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    return sorted(roles)


def node_status(node: dict) -> str:
    parts = []
    for c in dig(node, "status", "conditions", default=[]):
        if c.get("type") == "Ready":
            parts = ["Ready" if c.get("status") == "True" else "NotReady"]
    if not parts:
        parts = ["Unknown"]
    if dig(node, "spec", "unschedulable"):
        parts.append("SchedulingDisabled")
    return ",".join(parts)


def _node_address(node: dict, kind: str) -> str:
    for a in dig(node, "status", "addresses", default=[]):
        if a.get("type") == kind:
            return a.get("address", "")
    return "<none>"


NODE_COLUMNS = [_NAME, ("Status", "string", "", 0), ("Roles", "string", "", 0), _AGE,
                ("Version", "string", "", 0), ("Internal-IP", "string", "", 1),
                ("External-IP", "string", "", 1), ("OS-Image", "string", "", 1),
                ("Kernel-Version", "string", "", 1), ("Container-Runtime", "string", "", 1)]


def node_row(obj, now_ms):
    info = dig(obj, "status", "nodeInfo", default={})
    return {"cells": [_name(obj), node_status(obj), ",".join(node_roles(obj)) or "<none>", _age(obj, now_ms),
                      info.get("kubeletVersion", ""), _node_address(obj, "InternalIP"),
                      _node_address(obj, "ExternalIP"), info.get("osImage") or "<unknown>",
                      info.get("kernelVersion") or "<unknown>",
                      info.get("containerRuntimeVersion") or "<unknown>"]}


NAMESPACE_COLUMNS = [_NAME, ("Status", "string", "", 0), _AGE]


def namespace_row(obj, now_ms):
    return {"cells": [_name(obj), dig(obj, "status", "phase", default=""), _age(obj, now_ms)]}


EVENT_COLUMNS = [("Last Seen", "string", "", 0), ("Type", "string", "", 0), ("Reason", "string", "", 0),
                 ("Object", "string", "", 0), ("Subobject", "string", "", 1), ("Source", "string", "", 1),
                 ("Message", "string", "", 0), ("First Seen", "string", "", 1), ("Count", "string", "", 1),
                 ("Name", "string", "name", 1)]


def event_source(ev: dict) -> str:
    component = dig(ev, "source", "component") or ev.get("reportingComponent") or ""
    host = dig(ev, "source", "host") or ev.get("reportingInstance") or ""
    return f"{component}, {host}" if host else component


def event_row(obj, now_ms):
    first = parse_time(obj.get("firstTimestamp"))
    first_text = since_ms(first if first is not None else parse_time(obj.get("eventTime")), now_ms)
    last = parse_time(obj.get("lastTimestamp"))
    last_text = first_text if last is None else since_ms(last, now_ms)
    count = obj.get("count") or 0
    series = obj.get("series")
    if isinstance(series, dict):
        last_text = since(series.get("lastObservedTime"), now_ms)
        count = series.get("count") or 0
    elif not count:
        count = 1
    inv = obj.get("involvedObject") or {}
    kind = (inv.get("kind") or "").lower()
    target = f"{kind}/{inv['name']}" if inv.get("name") else kind
    return {"cells": [last_text, obj.get("type", ""), obj.get("reason", ""), target,
                      inv.get("fieldPath", ""), event_source(obj), (obj.get("message") or "").strip(),
                      first_text, int(count), _name(obj)]}


def events_v1_row(obj, now_ms):
    """events.k8s.io/v1 Events print as the core ones: upstream prints both from the one internal type."""
    return event_row(to_core_v1(obj), now_ms)


CONFIGMAP_COLUMNS = [_NAME, ("Data", "integer", "", 0), _AGE]


def configmap_row(obj, now_ms):
    return {"cells": [_name(obj), len(obj.get("data") or {}) + len(obj.get("binaryData") or {}),
                      _age(obj, now_ms)]}


SECRET_COLUMNS = [_NAME, ("Type", "string", "", 0), ("Data", "integer", "", 0), _AGE]


def secret_row(obj, now_ms):
    keys = set(obj.get("data") or {}) | set(obj.get("stringData") or {})
    return {"cells": [_name(obj), obj.get("type", "Opaque"), len(keys), _age(obj, now_ms)]}


SERVICEACCOUNT_COLUMNS = [_NAME, ("Secrets", "integer", "", 0), _AGE]


def serviceaccount_row(obj, now_ms):
    return {"cells": [_name(obj), len(obj.get("secrets") or []), _age(obj, now_ms)]}


RESOURCEQUOTA_COLUMNS = [_NAME, _AGE, ("Request", "string", "", 0), ("Limit", "string", "", 0)]


def resourcequota_row(obj, now_ms):
    hard = dig(obj, "status", "hard", default={}) or {}
    used = dig(obj, "status", "used", default={}) or {}
    requests, limits = [], []
    for resource in sorted(hard):
        text = f"{resource}: {quantity_str(used.get(resource))}/{quantity_str(hard[resource])}"
        (limits if resource.split(".")[0] == "limits" and "." in resource else requests).append(text)
    return {"cells": [_name(obj), _age(obj, now_ms), ", ".join(requests), ", ".join(limits)]}


CREATED_AT_COLUMNS = [_NAME, _CREATED_AT]


def created_at_row(obj, now_ms):
    return {"cells": [_name(obj), rfc3339(dig(obj, "metadata", "creationTimestamp"))]}


BINDING_COLUMNS = [_NAME, ("Role", "string", "", 0), _AGE, ("Users", "string", "", 1),
                   ("Groups", "string", "", 1), ("ServiceAccounts", "string", "", 1)]


def binding_row(obj, now_ms):
    ref = obj.get("roleRef") or {}
    users, groups, sas = [], [], []
    for s in obj.get("subjects") or []:
        if s.get("kind") == "User":
            users.append(s.get("name", ""))
        elif s.get("kind") == "Group":
            groups.append(s.get("name", ""))
        elif s.get("kind") == "ServiceAccount":
            sas.append(f"{s.get('namespace', '')}/{s.get('name', '')}")
    return {"cells": [_name(obj), f"{ref.get('kind', '')}/{ref.get('name', '')}", _age(obj, now_ms),
                      ", ".join(users), ", ".join(groups), ", ".join(sas)]}


LEASE_COLUMNS = [_NAME, ("Holder", "string", "", 0), _AGE]


def lease_row(obj, now_ms):
    return {"cells": [_name(obj), dig(obj, "spec", "holderIdentity", default=""), _age(obj, now_ms)]}


PRIORITYCLASS_COLUMNS = [_NAME, ("Value", "integer", "", 0), ("Global-Default", "boolean", "", 0), _AGE,
                         ("PreemptionPolicy", "string", "", 1)]


def priorityclass_row(obj, now_ms):
    return {"cells": [_name(obj), int(obj.get("value") or 0), bool(obj.get("globalDefault")), _age(obj, now_ms),
                      obj.get("preemptionPolicy") or "<unset>"]}


COMPONENTSTATUS_COLUMNS = [_NAME, ("Status", "string", "", 0), ("Message", "string", "", 0),
                           ("Error", "string", "", 0)]


def componentstatus_row(obj, now_ms):
    status, message, error = "Unknown", "", ""
    for c in obj.get("conditions") or []:
        if c.get("type") == "Healthy":
            status = "Healthy" if c.get("status") == "True" else "Unhealthy"
            message, error = c.get("message", ""), c.get("error", "")
            break
    return {"cells": [_name(obj), status, message, error]}
