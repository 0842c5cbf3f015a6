"""The StatefulSet controller of kube-controller-manager: pods with a stable identity and storage.

Models pkg/controller/statefulset. A StatefulSet ``web`` with ``replicas: 3`` owns the pods
``web-0``, ``web-1``, ``web-2`` — hostname = pod name, ``subdomain`` = ``serviceName`` (so the
headless Service gives each one the DNS name ``web-0.nginx.default.svc.cluster.local``), labels
``statefulset.kubernetes.io/pod-name``, ``apps.kubernetes.io/pod-index`` and
``controller-revision-hash: <revision name>`` — and, for every ``volumeClaimTemplates`` entry
``www``, the claims ``www-web-0`` … created before the pod and kept when the pod or the set goes
(``persistentVolumeClaimRetentionPolicy`` ``Retain``; ``Delete`` gives the claims an owner
reference to the set — ``whenDeleted`` — or to the condemned pod — ``whenScaled`` — so the
garbage collector takes them). A reconcile pass (``updateStatefulSet``):

1. syncs the ControllerRevisions (:mod:`.history`): ``updateRevision`` is the current template's,
   ``currentRevision`` the one the pods ran before (the same when none did);
2. walks ordinals ``0 … replicas-1``: a failed or succeeded pod is deleted to be re-created; a
   missing one is created (from the current revision below ``partition``, else the update
   revision). With **OrderedReady** (the default) it stops at the first pod that is not yet
   Running and Ready (``minReadySeconds``: available) or is terminating — so pods start one at a
   time, in order; with **Parallel** it never waits;
3. removes pods with ordinals beyond ``replicas``, highest first (OrderedReady: one at a time,
   only while every other pod is healthy);
4. **RollingUpdate**: from the highest ordinal down to ``partition``, deletes one pod that runs an
   old revision, and waits until the replacement is Running and Ready before the next;
   **OnDelete**: only pods the user deletes come back updated;
5. writes ``status`` (``replicas``, ``readyReplicas``, ``availableReplicas``, ``currentReplicas``,
   ``updatedReplicas``, ``currentRevision``, ``updateRevision``, ``collisionCount``,
   ``observedGeneration``); once every pod runs the update revision and is ready,
   ``currentRevision`` becomes ``updateRevision``.

Events, as upstream: ``SuccessfulCreate`` "create Claim www-web-0 Pod web-0 in StatefulSet web
success", "create Pod web-0 in StatefulSet web successful"; ``SuccessfulDelete`` "delete Pod
web-2 in StatefulSet web successful".

Deliberate differences: no expectations cache; an existing pod whose identity labels were
changed by hand is not repaired; ``spec.ordinals.start`` is honoured but not validated.

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); ctl = StatefulSetController(api).start()
>>> _ = api.create({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"}, "spec": {
...     "replicas": 2, "serviceName": "nginx", "podManagementPolicy": "Parallel",
...     "selector": {"matchLabels": {"app": "nginx"}}, "template": {"metadata": {"labels": {"app": "nginx"}},
...     "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}})
>>> api.sim.run(seconds=1)
>>> [(p["metadata"]["name"], p["spec"]["hostname"], p["spec"]["subdomain"]) for p in api.list("pods")["items"]]
[('web-0', 'web-0', 'nginx'), ('web-1', 'web-1', 'nginx')]
"""

from __future__ import annotations

import re

from ..api.labels import selector_from_label_selector
from ..api.objects import copy_json, dig
from ..errors import APIError
from . import history, util
from .runtime import Controller, Result


COMPONENT = "statefulset-controller"
USER = "system:serviceaccount:kube-system:statefulset-controller"
POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"


def ordinal_of(sts_name: str, pod: dict) -> int | None:
    """The ordinal of ``<sts>-<n>``, or None for a pod that is not a member."""
    m = re.fullmatch(rf"{re.escape(sts_name)}-(\d+)", dig(pod, "metadata", "name", default=""))
    return int(m.group(1)) if m else None


def claim_name(template: dict, sts_name: str, ordinal: int) -> str:
    return f"{dig(template, 'metadata', 'name', default='')}-{sts_name}-{ordinal}"


