"""Pod and pod-template validation (``pkg/apis/core/validation``: ValidatePodSpec and friends).

Checks, in upstream's order and wording: volumes (names, exactly one source, required source
fields), containers and init containers (DNS-label names unique across both lists, image
required, ports 1–65535 with unique names and a supported protocol, host ports unique, env names,
volume mounts naming an existing volume with unique mount paths, pull policy, resource names and
quantities with requests ≤ limits, probes and lifecycle handlers), then restartPolicy, dnsPolicy,
nodeSelector, serviceAccountName, activeDeadlineSeconds, hostname/subdomain and tolerations.

On update a Pod's spec is immutable except the container images, activeDeadlineSeconds,
additional tolerations and terminationGracePeriodSeconds — answered with upstream's
``spec: Forbidden: pod updates may not change fields other than ...``.

Deliberate differences from upstream:

* The ``Forbidden`` update message ends after the list of updatable fields (upstream appends a
  ``cmp.Diff`` of the two specs).
* Setting ``spec.nodeName`` on an unbound pod by update is allowed: it stands for the ``binding``
  subresource the scheduler uses upstream.
* Security contexts, affinity terms, topology spread constraints, DNS config and most volume
  sources' inner fields are not validated in depth.
* Environment variable names follow the relaxed rule (RelaxedEnvironmentVariableValidation,
  beta and on by default in 1.32): printable ASCII other than ``=``.

>>> errs = validate_pod_spec({"containers": [{"name": "web", "image": "", "imagePullPolicy": "Always",
...     "terminationMessagePolicy": "File", "ports": [{"containerPort": 70000, "protocol": "TCP"}]}], "restartPolicy": "Always",
...     "dnsPolicy": "ClusterFirst"}, "spec")
>>> [str(e) for e in errs]
['spec.containers[0].image: Required value', 'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']
"""

from __future__ import annotations

from ...api import names
from ...api.objects import copy_json
from .common import (Errors, children, dns_label, dns_subdomain, is_int, nonnegative, port_num_or_name,
                     port_number, protocol, quantity, validate_labels)
from .meta import validate_annotations

RESTART_POLICIES = ("Always", "OnFailure", "Never")
DNS_POLICIES = ("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None")
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
TERMINATION_MESSAGE_POLICIES = ("FallbackToLogsOnError", "File")
HTTP_SCHEMES = ("HTTP", "HTTPS")
TOLERATION_OPERATORS = ("Equal", "Exists")
TAINT_EFFECTS = ("NoExecute", "NoSchedule", "PreferNoSchedule")
STANDARD_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")
# Volume sources that need one field (validateVolumeSource's required checks).
_VOLUME_REQUIRED = {
    "secret": "secretName", "configMap": "name", "persistentVolumeClaim": "claimName",
    "hostPath": "path", "nfs": "server", "csi": "driver", "gitRepo": "repository",
    "iscsi": "targetPortal", "glusterfs": "endpoints", "rbd": "image", "cephfs": "monitors",
    "azureDisk": "diskName", "azureFile": "secretName",
}
HOST_PATH_TYPES = ("", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File",
                   "FileOrCreate", "Socket")
UPDATABLE_POD_FIELDS = ("`spec.containers[*].image`", "`spec.initContainers[*].image`",
                        "`spec.activeDeadlineSeconds`",
                        "`spec.tolerations` (only additions to existing tolerations)",
                        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
                        "previously negative)")
MAX_INT32 = 2 ** 31 - 1


def validate_volumes(spec: dict, path: str, errs: Errors) -> set[str]:
    seen: set[str] = set()
    for i, vol in children(spec, "volumes"):
        vpath = f"{path}[{i}]"
        sources = [k for k in vol if k != "name" and vol[k] is not None]
        if not sources:
            errs.required(vpath, "must specify a volume type")
        elif len(sources) > 1:
            errs.forbidden(f"{vpath}.{sources[1]}", "may not specify more than 1 volume type")
        for source in sources[:1]:
            body = vol[source] if isinstance(vol[source], dict) else {}
            need = _VOLUME_REQUIRED.get(source)
            if need and not body.get(need):
                errs.required(f"{vpath}.{source}.{need}")
            if source == "hostPath" and body.get("type") not in HOST_PATH_TYPES:
                errs.not_supported(f"{vpath}.hostPath.type", body.get("type"), HOST_PATH_TYPES[1:])
            mode = body.get("defaultMode")
            if is_int(mode) and not 0 <= mode <= 0o777:
                errs.invalid(f"{vpath}.{source}.defaultMode", mode,
                             "must be a number between 0 and 0777 (octal), both inclusive")
        name = vol.get("name")
        if not name:
            errs.required(f"{vpath}.name")
        else:
            dns_label(name, f"{vpath}.name", errs)
        if name in seen:
            errs.duplicate(f"{vpath}.name", name)
        elif name:
            seen.add(name)
    return seen


