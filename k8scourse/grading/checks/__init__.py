"""The library of checks: each reads a :class:`~k8scourse.grading.view.View` and says how well
one requirement holds.

A check is a function ``(view, args) -> Outcome``: a score between 0 and 1 (most checks are
all-or-nothing; a few give proportional credit) and a message key of the catalogue with its
values, so feedback is rendered later in the learner's language. ``run_check`` turns it into a
:class:`CheckResult` with points; a check that raises scores 0 with ``grading.check.error``.

=========================  =====================================================================
type                       passes when
=========================  =====================================================================
``object``                 an object exists and its fields match (paths: :mod:`.paths`)
``deployment_ready``       a Deployment has N ready pods running a given image
``service_endpoints``      a Service has N ready endpoints (and, with ``answers``, a real request
                           to its cluster IP, through kube-proxy, is answered by a pod's program)
``rollout_history``        a Deployment's revisions include the expected images, current one X
``pods_spread``            a workload's ready pods sit on at least N nodes
``service_available``      a Service kept ≥ 1 ready endpoint since a mark (e.g. a node fault)
``replicas_reached``       a Deployment's replicas reached N (and came back) since a mark
``nodes_ready``            a cluster (or an AKS cluster) has N Ready nodes
``no_oom_or_eviction``     no pod was OOMKilled or evicted (the whole store history)
``requests_fit_nodes``     Σ requests ≤ allocatable on every node, no pod left Pending
``quota_within``           a namespace's ResourceQuota usage ≤ hard for every resource
``usage_under``            CPU or memory usage stayed ≤ X over the graded period
``cost_under``             node-hours (+ ACI) cost ≤ a budget
``hosts_packing``          a submitted containers-vs-VMs plan needs ≤ K hosts / ≤ $ a month
``az_resource``            ``az … show`` of a resource has the given fields
``http_answers``           an ACI container group's public address answers with a page
``access``                 a user may (and may not) use given verbs on a resource (:mod:`.access`)
``pod_api``                a workload's pod reads the API with its own token (:mod:`.access`)
``python``                 a function in a file beside the spec decides
=========================  =====================================================================
"""

from __future__ import annotations

from .base import CHECKS, CheckResult, Outcome, check, fail, ok, run_check
from . import access, cloud, objects, resources  # noqa: F401  (register the check types)

__all__ = ["CHECKS", "CheckResult", "Outcome", "check", "fail", "ok", "run_check"]