class StatefulSetController(Controller):
    resource, kind, component = "statefulsets", "StatefulSet", COMPONENT
    owns = adopts = ("pods",)

    def __init__(self, server):
        super().__init__(server)
        self._refused = 0                # creates and deletes the API server refused this pass

    def selects(self, owner: dict, obj: dict) -> bool:
        """Only pods named like a member (``<sts>-<ordinal>``) are adopted."""
        return super().selects(owner, obj) and ordinal_of(owner["metadata"]["name"], obj) is not None

    # ------------------------------------------------------------------ reconcile
    def _pods(self, sts: dict) -> dict[int, dict]:
        name, ns = sts["metadata"]["name"], sts["metadata"].get("namespace", "")
        selector = selector_from_label_selector(dig(sts, "spec", "selector"))
        candidates = self.server.store.list("pods", ns, copy=False)
        owned = util.claim(self.server, sts, "pods", candidates,
                           lambda p: selector.matches(dig(p, "metadata", "labels", default={}))
                           and ordinal_of(name, p) is not None, USER)
        return {ordinal_of(name, p): p for p in owned}

    def _sync(self, sts: dict) -> Result | None:
        self._refused = 0
        spec = sts.get("spec") or {}
        revisions = history.owned_revisions(self.server, sts, USER)
        pods = self._pods(sts)
        if util.being_deleted(sts):
            return
        update, revisions = history.sync_revision(self.server, sts, revisions, USER)
        update_name = update["metadata"]["name"]
        current_name = dig(sts, "status", "currentRevision") or update_name
        current = next((r for r in revisions if r["metadata"]["name"] == current_name), update)
        start = int(dig(spec, "ordinals", "start", default=0) or 0)
        replicas = int(spec.get("replicas", 1))
        ordered = spec.get("podManagementPolicy", "OrderedReady") != "Parallel"
        rolling = dig(spec, "updateStrategy", "type", default="RollingUpdate") == "RollingUpdate"
        partition = int(dig(spec, "updateStrategy", "rollingUpdate", "partition", default=0) or 0) if rolling else 0
        requeue = None
        blocked = False
        for ordinal in range(start, start + replicas):
            pod = pods.get(ordinal)
            if pod is not None and dig(pod, "status", "phase") in ("Failed", "Succeeded") \
                    and not util.being_deleted(pod):
                self._delete_pod(sts, pod)
                pod = None
                if ordered:
                    blocked = True
                    break
            if pod is None:
                revision = current if rolling and ordinal < start + partition else update
                self._create_pod(sts, ordinal, revision)
                if ordered:
                    blocked = True
                    break
                continue
            if ordered and (util.being_deleted(pod) or not self._healthy(sts, pod)):
                requeue = self._availability_requeue(sts, pod)
                blocked = True
                break
        if not blocked:
            blocked = self._scale_down(sts, pods, start + replicas, start, ordered)
        if not blocked and rolling:
            self._roll(sts, pods, start, start + replicas, max(partition, 0) + start, update_name)
        self._update_status(sts, update_name, current_name, requeue)
        live = {dig(p, "metadata", "labels", history.HASH_LABEL) for p in self._pods(sts).values()}
        history.truncate(self.server, sts, revisions, live | {update_name, current_name}, USER)
        return Result(requeue=True) if self._refused else None      # upstream returns the pod errors

    def _healthy(self, sts: dict, pod: dict) -> bool:
        """Running and Ready — and available, with ``minReadySeconds``."""
        if dig(pod, "status", "phase") != "Running":
            return False
        since = util.available_at(pod, int(dig(sts, "spec", "minReadySeconds", default=0) or 0), self.server.sim.clock)
        return since is not None and since <= self.server.sim.now_ms

    def _availability_requeue(self, sts: dict, pod: dict) -> int | None:
        since = util.available_at(pod, int(dig(sts, "spec", "minReadySeconds", default=0) or 0), self.server.sim.clock)
        if since is not None and since > self.server.sim.now_ms:
            return since - self.server.sim.now_ms
        return None

    def _scale_down(self, sts: dict, pods: dict[int, dict], end: int, start: int, ordered: bool) -> bool:
        condemned = sorted((o for o in pods if o >= end or o < start), reverse=True)
        if not condemned:
            return False
        unhealthy = [o for o in pods if start <= o < end and not self._healthy(sts, pods[o])]
        for ordinal in condemned:
            pod = pods[ordinal]
            if util.being_deleted(pod):
                if ordered:
                    return True
                continue
            if ordered and unhealthy:
                return True
            self._delete_pod(sts, pod, scaled=True)
            if ordered:
                return True
        return False

    def _roll(self, sts: dict, pods: dict[int, dict], start: int, end: int, lowest: int, update_name: str) -> None:
        for ordinal in range(end - 1, lowest - 1, -1):
            pod = pods.get(ordinal)
            if pod is None or util.being_deleted(pod):
                return
            if dig(pod, "metadata", "labels", history.HASH_LABEL) != update_name:
                self._delete_pod(sts, pod)
                return
            if not self._healthy(sts, pod):
                return

    # ------------------------------------------------------------------ pods and claims
    def _create_pod(self, sts: dict, ordinal: int, revision: dict) -> None:
        md, spec = sts["metadata"], sts["spec"]
        ns, name = md.get("namespace", ""), f"{md['name']}-{ordinal}"
        template = history.template_of(revision)
        tmd = template.get("metadata") or {}
        labels = dict(tmd.get("labels") or {})
        labels.update({history.HASH_LABEL: revision["metadata"]["name"], POD_NAME_LABEL: name,
                       POD_INDEX_LABEL: str(ordinal)})
        pod_md = {"name": name, "namespace": ns, "labels": labels, "ownerReferences": [util.controller_ref(sts)]}
        if tmd.get("annotations"):
            pod_md["annotations"] = copy_json(tmd["annotations"])
        pod_spec = copy_json(template.get("spec") or {})
        pod_spec["hostname"] = name
        if spec.get("serviceName"):
            pod_spec["subdomain"] = spec["serviceName"]
        volumes = [v for v in pod_spec.get("volumes") or []
                   if v.get("name") not in {dig(t, "metadata", "name") for t in spec.get("volumeClaimTemplates") or []}]
        for tpl in spec.get("volumeClaimTemplates") or []:
            claim = claim_name(tpl, md["name"], ordinal)
            if not self._ensure_claim(sts, tpl, claim, name):
                return
            volumes.append({"name": dig(tpl, "metadata", "name"), "persistentVolumeClaim": {"claimName": claim}})
        if volumes:
            pod_spec["volumes"] = volumes
        try:
            self.server.create({"apiVersion": "v1", "kind": "Pod", "metadata": pod_md, "spec": pod_spec},
                               user=USER, trusted=True)
        except APIError as exc:
            self._refused += 1
            self.recorder.event(sts, "Warning", "FailedCreate",
                                f"create Pod {name} in StatefulSet {md['name']} failed error: {exc.message}", COMPONENT)
            return
        self.recorder.event(sts, "Normal", "SuccessfulCreate",
                            f"create Pod {name} in StatefulSet {md['name']} successful", COMPONENT)

    def _ensure_claim(self, sts: dict, tpl: dict, claim: str, pod_name: str) -> bool:
        md = sts["metadata"]
        ns = md.get("namespace", "")
        if self.server.peek("persistentvolumeclaims", claim, ns) is not None:
            return True
        labels = dict(dig(tpl, "metadata", "labels", default={}) or {})
        labels.update(dig(sts, "spec", "selector", "matchLabels", default={}) or {})
        body = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                "metadata": {"name": claim, "namespace": ns, "labels": labels},
                "spec": copy_json(tpl.get("spec") or {})}
        if dig(tpl, "metadata", "annotations"):
            body["metadata"]["annotations"] = copy_json(tpl["metadata"]["annotations"])
        if dig(sts, "spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted") == "Delete":
            ref = util.controller_ref(sts)
            ref.pop("controller")
            body["metadata"]["ownerReferences"] = [ref]
        try:
            self.server.create(body, user=USER, trusted=True)
        except APIError as exc:
            if exc.reason == "AlreadyExists":
                return True
            self._refused += 1
            self.recorder.event(sts, "Warning", "FailedCreate", f"create Claim {claim} for Pod {pod_name} in "
                                f"StatefulSet {md['name']} failed error: {exc.message}", COMPONENT)
            return False
        self.recorder.event(sts, "Normal", "SuccessfulCreate",
                            f"create Claim {claim} Pod {pod_name} in StatefulSet {md['name']} success", COMPONENT)
        return True

    def _delete_pod(self, sts: dict, pod: dict, scaled: bool = False) -> None:
        md, pmd = sts["metadata"], pod["metadata"]
        if scaled and dig(sts, "spec", "persistentVolumeClaimRetentionPolicy", "whenScaled") == "Delete":
            ordinal = ordinal_of(md["name"], pod)
            for tpl in dig(sts, "spec", "volumeClaimTemplates", default=[]) or []:
                claim = self.server.peek("persistentvolumeclaims", claim_name(tpl, md["name"], ordinal),
                                         pmd["namespace"])
                if claim is not None:
                    ref = {"apiVersion": "v1", "kind": "Pod", "name": pmd["name"], "uid": pmd["uid"]}
                    refs = [r for r in dig(claim, "metadata", "ownerReferences", default=[]) or []
                            if r.get("kind") != "Pod"] + [ref]
                    self.server.patch("persistentvolumeclaims", claim["metadata"]["name"], pmd["namespace"],
                                      {"metadata": {"ownerReferences": refs}}, "merge", user=USER)
        try:
            self.server.delete("pods", pmd["name"], pmd["namespace"], user=USER)
        except APIError as exc:
            if exc.reason != "NotFound":
                self._refused += 1
                self.recorder.event(sts, "Warning", "FailedDelete", f"delete Pod {pmd['name']} in StatefulSet "
                                    f"{md['name']} failed error: {exc.message}", COMPONENT)
            return
        self.recorder.event(sts, "Normal", "SuccessfulDelete",
                            f"delete Pod {pmd['name']} in StatefulSet {md['name']} successful", COMPONENT)

    # ------------------------------------------------------------------ status
    def _update_status(self, sts: dict, update_name: str, current_name: str, requeue: int | None) -> None:
        pods = [p for p in self._pods(sts).values() if not util.being_deleted(p)]
        min_ready = int(dig(sts, "spec", "minReadySeconds", default=0) or 0)
        clock, now = self.server.sim.clock, self.server.sim.now_ms
        ready = [p for p in pods if dig(p, "status", "phase") == "Running" and util.pod_ready(p)]
        available = 0
        for pod in ready:
            since = util.available_at(pod, min_ready, clock)
            if since is not None and since <= now:
                available += 1
            elif since is not None:
                requeue = min(requeue or since - now, since - now)
        revision = lambda p: dig(p, "metadata", "labels", history.HASH_LABEL)  # noqa: E731
        updated = sum(1 for p in pods if revision(p) == update_name)
        current = sum(1 for p in pods if revision(p) == current_name)
        status = copy_json(sts.get("status") or {})
        status.update(replicas=len(pods), readyReplicas=len(ready), availableReplicas=available,
                      currentReplicas=current, updatedReplicas=updated, currentRevision=current_name,
                      updateRevision=update_name, observedGeneration=dig(sts, "metadata", "generation", default=0))
        status.setdefault("collisionCount", 0)
        replicas = int(dig(sts, "spec", "replicas", default=1))
        if dig(sts, "spec", "updateStrategy", "type", default="RollingUpdate") == "RollingUpdate" \
                and updated == replicas and len(ready) == replicas and len(pods) == replicas:
            status.update(currentRevision=update_name, currentReplicas=updated)
        elif current_name != update_name and current == 0 and updated == len(pods) == replicas:
            status.update(currentRevision=update_name, currentReplicas=updated)
        for field in ("readyReplicas", "currentReplicas", "updatedReplicas"):
            if not status.get(field):
                status.pop(field, None)
        if status != (sts.get("status") or {}):
            self.server.update_status({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {
                "name": sts["metadata"]["name"], "namespace": sts["metadata"]["namespace"]}, "status": status},
                user=USER, resource="statefulsets")
        if requeue is not None:
            self.enqueue(sts, requeue)
