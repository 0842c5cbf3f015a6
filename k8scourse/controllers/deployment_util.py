"""The arithmetic of Deployments: fenceposts, template hashes, revisions, proportions, progress.

Models pkg/controller/deployment/util (deployment_util.go) as pure functions over objects in
their JSON shape, so that the controller (:mod:`.deployment`) reads as the rollout algorithm and
these can be checked one by one:

>>> resolve_fenceposts("25%", "25%", 3), resolve_fenceposts("25%", "25%", 10), resolve_fenceposts(0, "10%", 3)
((1, 0), (3, 2), (0, 1))
>>> d = {"spec": {"replicas": 10, "strategy": {"type": "RollingUpdate",
...      "rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}}}
>>> max_surge(d), max_unavailable(d)
(3, 2)
>>> template_hash({"metadata": {"labels": {"app": "web"}}, "spec": {"containers": []}})
'5559847b68'

**pod-template-hash.** See :mod:`k8scourse.api.hashing` for how it is computed and how it differs.
"""

from __future__ import annotations

import math

from ..api.hashing import object_hash
from ..api.objects import copy_json, dig

COMPONENT = "deployment-controller"
USER = "system:serviceaccount:kube-system:deployment-controller"
HASH_LABEL = "pod-template-hash"
REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
CHANGE_CAUSE = "kubernetes.io/change-cause"
# Deployment annotations never copied onto its ReplicaSets (upstream annotationsToSkip).
SKIP_ANNOTATIONS = frozenset({
    "kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY, DESIRED_REPLICAS,
    MAX_REPLICAS, "deprecated.deployment.rollback.to"})
REVISION_HISTORY_MAX_CHARS = 2000
MAX_INT32 = 2 ** 31 - 1


