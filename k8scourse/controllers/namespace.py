"""The namespace controller of kube-controller-manager: empties a namespace being deleted.

Models pkg/controller/namespace (the namespaced-resources deleter). ``kubectl delete namespace x``
only marks the namespace: the API server sets ``deletionTimestamp`` and ``status.phase: Terminating``
(from then on NamespaceLifecycle refuses new content: ``unable to create new content in namespace x
because it is being terminated``). This controller then, pass after pass:

1. deletes every object of every namespaced resource in the namespace (background propagation,
   as ``system:serviceaccount:kube-system:namespace-controller``);
2. counts what is left — pods still shutting down within their grace period, objects held by
   finalizers — and records it in the namespace's deletion conditions
   (``NamespaceContentRemaining``: ``Some resources are remaining: pods. has 2 resource instances``);
3. if something is left, looks again after ``estimate/2 + 1`` seconds (the estimate being the longest
   remaining pod grace period); once nothing is left, removes the ``kubernetes`` finalizer through the
   namespace's ``/finalize`` subresource, after which the API server deletes the namespace.

Timing (``k8scourse.defaults``): the first pass starts ``NAMESPACE_SYNC_DELAY_MS`` after the namespace
turned Terminating and every pass takes ``NAMESPACE_SWEEP_MS``, so an empty namespace disappears about
five seconds after the delete, as on a real cluster.

Deliberate differences: objects are deleted at the start of a pass rather than spread over it; no
discovery of aggregated APIs or custom resources beyond the built-in registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import defaults
from ..api.objects import copy_json, dig
from ..errors import APIError
from .runtime import Controller, Result
from .workqueue import default_controller_rate_limiter

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

USER = "system:serviceaccount:kube-system:namespace-controller"
COMPONENT = "namespace-controller"
FINALIZER = "kubernetes"

# The deletion conditions the controller maintains, with their "all is well" reason and message.
_CONDITIONS = (
    ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
    ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions",
     "All legacy kube types successfully parsed"),
    ("NamespaceDeletionContentFailure", "ContentDeleted",
     "All content successfully deleted, may be waiting on finalization"),
    ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
    ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
)


class NamespaceController(Controller):
    resource, kind, component = "namespaces", "Namespace", COMPONENT

    def __init__(self, server: "APIServer"):
        super().__init__(server)
        # Namespaces whose content has been swept at least once (a pass is over when it finds
        # nothing left).
        self._swept: set[str] = set()
        # Namespace -> simulated time before which its next pass may not start (a pass in flight).
        self._not_before: dict[str, int] = {}

    def rate_limiter(self):
        return default_controller_rate_limiter(defaults.NAMESPACE_RETRY_MAX_MS)

    def on_primary(self, event) -> None:
        if event.type == "DELETED":
            self._swept.discard(event.object["metadata"]["name"])
            self._not_before.pop(event.object["metadata"]["name"], None)
        elif self.running and _being_deleted(event.object):
            self.queue.add(event.object["metadata"]["name"], defaults.NAMESPACE_SYNC_DELAY_MS)

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, name: str) -> Result | None:
        ns = self.server.peek("namespaces", name)
        if ns is None or not _being_deleted(ns) or FINALIZER not in dig(ns, "spec", "finalizers", default=[]):
            return None
        now = self.server.sim.now_ms
        if now < self._not_before.get(name, 0):
            return Result(requeue_after_ms=self._not_before[name] - now)     # the current pass is not over
        remaining = self._content(name)
        if not remaining and name in self._swept:
            self._set_conditions(name, {})
            self._finalize(name)
            self._not_before.pop(name, None)
            return None
        failures = self._delete_all(name, remaining)
        self._swept.add(name)
        remaining = self._content(name)
        self._set_conditions(name, self._problems(remaining, failures))
        self.server.sim.record("kube-controller-manager", "sync", f"namespaces/{name}",
                               f"{COMPONENT}: {sum(len(v) for v in remaining.values())} objects left")
        wait = defaults.NAMESPACE_SWEEP_MS
        estimate_s = self._estimate_seconds(remaining)
        if estimate_s:
            wait = max(wait, (estimate_s // 2) * 1000 + defaults.NAMESPACE_RECHECK_MS)
        self._not_before[name] = now + wait
        return Result(requeue_after_ms=wait)

    def _content(self, namespace: str) -> dict[str, list[dict]]:
        """Every object stored in the namespace, by resource (in registry order)."""
        out: dict[str, list[dict]] = {}
        for info in self.server.registry:
            if not info.namespaced or "delete" not in info.verbs:
                continue
            items = self.server.store.list(info.group_resource, namespace, copy=False)
            if items:
                out[info.group_resource] = items
        return out

    def _delete_all(self, namespace: str, content: dict[str, list[dict]]) -> list[str]:
        failures = []
        for resource, items in content.items():
            for obj in items:
                if dig(obj, "metadata", "deletionTimestamp"):
                    continue
                try:
                    self.server.delete(resource, obj["metadata"]["name"], namespace, user=USER)
                except APIError as exc:
                    if exc.reason != "NotFound":
                        failures.append(f"{resource}: {exc.message}")
        return failures

    def _estimate_seconds(self, remaining: dict[str, list[dict]]) -> int:
        """The longest grace period still to run among pods shutting down."""
        clock, now = self.server.sim.clock, self.server.sim.now_ms
        estimate = 0
        for pod in remaining.get("pods", []):
            stamp = dig(pod, "metadata", "deletionTimestamp")
            if stamp:
                estimate = max(estimate, max(0, clock.sim_ms(stamp) - now) // 1000)
        return estimate

    @staticmethod
    def _problems(remaining: dict[str, list[dict]], failures: list[str]) -> dict[str, tuple[str, str]]:
        """Condition type -> (reason, message) for each condition that is not "all is well"."""
        problems: dict[str, tuple[str, str]] = {}
        if failures:
            problems["NamespaceDeletionContentFailure"] = (
                "ContentDeletionFailed",
                f"Failed to delete all resource types, {len(failures)} remaining: "
                f"{', '.join(sorted(failures))}")
        if remaining:
            counts = []
            for resource, items in remaining.items():
                plural, _, group = resource.partition(".")
                counts.append(f"{plural}.{group} has {len(items)} resource instances")
            problems["NamespaceContentRemaining"] = (
                "SomeResourcesRemain", f"Some resources are remaining: {', '.join(sorted(counts))}")
        by_finalizer: dict[str, int] = {}
        for items in remaining.values():
            for obj in items:
                for finalizer in dig(obj, "metadata", "finalizers", default=[]):
                    by_finalizer[finalizer] = by_finalizer.get(finalizer, 0) + 1
        if by_finalizer:
            held = sorted(f"{f} in {n} resource instances" for f, n in by_finalizer.items())
            problems["NamespaceFinalizersRemaining"] = (
                "SomeFinalizersRemain",
                f"Some content in the namespace has finalizers remaining: {', '.join(held)}")
        return problems

    def _set_conditions(self, name: str, problems: dict[str, tuple[str, str]]) -> None:
        ns = self.server.peek("namespaces", name)
        if ns is None:
            return
        status = copy_json(ns.get("status") or {})
        conditions = status.setdefault("conditions", [])
        now = self.server.sim.clock.rfc3339()
        changed = False
        for ctype, ok_reason, ok_message in _CONDITIONS:
            failing = ctype in problems
            reason, message = problems[ctype] if failing else (ok_reason, ok_message)
            wanted = "True" if failing else "False"
            current = next((c for c in conditions if c.get("type") == ctype), None)
            if current is None:
                conditions.append({"type": ctype, "status": wanted, "lastTransitionTime": now,
                                   "reason": reason, "message": message})
                changed = True
            elif (current.get("status"), current.get("reason"), current.get("message")) != \
                    (wanted, reason, message):
                if current.get("status") != wanted:
                    current["lastTransitionTime"] = now
                current.update(status=wanted, reason=reason, message=message)
                changed = True
        if changed:
            self.server.update_status({"apiVersion": "v1", "kind": "Namespace",
                                       "metadata": {"name": name}, "status": status},
                                      user=USER, resource="namespaces")

    def _finalize(self, name: str) -> None:
        ns = self.server.peek("namespaces", name)
        if ns is None:
            return
        body = copy_json(ns)
        body["spec"]["finalizers"] = [f for f in dig(ns, "spec", "finalizers", default=[]) if f != FINALIZER]
        self.server.finalize_namespace(body, user=USER)
        self._swept.discard(name)


def _being_deleted(ns: dict) -> bool:
    return bool(dig(ns, "metadata", "deletionTimestamp")) or dig(ns, "status", "phase") == "Terminating"
