"""``kubectl expose``: a Service for a Deployment, ReplicaSet, ReplicationController, Pod or Service.

``kubectl expose TYPE NAME [--port=80] [--target-port=8080] [--type=NodePort] [--name=x]
[--protocol=TCP] [--selector=k=v] [--labels=k=v] [--cluster-ip=None] [--session-affinity=ClientIP]
[--external-ip=IP] [--dry-run=client] [-o yaml]`` → ``service/NAME exposed``.

As kubectl does it: the selector is the object's (a Deployment's or ReplicaSet's
``spec.selector.matchLabels``, a ReplicationController's ``spec.selector``, a Pod's labels, a Service's
selector), refused when it has ``matchExpressions``; the Service takes the object's labels; without
``--port`` the ports are the containers' ports (several become ``port-1``, ``port-2`` …) and none is
``error: couldn't find port via --port flag or introspection``; ``--target-port`` defaults to the port.

Deliberate difference: ``-f FILE`` is not supported (name the object instead).
"""

from __future__ import annotations

from ...api import typed
from ...api.objects import dig
from ..flags import Flag
from . import printing
from .apply import dry_run_mode, dry_run_suffix
from .command import CommandError, Invocation, resolve_type
from . import record
from .record import cause_of

EXPOSE_FLAGS = (
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("field-manager", "", "string", "", "Name of the manager used to track field ownership."),
    Flag("save-config", "", "bool", False, "Save the configuration of the object in its annotation."),
    Flag("port", "", "string", "", "The port that the service should serve on."),
    Flag("target-port", "", "string", "", "Name or number for the port on the container that the service should direct traffic to."),
    Flag("type", "", "string", "", "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName."),
    Flag("name", "", "string", "", "The name for the newly created object."),
    Flag("protocol", "", "string", "", "The network protocol for the service to be created."),
    Flag("selector", "", "string", "", "A label selector to use for this service."),
    Flag("labels", "l", "string", "", "Labels to apply to the service created by this call."),
    Flag("cluster-ip", "", "string", "", "ClusterIP to be assigned to the service."),
    Flag("external-ip", "", "string", "", "Additional external IP address (not managed by Kubernetes)."),
    Flag("session-affinity", "", "string", "", "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'"),
    Flag("load-balancer-ip", "", "string", "", "IP to assign to the LoadBalancer."),
    Flag("output", "o", "string", "", "Output format."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
    Flag("filename", "f", "stringArray", [], "Filename, directory, or URL to files identifying the resource to expose a service"),
)

_EXPOSABLE = {"Deployment", "ReplicaSet", "ReplicationController", "Pod", "Service"}
_USAGE = ("You must provide one or more resources by argument or filename.\nExample resource specifications "
          "include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")


def _parse_pairs(text: str) -> dict:
    out = {}
    for part in filter(None, text.split(",")):
        key, eq, value = part.partition("=")
        if not eq:
            raise CommandError(f"unexpected label spec: {part}")
        out[key.strip()] = value.strip()
    return out


def _selector(obj: dict, shown: str) -> dict:
    kind = obj["kind"]
    if kind == "Pod":
        selector = dict(dig(obj, "metadata", "labels", default={}) or {})
    elif kind in ("ReplicationController", "Service"):
        selector = dict(dig(obj, "spec", "selector", default={}) or {})
    else:
        sel = dig(obj, "spec", "selector", default={}) or {}
        if sel.get("matchExpressions"):
            raise CommandError(f"couldn't convert expressions - \"{sel['matchExpressions']}\" to map-based "
                               f"selector format")
        selector = dict(sel.get("matchLabels") or {})
    if not selector:
        reason = ("the pod has no labels and cannot be exposed" if kind == "Pod" else
                  f"the {kind.lower()} {shown} has no selectors, therefore cannot be exposed")
        raise CommandError(f"couldn't retrieve selectors via --selector flag or introspection: {reason}")
    return selector


def _introspected_ports(obj: dict) -> list[dict]:
    if obj["kind"] == "Service":
        return [{"port": p["port"], "protocol": p.get("protocol", "TCP"), "targetPort": p.get("targetPort", p["port"])}
                for p in dig(obj, "spec", "ports", default=[])]
    spec = obj.get("spec") or {}
    pod_spec = spec if obj["kind"] == "Pod" else dig(spec, "template", "spec", default={})
    ports = []
    for c in pod_spec.get("containers") or []:
        for p in c.get("ports") or []:
            ports.append({"port": p["containerPort"], "protocol": p.get("protocol", "TCP"),
                          "targetPort": p["containerPort"]})
    return ports


def run_expose(inv: Invocation) -> int:
    if inv.flags.get("filename"):
        raise CommandError("kubectl expose -f is not supported in the simulator; name the object: "
                           "kubectl expose deployment NAME --port=80")
    args = list(inv.args)
    if len(args) == 1 and "/" in args[0]:
        args = args[0].split("/", 1)
    if len(args) != 2:
        raise CommandError(_USAGE, usage_of="expose")
    info = resolve_type(inv.api, args[0])
    obj = inv.api.get(info, args[1], inv.namespace)
    if info.kind not in _EXPOSABLE:
        raise CommandError(f"cannot expose a {info.kind}")
    shown = f"{info.plural}.{info.group}/{args[1]}" if info.group else f"{info.plural}/{args[1]}"
    selector = _parse_pairs(inv.flags["selector"]) if inv.flags.get("selector") else _selector(obj, shown)
    protocol = inv.flags.get("protocol") or ""
    target = inv.flags.get("target-port") or ""
    if inv.flags.get("port"):
        ports = []
        for text in inv.flags["port"].split(","):
            if not text.strip().isdigit():
                raise CommandError(f'invalid argument "{text}" for "--port" flag: strconv.ParseInt: parsing '
                                   f'"{text}": invalid syntax')
            port = int(text)
            ports.append({"port": port, "protocol": protocol or "TCP",
                          "targetPort": (int(target) if target.isdigit() else target) if target else port})
        if len(ports) > 1:                       # several --port values: named port-1, port-2 …
            ports = [{"name": f"port-{i}", **p} for i, p in enumerate(ports, 1)]
    else:
        ports = _introspected_ports(obj)
        if not ports:
            raise CommandError("couldn't find port via --port flag or introspection")
        for p in ports:
            if protocol:
                p["protocol"] = protocol
            if target:
                p["targetPort"] = int(target) if target.isdigit() else target
        if len(ports) > 1:
            for i, p in enumerate(ports, 1):
                p["name"] = f"port-{i}"
    name = inv.flags.get("name") or args[1]
    labels = _parse_pairs(inv.flags["labels"]) if inv.flags.get("labels") else \
        dict(dig(obj, "metadata", "labels", default={}) or {})
    spec: dict = {"ports": ports, "selector": selector}
    stype = inv.flags.get("type") or ""
    if stype:
        spec["type"] = stype            # as given: the API server validates it
    if inv.flags.get("cluster-ip"):
        spec["clusterIP"] = inv.flags["cluster-ip"]
    if inv.flags.get("external-ip"):
        spec["externalIPs"] = [inv.flags["external-ip"]]
    if inv.flags.get("session-affinity"):
        spec["sessionAffinity"] = inv.flags["session-affinity"]
    if inv.flags.get("load-balancer-ip"):
        spec["loadBalancerIP"] = inv.flags["load-balancer-ip"]
    md = {"name": name, "namespace": inv.namespace} if inv.explicit_namespace else {"name": name}
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": md, "spec": spec}
    if labels:
        svc["metadata"]["labels"] = labels
    record.annotate(svc, cause_of(inv))
    mode = dry_run_mode(inv)
    output = inv.flags.get("output") or ""
    printing.check_output_format(output)
    if mode != "client" and inv.flags.get("save-config"):
        from .run import with_saved_config
        svc = with_saved_config(svc)
    created = typed.complete(svc) if mode == "client" else inv.api.create(svc, inv.namespace, dry_run=(mode == "server"),
                                                           user="kubectl")
    if output:
        inv.out.out(printing.format_objects(inv, [created], output, single=True, typed=True))
    else:
        inv.print(f"service/{name} exposed{dry_run_suffix(mode)}")
    return 0