def _validate_handler(handler, path: str, errs: Errors, kinds=("exec", "httpGet", "tcpSocket", "grpc")) -> None:
    if not isinstance(handler, dict):
        return
    present = [k for k in kinds if handler.get(k) is not None]
    if not present:
        errs.required(path, "must specify a handler type")
        return
    if len(present) > 1:
        errs.forbidden(f"{path}.{present[1]}", "may not specify more than 1 handler type")
    kind = present[0]
    body = handler[kind] if isinstance(handler[kind], dict) else {}
    if kind == "exec" and not body.get("command"):
        errs.required(f"{path}.exec.command")
    elif kind == "httpGet":
        if not body.get("path"):
            errs.required(f"{path}.httpGet.path")
        port_num_or_name(body.get("port"), f"{path}.httpGet.port", errs)
        if body.get("port") is None:
            errs.required(f"{path}.httpGet.port")
        scheme = body.get("scheme")
        if scheme not in HTTP_SCHEMES:
            errs.not_supported(f"{path}.httpGet.scheme", scheme, HTTP_SCHEMES)
    elif kind == "tcpSocket":
        port_num_or_name(body.get("port"), f"{path}.tcpSocket.port", errs)
        if body.get("port") is None:
            errs.required(f"{path}.tcpSocket.port")
    elif kind == "grpc":
        port_number(body.get("port"), f"{path}.grpc.port", errs)
    elif kind == "sleep":
        seconds = body.get("seconds")
        if is_int(seconds) and seconds < 0:
            errs.invalid(f"{path}.sleep.seconds", seconds, "must be non-negative")


def _validate_probe(probe, path: str, errs: Errors, success_must_be_one: bool) -> None:
    if not isinstance(probe, dict):
        return
    _validate_handler(probe, path, errs)
    for key in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                "failureThreshold"):
        nonnegative(probe.get(key), f"{path}.{key}", errs)
    grace = probe.get("terminationGracePeriodSeconds")
    if is_int(grace) and grace <= 0:
        errs.invalid(f"{path}.terminationGracePeriodSeconds", grace, "must be greater than 0")
    if success_must_be_one and is_int(probe.get("successThreshold")) and probe["successThreshold"] != 1:
        errs.invalid(f"{path}.successThreshold", probe["successThreshold"], "must be 1")


def _validate_ports(container: dict, path: str, host_network: bool, errs: Errors) -> None:
    seen: set[str] = set()
    for i, port in children(container, "ports"):
        ppath = f"{path}[{i}]"
        name = port.get("name")
        if name:
            msgs = names.is_valid_port_name(name)
            for msg in msgs:
                errs.invalid(f"{ppath}.name", name, msg)
            if not msgs:
                if name in seen:
                    errs.duplicate(f"{ppath}.name", name)
                seen.add(name)
        cport = port.get("containerPort")
        if not cport:
            errs.required(f"{ppath}.containerPort")
        else:
            port_number(cport, f"{ppath}.containerPort", errs)
        hport = port.get("hostPort")
        if hport:
            port_number(hport, f"{ppath}.hostPort", errs)
        protocol(port.get("protocol"), f"{ppath}.protocol", errs)
        if host_network and hport and cport and hport != cport:
            errs.invalid(f"{ppath}.hostPort", hport, "must match `containerPort` when `hostNetwork` is true")


def _validate_env(container: dict, path: str, errs: Errors) -> None:
    for i, env in children(container, "env"):
        epath = f"{path}[{i}]"
        name = env.get("name")
        if not name:
            errs.required(f"{epath}.name")
        elif not all(0x20 <= ord(ch) <= 0x7E and ch != "=" for ch in name):
            errs.invalid(f"{epath}.name", name, "a valid environment variable name must consist only "
                         "of printable ASCII characters other than '='")
        source = env.get("valueFrom")
        if isinstance(source, dict):
            used = [k for k in ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")
                    if source.get(k) is not None]
            if env.get("value"):
                errs.invalid(f"{epath}.valueFrom", "", "may not be specified when `value` is not empty")
            if not used:
                errs.invalid(f"{epath}.valueFrom", "", "must specify one of: `fieldRef`, "
                             "`resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`")
            elif len(used) > 1:
                errs.invalid(f"{epath}.valueFrom", "", "may not have more than one field specified at a time")
            for ref in ("configMapKeyRef", "secretKeyRef"):
                body = source.get(ref)
                if isinstance(body, dict) and not body.get("key"):
                    errs.required(f"{epath}.valueFrom.{ref}.key")
            ref = source.get("fieldRef")
            if isinstance(ref, dict) and not ref.get("fieldPath"):
                errs.required(f"{epath}.valueFrom.fieldRef.fieldPath")
            ref = source.get("resourceFieldRef")
            if isinstance(ref, dict) and not ref.get("resource"):
                errs.required(f"{epath}.valueFrom.resourceFieldRef.resource")


