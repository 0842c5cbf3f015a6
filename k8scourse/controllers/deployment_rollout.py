"""How a Deployment moves its ReplicaSets: scaling, RollingUpdate, Recreate, history clean-up.

The rollout half of pkg/controller/deployment (``sync.go``, ``rolling.go``, ``recreate.go``), a
mixin of :class:`~k8scourse.controllers.deployment.DeploymentController`:

* **scaling** (``sync``/``scale``) — a paused deployment, or one whose ``replicas`` changed, only
  resizes: one active ReplicaSet takes all replicas; during a rollout the difference to
  ``replicas + maxSurge`` is shared in proportion to each ReplicaSet's size as recorded in its
  ``max-replicas`` annotation (biggest first, rounding to nearest, leftovers to the biggest);
* **RollingUpdate** (``rolloutRolling``) — grow the new ReplicaSet up to ``replicas + maxSurge``
  pods in total; otherwise shrink old ReplicaSets (oldest first), first by their unavailable pods
  within ``total - minAvailable - new unavailable``, then healthy pods while more than
  ``replicas - maxUnavailable`` stay available;
* **Recreate** (``rolloutRecreate``) — old ReplicaSets to 0, wait until none of their pods exist,
  then create the new ReplicaSet at full size;
* **clean-up** — once complete, zero-sized old ReplicaSets beyond ``revisionHistoryLimit`` are
  deleted, lowest revision first.

>>> d = {"spec": {"replicas": 3, "strategy": {"type": "RollingUpdate",
...      "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}}}
>>> old = {"spec": {"replicas": 3}}; new = {"spec": {"replicas": 0}}
>>> du.new_rs_replicas(d, [old, new], new)       # the doc's first step: the new ReplicaSet to 1
1
"""

from __future__ import annotations

from ..api.objects import copy_json, dig
from ..errors import APIError
from . import deployment_util as du
from . import util

COMPONENT, USER = du.COMPONENT, du.USER


