"""The Deployment controller of kube-controller-manager.

Models pkg/controller/deployment. A Deployment owns ReplicaSets named ``<deployment>-<hash>``, one
per pod template it has had (:func:`.deployment_util.template_hash`; the hash is also a label of the
ReplicaSet, its selector, its template and so its pods). A reconcile pass (``syncDeployment``):

1. claims the namespace's ReplicaSets (adopts matching orphans, releases the ones it no longer
   selects); a deployment being deleted only refreshes its status;
2. records ``Progressing=Unknown`` ``DeploymentPaused`` / ``DeploymentResumed`` when ``spec.paused``
   flips; a paused deployment, or one whose ``replicas`` changed (a ReplicaSet's
   ``desired-replicas`` annotation disagrees), is only *scaled*: with one active ReplicaSet that one
   takes all replicas, during a rollout the change is spread proportionally to the ReplicaSets'
   sizes (leftovers to the largest) — no new ReplicaSet, no revision;
3. otherwise rolls out: **RollingUpdate** grows the new ReplicaSet while the total stays within
   ``replicas + maxSurge`` and shrinks old ones (first their unavailable pods, oldest ReplicaSet
   first) while ``replicas - maxUnavailable`` pods stay available; **Recreate** scales every old
   ReplicaSet to 0, waits until their pods are gone, then creates the new one at full size;
4. writes ``status`` (replicas, updated, ready, available, unavailable, observedGeneration) and the
   conditions ``Available`` (MinimumReplicasAvailable / MinimumReplicasUnavailable), ``Progressing``
   (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated, NewReplicaSetAvailable, or False
   ProgressDeadlineExceeded once ``progressDeadlineSeconds`` pass without progress — checked by a
   requeue on the simulated clock) and ``ReplicaFailure`` copied from a ReplicaSet;
5. once complete, deletes the oldest zero-sized ReplicaSets beyond ``revisionHistoryLimit``.

Revisions: the new ReplicaSet gets ``deployment.kubernetes.io/revision`` = highest old revision +
1 (so a rollback, which brings an old template back, re-issues that ReplicaSet under a new number
and keeps the old one in ``revision-history``), the deployment gets the same annotation, and the
deployment's other annotations (``kubernetes.io/change-cause``) are copied onto the new ReplicaSet.
Events: ``ScalingReplicaSet`` ``Scaled up replica set web-6b9d8c7f5d from 0 to 1``.

The scaling and rollout steps live in :mod:`.deployment_rollout`, the arithmetic (fenceposts,
hashes, revisions, proportions, progress) in :mod:`.deployment_util`.

Deliberate differences: the pod-template-hash value (see :mod:`.deployment_util`); no periodic
resync; the deprecated ``spec.rollbackTo`` (extensions/v1beta1) is not modelled — ``kubectl rollout
undo`` rolls back on the client side, as kubectl 1.32 does.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); controller = DeploymentController(api).start()
>>> _ = api.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {
...     "replicas": 2, "selector": {"matchLabels": {"app": "web"}}, "template": {
...         "metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}})
>>> api.sim.run(seconds=1)
>>> [(rs["metadata"]["name"][:4], rs["spec"]["replicas"], rs["metadata"]["annotations"][du.REVISION])
...  for rs in api.list("replicasets", "default")["items"]]
[('web-', 2, '1')]
"""

from __future__ import annotations


from .. import defaults
from ..api.labels import selector_from_label_selector
from ..api.objects import copy_json, dig
from ..errors import APIError
from . import deployment_util as du
from . import util
from .deployment_rollout import RolloutMixin
from .runtime import Controller


COMPONENT, USER = du.COMPONENT, du.USER


