"""``kubectl autoscale``: create a HorizontalPodAutoscaler for a deployment, replica set, replication
controller or stateful set.

``kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10`` creates the
HorizontalPodAutoscaler ``web`` (``--name`` to choose another name) whose ``scaleTargetRef`` is the
Deployment, with a CPU utilization target of 50 %, and prints
``horizontalpodautoscaler.autoscaling/web autoscaled``. Without ``--cpu-percent`` the API server's
default applies (80 %); without ``--min``, 1. ``--max`` is required
(``error: --max=MAXPODS is required and must be at least 1, max: -1``). ``--dry-run``, ``-o``
work as in kubectl; an existing HPA of that name is ``AlreadyExists``. Like kubectl 1.32 it sends an
``autoscaling/v1`` object (``targetCPUUtilizationPercentage``), which the API server stores as
``autoscaling/v2``; ``-o`` shows the answer in v1, as kubectl's typed client asked for it.

Deliberate difference: the resource must be given as ``TYPE NAME`` or ``TYPE/NAME`` (no ``-f``).
"""

from __future__ import annotations

from ...api import typed
from ...apiserver.validation import convert_to_version
from ..flags import Flag
from . import printing
from .apply import dry_run_mode, dry_run_suffix
from . import klog
from .command import CommandError, Invocation, parse_resource_args
from . import record
from .record import cause_of

AUTOSCALE_FLAGS = (
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("field-manager", "", "string", "", "Name of the manager used to track field ownership."),
    Flag("min", "", "int", -1, "The lower limit for the number of pods that can be set by the autoscaler."),
    Flag("max", "", "int", -1, "The upper limit for the number of pods that can be set by the autoscaler. Required."),
    Flag("cpu-percent", "", "int", -1, "The target average CPU utilization (represented as a percent of "
         "requested CPU) over all the pods."),
    Flag("name", "", "string", "", "The name for the newly created object."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
    Flag("output", "o", "string", "", "Output format."),
    Flag("save-config", "", "bool", False, "Save the configuration in an annotation."),
    Flag("record", "", "bool", False, "Record current kubectl command in the resource annotation (deprecated)."),
)

SCALABLE = ("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet")


def run_autoscale(inv: Invocation) -> int:
    if inv.flags.get("max") in (None, -1):     # a required flag: cobra refuses before the command runs
        raise klog.required_flag(inv.now_unix_ms(), "max")
    mode = dry_run_mode(inv)
    output = inv.flags.get("output") or ""
    printing.check_output_format(output)
    groups = parse_resource_args(inv.api, inv.args)
    targets = [(info, name) for info, names in groups for name in names]
    if not targets:
        raise CommandError("You must provide one or more resources by argument or filename.\nExample resource "
                           "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   "
                           "'<resource> <name>'\n   '<resource>'")
    high, low, cpu = inv.flags.get("max"), inv.flags.get("min"), inv.flags.get("cpu-percent")
    if high < 1:
        raise CommandError(f"--max=MAXPODS is required and must be at least 1, max: {high}")
    if low is not None and low > high:
        raise CommandError(f"--max=MAXPODS must be larger or equal to --min=MINPODS, max: {high}, min: {low}")
    for info, name in targets:
        if info.kind not in SCALABLE:
            raise CommandError(f"cannot autoscale a {info.kind}: cannot autoscale a {info.kind}")
        target = inv.api.get(info, name, inv.namespace)
        spec = {"scaleTargetRef": {"apiVersion": target["apiVersion"], "kind": target["kind"], "name": name},
                "maxReplicas": high}
        if low is not None and low >= 1:
            spec["minReplicas"] = low
        if cpu is not None and cpu >= 0:
            spec["targetCPUUtilizationPercentage"] = cpu
        md = {"name": inv.flags.get("name") or name}
        if inv.explicit_namespace:
            md["namespace"] = inv.namespace
        # kubectl 1.32 still sends an autoscaling/v1 HPA and prints the server's answer in v1
        hpa = {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": md, "spec": spec}
        record.annotate(hpa, cause_of(inv))
        if mode == "client":
            result = typed.complete(hpa)
        else:
            created = inv.api.create(hpa, inv.namespace, dry_run=(mode == "server"), user="kubectl")
            result = convert_to_version(inv.api.info("horizontalpodautoscalers"), created, "autoscaling/v1")
        if output:
            inv.out.out(printing.format_objects(inv, [result], output, single=True, typed=True))
        else:
            inv.print(f"horizontalpodautoscaler.autoscaling/{md['name']} autoscaled{dry_run_suffix(mode)}")
    return 0
