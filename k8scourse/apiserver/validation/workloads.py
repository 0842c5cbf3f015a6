"""Workload validation: Deployment, ReplicaSet, DaemonSet, StatefulSet (``pkg/apis/apps/validation``),
ReplicationController (core), Job and CronJob (``pkg/apis/batch/validation``), HPA and PDB.

The rules a student meets most: a selector is required (apps/v1) and must select the template's
labels (``spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector`
does not match template `labels```); controllers' templates must restart ``Always`` while Jobs'
must restart ``OnFailure`` or ``Never``; replicas are non-negative; rolling-update parameters are
integers or percentages not both zero; a selector cannot change after creation
(``spec.selector: Invalid value: v1.LabelSelector{...}: field is immutable``).

Deliberate differences from upstream:

* Jobs: the selector and ``controller-uid`` labels the Job strategy generates (it needs the UID)
  are not generated here, so a Job without ``manualSelector`` is not required to carry a selector
  and a user-given selector is only checked against the template labels.
* StatefulSet pod templates get only label/annotation checks, as upstream (whose TODO notes the
  volume mounts naming ``volumeClaimTemplates``): the pod rules apply when pods are created.
* HPA metric specs and PDB/Ingress/NetworkPolicy peers are validated only in their basic shape.

>>> errs = validate_deployment({"spec": {"replicas": 1, "selector": {"matchLabels": {"app": "a"}},
...     "template": {"metadata": {"labels": {"app": "b"}}, "spec": {"containers": [
...         {"name": "c", "image": "nginx", "imagePullPolicy": "Always", "terminationMessagePolicy": "File"}],
...         "restartPolicy": "Always", "dnsPolicy": "ClusterFirst"}},
...     "strategy": {"type": "Recreate"}}})
>>> [str(e) for e in errs]
['spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`']
"""

from __future__ import annotations

from ...api import cron
from ...errors import FieldError
from .common import (Errors, children, equality_selector_matches, go_int_or_string, go_label_selector,
                     go_value, int_or_percent, int_or_percent_value, is_int, nonnegative, raw_invalid,
                     selector_empty, template_labels_match, validate_label_selector, validate_labels)
from .meta import validate_annotations
from .pod import validate_pod_template


def _spec(obj: dict) -> dict:
    spec = obj.get("spec")
    return spec if isinstance(spec, dict) else {}


def _template_for_controller(spec: dict, selector, path: str, errs: Errors, owner: str,
                             forbid_deadline_as: str = "forbidden") -> None:
    """ValidatePodTemplateSpecForReplicaSet & co.: match, template, restartPolicy Always."""
    template = spec.get("template")
    if not isinstance(template, dict):
        errs.required(path)
        return
    if selector is not None:
        template_labels_match(selector, template, path, errs)
    if owner == "StatefulSet":
        # Upstream validates only the template's labels and annotations here (its volume mounts
        # may name volumeClaimTemplates); the pods are validated when the controller creates them.
        md = template.get("metadata") if isinstance(template.get("metadata"), dict) else {}
        validate_labels(md.get("labels"), f"{path}.labels", errs)
        validate_annotations(md.get("annotations"), f"{path}.annotations", errs)
    else:
        errs.extend(validate_pod_template(template, path))
    pod_spec = template.get("spec") if isinstance(template.get("spec"), dict) else {}
    restart = pod_spec.get("restartPolicy")
    if restart and restart != "Always":
        errs.not_supported(f"{path}.spec.restartPolicy", restart, ("Always",))
    if pod_spec.get("activeDeadlineSeconds") is not None:
        if forbid_deadline_as == "invalid":
            errs.invalid(f"{path}.spec.activeDeadlineSeconds", pod_spec["activeDeadlineSeconds"],
                         f"activeDeadlineSeconds in {owner} is not Supported")
        else:
            errs.forbidden(f"{path}.spec.activeDeadlineSeconds",
                           f"activeDeadlineSeconds in {owner} is not Supported")


def _selector_required(spec: dict, errs: Errors, empty_message: str) -> None:
    selector = spec.get("selector")
    if selector is None:
        errs.required("spec.selector")
        return
    validate_label_selector(selector, "spec.selector", errs)
    if selector_empty(selector):
        errs.append(raw_invalid("spec.selector", go_label_selector(selector), empty_message))


