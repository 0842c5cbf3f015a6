"""LimitRanger admission: a namespace's LimitRanges default and bound what pods and claims ask for.

Models plugin/pkg/admission/limitranger of Kubernetes 1.32, for every LimitRange in the namespace
(in name order):

* *mutating* (pod CREATE): each container and init container missing a request gets the
  ``type: Container`` item's ``defaultRequest``, and missing a limit gets its ``default``. The
  LimitRange's own API defaults are applied on the fly here too (``default`` falls back to ``max``,
  ``defaultRequest`` to ``default``, then to ``min``), so a range that says only ``max`` still fills
  in requests and limits as upstream. What was filled is recorded in the annotation
  ``kubernetes.io/limit-ranger: LimitRanger plugin set: cpu, memory request for container web; ...``.
  A request missing next to a given limit is not this plugin's business: API defaulting already made
  it equal to the limit.
* *validating* (pod CREATE; claim CREATE and UPDATE): ``min``, ``max`` and ``maxLimitRequestRatio``
  per ``Container`` (each container and init container), per ``Pod`` (the pod's effective requests
  and limits: containers summed, init containers by maximum) and per ``PersistentVolumeClaim``
  (``storage`` requests). All violations of one LimitRange are reported together, upstream's way::

      pods "x" is forbidden: minimum cpu usage per Container is 100m, but request is 50m
      pods "x" is forbidden: [maximum cpu usage per Container is 800m, but limit is 1500m, ...]

Pod updates are not checked (container resources are immutable, as upstream) and objects already
marked for deletion are left alone. Existing pods are never re-checked when a LimitRange changes.

Deliberate differences: request, limit and bound are compared exactly (upstream compares in
milli-units, or whole units past ~9.2e15); the order of messages is resource-name order (upstream's
is Go map order, i.e. random); the pod-level ``spec.resources`` of the alpha PodLevelResources
feature are ignored (off by default in 1.32).
"""

from __future__ import annotations

from ...api.objects import dig
from ...api.quantity import Quantity, QuantityError
from ...errors import APIError
from ...api.resources import parse_list, pod_limits, pod_requests
from .plugin import AdmissionPlugin, Attributes

ANNOTATION = "kubernetes.io/limit-ranger"


def _effective_item(item: dict) -> tuple[dict, dict]:
    """(default limits, default requests) of a ``Container`` item, after LimitRange defaulting."""
    default = dict(item.get("default") or {})
    for name, value in (item.get("max") or {}).items():
        default.setdefault(name, value)
    default_request = dict(item.get("defaultRequest") or {})
    for name, value in default.items():
        default_request.setdefault(name, value)
    for name, value in (item.get("min") or {}).items():
        default_request.setdefault(name, value)
    return default, default_request


def _canon(value) -> str:
    try:
        return str(Quantity.parse(value))
    except (QuantityError, ValueError):
        return str(value)


def _aggregate_message(errors: list[str]) -> str:
    """``utilerrors.NewAggregate(errs).Error()``: one message alone, several in brackets, deduped."""
    unique: list[str] = []
    for e in errors:
        if e not in unique:
            unique.append(e)
    return unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"


# --------------------------------------------------------------------------- constraints
def _min_constraint(kind: str, name: str, bound: Quantity, requests: dict, limits: dict) -> str | None:
    req, lim = requests.get(name), limits.get(name)
    if req is None:
        return f"minimum {name} usage per {kind} is {bound}.  No request is specified"
    if req < bound:
        return f"minimum {name} usage per {kind} is {bound}, but request is {req}"
    if lim is not None and lim < bound:
        return f"minimum {name} usage per {kind} is {bound}, but limit is {lim}"
    return None


def _max_constraint(kind: str, name: str, bound: Quantity, requests: dict, limits: dict) -> str | None:
    req, lim = requests.get(name), limits.get(name)
    if lim is None:
        return f"maximum {name} usage per {kind} is {bound}.  No limit is specified"
    if lim > bound:
        return f"maximum {name} usage per {kind} is {bound}, but limit is {lim}"
    if req is not None and req > bound:
        return f"maximum {name} usage per {kind} is {bound}, but request is {req}"
    return None


def _max_request_constraint(kind: str, name: str, bound: Quantity, requests: dict) -> str | None:
    req = requests.get(name)
    if req is None:
        return f"maximum {name} usage per {kind} is {bound}.  No request is specified"
    if req > bound:
        return f"maximum {name} usage per {kind} is {bound}, but request is {req}"
    return None


def _ratio_constraint(kind: str, name: str, bound: Quantity, requests: dict, limits: dict) -> str | None:
    req, lim = requests.get(name), limits.get(name)
    if req is None or req.is_zero():
        return (f"{name} max limit to request ratio per {kind} is {bound}, "
                "but no request is specified or request is 0")
    if lim is None or lim.is_zero():
        return (f"{name} max limit to request ratio per {kind} is {bound}, "
                "but no limit is specified or limit is 0")
    ratio = lim.as_fraction() / req.as_fraction()
    if ratio > bound.as_fraction():
        return f"{name} max limit to request ratio per {kind} is {bound}, but provided ratio is {float(ratio):f}"
    return None