def _validate_mounts(container: dict, path: str, volumes: set[str], errs: Errors) -> None:
    paths: set[str] = set()
    for i, mount in children(container, "volumeMounts"):
        mpath = f"{path}[{i}]"
        name = mount.get("name")
        if not name:
            errs.required(f"{mpath}.name")
        elif name not in volumes:
            errs.not_found(f"{mpath}.name", name)
        mount_path = mount.get("mountPath")
        if not mount_path:
            errs.required(f"{mpath}.mountPath")
        elif mount_path in paths:
            errs.invalid(f"{mpath}.mountPath", mount_path, "must be unique")
        else:
            paths.add(mount_path)
        sub = mount.get("subPath")
        if isinstance(sub, str) and sub:
            if sub.startswith("/"):
                errs.invalid(f"{mpath}.subPath", sub, "must be a relative path")
            elif ".." in sub.split("/"):
                errs.invalid(f"{mpath}.subPath", sub, "must not contain '..'")


def _resource_name(name: str, path: str, errs: Errors) -> None:
    for msg in names.is_qualified_name(name):
        errs.invalid(path, name, msg)
    if "/" not in name:
        if name not in STANDARD_CONTAINER_RESOURCES and not name.startswith("hugepages-"):
            errs.invalid(path, name, "must be a standard resource for containers")


def _overcommit_allowed(name: str) -> bool:
    return name in STANDARD_CONTAINER_RESOURCES or ("/" not in name and not name.startswith("hugepages-")) \
        or name.startswith("kubernetes.io/")


def validate_resources(resources, path: str, errs: Errors) -> None:
    """ValidateResourceRequirements: names, non-negative quantities, requests ≤ limits."""
    if not isinstance(resources, dict):
        return
    limits = resources.get("limits") if isinstance(resources.get("limits"), dict) else {}
    requests = resources.get("requests") if isinstance(resources.get("requests"), dict) else {}
    for name, value in limits.items():
        qpath = f"{path}.limits[{name}]"
        _resource_name(str(name), qpath, errs)
        q = quantity(value)
        if q is not None and q.sign() < 0:
            errs.invalid(qpath, str(q), "must be greater than or equal to 0")
    for name, value in requests.items():
        qpath = f"{path}.requests[{name}]"
        _resource_name(str(name), qpath, errs)
        q = quantity(value)
        if q is not None and q.sign() < 0:
            errs.invalid(qpath, str(q), "must be greater than or equal to 0")
        if name in limits:
            limit = quantity(limits[name])
            if q is None or limit is None:
                continue
            if q != limit and not _overcommit_allowed(str(name)):
                errs.invalid(f"{path}.requests", str(q), f"must be equal to {name} limit of {limit}")
            elif q > limit:
                errs.invalid(f"{path}.requests", str(q),
                             f"must be less than or equal to {name} limit of {limit}")
        elif not _overcommit_allowed(str(name)):
            errs.required(f"{path}.limits", "Limit must be set for non overcommitable resources")


def _validate_container(c: dict, path: str, volumes: set[str], host_network: bool, errs: Errors) -> None:
    name = c.get("name")
    if not name:
        errs.required(f"{path}.name")
    else:
        dns_label(name, f"{path}.name", errs)
    image = c.get("image")
    if not image:
        errs.required(f"{path}.image")
    elif isinstance(image, str) and image != image.strip():
        errs.invalid(f"{path}.image", image, "must not have leading or trailing whitespace")
    _validate_ports(c, f"{path}.ports", host_network, errs)
    _validate_env(c, f"{path}.env", errs)
    _validate_mounts(c, f"{path}.volumeMounts", volumes, errs)
    tmp = c.get("terminationMessagePolicy")
    if not tmp:
        errs.required(f"{path}.terminationMessagePolicy")
    elif tmp not in TERMINATION_MESSAGE_POLICIES:
        errs.not_supported(f"{path}.terminationMessagePolicy", tmp, TERMINATION_MESSAGE_POLICIES)
    policy = c.get("imagePullPolicy")
    if not policy:
        errs.required(f"{path}.imagePullPolicy")
    elif policy not in PULL_POLICIES:
        errs.not_supported(f"{path}.imagePullPolicy", policy, PULL_POLICIES)
    validate_resources(c.get("resources"), f"{path}.resources", errs)
    lifecycle = c.get("lifecycle")
    if isinstance(lifecycle, dict):
        for hook in ("postStart", "preStop"):
            _validate_handler(lifecycle.get(hook), f"{path}.lifecycle.{hook}", errs,
                              kinds=("exec", "httpGet", "tcpSocket", "sleep"))