class RolloutMixin:
    """Scaling and rollout steps; the host class provides ``server``, ``recorder``,
    ``_new_and_old``, ``_sync_status`` and ``_sync_rollout_status``."""

    # ------------------------------------------------------------------ scaling
    def _scale(self, rs: dict, size: int, d: dict) -> dict:
        """Set a ReplicaSet's size (and its desired/max-replicas annotations); returns it as stored."""
        current = self.server.peek("replicasets", rs["metadata"]["name"], rs["metadata"]["namespace"])
        if current is None:
            return rs
        old = du.replicas(current)
        body = copy_json(current)
        body["spec"]["replicas"] = max(0, size)
        du.set_replicas_annotations(body, du.replicas(d), du.replicas(d) + du.max_surge(d))
        if body == current:
            return body
        stored = self.server.update(body, user=USER, trusted=True)
        if old != size:
            verb = "up" if size > old else "down"
            self.recorder.event(d, "Normal", "ScalingReplicaSet",
                                f"Scaled {verb} replica set {rs['metadata']['name']} from {old} to {size}", COMPONENT)
        return stored

    def _scaling_event(self, d: dict, rss: list[dict]) -> bool:
        new, olds = self._new_and_old(d, rss, create=False)
        for rs in du.active(olds + [new]):
            desired = du.annotation_int(rs, du.DESIRED_REPLICAS)
            if desired is not None and desired != du.replicas(d):
                return True
        return False

    def _scale_only(self, d: dict, rss: list[dict]) -> None:
        """``sync``: scale (proportionally during a rollout) without rolling anything out."""
        new, olds = self._new_and_old(d, rss, create=False)
        new, olds = self._scale_proportionally(d, new, olds)
        if dig(d, "spec", "paused"):
            self._cleanup(d, olds)
        self._sync_status(d, olds + [new])

    def _scale_proportionally(self, d: dict, new: dict | None, olds: list[dict]):
        want = du.replicas(d)
        everything = olds + ([new] if new is not None else [])
        actives = du.active(everything)
        target = None
        if len(actives) == 1:
            target = actives[0]
        elif not actives and everything:
            target = new if new is not None else du.by_creation(olds)[-1]
        if target is not None:
            return self._replace(new, olds, self._scale(target, want, d) if du.replicas(target) != want else target)
        if du.is_saturated(d, new):
            for rs in du.active(olds):
                new, olds = self._replace(new, olds, self._scale(rs, 0, d))
            return new, olds
        if not du.is_rolling(d):
            return new, olds
        allowed = want + du.max_surge(d) if want > 0 else 0
        to_add = allowed - du.spec_total(actives)
        if to_add > 0:       # biggest first; newer first among equals
            order = sorted(actives, key=lambda r: dig(r, "metadata", "creationTimestamp", default=""), reverse=True)
        else:                # biggest first; older first among equals
            order = sorted(actives, key=lambda r: dig(r, "metadata", "creationTimestamp", default=""))
        order.sort(key=du.replicas, reverse=True)
        sizes, added = {}, 0
        for rs in order:
            share = du.proportion(rs, d, to_add, added) if to_add else 0
            sizes[rs["metadata"]["uid"]] = du.replicas(rs) + share
            added += share
        for i, rs in enumerate(order):
            size = sizes[rs["metadata"]["uid"]]
            if i == 0 and to_add:
                size = max(0, size + to_add - added)       # leftovers to the largest
            new, olds = self._replace(new, olds, self._scale(rs, size, d))
        return new, olds

    @staticmethod
    def _replace(new, olds, rs):
        uid = rs["metadata"]["uid"]
        if new is not None and new["metadata"]["uid"] == uid:
            return rs, olds
        return new, [rs if o["metadata"]["uid"] == uid else o for o in olds]

    # ------------------------------------------------------------------ rollouts
    def _rolling(self, d: dict, rss: list[dict]) -> None:
        new, olds = self._new_and_old(d, rss, create=True)
        if new is None:
            return
        want = du.replicas(d)
        # Grow (or trim) the new ReplicaSet.
        size = du.replicas(new)
        target = want if size > want else (du.new_rs_replicas(d, olds + [new], new) if size < want else size)
        if target != size:
            new = self._scale(new, target, d)
            self._sync_rollout_status(d, olds + [new], new)
            return
        # Shrink old ReplicaSets while enough pods stay available.
        if self._shrink_old(d, new, olds):
            self._sync_rollout_status(d, self._fresh(olds) + [new], new)
            return
        if du.complete(d, d.get("status") or {}):
            self._cleanup(d, olds)
        self._sync_rollout_status(d, olds + [new], new)

    def _fresh(self, rss: list[dict]) -> list[dict]:
        found = [self.server.peek("replicasets", rs["metadata"]["name"], rs["metadata"]["namespace"]) for rs in rss]
        return [copy_json(rs) for rs in found if rs is not None]

    def _shrink_old(self, d: dict, new: dict, olds: list[dict]) -> bool:
        """``reconcileOldReplicaSets``: first unhealthy old pods, then healthy ones, oldest RS first."""
        old_active = du.by_creation(du.active(olds))
        if du.spec_total(old_active) == 0:
            return False
        min_available = du.replicas(d) - du.max_unavailable(d)
        new_unavailable = du.replicas(new) - int(dig(new, "status", "availableReplicas", default=0))
        budget = du.spec_total(old_active + [new]) - min_available - new_unavailable
        if budget <= 0:
            return False
        scaled, cleaned = 0, []
        for rs in old_active:                  # unavailable pods of old ReplicaSets go first
            unhealthy = du.replicas(rs) - int(dig(rs, "status", "availableReplicas", default=0))
            if scaled < budget and du.replicas(rs) and unhealthy > 0:
                count = min(budget - scaled, unhealthy)
                rs = self._scale(rs, du.replicas(rs) - count, d)
                scaled += count
            cleaned.append(rs)
        available = du.status_total(cleaned + [new], "availableReplicas")
        if available > min_available:
            remaining = available - min_available
            for rs in cleaned:
                if remaining <= 0:
                    break
                if not du.replicas(rs):
                    continue
                count = min(du.replicas(rs), remaining)
                self._scale(rs, du.replicas(rs) - count, d)
                remaining -= count
                scaled += count
        return scaled > 0

    def _recreate(self, d: dict, rss: list[dict]) -> None:
        new, olds = self._new_and_old(d, rss, create=False)
        scaled = False
        for rs in du.active(olds):
            self._scale(rs, 0, d)
            scaled = True
        if scaled:
            olds = self._fresh(olds)
            self._sync_rollout_status(d, olds + [new], new)
            return
        if self._old_pods_running(new, olds):
            self._sync_rollout_status(d, olds + [new], new)
            return
        if new is None:
            new, olds = self._new_and_old(d, self._fresh(rss), create=True)
        if new is not None and du.replicas(new) != du.replicas(d):
            new = self._scale(new, du.replicas(d), d)
        if du.complete(d, d.get("status") or {}):
            self._cleanup(d, olds)
        self._sync_rollout_status(d, olds + [new], new)

    def _old_pods_running(self, new: dict | None, olds: list[dict]) -> bool:
        if du.status_total(olds) > 0:
            return True
        uids = {rs["metadata"]["uid"] for rs in olds}
        ns = (olds[0] if olds else new or {"metadata": {}})["metadata"].get("namespace", "")
        for pod in self.server.store.list("pods", ns, copy=False):
            if (util.controller_of(pod) or {}).get("uid") in uids and \
                    dig(pod, "status", "phase") not in ("Succeeded", "Failed"):
                return True
        return False

    def _cleanup(self, d: dict, olds: list[dict]) -> None:
        """Delete the oldest zero-sized ReplicaSets beyond ``revisionHistoryLimit``."""
        limit = dig(d, "spec", "revisionHistoryLimit")
        if limit is None:
            return
        alive = [rs for rs in olds if not util.being_deleted(rs)]
        surplus = len(alive) - int(limit)
        if surplus <= 0:
            return
        alive.sort(key=lambda r: (du.revision(r), dig(r, "metadata", "creationTimestamp", default="")))
        for rs in alive[:surplus]:
            if dig(rs, "status", "replicas", default=0) or du.replicas(rs) or \
                    dig(rs, "metadata", "generation", default=0) > dig(rs, "status", "observedGeneration", default=0):
                continue
            try:
                self.server.delete("replicasets", rs["metadata"]["name"], rs["metadata"]["namespace"], user=USER)
            except APIError as exc:
                if exc.reason != "NotFound":
                    raise
