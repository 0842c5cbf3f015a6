"""API defaulting: the values the API server fills in before validation.

Models the generated defaulters of kube-apiserver (``pkg/apis/core/v1/defaults.go``,
``apps/v1``, ``batch/v1``, ``autoscaling/v2``, ``networking/v1``, ``rbac/v1``, ``storage/v1``, ...):
every field a student leaves out and ``kubectl get -o yaml`` shows anyway comes from here —
``restartPolicy: Always``, ``imagePullPolicy``, probe timings, the Deployment's 25%/25% rolling
update, a Service's ``targetPort`` and so on. :func:`apply_defaults` works in place and is
idempotent (defaulting a defaulted object changes nothing). The numbers live in
:mod:`k8scourse.defaults`.

Scope, as upstream:

* Pod *objects* also get requests copied from limits (``SetDefaults_Pod``); pod *templates*
  (Deployment, Job, ...) get the pod spec and container defaults only.
* ReplicationController selector and labels default to the template's labels; a Job's labels
  default to its template's labels (apps/v1 kinds copy nothing).

Deliberate differences from upstream:

* ``spec.ipFamilyPolicy``/``spec.ipFamilies`` of Services are set here (upstream sets them in the
  Service REST strategy) for a single-stack IPv4 cluster; selector-less headless Services get
  ``RequireDualStack`` as upstream.
* The autoscaling/v2 ``behavior`` block is not defaulted; ``resourceFieldRef.divisor`` is not
  shown as ``"0"``. Template ``metadata.creationTimestamp: null`` (an artefact of Go's encoding)
  is stored here, so every reader sees it as a 1.32 server returns it.
* The Job selector and ``controller-uid`` labels (Job strategy, needs the UID) are not generated
  here.

>>> from k8scourse.api.kinds import REGISTRY
>>> pod = {"metadata": {"name": "web"}, "spec": {"containers": [
...     {"name": "web", "image": "nginx", "ports": [{"containerPort": 80}],
...      "resources": {"limits": {"cpu": "500m"}}}]}}
>>> apply_defaults(REGISTRY.by_name("pods"), pod)
>>> c = pod["spec"]["containers"][0]
>>> pod["spec"]["restartPolicy"], c["imagePullPolicy"], c["ports"][0]["protocol"], c["resources"]["requests"]
('Always', 'Always', 'TCP', {'cpu': '500m'})
>>> deploy = {"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "nginx:1.27"}]}}}}
>>> apply_defaults(REGISTRY.by_name("deployments"), deploy)
>>> deploy["spec"]["strategy"], deploy["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"]
({'type': 'RollingUpdate', 'rollingUpdate': {'maxUnavailable': '25%', 'maxSurge': '25%'}}, 'IfNotPresent')
"""

from __future__ import annotations

from typing import Callable

from .. import defaults as D


def _dict(parent: dict, key: str) -> dict:
    """``parent[key]`` as a dict, created when missing or null (not when of another type)."""
    value = parent.get(key)
    if value is None:
        value = parent[key] = {}
    return value


def _items(parent, key: str) -> list:
    value = parent.get(key) if isinstance(parent, dict) else None
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _set(obj: dict, key: str, value) -> None:
    """Default a field that is missing, null or (Go's zero string) empty."""
    if obj.get(key) is None or obj.get(key) == "":
        obj[key] = value


def _set_nonzero(obj: dict, key: str, value) -> None:
    """Default a plain (non-pointer) Go int field: 0 counts as unset, as upstream."""
    if not obj.get(key):
        obj[key] = value


# --------------------------------------------------------------------------- core/v1: pods
def image_pull_policy(image: str) -> str:
    """``Always`` for ``:latest`` or an untagged image without digest, else ``IfNotPresent``.

    >>> [image_pull_policy(i) for i in ("nginx", "nginx:latest", "nginx:1.27", "localhost:5000/app",
    ...                                 "nginx@sha256:abc")]
    ['Always', 'Always', 'IfNotPresent', 'Always', 'IfNotPresent']
    """
    image = image or ""
    if "@" in image:
        name = image.split("@", 1)[0]
        last = name.rsplit("/", 1)[-1]
        tag = last.split(":", 1)[1] if ":" in last else ""
    else:
        last = image.rsplit("/", 1)[-1]
        tag = last.split(":", 1)[1] if ":" in last else "latest"
    return D.IMAGE_PULL_POLICY_LATEST if tag == "latest" else D.IMAGE_PULL_POLICY_TAGGED