def validate_pod_spec(spec, path: str = "spec") -> Errors:
    errs = Errors()
    if not isinstance(spec, dict):
        return errs
    host_network = spec.get("hostNetwork") is True
    volumes = validate_volumes(spec, f"{path}.volumes", errs)
    containers = children(spec, "containers")
    if not containers:
        errs.required(f"{path}.containers")
    all_names: set[str] = set()
    for i, c in containers:
        cpath = f"{path}.containers[{i}]"
        _validate_container(c, cpath, volumes, host_network, errs)
        if c.get("name"):
            if c["name"] in all_names:
                errs.duplicate(f"{cpath}.name", c["name"])
            all_names.add(c["name"])
        if c.get("restartPolicy") is not None:
            errs.forbidden(f"{cpath}.restartPolicy", "may not be set for non-init containers")
        _validate_probe(c.get("livenessProbe"), f"{cpath}.livenessProbe", errs, True)
        _validate_probe(c.get("readinessProbe"), f"{cpath}.readinessProbe", errs, False)
        _validate_probe(c.get("startupProbe"), f"{cpath}.startupProbe", errs, True)
    _unique_host_ports(containers, f"{path}.containers", errs)
    for i, c in children(spec, "initContainers"):
        cpath = f"{path}.initContainers[{i}]"
        _validate_container(c, cpath, volumes, host_network, errs)
        if c.get("name"):
            if c["name"] in all_names:
                errs.duplicate(f"{cpath}.name", c["name"])
            all_names.add(c["name"])
        sidecar = c.get("restartPolicy") == "Always"
        if c.get("restartPolicy") is not None and not sidecar:
            errs.not_supported(f"{cpath}.restartPolicy", c["restartPolicy"], ("Always",))
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            if c.get(probe) is not None and not sidecar:
                errs.forbidden(f"{cpath}.{probe}",
                               "may not be set for init containers without restartPolicy=Always")
            elif sidecar:
                _validate_probe(c.get(probe), f"{cpath}.{probe}", errs, probe != "readinessProbe")
    _unique_host_ports(children(spec, "initContainers"), f"{path}.initContainers", errs)
    restart = spec.get("restartPolicy")
    if not restart:
        errs.required(f"{path}.restartPolicy")
    elif restart not in RESTART_POLICIES:
        errs.not_supported(f"{path}.restartPolicy", restart, RESTART_POLICIES)
    dns = spec.get("dnsPolicy")
    if not dns:
        errs.required(f"{path}.dnsPolicy")
    elif dns not in DNS_POLICIES:
        errs.not_supported(f"{path}.dnsPolicy", dns, DNS_POLICIES)
    elif dns == "None" and not spec.get("dnsConfig"):
        errs.required(f"{path}.dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None")
    validate_labels(spec.get("nodeSelector"), f"{path}.nodeSelector", errs)
    sa = spec.get("serviceAccountName")
    if isinstance(sa, str) and sa:
        dns_subdomain(sa, f"{path}.serviceAccountName", errs)
    node = spec.get("nodeName")
    if isinstance(node, str) and node:
        dns_subdomain(node, f"{path}.nodeName", errs)
    deadline = spec.get("activeDeadlineSeconds")
    if is_int(deadline) and not 1 <= deadline <= MAX_INT32:
        errs.invalid(f"{path}.activeDeadlineSeconds", deadline,
                     f"must be between 1 and {MAX_INT32}, inclusive")
    for key in ("hostname", "subdomain"):
        value = spec.get(key)
        if isinstance(value, str) and value:
            dns_label(value, f"{path}.{key}", errs)
    for i, tol in children(spec, "tolerations"):
        _validate_toleration(tol, f"{path}.tolerations[{i}]", errs)
    return errs


def _unique_host_ports(containers, path: str, errs: Errors) -> None:
    seen: set[str] = set()
    for ci, c in containers:
        for pi, port in children(c, "ports"):
            hport = port.get("hostPort")
            if not hport:
                continue
            key = f"{port.get('hostIP', '')}/{port.get('protocol', '')}/{hport}"
            if key in seen:
                errs.duplicate(f"{path}[{ci}].ports[{pi}].hostPort", key)
            seen.add(key)