def _check(kind: str, item: dict, requests: dict, limits: dict, errors: list[str]) -> None:
    for name, bound in sorted(parse_list(item.get("min")).items()):
        msg = _min_constraint(kind, name, bound, requests, limits)
        if msg:
            errors.append(msg)
    for name, bound in sorted(parse_list(item.get("max")).items()):
        msg = _max_constraint(kind, name, bound, requests, limits)
        if msg:
            errors.append(msg)
    for name, bound in sorted(parse_list(item.get("maxLimitRequestRatio")).items()):
        msg = _ratio_constraint(kind, name, bound, requests, limits)
        if msg:
            errors.append(msg)


def _containers(pod: dict) -> list[tuple[str, dict]]:
    spec = pod.get("spec") or {}
    return [("container", c) for c in spec.get("containers") or []] + \
           [("init container", c) for c in spec.get("initContainers") or []]


# --------------------------------------------------------------------------- the plugin
class LimitRanger(AdmissionPlugin):
    name = "LimitRanger"
    operations = ("CREATE", "UPDATE")

    def handles(self, attrs: Attributes) -> bool:
        if attrs.operation not in self.operations or attrs.subresource or attrs.object is None:
            return False
        if attrs.info.group or attrs.info.kind not in ("Pod", "PersistentVolumeClaim"):
            return False
        if attrs.info.kind == "Pod" and attrs.operation == "UPDATE":
            return False           # containers cannot change after creation
        if attrs.old_object is not None and dig(attrs.old_object, "metadata", "deletionTimestamp"):
            return False
        return True

    def _limit_ranges(self, namespace: str) -> list[dict]:
        return self.server.store.list("limitranges", namespace, copy=False)

    # -- mutating ------------------------------------------------------------------------------
    def admit(self, attrs: Attributes) -> None:
        if attrs.info.kind != "Pod":
            return
        for limit_range in self._limit_ranges(attrs.namespace):
            self._apply_defaults(limit_range, attrs.object)

    @staticmethod
    def _apply_defaults(limit_range: dict, pod: dict) -> None:
        limits: dict = {}
        requests: dict = {}
        for item in dig(limit_range, "spec", "limits", default=[]) or []:
            if item.get("type") == "Container":
                default, default_request = _effective_item(item)
                limits.update(default)
                requests.update(default_request)
        if not limits and not requests:
            return
        notes: list[str] = []
        for label, container in _containers(pod):
            resources = container.setdefault("resources", {})
            set_requests = _fill(resources, "requests", requests)
            set_limits = _fill(resources, "limits", limits)
            if set_requests:
                notes.append(f"{', '.join(sorted(set_requests))} request for {label} {container.get('name', '')}")
            if set_limits:
                notes.append(f"{', '.join(sorted(set_limits))} limit for {label} {container.get('name', '')}")
        if notes:
            annotations = pod.setdefault("metadata", {}).setdefault("annotations", {})
            annotations[ANNOTATION] = "LimitRanger plugin set: " + "; ".join(notes)

    # -- validating ----------------------------------------------------------------------------
    def validate(self, attrs: Attributes) -> None:
        for limit_range in self._limit_ranges(attrs.namespace):
            if attrs.info.kind == "Pod":
                errors = self._pod_errors(limit_range, attrs.object)
            else:
                errors = self._claim_errors(limit_range, attrs.object)
            if errors:
                raise APIError.forbidden(attrs.info.plural, attrs.name, _aggregate_message(errors))

    @staticmethod
    def _pod_errors(limit_range: dict, pod: dict) -> list[str]:
        errors: list[str] = []
        for item in dig(limit_range, "spec", "limits", default=[]) or []:
            kind = item.get("type")
            if kind == "Container":
                for _, container in _containers(pod):
                    _check(kind, item, parse_list(dig(container, "resources", "requests")),
                           parse_list(dig(container, "resources", "limits")), errors)
            elif kind == "Pod":
                _check(kind, item, pod_requests(pod, overhead=False), pod_limits(pod, overhead=False),
                       errors)
        return errors

    @staticmethod
    def _claim_errors(limit_range: dict, claim: dict) -> list[str]:
        errors: list[str] = []
        requests = parse_list(dig(claim, "spec", "resources", "requests"))
        for item in dig(limit_range, "spec", "limits", default=[]) or []:
            kind = item.get("type")
            if kind != "PersistentVolumeClaim":
                continue
            for name, bound in sorted(parse_list(item.get("min")).items()):
                msg = _min_constraint(kind, name, bound, requests, {})
                if msg:
                    errors.append(msg)
            for name, bound in sorted(parse_list(item.get("max")).items()):
                msg = _max_request_constraint(kind, name, bound, requests)
                if msg:
                    errors.append(msg)
        return errors


def _fill(resources: dict, field: str, defaults: dict) -> list[str]:
    """Copy defaults for names the container does not state; returns the names filled."""
    if not defaults:
        return []
    current = resources.get(field)
    if not isinstance(current, dict):
        current = resources[field] = {}
    filled = []
    for name, value in defaults.items():
        if name not in current:
            current[name] = _canon(value)
            filled.append(name)
    if not current:
        resources.pop(field, None)
    return filled