def _default_http_get(handler) -> None:
    if not isinstance(handler, dict):
        return
    http = handler.get("httpGet")
    if isinstance(http, dict):
        _set(http, "path", D.HTTP_GET_PATH)
        _set(http, "scheme", D.HTTP_GET_SCHEME)


def _default_probe(probe) -> None:
    if not isinstance(probe, dict):
        return
    _set_nonzero(probe, "timeoutSeconds", D.PROBE_TIMEOUT_SECONDS)
    _set_nonzero(probe, "periodSeconds", D.PROBE_PERIOD_SECONDS)
    _set_nonzero(probe, "successThreshold", D.PROBE_SUCCESS_THRESHOLD)
    _set_nonzero(probe, "failureThreshold", D.PROBE_FAILURE_THRESHOLD)
    _default_http_get(probe)


def _default_container(c: dict, host_network: bool) -> None:
    _set(c, "terminationMessagePath", D.TERMINATION_MESSAGE_PATH)
    _set(c, "terminationMessagePolicy", D.TERMINATION_MESSAGE_POLICY)
    if not c.get("imagePullPolicy"):
        c["imagePullPolicy"] = image_pull_policy(c.get("image") if isinstance(c.get("image"), str) else "")
    _set(c, "resources", {})
    for port in _items(c, "ports"):
        _set(port, "protocol", D.PORT_PROTOCOL)
        if host_network and port.get("hostPort") is None and port.get("containerPort") is not None:
            port["hostPort"] = port["containerPort"]
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        _default_probe(c.get(probe))
    lifecycle = c.get("lifecycle")
    if isinstance(lifecycle, dict):
        _default_http_get(lifecycle.get("postStart"))
        _default_http_get(lifecycle.get("preStop"))
    for env in _items(c, "env"):
        _default_env_source(env.get("valueFrom"))


def _default_env_source(source) -> None:
    if isinstance(source, dict) and isinstance(source.get("fieldRef"), dict):
        _set(source["fieldRef"], "apiVersion", "v1")


_MODE_SOURCES = ("secret", "configMap", "downwardAPI", "projected")


def _default_volume(vol: dict) -> None:
    sources = [k for k in vol if k != "name"]
    if not sources:
        vol["emptyDir"] = {}
        return
    for key in _MODE_SOURCES:
        src = vol.get(key)
        if isinstance(src, dict):
            _set(src, "defaultMode", D.VOLUME_DEFAULT_MODE)
    down = vol.get("downwardAPI")
    if isinstance(down, dict):
        for item in _items(down, "items"):
            _default_env_source(item)
    projected = vol.get("projected")
    if isinstance(projected, dict):
        for source in _items(projected, "sources"):
            token = source.get("serviceAccountToken")
            if isinstance(token, dict):
                _set(token, "expirationSeconds", D.TOKEN_EXPIRATION_SECONDS)
            down = source.get("downwardAPI")
            if isinstance(down, dict):
                for item in _items(down, "items"):
                    _default_env_source(item)
    host_path = vol.get("hostPath")
    if isinstance(host_path, dict) and host_path.get("type") is None:
        host_path["type"] = ""


def default_pod_spec(spec: dict) -> None:
    """SetDefaults_PodSpec plus the container, probe and volume defaults (templates too)."""
    _set(spec, "dnsPolicy", D.DNS_POLICY)
    _set(spec, "restartPolicy", D.RESTART_POLICY)
    _set(spec, "terminationGracePeriodSeconds", D.TERMINATION_GRACE_PERIOD_SECONDS)
    _set(spec, "securityContext", {})
    _set(spec, "schedulerName", D.SCHEDULER_NAME)
    _set(spec, "enableServiceLinks", D.ENABLE_SERVICE_LINKS)
    host_network = spec.get("hostNetwork") is True
    for group in ("initContainers", "containers"):
        for container in _items(spec, group):
            _default_container(container, host_network)
    for vol in _items(spec, "volumes"):
        _default_volume(vol)


def _requests_from_limits(spec: dict) -> None:
    """SetDefaults_Pod: a container with a limit but no request for a resource requests the limit."""
    for group in ("initContainers", "containers"):
        for container in _items(spec, group):
            resources = container.get("resources")
            if not isinstance(resources, dict) or not isinstance(resources.get("limits"), dict):
                continue
            limits = resources["limits"]
            if not limits:
                continue
            requests = resources.get("requests")
            if requests is None:
                requests = resources["requests"] = {}
            if not isinstance(requests, dict):
                continue
            for name, value in limits.items():
                requests.setdefault(name, value)