class DeploymentController(RolloutMixin, Controller):
    resource, kind, component = "deployments", "Deployment", COMPONENT
    owns = adopts = ("replicasets",)
    max_retries = defaults.CONTROLLER_MAX_RETRIES

    def watches(self) -> dict:
        return {"pods": self._on_pod}

    # ------------------------------------------------------------------ event handlers
    def _on_pod(self, event) -> None:
        """A pod gone may unblock a Recreate rollout: tell the deployment owning its ReplicaSet."""
        if not self.running or event.type != "DELETED":
            return
        ref = util.controller_of(event.object)
        if ref is None or ref.get("kind") != "ReplicaSet":
            return
        ns = dig(event.object, "metadata", "namespace", default="")
        rs = self.server.peek("replicasets", ref.get("name", ""), ns)
        owner = util.controller_of(rs) if rs is not None else None
        if owner is not None and owner.get("kind") == "Deployment":
            self.queue.add(f"{ns}/{owner.get('name', '')}")

    # ------------------------------------------------------------------ reconcile
    def _sync(self, d: dict) -> None:
        if dig(d, "spec", "selector") == {}:
            self.recorder.event(d, "Warning", "SelectingAll",
                                "This deployment is selecting all pods. A non-empty selector is required.",
                                COMPONENT)
            status = copy_json(d.get("status") or {})
            status["observedGeneration"] = dig(d, "metadata", "generation", default=0)
            self._write_status(d, status)
            return
        rss = self._replica_sets(d)
        if util.being_deleted(d):
            new, olds = self._new_and_old(d, rss, create=False)
            self._sync_status(d, olds + [new])
            return
        d = self._check_paused_conditions(d)
        if dig(d, "spec", "paused") or self._scaling_event(d, rss):
            self._scale_only(d, rss)
        elif du.is_rolling(d):
            self._rolling(d, rss)
        else:
            self._recreate(d, rss)

    def _replica_sets(self, d: dict) -> list[dict]:
        ns = d["metadata"].get("namespace", "")
        selector = selector_from_label_selector(dig(d, "spec", "selector"))
        candidates = self.server.store.list(self.server.info("replicasets").group_resource, ns, copy=False)
        return [copy_json(rs) for rs in util.claim(self.server, d, "replicasets", candidates,
                                                   lambda rs: selector.matches(dig(rs, "metadata", "labels",
                                                                                   default={})), USER)]

    def _check_paused_conditions(self, d: dict) -> dict:
        if not du.has_progress_deadline(d):
            return d
        status = copy_json(d.get("status") or {})
        cond = util.get_condition(status, "Progressing")
        if cond is not None and cond.get("reason") == "ProgressDeadlineExceeded":
            return d
        paused_cond = cond is not None and cond.get("reason") == "DeploymentPaused"
        if dig(d, "spec", "paused") and not paused_cond:
            util.set_condition(status, self._condition("Progressing", "Unknown", "DeploymentPaused",
                                                       "Deployment is paused"))
        elif not dig(d, "spec", "paused") and paused_cond:
            util.set_condition(status, self._condition("Progressing", "Unknown", "DeploymentResumed",
                                                       "Deployment is resumed"))
        else:
            return d
        return self._write_status(d, status)

    # ------------------------------------------------------------------ new and old ReplicaSets
    def _new_and_old(self, d: dict, rss: list[dict], create: bool) -> tuple[dict | None, list[dict]]:
        """``getAllReplicaSetsAndSyncRevision``: (new ReplicaSet or None, all old ones)."""
        existing = du.find_new(d, rss)
        olds = [rs for rs in rss if existing is None or rs["metadata"]["uid"] != existing["metadata"]["uid"]]
        new_revision = du.max_revision(olds) + 1
        if existing is not None:
            rs = copy_json(self.server.peek("replicasets", existing["metadata"]["name"],
                                            existing["metadata"]["namespace"]) or existing)
            changed = du.set_new_rs_annotations(d, rs, new_revision, exists=True)
            if changed or int(dig(rs, "spec", "minReadySeconds", default=0)) != \
                    int(dig(d, "spec", "minReadySeconds", default=0)):
                rs["spec"]["minReadySeconds"] = int(dig(d, "spec", "minReadySeconds", default=0))
                if not rs["spec"]["minReadySeconds"]:
                    rs["spec"].pop("minReadySeconds")
                rs = self.server.update(rs, user=USER, trusted=True)
            d.update(self._set_revision(d, dig(rs, "metadata", "annotations", du.REVISION, default="")))
            if du.has_progress_deadline(d) and util.get_condition(d.get("status") or {}, "Progressing") is None:
                status = copy_json(d.get("status") or {})
                util.set_condition(status, self._condition("Progressing", "True", "FoundNewReplicaSet",
                                                           f'Found new replica set "{rs["metadata"]["name"]}"'))
                d.update(self._write_status(d, status))
            return rs, olds
        if not create:
            return None, olds
        return self._create_new(d, olds, new_revision), olds

    def _create_new(self, d: dict, olds: list[dict], new_revision: int) -> dict | None:
        md = d["metadata"]
        template = copy_json(dig(d, "spec", "template", default={}))
        collisions = dig(d, "status", "collisionCount")
        pod_hash = du.template_hash(template, collisions)
        template.setdefault("metadata", {}).setdefault("labels", {})[du.HASH_LABEL] = pod_hash
        selector = copy_json(dig(d, "spec", "selector", default={}))
        selector.setdefault("matchLabels", {})[du.HASH_LABEL] = pod_hash
        name = f"{md['name']}-{pod_hash}"
        rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": {"name": name, "namespace": md.get("namespace", ""),
                           "labels": copy_json(template["metadata"]["labels"]),
                           "ownerReferences": [util.controller_ref(d)]},
              "spec": {"replicas": 0, "selector": selector, "template": template}}
        if dig(d, "spec", "minReadySeconds"):
            rs["spec"]["minReadySeconds"] = int(d["spec"]["minReadySeconds"])
        rs["spec"]["replicas"] = du.new_rs_replicas(d, olds + [rs], rs)
        du.set_new_rs_annotations(d, rs, new_revision, exists=False)
        try:
            created = self.server.create(rs, user=USER, trusted=True)
        except APIError as exc:
            if exc.reason == "AlreadyExists":
                found = self.server.peek("replicasets", name, md.get("namespace", ""))
                ref = util.controller_of(found) if found is not None else None
                if ref is not None and ref.get("uid") == md.get("uid") and \
                        du.equal_ignore_hash(dig(d, "spec", "template"), dig(found, "spec", "template")):
                    return copy_json(found)
                status = copy_json(d.get("status") or {})
                status["collisionCount"] = int(collisions or 0) + 1      # a hash collision: try again
                self._write_status(d, status)
                raise
            message = f'Failed to create new replica set "{name}": {exc.message}'
            if du.has_progress_deadline(d):
                status = copy_json(d.get("status") or {})
                util.set_condition(status, self._condition("Progressing", "False", "ReplicaSetCreateError", message))
                self._write_status(d, status)
            self.recorder.event(d, "Warning", "ReplicaSetCreateError", message, COMPONENT)
            raise
        if du.replicas(created):
            self.recorder.event(d, "Normal", "ScalingReplicaSet",
                                f"Scaled up replica set {name} from 0 to {du.replicas(created)}", COMPONENT)
        d.update(self._set_revision(d, str(new_revision)))
        if du.has_progress_deadline(d):
            status = copy_json(d.get("status") or {})
            util.set_condition(status, self._condition("Progressing", "True", "NewReplicaSetCreated",
                                                       f'Created new replica set "{name}"'))
            d.update(self._write_status(d, status))
        return created

    def _set_revision(self, d: dict, revision: str) -> dict:
        if not revision or dig(d, "metadata", "annotations", du.REVISION) == revision:
            return d
        body = copy_json(self.server.peek("deployments", d["metadata"]["name"], d["metadata"]["namespace"]) or d)
        body["metadata"].setdefault("annotations", {})[du.REVISION] = revision
        return self.server.update(body, user=USER, trusted=True)

    # ------------------------------------------------------------------ status
    def _condition(self, ctype: str, status: str, reason: str, message: str) -> dict:
        now = self.server.sim.clock.rfc3339()
        return {"type": ctype, "status": status, "lastUpdateTime": now, "lastTransitionTime": now,
                "reason": reason, "message": message}

    def _calculate_status(self, d: dict, rss: list[dict], new: dict | None) -> dict:
        rss = [rs for rs in rss if rs is not None]
        available = du.status_total(rss, "availableReplicas")
        status = copy_json(d.get("status") or {})
        for field, value in (("observedGeneration", dig(d, "metadata", "generation", default=0)),
                             ("replicas", du.status_total(rss)),
                             ("updatedReplicas", du.status_total([new] if new else [])),
                             ("readyReplicas", du.status_total(rss, "readyReplicas")),
                             ("availableReplicas", available),
                             ("unavailableReplicas", max(0, du.spec_total(rss) - available))):
            if value:
                status[field] = value
            else:
                status.pop(field, None)
        if available >= du.replicas(d) - du.max_unavailable(d):
            cond = self._condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
        else:
            cond = self._condition("Available", "False", "MinimumReplicasUnavailable",
                                   "Deployment does not have minimum availability.")
        util.set_condition(status, cond)
        return status

    def _sync_status(self, d: dict, rss: list[dict]) -> None:
        new = du.find_new(d, [rs for rs in rss if rs is not None])
        self._write_status(d, self._calculate_status(d, rss, new))

    def _sync_rollout_status(self, d: dict, rss: list[dict], new: dict | None) -> None:
        clock = self.server.sim.clock
        status = self._calculate_status(d, rss, new)
        if not du.has_progress_deadline(d):
            util.remove_condition(status, "Progressing")
        current = util.get_condition(status, "Progressing")
        subject = f'ReplicaSet "{new["metadata"]["name"]}"' if new is not None else f'Deployment "{d["metadata"]["name"]}"'
        done = int(status.get("replicas") or 0) == int(status.get("updatedReplicas") or 0) and \
            current is not None and current.get("reason") == "NewReplicaSetAvailable"
        if du.has_progress_deadline(d) and not done:
            if du.complete(d, status):
                util.set_condition(status, self._condition("Progressing", "True", "NewReplicaSetAvailable",
                                                           f"{subject} has successfully progressed."))
            elif du.progressing(d, status):
                cond = self._condition("Progressing", "True", "ReplicaSetUpdated", f"{subject} is progressing.")
                if current is not None:
                    if current.get("status") == "True":
                        cond["lastTransitionTime"] = current.get("lastTransitionTime")
                    util.remove_condition(status, "Progressing")
                util.set_condition(status, cond)
            elif du.timed_out(d, status, clock):
                util.set_condition(status, self._condition("Progressing", "False", "ProgressDeadlineExceeded",
                                                           f"{subject} has timed out progressing."))
        failure = None
        for rs in ([new] if new is not None else []) + [r for r in rss if r is not None and r is not new]:
            failure = util.get_condition(rs.get("status") or {}, "ReplicaFailure")
            if failure is not None:
                break
        if failure is not None:
            util.set_condition(status, {"type": "ReplicaFailure", "status": failure.get("status"),
                                        "lastUpdateTime": failure.get("lastTransitionTime"),
                                        "lastTransitionTime": failure.get("lastTransitionTime"),
                                        "reason": failure.get("reason"), "message": failure.get("message")})
        else:
            util.remove_condition(status, "ReplicaFailure")
        if status == (d.get("status") or {}):
            self._requeue_stuck(d, status)
            return
        self._write_status(d, status)

    def _requeue_stuck(self, d: dict, status: dict) -> None:
        """Look again when the progress deadline will have passed (plus a second, as upstream)."""
        if du.complete(d, status):
            return
        due = du.deadline_ms(d, d.get("status") or {}, self.server.sim.clock)
        if due is None:
            return
        after = due - self.server.sim.now_ms
        self.enqueue(d, after + 1000 if after >= 1000 else max(after, 0) + 5)

    def _write_status(self, d: dict, status: dict) -> dict:
        if status == (d.get("status") or {}):
            return d
        body = {"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": d["metadata"]["name"], "namespace": d["metadata"]["namespace"]},
                "status": status}
        return self.server.update_status(body, user=USER, resource="deployments")