# --------------------------------------------------------------------------- surge / unavailable
def scaled_value(value, total: int, round_up: bool) -> int:
    """``intstr.GetScaledValueFromIntOrPercent``: ``3`` → 3, ``"25%"`` of 10 → 3 (up) or 2 (down)."""
    if isinstance(value, str):
        if not value.endswith("%") or not value[:-1].strip().lstrip("-").isdigit():
            raise ValueError(f"invalid value for IntOrString: invalid value {value!r}: must be an integer "
                             "or percentage (e.g '5%')")
        percent = int(value[:-1])
        return -(-percent * total // 100) if round_up else percent * total // 100
    return int(value or 0)


def resolve_fenceposts(surge, unavailable, replicas: int) -> tuple[int, int]:
    """(maxSurge, maxUnavailable) as numbers; both 0 would stall a rollout, so unavailable is 1."""
    s = scaled_value(surge if surge is not None else 0, replicas, True)
    u = scaled_value(unavailable if unavailable is not None else 0, replicas, False)
    if s == 0 and u == 0:
        u = 1
    return s, u


def is_rolling(d: dict) -> bool:
    return dig(d, "spec", "strategy", "type", default="RollingUpdate") == "RollingUpdate"


def _fenceposts(d: dict) -> tuple[int, int]:
    ru = dig(d, "spec", "strategy", "rollingUpdate", default={})
    return resolve_fenceposts(ru.get("maxSurge", "25%"), ru.get("maxUnavailable", "25%"), replicas(d))


def replicas(obj: dict) -> int:
    return int(dig(obj, "spec", "replicas", default=1))


def max_surge(d: dict) -> int:
    return _fenceposts(d)[0] if is_rolling(d) else 0


def max_unavailable(d: dict) -> int:
    if not is_rolling(d) or replicas(d) == 0:
        return 0
    return min(_fenceposts(d)[1], replicas(d))


# --------------------------------------------------------------------------- templates
def template_hash(template: dict, collision_count: int | None = None) -> str:
    """The ``pod-template-hash`` of a template (:func:`k8scourse.api.hashing.object_hash`)."""
    return object_hash(template, collision_count)


def without_hash(template: dict) -> dict:
    t = copy_json(template or {})
    labels = dig(t, "metadata", "labels")
    if isinstance(labels, dict):
        labels.pop(HASH_LABEL, None)
    return t


def equal_ignore_hash(a: dict, b: dict) -> bool:
    return without_hash(a) == without_hash(b)


# --------------------------------------------------------------------------- replica sets
def revision(obj: dict) -> int:
    try:
        return int(dig(obj, "metadata", "annotations", REVISION, default="0"))
    except ValueError:
        return 0


def max_revision(rss: list[dict]) -> int:
    return max([revision(rs) for rs in rss] or [0])


def by_creation(rss: list[dict]) -> list[dict]:
    return sorted(rss, key=lambda r: (dig(r, "metadata", "creationTimestamp", default=""),
                                      dig(r, "metadata", "name", default="")))


def find_new(d: dict, rss: list[dict]) -> dict | None:
    """The oldest ReplicaSet whose template equals the deployment's (ignoring the hash label)."""
    want = without_hash(dig(d, "spec", "template", default={}))
    return next((rs for rs in by_creation(rss) if without_hash(dig(rs, "spec", "template", default={})) == want),
                None)


def active(rss: list[dict]) -> list[dict]:
    return [rs for rs in rss if rs is not None and replicas(rs) > 0]


def spec_total(rss: list[dict]) -> int:
    return sum(replicas(rs) for rs in rss if rs is not None)


def status_total(rss: list[dict], field: str = "replicas") -> int:
    return sum(int(dig(rs, "status", field, default=0)) for rs in rss if rs is not None)


def new_rs_replicas(d: dict, all_rss: list[dict], new_rs: dict) -> int:
    """``NewRSNewReplicas``: how far the new ReplicaSet may grow now."""
    if not is_rolling(d):
        return replicas(d)
    current = spec_total(all_rss)
    ceiling = replicas(d) + max_surge(d)
    if current >= ceiling:
        return replicas(new_rs)
    return replicas(new_rs) + min(ceiling - current, replicas(d) - replicas(new_rs))


def annotation_int(rs: dict, key: str) -> int | None:
    try:
        return int(dig(rs, "metadata", "annotations", key))
    except (TypeError, ValueError):
        return None


def is_saturated(d: dict, rs: dict | None) -> bool:
    return rs is not None and replicas(rs) == replicas(d) and annotation_int(rs, DESIRED_REPLICAS) == replicas(d) \
        and int(dig(rs, "status", "availableReplicas", default=0)) == replicas(d)


def proportion(rs: dict, d: dict, to_add: int, added: int) -> int:
    """``GetProportion``: this ReplicaSet's share of ``to_add`` when a rollout is scaled."""
    if rs is None or replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    if replicas(d) == 0:
        fraction = -replicas(rs)
    else:
        was = annotation_int(rs, MAX_REPLICAS)
        if was is None:
            was = int(dig(d, "status", "replicas", default=0))
        size = replicas(rs) * (replicas(d) + max_surge(d)) / was if was else replicas(rs)
        fraction = int(math.floor(size + 0.5)) - replicas(rs)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def set_replicas_annotations(rs: dict, desired: int, maximum: int) -> bool:
    annotations = rs.setdefault("metadata", {}).setdefault("annotations", {})
    changed = False
    for key, value in ((DESIRED_REPLICAS, str(desired)), (MAX_REPLICAS, str(maximum))):
        if annotations.get(key) != value:
            annotations[key] = value
            changed = True
    return changed


def set_new_rs_annotations(d: dict, rs: dict, new_revision: int, exists: bool) -> bool:
    """Copy the deployment's annotations, raise the revision (keeping the old one in
    ``revision-history`` when a ReplicaSet comes back by a rollback); True if anything changed."""
    annotations = rs.setdefault("metadata", {}).setdefault("annotations", {})
    changed = False
    for key, value in (dig(d, "metadata", "annotations", default={}) or {}).items():
        if key not in SKIP_ANNOTATIONS and annotations.get(key) != value:
            annotations[key] = value
            changed = True
    old = annotations.get(REVISION)
    try:
        old_int = int(old) if old is not None else 0
    except ValueError:
        return changed
    if old_int < new_revision:
        annotations[REVISION] = str(new_revision)
        changed = True
        if old is not None:
            history = [h for h in annotations.get(REVISION_HISTORY, "").split(",") if h] + [old]
            while len(",".join(history)) > REVISION_HISTORY_MAX_CHARS:
                history.pop(0)
            annotations[REVISION_HISTORY] = ",".join(history)
    if not exists and set_replicas_annotations(rs, replicas(d), replicas(d) + max_surge(d)):
        changed = True
    return changed


# --------------------------------------------------------------------------- progress
def has_progress_deadline(d: dict) -> bool:
    value = dig(d, "spec", "progressDeadlineSeconds")
    return value is not None and int(value) != MAX_INT32


def complete(d: dict, status: dict) -> bool:
    want = replicas(d)
    return (int(status.get("updatedReplicas") or 0) == want and int(status.get("replicas") or 0) == want
            and int(status.get("availableReplicas") or 0) == want
            and int(status.get("observedGeneration") or 0) >= int(dig(d, "metadata", "generation", default=0)))


def progressing(d: dict, new_status: dict) -> bool:
    """More updated or available replicas, or fewer old ones, than the stored status says."""
    old = d.get("status") or {}

    def n(st, key):
        return int(st.get(key) or 0)
    return (n(new_status, "updatedReplicas") > n(old, "updatedReplicas")
            or n(new_status, "availableReplicas") > n(old, "availableReplicas")
            or n(new_status, "replicas") - n(new_status, "updatedReplicas") < n(old, "replicas") - n(old, "updatedReplicas"))


def deadline_ms(d: dict, status: dict, clock) -> int | None:
    """Simulated ms at which the Progressing condition's last update is ``progressDeadlineSeconds``
    old (None when no deadline is being watched)."""
    if not has_progress_deadline(d):
        return None
    cond = next((c for c in status.get("conditions") or [] if c.get("type") == "Progressing"), None)
    if cond is None or cond.get("reason") in ("NewReplicaSetAvailable", "ProgressDeadlineExceeded"):
        return None
    since = cond.get("lastUpdateTime")
    if not since:
        return None
    return clock.sim_ms(since) + int(d["spec"]["progressDeadlineSeconds"]) * 1000


def timed_out(d: dict, status: dict, clock) -> bool:
    cond = next((c for c in status.get("conditions") or [] if c.get("type") == "Progressing"), None)
    if not has_progress_deadline(d) or cond is None:
        return False
    if cond.get("reason") == "ProgressDeadlineExceeded":
        return True
    due = deadline_ms(d, status, clock)
    return due is not None and due < clock.now_ms