def _nothing_selector(selector):
    """A nil LabelSelector selects nothing: use a selector that never matches."""
    return selector if isinstance(selector, dict) else {"matchExpressions": [
        {"key": "\x00", "operator": "Exists"}]}


# --------------------------------------------------------------------------- apps/v1
def validate_replica_set(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    nonnegative(spec.get("replicas"), "spec.replicas", errs)
    nonnegative(spec.get("minReadySeconds"), "spec.minReadySeconds", errs)
    _selector_required(spec, errs, "empty selector is invalid for deployment")
    _template_for_controller(spec, _nothing_selector(spec.get("selector")), "spec.template", errs,
                             "ReplicaSet")
    return errs


def validate_deployment(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    nonnegative(spec.get("replicas"), "spec.replicas", errs)
    _selector_required(spec, errs, "empty selector is invalid for deployment")
    _template_for_controller(spec, _nothing_selector(spec.get("selector")), "spec.template", errs,
                             "ReplicaSet")
    _deployment_strategy(spec.get("strategy"), errs)
    nonnegative(spec.get("minReadySeconds"), "spec.minReadySeconds", errs)
    nonnegative(spec.get("revisionHistoryLimit"), "spec.revisionHistoryLimit", errs)
    deadline = spec.get("progressDeadlineSeconds")
    if is_int(deadline):
        nonnegative(deadline, "spec.progressDeadlineSeconds", errs)
        if deadline <= (spec.get("minReadySeconds") or 0):
            errs.invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds")
    return errs


def _go_strategy(strategy: dict, type_name: str, rolling_name: str) -> str:
    rolling = "(nil)" if strategy.get("rollingUpdate") is None else "{...}"
    return (f'apps.{type_name}{{Type:{go_value(strategy.get("type") or "")}, '
            f'RollingUpdate:(*apps.{rolling_name}){rolling}}}')


def _rolling_params(rolling: dict, path: str, errs: Errors, zero_message: str) -> None:
    unavailable, surge = rolling.get("maxUnavailable"), rolling.get("maxSurge")
    int_or_percent(unavailable, f"{path}.maxUnavailable", errs)
    int_or_percent(surge, f"{path}.maxSurge", errs)
    if int_or_percent_value(unavailable) == 0 and int_or_percent_value(surge) == 0:
        errs.append(raw_invalid(f"{path}.maxUnavailable", go_int_or_string(unavailable), zero_message))


def _deployment_strategy(strategy, errs: Errors) -> None:
    if not isinstance(strategy, dict):
        return
    stype = strategy.get("type")
    if stype == "Recreate":
        if strategy.get("rollingUpdate") is not None:
            errs.forbidden("spec.strategy.rollingUpdate",
                           "may not be specified when strategy `type` is 'Recreate'")
    elif stype == "RollingUpdate":
        rolling = strategy.get("rollingUpdate")
        if not isinstance(rolling, dict):
            errs.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil")
        else:
            _rolling_params(rolling, "spec.strategy.rollingUpdate", errs,
                            "may not be 0 when `maxSurge` is 0")
    else:
        errs.append(FieldErrorNotSupported("spec.strategy",
                                           _go_strategy(strategy, "DeploymentStrategy", "RollingUpdateDeployment"),
                                           ("Recreate", "RollingUpdate")))


def FieldErrorNotSupported(path: str, shown: str, supported) -> FieldError:
    quoted = ", ".join(f'"{s}"' for s in supported)
    return FieldError("Unsupported value", path, None, f"{shown}: supported values: {quoted}",
                      show_value=False)


def validate_daemon_set(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    selector = spec.get("selector")
    if selector is None:
        errs.required("spec.selector")
    validate_label_selector(selector, "spec.selector", errs)
    template = spec.get("template") if isinstance(spec.get("template"), dict) else {}
    if not selector_empty(selector):
        template_labels_match(_nothing_selector(selector), template, "spec.template", errs)
    if selector_empty(selector):
        errs.append(raw_invalid("spec.selector", go_label_selector(selector),
                                "empty selector is invalid for daemonset"))
    _template_for_controller(spec, None, "spec.template", errs, "DaemonSet", forbid_deadline_as="invalid")
    nonnegative(spec.get("minReadySeconds"), "spec.minReadySeconds", errs)
    strategy = spec.get("updateStrategy")
    if isinstance(strategy, dict):
        stype = strategy.get("type")
        if stype == "RollingUpdate":
            rolling = strategy.get("rollingUpdate")
            if not isinstance(rolling, dict):
                errs.required("spec.updateStrategy.rollingUpdate")
            else:
                _rolling_params(rolling, "spec.updateStrategy.rollingUpdate", errs,
                                "cannot be 0 when maxSurge is 0")
        elif stype != "OnDelete":
            errs.append(FieldErrorNotSupported(
                "spec.updateStrategy",
                _go_strategy(strategy, "DaemonSetUpdateStrategy", "RollingUpdateDaemonSet"),
                ("RollingUpdate", "OnDelete")))
    nonnegative(spec.get("revisionHistoryLimit"), "spec.revisionHistoryLimit", errs)
    return errs


def validate_stateful_set(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    policy = spec.get("podManagementPolicy")
    if not policy:
        errs.required("spec.podManagementPolicy")
    elif policy not in ("OrderedReady", "Parallel"):
        errs.invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'")
    strategy = spec.get("updateStrategy") if isinstance(spec.get("updateStrategy"), dict) else {}
    stype = strategy.get("type")
    if not stype:
        errs.required("spec.updateStrategy")
    elif stype == "OnDelete":
        if strategy.get("rollingUpdate") is not None:
            errs.invalid("spec.updateStrategy.rollingUpdate", strategy["rollingUpdate"],
                         "only allowed for updateStrategy 'RollingUpdate'")
    elif stype == "RollingUpdate":
        rolling = strategy.get("rollingUpdate")
        if isinstance(rolling, dict):
            nonnegative(rolling.get("partition"), "spec.updateStrategy.rollingUpdate.partition", errs)
            if rolling.get("maxUnavailable") is not None:
                int_or_percent(rolling["maxUnavailable"],
                               "spec.updateStrategy.rollingUpdate.maxUnavailable", errs)
    else:
        errs.invalid("spec.updateStrategy", strategy, "must be 'RollingUpdate' or 'OnDelete'")
    retention = spec.get("persistentVolumeClaimRetentionPolicy")
    if isinstance(retention, dict):
        for key in ("whenDeleted", "whenScaled"):
            value = retention.get(key)
            if value not in ("Retain", "Delete"):
                errs.not_supported(f"spec.persistentVolumeClaimRetentionPolicy.{key}", value,
                                   ("Retain", "Delete"))
    nonnegative(spec.get("replicas"), "spec.replicas", errs)
    nonnegative(spec.get("minReadySeconds"), "spec.minReadySeconds", errs)
    _selector_required(spec, errs, "empty selector is invalid for statefulset")
    _template_for_controller(spec, _nothing_selector(spec.get("selector")), "spec.template", errs,
                             "StatefulSet")
    for i, claim in children(spec, "volumeClaimTemplates"):
        md = claim.get("metadata") if isinstance(claim.get("metadata"), dict) else {}
        if not md.get("name"):
            errs.required(f"spec.volumeClaimTemplates[{i}].metadata.name")
    return errs


STATEFULSET_UPDATE_MESSAGE = ("updates to statefulset spec for fields other than 'replicas', "
                              "'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
                              "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")


def validate_stateful_set_update(new: dict, old: dict) -> Errors:
    errs = Errors()
    mutable = ("replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
               "persistentVolumeClaimRetentionPolicy", "minReadySeconds")
    new_rest = {k: v for k, v in _spec(new).items() if k not in mutable}
    old_rest = {k: v for k, v in _spec(old).items() if k not in mutable}
    if new_rest != old_rest:
        errs.forbidden("spec", STATEFULSET_UPDATE_MESSAGE)
    return errs


def validate_selector_update(new: dict, old: dict) -> Errors:
    """apps/v1 selectors are immutable after creation."""
    errs = Errors()
    new_sel, old_sel = _spec(new).get("selector"), _spec(old).get("selector")
    if new_sel != old_sel:
        errs.append(raw_invalid("spec.selector", go_label_selector(new_sel), "field is immutable"))
    return errs


# --------------------------------------------------------------------------- core/v1 RC
def validate_replication_controller(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    selector = spec.get("selector")
    if not selector:
        errs.required("spec.selector")
    else:
        validate_labels(selector, "spec.selector", errs)
    nonnegative(spec.get("replicas"), "spec.replicas", errs)
    nonnegative(spec.get("minReadySeconds"), "spec.minReadySeconds", errs)
    template = spec.get("template")
    if not isinstance(template, dict):
        errs.required("spec.template")
        return errs
    labels = (template.get("metadata") or {}).get("labels") if isinstance(template.get("metadata"), dict) else None
    if selector and not equality_selector_matches(selector, labels):
        errs.append(raw_invalid("spec.template.metadata.labels", go_value(labels or None),
                                "`selector` does not match template `labels`"))
    errs.extend(validate_pod_template(template, "spec.template"))
    restart = (template.get("spec") or {}).get("restartPolicy") if isinstance(template.get("spec"), dict) else None
    if restart and restart != "Always":
        errs.not_supported("spec.template.spec.restartPolicy", restart, ("Always",))
    if isinstance(template.get("spec"), dict) and template["spec"].get("activeDeadlineSeconds") is not None:
        errs.invalid("spec.template.spec.activeDeadlineSeconds", template["spec"]["activeDeadlineSeconds"],
                     "activeDeadlineSeconds in ReplicationController is not Supported")
    return errs


# --------------------------------------------------------------------------- batch/v1
def _validate_job_spec(spec: dict, path: str, errs: Errors) -> None:
    for key in ("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"):
        nonnegative(spec.get(key), f"{path}.{key}", errs)
    mode = spec.get("completionMode")
    if mode is not None and mode not in ("NonIndexed", "Indexed"):
        errs.not_supported(f"{path}.completionMode", mode, ("NonIndexed", "Indexed"))
    if mode == "Indexed" and spec.get("completions") is None:
        errs.required(f"{path}.completions", "when completion mode is Indexed")
    if spec.get("backoffLimitPerIndex") is not None and mode != "Indexed":
        errs.forbidden(f"{path}.backoffLimitPerIndex", "requires indexed completion mode")
    selector = spec.get("selector")
    if selector is not None:
        validate_label_selector(selector, f"{path}.selector", errs)
        template_labels_match(selector, spec.get("template"), f"{path}.template", errs)
    elif spec.get("manualSelector") is True:
        errs.required(f"{path}.selector")
    template = spec.get("template")
    if not isinstance(template, dict):
        errs.required(f"{path}.template")
        return
    errs.extend(validate_pod_template(template, f"{path}.template"))
    pod_spec = template.get("spec") if isinstance(template.get("spec"), dict) else {}
    restart = pod_spec.get("restartPolicy")
    if restart not in ("OnFailure", "Never"):
        if restart:
            errs.not_supported(f"{path}.template.spec.restartPolicy", restart, ("OnFailure", "Never"))
        else:
            errs.required(f"{path}.template.spec.restartPolicy", 'valid values: "OnFailure", "Never"')
    failure_policy = spec.get("podFailurePolicy")
    if isinstance(failure_policy, dict):
        if restart and restart != "Never":
            errs.invalid(f"{path}.template.spec.restartPolicy", restart,
                         'only "Never" is supported when podFailurePolicy is specified')
        actions = ("Count", "FailIndex", "FailJob", "Ignore")
        for i, rule in children(failure_policy, "rules"):
            action = rule.get("action")
            if action not in actions:
                errs.not_supported(f"{path}.podFailurePolicy.rules[{i}].action", action, actions)
            elif action == "FailIndex" and spec.get("backoffLimitPerIndex") is None:
                errs.forbidden(f"{path}.podFailurePolicy.rules[{i}].action",
                               "requires the backoffLimitPerIndex to be set")
    replacement = spec.get("podReplacementPolicy")
    if replacement is not None and replacement not in ("TerminatingOrFailed", "Failed"):
        errs.not_supported(f"{path}.podReplacementPolicy", replacement, ("Failed", "TerminatingOrFailed"))


def validate_job(obj: dict) -> Errors:
    errs = Errors()
    _validate_job_spec(_spec(obj), "spec", errs)
    return errs


def validate_job_update(new: dict, old: dict) -> Errors:
    errs = Errors()
    for key in ("completions", "selector", "template", "completionMode"):
        new_v, old_v = _spec(new).get(key), _spec(old).get(key)
        if key == "completions" and _spec(new).get("completionMode") == "Indexed":
            continue
        if new_v != old_v:
            shown = go_label_selector(new_v) if key == "selector" else None
            if shown is not None:
                errs.append(raw_invalid(f"spec.{key}", shown, "field is immutable"))
            elif isinstance(new_v, (dict, list)):
                errs.append(raw_invalid(f"spec.{key}", "core.PodTemplateSpec{...}", "field is immutable"))
            else:
                errs.invalid(f"spec.{key}", new_v, "field is immutable")
    return errs


def validate_cron_job(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    schedule = spec.get("schedule")
    if not schedule:
        errs.required("spec.schedule")
    elif isinstance(schedule, str):
        # validateScheduleFormat: robfig/cron's ParseStandard (k8scourse.api.cron), then no TZ prefix
        try:
            cron.parse(schedule)
        except cron.CronError as exc:
            errs.invalid("spec.schedule", schedule, str(exc))
        if "TZ" in schedule:
            errs.invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone "
                         "field instead")
    policy = spec.get("concurrencyPolicy")
    if policy not in ("Allow", "Forbid", "Replace"):
        errs.not_supported("spec.concurrencyPolicy", policy, ("Allow", "Forbid", "Replace"))
    for key in ("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        nonnegative(spec.get(key), f"spec.{key}", errs)
    job_template = spec.get("jobTemplate")
    if not isinstance(job_template, dict):
        errs.required("spec.jobTemplate")
        return errs
    md = job_template.get("metadata") if isinstance(job_template.get("metadata"), dict) else {}
    validate_labels(md.get("labels"), "spec.jobTemplate.metadata.labels", errs)
    job_spec = job_template.get("spec") if isinstance(job_template.get("spec"), dict) else {}
    _validate_job_spec(job_spec, "spec.jobTemplate.spec", errs)
    return errs


# --------------------------------------------------------------------------- autoscaling, policy
def validate_hpa(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    min_r, max_r = spec.get("minReplicas"), spec.get("maxReplicas")
    if is_int(min_r) and min_r < 1:
        errs.invalid("spec.minReplicas", min_r, "must be greater than or equal to 1")
    if is_int(max_r) and max_r < 1:
        errs.invalid("spec.maxReplicas", max_r, "must be greater than 0")
    if is_int(min_r) and is_int(max_r) and max_r < min_r:
        errs.invalid("spec.maxReplicas", max_r, "must be greater than or equal to `minReplicas`")
    ref = spec.get("scaleTargetRef") if isinstance(spec.get("scaleTargetRef"), dict) else {}
    if not ref.get("kind"):
        errs.required("spec.scaleTargetRef.kind")
    if not ref.get("name"):
        errs.required("spec.scaleTargetRef.name")
    metric_types = ("ContainerResource", "External", "Object", "Pods", "Resource")
    for i, metric in children(spec, "metrics"):
        mtype = metric.get("type")
        if mtype not in metric_types:
            errs.not_supported(f"spec.metrics[{i}].type", mtype, metric_types)
            continue
        key = mtype[0].lower() + mtype[1:]
        if not isinstance(metric.get(key), dict):
            errs.required(f"spec.metrics[{i}].{key}", "must populate information for the given metric source")
    return errs


def validate_pdb(obj: dict) -> Errors:
    errs = Errors()
    spec = _spec(obj)
    if spec.get("minAvailable") is not None and spec.get("maxUnavailable") is not None:
        errs.invalid("spec", spec, "minAvailable and maxUnavailable cannot be both set")
    for key in ("minAvailable", "maxUnavailable"):
        if spec.get(key) is not None:
            int_or_percent(spec[key], f"spec.{key}", errs)
    validate_label_selector(spec.get("selector"), "spec.selector", errs)
    policy = spec.get("unhealthyPodEvictionPolicy")
    if policy is not None and policy not in ("AlwaysAllow", "IfHealthyBudget"):
        errs.not_supported("spec.unhealthyPodEvictionPolicy", policy, ("AlwaysAllow", "IfHealthyBudget"))
    return errs
