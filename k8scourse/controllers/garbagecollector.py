"""The garbage collector of kube-controller-manager: dependents follow their owners.

Models pkg/controller/garbagecollector. Objects name their owners in ``metadata.ownerReferences``
(a ReplicaSet names its Deployment, a pod its ReplicaSet). The collector keeps a graph of those
references from watch events (owner uid → dependents) and, level-triggered, looks at an object
whenever its references change, one of its owners disappears, or it is being deleted with one of
the two deletion finalizers the API server adds:

* **Background** (the default): the owner is removed at once; each dependent whose owners are all
  gone ("dangling" references: absent, or present under another uid) is then deleted — in turn
  with its own propagation, so a Deployment takes its ReplicaSets and they take their pods. A
  dependent that still has a live owner only loses the dangling references.
* **Foreground**: the owner stays, with ``deletionTimestamp`` and the ``foregroundDeletion``
  finalizer, while the collector deletes its dependents (those that have dependents themselves in
  the foreground too); once no dependent with ``blockOwnerDeletion: true`` is left, it removes the
  finalizer and the API server completes the owner's deletion.
* **Orphan**: the owner stays, with the ``orphan`` finalizer, until the collector has removed the
  references to it from every dependent; then it removes the finalizer. The dependents remain.

Deliberate differences: the graph is built from the store directly (no discovery, no periodic
resync); the ownership-cycle detection that un-blocks references is not modelled; unknown owner
kinds are treated as present (nothing is deleted on their account).

>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation()); gc = GarbageCollector(api).start()
>>> owner = api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "owner"}})
>>> _ = api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dep", "ownerReferences": [
...     {"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": owner["metadata"]["uid"]}]}})
>>> _ = api.delete("configmaps", "owner"); api.sim.run(seconds=1)
>>> api.peek("configmaps", "dep", "default") is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..api.objects import copy_json, dig
from ..errors import APIError
from .runtime import Controller

if TYPE_CHECKING:  # pragma: no cover
    from ..apiserver import APIServer

USER = "system:serviceaccount:kube-system:generic-garbage-collector"
COMPONENT = "garbage-collector"
ORPHAN, FOREGROUND = "orphan", "foregroundDeletion"


class GarbageCollector(Controller):
    component = COMPONENT

    def __init__(self, server: "APIServer"):
        super().__init__(server)
        self._infos: dict = {}                                   # group_resource -> KindInfo
        self._owners: dict[tuple, tuple] = {}                    # object key -> its owner references
        self._dependents: dict[str, set[tuple]] = {}             # owner uid -> keys of dependents
        self._keys: dict[str, tuple] = {}                        # uid -> object key
        # object key -> the ownerReferences list last observed for it (stored objects are never changed
        # in place: a write that keeps the very list, like a lease renewal, keeps the references)
        self._seen_refs: dict[tuple, object] = {}

    def handlers(self) -> list:
        """Every resource that can be deleted (the graph builder's monitors)."""
        out = []
        for info in self.server.registry:
            if info.kind in ("Event", "Binding") or "delete" not in info.verbs:
                continue
            self._infos[info.group_resource] = info
            out.append((info, self._on_event))
        return out

    # ------------------------------------------------------------------ the graph
    @staticmethod
    def _key_of(resource: str, obj: dict) -> tuple:
        md = obj.get("metadata") or {}
        return (resource, md.get("namespace", ""), md.get("name", ""))

    def _enqueue(self, key: tuple) -> None:
        self.queue.add("|".join(key))

    def _observe(self, resource: str, obj: dict) -> None:
        """Record an added or changed object; queue it when there is something to look at."""
        key = self._key_of(resource, obj)
        md = obj.get("metadata") or {}
        refs_list = md.get("ownerReferences")
        if refs_list is not None and self._seen_refs.get(key) is refs_list and self._keys.get(md.get("uid")) == key \
                and not md.get("deletionTimestamp"):
            return                  # the same references as last time, nothing to look at: as below
        if md.get("uid"):
            self._keys[md["uid"]] = key
        refs = tuple((r.get("uid", ""), bool(r.get("blockOwnerDeletion"))) for r in md.get("ownerReferences") or [])
        previous = self._owners.get(key)
        if refs_list is not None:
            self._seen_refs[key] = refs_list
        else:
            self._seen_refs.pop(key, None)
        if refs != previous:
            self._unlink(key)
            if refs:
                self._owners[key] = refs
                for uid, _ in refs:
                    self._dependents.setdefault(uid, set()).add(key)
                self._enqueue(key)
        if md.get("deletionTimestamp") and {ORPHAN, FOREGROUND} & set(md.get("finalizers") or []):
            self._enqueue(key)

    def _unlink(self, key: tuple) -> None:
        for uid, _ in self._owners.pop(key, ()):
            deps = self._dependents.get(uid)
            if deps is not None:
                deps.discard(key)
                if not deps:
                    del self._dependents[uid]

    def _on_event(self, event) -> None:
        if not self.running:
            return
        if event.type != "DELETED":
            self._observe(event.resource, event.object)
            return
        key = self._key_of(event.resource, event.object)
        uid = dig(event.object, "metadata", "uid", default="")
        owners = self._owners.get(key, ())
        self._seen_refs.pop(key, None)
        self._unlink(key)
        self._keys.pop(uid, None)
        for dep in sorted(self._dependents.get(uid, ())):          # their owner is gone
            self._enqueue(dep)
        for owner_uid, _ in owners:                                 # an owner may be waiting for us
            if owner_uid in self._keys:
                self._enqueue(self._keys[owner_uid])

    # ------------------------------------------------------------------ reconcile
    def reconcile(self, text: str) -> None:
        resource, ns, name = text.split("|", 2)
        info = self._infos.get(resource)
        obj = self.server.peek(info, name, ns) if info is not None else None
        if obj is None:
            return
        finalizers = dig(obj, "metadata", "finalizers", default=[])
        if dig(obj, "metadata", "deletionTimestamp"):
            if ORPHAN in finalizers:
                self._orphan_dependents(info, obj)
            elif FOREGROUND in finalizers:
                self._delete_dependents(info, obj)
            return
        if dig(obj, "metadata", "ownerReferences"):
            self._attempt_to_delete(info, obj)

    def _dependents_of(self, obj: dict) -> list[dict]:
        out = []
        for resource, ns, name in sorted(self._dependents.get(dig(obj, "metadata", "uid", default=""), ())):
            dep = self.server.peek(self._infos[resource], name, ns)
            if dep is not None:
                out.append((resource, dep))
        return out

    def _owner_state(self, ref: dict, namespace: str) -> str:
        """``solid``, ``dangling`` (absent or another uid) or ``waiting`` (deleting in the foreground)."""
        info = self.server.registry.for_kind(ref.get("apiVersion", ""), ref.get("kind", ""))
        if info is None:
            return "solid"
        owner = self.server.peek(info, ref.get("name", ""), namespace if info.namespaced else "")
        if owner is None or dig(owner, "metadata", "uid") != ref.get("uid"):
            return "dangling"
        if dig(owner, "metadata", "deletionTimestamp") and FOREGROUND in dig(owner, "metadata", "finalizers",
                                                                             default=[]):
            return "waiting"
        return "solid"

    def _attempt_to_delete(self, info, obj: dict) -> None:
        md = obj["metadata"]
        refs = md.get("ownerReferences") or []
        states = [self._owner_state(r, md.get("namespace", "")) for r in refs]
        if "solid" in states:
            keep = [r for r, s in zip(refs, states) if s == "solid"]
            if len(keep) != len(refs):
                self._patch_refs(info, obj, keep)
            return
        finalizers = md.get("finalizers") or []
        if "waiting" in states and self._dependents.get(md.get("uid", "")):
            policy = "Foreground"
        elif ORPHAN in finalizers:
            policy = "Orphan"
        elif FOREGROUND in finalizers:
            policy = "Foreground"
        else:
            policy = "Background"
        self._delete(info, obj, policy)

    def _delete_dependents(self, info, owner: dict) -> None:
        uid = owner["metadata"]["uid"]
        blocking = 0
        for resource, dep in self._dependents_of(owner):
            if any(r.get("uid") == uid and r.get("blockOwnerDeletion")
                   for r in dig(dep, "metadata", "ownerReferences", default=[])):
                blocking += 1
            if not dig(dep, "metadata", "deletionTimestamp"):
                self._attempt_to_delete(self._infos[resource], dep)
        if not blocking:
            self._remove_finalizer(info, owner, FOREGROUND)

    def _orphan_dependents(self, info, owner: dict) -> None:
        uid = owner["metadata"]["uid"]
        for resource, dep in self._dependents_of(owner):
            refs = [r for r in dig(dep, "metadata", "ownerReferences", default=[]) if r.get("uid") != uid]
            self._patch_refs(self._infos[resource], dep, refs)
        self._remove_finalizer(info, owner, ORPHAN)

    # ------------------------------------------------------------------ writes
    def _patch_refs(self, info, obj: dict, refs: list[dict]) -> None:
        md = obj["metadata"]
        try:
            self.server.patch(info, md["name"], md.get("namespace", ""),
                              {"metadata": {"ownerReferences": refs or None}}, "merge", user=USER)
        except APIError as exc:
            if exc.reason != "NotFound":
                raise

    def _delete(self, info, obj: dict, policy: str) -> None:
        md = obj["metadata"]
        try:
            self.server.delete(info, md["name"], md.get("namespace", ""), propagation=policy, user=USER)
        except APIError as exc:
            if exc.reason != "NotFound":
                raise
        self.server.sim.record("kube-controller-manager", "gc", f"{info.plural}/{md.get('name', '')}",
                               f"{COMPONENT}: deleted ({policy.lower()})")

    def _remove_finalizer(self, info, obj: dict, finalizer: str) -> None:
        current = self.server.peek(info, obj["metadata"]["name"], obj["metadata"].get("namespace", ""))
        if current is None or finalizer not in dig(current, "metadata", "finalizers", default=[]):
            return
        body = copy_json(current)
        body["metadata"]["finalizers"] = [f for f in body["metadata"]["finalizers"] if f != finalizer]
        if not body["metadata"]["finalizers"]:
            del body["metadata"]["finalizers"]
        self.server.update(body, user=USER, trusted=True, resource=info)