def _pod(obj: dict) -> None:
    spec = _dict(obj, "spec")
    if not isinstance(spec, dict):
        return
    default_pod_spec(spec)
    _requests_from_limits(spec)


def _embedded_metadata(template: dict) -> None:
    """An embedded template's ``metadata`` as the API returns it: ``creationTimestamp: null``.

    Upstream's ``ObjectMeta`` of a template is a Go struct whose zero ``creationTimestamp`` is
    encoded as ``null`` (``omitempty`` does not drop a struct), so every 1.32 server shows
    ``template.metadata.creationTimestamp: null``; controllers' name hashes leave it out
    (:func:`k8scourse.api.hashing.object_hash`).
    """
    md = template.get("metadata")
    if md is None:
        md = template["metadata"] = {}
    if isinstance(md, dict):
        md.setdefault("creationTimestamp", None)


def _template_spec(spec: dict) -> None:
    """Pod defaults for ``spec.template.spec`` of a workload."""
    template = spec.get("template")
    if isinstance(template, dict):
        _embedded_metadata(template)
        pod_spec = template.get("spec")
        if isinstance(pod_spec, dict):
            default_pod_spec(pod_spec)


def _template_labels(spec: dict) -> dict | None:
    template = spec.get("template")
    md = template.get("metadata") if isinstance(template, dict) else None
    labels = md.get("labels") if isinstance(md, dict) else None
    return labels if isinstance(labels, dict) and labels else None


# --------------------------------------------------------------------------- workloads
def _spec(obj: dict) -> dict | None:
    spec = obj.get("spec")
    if spec is None:
        spec = obj["spec"] = {}
    return spec if isinstance(spec, dict) else None


def _pod_template(obj: dict) -> None:
    template = obj.get("template")
    if isinstance(template, dict):
        _embedded_metadata(template)
    if isinstance(template, dict) and isinstance(template.get("spec"), dict):
        default_pod_spec(template["spec"])


def _replication_controller(obj: dict) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    labels = _template_labels(spec)
    if labels:
        if not spec.get("selector"):
            spec["selector"] = dict(labels)
        md = _dict(obj, "metadata")
        if isinstance(md, dict) and not md.get("labels"):
            md["labels"] = dict(labels)
    _set(spec, "replicas", D.REPLICAS)
    _template_spec(spec)


def _replica_set(obj: dict) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    _set(spec, "replicas", D.REPLICAS)
    _template_spec(spec)


def _deployment(obj: dict) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    _set(spec, "replicas", D.REPLICAS)
    strategy = _dict(spec, "strategy")
    if isinstance(strategy, dict):
        if not strategy.get("type"):
            strategy["type"] = D.DEPLOYMENT_STRATEGY
        if strategy["type"] == "RollingUpdate":
            rolling = _dict(strategy, "rollingUpdate")
            if isinstance(rolling, dict):
                _set(rolling, "maxUnavailable", D.DEPLOYMENT_MAX_UNAVAILABLE)
                _set(rolling, "maxSurge", D.DEPLOYMENT_MAX_SURGE)
    _set(spec, "revisionHistoryLimit", D.REVISION_HISTORY_LIMIT)
    _set(spec, "progressDeadlineSeconds", D.PROGRESS_DEADLINE_SECONDS)
    _template_spec(spec)


def _daemon_set(obj: dict) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    strategy = _dict(spec, "updateStrategy")
    if isinstance(strategy, dict):
        if not strategy.get("type"):
            strategy["type"] = D.DAEMONSET_UPDATE_STRATEGY
        if strategy["type"] == "RollingUpdate":
            rolling = _dict(strategy, "rollingUpdate")
            if isinstance(rolling, dict):
                _set(rolling, "maxUnavailable", D.DAEMONSET_MAX_UNAVAILABLE)
                _set(rolling, "maxSurge", D.DAEMONSET_MAX_SURGE)
    _set(spec, "revisionHistoryLimit", D.REVISION_HISTORY_LIMIT)
    _template_spec(spec)


