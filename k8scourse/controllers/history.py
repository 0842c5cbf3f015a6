"""ControllerRevisions: the template history of DaemonSets and StatefulSets.

A neutral helper module (no controller imports another through it), modelling
``pkg/controller/history`` and the ``getPatch``/``Match`` parts of the DaemonSet and StatefulSet
controllers. A revision is an ``apps/v1`` ``ControllerRevision`` owned (controller reference) by
its DaemonSet or StatefulSet, holding in ``data`` the patch that restores its pod template
(``{"spec": {"template": {..., "$patch": "replace"}}}``) and a ``revision`` number; its name is
``<owner>-<hash>`` and it carries the ``controller-revision-hash`` label. Pods carry the same label
so each controller can tell an updated pod from an old one. When the owner's template goes back
to an older one (``kubectl rollout undo``), the matching revision is re-used and gets the next
number, as upstream.

The hash is :func:`k8scourse.api.hashing.object_hash` of the revision's data.

>>> t = {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "x", "image": "nginx"}]}}
>>> revision_hash(revision_data(t))
'7d5d65789b'
>>> template_of({"data": revision_data(t)}) == t
True
"""

from __future__ import annotations


from ..api.hashing import object_hash
from ..api.labels import selector_from_label_selector
from ..api.objects import copy_json, dig
from ..errors import APIError
from . import util

HASH_LABEL = "controller-revision-hash"


def revision_data(template: dict) -> dict:
    """The revision's ``data``: the patch that puts ``template`` back (``$patch: replace``)."""
    return {"spec": {"template": {**copy_json(template or {}), "$patch": "replace"}}}


def template_of(revision: dict) -> dict:
    """The pod template a revision holds."""
    template = copy_json(dig(revision, "data", "spec", "template", default={}))
    template.pop("$patch", None)
    return template


def revision_hash(data: dict, collision_count: int = 0) -> str:
    """The ``controller-revision-hash`` of a revision's data (:func:`k8scourse.api.hashing.object_hash`)."""
    return object_hash(data, collision_count)


def owned_revisions(server, owner: dict, user: str) -> list[dict]:
    """The owner's ControllerRevisions (adopting matching orphans), oldest revision first."""
    ns = dig(owner, "metadata", "namespace", default="")
    selector = selector_from_label_selector(dig(owner, "spec", "selector"))
    candidates = server.store.list(server.info("controllerrevisions").group_resource, ns, copy=False)
    owned = util.claim(server, owner, "controllerrevisions", candidates,
                       lambda r: selector.matches(dig(r, "metadata", "labels", default={})), user)
    return sorted(owned, key=lambda r: (int(r.get("revision") or 0), r["metadata"]["name"]))


def sync_revision(server, owner: dict, revisions: list[dict], user: str) -> tuple[dict, list[dict]]:
    """(the revision of the owner's current template, all revisions) — creating or re-numbering it.

    An existing revision with equal data is the current one; if it is not the newest it gets the
    next revision number (a rollback). Otherwise a new revision ``<owner>-<hash>`` is created with
    the next number; a name taken by a different revision (a hash collision) bumps the owner's
    ``status.collisionCount`` and tries the next hash.
    """
    md = owner["metadata"]
    data = revision_data(dig(owner, "spec", "template", default={}))
    top = max([int(r.get("revision") or 0) for r in revisions] or [0])
    equal = [r for r in revisions if r.get("data") == data]
    if equal:
        current = equal[-1]
        if int(current.get("revision") or 0) < top:
            body = copy_json(current)
            body["revision"] = top + 1
            current = server.update(body, user=user, trusted=True)
            revisions = [current if r["metadata"]["uid"] == current["metadata"]["uid"] else r for r in revisions]
        return current, sorted(revisions, key=lambda r: int(r.get("revision") or 0))
    collisions = int(dig(owner, "status", "collisionCount", default=0) or 0)
    while True:
        hash_ = revision_hash(data, collisions)
        labels = dict(dig(owner, "spec", "template", "metadata", "labels", default={}) or {})
        labels[HASH_LABEL] = hash_
        body = {"apiVersion": "apps/v1", "kind": "ControllerRevision",
                "metadata": {"name": f"{md['name']}-{hash_}", "namespace": md.get("namespace", ""),
                             "labels": labels, "ownerReferences": [util.controller_ref(owner)]},
                "data": data, "revision": top + 1}
        if md.get("annotations"):               # the owner's annotations (change-cause) go along
            body["metadata"]["annotations"] = copy_json(md["annotations"])
        try:
            created = server.create(body, user=user, trusted=True)
        except APIError as exc:
            if exc.reason != "AlreadyExists":
                raise
            found = server.peek("controllerrevisions", body["metadata"]["name"], md.get("namespace", ""))
            if found is not None and found.get("data") == data and \
                    (util.controller_of(found) or {}).get("uid") == md.get("uid"):
                return found, revisions + [found]
            collisions += 1
            continue
        if collisions != int(dig(owner, "status", "collisionCount", default=0) or 0):
            owner.setdefault("status", {})["collisionCount"] = collisions
        return created, revisions + [created]


def truncate(server, owner: dict, revisions: list[dict], live: set[str], user: str) -> None:
    """Delete the oldest revisions no pod uses beyond ``spec.revisionHistoryLimit`` (default 10)."""
    limit = int(dig(owner, "spec", "revisionHistoryLimit", default=10) or 0)
    unused = [r for r in revisions if r["metadata"]["name"] not in live]
    for r in unused[:max(0, len(unused) - limit)]:
        try:
            server.delete("controllerrevisions", r["metadata"]["name"], r["metadata"]["namespace"], user=user)
        except APIError:
            pass