def _validate_toleration(tol: dict, path: str, errs: Errors) -> None:
    key = tol.get("key")
    if key:
        for msg in names.is_qualified_name(key):
            errs.invalid(f"{path}.key", key, msg)
    operator = tol.get("operator") or "Equal"
    if not key and operator != "Exists":
        errs.invalid(f"{path}.operator", operator, "operator must be Exists when `key` is empty, "
                     "which means \"match all values and all keys\"")
    if tol.get("tolerationSeconds") is not None and tol.get("effect") != "NoExecute":
        errs.invalid(f"{path}.effect", tol.get("effect") or "",
                     "effect must be 'NoExecute' when `tolerationSeconds` is set")
    if operator == "Exists" and tol.get("value"):
        errs.invalid(f"{path}.operator", tol["value"], "value must be empty when `operator` is 'Exists'")
    elif operator not in TOLERATION_OPERATORS:
        errs.not_supported(f"{path}.operator", operator, TOLERATION_OPERATORS)
    effect = tol.get("effect")
    if effect and effect not in TAINT_EFFECTS:
        errs.not_supported(f"{path}.effect", effect, TAINT_EFFECTS)


def validate_pod_template(template, path: str) -> Errors:
    """ValidatePodTemplateSpec: labels/annotations of the template plus its pod spec."""
    errs = Errors()
    if not isinstance(template, dict):
        errs.required(path)
        return errs
    md = template.get("metadata") if isinstance(template.get("metadata"), dict) else {}
    validate_labels(md.get("labels"), f"{path}.metadata.labels", errs)
    validate_annotations(md.get("annotations"), f"{path}.metadata.annotations", errs)
    errs.extend(validate_pod_spec(template.get("spec") if isinstance(template.get("spec"), dict) else {},
                                  f"{path}.spec"))
    return errs


def validate_pod(obj: dict) -> Errors:
    return validate_pod_spec(obj.get("spec") if isinstance(obj.get("spec"), dict) else {}, "spec")


def validate_pod_update(new: dict, old: dict) -> Errors:
    """ValidatePodUpdate: only images, activeDeadlineSeconds, new tolerations, grace period."""
    errs = Errors()
    new_spec, old_spec = new.get("spec") or {}, old.get("spec") or {}
    if not isinstance(new_spec, dict) or not isinstance(old_spec, dict):
        return errs
    deadline, old_deadline = new_spec.get("activeDeadlineSeconds"), old_spec.get("activeDeadlineSeconds")
    if old_deadline is not None and (deadline is None or (is_int(deadline) and deadline > old_deadline)):
        errs.invalid("spec.activeDeadlineSeconds", deadline if deadline is not None else 0,
                     "must be less than or equal to previous value")
    munged = copy_json(new_spec)
    for group in ("containers", "initContainers"):
        olds = old_spec.get(group) or []
        news = munged.get(group) or []
        if len(olds) == len(news):
            for nc, oc in zip(news, olds):
                if isinstance(nc, dict) and isinstance(oc, dict):
                    nc["image"] = oc.get("image")
                    if "image" not in oc:
                        nc.pop("image", None)
    for key in ("activeDeadlineSeconds", "terminationGracePeriodSeconds"):
        if key in old_spec:
            munged[key] = old_spec[key]
        else:
            munged.pop(key, None)
    old_tolerations = old_spec.get("tolerations") or []
    new_tolerations = munged.get("tolerations") or []
    if all(t in new_tolerations for t in old_tolerations):
        if "tolerations" in old_spec:
            munged["tolerations"] = old_spec["tolerations"]
        else:
            munged.pop("tolerations", None)
    # Scheduling gates may be removed (never added) while the pod is not yet scheduled.
    old_gates = old_spec.get("schedulingGates") or []
    new_gates = munged.get("schedulingGates") or []
    if not old_spec.get("nodeName") and all(g in old_gates for g in new_gates):
        if "schedulingGates" in old_spec:
            munged["schedulingGates"] = old_spec["schedulingGates"]
        else:
            munged.pop("schedulingGates", None)
    if not old_spec.get("nodeName") and munged.get("nodeName"):
        if "nodeName" in old_spec:
            munged["nodeName"] = old_spec["nodeName"]
        else:
            munged.pop("nodeName")
    if munged != old_spec:
        errs.forbidden("spec", "pod updates may not change fields other than "
                       + ",".join(UPDATABLE_POD_FIELDS))
    return errs