def _stateful_set(obj: dict) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    _set(spec, "podManagementPolicy", D.STATEFULSET_POD_MANAGEMENT_POLICY)
    strategy = _dict(spec, "updateStrategy")
    if isinstance(strategy, dict):
        if not strategy.get("type"):
            strategy["type"] = D.STATEFULSET_UPDATE_STRATEGY
        if strategy["type"] == "RollingUpdate":
            rolling = _dict(strategy, "rollingUpdate")
            if isinstance(rolling, dict):
                _set(rolling, "partition", D.STATEFULSET_PARTITION)
    retention = _dict(spec, "persistentVolumeClaimRetentionPolicy")
    if isinstance(retention, dict):
        _set(retention, "whenDeleted", D.STATEFULSET_PVC_RETENTION)
        _set(retention, "whenScaled", D.STATEFULSET_PVC_RETENTION)
    _set(spec, "replicas", D.REPLICAS)
    _set(spec, "revisionHistoryLimit", D.REVISION_HISTORY_LIMIT)
    for claim in _items(spec, "volumeClaimTemplates"):
        # each claim template is a whole PersistentVolumeClaim to the API: typed, phase Pending
        claim.setdefault("apiVersion", "v1")
        claim.setdefault("kind", "PersistentVolumeClaim")
        _embedded_metadata(claim)
        if claim.get("status") is None:
            claim["status"] = {}
        if isinstance(claim["status"], dict):
            _set(claim["status"], "phase", D.PVC_PHASE)
        claim_spec = claim.get("spec")
        if isinstance(claim_spec, dict):
            _set(claim_spec, "volumeMode", D.VOLUME_MODE)
    _template_spec(spec)


def _job_spec(spec: dict) -> None:
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = D.JOB_COMPLETIONS
        spec["parallelism"] = D.JOB_PARALLELISM
    _set(spec, "parallelism", D.JOB_PARALLELISM)
    if spec.get("backoffLimit") is None:
        spec["backoffLimit"] = 2 ** 31 - 1 if spec.get("backoffLimitPerIndex") is not None \
            else D.JOB_BACKOFF_LIMIT
    _set(spec, "completionMode", D.JOB_COMPLETION_MODE)
    _set(spec, "suspend", False)
    failure_policy = spec.get("podFailurePolicy")
    if isinstance(failure_policy, dict):
        for rule in _items(failure_policy, "rules"):
            for pattern in _items(rule, "onPodConditions"):
                _set(pattern, "status", "True")
    _set(spec, "podReplacementPolicy",
         D.JOB_POD_REPLACEMENT_POLICY_WITH_FAILURE_POLICY if isinstance(failure_policy, dict)
         else D.JOB_POD_REPLACEMENT_POLICY)
    _template_spec(spec)


def _job(obj: dict) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    _job_spec(spec)
    labels = _template_labels(spec)
    md = obj.get("metadata")
    if labels and isinstance(md, dict) and not md.get("labels"):
        md["labels"] = dict(labels)


def _cron_job(obj: dict) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    _set(spec, "concurrencyPolicy", D.CRONJOB_CONCURRENCY_POLICY)
    _set(spec, "suspend", False)
    _set(spec, "successfulJobsHistoryLimit", D.CRONJOB_SUCCESSFUL_HISTORY)
    _set(spec, "failedJobsHistoryLimit", D.CRONJOB_FAILED_HISTORY)
    job_template = spec.get("jobTemplate")
    if isinstance(job_template, dict):
        _embedded_metadata(job_template)
    if isinstance(job_template, dict) and isinstance(job_template.get("spec"), dict):
        _template_spec(job_template["spec"])


# --------------------------------------------------------------------------- core/v1: others
def _service(obj: dict) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    _set(spec, "type", D.SERVICE_TYPE)
    _set(spec, "sessionAffinity", D.SESSION_AFFINITY)
    if spec.get("sessionAffinity") == "ClientIP":
        config = _dict(spec, "sessionAffinityConfig")
        if isinstance(config, dict):
            client_ip = _dict(config, "clientIP")
            if isinstance(client_ip, dict):
                _set(client_ip, "timeoutSeconds", D.CLIENT_IP_TIMEOUT_SECONDS)
    for port in _items(spec, "ports"):
        _set(port, "protocol", D.PORT_PROTOCOL)
        if port.get("targetPort") in (None, 0, "") and port.get("port") is not None:
            port["targetPort"] = port["port"]
    stype = spec.get("type")
    if stype in ("NodePort", "LoadBalancer"):
        _set(spec, "externalTrafficPolicy", D.EXTERNAL_TRAFFIC_POLICY)
    if stype == "LoadBalancer":
        _set(spec, "allocateLoadBalancerNodePorts", True)
    if stype != "ExternalName":
        _set(spec, "internalTrafficPolicy", D.INTERNAL_TRAFFIC_POLICY)
        headless_without_selector = spec.get("clusterIP") == "None" and not spec.get("selector")
        _set(spec, "ipFamilyPolicy",
             "RequireDualStack" if headless_without_selector else D.IP_FAMILY_POLICY)
        _set(spec, "ipFamilies", list(D.IP_FAMILIES))


def _secret(obj: dict) -> None:
    if not obj.get("type"):
        obj["type"] = D.SECRET_TYPE


def _pvc(obj: dict) -> None:
    spec = _spec(obj)
    if spec is not None:
        _set(spec, "volumeMode", D.VOLUME_MODE)


def _pv(obj: dict) -> None:
    spec = _spec(obj)
    if spec is not None:
        _set(spec, "persistentVolumeReclaimPolicy", D.PV_RECLAIM_POLICY)
        _set(spec, "volumeMode", D.VOLUME_MODE)


def _limit_range(obj: dict) -> None:
    """SetDefaults_LimitRangeItem: Container limits default to max, requests to the default or min."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return
    for item in _items(spec, "limits"):
        if item.get("type") != "Container":
            continue
        default = dict(item.get("default") or {})
        request = dict(item.get("defaultRequest") or {})
        for name, value in (item.get("max") or {}).items():
            default.setdefault(name, value)
        for name, value in default.items():
            request.setdefault(name, value)
        for name, value in (item.get("min") or {}).items():
            request.setdefault(name, value)
        if default:
            item["default"] = default
        if request:
            item["defaultRequest"] = request


def _node(obj: dict) -> None:
    status = obj.get("status")
    if isinstance(status, dict) and isinstance(status.get("capacity"), dict) \
            and status.get("allocatable") is None:
        status["allocatable"] = dict(status["capacity"])


# --------------------------------------------------------------------------- other groups
def _hpa(obj: dict) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    _set(spec, "minReplicas", D.HPA_MIN_REPLICAS)
    if not spec.get("metrics"):
        spec["metrics"] = [{"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": D.HPA_DEFAULT_CPU_UTILIZATION}}}]


def _network_policy(obj: dict) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    for direction in ("ingress", "egress"):
        for rule in _items(spec, direction):
            for port in _items(rule, "ports"):
                _set(port, "protocol", D.PORT_PROTOCOL)
    if not spec.get("policyTypes"):
        spec["policyTypes"] = ["Ingress"] + (["Egress"] if spec.get("egress") else [])


def _role_binding(obj: dict) -> None:
    for subject in _items(obj, "subjects"):
        # SetDefaults_Subject: users and groups get the RBAC group; a ServiceAccount's is "", which
        # the API omits (omitempty), so a stored ServiceAccount subject has no apiGroup at all
        if not subject.get("apiGroup") and subject.get("kind") in ("User", "Group"):
            subject["apiGroup"] = "rbac.authorization.k8s.io"
        elif subject.get("kind") == "ServiceAccount" and subject.get("apiGroup") == "":
            del subject["apiGroup"]


def _storage_class(obj: dict) -> None:
    _set(obj, "reclaimPolicy", D.STORAGECLASS_RECLAIM_POLICY)
    _set(obj, "volumeBindingMode", D.STORAGECLASS_BINDING_MODE)


def _priority_class(obj: dict) -> None:
    _set(obj, "preemptionPolicy", D.PREEMPTION_POLICY)


_DEFAULTERS: dict[str, Callable[[dict], None]] = {
    "Pod": _pod,
    "PodTemplate": _pod_template,
    "ReplicationController": _replication_controller,
    "ReplicaSet": _replica_set,
    "Deployment": _deployment,
    "DaemonSet": _daemon_set,
    "StatefulSet": _stateful_set,
    "Job": _job,
    "CronJob": _cron_job,
    "Service": _service,
    "Secret": _secret,
    "PersistentVolumeClaim": _pvc,
    "PersistentVolume": _pv,
    "LimitRange": _limit_range,
    "Node": _node,
    "HorizontalPodAutoscaler": _hpa,
    "NetworkPolicy": _network_policy,
    "RoleBinding": _role_binding,
    "ClusterRoleBinding": _role_binding,
    "StorageClass": _storage_class,
    "PriorityClass": _priority_class,
}


def apply_defaults(info, obj: dict) -> None:
    """Fill the upstream defaults of ``info.kind`` into ``obj`` (in place, idempotent).

    Values of the wrong shape are left alone: validation reports them.
    """
    defaulter = _DEFAULTERS.get(info.kind)
    if defaulter is not None and isinstance(obj, dict):
        defaulter(obj)
